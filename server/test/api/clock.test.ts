import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplaintView, JobProgressEvent, Problem, ServiceRequestView } from '@amage/contracts';
import { testClock } from '../helpers/clock.js';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';
import { workOrderBody } from '../helpers/work-orders.js';

/**
 * The date rules at the hours that trip careless code (just after midnight UTC, just before noon, late
 * evening, and the last day of a year) with the server process in the two extreme time zones. The rules
 * read the app's clock and UTC only, so every answer below is the same in both zones. `today` is the
 * earliest calendar date that is still today somewhere on Earth (UTC−12), written out by hand.
 */
const CASES = [
  { at: '2026-12-31T00:30:00Z', today: '2026-12-30', past: '2026-12-29' },
  { at: '2026-12-31T11:59:00Z', today: '2026-12-30', past: '2026-12-29' },
  { at: '2026-12-31T23:30:00Z', today: '2026-12-31', past: '2026-12-30' },
];
const ZONES = [
  { tz: 'Etc/GMT+12', name: 'UTC−12', offsetMinutes: 720 },
  { tz: 'Pacific/Kiritimati', name: 'UTC+14', offsetMinutes: -840 },
];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const clock = testClock(CASES[0]!.at);
const processZone = process.env.TZ;
let t: TestApp;
let n = 0;

beforeAll(async () => {
  t = await startTestApp({ clock: clock.clock });
  await t.integration('PUT', '/customers/CUST-C', {
    name: 'Browar',
    sites: [{ ref: 'S1', name: 'Tychy' }],
    categories: [{ key: 'other', name: 'Inne' }],
    urgencies: ['normal'],
  });
});
afterAll(async () => {
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
  await t.close();
});

const post = (token: string, path: string, body: unknown) =>
  t.portal('POST', path, token, body, { 'idempotency-key': idempotencyKey() });
const codeOf = async (res: Response) => ((await res.json()) as Problem).code;
const session = async (
  type: 'purchase-order' | 'work-order' | 'customer',
  ref: string,
  actions: string[],
  constraints?: Record<string, string>,
) =>
  t.session(
    await t.issueLink({
      subject: { type, ref },
      actions: actions as never,
      ...(constraints ? { constraints } : {}),
    }),
  );

describe.each(ZONES)('with the server process in $name', (zone) => {
  beforeAll(() => {
    process.env.TZ = zone.tz;
  });

  it('when the process time zone is set, then local time really is that zone (the cases below run in it)', () => {
    expect(new Date(CASES[0]!.at).getTimezoneOffset()).toBe(zone.offsetMinutes);
  });

  describe.each(CASES)('at $at', ({ at, today, past }) => {
    beforeAll(() => clock.set(at));
    const instant = Date.parse(at);
    const iso = (offsetMs: number) => new Date(instant + offsetMs).toISOString();

    it(`when a supplier proposes or declares ${today}, then it is today; ${past} is in the past`, async () => {
      const ref = `PO-C-${++n}`;
      const line = { lineNo: 1, itemCode: 'X', description: 'X', quantity: 10, unit: 'szt', requestedDate: today };
      await t.integration('PUT', `/purchase-orders/${ref}`, {
        number: ref,
        supplier: { ref: 'SUP-1', name: 'Hydro-Tech' },
        lines: [line],
      });
      const token = await session('purchase-order', ref, [
        'order:read',
        'order:confirm-dates',
        'order:declare-delivery',
      ]);
      const propose = (date: string) =>
        post(token, `/purchase-orders/${ref}/date-confirmations`, {
          lines: [{ lineNo: 1, action: 'propose', schedule: [{ quantity: 10, date }], reasonCode: 'transport' }],
        });
      const declare = (date: string) =>
        post(token, `/purchase-orders/${ref}/deliveries`, {
          dispatchDate: past,
          expectedArrival: date,
          deliveryNoteNumber: 'WZ/1',
          lines: [{ lineNo: 1, quantity: 1 }],
        });

      const pastProposal = await propose(past);
      expect([pastProposal.status, await codeOf(pastProposal)]).toEqual([422, 'order.date_in_past']);
      const pastArrival = await declare(past);
      expect([pastArrival.status, await codeOf(pastArrival)]).toEqual([422, 'order.date_in_past']);
      expect((await propose(today)).status).toBe(201);
      expect((await declare(today)).status).toBe(201);
    });

    it('when a complaint stage was due a minute ago, then it is overdue; one due in a minute is not', async () => {
      const res = await t.integration('PUT', `/complaints/CMP-C-${++n}`, {
        number: 'RK/1',
        supplier: { ref: 'SUP-1', name: 'Hydro-Tech' },
        description: 'Głośne łożyska.',
        stages: [
          { key: 'containment', dueAt: iso(-MINUTE) },
          { key: 'root-cause', dueAt: iso(MINUTE) },
        ],
      });
      const complaint = (await res.json()) as ComplaintView;
      expect(complaint.stages.map((s) => [s.key, s.overdue])).toEqual([
        ['containment', true],
        ['root-cause', false],
      ]);
    });

    it('when a contractor writes, then the planned window, permit validity and "not in the future" follow the clock', async () => {
      const ref = `WO-C-${++n}`;
      const permit = (p: string, validFrom: number, validTo: number) => ({
        ref: p,
        type: 'hot-work',
        validFrom: iso(validFrom),
        validTo: iso(validTo),
        hazards: [],
        precautions: [],
      });
      await t.integration(
        'PUT',
        `/work-orders/${ref}`,
        workOrderBody(
          {
            plannedStart: iso(-HOUR),
            plannedEnd: iso(MINUTE),
            permits: [
              permit('P-NOW', -HOUR, MINUTE),
              permit('P-LATER', MINUTE, HOUR),
              permit('P-OVER', -HOUR, -MINUTE),
            ],
          },
          instant,
        ),
      );
      const token = await session('work-order', ref, ['work-order:read', 'work-order:log-work', 'permit:sign'], {
        window: 'planned',
      });
      const signOn = (p: string) =>
        post(token, `/work-orders/${ref}/permits/${p}/sign-ons`, { workers: ['Jan'], by: 'Jan' });
      const log = (end: number) =>
        post(token, `/work-orders/${ref}/work-logs`, { start: iso(end - HOUR), end: iso(end), workers: ['Jan'] });

      expect((await signOn('P-NOW')).status).toBe(201);
      const later = await signOn('P-LATER');
      expect([later.status, ((await later.json()) as Problem).errors?.[0]?.keyword]).toEqual([409, 'not-yet-valid']);
      const over = await signOn('P-OVER');
      expect([over.status, ((await over.json()) as Problem).errors?.[0]?.keyword]).toEqual([409, 'expired']);
      expect((await log(4 * MINUTE)).status).toBe(201);
      const future = await log(6 * MINUTE);
      expect([future.status, await codeOf(future)]).toEqual([422, 'time.in_future']);

      // Two minutes later the planned window (plus no grace) has closed.
      clock.set(iso(2 * MINUTE));
      try {
        const closed = await log(0);
        expect([closed.status, await codeOf(closed)]).toEqual([403, 'work-order.outside_window']);
      } finally {
        clock.set(at);
      }
    });

    it('when a request is made or progress is posted without a time, then the year and the time are the clock’s, in UTC', async () => {
      const token = await session('customer', 'CUST-C', ['request:create', 'request:read']);
      const res = await post(token, '/customers/CUST-C/service-requests', {
        category: 'other',
        title: 'Przegląd',
        contact: { name: 'Jan' },
      });
      expect(res.status, await res.clone().text()).toBe(201);
      expect(((await res.json()) as ServiceRequestView).number).toMatch(/^SR-2026-\d{5}$/);

      await t.putJob('JOB-C');
      const progress = await t.integration('POST', '/jobs/JOB-C/progress', { type: 'note', text: 'x' });
      expect(((await progress.json()) as JobProgressEvent).at).toBe(new Date(instant).toISOString());
    });
  });
});
