import type { PortalModule } from '../portal-module.js';
import { seedCustomerDemo } from './customer.demo.js';
import { customersIntegrationRoutes, customersPortalRoutes } from './customers.routes.js';
import { customerExists, validateCustomerConstraints } from './customers.service.js';
import { JobStreamHub } from './job-stream.js';
import { jobsIntegrationRoutes, jobsPortalRoutes } from './jobs.routes.js';
import { getJob, jobExists } from './jobs.service.js';

/** Customer portal: the intake form (service requests) and jobs with their live progress. */
export const customerModule: PortalModule = {
  name: 'customer',
  subjects: {
    // A job link's decisions take no files. An intake link is shared by many people: each sees only its own link's files.
    job: jobExists,
    customer: {
      exists: customerExists,
      validateConstraints: validateCustomerConstraints,
      assertUploadAllowed: async () => {},
      filesPerLink: true,
    },
  },
  integrationRoutes: (define, { db }) => {
    jobsIntegrationRoutes(define, db);
    customersIntegrationRoutes(define, db);
  },
  portalRoutes: (define, { db, logger, onClose }) => {
    const hub = new JobStreamHub(db, logger, (ref) => getJob(db, ref));
    onClose?.(() => hub.close());
    jobsPortalRoutes(define, db, hub);
    customersPortalRoutes(define, db);
  },
  seedDemo: seedCustomerDemo,
};
