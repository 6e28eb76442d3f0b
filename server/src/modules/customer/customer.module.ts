import type { PortalModule } from '../portal-module.js';
import { seedCustomerDemo } from './customer.demo.js';
import { jobsIntegrationRoutes, jobsPortalRoutes } from './jobs.routes.js';
import { jobExists } from './jobs.service.js';

/** Customer portal: jobs and their progress (service requests come with the intake form). */
export const customerModule: PortalModule = {
  name: 'customer',
  subjects: { job: jobExists },
  integrationRoutes: (define, { db }) => jobsIntegrationRoutes(define, db),
  portalRoutes: (define, { db }) => jobsPortalRoutes(define, db),
  seedDemo: seedCustomerDemo,
};
