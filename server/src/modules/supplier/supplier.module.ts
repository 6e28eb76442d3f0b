import type { PortalModule } from '../portal-module.js';
import { complaintsIntegrationRoutes, complaintsPortalRoutes } from './complaints.routes.js';
import { assertComplaintTakesFiles, complaintExists } from './complaints.service.js';
import { deliveriesPortalRoutes } from './deliveries.routes.js';
import { purchaseOrdersIntegrationRoutes, purchaseOrdersPortalRoutes } from './purchase-orders.routes.js';
import { assertOrderTakesFiles, purchaseOrderExists } from './purchase-orders.service.js';
import { seedSupplierDemo } from './supplier.demo.js';

/** Supplier portal: purchase orders (date confirmation, delivery declarations) and complaints (8D stages). */
export const supplierModule: PortalModule = {
  name: 'supplier',
  subjects: {
    'purchase-order': {
      exists: purchaseOrderExists,
      assertUploadAllowed: assertOrderTakesFiles,
      describe: async (db, ref) => {
        const row = await db('purchase_orders').where({ ref }).first('number', 'document');
        const buyer = row?.document.buyer;
        return row && { number: row.number, ...(buyer ? { contact: { name: buyer.name, email: buyer.email } } : {}) };
      },
    },
    complaint: {
      exists: complaintExists,
      assertUploadAllowed: assertComplaintTakesFiles,
      describe: async (db, ref) => {
        const row = await db('complaints').where({ ref }).first('number');
        return row && { number: row.number };
      },
    },
  },
  integrationRoutes: (define, { db, clock }) => {
    purchaseOrdersIntegrationRoutes(define, db);
    complaintsIntegrationRoutes(define, db, clock);
  },
  portalRoutes: (define, { db, clock }) => {
    purchaseOrdersPortalRoutes(define, db, clock);
    deliveriesPortalRoutes(define, db, clock);
    complaintsPortalRoutes(define, db, clock);
  },
  seedDemo: seedSupplierDemo,
};
