import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DateConfirmation,
  Delivery,
  PortalEvent,
  Problem,
  PurchaseOrderView,
  PutPurchaseOrderBody,
} from '@amage/contracts';
import { PDF } from '../fixtures/files.js';
import { testClock } from '../helpers/clock.js';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';

// "In the past" is judged by this clock. 00:30 UTC is the hour a careless rule (or test) gets wrong:
// in UTC−12 it is still yesterday, so only dates before yesterday are in the past everywhere.
const clock = testClock('2026-06-15T00:30:00Z');
const date = clock.date;

const orderBody = (overrides: Partial<PutPurchaseOrderBody> = {}): PutPurchaseOrderBody => ({
  number: 'PO/2026/0042',
  supplier: { ref: 'SUP-17', name: 'Hydro-Tech Sp. z o.o.', email: 'orders@hydrotech.example' },
  buyer: { name: 'Anna Kowalska', email: 'a.kowalska@plant.example' },
  currency: 'PLN',
  deliveryAddress: 'Zakład 2, ul. Przemysłowa 5, 44-100 Gliwice',
  lines: [
    {
      lineNo: 1,
      itemCode: 'BRG-6204',
      description: 'Łożysko 6204-2RS',
      quantity: 100,
      unit: 'szt',
      requestedDate: date(20),
    },
    {
      lineNo: 2,
      itemCode: 'SEAL-40',
      description: 'Uszczelniacz 40x62x8',
      quantity: 40,
      unit: 'szt',
      requestedDate: date(25),
    },
  ],
  ...overrides,
});

const ALL = ['order:read', 'order:confirm-dates', 'order:declare-delivery'] as const;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: clock.clock });
});
afterAll(() => t.close());

async function share(ref: string, overrides: Partial<PutPurchaseOrderBody> = {}) {
  const res = await t.integration('PUT', `/purchase-orders/${ref}`, orderBody(overrides));
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as PurchaseOrderView;
}

async function sessionFor(ref: string, actions: readonly (typeof ALL)[number][] = ALL) {
  return t.session(await t.issueLink({ subject: { type: 'purchase-order', ref }, actions: [...actions] }));
}

const post = (token: string, path: string, body: unknown, key = idempotencyKey()) =>
  t.portal('POST', path, token, body, { 'idempotency-key': key });
const patch = (token: string, path: string, body: unknown) =>
  t.portal('PATCH', path, token, body, { 'idempotency-key': idempotencyKey() });
const view = async (token: string, ref: string) =>
  (await (await t.portal('GET', `/purchase-orders/${ref}`, token)).json()) as PurchaseOrderView;
const problemOf = async (res: Response) => (await res.json()) as Problem;

async function eventsOf(ref: string, type: string): Promise<PortalEvent[]> {
  const rows = await t.db('events').where({ subjectRef: ref, type }).orderBy('id');
  return rows.map((r) => ({ ...r, subject: { type: r.subjectType, ref: r.subjectRef } }) as PortalEvent);
}

async function uploadPdf(token: string) {
  const res = await t.fetch(`${t.url}/api/portal/v1/attachments`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/pdf',
      'x-filename': 'WZ-1187.pdf',
      'idempotency-key': idempotencyKey(),
    },
    body: PDF,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string };
}

const declaration = (overrides: Record<string, unknown> = {}) => ({
  dispatchDate: date(1),
  expectedArrival: date(3),
  carrier: 'DHL Freight',
  trackingNumber: 'JJD000390007',
  deliveryNoteNumber: 'WZ/2026/1187',
  packages: 2,
  grossWeightKg: 38.5,
  lines: [
    {
      lineNo: 1,
      quantity: 60,
      lots: [{ number: 'L-2301', quantity: 60, productionDate: date(-30), expiryDate: date(700) }],
    },
  ],
  ...overrides,
});

describe('integration API: purchase orders', () => {
  it('when an order is PUT twice, then it is created once, replaced the second time, and read back', async () => {
    const first = await t.integration('PUT', '/purchase-orders/PO-I-1', orderBody());
    expect(first.status).toBe(201);
    const second = await t.integration('PUT', '/purchase-orders/PO-I-1', orderBody({ number: 'PO/2026/0042-A' }));
    expect(second.status).toBe(200);
    const got = (await (await t.integration('GET', '/purchase-orders/PO-I-1')).json()) as PurchaseOrderView;
    expect(got.number).toBe('PO/2026/0042-A');
    expect(got.lines.map((l) => [l.lineNo, l.confirmation, l.openQuantity])).toEqual([
      [1, 'open', 100],
      [2, 'open', 40],
    ]);
  });

  it('when the body breaks the schema, then 400 points at the field', async () => {
    const res = await t.integration('PUT', '/purchase-orders/PO-I-2', {
      ...orderBody(),
      lines: [{ lineNo: 1, itemCode: 'X', quantity: -1, unit: 'szt', requestedDate: date(3) }],
    });
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors![0]!.pointer).toBe('/lines/0/quantity');
  });

  it('when a decision names a proposal that does not exist, then 422 at the decision', async () => {
    await share('PO-I-3');
    const res = await t.integration(
      'PUT',
      '/purchase-orders/PO-I-3',
      orderBody({ proposalDecisions: [{ confirmationId: crypto.randomUUID(), lineNo: 1, decision: 'accepted' }] }),
    );
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.code).toBe('order.unknown_proposal');
    expect(problem.errors![0]!.pointer).toBe('/proposalDecisions/0');
  });
});

describe('date confirmation (order:confirm-dates)', () => {
  it('when the supplier accepts one line and proposes a split with backorder and rejected part for the other, then both are stored, the event is written and the view shows the history', async () => {
    await share('PO-D-1');
    const token = await sessionFor('PO-D-1');
    const body = {
      supplierOrderRef: 'ZS/88/2026',
      note: 'Część towaru z nowej dostawy stali.',
      lines: [
        { lineNo: 1, action: 'accept' },
        {
          lineNo: 2,
          action: 'propose',
          schedule: [
            { quantity: 20, date: date(25) },
            { quantity: 10, date: date(40) },
          ],
          backorder: { quantity: 5, date: date(60) },
          reject: { quantity: 5 },
          reasonCode: 'material-shortage',
        },
      ],
    };
    const res = await post(token, '/purchase-orders/PO-D-1/date-confirmations', body);
    expect(res.status).toBe(201);
    const confirmation = (await res.json()) as DateConfirmation;
    expect(res.headers.get('location')).toContain(`/date-confirmations/${confirmation.id}`);
    const [event] = await eventsOf('PO-D-1', 'date-confirmation.submitted');
    expect(event!.data).toMatchObject({ id: confirmation.id, supplierOrderRef: 'ZS/88/2026', lines: body.lines });

    const order = await view(token, 'PO-D-1');
    expect(order.supplierOrderRef).toBe('ZS/88/2026');
    const [l1, l2] = order.lines;
    expect(l1).toMatchObject({
      confirmation: 'accepted',
      confirmedSchedule: [{ quantity: 100, date: date(20) }],
      confirmedQuantity: 100,
    });
    expect(l2).toMatchObject({
      confirmation: 'proposed',
      pendingProposal: { confirmationId: confirmation.id },
      confirmedSchedule: [],
    });
    expect(l2!.history).toEqual([
      expect.objectContaining({
        kind: 'proposed',
        by: 'supplier',
        reasonCode: 'material-shortage',
        reject: { quantity: 5 },
      }),
    ]);
  });

  it('when the buyer accepts the proposal through a PUT, then the line is confirmed with the proposed schedule, the decision is in the history once, and open quantity follows it', async () => {
    await share('PO-D-2');
    const token = await sessionFor('PO-D-2');
    const res = await post(token, '/purchase-orders/PO-D-2/date-confirmations', {
      lines: [
        {
          lineNo: 1,
          action: 'propose',
          schedule: [
            { quantity: 50, date: date(20) },
            { quantity: 30, date: date(30) },
          ],
          reject: { quantity: 20 },
          reasonCode: 'capacity',
        },
      ],
    });
    const { id } = (await res.json()) as DateConfirmation;
    const decided = orderBody({
      proposalDecisions: [{ confirmationId: id, lineNo: 1, decision: 'accepted', comment: 'OK, 80 szt.' }],
    });
    expect((await t.integration('PUT', '/purchase-orders/PO-D-2', decided)).status).toBe(200);
    expect((await t.integration('PUT', '/purchase-orders/PO-D-2', decided)).status).toBe(200);
    const line = (await view(token, 'PO-D-2')).lines[0]!;
    expect(line.confirmation).toBe('confirmed');
    expect(line.confirmedSchedule).toEqual([
      { quantity: 50, date: date(20) },
      { quantity: 30, date: date(30) },
    ]);
    expect(line.confirmedQuantity).toBe(80);
    expect(line.openQuantity).toBe(80);
    expect(line.history.map((h) => `${h.by}:${h.kind}`)).toEqual(['supplier:proposed', 'buyer:proposal-accepted']);
    expect(line.history[1]!.comment).toBe('OK, 80 szt.');
  });

  it('when the buyer rejects a proposal, then the line says so and the supplier may answer again', async () => {
    await share('PO-D-3');
    const token = await sessionFor('PO-D-3');
    const { id } = (await (
      await post(token, '/purchase-orders/PO-D-3/date-confirmations', {
        lines: [
          {
            lineNo: 2,
            action: 'propose',
            schedule: [{ quantity: 40, date: date(45) }],
            reasonCode: 'other',
            comment: 'Urlop zakładowy',
          },
        ],
      })
    ).json()) as DateConfirmation;
    await t.integration(
      'PUT',
      '/purchase-orders/PO-D-3',
      orderBody({ proposalDecisions: [{ confirmationId: id, lineNo: 2, decision: 'rejected', comment: 'Za późno' }] }),
    );
    expect((await view(token, 'PO-D-3')).lines[1]!.confirmation).toBe('proposal-rejected');
    expect(
      (await post(token, '/purchase-orders/PO-D-3/date-confirmations', { lines: [{ lineNo: 2, action: 'accept' }] }))
        .status,
    ).toBe(201);
    expect((await view(token, 'PO-D-3')).lines[1]!.history.map((h) => h.kind)).toEqual([
      'proposed',
      'proposal-rejected',
      'accepted',
    ]);
  });

  it('when a date is in the past, quantities do not add up, a line is unknown or the comment for "other" is missing, then 422 points at each field and nothing is stored', async () => {
    await share('PO-D-4');
    const token = await sessionFor('PO-D-4');
    const res = await post(token, '/purchase-orders/PO-D-4/date-confirmations', {
      lines: [
        {
          lineNo: 1,
          action: 'propose',
          schedule: [
            { quantity: 50, date: date(-3) },
            { quantity: 40, date: date(10) },
          ],
          reasonCode: 'other',
        },
        { lineNo: 9, action: 'accept' },
      ],
    });
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.code).toBe('order.date_in_past');
    expect(problem.errors!.map((e) => [e.pointer, e.keyword])).toEqual([
      ['/lines/0/schedule/0/date', 'order.date_in_past'],
      ['/lines/0/schedule', 'order.quantities_do_not_add_up'],
      ['/lines/0/comment', 'order.comment_required'],
      ['/lines/1/lineNo', 'order.unknown_line'],
    ]);
    expect(await t.db('date_confirmations').where({ purchaseOrderRef: 'PO-D-4' })).toEqual([]);
    expect(await eventsOf('PO-D-4', 'date-confirmation.submitted')).toEqual([]);
  });

  it('when today is given as a date, then it is not "in the past"', async () => {
    await share('PO-D-5');
    const token = await sessionFor('PO-D-5');
    const res = await post(token, '/purchase-orders/PO-D-5/date-confirmations', {
      lines: [{ lineNo: 1, action: 'propose', schedule: [{ quantity: 100, date: date(0) }], reasonCode: 'transport' }],
    });
    expect(res.status).toBe(201);
  });

  it('when the token lacks order:confirm-dates, then 403 and nothing is stored', async () => {
    await share('PO-D-6');
    const token = await sessionFor('PO-D-6', ['order:read', 'order:declare-delivery']);
    const res = await post(token, '/purchase-orders/PO-D-6/date-confirmations', {
      lines: [{ lineNo: 1, action: 'accept' }],
    });
    expect(res.status).toBe(403);
    expect((await problemOf(res)).code).toBe('token.action_not_granted');
  });

  it('when the order was cancelled by the main system, then answers are refused with 409', async () => {
    await share('PO-D-7');
    const token = await sessionFor('PO-D-7');
    await share('PO-D-7', { status: 'cancelled', statusReason: 'Projekt wstrzymany' });
    const res = await post(token, '/purchase-orders/PO-D-7/date-confirmations', {
      lines: [{ lineNo: 1, action: 'accept' }],
    });
    expect(res.status).toBe(409);
    expect((await problemOf(res)).code).toBe('order.not_open');
    expect((await view(token, 'PO-D-7')).statusReason).toBe('Projekt wstrzymany');
  });

  it('when the same submit is retried with its Idempotency-Key, then one confirmation exists', async () => {
    await share('PO-D-8');
    const token = await sessionFor('PO-D-8');
    const key = idempotencyKey();
    const body = { lines: [{ lineNo: 1, action: 'accept' }] };
    const [a, b] = [
      await post(token, '/purchase-orders/PO-D-8/date-confirmations', body, key),
      await post(token, '/purchase-orders/PO-D-8/date-confirmations', body, key),
    ];
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(await t.db('date_confirmations').where({ purchaseOrderRef: 'PO-D-8' }).count()).toEqual([{ count: '1' }]);
  });
});

describe('delivery declarations (order:declare-delivery)', () => {
  it('when a partial delivery with a lot is declared, then it is stored, the event carries it, and the line shows declared and open quantities', async () => {
    await share('PO-S-1');
    const token = await sessionFor('PO-S-1');
    const res = await post(token, '/purchase-orders/PO-S-1/deliveries', declaration());
    expect(res.status).toBe(201);
    const delivery = (await res.json()) as Delivery;
    expect(delivery).toMatchObject({
      status: 'declared',
      editable: true,
      revision: 1,
      deliveryNoteNumber: 'WZ/2026/1187',
      carrier: 'DHL Freight',
      packages: 2,
      grossWeightKg: 38.5,
    });
    expect(delivery.lines[0]!.lots![0]!.number).toBe('L-2301');
    const [event] = await eventsOf('PO-S-1', 'delivery.declared');
    expect(event!.data).toMatchObject({ id: delivery.id, lines: [{ lineNo: 1, quantity: 60 }] });
    const order = await view(token, 'PO-S-1');
    expect(order.lines[0]).toMatchObject({ declaredQuantity: 60, remainingQuantity: 40, openQuantity: 40 });
    expect(order.deliveries.map((d) => [d.id, d.status])).toEqual([[delivery.id, 'declared']]);
  });

  it('when the shipped quantity exceeds what is open, then 422 order.quantity_exceeds_open at the line quantity; the tolerance lets a little more through', async () => {
    await share('PO-S-2');
    const token = await sessionFor('PO-S-2');
    expect(
      (await post(token, '/purchase-orders/PO-S-2/deliveries', declaration({ lines: [{ lineNo: 1, quantity: 70 }] })))
        .status,
    ).toBe(201);
    const over = await post(
      token,
      '/purchase-orders/PO-S-2/deliveries',
      declaration({ lines: [{ lineNo: 1, quantity: 31 }] }),
    );
    expect(over.status).toBe(422);
    const problem = await problemOf(over);
    expect(problem.code).toBe('order.quantity_exceeds_open');
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: '/lines/0/quantity', keyword: 'order.quantity_exceeds_open' }),
    ]);
    await share('PO-S-2', { overDeliveryTolerancePercent: 5 });
    expect(
      (await post(token, '/purchase-orders/PO-S-2/deliveries', declaration({ lines: [{ lineNo: 1, quantity: 35 }] })))
        .status,
    ).toBe(201);
    expect(
      (await post(token, '/purchase-orders/PO-S-2/deliveries', declaration({ lines: [{ lineNo: 1, quantity: 0.5 }] })))
        .status,
    ).toBe(422);
  });

  it('when a line counts pieces, then "still open" leaves the tolerance out, the most declarable adds it in whole pieces, and a fraction of a piece is refused (422 order.quantity_not_whole) in a declaration and a proposal', async () => {
    await share('PO-S-PCS', {
      overDeliveryTolerancePercent: 5,
      lines: [
        { lineNo: 1, itemCode: 'BRG-6204', quantity: 12, unit: 'szt', requestedDate: date(20) },
        { lineNo: 2, itemCode: 'OIL-5', quantity: 12, unit: 'kg', requestedDate: date(20) },
      ],
    });
    const token = await sessionFor('PO-S-PCS');
    const lines = (await view(token, 'PO-S-PCS')).lines;
    expect(lines.map((l) => [l.remainingQuantity, l.openQuantity])).toEqual([
      [12, 12],
      [12, 12.6],
    ]);
    const half = await post(
      token,
      '/purchase-orders/PO-S-PCS/deliveries',
      declaration({
        lines: [
          { lineNo: 1, quantity: 2.5 },
          { lineNo: 2, quantity: 2.5 },
        ],
      }),
    );
    const problem = await problemOf(half);
    expect([half.status, problem.code]).toEqual([422, 'order.quantity_not_whole']);
    expect(problem.errors!.map((e) => e.pointer)).toEqual(['/lines/0/quantity']);
    const proposal = await post(token, '/purchase-orders/PO-S-PCS/date-confirmations', {
      lines: [
        {
          lineNo: 1,
          action: 'propose',
          schedule: [
            { quantity: 6.5, date: date(20) },
            { quantity: 5.5, date: date(30) },
          ],
          reasonCode: 'capacity',
        },
      ],
    });
    expect((await problemOf(proposal)).errors!.map((e) => [e.pointer, e.keyword])).toEqual([
      ['/lines/0/schedule/0/quantity', 'order.quantity_not_whole'],
      ['/lines/0/schedule/1/quantity', 'order.quantity_not_whole'],
    ]);
    expect(
      (
        await post(
          token,
          '/purchase-orders/PO-S-PCS/deliveries',
          declaration({ lines: [{ lineNo: 2, quantity: 12.6 }] }),
        )
      ).status,
    ).toBe(201);
    expect((await view(token, 'PO-S-PCS')).lines[1]).toMatchObject({ remainingQuantity: 0, openQuantity: 0 });
  });

  it('when the line is unknown, arrival is in the past or before dispatch, lots do not add up, expiry is before production or serial numbers do not match, then 422 at each field', async () => {
    await share('PO-S-3');
    const token = await sessionFor('PO-S-3');
    const res = await post(
      token,
      '/purchase-orders/PO-S-3/deliveries',
      declaration({
        dispatchDate: date(-3),
        expectedArrival: date(-2),
        lines: [
          { lineNo: 7, quantity: 1 },
          {
            lineNo: 1,
            quantity: 10,
            lots: [{ number: 'A', quantity: 6, productionDate: date(-5), expiryDate: date(-10) }],
          },
          { lineNo: 2, quantity: 3, serialNumbers: ['S1', 'S2'] },
        ],
      }),
    );
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors!.map((e) => [e.pointer, e.keyword])).toEqual([
      ['/expectedArrival', 'order.date_in_past'],
      ['/lines/0/lineNo', 'order.unknown_line'],
      ['/lines/1/lots', 'delivery.lots_do_not_add_up'],
      ['/lines/1/lots/0/expiryDate', 'delivery.expiry_before_production'],
      ['/lines/2/serialNumbers', 'delivery.serial_numbers_do_not_match'],
    ]);
    const before = await post(
      token,
      '/purchase-orders/PO-S-3/deliveries',
      declaration({ dispatchDate: date(5), expectedArrival: date(4) }),
    );
    expect((await problemOf(before)).errors![0]).toMatchObject({
      pointer: '/expectedArrival',
      keyword: 'delivery.arrival_before_dispatch',
    });
    expect(await t.db('deliveries').where({ purchaseOrderRef: 'PO-S-3' })).toEqual([]);
  });

  it('when a declaration is corrected, then it is replaced (revision 2), the open quantity follows, and delivery.corrected is written', async () => {
    await share('PO-S-4');
    const token = await sessionFor('PO-S-4');
    const d = (await (
      await post(token, '/purchase-orders/PO-S-4/deliveries', declaration({ lines: [{ lineNo: 1, quantity: 100 }] }))
    ).json()) as Delivery;
    // Correcting may use the quantity the declaration itself holds.
    const res = await patch(token, `/purchase-orders/PO-S-4/deliveries/${d.id}`, {
      ...declaration({
        lines: [
          { lineNo: 1, quantity: 90 },
          { lineNo: 2, quantity: 40 },
        ],
      }),
      reason: 'Pomyłka w ilości',
    });
    expect(res.status).toBe(200);
    expect((await res.json()) as Delivery).toMatchObject({
      revision: 2,
      lines: [
        { lineNo: 1, quantity: 90 },
        { lineNo: 2, quantity: 40 },
      ],
    });
    const order = await view(token, 'PO-S-4');
    expect(order.lines.map((l) => l.openQuantity)).toEqual([10, 0]);
    const [event] = await eventsOf('PO-S-4', 'delivery.corrected');
    expect(event!.data).toMatchObject({ id: d.id, reason: 'Pomyłka w ilości', revision: 2 });
  });

  it('when a declaration is cancelled, then its quantity is open again and delivery.cancelled is written; a cancelled one cannot be corrected', async () => {
    await share('PO-S-5');
    const token = await sessionFor('PO-S-5');
    const d = (await (await post(token, '/purchase-orders/PO-S-5/deliveries', declaration())).json()) as Delivery;
    const res = await post(token, `/purchase-orders/PO-S-5/deliveries/${d.id}/cancellation`, {
      reason: 'Transport odwołany',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Delivery).status).toBe('cancelled');
    expect((await view(token, 'PO-S-5')).lines[0]!.openQuantity).toBe(100);
    expect((await eventsOf('PO-S-5', 'delivery.cancelled'))[0]!.data).toEqual({
      id: d.id,
      reason: 'Transport odwołany',
    });
    const again = await patch(token, `/purchase-orders/PO-S-5/deliveries/${d.id}`, declaration());
    expect(again.status).toBe(409);
    expect((await problemOf(again)).code).toBe('delivery.cancelled');
  });

  it('when the order was closed after a declaration, then the declaration can no longer be cancelled', async () => {
    await share('PO-S-5C');
    const token = await sessionFor('PO-S-5C');
    const d = (await (await post(token, '/purchase-orders/PO-S-5C/deliveries', declaration())).json()) as Delivery;
    await share('PO-S-5C', { status: 'closed', statusReason: 'Zamknięte' });
    const res = await post(token, `/purchase-orders/PO-S-5C/deliveries/${d.id}/cancellation`, { reason: 'x' });
    expect(res.status).toBe(409);
    expect((await problemOf(res)).code).toBe('order.not_open');
    expect(await eventsOf('PO-S-5C', 'delivery.cancelled')).toEqual([]);
  });

  it('when goods were received against a declaration, then it shows received / partly received and is locked against correction and cancellation', async () => {
    await share('PO-S-6');
    const token = await sessionFor('PO-S-6');
    const d = (await (await post(token, '/purchase-orders/PO-S-6/deliveries', declaration())).json()) as Delivery;
    await share('PO-S-6', {
      receipts: [{ ref: 'GR-1', lineNo: 1, quantity: 40, receivedAt: new Date().toISOString(), deliveryId: d.id }],
    });
    let order = await view(token, 'PO-S-6');
    expect(order.deliveries[0]).toMatchObject({
      status: 'partly-received',
      editable: false,
      lines: [{ receivedQuantity: 40 }],
    });
    expect(order.lines[0]!.history.map((h) => `${h.by}:${h.kind}`)).toEqual(['supplier:declared', 'buyer:received']);
    const corrected = await patch(token, `/purchase-orders/PO-S-6/deliveries/${d.id}`, declaration());
    expect(corrected.status).toBe(409);
    expect((await problemOf(corrected)).code).toBe('delivery.locked');
    const cancelled = await post(token, `/purchase-orders/PO-S-6/deliveries/${d.id}/cancellation`, { reason: 'x' });
    expect((await problemOf(cancelled)).code).toBe('delivery.locked');
    await share('PO-S-6', {
      receipts: [
        { ref: 'GR-1', lineNo: 1, quantity: 40, receivedAt: new Date().toISOString(), deliveryId: d.id },
        { ref: 'GR-2', lineNo: 1, quantity: 20, receivedAt: new Date().toISOString(), deliveryId: d.id },
      ],
    });
    order = await view(token, 'PO-S-6');
    expect(order.deliveries[0]!.status).toBe('received');
    expect(order.lines[0]).toMatchObject({
      receivedQuantity: 60,
      history: [expect.anything(), expect.anything(), expect.anything()],
    });
  });

  it('when a declaration of another order is named, then 404 (the link sees only its own order)', async () => {
    await share('PO-S-7');
    await share('PO-S-8');
    const other = (await (
      await post(await sessionFor('PO-S-8'), '/purchase-orders/PO-S-8/deliveries', declaration())
    ).json()) as Delivery;
    const token = await sessionFor('PO-S-7');
    const res = await patch(token, `/purchase-orders/PO-S-7/deliveries/${other.id}`, declaration());
    expect(res.status).toBe(404);
    const cancel = await post(token, `/purchase-orders/PO-S-7/deliveries/${other.id}/cancellation`, { reason: 'x' });
    expect(cancel.status).toBe(404);
    const wrongSubject = await post(token, '/purchase-orders/PO-S-8/deliveries', declaration());
    expect(wrongSubject.status).toBe(403);
    expect((await problemOf(wrongSubject)).code).toBe('token.subject_mismatch');
  });

  it('when an attachment belongs to another order (or does not exist), then 422 attachment.not_found at that attachment and nothing is stored', async () => {
    await share('PO-S-9');
    await share('PO-S-9B');
    const token = await sessionFor('PO-S-9');
    const own = await uploadPdf(token);
    const foreign = await uploadPdf(await sessionFor('PO-S-9B'));
    const res = await post(
      token,
      '/purchase-orders/PO-S-9/deliveries',
      declaration({ attachments: [own.id, foreign.id, crypto.randomUUID()] }),
    );
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.code).toBe('attachment.not_found');
    expect(problem.errors!.map((e) => e.pointer)).toEqual(['/attachments/1', '/attachments/2']);
    expect(await t.db('deliveries').where({ purchaseOrderRef: 'PO-S-9' })).toEqual([]);
  });

  it('when the delivery note PDF was uploaded for this order, then the declaration carries it, in the answer, the view and the event', async () => {
    await share('PO-S-12');
    const token = await sessionFor('PO-S-12');
    const pdf = await uploadPdf(token);
    const res = await post(token, '/purchase-orders/PO-S-12/deliveries', declaration({ attachments: [pdf.id] }));
    expect(res.status).toBe(201);
    const delivery = (await res.json()) as Delivery;
    expect(delivery.attachments).toEqual([
      { id: pdf.id, filename: 'WZ-1187.pdf', contentType: 'application/pdf', size: PDF.length },
    ]);
    expect((await view(token, 'PO-S-12')).deliveries[0]!.attachments[0]!.id).toBe(pdf.id);
    expect((await eventsOf('PO-S-12', 'delivery.declared'))[0]!.data).toMatchObject({ attachments: [{ id: pdf.id }] });
  });

  it('when the main system shares a drawing with the order, then the PUT lists it and the supplier sees it; a file of another subject is refused', async () => {
    await share('PO-S-13');
    const up = await t.fetch(`${t.url}/api/integration/v1/attachments?subjectType=purchase-order&subjectRef=PO-S-13`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.integrationKey}`,
        'content-type': 'application/pdf',
        'x-filename': 'rysunek.pdf',
      },
      body: PDF,
    });
    expect(up.status).toBe(201);
    const drawing = (await up.json()) as { id: string };
    expect(
      (await t.integration('PUT', '/purchase-orders/PO-S-13', orderBody({ attachments: [drawing.id] }))).status,
    ).toBe(200);
    expect((await view(await sessionFor('PO-S-13'), 'PO-S-13')).attachments.map((a) => a.filename)).toEqual([
      'rysunek.pdf',
    ]);
    const wrong = await t.integration('PUT', '/purchase-orders/PO-S-14', orderBody({ attachments: [drawing.id] }));
    expect(wrong.status).toBe(422);
  });

  it('when the token lacks order:declare-delivery, then declaring is refused', async () => {
    await share('PO-S-10');
    const token = await sessionFor('PO-S-10', ['order:read', 'order:confirm-dates']);
    const res = await post(token, '/purchase-orders/PO-S-10/deliveries', declaration());
    expect(res.status).toBe(403);
    expect((await problemOf(res)).code).toBe('token.action_not_granted');
  });

  it('when goods were received without a declaration, then they use up the open quantity too', async () => {
    await share('PO-S-11', {
      receipts: [{ ref: 'GR-9', lineNo: 2, quantity: 30, receivedAt: new Date().toISOString() }],
    });
    const token = await sessionFor('PO-S-11');
    const res = await post(
      token,
      '/purchase-orders/PO-S-11/deliveries',
      declaration({ lines: [{ lineNo: 2, quantity: 11 }] }),
    );
    expect((await problemOf(res)).errors![0]!.pointer).toBe('/lines/0/quantity');
  });
});
