import type { Request, RequestHandler } from 'express';
import { ProblemCode } from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import type { PortalScope } from '../../lib/route.js';
import { TokenLookupFailed, type AccessService, type ResolveOptions } from './access.service.js';
import type { PortalAccess } from './portal-access.js';
import type { FailedLookupLimiter } from './rate-limit.js';

/** What each portal request's token resolved to, set by `portalAuth` (no global augmentation of Request). */
const resolved = new WeakMap<Request, PortalAccess>();

/** The access `portalAuth` resolved for this request, if it got that far (the access log asks after the answer). */
export const findPortalAccess = (req: Request): PortalAccess | undefined => resolved.get(req);

/** The access `portalAuth` resolved; for guards and handlers that run after it. */
export function portalAccessOf(req: Request): PortalAccess {
  const access = resolved.get(req);
  if (!access) throw new Error(`${req.method} ${req.originalUrl}: no portal access resolved (portalAuth did not run)`);
  return access;
}

const QUERY_SECRET_NAMES = [
  'token',
  'access_token',
  'key',
  'session',
  'api_key',
  'apikey',
  'integration_key',
  'authorization',
];
const TOKEN_SHAPED = /amg[skc]?_|whsec_/;

/** Tokens and keys travel only in the Authorization header (both APIs): a URL ends up in logs, history and Referer. */
export const refuseTokenInQuery: RequestHandler = (req, _res, next) => {
  const query = req.originalUrl.split('?')[1] ?? '';
  const params = new URLSearchParams(query); // decodes leniently, never throws
  if (
    QUERY_SECRET_NAMES.some((name) => params.has(name)) ||
    TOKEN_SHAPED.test(query) ||
    TOKEN_SHAPED.test(params.toString())
  ) {
    throw new AppError(
      ProblemCode.tokenInQuery,
      400,
      'Tokens are accepted only in the Authorization header, never in the address.',
    );
  }
  next();
};

export function bearerToken(req: Request): string {
  const header = req.get('authorization');
  const match = header ? /^Bearer ([^\s]{1,200})$/.exec(header) : null;
  if (!match) throw new AppError(ProblemCode.tokenMissing, 401, 'This request needs the token from your link.');
  return match[1]!;
}

/**
 * Resolves the bearer token (`portalAccessOf(req)`, `req.portal` in handlers). Failed look-ups spend the client address's budget, and an
 * address over budget gets 429 for every failed look-up; a valid token is never what is being guessed
 * (256 bits), so it passes without a limiter round trip. `allowExpired` serves only the renewal route.
 */
export function portalAuth(
  access: AccessService,
  limiter: FailedLookupLimiter,
  options: ResolveOptions = {},
): RequestHandler {
  return async (req, res, next) => {
    res.locals.route = `${req.baseUrl}${req.route?.path ?? ''}`;
    try {
      resolved.set(req, await access.resolve(bearerToken(req), options));
    } catch (error) {
      // Unknown and missing tokens both spend the address's budget: neither is a working person.
      if (
        error instanceof TokenLookupFailed ||
        (error instanceof AppError && error.code === ProblemCode.tokenMissing)
      ) {
        await limiter.fail(req.ip ?? 'unknown');
      }
      throw error;
    }
    next();
  };
}

/** A write action is any action that is not a `…:read`. */
const isWriteAction = (action: string) => !action.endsWith(':read');

/** Checks the route's action and subject against the token: nothing outside them is reachable. */
export function requireScope(scope: PortalScope, sessionRequired: boolean): RequestHandler {
  return (req, res, next) => {
    const access = portalAccessOf(req);
    res.locals.action = scope.action ?? null;
    if (scope.action && !access.actions.includes(scope.action)) {
      throw new AppError(ProblemCode.actionNotGranted, 403, 'Your link does not allow this action.');
    }
    if (scope.anyWriteAction && !access.actions.some(isWriteAction)) {
      throw new AppError(ProblemCode.actionNotGranted, 403, 'Your link only allows reading.');
    }
    if (scope.subjectType && access.subject.type !== scope.subjectType) {
      throw new AppError(ProblemCode.subjectMismatch, 403, 'Your link is for something else.');
    }
    if (scope.subjectParam && req.params[scope.subjectParam] !== access.subject.ref) {
      throw new AppError(ProblemCode.subjectMismatch, 403, 'Your link is for something else.');
    }
    if (sessionRequired && access.tokenKind !== 'session') {
      throw new AppError(
        ProblemCode.sessionRequired,
        403,
        'Start a session with the link first (POST /api/portal/v1/sessions).',
      );
    }
    next();
  };
}

/**
 * CORS for the portal API. Preflights carry no token, so they are answered for any origin; the
 * real request is then refused (readably, with `origin.not_allowed`) unless its Origin is the hosted
 * page's or one the link allows.
 */
export function portalCors(publicOrigin: string): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin) {
      res.vary('Origin');
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Expose-Headers', 'Retry-After, Location, Content-Disposition, ETag');
    }
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE');
      res.set(
        'Access-Control-Allow-Headers',
        'Authorization, Content-Type, Idempotency-Key, X-Step-Up-Code, X-Filename, If-None-Match',
      );
      res.set('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    // The refusal keeps its CORS header: the page may read it (it holds no data of the subject, and
    // the page already holds the token), so the widget can say plainly that the link is not allowed
    // here instead of reporting a network failure.
    res.locals.checkOrigin = (allowed: string[]) => {
      if (!origin || origin === publicOrigin || allowed.includes('*') || allowed.includes(origin)) return;
      throw new AppError(ProblemCode.originNotAllowed, 403, 'This link may not be used from this website.');
    };
    next();
  };
}

/** After the token is known: the page's origin must be one the link allows. */
export const checkOrigin: RequestHandler = (req, res, next) => {
  res.locals.checkOrigin?.(portalAccessOf(req).link.allowedOrigins);
  next();
};
