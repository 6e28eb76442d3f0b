import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import type {
  CreateLinkBody,
  CreatedLink,
  EventData,
  EventPage,
  EventType,
  PortalEvent,
  PutJobBody,
} from '@amage/contracts';
import { createApp, INTEGRATION_BASE, PORTAL_BASE } from '../../src/app.js';
import { createKnex, migrateLatest } from '../../src/db/knex.js';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch.js';
import { systemClock, type Clock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/logger.js';
import type { RouteRegistry } from '../../src/lib/route.js';
import type { AccessLimits } from '../../src/modules/access/policy.js';
import type { JobStreamSettings } from '../../src/modules/customer/job-stream.js';
import { seedIntegrationKey } from '../../src/modules/access/integration-auth.js';
import { portalModules } from '../../src/modules/index.js';
import { MailWorker, type MailSettings } from '../../src/modules/mail/mail-worker.js';
import { SecretBox } from '../../src/modules/mail/secret-box.js';
import { ContractChecker } from './contract.js';

/** The server secret of test apps that send mail (a restarted app must use the same to open queued mail). */
const TEST_SECRET = Buffer.alloc(32, 7);

export interface TestApp {
  url: string;
  db: Knex;
  /** The app's database: close with `keepDatabase` and pass it as `database` to start again on the same data. */
  database: ScratchDatabase;
  registry: RouteRegistry;
  /** Every line the app logged, for redaction checks. */
  logs: string[];
  integrationKey: string;
  /** The clock the app's date rules read (the one given, or the real one). */
  clock: Clock;
  /** `fetch`, with the answer checked against the served OpenAPI document when it is an API call. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** Calls the integration API with the test's integration key. */
  integration(method: string, path: string, body?: unknown): Promise<Response>;
  /** Calls the portal API with a token; `init.headers` may add Idempotency-Key, Origin, … */
  portal(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  putJob(ref: string, overrides?: Partial<PutJobBody>): Promise<void>;
  issueLink(body: Partial<CreateLinkBody> & Pick<CreateLinkBody, 'subject' | 'actions'>): Promise<CreatedLink>;
  /**
   * Every committed event, straight from the table, in id order. For "did the action write its event"
   * checks: unlike the feed, it is never held back by other transactions in the cluster.
   */
  writtenEvents(): Promise<PortalEvent[]>;
  /** Reads the event feed after `after` to its current end. */
  feed(after?: string): Promise<{ events: PortalEvent[]; next: string }>;
  /**
   * Reads the feed (from `after`) until `done` holds. The feed holds events back while an older
   * writing transaction anywhere in the cluster is open (other test files share the server), so a
   * test that expects an event waits for it rather than reading once.
   */
  feedUntil(done: (events: PortalEvent[]) => boolean, after?: string): Promise<{ events: PortalEvent[]; next: string }>;
  /** Shares every portal's demo records (as the demo does); returns their hosted links. */
  seedDemo(): Promise<string[]>;
  /** Issues a link and starts a session from it; returns the session token. */
  session(link: CreatedLink): Promise<string>;
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

export const idempotencyKey = () => `test-${randomBytes(8).toString('hex')}`;

const SAMPLE_DATA = {
  'delivery.cancelled': () => ({ id: randomUUID(), reason: 'test' }),
  'loto.released': () => ({ procedure: 'LOTO-T', by: 'Test', at: new Date().toISOString() }),
  'session.reuse-detected': () => ({ familyId: randomUUID(), sessionId: randomUUID() }),
} satisfies { [T in EventType]?: () => EventData<T> };
export type SampleEventType = keyof typeof SAMPLE_DATA;

/** An event with valid data of its type about job `ref`, for tests that write events themselves. */
export const sampleEvent = <T extends SampleEventType>(type: T, ref: string) => ({
  type,
  subject: { type: 'job' as const, ref },
  linkId: null,
  data: SAMPLE_DATA[type]() as EventData<T>,
});

const jobBody = (overrides: Partial<PutJobBody> = {}): PutJobBody => ({
  number: 'ZL/2026/0107',
  customer: { ref: 'CUST-3', name: 'Browar Śląski S.A.' },
  title: 'Przegląd roczny sprężarek',
  status: 'in-progress',
  stages: [
    { key: 'diagnosis', name: 'Diagnoza', state: 'done' },
    { key: 'repair', name: 'Naprawa', state: 'active' },
  ],
  timeline: [{ at: '2026-12-01T08:00:00Z', type: 'on-site', text: 'Technik na miejscu.' }],
  ...overrides,
});

const checkers = new Map<string, ContractChecker>();

/** The checker of the document the app at `url` serves (one per distinct document in this test file). */
async function contractOf(url: string): Promise<ContractChecker> {
  const text = await (await fetch(`${url}/api/openapi.json`)).text();
  const key = text.replace(url, '');
  let checker = checkers.get(key);
  if (!checker) {
    checker = new ContractChecker(JSON.parse(text) as Record<string, unknown>);
    checkers.set(key, checker);
  }
  return checker;
}

/** A fresh database (created from the admin URL, migrated) and the real app on port 0. */
export async function startTestApp(
  options: {
    limits?: Partial<AccessLimits>;
    trustProxy?: boolean;
    jobStream?: Partial<JobStreamSettings>;
    /** What the date rules take as now (`frozenClock`, `movableClock`); the real clock otherwise. */
    clock?: Clock;
    /** Sends e-mail through this SMTP server (and runs the mail worker); no mail otherwise. */
    mail?: { smtpUrl: string; from?: string; secret?: Buffer };
    /** Runs on another app's database (closed with `keepDatabase`: a restart), which this one then drops. */
    database?: ScratchDatabase;
  } = {},
): Promise<TestApp> {
  const scratch = options.database ?? (await createScratchDatabase(inject('adminDatabaseUrl'), 'amage_t'));
  const db = createKnex(scratch.url);
  await migrateLatest(db);
  const mail: MailSettings | undefined = options.mail && {
    smtpUrl: options.mail.smtpUrl,
    from: options.mail.from ?? '"Zakład Gliwice" <portal@plant.example>',
    box: new SecretBox(options.mail.secret ?? TEST_SECRET),
  };
  if (mail) await MailWorker.install(scratch.url);

  const logs: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void logs.push(line) });
  const integrationKey = `amgk_${randomBytes(32).toString('base64url')}`;
  await seedIntegrationKey(db, integrationKey);

  // Listen first so the app's public URL (the hosted page's origin) is the real address.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const {
    app,
    registry,
    moduleDeps,
    close: closeApp,
  } = createApp({
    db,
    logger,
    publicUrl: url,
    limits: options.limits,
    trustProxy: options.trustProxy,
    jobStream: options.jobStream,
    clock: options.clock,
    mail,
  });
  server.on('request', app);
  const mailWorker =
    mail &&
    (await new MailWorker(
      { db, connectionString: scratch.url, logger, mail, subjects: moduleDeps.subjects, publicUrl: url },
      { pollIntervalMs: 200 },
    ).start());
  const contract = await contractOf(url);

  /** Every answer a test sees from the APIs is checked against the served OpenAPI document. */
  const checkedFetch = async (target: string, init: RequestInit = {}) => {
    const res = await fetch(target, init);
    if (new URL(target).pathname.startsWith('/api/')) {
      const violations = await contract.violations(init.method ?? 'GET', target, res);
      if (violations.length) throw new Error(`The answer breaks the OpenAPI document:\n${violations.join('\n')}`);
    }
    return res;
  };
  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    checkedFetch(url + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const testApp: TestApp = {
    url,
    db,
    database: scratch,
    registry,
    logs,
    integrationKey,
    clock: options.clock ?? systemClock,
    fetch: checkedFetch,
    integration: (method, path, body) =>
      call(method, INTEGRATION_BASE + path, { authorization: `Bearer ${integrationKey}` }, body),
    portal: (method, path, token, body, headers = {}) =>
      call(method, PORTAL_BASE + path, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body),
    async seedDemo() {
      const links: string[] = [];
      for (const module of portalModules)
        links.push(...((await module.seedDemo?.(moduleDeps, url)) ?? []).map((l) => l.hosted));
      return links;
    },
    async putJob(ref, overrides) {
      const res = await testApp.integration('PUT', `/jobs/${ref}`, jobBody(overrides));
      if (res.status >= 300) throw new Error(`PUT job ${ref}: ${res.status} ${await res.text()}`);
    },
    async issueLink(body) {
      const res = await testApp.integration('POST', '/links', body);
      if (res.status !== 201) throw new Error(`POST /links: ${res.status} ${await res.text()}`);
      return (await res.json()) as CreatedLink;
    },
    async writtenEvents() {
      const rows = await db('events').orderBy('id');
      return rows.map((r) => ({
        id: String(r.id),
        type: r.type,
        subject: { type: r.subjectType, ref: r.subjectRef },
        linkId: r.linkId,
        occurredAt: r.occurredAt.toISOString(),
        data: r.data,
      }));
    },
    async feed(after) {
      const events: PortalEvent[] = [];
      let cursor = after;
      for (;;) {
        const res = await testApp.integration('GET', `/events?limit=50${cursor ? `&after=${cursor}` : ''}`);
        const page = (await res.json()) as EventPage;
        events.push(...page.events);
        if (page.events.length === 0) return { events, next: page.next };
        cursor = page.next;
      }
    },
    async feedUntil(done, after) {
      const deadline = Date.now() + 15_000;
      let read = await testApp.feed(after);
      while (!done(read.events)) {
        if (Date.now() > deadline)
          throw new Error(`the feed did not reach the expected state; it has ${read.events.length} events`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const more = await testApp.feed(read.next);
        read = { events: [...read.events, ...more.events], next: more.next };
      }
      return read;
    },
    async session(link) {
      const res = await testApp.portal('POST', '/sessions', link.token, undefined, {
        'idempotency-key': idempotencyKey(),
      });
      if (res.status !== 201) throw new Error(`POST /sessions: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    async close({ keepDatabase = false } = {}) {
      await mailWorker?.stop();
      await closeApp();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
      if (!keepDatabase) await scratch.drop();
    },
  };
  return testApp;
}
