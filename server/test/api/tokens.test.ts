import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedLink, Link, Problem, SessionInfo, SessionToken } from '@amage/contracts';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.putJob('JOB-A');
});
afterAll(() => t.close());

const jobLink = (extra: Record<string, unknown> = {}) =>
  t.issueLink({
    subject: { type: 'job', ref: 'JOB-A' },
    actions: ['job:read'],
    recipient: { email: 'jan.nowak@browar.example', name: 'Jan' },
    ...extra,
  });

async function problem(res: Response): Promise<Problem> {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as Problem;
}

describe('issuing links', () => {
  it('when a link is issued, then the token is 256 bits, prefixed, shown once, and only its hash is stored', async () => {
    const link = await jobLink();
    expect(link.token).toMatch(/^amg_[A-Za-z0-9_-]{43}$/);
    expect(link.url).toBe(`${t.url}/portal#token=${link.token}`);
    const row = await t.db('links').where({ id: link.id }).first();
    expect(row.tokenHash.equals(createHash('sha256').update(link.token).digest())).toBe(true);

    const read = await (await t.integration('GET', `/links/${link.id}`)).json();
    expect(read).toMatchObject({ id: link.id, status: 'active', uses: 0, lastUsedAt: null });
    expect(JSON.stringify(read)).not.toContain(link.token);
  });

  it('when no expiry is given, then the portal default applies; past the maximum, it is refused at the field', async () => {
    const link = await jobLink();
    const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThan(91);
    const res = await t.integration('POST', '/links', {
      subject: { type: 'job', ref: 'JOB-A' },
      actions: ['job:read'],
      expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString(),
    });
    expect(res.status).toBe(422);
    expect((await problem(res)).errors).toEqual([expect.objectContaining({ pointer: '/expiresAt' })]);
  });

  it('when the actions belong to another portal or the subject was never shared, then the link is refused', async () => {
    const wrongAction = await t.integration('POST', '/links', {
      subject: { type: 'job', ref: 'JOB-A' },
      actions: ['job:read', 'order:read'],
    });
    expect(wrongAction.status).toBe(422);
    expect((await problem(wrongAction)).errors?.[0]?.pointer).toBe('/actions/1');
    const unknownSubject = await t.integration('POST', '/links', {
      subject: { type: 'job', ref: 'NOPE' },
      actions: ['job:read'],
    });
    expect((await problem(unknownSubject)).code).toBe('subject.not_found');
  });

  it('when a subject has several links, then each works on its own and the list shows them all', async () => {
    const [a, b] = [await jobLink(), await jobLink()];
    await t.integration('DELETE', `/links/${a.id}`);
    expect((await t.portal('GET', '/session', b.token)).status).toBe(200);
    const { links } = (await (await t.integration('GET', '/links?subjectType=job&subjectRef=JOB-A')).json()) as {
      links: Link[];
    };
    expect(links.map((l: { id: string }) => l.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('when the integration key is missing or wrong, then the integration API refuses', async () => {
    const res = await t.fetch(`${t.url}/api/integration/v1/links/00000000-0000-0000-0000-000000000000`, {
      headers: { authorization: 'Bearer amgk_wrong' },
    });
    expect(res.status).toBe(401);
    expect((await problem(res)).code).toBe('integration_key.invalid');
  });
});

describe('sessions', () => {
  it('when a link token is exchanged, then a session token with the same scope works and the link counts one use', async () => {
    const link = await jobLink();
    const res = await t.portal('POST', '/sessions', link.token, undefined, { 'idempotency-key': idempotencyKey() });
    expect(res.status).toBe(201);
    const session = (await res.json()) as SessionToken;
    expect(session.token).toMatch(/^amgs_[A-Za-z0-9_-]{43}$/);
    expect(session.actions).toEqual(['job:read']);
    const ttl = Date.parse(session.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);

    const info = (await (await t.portal('GET', '/session', session.token)).json()) as SessionInfo;
    expect(info).toMatchObject({
      tokenKind: 'session',
      subject: { type: 'job', ref: 'JOB-A' },
      recipient: { emailMasked: 'j***@browar.example' },
    });
    expect((await t.portal('GET', '/jobs/JOB-A', session.token)).status).toBe(200);
    expect(await (await t.integration('GET', `/links/${link.id}`)).json()).toMatchObject({ uses: 1 });
  });

  it('when a session is refreshed, then a new token works and the old one still works until its own expiry', async () => {
    const link = await jobLink();
    const first = await t.session(link);
    const res = await t.portal('POST', '/sessions/refresh', first, undefined, { 'idempotency-key': idempotencyKey() });
    expect(res.status).toBe(201);
    const second = ((await res.json()) as SessionToken).token;
    expect(second).not.toBe(first);
    expect((await t.portal('GET', '/jobs/JOB-A', second)).status).toBe(200);
    expect((await t.portal('GET', '/jobs/JOB-A', first)).status).toBe(200);
    expect(await (await t.integration('GET', `/links/${link.id}`)).json()).toMatchObject({ uses: 1 });
  });

  it('when a refresh answer was lost, then the retry under the same key answers the same new session and token', async () => {
    const session = await t.session(await jobLink());
    const key = idempotencyKey();
    const first = (await (
      await t.portal('POST', '/sessions/refresh', session, undefined, { 'idempotency-key': key })
    ).json()) as SessionToken;
    const retry = await t.portal('POST', '/sessions/refresh', session, undefined, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    const second = (await retry.json()) as SessionToken;
    // The same token again: whichever answer reached the holder works.
    expect(second.token).toBe(first.token);
    expect((await t.portal('GET', '/jobs/JOB-A', second.token)).status).toBe(200);
  });

  it('when one session is refreshed twice under different keys (two holders of a token), then its whole family ends', async () => {
    const link = await jobLink();
    const stolen = await t.session(link);
    const refresh = (token: string) =>
      t.portal('POST', '/sessions/refresh', token, undefined, { 'idempotency-key': idempotencyKey() });
    const legit = ((await (await refresh(stolen)).json()) as SessionToken).token;
    const next = ((await (await refresh(legit)).json()) as SessionToken).token;

    const replay = await refresh(stolen);
    expect(replay.status).toBe(401);
    expect((await problem(replay)).code).toBe('session.revoked');
    for (const token of [stolen, legit, next])
      expect((await problem(await t.portal('GET', '/jobs/JOB-A', token))).code).toBe('session.revoked');
    await expect
      .poll(async () =>
        (await t.writtenEvents()).some((e) => e.type === 'session.reuse-detected' && e.linkId === link.id),
      )
      .toBe(true);
    // Other sessions of the same link are another family and go on.
    const other = await t.session(link);
    expect((await t.portal('GET', '/jobs/JOB-A', other)).status).toBe(200);
  });

  it('when the link token is offered to refresh, or a session token to start a session, then they are refused', async () => {
    const link = await jobLink();
    const session = await t.session(link);
    const refreshWithLink = await t.portal('POST', '/sessions/refresh', link.token, undefined, {
      'idempotency-key': idempotencyKey(),
    });
    expect((await problem(refreshWithLink)).code).toBe('token.session_required');
    const startWithSession = await t.portal('POST', '/sessions', session, undefined, {
      'idempotency-key': idempotencyKey(),
    });
    expect((await problem(startWithSession)).code).toBe('token.link_required');
  });

  it('when a session ran out less than the refresh grace ago, then it can still be refreshed (and nothing else); after the grace, not', async () => {
    const link = await jobLink({ maxUses: 1 });
    const session = await t.session(link);
    await t.db('sessions').update({ expiresAt: new Date(Date.now() - 60 * 60_000) });
    expect((await problem(await t.portal('GET', '/jobs/JOB-A', session))).code).toBe('session.expired');
    const refreshed = await t.portal('POST', '/sessions/refresh', session, undefined, {
      'idempotency-key': idempotencyKey(),
    });
    expect(refreshed.status).toBe(201);
    expect((await t.portal('GET', '/jobs/JOB-A', ((await refreshed.json()) as SessionToken).token)).status).toBe(200);

    await t.db('sessions').update({ expiresAt: new Date(Date.now() - 13 * 60 * 60_000) });
    const late = await t.portal('POST', '/sessions/refresh', session, undefined, {
      'idempotency-key': idempotencyKey(),
    });
    expect((await problem(late)).code).toBe('session.expired');
  });

  it('when a session has run out, then it answers session.expired', async () => {
    const link = await jobLink();
    const session = await t.session(link);
    await t.db('sessions').update({ expiresAt: new Date(Date.now() - 1000) });
    const res = await t.portal('GET', '/jobs/JOB-A', session);
    expect(res.status).toBe(401);
    expect((await problem(res)).code).toBe('session.expired');
  });
});

describe('spending uses', () => {
  it('when a one-time link is opened and read any number of times, then no use is spent; the session start spends it', async () => {
    const link = await jobLink({ maxUses: 1 });
    for (let i = 0; i < 3; i += 1) {
      expect((await t.portal('GET', '/session', link.token)).status).toBe(200);
      expect((await t.portal('GET', '/jobs/JOB-A', link.token)).status).toBe(200);
      expect(
        (
          await t.fetch(`${t.url}/api/portal/v1/jobs/JOB-A`, {
            method: 'HEAD',
            headers: { authorization: `Bearer ${link.token}` },
          })
        ).status,
      ).toBe(200);
    }
    expect(((await (await t.portal('GET', '/session', link.token)).json()) as SessionInfo).remainingUses).toBe(1);
    const session = await t.session(link);

    const again = await t.portal('POST', '/sessions', link.token, undefined, { 'idempotency-key': idempotencyKey() });
    expect(again.status).toBe(401);
    expect((await problem(again)).code).toBe('token.used_up');
    expect((await problem(await t.portal('GET', '/jobs/JOB-A', link.token))).code).toBe('token.used_up');
    // The session the use bought keeps working.
    expect((await t.portal('GET', '/jobs/JOB-A', session)).status).toBe(200);
  });

  it('when a session start is retried with the same Idempotency-Key, then the same session and token are answered without spending a use', async () => {
    const link = await jobLink({ maxUses: 1 });
    const key = idempotencyKey();
    const first = (await (
      await t.portal('POST', '/sessions', link.token, undefined, { 'idempotency-key': key })
    ).json()) as SessionToken;
    // The answer was lost: the one-time link is used up, but a retry of the very same start still answers.
    const retry = await t.portal('POST', '/sessions', link.token, undefined, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    const reminted = (await retry.json()) as SessionToken;
    expect(reminted.token).toBe(first.token);
    expect((await t.portal('GET', '/jobs/JOB-A', reminted.token)).status).toBe(200);
    const other = await t.portal('POST', '/sessions', link.token, undefined, { 'idempotency-key': idempotencyKey() });
    expect((await problem(other)).code).toBe('token.used_up');
    const unlimited = await jobLink({ maxUses: 2 });
    const k2 = idempotencyKey();
    const a = (await (
      await t.portal('POST', '/sessions', unlimited.token, undefined, { 'idempotency-key': k2 })
    ).json()) as SessionToken;
    const b = (await (
      await t.portal('POST', '/sessions', unlimited.token, undefined, { 'idempotency-key': k2 })
    ).json()) as SessionToken;
    expect(b.token).toBe(a.token);
    expect((await t.portal('GET', '/jobs/JOB-A', b.token)).status).toBe(200);
    expect(await (await t.integration('GET', `/links/${unlimited.id}`)).json()).toMatchObject({ uses: 1 });
    expect(await t.db('sessions').where({ linkId: unlimited.id }).count()).toEqual([{ count: '1' }]);
    expect(first.token).toMatch(/^amgs_/);
  });

  it('when twenty session starts under one key arrive at once, then one session is made and every answer carries its working token', async () => {
    for (const maxUses of [1, null]) {
      const link = await jobLink({ maxUses });
      const key = idempotencyKey();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          t.portal('POST', '/sessions', link.token, undefined, { 'idempotency-key': key }),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
      const tokens = new Set(await Promise.all(answers.map(async (r) => ((await r.json()) as SessionToken).token)));
      expect(tokens.size).toBe(1);
      expect((await t.portal('GET', '/jobs/JOB-A', [...tokens][0])).status).toBe(200);
      expect(await t.db('sessions').where({ linkId: link.id }).count()).toEqual([{ count: '1' }]);
      expect(await (await t.integration('GET', `/links/${link.id}`)).json()).toMatchObject({ uses: 1 });
    }
  });

  it('when two session starts race on a one-time link, then exactly one wins', async () => {
    const link = await jobLink({ maxUses: 1 });
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.portal('POST', '/sessions', link.token, undefined, { 'idempotency-key': idempotencyKey() }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 401, 401, 401, 401, 401]);
  });
});

describe('refusals', () => {
  it('when a link has expired, then it says so, masks the recipient, and a fresh link can be asked for once per period', async () => {
    const link = await jobLink();
    await t
      .db('links')
      .where({ id: link.id })
      .update({ expiresAt: new Date(Date.now() - 1000) });
    const res = await t.portal('GET', '/session', link.token);
    expect(res.status).toBe(401);
    expect(await problem(res)).toMatchObject({
      code: 'token.expired',
      renewable: true,
      recipient: 'j***@browar.example',
    });

    const renewal = await t.portal('POST', '/link-renewals', link.token, undefined, {
      'idempotency-key': idempotencyKey(),
    });
    expect(renewal.status).toBe(202);
    expect(await renewal.json()).toMatchObject({ recipient: 'j***@browar.example' });
    const event = await t.db('events').where({ type: 'link.renewal-requested', linkId: link.id }).first();
    expect(event.data.recipient.email).toBe('jan.nowak@browar.example');

    const twice = await t.portal('POST', '/link-renewals', link.token, undefined, {
      'idempotency-key': idempotencyKey(),
    });
    expect(twice.status).toBe(429);
    expect(Number(twice.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('when a live link asks for renewal, then it is refused', async () => {
    const link = await jobLink();
    const res = await t.portal('POST', '/link-renewals', link.token, undefined, {
      'idempotency-key': idempotencyKey(),
    });
    expect((await problem(res)).code).toBe('link.not_expired');
  });

  it('when a link is revoked, then the link and every session from it stop at once', async () => {
    const link = await jobLink();
    const session = await t.session(link);
    const revoked = (await (await t.integration('DELETE', `/links/${link.id}`)).json()) as Link;
    expect(revoked.status).toBe('revoked');
    for (const token of [link.token, session]) {
      const res = await t.portal('GET', '/jobs/JOB-A', token);
      expect(res.status).toBe(401);
      expect((await problem(res)).code).toBe('token.revoked');
    }
  });

  it('when a token is unknown, missing or malformed, then the answer tells nothing about any link', async () => {
    const unknown = await problem(await t.portal('GET', '/session', `amg_${'A'.repeat(43)}`));
    const malformed = await problem(await t.portal('GET', '/session', 'amg_short'));
    expect(unknown.code).toBe('token.unknown');
    expect(malformed.code).toBe('token.unknown');
    expect(unknown.detail).toBe(malformed.detail);
    expect(unknown).not.toHaveProperty('recipient');
    expect((await problem(await t.portal('GET', '/session'))).code).toBe('token.missing');
  });

  it('when a token rides in the query string, then it is refused and never logged', async () => {
    const link = await jobLink();
    for (const query of [`token=${link.token}`, `access_token=${link.token}`, `q=${link.token}`]) {
      const res = await t.fetch(`${t.url}/api/portal/v1/jobs/JOB-A?${query}`, {
        headers: { authorization: `Bearer ${link.token}` },
      });
      expect(res.status).toBe(400);
      expect((await problem(res)).code).toBe('token.in_query');
    }
    expect(t.logs.join('\n')).not.toContain(link.token);
    // Broken percent-encoding is a bad request, not a server error.
    const broken = await t.fetch(`${t.url}/api/portal/v1/jobs/JOB-A?x=%E0%A4%A&y=%`, {
      headers: { authorization: `Bearer ${link.token}` },
    });
    expect(broken.status).toBe(200);
    const encoded = await fetch(
      `${t.url}/api/portal/v1/jobs/JOB-A?q=${encodeURIComponent(link.token).replace('_', '%5F')}`,
      { headers: { authorization: `Bearer ${link.token}` } },
    );
    expect((await problem(encoded)).code).toBe('token.in_query');
  });

  it('when the page origin is not one the link allows, then the API refuses readably (no data); the hosted page and allowed origins pass', async () => {
    const link = await jobLink({ allowedOrigins: ['https://intranet.browar.example'] });
    const from = (origin: string) => t.portal('GET', '/jobs/JOB-A', link.token, undefined, { origin });
    const foreign = await from('https://evil.example');
    expect(foreign.status).toBe(403);
    // The page can read the refusal (so the widget says "not allowed on this website"), nothing more.
    expect(foreign.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    const refusal = await problem(foreign);
    expect(refusal.code).toBe('origin.not_allowed');
    expect(Object.keys(refusal).sort()).toEqual(['code', 'detail', 'instance', 'status', 'title', 'type']);
    const allowed = await from('https://intranet.browar.example');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://intranet.browar.example');
    expect((await from(t.url)).status).toBe(200);

    const preflight = await t.fetch(`${t.url}/api/portal/v1/jobs/JOB-A`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://intranet.browar.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });
});

describe('audit and secrets at rest', () => {
  it('when a token is used, then the access log records when, from where, which route and outcome, without the token', async () => {
    const link: CreatedLink = await jobLink();
    await t.portal('GET', '/jobs/JOB-A', link.token, undefined, { 'user-agent': 'audit-test' });
    await t.portal(
      'POST',
      '/jobs/JOB-A/approvals',
      link.token,
      { decision: 'accept-work', name: 'X' },
      { 'idempotency-key': idempotencyKey() },
    );
    await expect
      .poll(async () =>
        t
          .db('access_log')
          .where({ linkId: link.id })
          .orderBy('id')
          .select('route', 'action', 'status', 'outcome', 'ip', 'userAgent'),
      )
      .toEqual([
        expect.objectContaining({
          route: '/api/portal/v1/jobs/:ref',
          action: 'job:read',
          status: 200,
          outcome: 'ok',
          userAgent: 'audit-test',
        }),
        expect.objectContaining({
          route: '/api/portal/v1/jobs/:ref/approvals',
          action: 'job:approve',
          status: 403,
          outcome: 'token.action_not_granted',
        }),
      ]);
  });

  it('when everything above has run, then no clear token or key is in any table or log line', async () => {
    const link = await jobLink();
    const session = await t.session(link);
    await t.portal('GET', '/jobs/JOB-A', session);
    const tables: { tablename: string }[] = (
      await t.db.raw("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    ).rows;
    for (const { tablename } of tables) {
      const dump = JSON.stringify((await t.db.raw(`SELECT * FROM "${tablename}"`)).rows);
      expect(dump, tablename).not.toMatch(/amg[sk]?_[A-Za-z0-9_-]{43}/);
      expect(dump, tablename).not.toContain(t.integrationKey);
    }
    const logs = t.logs.join('\n');
    expect(logs).not.toMatch(/amg[sk]?_[A-Za-z0-9_-]{43}/);
    expect(logs).toContain('/api/portal/v1/jobs/JOB-A');
  });
});

describe('integration keys', () => {
  it('when a key is created, then it works at once, is listed without its secret, and stops when revoked', async () => {
    const created = (await (await t.integration('POST', '/keys', { name: 'ERP connector' })).json()) as {
      id: string;
      key: string;
      name: string;
    };
    expect(created.key).toMatch(/^amgk_[A-Za-z0-9_-]{43}$/);
    const withNewKey = (path: string) =>
      t.fetch(`${t.url}/api/integration/v1${path}`, { headers: { authorization: `Bearer ${created.key}` } });
    expect((await withNewKey('/events')).status).toBe(200);

    const { keys } = (await (await t.integration('GET', '/keys')).json()) as { keys: unknown[] };
    expect(keys).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: created.id, name: 'ERP connector', revokedAt: null })]),
    );
    expect(JSON.stringify(keys)).not.toContain(created.key);

    expect((await t.integration('DELETE', `/keys/${created.id}`)).status).toBe(200);
    expect((await withNewKey('/events')).status).toBe(401);
  });
});
