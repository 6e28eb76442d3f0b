import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPage, PortalEvent, Problem } from '@amage/contracts';
import { recordEvent } from '../../src/modules/events/events.service.js';
import { idempotencyKey, sampleEvent, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let session: string;
beforeAll(async () => {
  t = await startTestApp();
  await t.putJob('JOB-E', { quotes: [{ ref: 'Q-1', title: 'Wymiana łożyska', state: 'pending' }] });
  session = await t.session(
    await t.issueLink({ subject: { type: 'job', ref: 'JOB-E' }, actions: ['job:read', 'job:approve'] }),
  );
});
afterAll(() => t.close());

const event = (ref: string) => sampleEvent('session.reuse-detected', ref);

describe('event feed', () => {
  it('when a portal action succeeds, then its event is in the feed with subject, link and data', async () => {
    const res = await t.portal(
      'POST',
      '/jobs/JOB-E/approvals',
      session,
      { decision: 'approve-quote', name: 'Ewa', quoteRef: 'Q-1' },
      { 'idempotency-key': idempotencyKey() },
    );
    const approval = (await res.json()) as { id: string };
    const decided = (e: PortalEvent) => e.type === 'job.decided' && e.data.id === approval.id;
    const { events } = await t.feedUntil((all) => all.some(decided));
    const event = events.find(decided)!;
    expect(event).toMatchObject({
      type: 'job.decided',
      subject: { type: 'job', ref: 'JOB-E' },
      data: { decision: 'approve-quote', quoteRef: 'Q-1' },
    });
    expect(event.linkId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when the action fails, then no event is written (same transaction)', async () => {
    await t.db('jobs').where({ ref: 'JOB-E' }).delete();
    const res = await t.portal(
      'POST',
      '/jobs/JOB-E/approvals',
      session,
      { decision: 'accept-work', name: 'Failed Attempt' },
      { 'idempotency-key': idempotencyKey() },
    );
    expect(res.status).toBe(404);
    expect(await t.db('events').whereRaw("data->>'name' = ?", ['Failed Attempt']).count()).toEqual([{ count: '0' }]);
    await t.putJob('JOB-E');
  });

  it('when a transaction that started writing first commits last, then the feed waits for it instead of skipping it', async () => {
    const { next: start } = await t.feed();
    const early = await t.db.transaction();
    const late = await t.db.transaction();
    try {
      await early.raw('SELECT pg_current_xact_id()'); // the older transaction id
      await late.raw('SELECT pg_current_xact_id()');
      await recordEvent(late, event('late-xid-low-id')); // lower event id, younger transaction
      await recordEvent(early, event('early-xid-high-id'));
      await early.commit();

      const first = await t.feedUntil((events) => events.length > 0, start);
      expect(first.events.map((e) => e.subject.ref)).toEqual(['early-xid-high-id']);
      await late.commit();
      const second = await t.feedUntil((events) => events.length > 0, first.next);
      expect(second.events.map((e) => e.subject.ref)).toEqual(['late-xid-low-id']);
    } finally {
      if (!early.isCompleted()) await early.rollback();
      if (!late.isCompleted()) await late.rollback();
    }
  });

  it('when many writers commit while a reader follows the feed, then every event arrives exactly once', async () => {
    const { next: start } = await t.feed();
    const seen: string[] = [];
    let cursor = start;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const page = (await (await t.integration('GET', `/events?limit=13&after=${cursor}`)).json()) as EventPage;
        seen.push(...page.events.map((e) => e.id));
        cursor = page.next;
      }
    })();
    await Promise.all(
      Array.from({ length: 12 }, async (_, w) => {
        for (let i = 0; i < 10; i += 1) {
          await t.db.transaction(async (trx) => {
            await recordEvent(trx, event(`w${w}-${i}`));
            await trx.raw('SELECT pg_sleep(?)', [Math.random() * 0.01]);
          });
        }
      }),
    );
    writing = false;
    await reader;
    const rest = await t.feedUntil((events) => seen.length + events.length >= 120, cursor);
    seen.push(...rest.events.map((e) => e.id));
    expect(seen.length).toBe(120);
    expect(new Set(seen).size).toBe(120);
  });

  it('when the cursor is not one the feed made, then 400 at the query field', async () => {
    const res = await t.integration('GET', '/events?after=bm90LWEtY3Vyc29y');
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors![0]!.pointer).toBe('#/query/after');
  });
});

describe('event feed order across transaction-id digit boundaries', () => {
  it('when transaction ids go from 2 to 3 digits, then the feed orders them as numbers, not as text', async () => {
    // Rows as if written by transactions 97…102 (older than any real one here), ids in reverse.
    const txIds = [97, 98, 99, 100, 101, 102];
    for (const [i, tx] of [...txIds].reverse().entries()) {
      await t.db('events').insert({
        txId: t.db.raw('?::xid8', [String(tx)]),
        type: 'delivery.cancelled',
        subjectType: 'job',
        subjectRef: `tx-${tx}`,
        data: JSON.stringify({ id: randomUUID(), reason: 'test' }),
        id: 900_000 + i,
      });
    }
    const first = (await (await t.integration('GET', '/events?limit=3')).json()) as EventPage;
    const second = (await (await t.integration('GET', `/events?limit=3&after=${first.next}`)).json()) as EventPage;
    expect([...first.events, ...second.events].map((e) => e.subject.ref)).toEqual(txIds.map((tx) => `tx-${tx}`));
  });
});
