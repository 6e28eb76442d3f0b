import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem, SessionInfo, SessionToken } from '@amage/contracts';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  // Failed look-ups: a small budget, to see wrong continuation secrets spend it.
  t = await startTestApp({ limits: { failedLookups: { points: 3, durationSec: 600, blockSec: 900 } } });
  await t.putJob('JOB-D', { number: 'ZL/2026/0107' });
});
afterAll(() => t.close());

const problem = async (res: Response) => (await res.json()) as Problem;
const start = (token: string, key = idempotencyKey()) =>
  t.portal('POST', '/sessions', token, undefined, { 'idempotency-key': key });
const continueWith = (token: string, secret: string) =>
  t.portal('POST', '/sessions/continuations', token, { secret }, { 'idempotency-key': idempotencyKey() });

const oneTime = (extra: Record<string, unknown> = {}) =>
  t.issueLink({
    subject: { type: 'job', ref: 'JOB-D' },
    actions: ['job:read'],
    maxUses: 1,
    recipient: { email: 'jan.nowak@browar.example', locale: 'pl' },
    ...extra,
  });

describe('dead ends: a link that no longer works says what it was for and whom to ask', () => {
  it('when a used-up link is opened, then the problem names the kind and number, the masked recipient and the link contact', async () => {
    const link = await oneTime({ contact: { name: 'Anna Kowalska', phone: '+48 32 000 00 00' } });
    expect((await start(link.token)).status).toBe(201);
    const res = await t.portal('GET', '/session', link.token);
    expect(res.status).toBe(401);
    expect(await problem(res)).toMatchObject({
      code: 'token.used_up',
      renewable: true,
      recipient: 'j***@browar.example',
      subject: { type: 'job', number: 'ZL/2026/0107' },
      contact: { name: 'Anna Kowalska', phone: '+48 32 000 00 00' },
    });
  });

  it('when an expired link has no contact of its own, then the appearance support contact is named', async () => {
    await t.integration('PUT', '/appearance', {
      companyName: 'Serwis Sp. z o.o.',
      support: { email: 'pomoc@serwis.example' },
    });
    const link = await oneTime();
    await t
      .db('links')
      .where({ id: link.id })
      .update({ expiresAt: new Date(Date.now() - 1000) });
    expect(await problem(await t.portal('GET', '/session', link.token))).toMatchObject({
      code: 'token.expired',
      subject: { type: 'job', number: 'ZL/2026/0107' },
      contact: { email: 'pomoc@serwis.example' },
    });
  });

  it('when a link is revoked mid-way, then its session answers the kind and the contact, not the number', async () => {
    const link = await oneTime({ contact: { email: 'kierownik@browar.example' } });
    const session = (await (await start(link.token)).json()) as SessionToken;
    await t.integration('DELETE', `/links/${link.id}`);
    const body = await problem(await t.portal('GET', '/jobs/JOB-D', session.token));
    expect(body).toMatchObject({
      code: 'token.revoked',
      subject: { type: 'job' },
      contact: { email: 'kierownik@browar.example' },
    });
    expect(body.subject).not.toHaveProperty('number');
    expect(JSON.stringify(body)).not.toContain('ZL/2026/0107');
  });

  it('when a token is unknown, then the answer still tells nothing', async () => {
    const body = await problem(await t.portal('GET', '/session', `amg_${'x'.repeat(43)}`));
    expect(body.code).toBe('token.unknown');
    expect(body).not.toHaveProperty('subject');
    expect(body).not.toHaveProperty('contact');
  });

  it('when a session is known, then GET /session names the subject by its number (the hosted heading)', async () => {
    const link = await t.issueLink({ subject: { type: 'job', ref: 'JOB-D' }, actions: ['job:read'] });
    const info = (await (await t.portal('GET', '/session', link.token)).json()) as SessionInfo;
    expect(info.about).toMatchObject({ number: 'ZL/2026/0107' });
  });
});

describe('one-time link continuation on the same device', () => {
  it('when a one-time session starts, then a 256-bit continuation secret comes with it, only its hash stored, expiring with the link', async () => {
    const link = await oneTime();
    const session = (await (await start(link.token)).json()) as SessionToken;
    expect(session.locale).toBe('pl');
    expect(session.continuation?.secret).toMatch(/^amgc_[A-Za-z0-9_-]{43}$/);
    expect(session.continuation?.expiresAt).toBe(link.expiresAt);
    const rows = await t.db('link_continuations').where({ linkId: link.id });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(session.continuation!.secret.slice(5));
  });

  it('when a link has no use limit, then no continuation is given (reopening simply starts another session)', async () => {
    const link = await t.issueLink({ subject: { type: 'job', ref: 'JOB-D' }, actions: ['job:read'] });
    const session = (await (await start(link.token)).json()) as SessionToken;
    expect(session).not.toHaveProperty('continuation');
  });

  it('when the used link is reopened with its secret, then a new working session starts without spending a use', async () => {
    const link = await oneTime();
    const first = (await (await start(link.token)).json()) as SessionToken;
    expect((await start(link.token)).status).toBe(401); // used up for anyone else
    const res = await continueWith(link.token, first.continuation!.secret);
    expect(res.status).toBe(201);
    const next = (await res.json()) as SessionToken;
    expect(next.token).not.toBe(first.token);
    expect((await t.portal('GET', '/jobs/JOB-D', next.token)).status).toBe(200);
    expect((await t.db('links').where({ id: link.id }).first()).uses).toBe(1);
    const events = await t.writtenEvents();
    expect(events.filter((e) => e.type === 'session.continued' && e.linkId === link.id)).toHaveLength(1);
  });

  it("when another link's secret, a made-up one, or an expired link is tried, then it is refused", async () => {
    const a = await oneTime();
    const b = await oneTime();
    const secretA = ((await (await start(a.token)).json()) as SessionToken).continuation!.secret;
    await start(b.token);
    expect((await problem(await continueWith(b.token, secretA))).code).toBe('continuation.invalid');
    await t
      .db('links')
      .where({ id: a.id })
      .update({ expiresAt: new Date(Date.now() - 1000) });
    expect((await problem(await continueWith(a.token, secretA))).code).toBe('token.expired');
  });

  it('when wrong secrets are tried over and over, then the address is limited like failed look-ups', async () => {
    const link = await oneTime();
    await start(link.token);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await continueWith(link.token, `amgc_${'A'.repeat(42)}${i}`)).status);
    // The budget is the file's (the test before spent one): refused first, then limited.
    expect(statuses[0]).toBe(401);
    expect(statuses.at(-1)).toBe(429);
  });
});
