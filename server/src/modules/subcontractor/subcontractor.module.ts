import type { PortalModule } from '../portal-module.js';
import { seedSubcontractorDemo } from './subcontractor.demo.js';
import { workOrdersIntegrationRoutes, workOrdersPortalRoutes } from './work-orders.routes.js';
import { lockForWrite, workOrderExists } from './work-orders.service.js';

const shorten = (text: string) => (text.length > 160 ? `${text.slice(0, 159)}…` : text);

/** Subcontractor portal: work orders, work logs, findings, inspections, LOTO, permit-to-work, completion. */
export const subcontractorModule: PortalModule = {
  name: 'subcontractor',
  subjects: {
    // Files only while the work order takes writes (not completed or cancelled, within the link's window).
    'work-order': {
      exists: workOrderExists,
      describe: async (db, ref) => {
        const row = await db('work_orders').where({ ref }).first('number', 'document');
        return row && { number: row.number, title: shorten(row.document.description) };
      },
      assertUploadAllowed: async (trx, access, now) => void (await lockForWrite(trx, access, access.subject.ref, now)),
    },
  },
  integrationRoutes: (define, { db }) => workOrdersIntegrationRoutes(define, db),
  portalRoutes: (define, { db, clock }) => workOrdersPortalRoutes(define, db, clock),
  seedDemo: seedSubcontractorDemo,
};
