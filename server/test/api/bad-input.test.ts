import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@amage/contracts';
import { createLogger } from '../../src/lib/logger.js';
import { INTEGRATION_BASE, PORTAL_BASE } from '../../src/app.js';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';
import { putWorkOrder } from '../helpers/work-orders.js';

let t: TestApp;
let token: string;
const WO = 'WO-BAD-1';
beforeAll(async () => {
  t = await startTestApp({ limits: { failedLookups: { points: 3, durationSec: 60, blockSec: 60 } } });
  await putWorkOrder(t, WO);
  token = await t.session(
    await t.issueLink({
      subject: { type: 'work-order', ref: WO },
      actions: ['work-order:read', 'work-order:log-work'],
    }),
  );
});
afterAll(() => t.close());

const workLogs = `${PORTAL_BASE}/work-orders/${WO}/work-logs`;
const send = (body: string | Buffer, headers: Record<string, string> = {}) =>
  t.fetch(t.url + workLogs, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey(),
      ...headers,
    },
    body,
  });
const problem = async (res: Response) => ({ ...((await res.json()) as Problem), status: res.status });
const rowsOf = async (table: string) => Number((await t.db(table).count({ n: '*' }).first())?.n);

describe('bodies that cannot be decoded, nested too deep, or hold text PostgreSQL cannot store', () => {
  it('when a body says gzip, br or deflate but is not, then 400 body.undecodable and no stack trace is logged', async () => {
    const before = t.logs.length;
    for (const encoding of ['gzip', 'br', 'deflate']) {
      const res = await send('{"durationMinutes":30,"workers":["Jan"]}', { 'content-encoding': encoding });
      expect(await problem(res)).toMatchObject({ status: 400, code: 'body.undecodable' });
    }
    // The integration API as well, before the key is even looked at.
    const res = await t.fetch(`${t.url}${INTEGRATION_BASE}/jobs/J-1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: 'not gzip',
    });
    expect(await problem(res)).toMatchObject({ status: 400, code: 'body.undecodable' });
    expect(t.logs.slice(before).join('\n')).not.toMatch(/"stack"|request failed/);
  });

  it('when a body is really compressed, then it is read; an unknown encoding is 415', async () => {
    const ok = await send(gzipSync('{"durationMinutes":30,"workers":["Jan"]}'), { 'content-encoding': 'gzip' });
    expect(ok.status).toBe(201);
    const res = await send('{}', { 'content-encoding': 'compress' });
    expect(await problem(res)).toMatchObject({ status: 415, code: 'body.unsupported_media_type' });
  });

  it('when JSON nests 60,000 deep inside the size limit, then 400 body.too_deep before any work', async () => {
    const [logs, keys] = [await rowsOf('work_logs'), await rowsOf('idempotency_keys')];
    const deep = `{"durationMinutes":30,"workers":["Jan"],"x":${'['.repeat(60_000)}${']'.repeat(60_000)}}`;
    expect(await problem(await send(deep))).toMatchObject({ status: 400, code: 'body.too_deep' });
    expect([await rowsOf('work_logs'), await rowsOf('idempotency_keys')]).toEqual([logs, keys]);
  });

  it('when a text field holds NUL or a lone surrogate, then 400 text.unstorable at its pointer, nothing stored', async () => {
    const logs = await rowsOf('work_logs');
    for (const bad of ['Ja\u0000n', 'Ja\ud800n', '\udc00']) {
      const res = await send(JSON.stringify({ durationMinutes: 30, workers: [bad] }));
      expect(await problem(res)).toMatchObject({
        status: 400,
        code: 'validation.failed',
        errors: [{ pointer: '/workers/0', keyword: 'text.unstorable' }],
      });
    }
    // In an object key, and on the integration API.
    const key = await send(JSON.stringify({ durationMinutes: 30, workers: ['Jan'], 'a\u0000': 1 }));
    expect((await problem(key)).errors?.[0]?.pointer).toBe('/a\u0000');
    const res = await t.integration('PUT', '/work-orders/WO-BAD-2', { number: 'x\u0000' });
    expect(await problem(res)).toMatchObject({ status: 400, errors: [{ pointer: '/number' }] });
    expect(await rowsOf('work_logs')).toBe(logs);
  });
});

describe('secrets', () => {
  it('when a key or token is put in the query string of either API, then 400 token.in_query and the log keeps no value', async () => {
    const before = t.logs.length;
    const integration = await t.fetch(`${t.url}${INTEGRATION_BASE}/events?token=${t.integrationKey}`);
    expect(await problem(integration)).toMatchObject({ status: 400, code: 'token.in_query' });
    const portal = await t.fetch(`${t.url}${PORTAL_BASE}/session?access_token=${token}`);
    expect(await problem(portal)).toMatchObject({ status: 400, code: 'token.in_query' });
    const odd = await t.fetch(`${t.url}${INTEGRATION_BASE}/events?after=plain-secret-value`, {
      headers: { authorization: `Bearer ${t.integrationKey}` },
    });
    expect(odd.status).toBeLessThan(500);
    const logged = t.logs.slice(before).join('\n');
    expect(logged).not.toContain(t.integrationKey.slice(5));
    expect(logged).not.toContain(token.slice(5));
    expect(logged).not.toContain('plain-secret-value');
  });

  it('when a configured key of any shape, a Bearer header or a token reaches a log line, then it is redacted', () => {
    const lines: string[] = [];
    const key = 'Plain-Configured-Key-0123456789-abcdefgh';
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) }, [key]);
    logger.info({ url: `/events?k=${encodeURIComponent(key)}` }, `failed with ${key}`);
    logger.info('header was Bearer abcdef0123456789 and amgc_0123456789abcdef and amgs_abcdefgh12345678');
    const text = lines.join('');
    expect(text).not.toContain(key);
    expect(text).not.toContain('abcdef0123456789');
    expect(text).not.toContain('0123456789abcdef');
    expect(text).not.toContain('abcdefgh12345678');
  });

  it('when an unknown path holds a token, then the 404 body does not echo it', async () => {
    const res = await t.fetch(`${t.url}${PORTAL_BASE}/links/${token}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(token.slice(5));
  });

  it('when requests come with no integration key, then they spend the failed-look-up budget (429 after it)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.fetch(`${t.url}${INTEGRATION_BASE}/events`)).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });

  it('when the APIs answer JSON, then Cache-Control is no-store; the hosted page has a Permissions-Policy', async () => {
    const portal = await t.portal('GET', `/work-orders/${WO}`, token);
    expect(portal.headers.get('cache-control')).toBe('no-store');
    const refused = await t.portal('GET', `/work-orders/${WO}`, 'amg_nothing');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const page = await t.fetch(`${t.url}/portal`);
    expect(page.headers.get('permissions-policy')).toMatch(/camera=\(\).*geolocation=\(\)/);
  });
});
