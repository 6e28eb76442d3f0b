import type { PortalModule } from '../portal-module.js';
import { attachmentsIntegrationRoutes, attachmentsPortalRoutes } from './attachments.routes.js';

/** Files shared by every portal: uploads, downloads, and references from submits (`claimAttachments`). */
export const attachmentsModule: PortalModule = {
  name: 'attachments',
  subjects: {},
  integrationRoutes: (define, { db, subjects }) => attachmentsIntegrationRoutes(define, db, subjects),
  portalRoutes: (define, { db, subjects, clock }) => attachmentsPortalRoutes(define, db, subjects, clock),
};
