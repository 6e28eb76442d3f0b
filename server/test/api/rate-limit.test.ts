import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@amage/contracts';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    trustProxy: true,
    // The link budget scaled down 15× (the default is 600 per 10 minutes), so the loop below is short.
    limits: {
      failedLookups: { points: 3, durationSec: 60, blockSec: 60 },
      linkRequests: { points: 40, durationSec: 600 },
    },
  });
  await t.putJob('JOB-R');
});
afterAll(() => t.close());

const guess = (ip: string, token = `amg_${'G'.repeat(43)}`) =>
  t.portal('GET', '/session', token, undefined, { 'x-forwarded-for': ip });

describe('failed look-ups are rate limited per client', () => {
  it('when one address guesses too often, then its guesses get 429 with Retry-After; valid tokens and other addresses go on', async () => {
    const link = await t.issueLink({ subject: { type: 'job', ref: 'JOB-R' }, actions: ['job:read'] });
    for (let i = 0; i < 3; i += 1) expect((await guess('203.0.113.7')).status).toBe(401);
    const limited = await guess('203.0.113.7');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as Problem).code).toBe('rate_limited');
    expect((await guess('203.0.113.7')).status).toBe(429);
    // 256-bit tokens are not what is being guessed: a real one still works, without a limiter round trip.
    expect((await guess('203.0.113.7', link.token)).status).toBe(200);

    expect((await guess('198.51.100.2', link.token)).status).toBe(200);
  });

  it('when an integration key is guessed, then the same budget applies', async () => {
    const tries = [];
    for (let i = 0; i < 5; i += 1) {
      tries.push(
        (
          await t.fetch(`${t.url}/api/integration/v1/events`, {
            headers: { authorization: 'Bearer wrong-key', 'x-forwarded-for': '192.0.2.9' },
          })
        ).status,
      );
    }
    expect(tries).toEqual([401, 401, 401, 429, 429]);
  });

  it('when requests come without any token, then they spend the same budget', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push(
        (await t.portal('GET', '/session', undefined, undefined, { 'x-forwarded-for': '192.0.2.77' })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('fair use: a request budget per link', () => {
  it('when a script loops on one session, then past its budget it gets 429 with Retry-After; another person on the same link and another link go on', async () => {
    const shared = await t.issueLink({ subject: { type: 'job', ref: 'JOB-R' }, actions: ['job:read'] });
    const looped = await t.session(shared);
    const other = await t.session(await t.issueLink({ subject: { type: 'job', ref: 'JOB-R' }, actions: ['job:read'] }));
    const statuses: number[] = [];
    const get = () => fetch(`${t.url}/api/portal/v1/jobs/JOB-R`, { headers: { authorization: `Bearer ${looped}` } });
    // The session's budget is 40; the loop runs 20 at a time.
    for (let i = 0; i < 3; i += 1)
      statuses.push(...(await Promise.all(Array.from({ length: 20 }, get))).map((r) => r.status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    const limited = await t.portal('GET', '/jobs/JOB-R', looped);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(500);
    expect(((await limited.json()) as Problem).detail).toMatch(/Retry in \d+ s/);
    expect((await t.portal('GET', '/jobs/JOB-R', other)).status).toBe(200);
    // A shared intake link serves many people: a colleague's session of the same link is not held back.
    expect((await t.portal('GET', '/jobs/JOB-R', await t.session(shared))).status).toBe(200);
  }, 60_000);
});
