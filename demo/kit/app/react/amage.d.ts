// Puts the AMAGE elements into React's JSX.IntrinsicElements.
import type {} from '@amage/widgets/react';
