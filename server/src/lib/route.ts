import type { RequestHandler, Router } from 'express';
import type { TSchema } from '@sinclair/typebox';
import type { Action, SubjectType } from '@amage/contracts';
import { validate } from './validate.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a portal route requires of the token. Every portal route declares one. */
export interface PortalScope {
  /** The action the token must grant; omitted only for routes any valid token may use. */
  action?: Action;
  subjectType?: SubjectType;
  /** The path parameter holding the subject's ref; it must be the token's own subject. */
  subjectParam?: string;
  /** Writes need a session token; only starting a session and asking for a new link take the link token. */
  acceptsLinkToken?: boolean;
  /** Only for asking for a new link: an expired link is accepted. */
  allowExpired?: boolean;
  /** `replay` (default for writes): a retry returns the first answer. `key-only`: a key is required, the route handles it. */
  idempotency?: 'replay' | 'key-only';
  /** A risky action: when the link lists `action` in its `stepUp`, the request needs `X-Step-Up-Code`. */
  stepUp?: boolean;
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
  /** Response schemas by status, for the OpenAPI document. */
  responses: Record<number, TSchema | null>;
  portal?: PortalScope;
}

export interface RegisteredRoute extends RouteSpec {
  api: 'portal' | 'integration';
  basePath: string;
}

/**
 * Every API route is declared through `defineRoute`, which wires validation and records the route,
 * so the OpenAPI document and the token-scope test table are built from the same list.
 */
export class RouteRegistry {
  readonly routes: RegisteredRoute[] = [];

  router(api: RegisteredRoute['api'], basePath: string, router: Router, guards: (spec: RouteSpec) => RequestHandler[] = () => []) {
    return (spec: RouteSpec, ...handlers: RequestHandler[]) => {
      if (api === 'portal' && !spec.portal) throw new Error(`portal route ${spec.method} ${spec.path} declares no scope`);
      this.routes.push({ ...spec, api, basePath });
      router[spec.method](spec.path, ...guards(spec), validate(spec), ...handlers);
    };
  }
}

export type DefineRoute = ReturnType<RouteRegistry['router']>;
