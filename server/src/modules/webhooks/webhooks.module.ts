import type { PortalModule } from '../portal-module.js';
import { webhooksRoutes } from './webhooks.routes.js';

/**
 * Signed webhooks (Standard Webhooks) of the event feed: integration routes only. The delivery worker
 * (`webhook-worker.ts`) is started by `main.ts`, not here, so test apps run without one unless they start it.
 */
export const webhooksModule: PortalModule = {
  name: 'webhooks',
  subjects: {},
  integrationRoutes: (define, { db }) => webhooksRoutes(define, db),
  portalRoutes: () => {},
};
