import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS_BY_SUBJECT, type SessionInfo, type SubjectType } from '@amage/contracts';
import type { RegisteredRoute as Route } from '../../src/lib/route.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { requestFor } from './schema-arbitrary.js';

/** Cases per route: 60 in `npm test` (the two APIs side by side, about 1.5 min on the shared machine); `bench/fuzz.mjs` runs 10,000. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
/** Tables a refused request may write by design: the access log, rate-limit counters, a key's last use. */
const MAY_CHANGE = new Set([
  'access_log',
  'rate_limits',
  'integration_keys',
  'knex_migrations',
  'knex_migrations_lock',
]);

/**
 * The fuzz suite over one API's routes with a body (one test file per API, so the two run side by side):
 * schema-shaped, mutated and broken bodies, headers and encodings; asserts no 5xx, and that a refused
 * request changed no table (rows and row versions of each, before and after).
 */
export function fuzzRoutes(api: Route['api']) {
  let t: TestApp;
  let fingerprintSql: string;
  const sessions = new Map<SubjectType, { token: string; ref: string }>();

  beforeAll(async () => {
    t = await startTestApp({
      limits: {
        failedLookups: { points: 1_000_000, durationSec: 600, blockSec: 1 },
        linkRequests: { points: 1_000_000, durationSec: 600 },
      },
    });
    // Every portal's demo records, then a link with every action on each subject.
    for (const hosted of await t.seedDemo()) {
      const linkToken = new URLSearchParams(new URL(hosted).hash.slice(1)).get('token')!;
      const { subject } = (await (await t.portal('GET', '/session', linkToken)).json()) as SessionInfo;
      if (sessions.has(subject.type)) continue;
      const link = await t.issueLink({ subject, actions: [...ACTIONS_BY_SUBJECT[subject.type]], stepUp: [] });
      sessions.set(subject.type, { token: await t.session(link), ref: subject.ref });
    }
    const tables = (
      await t
        .db('information_schema.tables')
        .where({ tableSchema: 'public', tableType: 'BASE TABLE' })
        .select('tableName')
    )
      .map((r: { tableName: string }) => r.tableName)
      .filter((name: string) => !MAY_CHANGE.has(name))
      .sort();
    // Rows and the newest row version of every table: any insert, update or delete changes it.
    fingerprintSql = tables
      .map(
        (name: string) =>
          `SELECT '${name}:' || count(*) || ':' || coalesce(max(xmin::text::bigint), 0) AS f FROM "${name}"`,
      )
      .join(' UNION ALL ');
  }, 120_000);
  afterAll(() => t.close());

  const fingerprint = async () => ((await t.db.raw(fingerprintSql)).rows as { f: string }[]).map((r) => r.f).join(' ');

  const OTHER_PARAMS = fc.constantFrom(
    'PTW-0091',
    'E1',
    'T1',
    'leak',
    '1',
    'X',
    '00000000-0000-4000-8000-000000000000',
  );

  function pathFor(route: Route): fc.Arbitrary<{ path: string; token: string }> {
    const names = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
    const own = route.portal?.subjectType ? sessions.get(route.portal.subjectType) : sessions.get('work-order');
    const values = fc.tuple(
      ...names.map((name) =>
        name === 'ref' && own && route.api === 'portal'
          ? fc.constant(own.ref)
          : name === 'ref'
            ? fc.nat({ max: 5 }).map((n) => `FZ-${n}`)
            : OTHER_PARAMS,
      ),
    );
    return values.map((vals) => {
      let path = route.path;
      names.forEach((name, i) => {
        path = path.replace(`:${name}`, encodeURIComponent(vals[i]!));
      });
      return { path: route.basePath + path, token: route.api === 'portal' ? own!.token : t.integrationKey };
    });
  }

  const keyHeader = fc.oneof(
    { weight: 8, arbitrary: fc.constant(undefined).map(() => `fuzz-${randomBytes(8).toString('hex')}`) },
    { weight: 1, arbitrary: fc.constantFrom('', 'short', 'x'.repeat(201), 'bad key with spaces') },
  );

  const withBody = () => t.registry.routes.filter((r) => r.api === api && (r.body || r.rawBody));

  describe(`fuzzed requests on every ${api} route with a body`, () => {
    it('has the routes and a session on every kind of subject', () => {
      expect(withBody().length).toBeGreaterThan(api === 'portal' ? 20 : 8);
      expect([...sessions.keys()].sort()).toEqual(Object.keys(ACTIONS_BY_SUBJECT).sort());
    });

    // One test per route, so a failure names it; routes are listed once the app exists.
    it(
      'when any body, header or encoding arrives, then no 5xx, and a refused request writes nothing',
      async () => {
        const failures: string[] = [];
        let last: string | undefined;
        for (const route of withBody()) {
          const name = `${route.method.toUpperCase()} ${route.basePath}${route.path}`;
          try {
            await fc.assert(
              fc.asyncProperty(pathFor(route), requestFor(route.body as never), keyHeader, async (target, req, key) => {
                // The tables as the last request left them (read again only after a write went through).
                last ??= await fingerprint();
                const before = last;
                const res = await fetch(t.url + target.path, {
                  method: route.method.toUpperCase(),
                  headers: { authorization: `Bearer ${target.token}`, 'idempotency-key': key, ...req.headers },
                  body: req.body,
                });
                const text = await res.text();
                if (res.status >= 500) throw new Error(`${res.status} ${text.slice(0, 300)}`);
                last = res.status >= 400 ? await fingerprint() : undefined;
                if (last !== undefined && last !== before)
                  throw new Error(`refused with ${res.status} but wrote: ${text.slice(0, 200)}`);
              }),
              { numRuns: RUNS },
            );
          } catch (error) {
            failures.push(
              `${name}: ${String((error as Error).message)
                .split('\n')
                .slice(0, 8)
                .join('\n')}`,
            );
          }
        }
        expect(failures).toEqual([]);
      },
      Math.max(600_000, RUNS * 5_000),
    );
  });
}
