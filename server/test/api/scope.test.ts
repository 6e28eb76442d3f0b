import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS_BY_SUBJECT, type Action, type Problem, type SubjectType } from '@amage/contracts';
import type { RegisteredRoute } from '../../src/lib/route.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { putWorkOrder } from '../helpers/work-orders.js';

/**
 * The IDOR table: every portal route in the registry is tried with tokens that must not reach it.
 * A new route is covered the moment it is registered; a new subject type needs a fixture here.
 */
const shareSubject: Record<SubjectType, ((t: TestApp, ref: string) => Promise<void>) | undefined> = {
  job: (t, ref) => t.putJob(ref),
  'purchase-order': async (t, ref) => {
    const res = await t.integration('PUT', `/purchase-orders/${ref}`, {
      number: ref,
      supplier: { ref: 'SUP-1' },
      lines: [{ lineNo: 1, itemCode: 'X', quantity: 1, unit: 'szt', requestedDate: '2099-01-01' }],
    });
    if (res.status >= 300) throw new Error(`PUT purchase order ${ref}: ${res.status}`);
  },
  complaint: async (t, ref) => {
    const res = await t.integration('PUT', `/complaints/${ref}`, {
      number: ref,
      supplier: { ref: 'SUP-1' },
      description: 'Defect',
      stages: [{ key: 'containment', dueAt: '2099-01-01T00:00:00Z' }],
    });
    if (res.status >= 300) throw new Error(`PUT complaint ${ref}: ${res.status}`);
  },
  'work-order': (t, ref) => putWorkOrder(t, ref),
  customer: async (t, ref) => {
    const res = await t.integration('PUT', `/customers/${ref}`, {
      name: ref,
      categories: [{ key: 'fault', name: 'Awaria' }],
    });
    if (res.status >= 300) throw new Error(`PUT customer ${ref}: ${res.status}`);
  },
};

let t: TestApp;
let routes: RegisteredRoute[];
beforeAll(async () => {
  // Every route is tried with a made-up token: more than the default failed look-up budget of one address.
  t = await startTestApp({ limits: { failedLookups: { points: 1000, durationSec: 600, blockSec: 900 } } });
  routes = t.registry.routes.filter((r) => r.api === 'portal');
});
afterAll(() => t.close());

function pathFor(route: RegisteredRoute, subjectRef: string) {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) =>
    name === route.portal?.subjectParam ? subjectRef : '00000000-0000-4000-8000-000000000000',
  );
}

async function tokenFor(type: SubjectType, ref: string, actions: readonly Action[]) {
  await shareSubject[type]!(t, ref);
  const link = await t.issueLink({ subject: { type, ref }, actions: [...actions] });
  return t.session(link);
}

/** Subject types a route serves: its own, or every one with a fixture for `anyWriteAction` routes (attachments). */
const typesFor = (route: RegisteredRoute): SubjectType[] =>
  route.portal!.subjectType
    ? [route.portal!.subjectType]
    : route.portal!.anyWriteAction
      ? (Object.keys(shareSubject) as SubjectType[]).filter((s) => shareSubject[s])
      : [];

async function call(route: RegisteredRoute, token: string, ref: string) {
  return t.portal(route.method.toUpperCase(), pathFor(route, ref), token, route.method === 'get' ? undefined : {}, {
    'idempotency-key': `scope-${Math.random().toString(36).slice(2)}`,
  });
}

describe('every portal route keeps to its token', () => {
  it('when routes are registered, then each declares its scope and there is a fixture for its subject type', () => {
    expect(routes.length).toBeGreaterThan(4);
    for (const route of routes) {
      if (route.portal!.subjectType)
        expect(shareSubject[route.portal!.subjectType], `fixture for ${route.portal!.subjectType}`).toBeDefined();
      if (route.portal!.subjectParam) expect(route.path).toContain(`:${route.portal!.subjectParam}`);
    }
  });

  it('when a token for subject B (all actions) is used on subject A, then every subject route answers 403', async () => {
    const scoped = routes.filter((r) => r.portal!.subjectParam);
    expect(scoped.length).toBeGreaterThan(0);
    for (const route of scoped) {
      const type = route.portal!.subjectType!;
      await shareSubject[type]!(t, `A-${type}`);
      const tokenB = await tokenFor(type, `B-${type}`, ACTIONS_BY_SUBJECT[type]);
      const res = await call(route, tokenB, `A-${type}`);
      expect(res.status, `${route.method} ${route.path}`).toBe(403);
      expect(((await res.json()) as Problem).code).toBe('token.subject_mismatch');
    }
  });

  it('when a route takes any write action and the token grants only reading, then 403 action_not_granted', async () => {
    const anyWrite = routes.filter((r) => r.portal!.anyWriteAction);
    expect(anyWrite.length).toBeGreaterThan(0);
    for (const route of anyWrite) {
      for (const type of typesFor(route)) {
        const readOnly = ACTIONS_BY_SUBJECT[type].filter((a) => a.endsWith(':read'));
        if (readOnly.length === 0) continue;
        const token = await tokenFor(type, `R-${type}`, readOnly);
        const res = await call(route, token, `R-${type}`);
        expect(res.status, `${route.method} ${route.path} with ${type}`).toBe(403);
        expect(((await res.json()) as Problem).code).toBe('token.action_not_granted');
      }
    }
  });

  it('when a token lacks the route action, then the route answers 403 action_not_granted', async () => {
    for (const route of routes.filter((r) => r.portal!.action)) {
      const type = route.portal!.subjectType!;
      const others = ACTIONS_BY_SUBJECT[type].filter((a) => a !== route.portal!.action);
      const token = await tokenFor(type, `C-${type}`, others);
      const res = await call(route, token, `C-${type}`);
      expect(res.status, `${route.method} ${route.path}`).toBe(403);
      expect(((await res.json()) as Problem).code).toBe('token.action_not_granted');
    }
  });

  it('when a token of another portal is used, then no route of this one answers with data', async () => {
    for (const route of routes.filter((r) => r.portal!.subjectType)) {
      const type = route.portal!.subjectType!;
      const other = (Object.keys(shareSubject) as SubjectType[]).find((s) => s !== type && shareSubject[s]);
      if (!other) continue;
      const token = await tokenFor(other, `D-${other}`, ACTIONS_BY_SUBJECT[other]);
      const res = await call(route, token, `D-${other}`);
      expect(res.status, `${route.method} ${route.path}`).toBe(403);
    }
  });

  it('when no token or a made-up one is sent, then every route answers 401', async () => {
    for (const route of routes) {
      const res = await call(route, `amgs_${'x'.repeat(43)}`, 'A-job');
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it('when a write is sent with the link token instead of a session, then it is refused (only session start and renewal take the link)', async () => {
    for (const route of routes.filter((r) => r.method !== 'get' && !r.portal!.acceptsLinkToken)) {
      for (const type of typesFor(route)) {
        await shareSubject[type]!(t, `E-${type}`);
        const link = await t.issueLink({ subject: { type, ref: `E-${type}` }, actions: [...ACTIONS_BY_SUBJECT[type]] });
        const res = await call(route, link.token, `E-${type}`);
        expect(res.status, `${route.method} ${route.path}`).toBe(403);
        expect(((await res.json()) as Problem).code).toBe('token.session_required');
      }
    }
  });
});
