import type { PortalAccess } from './modules/access/access.service.js';
import type { IntegrationKey } from './modules/access/integration-key.model.js';

declare global {
  namespace Express {
    interface Request {
      /** Set by the portal auth middleware: what the bearer token grants. */
      portal?: PortalAccess;
      /** Set by the integration auth middleware. */
      integrationKey?: IntegrationKey;
    }
  }
}
