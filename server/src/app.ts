import { randomUUID } from 'node:crypto';
import express, { Router, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { systemClock, type Clock } from './lib/clock.js';
import { loggedUrl } from './lib/logger.js';
import { jsonBody } from './lib/body.js';
import { errorHandler, notFoundHandler } from './lib/error-handler.js';
import { buildOpenApi } from './lib/openapi.js';
import {
  rawBody,
  RouteRegistry,
  type DefineIntegrationRoute,
  type DefinePortalRoute,
  type ErrorStatus,
  type GuardContract,
  type HeaderParameter,
  type IntegrationRouteSpec,
  type PortalRouteSpec,
  type RouteSpec,
} from './lib/route.js';
import { AccessService } from './modules/access/access.service.js';
import { accessIntegrationRoutes, accessPortalRoutes } from './modules/access/access.routes.js';
import { AccessLog } from './modules/access/audit.js';
import { idempotent, joinWriteTransaction } from './modules/access/idempotency.js';
import { integrationAuth, integrationCallerOf } from './modules/access/integration-auth.js';
import { DEFAULT_LIMITS, type AccessLimits } from './modules/access/policy.js';
import {
  checkOrigin,
  portalAccessOf,
  portalAuth,
  portalCors,
  refuseTokenInQuery,
  requireScope,
} from './modules/access/portal-auth.js';
import { FailedLookupLimiter, LinkRequestLimiter } from './modules/access/rate-limit.js';
import { SubjectRegistry } from './modules/access/subjects.js';
import { requireStepUp, stepUpPortalRoutes } from './modules/access/step-up.js';
import { appearanceRoutes } from './modules/appearance/appearance.routes.js';
import { AppearanceService } from './modules/appearance/appearance.service.js';
import { eventsRoutes } from './modules/events/events.routes.js';
import { hostedRoutes } from './modules/hosted/hosted.routes.js';
import { portalModules } from './modules/index.js';
import type { JobStreamSettings } from './modules/customer/job-stream.js';
import type { ModuleDeps } from './modules/portal-module.js';
import { MailOutbox } from './modules/mail/outbox.js';
import type { MailSettings } from './modules/mail/mail-worker.js';
import { Type } from '@sinclair/typebox';
import type { SubjectType } from '@amage/contracts';

export interface AppDeps {
  db: Knex;
  logger: Logger;
  publicUrl: string;
  /** What the date rules take as now; the real clock unless given (tests freeze it). */
  clock?: Clock;
  trustProxy?: boolean | number | string;
  limits?: Partial<AccessLimits>;
  /** Settings of the live job stream over the defaults. */
  jobStream?: Partial<JobStreamSettings>;
  /** E-mail (links, renewals, step-up codes); without it the main system delivers them from the events. */
  mail?: MailSettings;
}

export const PORTAL_BASE = '/api/portal/v1';
export const INTEGRATION_BASE = '/api/integration/v1';
const JSON_LIMIT = '256kb';

// ── What the guards below add to every route's contract (the OpenAPI document reads it) ─────────────

/** Statuses every route of both APIs can answer: 503 with `Retry-After` while the database is away. */
const EVERY_ROUTE: ErrorStatus[] = [503];

/** Validation of the URL (400), and of a body: invalid JSON or fields (400), too large (413), not UTF-8 JSON (415). */
const inputErrors = (spec: RouteSpec): ErrorStatus[] => [
  ...(spec.params || spec.query ? [400 as const] : []),
  ...(spec.body ? [400 as const, 413 as const, 415 as const] : []),
  ...(spec.rawBody ? [413 as const] : []),
];

const IDEMPOTENCY_KEY: HeaderParameter = {
  name: 'Idempotency-Key',
  required: true,
  description:
    'Any 8 to 200 visible ASCII characters, new for each submit and the same for its retries: a retry with the same key and body gets the first answer again (`Idempotent-Replayed: true`) instead of doing the work twice.',
  schema: Type.String({ minLength: 8, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' }),
};

const STEP_UP_CODE: HeaderParameter = {
  name: 'X-Step-Up-Code',
  required: false,
  description:
    "The 6-digit code `POST /step-up` sent to the link's recipient; needed when the link lists this action in `stepUp` (403 `step_up.required` otherwise).",
  schema: Type.String({ pattern: '^[0-9]{6}$' }),
};

/** A key in the query string (400), the integration key (401, and 429 for an address that failed too often), input validation. */
const integrationContract = (spec: IntegrationRouteSpec): GuardContract => ({
  errors: [...EVERY_ROUTE, 400, 401, 429, ...inputErrors(spec)],
});

/** The portal guards of `portalGuards`: token, origin and scope, idempotency, step-up. */
const portalContract = (spec: PortalRouteSpec): GuardContract => {
  const write = spec.method !== 'get';
  const replay = write && (spec.portal.idempotency ?? 'replay') === 'replay';
  return {
    // 400: a token in the query string; 401: the token; 403: origin, action, subject, session, step-up;
    // 429: an address that failed too often; 409/422: the same key still running / used for another body.
    errors: [...EVERY_ROUTE, 400, 401, 403, 429, ...inputErrors(spec), ...(replay ? [409 as const, 422 as const] : [])],
    headers: [...(write ? [IDEMPOTENCY_KEY] : []), ...(spec.portal.stepUp ? [STEP_UP_CODE] : [])],
    successHeaders: replay ? ['Idempotent-Replayed'] : [],
  };
};

/** API answers are personal (a token's view of its record): no cache, shared or private, keeps them. */
const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/** Builds the whole HTTP app without listening, so tests run it on port 0. */
export function createApp(deps: AppDeps): {
  app: Express;
  registry: RouteRegistry;
  moduleDeps: ModuleDeps;
  close(): Promise<void>;
} {
  const { db, logger } = deps;
  const limits: AccessLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const registry = new RouteRegistry();
  const subjects = new SubjectRegistry();
  for (const module of portalModules) {
    for (const [type, kind] of Object.entries(module.subjects)) subjects.register(type as SubjectType, kind);
  }
  const outbox = deps.mail ? new MailOutbox(deps.mail.box) : undefined;
  const appearance = new AppearanceService(db);
  const access = new AccessService(db, subjects, limits, deps.publicUrl, outbox, appearance);
  const closers: Array<() => Promise<void>> = [];
  const moduleDeps: ModuleDeps = {
    // A replayed write runs in one transaction with its idempotency record (idempotency.ts).
    db: joinWriteTransaction(db),
    logger,
    access,
    publicUrl: deps.publicUrl,
    clock: deps.clock ?? systemClock,
    subjects,
    onClose: (fn) => void closers.push(fn),
    jobStream: deps.jobStream,
  };
  const lookups = new FailedLookupLimiter(db, limits.failedLookups);
  const linkRequests = new LinkRequestLimiter(db, limits.linkRequests);
  // Per person: a session's requests count for that session (a shared intake link serves many people at
  // once); what the link token itself does, and session refreshes, count for the link.
  const spendLinkBudget: RequestHandler = async (req, _res, next) => {
    const access = portalAccessOf(req);
    if (!access.session || req.path.endsWith('/sessions/refresh')) await linkRequests.spend(access.link.id);
    if (access.session) await linkRequests.spend(`session:${access.session.id}`);
    next();
  };

  const app = express();
  app.disable('x-powered-by');
  // No automatic weak ETags on JSON answers (nor 304s from them): the only ETag is a file's SHA-256,
  // as the OpenAPI document says.
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(
    pinoHttp({
      logger,
      genReqId: (_req, res) => {
        const id = randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      serializers: {
        req: (req: {
          id: unknown;
          method: string;
          url: string;
          remoteAddress?: string;
          headers: Record<string, string | undefined>;
        }) => ({
          id: req.id,
          method: req.method,
          url: loggedUrl(req.url),
          remoteAddress: req.remoteAddress,
          origin: req.headers.origin,
          userAgent: req.headers['user-agent'],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(helmet({ contentSecurityPolicy: false, crossOriginResourcePolicy: false }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await db.raw('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });
  app.get('/api/openapi.json', (_req, res) => {
    res.json(buildOpenApi(registry.routes, deps.publicUrl));
  });

  const json = jsonBody(JSON_LIMIT);

  const integration = Router();
  integration.use(noStore, refuseTokenInQuery, json, integrationAuth(db, lookups));
  const defineIntegration: DefineIntegrationRoute = registry.router('integration', INTEGRATION_BASE, integration, {
    guards: (spec: IntegrationRouteSpec) => (spec.rawBody ? [rawBody(spec.rawBody)] : []),
    contract: integrationContract,
    context: (req) => ({ integrationKey: integrationCallerOf(req) }),
  });
  accessIntegrationRoutes(defineIntegration, access, db);
  eventsRoutes(defineIntegration, db);
  appearanceRoutes(defineIntegration, appearance);
  for (const module of portalModules) module.integrationRoutes(defineIntegration, moduleDeps);
  app.use(INTEGRATION_BASE, integration);

  const portal = Router();
  const accessLog = new AccessLog(db, logger);
  portal.use(noStore, portalCors(new URL(deps.publicUrl).origin), refuseTokenInQuery, accessLog.middleware(), json);
  const replay = idempotent(db);
  const portalGuards = (spec: PortalRouteSpec) => {
    const scope = spec.portal;
    const write = spec.method !== 'get';
    const replayable = write && (scope.idempotency ?? 'replay') === 'replay';
    return [
      portalAuth(access, lookups, {
        allowExpired: scope.allowExpired,
        acceptsUsedUpLink: scope.acceptsUsedUpLink,
        acceptsExpiredSession: scope.acceptsExpiredSession,
      }),
      spendLinkBudget,
      checkOrigin,
      requireScope(scope, write && !scope.acceptsLinkToken),
      ...(spec.rawBody ? [rawBody(spec.rawBody)] : []),
      ...(replayable ? [replay.replay] : []),
      ...(scope.stepUp ? [requireStepUp(db, scope)] : []),
      // Last: from here the write holds its transaction (and a pooled connection) until it answers.
      ...(replayable ? [replay.claim] : []),
    ];
  };
  const definePortal: DefinePortalRoute = registry.router('portal', PORTAL_BASE, portal, {
    guards: portalGuards,
    contract: portalContract,
    context: (req) => ({ portal: portalAccessOf(req) }),
  });
  accessPortalRoutes(definePortal, access, lookups);
  stepUpPortalRoutes(definePortal, db, outbox);
  for (const module of portalModules) module.portalRoutes(definePortal, moduleDeps);
  app.use(PORTAL_BASE, portal);

  app.use(hostedRoutes(appearance));
  app.use(notFoundHandler);
  app.use(errorHandler);
  /**
   * Ends what modules hold open (live streams and their listening connection), then writes what is
   * still buffered. Call it before closing the server (open streams would keep it waiting) and again
   * after, so the last requests' access log rows are written; call it before closing the database.
   */
  const close = async () => {
    await Promise.all(closers.splice(0).map((fn) => fn()));
    await accessLog.flush();
  };
  return { app, registry, moduleDeps, close };
}
