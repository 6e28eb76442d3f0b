// Puts the AMAGE elements into Vue's GlobalComponents.
import type {} from '@amage/widgets/vue';
