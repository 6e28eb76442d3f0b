import { attachmentsModule } from './attachments/attachments.module.js';
import { customerModule } from './customer/customer.module.js';
import type { PortalModule } from './portal-module.js';
import { subcontractorModule } from './subcontractor/subcontractor.module.js';
import { supplierModule } from './supplier/supplier.module.js';
import { webhooksModule } from './webhooks/webhooks.module.js';

/** Every portal module the app mounts, one line each. */
export const portalModules: PortalModule[] = [
  customerModule,
  attachmentsModule,
  supplierModule,
  subcontractorModule,
  webhooksModule,
];
