import type { PortalModule } from '../portal-module.js';
import { seedCustomerDemo } from './customer.demo.js';
import { customersIntegrationRoutes, customersPortalRoutes } from './customers.routes.js';
import { customerExists, validateCustomerConstraints } from './customers.service.js';
import { JobChangeHub } from './job-changes.js';
import { DEFAULT_JOB_STREAM_SETTINGS, JobStream } from './job-stream.js';
import { jobsIntegrationRoutes, jobsPortalRoutes } from './jobs.routes.js';
import { serviceRequestsIntegrationRoutes, serviceRequestsPortalRoutes } from './service-requests.routes.js';
import { getJob, jobExists } from './jobs.service.js';

/** Customer portal: the intake form (service requests) and jobs with their live progress. */
export const customerModule: PortalModule = {
  name: 'customer',
  subjects: {
    // A job link's decisions take no files. An intake link is shared by many people: each sees only its own link's files.
    job: {
      exists: jobExists,
      describe: async (db, ref) => {
        const row = await db('jobs').where({ ref }).first('number', 'document');
        return row && { number: row.number, title: row.document.title };
      },
    },
    customer: {
      exists: customerExists,
      describe: async (db, ref) => {
        const row = await db('customers').where({ ref }).first('name');
        return row && { number: row.name };
      },
      validateConstraints: validateCustomerConstraints,
      assertUploadAllowed: async () => {},
      filesPerLink: true,
    },
  },
  integrationRoutes: (define, { db, clock }) => {
    jobsIntegrationRoutes(define, db, clock);
    customersIntegrationRoutes(define, db);
    serviceRequestsIntegrationRoutes(define, db);
  },
  portalRoutes: (define, { db, logger, access, clock, onClose, jobStream }) => {
    const load = (ref: string) => getJob(db, ref);
    const hub = new JobChangeHub(db, logger, load);
    onClose?.(() => hub.close());
    const stream = new JobStream({
      settings: { ...DEFAULT_JOB_STREAM_SETTINGS, ...jobStream },
      hub,
      load,
      linkUsable: (linkId) => access.linkUsable(linkId),
    });
    jobsPortalRoutes(define, db, stream);
    customersPortalRoutes(define, db);
    serviceRequestsPortalRoutes(define, db, clock);
  },
  seedDemo: seedCustomerDemo,
};
