import { Type } from '@sinclair/typebox';
import { Router } from 'express';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { RefParams } from '@amage/contracts';
import {
  RouteRegistry,
  type DefineIntegrationRoute,
  type DefinePortalRoute,
  type IntegrationCaller,
} from '../../src/lib/route.js';
import type { PortalAccess } from '../../src/modules/access/portal-access.js';

// The typed route core: `npm run typecheck` checks the expectations below, the test run checks the registry.
const Body = Type.Object({ note: Type.String(), count: Type.Optional(Type.Integer()) });
const Query = Type.Object({ limit: Type.Optional(Type.Integer()) });

describe('define', () => {
  it('when a route is declared, then its handler is typed from the schemas and the API context', () => {
    const registry = new RouteRegistry();
    const portal: DefinePortalRoute = registry.router('portal', '/p', Router(), {
      context: () => ({ portal: {} as PortalAccess }),
    });
    const integration: DefineIntegrationRoute = registry.router('integration', '/i', Router(), {
      context: () => ({ integrationKey: { id: 'k', name: 'key' } }),
    });

    portal(
      {
        method: 'post',
        path: '/things/:ref',
        operationId: 'portalPostThing',
        summary: 'typed',
        params: RefParams,
        query: Query,
        body: Body,
        portal: { action: 'job:read' },
        responses: { 201: { schema: Body, headers: ['Location'] }, 202: Query },
      },
      (req, res) => {
        expectTypeOf(req.params.ref).toEqualTypeOf<string>();
        expectTypeOf(req.query.limit).toEqualTypeOf<number | undefined>();
        expectTypeOf(req.body).toEqualTypeOf<{ note: string; count?: number }>();
        expectTypeOf(req.portal).toEqualTypeOf<PortalAccess>();
        // @ts-expect-error: RefParams has no `id`
        void req.params.id;
        // The answer is one of the declared bodies, nothing else.
        res.status(201).json({ note: 'n' });
        res.status(202).json({ limit: 1 });
        // @ts-expect-error: no declared answer has `other`
        res.status(201).json({ other: true });
      },
    );
    portal(
      {
        method: 'post',
        path: '/files',
        operationId: 'portalPostFile',
        summary: 'raw',
        rawBody: { limit: 10 },
        portal: {},
        responses: { 204: null },
      },
      (req, res) => {
        expectTypeOf(req.body).toEqualTypeOf<Buffer>();
        // @ts-expect-error: a route without a JSON answer sends none
        res.json({ note: 'n' });
      },
    );
    // A portal route must declare its scope: the compiler says so, and so does `define` at run time.
    expect(() =>
      // @ts-expect-error: no `portal` scope
      portal({ method: 'get', path: '/open', operationId: 'open', summary: 'no scope', responses: {} }, () => {}),
    ).toThrow(/declares no scope/);

    integration(
      { method: 'get', path: '/things/:ref', operationId: 'getThing', summary: 'x', params: RefParams, responses: {} },
      (req) => {
        expectTypeOf(req.integrationKey).toEqualTypeOf<IntegrationCaller>();
        // @ts-expect-error: integration handlers have no portal access
        void req.portal;
      },
    );
    // operationIds name the calls of generated clients: one per operation.
    expect(() =>
      integration({ method: 'get', path: '/again', operationId: 'getThing', summary: 'x', responses: {} }, () => {}),
    ).toThrow(/declared twice/);

    expect(registry.routes.map((r) => `${r.api} ${r.method} ${r.path}`)).toEqual([
      'portal post /things/:ref',
      'portal post /files',
      'integration get /things/:ref',
    ]);
  });
});
