import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@amage/contracts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { createScratchDatabase } from '../../src/db/scratch.js';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';
import { putWorkOrder } from '../helpers/work-orders.js';

const rows = async (t: TestApp, table: string) => Number((await t.db(table).count({ n: '*' }).first())?.n);

describe('a crash between the steps of a submit', () => {
  let t: TestApp;
  let token: string;
  const WO = 'WO-CRASH-1';
  beforeAll(async () => {
    t = await startTestApp();
    await putWorkOrder(t, WO);
    token = await t.session(
      await t.issueLink({
        subject: { type: 'work-order', ref: WO },
        actions: ['work-order:read', 'work-order:log-work'],
      }),
    );
  });
  afterAll(() => t.close());

  const logWork = (key: string) =>
    t.portal(
      'POST',
      `/work-orders/${WO}/work-logs`,
      token,
      { durationMinutes: 30, workers: ['Jan'] },
      {
        'idempotency-key': key,
      },
    );

  /**
   * Kills the connection of the next statement that fires the trigger (its own backend: the database
   * goes away for that submit at exactly that step). A sequence counts, as it ignores rollbacks.
   */
  async function crashOnce(table: string, when: 'AFTER INSERT' | 'BEFORE UPDATE') {
    await t.db.raw(`
      DROP TRIGGER IF EXISTS crash ON ${table};
      DROP SEQUENCE IF EXISTS crash_count;
      CREATE SEQUENCE crash_count;
      CREATE OR REPLACE FUNCTION crash_once() RETURNS trigger AS $$
      BEGIN
        IF nextval('crash_count') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER crash ${when} ON ${table} FOR EACH ROW EXECUTE FUNCTION crash_once();`);
  }

  for (const [step, table, when] of [
    ['after the row is written', 'work_logs', 'AFTER INSERT'],
    ['before the idempotency record is marked done', 'idempotency_keys', 'BEFORE UPDATE'],
  ] as const) {
    it(`when the database connection dies ${step}, then the client gets 503, nothing is kept, and the retry runs once`, async () => {
      await crashOnce(table, when);
      const before = await rows(t, 'work_logs');
      const key = idempotencyKey();
      const crashed = await logWork(key);
      expect(crashed.status).toBe(503);
      expect(crashed.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await crashed.json()) as Problem).code).toBe('service.unavailable');
      expect(await rows(t, 'work_logs')).toBe(before);
      expect(await t.db('idempotency_keys').where({ key })).toEqual([]);

      const retry = await logWork(key);
      expect(retry.status).toBe(201);
      const again = await logWork(key);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.json()).toEqual(await retry.json());
      expect(await rows(t, 'work_logs')).toBe(before + 1);
      await t.db.raw(`DROP TRIGGER crash ON ${table}`);
    });
  }
});

describe('the database away', () => {
  let pg: EmbeddedDatabase;
  let dataDir: string;
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    // A database of this test's own: stopping it disturbs no other test.
    dataDir = await mkdtemp(path.join(tmpdir(), 'amage-faults-pg-'));
    pg = await startEmbeddedPostgres(dataDir, { watch: { restartDelayMs: 500 } });
    t = await startTestApp({ database: await createScratchDatabase(pg.url, 'amage_down') });
    await putWorkOrder(t, 'WO-DOWN-1');
    token = await t.session(
      await t.issueLink({ subject: { type: 'work-order', ref: 'WO-DOWN-1' }, actions: ['work-order:read'] }),
    );
  }, 120_000);
  afterAll(async () => {
    await t?.close({ keepDatabase: true }).catch(() => undefined);
    await pg?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when it is stopped, then every route of both APIs answers 503 problem+json with Retry-After within 2 s; when it is back, the app serves again by itself', async () => {
    await pg.stop();
    const slow: string[] = [];
    for (const route of t.registry.routes) {
      const url = t.url + route.basePath + route.path.replace(/:([A-Za-z0-9_]+)/g, 'X-1');
      const started = performance.now();
      const res = await t.fetch(url, {
        method: route.method.toUpperCase(),
        headers: {
          authorization: `Bearer ${route.api === 'portal' ? token : t.integrationKey}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey(),
        },
        body: route.method === 'get' ? undefined : '{}',
      });
      const name = `${route.method} ${route.basePath}${route.path}`;
      if (performance.now() - started > 2000) slow.push(name);
      expect({ name, status: res.status, type: res.headers.get('content-type') }).toEqual({
        name,
        status: 503,
        type: expect.stringMatching(/problem\+json/),
      });
      expect(res.headers.get('retry-after'), name).toMatch(/^\d+$/);
      await res.body?.cancel();
    }
    expect(slow).toEqual([]);
    expect((await t.fetch(`${t.url}/readyz`)).status).toBe(503);

    await pg.start();
    expect((await t.portal('GET', '/work-orders/WO-DOWN-1', token)).status).toBe(200);
  }, 120_000);

  it('when its process dies, then it is started again and the app serves within 30 s', async () => {
    process.kill(pg.pid()!, 'SIGKILL');
    const started = Date.now();
    let status = 0;
    while (Date.now() - started < 30_000) {
      status = (await t.portal('GET', '/work-orders/WO-DOWN-1', token)).status;
      if (status === 200) break;
      expect(status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
  }, 60_000);
});
