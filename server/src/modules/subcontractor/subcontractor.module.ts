import type { PortalModule } from '../portal-module.js';
import { seedSubcontractorDemo } from './subcontractor.demo.js';
import { workOrdersIntegrationRoutes, workOrdersPortalRoutes } from './work-orders.routes.js';
import { workOrderExists } from './work-orders.service.js';

/** Subcontractor portal: work orders, work logs, findings, inspections, LOTO, permit-to-work, completion. */
export const subcontractorModule: PortalModule = {
  name: 'subcontractor',
  subjects: { 'work-order': workOrderExists },
  integrationRoutes: (define, { db }) => workOrdersIntegrationRoutes(define, db),
  portalRoutes: (define, { db }) => workOrdersPortalRoutes(define, db),
  seedDemo: seedSubcontractorDemo,
};
