import { customerModule } from './customer/customer.module.js';
import type { PortalModule } from './portal-module.js';
import { subcontractorModule } from './subcontractor/subcontractor.module.js';

/** Every portal module the app mounts, one line each. */
export const portalModules: PortalModule[] = [customerModule];
portalModules.push(subcontractorModule);
