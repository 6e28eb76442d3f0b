import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PortalEvent, Problem, Webhook, WebhookDeliveryList, WebhookWithSecret } from '@amage/contracts';
import { createKnex } from '../../src/db/knex.js';
import { createLogger } from '../../src/lib/logger.js';
import { recordEvent } from '../../src/modules/events/events.service.js';
import { WebhookWorker, type WebhookWorkerOptions } from '../../src/modules/webhooks/webhook-worker.js';
import { idempotencyKey, sampleEvent, startTestApp, type SampleEventType, type TestApp } from '../helpers/test-app.js';

/**
 * Standard Webhooks verification written from the spec (https://www.standardwebhooks.com/), not from the
 * server's code: key = base64 after `whsec_`; content `{id}.{timestamp}.{raw body}`; HMAC-SHA256; the
 * header lists `v1,<base64>` entries separated by spaces, any one matching is enough; timestamp within 5 min.
 */
function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, rawBody: Buffer): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  if (!secret.startsWith('whsec_')) return false;
  const key = Buffer.from(secret.substring('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), rawBody]))
    .digest();
  return signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: PortalEvent & { timestamp: string };
}

/** A webhook receiver on 127.0.0.1 (this machine sends nothing anywhere else). */
class Receiver {
  readonly requests: Received[] = [];
  /** Answer per request: a status, or 'hang' (never answers). */
  respond: (
    r: Received,
    n: number,
  ) => number | 'hang' | { status: number; headers?: Record<string, string>; body?: string } = () => 204;
  delayMs = 0;
  readonly inFlight = new Map<string, number>();
  readonly maxInFlight = new Map<string, number>();
  private server!: Server;
  base = '';

  async start() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const path = req.url ?? '/';
        const received: Received = {
          path,
          headers: req.headers,
          raw,
          body: raw.length ? JSON.parse(raw.toString('utf8')) : null,
        };
        this.requests.push(received);
        const now = (this.inFlight.get(path) ?? 0) + 1;
        this.inFlight.set(path, now);
        this.maxInFlight.set(path, Math.max(now, this.maxInFlight.get(path) ?? 0));
        const answer = this.respond(received, this.requests.filter((r) => r.path === path).length);
        setTimeout(() => {
          this.inFlight.set(path, this.inFlight.get(path)! - 1);
          if (answer === 'hang') return;
          const { status, headers, body } =
            typeof answer === 'number' ? { status: answer, headers: {}, body: undefined } : answer;
          res.writeHead(status, headers);
          res.end(body);
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  at(path: string) {
    return this.requests.filter((r) => r.path === path);
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls until `check` holds (no fixed sleeps). */
async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 15_000,
): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const FAST: Partial<WebhookWorkerOptions> = {
  pollMs: 20,
  retryBaseMs: 20,
  retryMaxMs: 100,
  timeoutMs: 2_000,
  leaseMs: 30_000,
  failureWindowMs: 60_000,
};

let t: TestApp;
let receiver: Receiver;
const workers: WebhookWorker[] = [];
const quiet = createLogger('silent');
const startWorker = (options: Partial<WebhookWorkerOptions> = {}, db = t.db) => {
  const worker = new WebhookWorker(db, quiet, { ...FAST, ...options }).start();
  workers.push(worker);
  return worker;
};

beforeAll(async () => {
  t = await startTestApp();
  receiver = await new Receiver().start();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await t.db('webhook_subscriptions').delete();
  receiver.requests.length = 0;
  receiver.respond = () => 204;
  receiver.delayMs = 0;
  receiver.maxInFlight.clear();
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

let seq = 0;
/** Writes events the way portal actions do (each in its own transaction); returns their refs. */
async function writeEvents(count: number, type: SampleEventType = 'delivery.cancelled') {
  const refs: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const ref = `W-${++seq}`;
    refs.push(ref);
    await t.db.transaction((trx) => recordEvent(trx, sampleEvent(type, ref)));
  }
  return refs;
}

async function subscribe(body: Record<string, unknown>): Promise<WebhookWithSecret> {
  const res = await t.integration('POST', '/webhooks', body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as WebhookWithSecret;
}

const getWebhook = async (id: string) => (await (await t.integration('GET', `/webhooks/${id}`)).json()) as Webhook;
const refsAt = (path: string) => receiver.at(path).map((r) => r.body.subject.ref);

describe('webhook subscriptions (integration API)', () => {
  it('when a URL is subscribed, then 201 holds a whsec_ secret once; reads never show it again', async () => {
    const created = await subscribe({
      url: `${receiver.base}/api`,
      description: 'ERP inbound',
      eventTypes: ['delivery.declared', 'complaint.*'],
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
    expect(created).toMatchObject({
      url: `${receiver.base}/api`,
      description: 'ERP inbound',
      eventTypes: ['delivery.declared', 'complaint.*'],
      status: 'active',
      consecutiveFailures: 0,
      lastDelivery: null,
    });

    const one = await t.integration('GET', `/webhooks/${created.id}`);
    expect(one.status).toBe(200);
    const list = await t.integration('GET', '/webhooks');
    for (const text of [await one.text(), await list.text()]) expect(text).not.toContain(created.secret.slice(6, 20));
    expect(
      JSON.parse(await (await t.integration('GET', '/webhooks')).text()).webhooks.map((w: Webhook) => w.id),
    ).toEqual([created.id]);
    expect(await t.db('webhook_subscriptions').where({ id: created.id }).first('secret')).toEqual({
      secret: created.secret,
    });
  });

  it('when the URL is not http(s), carries credentials or is too long, then 400 at /url', async () => {
    for (const url of [
      'ftp://127.0.0.1/x',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'http://user:pw@127.0.0.1/x',
      `http://127.0.0.1/${'a'.repeat(2000)}`,
    ]) {
      const res = await t.integration('POST', '/webhooks', { url });
      expect(res.status, url).toBe(400);
      expect(((await res.json()) as Problem).errors![0]!.pointer, url).toBe('/url');
    }
    const badType = await t.integration('POST', '/webhooks', { url: `${receiver.base}/x`, eventTypes: ['NotAType'] });
    expect(badType.status).toBe(400);
    const both = await t.integration('POST', '/webhooks', {
      url: `${receiver.base}/x`,
      from: 'beginning',
      after: 'abc',
    });
    expect(((await both.json()) as Problem).errors![0]!.pointer).toBe('/after');
    const badCursor = await t.integration('POST', '/webhooks', {
      url: `${receiver.base}/x`,
      after: 'bm90LWEtY3Vyc29y',
    });
    expect(badCursor.status).toBe(400);
    expect(await t.db('webhook_subscriptions').count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('when called without the integration key or for an unknown id, then 401 / 404', async () => {
    const anonymous = await t.fetch(`${t.url}/api/integration/v1/webhooks`);
    expect(anonymous.status).toBe(401);
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['GET', ''],
      ['DELETE', ''],
      ['POST', '/rotate-secret'],
      ['POST', '/enable'],
      ['GET', '/deliveries'],
    ] as const) {
      expect((await t.integration(method, `/webhooks/${unknown}${path}`)).status, `${method} ${path}`).toBe(404);
    }
  });
});

describe('webhook delivery', () => {
  it('when portal events happen, then the receiver gets each once, in feed order, signed per Standard Webhooks, with the feed event as body', async () => {
    await t.putJob('JOB-WH', { quotes: [{ ref: 'Q-1', title: 'Wymiana łożyska', state: 'pending' }] });
    const session = await t.session(
      await t.issueLink({ subject: { type: 'job', ref: 'JOB-WH' }, actions: ['job:read', 'job:approve'] }),
    );
    const [before] = await writeEvents(1);
    const hook = await subscribe({ url: `${receiver.base}/orders` });
    // A portal action (its event written in the action's transaction), then more events.
    const approval = await t.portal(
      'POST',
      '/jobs/JOB-WH/approvals',
      session,
      { decision: 'approve-quote', name: 'Ewa', quoteRef: 'Q-1' },
      { 'idempotency-key': idempotencyKey() },
    );
    expect(approval.status).toBe(201);
    const refs = await writeEvents(5);
    const { events: feed } = await t.feedUntil(
      (events) => events.some((e) => e.subject.ref === refs.at(-1)),
      hook.cursor,
    );

    startWorker();
    await waitFor('every event delivered', () => receiver.at('/orders').length >= feed.length);
    const got = receiver.at('/orders');
    expect(got.map((r) => r.body.id)).toEqual(feed.map((e) => e.id)); // feed order, each once
    expect(got[0]!.body).toMatchObject({
      type: 'job.decided',
      subject: { type: 'job', ref: 'JOB-WH' },
      data: { decision: 'approve-quote' },
    });
    expect(refsAt('/orders')).not.toContain(before); // a new subscription starts at the feed's end
    for (const [i, r] of got.entries()) {
      expect(verifyStandardWebhook(hook.secret, r.headers, r.raw), `signature ${i}`).toBe(true);
      expect(r.headers['webhook-id']).toBe(feed[i]!.id);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.body).toEqual({ ...feed[i], timestamp: feed[i]!.occurredAt });
    }
    // A tampered body or another secret does not verify.
    expect(
      verifyStandardWebhook(hook.secret, got[0]!.headers, Buffer.from(got[0]!.raw.toString().replace('Ewa', 'Eve'))),
    ).toBe(false);
    expect(verifyStandardWebhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, got[0]!.headers, got[0]!.raw)).toBe(
      false,
    );

    const state = await waitFor('the cursor saved', async () => {
      const w = await getWebhook(hook.id);
      return w.lastEventId === feed.at(-1)!.id && w;
    });
    expect(state).toMatchObject({
      status: 'active',
      consecutiveFailures: 0,
      lastDelivery: { ok: true, statusCode: 204, eventId: feed.at(-1)!.id, error: null },
    });
    expect(
      (await t.feed(state.cursor)).events.filter((e) => e.subject.ref.startsWith('W-') || e.subject.ref === 'JOB-WH'),
    ).toEqual([]);
    const deliveries = (await (
      await t.integration('GET', `/webhooks/${hook.id}/deliveries?limit=3`)
    ).json()) as WebhookDeliveryList;
    expect(deliveries.deliveries.map((d) => d.eventId)).toEqual(
      feed
        .slice(-3)
        .map((e) => e.id)
        .reverse(),
    );
  });

  it('when from is "beginning" or after is a feed cursor, then delivery starts there', async () => {
    const [a, b] = await writeEvents(2);
    const { events } = await t.feedUntil((all) => all.some((e) => e.subject.ref === b));
    // The cursor a feed reader holds after `a`.
    const idxA = events.findIndex((e) => e.subject.ref === a);
    const page = (await (await t.integration('GET', `/events?limit=${idxA + 1}`)).json()) as {
      next: string;
      events: PortalEvent[];
    };
    expect(page.events.at(-1)!.subject.ref).toBe(a);
    await subscribe({ url: `${receiver.base}/after`, after: page.next });
    await subscribe({ url: `${receiver.base}/all`, from: 'beginning' });
    startWorker();
    await waitFor('b at both', () => refsAt('/after').includes(b!) && refsAt('/all').includes(b!));
    expect(refsAt('/after')).not.toContain(a);
    expect(refsAt('/after')[0]).toBe(b);
    expect(receiver.at('/all').map((r) => r.body.id)).toEqual(events.map((e) => e.id));
  });

  it('when a type filter is set, then only matching events are sent and the cursor still passes the others', async () => {
    const hook = await subscribe({ url: `${receiver.base}/filtered`, eventTypes: ['delivery.cancelled', 'session.*'] });
    const kept = await writeEvents(1, 'delivery.cancelled');
    const dropped = await writeEvents(1, 'loto.released');
    const other = await writeEvents(1, 'session.reuse-detected');
    const tail = await writeEvents(1, 'loto.released');
    startWorker();
    await waitFor('the filtered events', () => receiver.at('/filtered').length >= 2);
    const { events } = await t.feedUntil((all) => all.some((e) => e.subject.ref === tail[0]), hook.cursor);
    await waitFor(
      'the cursor past the last, filtered-out event',
      async () => (await getWebhook(hook.id)).lastEventId === events.at(-1)!.id,
    );
    expect(refsAt('/filtered')).toEqual([...kept, ...other]);
    expect(receiver.at('/filtered').map((r) => r.body.type)).toEqual(['delivery.cancelled', 'session.reuse-detected']);
    expect(refsAt('/filtered')).not.toContain(dropped[0]);
  });

  it('when the receiver fails (redirect, timeout, 500) and then recovers, then the same event comes again, then the next ones in order, none twice', async () => {
    const hook = await subscribe({ url: `${receiver.base}/flaky` });
    const answers: Array<ReturnType<Receiver['respond']>> = [
      { status: 302, headers: { location: `${receiver.base}/elsewhere` } },
      'hang',
      { status: 500, body: 'x'.repeat(5000) },
    ];
    receiver.respond = (_r, n) => answers[n - 1] ?? 200;
    const refs = await writeEvents(3);
    startWorker({ timeoutMs: 300 });
    await waitFor('all three delivered', () => refsAt('/flaky').includes(refs[2]!));
    await waitFor(
      'the last answer recorded',
      async () =>
        (await getWebhook(hook.id)).lastEventId !== null && (await getWebhook(hook.id)).consecutiveFailures === 0,
    );
    expect(refsAt('/flaky')).toEqual([refs[0], refs[0], refs[0], refs[0], refs[1], refs[2]]);
    expect(receiver.at('/elsewhere')).toHaveLength(0); // the redirect was not followed
    // Every attempt of one event carries the same webhook-id.
    expect(
      new Set(
        receiver
          .at('/flaky')
          .slice(0, 4)
          .map((r) => r.headers['webhook-id']),
      ).size,
    ).toBe(1);

    const { deliveries } = (await (
      await t.integration('GET', `/webhooks/${hook.id}/deliveries`)
    ).json()) as WebhookDeliveryList;
    const attempts = [...deliveries].reverse();
    expect(attempts.map((d) => [d.statusCode, d.ok])).toEqual([
      [302, false],
      [null, false],
      [500, false],
      [200, true],
      [200, true],
      [200, true],
    ]);
    expect(attempts[0]!.error).toMatch(/redirect not followed/);
    expect(attempts[1]!.error).toMatch(/timeout/);
    expect(attempts[1]!.durationMs).toBeGreaterThanOrEqual(290);
    expect(attempts[2]!.error).toBe('status 500');
    expect(attempts[2]!.responseBody).toHaveLength(1024); // no more than 1 kB kept
    const state = await getWebhook(hook.id);
    expect(state).toMatchObject({ status: 'active', consecutiveFailures: 0, failingSince: null });
  });

  it('when a delivery fails, then the subscription is "failing" and waits with growing pauses', async () => {
    const hook = await subscribe({ url: `${receiver.base}/down` });
    receiver.respond = () => 503;
    await writeEvents(1);
    startWorker({ retryBaseMs: 200, retryMaxMs: 10_000 });
    const state = await waitFor('two failures', async () => {
      const w = await getWebhook(hook.id);
      return w.consecutiveFailures >= 2 && w;
    });
    expect(state.status).toBe('failing');
    expect(state.failingSince).not.toBeNull();
    const { deliveries } = (await (
      await t.integration('GET', `/webhooks/${hook.id}/deliveries`)
    ).json()) as WebhookDeliveryList;
    const [second, first] = deliveries;
    const gap1 = Date.parse(second!.attemptedAt) - Date.parse(first!.attemptedAt);
    expect(gap1).toBeGreaterThanOrEqual(170); // base 200 ms, jitter ±10 %
    // The next pause is twice as long.
    expect(Date.parse(state.nextAttemptAt) - Date.parse(second!.attemptedAt)).toBeGreaterThanOrEqual(340);
  });

  it('when two app instances run workers on one database, then no subscription is delivered by both at once and each event arrives once', async () => {
    const paths = ['/p1', '/p2', '/p3', '/p4'];
    for (const p of paths) await subscribe({ url: `${receiver.base}${p}` });
    receiver.delayMs = 10;
    const second = createKnex(
      (t.db.client.config as { connection: { connectionString: string } }).connection.connectionString,
      4,
    );
    try {
      const one = startWorker({ concurrency: 2 });
      const two = startWorker({ concurrency: 2 }, second);
      const refs = await writeEvents(20);
      await waitFor('every event at every path', () => paths.every((p) => refsAt(p).includes(refs.at(-1)!)));
      for (const p of paths) {
        expect(refsAt(p), p).toEqual(refs);
        expect(receiver.maxInFlight.get(p), p).toBe(1);
      }
      // Each instance can hold two subscriptions at once, so both had to deliver.
      await waitFor('the last answers read', () => one.sent + two.sent === 80);
      expect(one.sent).toBeGreaterThan(0);
      expect(two.sent).toBeGreaterThan(0);
    } finally {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      await second.destroy();
    }
  });

  it('when the worker stops during a POST, then it returns at once, counts no failure and gives the claim back', async () => {
    const hook = await subscribe({ url: `${receiver.base}/slow` });
    receiver.respond = () => 'hang';
    const [ref] = await writeEvents(1);
    const worker = startWorker({ timeoutMs: 10_000 });
    await waitFor('the POST in flight', () => refsAt('/slow').includes(ref!));
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    const row = await t.db('webhook_subscriptions').where({ id: hook.id }).first();
    expect(row).toMatchObject({ leaseToken: null, consecutiveFailures: 0, status: 'active' });
    expect(await t.db('webhook_deliveries').where({ subscriptionId: hook.id }).count({ n: '*' })).toEqual([{ n: '0' }]);
    // Another worker sends the same event again (at least once).
    receiver.respond = () => 200;
    startWorker();
    await waitFor('the event sent again', () => refsAt('/slow').length === 2);
    expect(refsAt('/slow')).toEqual([ref, ref]);
  });

  it('when the secret is rotated, then the new one is shown once, both sign during the grace, and only the new one after', async () => {
    const hook = await subscribe({ url: `${receiver.base}/rot` });
    const res = await t.integration('POST', `/webhooks/${hook.id}/rotate-secret`, { previousSecretValidFor: 3600 });
    expect(res.status).toBe(200);
    const rotated = (await res.json()) as WebhookWithSecret;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(hook.secret);
    expect(rotated.previousSecretExpiresAt).not.toBeNull();
    expect(await (await t.integration('GET', `/webhooks/${hook.id}`)).text()).not.toContain(
      rotated.secret.slice(6, 20),
    );

    startWorker();
    const [during] = await writeEvents(1);
    await waitFor('the event during the grace', () => refsAt('/rot').includes(during!));
    const signed = receiver.at('/rot')[0]!;
    expect(String(signed.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyStandardWebhook(rotated.secret, signed.headers, signed.raw)).toBe(true);
    expect(verifyStandardWebhook(hook.secret, signed.headers, signed.raw)).toBe(true);

    const again = (await (
      await t.integration('POST', `/webhooks/${hook.id}/rotate-secret`, { previousSecretValidFor: 0 })
    ).json()) as WebhookWithSecret;
    const [after] = await writeEvents(1);
    await waitFor('the event after the second rotation', () => refsAt('/rot').includes(after!));
    const last = receiver.at('/rot').at(-1)!;
    expect(String(last.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifyStandardWebhook(again.secret, last.headers, last.raw)).toBe(true);
    expect(verifyStandardWebhook(rotated.secret, last.headers, last.raw)).toBe(false);
    expect(verifyStandardWebhook(hook.secret, last.headers, last.raw)).toBe(false);
  });

  it('when a subscription is deleted, then nothing more is sent to it', async () => {
    const doomed = await subscribe({ url: `${receiver.base}/doomed` });
    await subscribe({ url: `${receiver.base}/control` });
    startWorker();
    const [first] = await writeEvents(1);
    await waitFor(
      'the first event at both',
      () => refsAt('/doomed').includes(first!) && refsAt('/control').includes(first!),
    );
    expect((await t.integration('DELETE', `/webhooks/${doomed.id}`)).status).toBe(204);
    expect((await t.integration('GET', `/webhooks/${doomed.id}`)).status).toBe(404);
    const [second, third] = await writeEvents(2);
    await waitFor('the later events at the control', () => refsAt('/control').includes(third!));
    expect(refsAt('/doomed')).toEqual([first]);
    expect(refsAt('/control')).toEqual([first, second, third]);
  });

  it('when a receiver fails for the whole failure window, then the subscription is disabled, webhook.disabled is in the feed, and nothing more is tried until it is enabled', async () => {
    const failing = await subscribe({ url: `${receiver.base}/dead`, description: 'old ERP' });
    await subscribe({ url: `${receiver.base}/watch` });
    let alive = false;
    receiver.respond = (r) => (r.path === '/dead' && !alive ? 500 : 200);
    startWorker({ failureWindowMs: 300, retryBaseMs: 20, retryMaxMs: 50 });
    const [stuck] = await writeEvents(1);

    const disabled = await waitFor('disabled', async () => {
      const w = await getWebhook(failing.id);
      return w.status === 'disabled' && w;
    });
    expect(disabled.disabledAt).not.toBeNull();
    expect((await t.feed(disabled.cursor)).events[0]!.subject.ref).toBe(stuck); // its cursor still stands before the stuck event
    // Another subscription receives the webhook.disabled event, as the feed has it.
    const notice = await waitFor('webhook.disabled delivered', () =>
      receiver.at('/watch').find((r) => r.body.type === 'webhook.disabled'),
    );
    expect(notice.body).toMatchObject({
      subject: { type: 'webhook', ref: failing.id },
      linkId: null,
      data: { id: failing.id, description: 'old ERP' },
    });
    expect(
      (await t.feedUntil((all) => all.some((e) => e.type === 'webhook.disabled'))).events.find(
        (e) => e.type === 'webhook.disabled',
      )!.subject,
    ).toEqual({
      type: 'webhook',
      ref: failing.id,
    });

    const tries = receiver.at('/dead').length;
    expect(tries).toBeGreaterThanOrEqual(2);
    const [later] = await writeEvents(1);
    await waitFor('the later event at the watcher', () => refsAt('/watch').includes(later!));
    expect(receiver.at('/dead')).toHaveLength(tries);

    alive = true;
    const enabled = await t.integration('POST', `/webhooks/${failing.id}/enable`);
    expect(((await enabled.json()) as Webhook).status).toBe('active');
    await waitFor('the stuck and the later event', () => refsAt('/dead').includes(later!));
    // From its cursor on: the stuck event, its own webhook.disabled, the later one; nothing skipped.
    expect(
      receiver
        .at('/dead')
        .slice(tries)
        .map((r) => [r.body.type, r.body.subject.ref]),
    ).toEqual([
      ['delivery.cancelled', stuck],
      ['webhook.disabled', failing.id],
      ['delivery.cancelled', later],
    ]);
    expect(await getWebhook(failing.id)).toMatchObject({ status: 'active', disabledAt: null, consecutiveFailures: 0 });
  });
});
