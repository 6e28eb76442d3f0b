import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Static, TSchema } from '@sinclair/typebox';
import { ProblemCode, type Action, type ACTIONS_BY_SUBJECT, type SubjectType } from '@amage/contracts';
import type { PortalAccess } from '../modules/access/portal-access.js';
import { AppError } from './errors.js';
import { validate } from './validate.js';

export interface RawBodyOptions {
  /** Largest body in bytes; a larger one is refused with 413 before anything is stored. */
  limit: number;
  /** Problem code and detail for a body over the limit. */
  tooLarge?: { code: string; detail: string };
}

/**
 * Reads the whole body as a Buffer (`req.body`) whatever its Content-Type, up to `limit` bytes.
 * Compressed bodies are refused (their inflated size is what a limit must bound); a body already
 * parsed as JSON by the router is left as it is, and the handler refuses it.
 */
export function rawBody(options: RawBodyOptions): RequestHandler {
  const parse = express.raw({ type: () => true, limit: options.limit, inflate: false });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') {
        const { code, detail } = options.tooLarge ?? {
          code: ProblemCode.payloadTooLarge,
          detail: 'The request body is too large.',
        };
        next(new AppError(code, 413, detail));
        return;
      }
      next(error);
    });
  };
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a portal route requires of the token. Every portal route declares one. */
export interface PortalScope {
  /** The action the token must grant; omitted only for routes any valid token may use. */
  action?: Action;
  /**
   * For routes that serve every portal (attachment uploads): the token must grant at least one write
   * action (any action not ending in `:read`) on its subject, whatever the subject type.
   */
  anyWriteAction?: boolean;
  subjectType?: SubjectType;
  /** The path parameter holding the subject's ref; it must be the token's own subject. */
  subjectParam?: string;
  /** Writes need a session token; only starting a session and asking for a new link take the link token. */
  acceptsLinkToken?: boolean;
  /** Only for asking for a new link: an expired link is accepted. */
  allowExpired?: boolean;
  /** Only for starting a session: a used-up link is let through so a retry of the same start can be answered. */
  acceptsUsedUpLink?: boolean;
  /** Only for refreshing a session: a session expired within the refresh grace is accepted. */
  acceptsExpiredSession?: boolean;
  /** `replay` (default for writes): a retry returns the first answer. `key-only`: a key is required, the route handles it. */
  idempotency?: 'replay' | 'key-only';
  /** A risky action (or, as a function of the body, a risky kind of it): when the link lists `action` in its `stepUp`, the request needs `X-Step-Up-Code`. */
  stepUp?: boolean | ((body: unknown) => boolean);
}

/**
 * The scopes of one portal's routes on its subject (`:ref`): `portalScope('job')('job:read')`, with
 * anything else the route needs (`stepUp`, …) in `extra`.
 */
export function portalScope<S extends SubjectType>(subjectType: S) {
  return (
    action: (typeof ACTIONS_BY_SUBJECT)[S][number],
    extra?: Omit<PortalScope, 'action' | 'subjectType' | 'subjectParam'>,
  ): PortalScope => ({
    action,
    subjectType,
    subjectParam: 'ref',
    ...extra,
  });
}

export interface RouteSpec {
  method: Method;
  /** Express path relative to the API base, e.g. `/jobs/:ref`. */
  path: string;
  summary: string;
  tags?: string[];
  params?: TSchema;
  query?: TSchema;
  body?: TSchema;
  /** The body is the raw bytes (a file upload, any Content-Type), read after the scope check (see `rawBody`). */
  rawBody?: RawBodyOptions;
  /** Response schemas by status, for the OpenAPI document. */
  responses: Record<number, TSchema | null>;
  portal?: PortalScope;
}

/** A portal route: it must say what it requires of the token. */
export interface PortalRouteSpec extends RouteSpec {
  portal: PortalScope;
}

/** An integration route: the integration key grants everything, so there is no scope to declare. */
export interface IntegrationRouteSpec extends RouteSpec {
  portal?: never;
}

/** Who calls the integration API: the integration key that authenticated the request. */
export interface IntegrationCaller {
  id: string;
  name: string;
}

type Validated<S extends TSchema | undefined, Otherwise> = S extends TSchema ? Static<S> : Otherwise;

/**
 * The request a handler of `spec` receives, typed from the spec's schemas as validation left it
 * (Fastify's type providers, for Express): `params` and `query` coerced, `body` checked, or the raw
 * bytes of a `rawBody` route. `Context` is what the API's guards resolved (`portal`, `integrationKey`).
 */
type RouteRequest<S extends RouteSpec, Context = unknown> = Request<
  Validated<S['params'], Record<string, never>>,
  unknown,
  S['rawBody'] extends RawBodyOptions ? Buffer : Validated<S['body'], unknown>,
  Validated<S['query'], Record<string, never>>
> &
  Context;

type RouteHandler<S extends RouteSpec, Context> = (
  req: RouteRequest<S, Context>,
  res: Response,
  next: NextFunction,
) => unknown;

/** Declares one route of an API: `define(spec, handler)`, the handler typed from the spec. */
export type Define<Spec extends RouteSpec, Context> = <S extends Spec>(
  spec: S,
  handler: RouteHandler<S, Context>,
) => void;

/** Portal handlers get the resolved token as `req.portal`. */
export type DefinePortalRoute = Define<PortalRouteSpec, { readonly portal: PortalAccess }>;
/** Integration handlers get the calling key as `req.integrationKey`. */
export type DefineIntegrationRoute = Define<IntegrationRouteSpec, { readonly integrationKey: IntegrationCaller }>;

export interface RegisteredRoute extends RouteSpec {
  api: 'portal' | 'integration';
  basePath: string;
}

interface ApiOptions<Spec extends RouteSpec, Context> {
  /** Middleware run before validation, per route (authentication, scope, idempotency, …). */
  guards?: (spec: Spec) => RequestHandler[];
  /** What the guards resolved, handed to the handler on `req` (called after the guards). */
  context: (req: Request) => Context;
}

/**
 * Every API route is declared through a `define` of this registry, which wires the guards and
 * validation and records the route, so the OpenAPI document and the token-scope test table are built
 * from the same list.
 */
export class RouteRegistry {
  readonly routes: RegisteredRoute[] = [];

  router<Spec extends RouteSpec, Context extends object>(
    api: RegisteredRoute['api'],
    basePath: string,
    router: Router,
    options: ApiOptions<Spec, Context>,
  ): Define<Spec, Context> {
    return (spec, handler) => {
      if (api === 'portal' && !spec.portal)
        throw new Error(`portal route ${spec.method} ${spec.path} declares no scope`);
      this.routes.push({ ...spec, api, basePath });
      // The one place a request becomes typed: validation has checked (and coerced) what the spec says,
      // and the guards have resolved the context.
      const typed: RequestHandler = (req, res, next) =>
        handler(Object.assign(req, options.context(req)) as unknown as RouteRequest<typeof spec, Context>, res, next);
      router[spec.method](spec.path, ...(options.guards?.(spec) ?? []), validate(spec), typed);
    };
  }
}
