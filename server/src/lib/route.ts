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

/** Response headers the API documents (`components.headers` of the OpenAPI document). */
export type ResponseHeader = 'Location' | 'ETag' | 'Content-Disposition' | 'Idempotent-Replayed' | 'Retry-After';

/** Error statuses answered with problem+json (RFC 9457); each is a `components.responses` entry. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503;

/** A success answer in more detail than its JSON schema. */
export interface ResponseSpec {
  description?: string;
  /** The JSON body. */
  schema?: TSchema;
  /** Headers this answer carries (beside those the API's guards add, such as `Idempotent-Replayed`). */
  headers?: readonly ResponseHeader[];
  /** The body is a stored file: its bytes, in its own media type. */
  file?: true;
  /** A Server-Sent Events stream: each event name with the schema of its (JSON) `data`. */
  events?: Readonly<Record<string, TSchema>>;
}

/** A success answer: its JSON schema, `null` for no body, or a `ResponseSpec`. */
export type ResponseDeclaration = TSchema | null | ResponseSpec;

export interface RouteSpec {
  method: Method;
  /** Express path relative to the API base, e.g. `/jobs/:ref`. */
  path: string;
  /** Unique across both APIs; what generated clients name the call. Portal operations start with `portal`. */
  operationId: string;
  summary: string;
  /** Longer prose for the OpenAPI document. */
  description?: string;
  tags?: string[];
  params?: TSchema;
  query?: TSchema;
  /** Request headers the handler reads (names in lower case), for the document; the handler checks them. */
  headers?: TSchema;
  body?: TSchema;
  /** The body is the raw bytes (a file upload, any Content-Type), read after the scope check (see `rawBody`). */
  rawBody?: RawBodyOptions;
  /** Success answers by status. Their JSON schemas type `res.json()` in the handler. */
  responses: Record<number, ResponseDeclaration>;
  /**
   * Problems the route's own handler and services answer. Those of the API's guards (authentication,
   * validation, idempotency, step-up, …) are added by the API (`ApiOptions.contract`), declared once.
   */
  errors?: readonly ErrorStatus[];
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

type JsonBodyOf<R> = R extends TSchema ? Static<R> : R extends { schema: infer B extends TSchema } ? Static<B> : never;

/** What the handler may send with `res.json()`: the JSON body of one of its declared success answers. */
type ResponseBody<S extends RouteSpec> = {
  [K in keyof S['responses']]: JsonBodyOf<S['responses'][K]>;
}[keyof S['responses']];

type RouteHandler<S extends RouteSpec, Context> = (
  req: RouteRequest<S, Context>,
  res: Response<ResponseBody<S>>,
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

/** A request header the API's guards read (`Idempotency-Key`, `X-Step-Up-Code`). */
export interface HeaderParameter {
  name: string;
  required: boolean;
  description: string;
  schema: TSchema;
}

/** What an API's guards add to a route's contract, for the OpenAPI document. */
export interface GuardContract {
  /** Problems the guards answer (401 for a bad token, 400 for an invalid body, …). */
  errors?: readonly ErrorStatus[];
  /** Request headers the guards read. */
  headers?: readonly HeaderParameter[];
  /** Headers the guards add to every success answer (`Idempotent-Replayed`). */
  successHeaders?: readonly ResponseHeader[];
}

export interface RegisteredRoute extends RouteSpec {
  api: 'portal' | 'integration';
  basePath: string;
  /** The route's own `errors` and its guards', sorted. */
  errors: ErrorStatus[];
  /** The guards' part of the contract. */
  guardContract: Required<Omit<GuardContract, 'errors'>>;
}

interface ApiOptions<Spec extends RouteSpec, Context> {
  /** Middleware run before validation, per route (authentication, scope, idempotency, …). */
  guards?: (spec: Spec) => RequestHandler[];
  /** What those guards add to the route's contract; declared next to them, once for every route. */
  contract?: (spec: Spec) => GuardContract;
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
      if (this.routes.some((r) => r.operationId === spec.operationId))
        throw new Error(`operationId ${spec.operationId} is declared twice`);
      const contract = options.contract?.(spec) ?? {};
      const errors = [...new Set([...(contract.errors ?? []), ...(spec.errors ?? [])])].sort((x, y) => x - y);
      this.routes.push({
        ...spec,
        api,
        basePath,
        errors,
        guardContract: { headers: contract.headers ?? [], successHeaders: contract.successHeaders ?? [] },
      });
      // The one place a request becomes typed: validation has checked (and coerced) what the spec says,
      // and the guards have resolved the context.
      const typed: RequestHandler = (req, res, next) =>
        handler(
          Object.assign(req, options.context(req)) as unknown as RouteRequest<typeof spec, Context>,
          res as Response<ResponseBody<typeof spec>>,
          next,
        );
      router[spec.method](spec.path, ...(options.guards?.(spec) ?? []), validate(spec), typed);
    };
  }
}
