import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { SubjectType } from '@amage/contracts';
import type { Clock } from '../lib/clock.js';
import type { DefineIntegrationRoute, DefinePortalRoute } from '../lib/route.js';
import type { AccessService } from './access/access.service.js';
import type { SubjectExists, SubjectKind, SubjectRegistry } from './access/subjects.js';
import type { JobStreamSettings } from './customer/job-stream.js';

export interface ModuleDeps {
  db: Knex;
  logger: Logger;
  access: AccessService;
  publicUrl: string;
  /** The time every date rule judges by (`lib/clock.ts`). */
  clock: Clock;
  /** Every shared subject kind, to check that a subject exists (e.g. before storing a file for it). */
  subjects: SubjectRegistry;
  /** Registers work for when the app closes (e.g. ending live streams and their listening connection). */
  onClose?: (fn: () => Promise<void>) => void;
  /** Settings of the live job stream over the defaults (tests shorten the heartbeat). */
  jobStream?: Partial<JobStreamSettings>;
}

/**
 * One portal's server side: the subjects it shares, what the main system calls (integration API)
 * and what a token holder calls (portal API). `app.ts` mounts every module listed in `modules/index.ts`.
 */
/** A ready link printed at start-up so a newcomer can try the portal. */
export interface DemoLink {
  portal: string;
  hosted: string;
  /** The same link on a demo host page of another origin. */
  demoPage?: string;
}

/** Demo links are e-mailed (to the demo mailbox) and renewed automatically when the demo sends mail. */
export const demoDelivery = (access: AccessService) =>
  access.sendsMail ? ({ delivery: 'email', renewal: 'automatic' } as const) : {};

export interface PortalModule {
  name: string;
  /** The subject kinds it shares: an existence check, or one with a check of its links' `constraints`. */
  subjects: Partial<Record<SubjectType, SubjectExists | SubjectKind>>;
  integrationRoutes(define: DefineIntegrationRoute, deps: ModuleDeps): void;
  portalRoutes(define: DefinePortalRoute, deps: ModuleDeps): void;
  /** Shares demo records and issues fresh links (only when the server runs with demo data). */
  seedDemo?(deps: ModuleDeps, demoOrigin: string): Promise<DemoLink[]>;
}
