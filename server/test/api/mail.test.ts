import type { ParsedMail } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  CreatedLink,
  EventOf,
  Link,
  PortalEvent,
  Problem,
  PutComplaintBody,
  PutPurchaseOrderBody,
  StepUpChallenge,
} from '@amage/contracts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const order = (number: string): PutPurchaseOrderBody => ({
  number,
  supplier: { ref: 'SUP-17', name: 'Hydro-Tech Sp. z o.o.', email: 'orders@hydrotech.example' },
  buyer: { name: 'Anna Kowalska', email: 'a.kowalska@plant.example' },
  currency: 'PLN',
  lines: [
    {
      lineNo: 1,
      itemCode: 'BRG-6204',
      description: 'Łożysko 6204-2RS',
      quantity: 100,
      unit: 'szt',
      requestedDate: inDays(60).slice(0, 10),
    },
  ],
});

const complaint: PutComplaintBody = {
  number: 'RK/2026/0009',
  supplier: { ref: 'SUP-17', name: 'Hydro-Tech Sp. z o.o.', email: 'quality@hydrotech.example' },
  description: 'Łożyska z partii L-2291 głośno pracują po montażu.',
  resolution: 'Wymiana 12 szt.',
  stages: [{ key: 'containment', dueAt: inDays(3) }],
};

const ORDER_ACTIONS = ['order:read', 'order:confirm-dates', 'order:declare-delivery'] as const;

/** The portal URL in a mail (the plain text names it after "Open"/"Otwórz"/"Öffnen"). */
const urlIn = (mail: ParsedMail) => /https?:\/\/\S+\/portal#token=amg_[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0];
const tokenIn = (mail: ParsedMail) => urlIn(mail)?.split('#token=')[1];
const to = (mail: ParsedMail) => [mail.to ?? []].flat()[0]!.value[0]!.address;

/** Every table of the app and of the mail queue, as text, that holds `needle`. */
async function tablesHolding(t: TestApp, needle: string): Promise<string[]> {
  const { rows } = (await t.db.raw(
    `SELECT format('%I.%I', table_schema, table_name) AS tbl FROM information_schema.tables
      WHERE table_schema IN ('public', 'graphile_worker') AND table_type = 'BASE TABLE'`,
  )) as { rows: Array<{ tbl: string }> };
  expect(rows.map((r) => r.tbl)).toContain('graphile_worker._private_jobs');
  const holding: string[] = [];
  for (const { tbl: table } of rows) {
    const hit = await t.db.raw(`SELECT 1 FROM ${table} AS x WHERE x::text LIKE ? LIMIT 1`, [`%${needle}%`]);
    if ((hit as { rows: unknown[] }).rows.length) holding.push(table);
  }
  return holding;
}

let smtp: TestSmtp;
let t: TestApp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await startTestApp({ mail: { smtpUrl: smtp.url } });
  for (const ref of ['PO-M-1', 'PO-M-2', 'PO-M-3'])
    await t.integration('PUT', `/purchase-orders/${ref}`, order(ref.replace('PO-M', 'PO/2026/M')));
  await t.integration('PUT', '/complaints/CMP-M-1', complaint);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});
afterEach(() => {
  smtp.mails.length = 0;
  smtp.refuse(0);
});

const getLink = async (id: string) => (await (await t.integration('GET', `/links/${id}`)).json()) as Link;

async function waitForLink(id: string, done: (link: Link) => boolean): Promise<Link> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const link = await getLink(id);
    if (done(link)) return link;
    if (Date.now() > deadline) throw new Error(`link ${id}: ${JSON.stringify(link.delivery)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The 15th of the month after next, at noon UTC: within a purchase order link's 180 days. */
const now = new Date();
const EXPIRES = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 15, 12));
const dayMonth = (locale: string) =>
  new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(EXPIRES);
const year = EXPIRES.getUTCFullYear();

const emailed = (ref: string, locale: string, extra: Record<string, unknown> = {}) =>
  t.issueLink({
    subject: { type: 'purchase-order', ref },
    actions: [...ORDER_ACTIONS],
    expiresAt: EXPIRES.toISOString(),
    recipient: { email: `jan.${locale}@hydrotech.example`, name: 'Jan Nowak', locale },
    delivery: 'email',
    ...extra,
  });

describe('links by e-mail', () => {
  it('when a link is issued with delivery email, then its recipient gets it in Polish, English or German, HTML and text', async () => {
    const links = {
      pl: await emailed('PO-M-1', 'pl'),
      // Times are given in the recipient's time zone when the link names one (UTC otherwise).
      en: await emailed('PO-M-1', 'en', {
        recipient: { email: 'jan.en@hydrotech.example', name: 'Jan Nowak', locale: 'en', timeZone: 'Asia/Tokyo' },
      }),
      de: await emailed('PO-M-1', 'de'),
    };
    const mails = await smtp.waitFor(3);
    const mailTo = (locale: string) => mails.find((m) => to(m) === `jan.${locale}@hydrotech.example`)!;

    const expected = {
      pl: {
        subject: 'Zakład Gliwice: link do zamówienia PO/2026/M-1',
        lines: [
          'Dzień dobry, Jan Nowak,',
          '- potwierdzać lub proponować terminy i ilości dostaw',
          `Link jest ważny do ${dayMonth('pl')} ${year} 12:00 UTC.`,
        ],
      },
      en: {
        subject: 'Zakład Gliwice: your link to purchase order PO/2026/M-1',
        lines: [
          'Hello Jan Nowak,',
          '- declare deliveries (shipping notices)',
          `The link works until ${new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(EXPIRES)} 15, ${year} at 09:00 PM GMT+9.`,
        ],
      },
      de: {
        subject: 'Zakład Gliwice: Ihr Link zu Bestellung PO/2026/M-1',
        lines: [
          'Guten Tag Jan Nowak,',
          '- Lieferungen avisieren',
          `Der Link gilt bis ${dayMonth('de')} ${year} um 12:00 UTC.`,
        ],
      },
    };
    for (const [locale, link] of Object.entries(links)) {
      const mail = mailTo(locale);
      const want = expected[locale as keyof typeof expected];
      expect(mail.subject).toBe(want.subject);
      expect(mail.from?.text).toBe('"Zakład Gliwice" <portal@plant.example>');
      for (const line of want.lines) expect(mail.text).toContain(line);
      // The link itself, in the text and behind the HTML button, is the one the answer gave once.
      expect(urlIn(mail)).toBe(link.url);
      expect(mail.html).toContain(`href="${link.url}"`);
      expect(mail.html).toContain(`lang="${locale}"`);
      expect(mail.text).toContain('Anna Kowalska <a.kowalska@plant.example>');
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    }

    const delivered = await waitForLink(links.en.id, (l) => l.delivery?.state === 'sent');
    expect(delivered.delivery).toMatchObject({
      channel: 'email',
      to: 'jan.en@hydrotech.example',
      state: 'sent',
      attempts: 1,
      lastError: null,
    });
    const { events } = await t.feedUntil(
      (all) => all.filter((e) => e.type === 'link.delivered' && e.subject.ref === 'PO-M-1').length === 3,
    );
    const event = events.find(
      (e): e is EventOf<'link.delivered'> => e.type === 'link.delivered' && e.linkId === links.de.id,
    );
    expect(event?.data).toMatchObject({ channel: 'email', to: 'jan.de@hydrotech.example', attempts: 1 });
  });

  it('when a link is e-mailed, then its clear token rests in no table, not in the queue either', async () => {
    smtp.refuse(1); // still queued (and retried) when the tables are read
    const link = await emailed('PO-M-2', 'pl');
    const { rows } = (await t.db.raw('SELECT count(*)::int AS n FROM graphile_worker.jobs')) as {
      rows: Array<{ n: number }>;
    };
    expect(rows[0]!.n).toBeGreaterThan(0);
    expect(await tablesHolding(t, link.token)).toEqual([]);
    expect(await tablesHolding(t, link.token.slice(4, 30))).toEqual([]);
    const [mail] = await smtp.waitFor(1);
    expect(tokenIn(mail!)).toBe(link.token);
    await waitForLink(link.id, (l) => l.delivery?.state === 'sent');
    expect(await tablesHolding(t, link.token)).toEqual([]);
    // Once sent, not even the sealed copy is kept.
    expect(await t.db('mail_deliveries').where({ linkId: link.id }).whereNotNull('sealedSecret')).toEqual([]);
  });

  it('when the mail server refuses for a while and then accepts, then the mail is delivered exactly once', async () => {
    smtp.refuse(2);
    const link = await emailed('PO-M-3', 'en');
    const queued = await waitForLink(
      link.id,
      (l) => (l.delivery?.attempts ?? 0) >= 1 && l.delivery?.state === 'queued',
    );
    expect(queued.delivery?.lastError).toMatch(/451/);
    const sent = await waitForLink(link.id, (l) => l.delivery?.state === 'sent');
    expect(sent.delivery).toMatchObject({ state: 'sent', attempts: 3 });
    expect(smtp.refused).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.mails.filter((m) => tokenIn(m) === link.token)).toHaveLength(1);
  }, 40_000);

  it('when the mail server refuses the address for good, then the link shows the failure and the feed says so', async () => {
    smtp.refuse(1, 550);
    const link = await emailed('PO-M-3', 'en');
    const failed = await waitForLink(link.id, (l) => l.delivery?.state === 'failed');
    expect(failed.delivery).toMatchObject({ state: 'failed', attempts: 1 });
    expect(failed.delivery?.lastError).toMatch(/550/);
    const { events } = await t.feedUntil((all) =>
      all.some((e) => e.type === 'link.delivery-failed' && e.linkId === link.id),
    );
    expect(events.find((e) => e.type === 'link.delivery-failed' && e.linkId === link.id)?.data).toMatchObject({
      permanent: true,
      to: 'jan.en@hydrotech.example',
    });
    expect(smtp.mails).toHaveLength(0);
  });

  it('when delivery email lacks the recipient address, then 422 at /recipient/email', async () => {
    const res = await t.integration('POST', '/links', {
      subject: { type: 'purchase-order', ref: 'PO-M-1' },
      actions: ['order:read'],
      delivery: 'email',
      recipient: { name: 'Jan' },
    });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as Problem;
    expect(problem.code).toBe('link.recipient_email_required');
    expect(problem.errors?.[0]?.pointer).toBe('/recipient/email');
  });
});

describe('step-up codes by e-mail', () => {
  it('when a risky action asks for a code, then the recipient gets it by mail within seconds and it confirms the action', async () => {
    const link = await t.issueLink({
      subject: { type: 'complaint', ref: 'CMP-M-1' },
      actions: ['complaint:read', 'complaint:respond'],
      recipient: { email: 'quality@hydrotech.example', name: 'Ewa Lis', locale: 'de' },
    });
    const session = await t.session(link);
    const asked = Date.now();
    const res = await t.portal(
      'POST',
      '/step-up',
      session,
      { action: 'complaint:respond' },
      { 'idempotency-key': idempotencyKey() },
    );
    expect(res.status).toBe(201);
    expect(((await res.json()) as StepUpChallenge).recipient).toBe('q***@hydrotech.example');
    const [mail] = await smtp.waitFor(1, 5_000);
    expect(Date.now() - asked).toBeLessThan(5_000);
    expect(to(mail!)).toBe('quality@hydrotech.example');
    const code = /^(\d{6}) ist Ihr Bestätigungscode \(Zakład Gliwice\)$/.exec(mail!.subject ?? '')?.[1];
    expect(code).toBeDefined();
    expect(mail!.text).toContain('die Reklamation schrittweise (8D) beantworten');
    expect(mail!.text).toContain(`    ${code}`);

    // The event tells the main system a code went out, without the code.
    const { events } = await t.feedUntil((all) =>
      all.some((e) => e.type === 'step-up.requested' && e.linkId === link.id),
    );
    const event = events.find(
      (e): e is EventOf<'step-up.requested'> => e.type === 'step-up.requested' && e.linkId === link.id,
    )!;
    expect(event.data.delivery).toBe('email');
    expect(event.data).not.toHaveProperty('code');
    expect(await tablesHolding(t, `"${code}"`)).toEqual([]);

    const accepted = await t.portal(
      'POST',
      '/complaints/CMP-M-1/acceptance',
      session,
      { name: 'Ewa Lis' },
      { 'idempotency-key': idempotencyKey(), 'x-step-up-code': code! },
    );
    expect(accepted.status).toBe(201);
  });
});

describe('renewals', () => {
  const expire = (link: CreatedLink) =>
    t
      .db('links')
      .where({ id: link.id })
      .update({ expiresAt: new Date(Date.now() - 60_000), createdAt: new Date(Date.now() - 7 * DAY - 60_000) });
  const renew = (token: string) =>
    t.portal('POST', '/link-renewals', token, undefined, { 'idempotency-key': idempotencyKey() });

  it('when an automatic link has expired and its holder asks, then a fresh link with the same scope is mailed and the old one revoked', async () => {
    const old = await t.issueLink({
      subject: { type: 'purchase-order', ref: 'PO-M-1' },
      actions: ['order:read', 'order:declare-delivery'],
      recipient: { email: 'jan.renew@hydrotech.example', name: 'Jan Nowak', locale: 'pl' },
      allowedOrigins: ['https://intranet.hydrotech.example'],
      renewal: 'automatic',
    });
    await expire(old);
    const expired = await t.portal('GET', '/session', old.token);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({
      code: 'token.expired',
      renewable: true,
      recipient: 'j***@hydrotech.example',
    });

    const res = await renew(old.token);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ recipient: 'j***@hydrotech.example' });
    const [mail] = await smtp.waitFor(1);
    expect(to(mail!)).toBe('jan.renew@hydrotech.example');
    expect(mail!.subject).toBe('Zakład Gliwice: nowy link do zamówienia PO/2026/M-1');
    expect(mail!.text).toContain('Poprzedni link już nie działa.');
    const fresh = tokenIn(mail!)!;
    expect(fresh).not.toBe(old.token);

    const session = await t.portal('GET', '/session', fresh);
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({
      subject: { type: 'purchase-order', ref: 'PO-M-1' },
      actions: ['order:read', 'order:declare-delivery'],
    });
    expect((await getLink(old.id)).status).toBe('revoked');
    const { links } = (await (
      await t.integration('GET', '/links?subjectType=purchase-order&subjectRef=PO-M-1')
    ).json()) as {
      links: Link[];
    };
    const successor = links.find((l) => l.renewedFrom === old.id)!;
    expect(successor).toMatchObject({
      renewal: 'automatic',
      allowedOrigins: ['https://intranet.hydrotech.example'],
      recipient: { email: 'jan.renew@hydrotech.example' },
    });
    // As long a life as the old one had (7 days).
    expect(Date.parse(successor.expiresAt) - Date.parse(successor.createdAt)).toBeGreaterThan(7 * DAY - 5_000);
    const { events } = await t.feedUntil((all) => all.some((e) => e.type === 'link.renewed' && e.linkId === old.id));
    expect(events.find((e) => e.type === 'link.renewed' && e.linkId === old.id)?.data).toMatchObject({
      previousLinkId: old.id,
      linkId: successor.id,
    });
    // A second click on the old page gets the same answer, and no second link.
    expect((await renew(old.token)).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.mails).toHaveLength(1);
  });

  it('when a one-time link was used up, then it can be renewed too', async () => {
    const old = await t.issueLink({
      subject: { type: 'purchase-order', ref: 'PO-M-2' },
      actions: ['order:read'],
      maxUses: 1,
      recipient: { email: 'once@hydrotech.example', locale: 'en' },
      renewal: 'automatic',
    });
    await t.session(old);
    const used = await t.portal('POST', '/sessions', old.token, undefined, { 'idempotency-key': idempotencyKey() });
    expect(await used.json()).toMatchObject({ code: 'token.used_up', renewable: true });
    expect((await renew(old.token)).status).toBe(202);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.text).toContain('It can be used once');
  });

  it('when a manual link has expired, then the request stays an event for the main system and nothing is mailed', async () => {
    const old = await t.issueLink({
      subject: { type: 'purchase-order', ref: 'PO-M-2' },
      actions: ['order:read'],
      recipient: { email: 'manual@hydrotech.example' },
    });
    await expire(old);
    expect((await renew(old.token)).status).toBe(202);
    await t.feedUntil((all) => all.some((e) => e.type === 'link.renewal-requested' && e.linkId === old.id));
    expect((await getLink(old.id)).status).toBe('expired');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.mails).toHaveLength(0);
  });
});

describe('the mail queue across restarts', () => {
  it('when the server stops before a mail could go and another starts, then that one sends it, once', async () => {
    const closed = await startTestSmtp();
    await closed.close(); // nothing listens there: every attempt fails to connect
    const first = await startTestApp({ mail: { smtpUrl: closed.url } });
    let second: TestApp | undefined;
    try {
      await first.integration('PUT', '/purchase-orders/PO-R-1', order('PO/2026/R-1'));
      const link = (await (
        await first.integration('POST', '/links', {
          subject: { type: 'purchase-order', ref: 'PO-R-1' },
          actions: ['order:read'],
          recipient: { email: 'restart@hydrotech.example', locale: 'en' },
          delivery: 'email',
        })
      ).json()) as CreatedLink;
      const deadline = Date.now() + 15_000;
      // The first attempt has failed and the mail waits for its retry.
      const waiting = async () => {
        const row = await first.db('mail_deliveries').where({ linkId: link.id }).first();
        return row.state === 'queued' && row.attempts === 1;
      };
      while (!(await waiting())) {
        if (Date.now() > deadline) throw new Error('no attempt');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await first.close({ keepDatabase: true });

      second = await startTestApp({ mail: { smtpUrl: smtp.url }, database: first.database });
      const [mail] = await smtp.waitFor(1, 30_000);
      expect(tokenIn(mail!)).toBe(link.token);
      const row = await second.db('mail_deliveries').where({ linkId: link.id }).first();
      expect(row).toMatchObject({ state: 'sent', attempts: 2 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(smtp.mails).toHaveLength(1);
      const events = (await second.writtenEvents()).filter((e: PortalEvent) => e.linkId === link.id);
      expect(events.map((e) => e.type)).toEqual(['link.delivered']);
    } finally {
      await (second ?? first).close();
    }
  }, 60_000);
});

describe('without e-mail settings', () => {
  it('when delivery email or automatic renewal is asked for, then 422 says the server sends no mail', async () => {
    const plain = await startTestApp();
    try {
      await plain.integration('PUT', '/purchase-orders/PO-N-1', order('PO/2026/N-1'));
      const res = await plain.integration('POST', '/links', {
        subject: { type: 'purchase-order', ref: 'PO-N-1' },
        actions: ['order:read'],
        recipient: { email: 'jan@hydrotech.example' },
        delivery: 'email',
        renewal: 'automatic',
      });
      expect(res.status).toBe(422);
      const problem = (await res.json()) as Problem;
      expect(problem.code).toBe('link.email_unavailable');
      expect(problem.errors?.map((e) => e.pointer)).toEqual(['/delivery', '/renewal']);
    } finally {
      await plain.close();
    }
  });
});
