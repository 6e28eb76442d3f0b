import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action, Completion, EventPage, Problem, WorkOrderView } from '@amage/contracts';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';
import { testClock } from '../helpers/clock.js';
import { putWorkOrder, workOrderBody } from '../helpers/work-orders.js';

const ALL: Action[] = [
  'work-order:read',
  'work-order:log-work',
  'work-order:complete',
  'inspection:submit',
  'loto:acknowledge',
  'permit:sign',
];
const HOUR = 3_600_000;
const PNG = `data:image/png;base64,${'iVBORw0KGgo'.padEnd(400, 'A')}=`;

// Windows, permit validity and "not in the future" are judged by this clock, whatever the real time.
const clock = testClock('2027-01-10T07:30:00Z');
const at = clock.at;
const documentAtNow = (overrides: Parameters<typeof workOrderBody>[0] = {}) => workOrderBody(overrides, clock.now());

let t: TestApp;
let n = 0;
beforeAll(async () => {
  t = await startTestApp({ clock: clock.clock });
});
afterAll(() => t.close());

/** A fresh work order (own ref) and a session on a one-time link for it. */
async function workOrder(
  overrides: Parameters<typeof workOrderBody>[0] = {},
  actions: Action[] = ALL,
  constraints?: Record<string, string>,
  stepUp?: Action[],
) {
  const ref = `WO-T-${++n}`;
  await putWorkOrder(t, ref, overrides);
  const link = await t.issueLink({
    subject: { type: 'work-order', ref },
    actions,
    maxUses: 1,
    ...(constraints ? { constraints } : {}),
    ...(stepUp ? { stepUp } : {}),
  });
  const token = await t.session(link);
  const send = (method: string, path: string, body?: unknown, key = idempotencyKey()) =>
    t.portal(method, `/work-orders/${ref}${path}`, token, body, method === 'GET' ? {} : { 'idempotency-key': key });
  const view = async () => (await (await send('GET', '')).json()) as WorkOrderView;
  return { ref, token, link, send, view };
}
type Wo = Awaited<ReturnType<typeof workOrder>>;

async function expectProblem(res: Response, status: number, code: string) {
  const body = (await res.json()) as Problem;
  expect({ status: res.status, code: body.code }, body.detail).toEqual({ status, code });
  return body;
}
const ok = async (res: Response, status = 201) => {
  if (res.status !== status) throw new Error(`${res.status} ${await res.text()}`);
  return res.json();
};

const isolate = async (wo: Wo) => {
  for (const point of ['E1', 'H1']) {
    await ok(
      await wo.send('POST', '/loto/steps', {
        pointKey: point,
        step: 'lock-applied',
        lockNumber: `L-${point}`,
        by: 'Jan',
      }),
    );
    await ok(await wo.send('POST', '/loto/steps', { pointKey: point, step: 'tag-applied', by: 'Jan' }));
    await ok(await wo.send('POST', '/loto/steps', { pointKey: point, step: 'zero-energy-verified', by: 'Jan' }));
  }
  await ok(await wo.send('POST', '/loto/isolation-sign-off', { by: 'Jan' }));
};
const release = async (wo: Wo) => {
  await ok(await wo.send('POST', '/loto/steps', { pointKey: 'H1', step: 'lock-removed', by: 'Jan' }));
  await ok(await wo.send('POST', '/loto/steps', { pointKey: 'E1', step: 'lock-removed', by: 'Jan' }));
  await ok(await wo.send('POST', '/loto/steps', { step: 'equipment-returned', by: 'Jan' }));
};
const inspect = async (wo: Wo) => {
  await ok(await wo.send('PUT', '/inspections/main/answers/leak', { result: 'pass' }), 200);
  await ok(await wo.send('PUT', '/inspections/main/answers/pressure', { value: 195 }), 200);
  await ok(await wo.send('POST', '/inspections/main/submission', { inspector: 'Anna Inspektor' }));
};
const signOnPermit = async (wo: Wo) => {
  await ok(await wo.send('POST', '/permits/PTW-0091/acknowledgements', { precaution: 0, by: 'Jan' }));
  await ok(await wo.send('POST', '/permits/PTW-0091/acknowledgements', { precaution: 1, by: 'Jan' }));
  await ok(
    await wo.send('POST', '/permits/PTW-0091/sign-ons', { workers: ['Jan Kowalski', 'Piotr Nowak'], by: 'Jan' }),
  );
};
const completion = { summary: 'Zawór wymieniony, próba OK', confirmedBy: 'Jan Kowalski', signature: PNG };

describe('integration: work orders', () => {
  it('when a work order is PUT twice under one ref, then it is created once and replaced (201 then 200), and reads back', async () => {
    const first = await t.integration('PUT', '/work-orders/WO-I-1', documentAtNow());
    expect(first.status).toBe(201);
    const again = await t.integration('PUT', '/work-orders/WO-I-1', documentAtNow({ description: 'Nowy opis' }));
    expect(again.status).toBe(200);
    const view = (await (await t.integration('GET', '/work-orders/WO-I-1')).json()) as WorkOrderView;
    expect(view).toMatchObject({ ref: 'WO-I-1', description: 'Nowy opis', status: 'planned', closedForWriting: false });
    expect(view.checklists[0]).toMatchObject({ key: 'main', required: true, answers: [], submission: null });
    expect(view.loto!.next).toEqual({ phase: 'isolation', pointKey: 'E1', step: 'lock-applied' });
    expect(view.permits[0]).toMatchObject({ state: 'active', acknowledged: [], onSite: [], log: [] });
  });

  it('when the document is inconsistent (duplicate keys, min above max, window backwards), then 422 points at each field', async () => {
    const body = documentAtNow({
      plannedStart: at(HOUR),
      plannedEnd: at(0),
      checklist: [
        { key: 'a', text: 'A', type: 'number', min: 10, max: 1 },
        { key: 'a', text: 'B', type: 'text' },
      ],
    });
    const res = await t.integration('PUT', '/work-orders/WO-I-2', body);
    const problem = await expectProblem(res, 422, 'validation.failed');
    expect(problem.errors!.map((e) => e.pointer)).toEqual(['/plannedEnd', '/checklist/1/key', '/checklist/0/max']);
  });

  it('when the status is changed to cancelled, then portal writes answer 409 work-order.cancelled and reads still work', async () => {
    const wo = await workOrder();
    const change = await t.integration('POST', `/work-orders/${wo.ref}/status-changes`, {
      status: 'cancelled',
      reason: 'Przesunięte',
    });
    expect(((await change.json()) as WorkOrderView).status).toBe('cancelled');
    await expectProblem(
      await wo.send('POST', '/work-logs', { durationMinutes: 30, workers: ['Jan'] }),
      409,
      'work-order.cancelled',
    );
    expect((await wo.view()).closedForWriting).toBe(true);
  });
});

describe('the whole job through a one-time link', () => {
  it('when the contractor signs on, isolates, logs, inspects, releases, signs off and confirms, then the feed shows every step in order and the link then only reads', async () => {
    const wo = await workOrder();
    const before = (await (await t.integration('GET', '/events?limit=1000')).json()) as EventPage;

    await signOnPermit(wo);
    await isolate(wo);
    const log = await ok(
      await wo.send('POST', '/work-logs', {
        start: at(-2 * HOUR),
        end: at(-HOUR),
        workers: ['Jan Kowalski', 'Piotr Nowak'],
        materials: [{ code: 'VLV-4WRE', description: 'Zawór proporcjonalny', quantity: 1, unit: 'szt' }],
        notes: 'Wymieniono zawór',
      }),
    );
    expect(log).toMatchObject({ durationMinutes: 60, workers: ['Jan Kowalski', 'Piotr Nowak'] });
    await ok(await wo.send('POST', '/findings', { what: 'Pęknięta osłona pompy', where: 'Agregat', urgency: 'high' }));
    await inspect(wo);
    await release(wo);
    await ok(await wo.send('POST', '/permits/PTW-0091/sign-offs', { reason: 'work-complete', by: 'Jan' }));
    const done = (await ok(await wo.send('POST', '/completion', completion))) as Completion;
    expect(done).toMatchObject({ confirmedBy: 'Jan Kowalski', signatureKind: 'drawn' });
    expect(done).not.toHaveProperty('signature');

    const page = (await (await t.integration('GET', `/events?after=${before.next}&limit=1000`)).json()) as EventPage;
    const types = page.events.filter((e) => e.subject.ref === wo.ref).map((e) => e.type);
    expect(types).toEqual([
      'permit.precaution-acknowledged',
      'permit.precaution-acknowledged',
      'permit.signed-on',
      ...Array(6).fill('loto.step-confirmed'),
      'loto.isolation-signed-off',
      'work.logged',
      'finding.reported',
      'inspection.answer-saved',
      'inspection.answer-saved',
      'inspection.submitted',
      'loto.step-confirmed',
      'loto.step-confirmed',
      'loto.step-confirmed',
      'loto.released',
      'permit.signed-off',
      'work-order.completed',
    ]);
    const completed = page.events.find((e) => e.type === 'work-order.completed')!;
    expect(completed.data).toMatchObject({ confirmedBy: 'Jan Kowalski', signature: PNG });
    expect(page.events.find((e) => e.type === 'inspection.submitted')!.data).toMatchObject({
      result: 'passed',
      failedItems: [],
    });

    // The one-time link is spent for writing: every write answers 409 work-order.completed; reading goes on.
    const writes: [string, string, unknown][] = [
      ['POST', '/work-logs', { durationMinutes: 10, workers: ['Jan'] }],
      ['POST', '/findings', { what: 'x', where: 'y', urgency: 'low' }],
      ['POST', '/completion', completion],
      ['PUT', '/inspections/main/answers/note', { text: 'później' }],
      ['POST', '/inspections/main/submission', { inspector: 'X' }],
      ['POST', '/loto/steps', { pointKey: 'E1', step: 'lock-applied', lockNumber: '1', by: 'X' }],
      ['POST', '/loto/isolation-sign-off', { by: 'X' }],
      ['POST', '/permits/PTW-0091/acknowledgements', { precaution: 0, by: 'X' }],
      ['POST', '/permits/PTW-0091/sign-ons', { workers: ['X'], by: 'X' }],
      ['POST', '/permits/PTW-0091/sign-offs', { reason: 'end-of-shift', by: 'X' }],
    ];
    for (const [method, path, body] of writes)
      await expectProblem(await wo.send(method, path, body), 409, 'work-order.completed');
    const view = await wo.view();
    expect(view).toMatchObject({
      status: 'completed',
      closedForWriting: true,
      completion: { confirmedBy: 'Jan Kowalski' },
    });
    expect(view.loto).toMatchObject({ isolated: true, released: true, next: null });
    expect(view.permits[0]!.log.map((e) => e.kind)).toEqual([
      'precaution-acknowledged',
      'precaution-acknowledged',
      'signed-on',
      'signed-off',
    ]);
    // …and a new session cannot be started: the one use is spent.
    await expectProblem(
      await t.portal('POST', '/sessions', wo.link.token, undefined, { 'idempotency-key': idempotencyKey() }),
      401,
      'token.used_up',
    );
    // The main system sees the signature.
    const integrationView = (await (await t.integration('GET', `/work-orders/${wo.ref}`)).json()) as WorkOrderView;
    expect(integrationView.completion!.signature).toBe(PNG);
  });

  it('when the completion answer was lost and is retried with the same Idempotency-Key, then the first answer is replayed', async () => {
    const wo = await workOrder({ loto: undefined, permits: [], checklist: undefined });
    const key = idempotencyKey();
    const first = await ok(await wo.send('POST', '/completion', completion, key));
    const retry = await wo.send('POST', '/completion', completion, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(first);
  });
});

describe('LOTO', () => {
  it('when a step is sent out of order, then 409 loto.out_of_order names the expected step and nothing is recorded', async () => {
    const wo = await workOrder();
    const res = await wo.send('POST', '/loto/steps', { pointKey: 'E1', step: 'tag-applied', by: 'Jan' });
    const problem = await expectProblem(res, 409, 'loto.out_of_order');
    expect(problem.errors).toEqual([{ pointer: '/step', message: 'next: lock-applied at E1' }]);
    await expectProblem(
      await wo.send('POST', '/loto/steps', { pointKey: 'H1', step: 'lock-applied', lockNumber: '7', by: 'Jan' }),
      409,
      'loto.out_of_order',
    );
    expect((await wo.view()).loto!.steps).toEqual([]);
  });

  it('when a step is confirmed twice, then 409 loto.already_done; the same submit retried with its key is replayed instead', async () => {
    const wo = await workOrder();
    const key = idempotencyKey();
    const body = { pointKey: 'E1', step: 'lock-applied', lockNumber: 'K-12', by: 'Jan' };
    const first = await ok(await wo.send('POST', '/loto/steps', body, key));
    expect(first).toMatchObject({ seq: 0, pointKey: 'E1', step: 'lock-applied', lockNumber: 'K-12', by: 'Jan' });
    const replay = await wo.send('POST', '/loto/steps', body, key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    await expectProblem(await wo.send('POST', '/loto/steps', body), 409, 'loto.already_done');
    expect((await wo.view()).loto!.steps).toHaveLength(1);
  });

  it('when two devices confirm the same step at once, then exactly one is recorded', async () => {
    const wo = await workOrder();
    const body = { pointKey: 'E1', step: 'lock-applied', lockNumber: 'K-1', by: 'Jan' };
    const answers = await Promise.all([wo.send('POST', '/loto/steps', body), wo.send('POST', '/loto/steps', body)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await wo.view()).loto!.steps).toHaveLength(1);
  });

  it('when a lock is applied without its number, then 422 at /lockNumber', async () => {
    const wo = await workOrder();
    const problem = await expectProblem(
      await wo.send('POST', '/loto/steps', { pointKey: 'E1', step: 'lock-applied', by: 'Jan' }),
      422,
      'loto.lock_number_required',
    );
    expect(problem.errors![0]!.pointer).toBe('/lockNumber');
  });

  it('when release or sign-off comes before the isolation is complete, then they are refused', async () => {
    const wo = await workOrder();
    await expectProblem(
      await wo.send('POST', '/loto/steps', { pointKey: 'H1', step: 'lock-removed', by: 'Jan' }),
      409,
      'loto.not_isolated',
    );
    await expectProblem(await wo.send('POST', '/loto/isolation-sign-off', { by: 'Jan' }), 409, 'loto.out_of_order');
    await isolate(wo);
    await expectProblem(await wo.send('POST', '/loto/isolation-sign-off', { by: 'Jan' }), 409, 'loto.already_done');
    // Locks come off in reverse order: H1 first.
    await expectProblem(
      await wo.send('POST', '/loto/steps', { pointKey: 'E1', step: 'lock-removed', by: 'Jan' }),
      409,
      'loto.out_of_order',
    );
    await expectProblem(
      await wo.send('POST', '/loto/steps', { step: 'equipment-returned', by: 'Jan' }),
      409,
      'loto.out_of_order',
    );
    await release(wo);
    expect((await wo.view()).loto).toMatchObject({ released: true, next: null });
  });

  it('when the link asks a step-up for loto:acknowledge, then the isolation sign-off and the return to service need the code, the other steps do not', async () => {
    const wo = await workOrder({}, ALL, undefined, ['loto:acknowledge', 'permit:sign']);
    for (const point of ['E1', 'H1']) {
      await ok(
        await wo.send('POST', '/loto/steps', {
          pointKey: point,
          step: 'lock-applied',
          lockNumber: `L-${point}`,
          by: 'Jan',
        }),
      );
      await ok(await wo.send('POST', '/loto/steps', { pointKey: point, step: 'tag-applied', by: 'Jan' }));
      await ok(await wo.send('POST', '/loto/steps', { pointKey: point, step: 'zero-energy-verified', by: 'Jan' }));
    }
    await expectProblem(await wo.send('POST', '/loto/isolation-sign-off', { by: 'Jan' }), 403, 'step_up.required');
    await ok(
      await t.portal(
        'POST',
        '/step-up',
        wo.token,
        { action: 'loto:acknowledge' },
        { 'idempotency-key': idempotencyKey() },
      ),
    );
    const [event] = await t.db('events').where({ linkId: wo.link.id, type: 'step-up.requested' });
    const signOff = await t.portal(
      'POST',
      `/work-orders/${wo.ref}/loto/isolation-sign-off`,
      wo.token,
      { by: 'Jan' },
      { 'idempotency-key': idempotencyKey(), 'x-step-up-code': event.data.code },
    );
    expect(signOff.status).toBe(201);
    expect((await wo.view()).loto!.signOff).toMatchObject({ by: 'Jan' });

    for (const point of ['H1', 'E1'])
      await ok(await wo.send('POST', '/loto/steps', { pointKey: point, step: 'lock-removed', by: 'Jan' }));
    await expectProblem(
      await wo.send('POST', '/loto/steps', { step: 'equipment-returned', by: 'Jan' }),
      403,
      'step_up.required',
    );
    await ok(
      await t.portal(
        'POST',
        '/step-up',
        wo.token,
        { action: 'loto:acknowledge' },
        { 'idempotency-key': idempotencyKey() },
      ),
    );
    const codes = await t.db('events').where({ linkId: wo.link.id, type: 'step-up.requested' }).orderBy('id');
    const returned = await t.portal(
      'POST',
      `/work-orders/${wo.ref}/loto/steps`,
      wo.token,
      { step: 'equipment-returned', by: 'Jan' },
      { 'idempotency-key': idempotencyKey(), 'x-step-up-code': codes.at(-1).data.code },
    );
    expect(returned.status).toBe(201);
    expect((await wo.view()).loto).toMatchObject({ released: true });
  });

  it('when a step names a point the procedure does not have, then 422 at /pointKey', async () => {
    const wo = await workOrder();
    const problem = await expectProblem(
      await wo.send('POST', '/loto/steps', { pointKey: 'X9', step: 'lock-applied', lockNumber: '1', by: 'Jan' }),
      422,
      'loto.out_of_order',
    );
    expect(problem.errors![0]!.pointer).toBe('/pointKey');
  });
});

describe('inspections', () => {
  it('when a measured value is out of limits, then it needs a comment and is flagged; the submission then fails with that item', async () => {
    const wo = await workOrder();
    const missing = await expectProblem(
      await wo.send('PUT', '/inspections/main/answers/pressure', { value: 230 }),
      422,
      'inspection.comment_required',
    );
    expect(missing.errors![0]!.pointer).toBe('/comment');
    const saved = await ok(
      await wo.send('PUT', '/inspections/main/answers/pressure', { value: 230, comment: 'Regulator do wymiany' }),
      200,
    );
    expect(saved).toMatchObject({ itemKey: 'pressure', value: 230, outOfLimits: true });
    // Saved again (the technician corrects it): replaced, not added.
    await ok(
      await wo.send('PUT', '/inspections/main/answers/pressure', { value: 215, comment: 'Nadal za wysoko' }),
      200,
    );
    await ok(await wo.send('PUT', '/inspections/main/answers/leak', { result: 'pass' }), 200);
    const submission = await ok(await wo.send('POST', '/inspections/main/submission', { inspector: 'Anna' }));
    expect(submission).toMatchObject({ result: 'failed', failedItems: ['pressure'], inspector: 'Anna' });
    expect((await wo.view()).checklists[0]!.answers).toHaveLength(2);
    await expectProblem(
      await wo.send('PUT', '/inspections/main/answers/leak', { result: 'fail', comment: 'x' }),
      409,
      'inspection.already_submitted',
    );
  });

  it('when an answer does not fit its item (no result, n/a where not allowed, a photo missing), then 422 at the field', async () => {
    const wo = await workOrder({
      checklist: [
        { key: 'leak', text: 'Brak wycieków', type: 'pass-fail' },
        { key: 'seal', text: 'Uszczelka', type: 'pass-fail-na', photoRequired: true },
      ],
    });
    expect(
      (
        await expectProblem(
          await wo.send('PUT', '/inspections/main/answers/leak', {}),
          422,
          'inspection.answer_invalid',
        )
      ).errors![0]!.pointer,
    ).toBe('/result');
    await expectProblem(
      await wo.send('PUT', '/inspections/main/answers/leak', { result: 'na' }),
      422,
      'inspection.answer_invalid',
    );
    await expectProblem(
      await wo.send('PUT', '/inspections/main/answers/leak', { result: 'fail' }),
      422,
      'inspection.comment_required',
    );
    await expectProblem(
      await wo.send('PUT', '/inspections/main/answers/seal', { result: 'na' }),
      422,
      'inspection.photo_required',
    );
    await expectProblem(
      await wo.send('PUT', '/inspections/main/answers/nope', { result: 'pass' }),
      404,
      'inspection.item_not_found',
    );
  });

  it('when the inspection is submitted with required items open, then 409 inspection.items_open points at each', async () => {
    const wo = await workOrder();
    await ok(await wo.send('PUT', '/inspections/main/answers/leak', { result: 'pass' }), 200);
    const problem = await expectProblem(
      await wo.send('POST', '/inspections/main/submission', { inspector: 'Anna' }),
      409,
      'inspection.items_open',
    );
    expect(problem.errors).toEqual([{ pointer: '/items/pressure', message: 'not answered' }]);
  });

  it("when another work order's checklist is addressed, then 403 token.subject_mismatch; an unknown checklist of its own is 404", async () => {
    const mine = await workOrder();
    const other = await workOrder();
    const res = await t.portal(
      'PUT',
      `/work-orders/${other.ref}/inspections/main/answers/leak`,
      mine.token,
      { result: 'pass' },
      { 'idempotency-key': idempotencyKey() },
    );
    await expectProblem(res, 403, 'token.subject_mismatch');
    const submit = await t.portal(
      'POST',
      `/work-orders/${other.ref}/inspections/main/submission`,
      mine.token,
      { inspector: 'A' },
      { 'idempotency-key': idempotencyKey() },
    );
    await expectProblem(submit, 403, 'token.subject_mismatch');
    expect((await other.view()).checklists[0]!.answers).toEqual([]);
    await expectProblem(
      await mine.send('PUT', '/inspections/other/answers/leak', { result: 'pass' }),
      404,
      'inspection.checklist_not_found',
    );
  });
});

describe('permit-to-work', () => {
  it('when precautions are not all acknowledged, then sign-on is refused and points at the open ones', async () => {
    const wo = await workOrder();
    await ok(await wo.send('POST', '/permits/PTW-0091/acknowledgements', { precaution: 1, by: 'Jan' }));
    await expectProblem(
      await wo.send('POST', '/permits/PTW-0091/acknowledgements', { precaution: 1, by: 'Jan' }),
      409,
      'permit.already_acknowledged',
    );
    const problem = await expectProblem(
      await wo.send('POST', '/permits/PTW-0091/sign-ons', { workers: ['Jan'], by: 'Jan' }),
      409,
      'permit.precautions_open',
    );
    expect(problem.errors).toEqual([{ pointer: '/precautions/0', message: 'not acknowledged' }]);
  });

  const invalidPermits: [string, Record<string, unknown>, string][] = [
    ['expired', { validFrom: at(-3 * HOUR), validTo: at(-HOUR) }, 'expired'],
    ['not yet valid', { validFrom: at(HOUR), validTo: at(3 * HOUR) }, 'not-yet-valid'],
    ['suspended', { state: 'suspended', stateReason: 'Alarm gazowy' }, 'suspended'],
    ['cancelled', { state: 'cancelled' }, 'cancelled'],
  ];
  for (const [name, change, reason] of invalidPermits) {
    it(`when the permit is ${name}, then sign-on answers 409 permit.not_valid with the reason ${reason}`, async () => {
      const base = documentAtNow().permits![0]!;
      const wo = await workOrder({ permits: [{ ...base, precautions: [], ...change }] });
      const problem = await expectProblem(
        await wo.send('POST', '/permits/PTW-0091/sign-ons', { workers: ['Jan'], by: 'Jan' }),
        409,
        'permit.not_valid',
      );
      expect(problem.errors![0]!.keyword).toBe(reason);
      if (name === 'suspended') expect(problem.detail).toContain('Alarm gazowy');
      expect((await wo.view()).permits[0]!.log).toEqual([]);
    });
  }

  it('when the main system suspends a permit while workers are on, then they can still sign off but nobody new signs on', async () => {
    const wo = await workOrder();
    await signOnPermit(wo);
    const body = documentAtNow();
    body.permits![0]!.state = 'suspended';
    await ok(await t.integration('PUT', `/work-orders/${wo.ref}`, body), 200);
    await expectProblem(
      await wo.send('POST', '/permits/PTW-0091/sign-ons', { workers: ['Ewa'], by: 'Jan' }),
      409,
      'permit.not_valid',
    );
    await expectProblem(
      await wo.send('POST', '/permits/PTW-0091/sign-offs', { workers: ['Ewa'], reason: 'end-of-shift', by: 'Jan' }),
      422,
      'permit.not_signed_on',
    );
    const off = await ok(
      await wo.send('POST', '/permits/PTW-0091/sign-offs', {
        workers: ['Piotr Nowak'],
        reason: 'end-of-shift',
        by: 'Jan',
      }),
    );
    expect(off).toMatchObject({ kind: 'signed-off', workers: ['Piotr Nowak'], reason: 'end-of-shift' });
    expect((await wo.view()).permits[0]!.onSite).toEqual(['Jan Kowalski']);
  });
});

describe('completion', () => {
  it('when checklist items are open and LOTO is not released, then 409 work-order.completion_blocked lists each, and nothing is recorded', async () => {
    const wo = await workOrder();
    await ok(await wo.send('PUT', '/inspections/main/answers/leak', { result: 'pass' }), 200);
    await signOnPermit(wo);
    const problem = await expectProblem(
      await wo.send('POST', '/completion', completion),
      409,
      'work-order.completion_blocked',
    );
    expect(problem.errors).toEqual([
      { pointer: '/checklists/main', message: 'inspection not submitted; unanswered: pressure', keyword: 'inspection' },
      { pointer: '/loto', message: 'LOTO not released; next: lock-applied at E1', keyword: 'loto' },
      { pointer: '/permits/PTW-0091', message: 'still signed on: Jan Kowalski, Piotr Nowak', keyword: 'permit' },
    ]);
    expect(await wo.view()).toMatchObject({ status: 'planned', completion: null, closedForWriting: false });
  });

  it('when no signature is given, then 422 at /signature; a typed name is accepted instead of a drawing', async () => {
    const wo = await workOrder({ loto: undefined, permits: [], checklist: undefined });
    const { signature: _drawn, ...unsigned } = completion;
    await expectProblem(await wo.send('POST', '/completion', unsigned), 422, 'work-order.signature_required');
    const done = await ok(await wo.send('POST', '/completion', { ...unsigned, typedSignature: 'Jan Kowalski' }));
    expect(done).toMatchObject({ signatureKind: 'typed', typedSignature: 'Jan Kowalski' });
  });

  it('when the signature is not a PNG data URL or too large, then 400 at /signature', async () => {
    const wo = await workOrder({ loto: undefined, permits: [], checklist: undefined });
    const bad = await wo.send('POST', '/completion', { ...completion, signature: 'data:image/svg+xml;base64,AAAA' });
    expect((await expectProblem(bad, 400, 'validation.failed')).errors![0]!.pointer).toBe('/signature');
    const huge = await wo.send('POST', '/completion', {
      ...completion,
      signature: `data:image/png;base64,${'A'.repeat(200_000)}`,
    });
    expect(huge.status).toBe(400);
  });
});

describe('work logs and findings', () => {
  it('when the end lies before the start, or neither times nor duration are given, then 422 at the field', async () => {
    const wo = await workOrder();
    const backwards = await wo.send('POST', '/work-logs', { start: at(-HOUR), end: at(-2 * HOUR), workers: ['Jan'] });
    expect((await expectProblem(backwards, 422, 'work-log.end_before_start')).errors![0]!.pointer).toBe('/end');
    const none = await wo.send('POST', '/work-logs', { workers: ['Jan'] });
    expect((await expectProblem(none, 422, 'work-log.time_required')).errors![0]!.pointer).toBe('/start');
    const ok90 = await ok(
      await wo.send('POST', '/work-logs', {
        durationMinutes: 90,
        workers: ['Jan'],
        materials: [{ description: 'Olej HLP 46', quantity: 2.5, unit: 'l' }],
      }),
    );
    expect(ok90).toMatchObject({
      durationMinutes: 90,
      materials: [{ description: 'Olej HLP 46', quantity: 2.5, unit: 'l' }],
    });
  });

  it('when a finding is reported, then it is kept and the feed gets finding.reported', async () => {
    const wo = await workOrder();
    const finding = await ok(
      await wo.send('POST', '/findings', { what: 'Luźny przewód', where: 'Szafa SZ-4', urgency: 'critical' }),
    );
    expect(finding).toMatchObject({ what: 'Luźny przewód', where: 'Szafa SZ-4', urgency: 'critical' });
    expect((await wo.view()).findings).toHaveLength(1);
  });
});

describe('what a link allows', () => {
  it('when a link grants only reading, then every write answers 403 token.action_not_granted and the work order reads', async () => {
    const wo = await workOrder({}, ['work-order:read']);
    await expectProblem(
      await wo.send('POST', '/work-logs', { durationMinutes: 5, workers: ['Jan'] }),
      403,
      'token.action_not_granted',
    );
    await expectProblem(
      await wo.send('POST', '/loto/steps', { pointKey: 'E1', step: 'lock-applied', lockNumber: '1', by: 'Jan' }),
      403,
      'token.action_not_granted',
    );
    await expectProblem(await wo.send('POST', '/completion', completion), 403, 'token.action_not_granted');
    expect((await wo.view()).ref).toBe(wo.ref);
  });

  it('when a link lacks permit:sign, then sign-on is refused even with every other action', async () => {
    const wo = await workOrder(
      {},
      ALL.filter((a) => a !== 'permit:sign'),
    );
    await expectProblem(
      await wo.send('POST', '/permits/PTW-0091/sign-ons', { workers: ['Jan'], by: 'Jan' }),
      403,
      'token.action_not_granted',
    );
  });

  it('when a link is time-boxed to the planned window and the window is over, then writes answer 403 work-order.outside_window; reads work', async () => {
    const wo = await workOrder({ plannedStart: at(-3 * HOUR), plannedEnd: at(-HOUR) }, ALL, { window: 'planned' });
    await expectProblem(
      await wo.send('POST', '/work-logs', { durationMinutes: 5, workers: ['Jan'] }),
      403,
      'work-order.outside_window',
    );
    expect((await wo.view()).ref).toBe(wo.ref);
    const inside = await workOrder({}, ALL, { window: 'planned' });
    await ok(await inside.send('POST', '/work-logs', { durationMinutes: 5, workers: ['Jan'] }));
  });

  it('when a time claimed for a step lies in the future, then 422 time.in_future', async () => {
    const wo = await workOrder();
    await expectProblem(
      await wo.send('POST', '/loto/steps', {
        pointKey: 'E1',
        step: 'lock-applied',
        lockNumber: '1',
        by: 'Jan',
        at: at(HOUR),
      }),
      422,
      'time.in_future',
    );
  });
});
