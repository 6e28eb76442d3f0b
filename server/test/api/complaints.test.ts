import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplaintView, Link, Problem, PutComplaintBody, StageResponse, StepUpChallenge } from '@amage/contracts';
import { JPEG } from '../fixtures/files.js';
import { testClock } from '../helpers/clock.js';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';

const DAY = 86_400_000;
// Overdue stages are judged by this clock, whatever the real time.
const clock = testClock('2026-06-15T23:30:00Z');
const at = (days: number) => clock.at(days * DAY);
const date = clock.date;

const complaintBody = (overrides: Partial<PutComplaintBody> = {}): PutComplaintBody => ({
  number: 'RK/2026/0009',
  supplier: { ref: 'SUP-17', name: 'Hydro-Tech Sp. z o.o.', email: 'quality@hydrotech.example' },
  purchaseOrderRef: 'PO-2026-0042',
  lineNo: 1,
  itemCode: 'BRG-6204',
  description: 'Łożyska z partii L-2291 głośno pracują po montażu.',
  defectQuantity: 12,
  unit: 'szt',
  resolution: 'Wymiana 12 szt.',
  stages: [
    { key: 'containment', dueAt: at(-1) },
    { key: 'root-cause', dueAt: at(14) },
    { key: 'corrective-action', dueAt: at(28) },
  ],
  ...overrides,
});

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: clock.clock });
});
afterAll(() => t.close());

async function share(ref: string, overrides: Partial<PutComplaintBody> = {}) {
  const res = await t.integration('PUT', `/complaints/${ref}`, complaintBody(overrides));
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as ComplaintView;
}

async function linkFor(
  ref: string,
  extra: { actions?: ('complaint:read' | 'complaint:respond')[]; stepUp?: 'complaint:respond'[] } = {},
) {
  const link = await t.issueLink({
    subject: { type: 'complaint', ref },
    actions: extra.actions ?? ['complaint:read', 'complaint:respond'],
    recipient: { email: 'quality@hydrotech.example', name: 'Ewa Lis' },
    ...(extra.stepUp ? { stepUp: extra.stepUp } : {}),
  });
  return { link, token: await t.session(link) };
}

const post = (token: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  t.portal('POST', path, token, body, { 'idempotency-key': idempotencyKey(), ...headers });
const view = async (token: string, ref: string) =>
  (await (await t.portal('GET', `/complaints/${ref}`, token)).json()) as ComplaintView;
const problemOf = async (res: Response) => (await res.json()) as Problem;
const response = (overrides: Record<string, unknown> = {}) => ({
  text: 'Zablokowano 480 szt. z partii L-2291 w magazynie i u klienta; sortowanie 100%.',
  responsible: { name: 'Tomasz Wrona', role: 'Kierownik jakości' },
  implementedOn: date(0),
  ...overrides,
});

describe('integration API: complaints', () => {
  it('when a complaint is PUT twice, then it is created, then replaced, and stages show deadlines with the overdue one marked', async () => {
    const first = await t.integration('PUT', '/complaints/CMP-I-1', complaintBody());
    expect(first.status).toBe(201);
    const second = await t.integration('PUT', '/complaints/CMP-I-1', complaintBody({ defectQuantity: 14 }));
    expect(second.status).toBe(200);
    const got = (await second.json()) as ComplaintView;
    expect(got).toMatchObject({ status: 'open', defectQuantity: 14 });
    expect(got.stages.map((s) => [s.key, s.state, s.overdue])).toEqual([
      ['containment', 'open', true],
      ['root-cause', 'open', false],
      ['corrective-action', 'open', false],
    ]);
  });

  it('when a stage key appears twice, then 422 at the second', async () => {
    const res = await t.integration(
      'PUT',
      '/complaints/CMP-I-2',
      complaintBody({
        stages: [
          { key: 'containment', dueAt: at(1) },
          { key: 'containment', dueAt: at(2) },
        ],
      }),
    );
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors![0]!.pointer).toBe('/stages/1/key');
  });
});

describe('stage responses (complaint:respond)', () => {
  it('when containment is answered first, then it waits for the buyer, the event is written and the deadline no longer counts as overdue', async () => {
    await share('CMP-R-1');
    const { token } = await linkFor('CMP-R-1');
    const res = await post(token, '/complaints/CMP-R-1/stages/containment/responses', response());
    expect(res.status).toBe(201);
    const answer = (await res.json()) as StageResponse;
    expect(answer).toMatchObject({ stageKey: 'containment', responsible: { name: 'Tomasz Wrona' } });
    const [event] = await t.db('events').where({ subjectRef: 'CMP-R-1', type: 'complaint-response.submitted' });
    expect(event.data).toMatchObject({ id: answer.id, stageKey: 'containment', text: answer.text });
    const stage = (await view(token, 'CMP-R-1')).stages[0]!;
    expect(stage).toMatchObject({ state: 'submitted', overdue: false, responses: [{ id: answer.id }] });
  });

  it('when a photo uploaded for this complaint is attached, then the answer carries it', async () => {
    await share('CMP-R-6');
    const { token } = await linkFor('CMP-R-6');
    const up = await t.fetch(`${t.url}/api/portal/v1/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'image/jpeg',
        'x-filename': 'sortowanie.jpg',
        'idempotency-key': idempotencyKey(),
      },
      body: JPEG,
    });
    const photo = (await up.json()) as { id: string };
    const res = await post(
      token,
      '/complaints/CMP-R-6/stages/containment/responses',
      response({ attachments: [photo.id] }),
    );
    expect(res.status).toBe(201);
    expect(((await res.json()) as StageResponse).attachments).toEqual([
      expect.objectContaining({ id: photo.id, filename: 'sortowanie.jpg' }),
    ]);
  });

  it('when the buyer returns a stage, then the supplier sees the comment and may revise it; once accepted it takes no more answers', async () => {
    await share('CMP-R-2');
    const { token } = await linkFor('CMP-R-2');
    await post(token, '/complaints/CMP-R-2/stages/root-cause/responses', response({ text: 'Zła smarowność.' }));
    const returned = complaintBody();
    returned.stages[1]!.decision = { outcome: 'returned', comment: 'Brak analizy 5 Why.' };
    await t.integration('PUT', '/complaints/CMP-R-2', returned);
    await t.integration('PUT', '/complaints/CMP-R-2', returned);
    let stage = (await view(token, 'CMP-R-2')).stages[1]!;
    expect(stage).toMatchObject({
      state: 'returned',
      decision: { outcome: 'returned', comment: 'Brak analizy 5 Why.' },
    });

    expect(
      (await post(token, '/complaints/CMP-R-2/stages/root-cause/responses', response({ text: '5 Why: …' }))).status,
    ).toBe(201);
    stage = (await view(token, 'CMP-R-2')).stages[1]!;
    expect(stage.state).toBe('submitted');
    expect(stage.responses).toHaveLength(2);

    const accepted = complaintBody();
    accepted.stages[1]!.decision = { outcome: 'accepted' };
    await t.integration('PUT', '/complaints/CMP-R-2', accepted);
    const complaint = await view(token, 'CMP-R-2');
    expect(complaint.stages[1]!.state).toBe('accepted');
    expect(complaint.history.map((h) => `${h.by}:${h.kind}:${h.stageKey}`)).toEqual([
      'supplier:response-submitted:root-cause',
      'buyer:stage-returned:root-cause',
      'supplier:response-submitted:root-cause',
      'buyer:stage-accepted:root-cause',
    ]);
    const again = await post(token, '/complaints/CMP-R-2/stages/root-cause/responses', response());
    expect(again.status).toBe(409);
    expect((await problemOf(again)).code).toBe('complaint.stage_accepted');
  });

  it('when the stage is unknown, the body is invalid or an attachment is not of this complaint, then the answer is refused at the field', async () => {
    await share('CMP-R-3');
    const { token } = await linkFor('CMP-R-3');
    const unknown = await post(token, '/complaints/CMP-R-3/stages/preventive-action/responses', response());
    expect(unknown.status).toBe(404);
    expect((await problemOf(unknown)).code).toBe('complaint.stage_not_found');
    const invalid = await post(token, '/complaints/CMP-R-3/stages/containment/responses', { text: 'x' });
    expect(invalid.status).toBe(400);
    expect((await problemOf(invalid)).errors![0]!.pointer).toBe('/responsible');
    const dates = await post(
      token,
      '/complaints/CMP-R-3/stages/containment/responses',
      response({ verifiedOn: date(-5) }),
    );
    expect((await problemOf(dates)).errors![0]!.pointer).toBe('/verifiedOn');
    await share('CMP-R-3B');
    const other = await linkFor('CMP-R-3B');
    const up = await t.fetch(`${t.url}/api/portal/v1/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${other.token}`,
        'content-type': 'image/jpeg',
        'x-filename': 'foto.jpg',
        'idempotency-key': idempotencyKey(),
      },
      body: JPEG,
    });
    expect(up.status).toBe(201);
    const foreign = (await up.json()) as { id: string };
    const file = await post(
      token,
      '/complaints/CMP-R-3/stages/containment/responses',
      response({ attachments: [foreign.id] }),
    );
    expect(file.status).toBe(422);
    expect((await problemOf(file)).errors![0]!.pointer).toBe('/attachments/0');
    expect(await t.db('complaint_responses').where({ complaintRef: 'CMP-R-3' })).toEqual([]);
  });

  it('when the token may only read, then answering is refused', async () => {
    await share('CMP-R-4');
    const { token } = await linkFor('CMP-R-4', { actions: ['complaint:read'] });
    const res = await post(token, '/complaints/CMP-R-4/stages/containment/responses', response());
    expect(res.status).toBe(403);
    expect((await problemOf(res)).code).toBe('token.action_not_granted');
  });

  it('when the complaint is closed, then no more answers, disputes or acceptance', async () => {
    await share('CMP-R-5', { closure: { comment: 'Zamknięte po wymianie.' } });
    const { token } = await linkFor('CMP-R-5', { stepUp: [] });
    const complaint = await view(token, 'CMP-R-5');
    expect(complaint.status).toBe('closed');
    expect(complaint.stages[0]!.overdue).toBe(false);
    for (const [path, body] of [
      ['/complaints/CMP-R-5/stages/containment/responses', response()],
      ['/complaints/CMP-R-5/disputes', { reason: 'x' }],
      ['/complaints/CMP-R-5/acceptance', { name: 'Ewa Lis' }],
    ] as const) {
      const res = await post(token, path, body);
      expect(res.status, path).toBe(409);
      expect((await problemOf(res)).code).toBe('complaint.closed');
    }
  });
  it('when the supplier accepted the complaint, then its stages take no more answers or files: 409 complaint.accepted and nothing is stored', async () => {
    await share('CMP-R-7');
    const { token } = await linkFor('CMP-R-7', { stepUp: [] });
    expect((await post(token, '/complaints/CMP-R-7/acceptance', { name: 'Ewa Lis' })).status).toBe(201);
    const answer = await post(token, '/complaints/CMP-R-7/stages/root-cause/responses', response());
    expect([answer.status, (await problemOf(answer)).code]).toEqual([409, 'complaint.accepted']);
    const upload = await fetch(`${t.url}/api/portal/v1/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'image/jpeg',
        'x-filename': 'po-akceptacji.jpg',
        'idempotency-key': idempotencyKey(),
      },
      body: JPEG,
    });
    expect([upload.status, (await problemOf(upload)).code]).toEqual([409, 'complaint.accepted']);
    expect(await t.db('complaint_responses').where({ complaintRef: 'CMP-R-7' })).toEqual([]);
    expect((await view(token, 'CMP-R-7')).stages.map((s) => s.state)).toEqual(['open', 'open', 'open']);
  });

  it('when an implementation or verification date lies after today (in every time zone), then 422 complaint.date_in_future at that field; today is fine', async () => {
    await share('CMP-R-8');
    const { token } = await linkFor('CMP-R-8');
    const res = await post(
      token,
      '/complaints/CMP-R-8/stages/containment/responses',
      response({ implementedOn: date(2), verifiedOn: '2099-01-01' }),
    );
    const problem = await problemOf(res);
    expect([res.status, problem.code]).toEqual([422, 'complaint.date_in_future']);
    expect(problem.errors!.map((e) => [e.pointer, e.keyword])).toEqual([
      ['/implementedOn', 'complaint.date_in_future'],
      ['/verifiedOn', 'complaint.date_in_future'],
    ]);
    // At 23:30 UTC it is already tomorrow in UTC+14: that date is today somewhere, so it is accepted.
    const ok = await post(
      token,
      '/complaints/CMP-R-8/stages/containment/responses',
      response({ implementedOn: date(0), verifiedOn: date(1) }),
    );
    expect(ok.status).toBe(201);
  });
});

describe('dispute', () => {
  it('when the supplier disputes, then the complaint is disputed until the buyer answers, and complaint.disputed is written', async () => {
    await share('CMP-X-1');
    const { token } = await linkFor('CMP-X-1');
    const res = await post(token, '/complaints/CMP-X-1/disputes', {
      reason: 'Łożyska montowano bez ściągacza; ślady uderzeń na bieżni.',
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as ComplaintView).status).toBe('disputed');
    const [event] = await t.db('events').where({ subjectRef: 'CMP-X-1', type: 'complaint.disputed' });
    expect(event.data.reason).toContain('ściągacza');
    const twice = await post(token, '/complaints/CMP-X-1/disputes', { reason: 'again' });
    expect(twice.status).toBe(409);
    await t.integration(
      'PUT',
      '/complaints/CMP-X-1',
      complaintBody({ disputeDecision: { outcome: 'rejected', comment: 'Montaż zgodny z instrukcją.' } }),
    );
    const complaint = await view(token, 'CMP-X-1');
    expect(complaint).toMatchObject({ status: 'open', dispute: { decision: { outcome: 'rejected' } } });
    expect(complaint.history.map((h) => h.kind)).toEqual(['disputed', 'dispute-rejected']);
  });
});

describe('acceptance behind the step-up hook', () => {
  it('complaint links require step-up for complaint:respond by default, and the link says so', async () => {
    await share('CMP-S-0');
    const { link } = await linkFor('CMP-S-0');
    expect(link.stepUp).toEqual(['complaint:respond']);
    const got = (await (await t.integration('GET', `/links/${link.id}`)).json()) as Link;
    expect(got.stepUp).toEqual(['complaint:respond']);
  });

  it('without a code: 403 step_up.required; wrong code: 403 step_up.invalid; right code: accepted; the code works once', async () => {
    await share('CMP-S-1');
    const { link, token } = await linkFor('CMP-S-1');
    const accept = (headers: Record<string, string> = {}) =>
      post(token, '/complaints/CMP-S-1/acceptance', { name: 'Ewa Lis', comment: 'Akceptujemy wymianę.' }, headers);

    const without = await accept();
    expect(without.status).toBe(403);
    expect((await problemOf(without)).code).toBe('step_up.required');

    const asked = await post(token, '/step-up', { action: 'complaint:respond' });
    expect(asked.status).toBe(201);
    const challenge = (await asked.json()) as StepUpChallenge;
    expect(challenge.recipient).toBe('q***@hydrotech.example');
    expect(Date.parse(challenge.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    const [event] = await t.db('events').where({ linkId: link.id, type: 'step-up.requested' });
    const code = event.data.code as string;
    expect(code).toMatch(/^\d{6}$/);
    const [stored] = await t.db('step_up_codes').where({ linkId: link.id });
    expect(JSON.stringify(stored)).not.toContain(code);

    const wrong = await accept({ 'x-step-up-code': code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(403);
    expect((await problemOf(wrong)).code).toBe('step_up.invalid');
    expect(await t.db('complaint_positions').where({ complaintRef: 'CMP-S-1' })).toEqual([]);

    const right = await accept({ 'x-step-up-code': code });
    expect(right.status).toBe(201);
    expect(((await right.json()) as ComplaintView).status).toBe('accepted');
    expect(await t.db('events').where({ subjectRef: 'CMP-S-1', type: 'complaint.accepted' })).toHaveLength(1);

    await share('CMP-S-1'); // unchanged PUT: still accepted
    const reused = await post(token, '/complaints/CMP-S-1/acceptance', { name: 'Ewa Lis' }, { 'x-step-up-code': code });
    expect(reused.status).toBe(403);
    expect((await problemOf(reused)).code).toBe('step_up.required');
  });

  it('after five wrong codes the code is dead, even the right one; a refused action gives the code back', async () => {
    await share('CMP-S-2');
    const { link, token } = await linkFor('CMP-S-2');
    await post(token, '/step-up', { action: 'complaint:respond' });
    const code = (await t.db('events').where({ linkId: link.id, type: 'step-up.requested' }))[0].data.code as string;
    // An invalid body after a right code: 400, and the code is still good.
    const invalid = await post(token, '/complaints/CMP-S-2/acceptance', {}, { 'x-step-up-code': code });
    expect(invalid.status).toBe(400);
    await new Promise((r) => setTimeout(r, 50));
    const wrongCode = code === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) {
      const res = await post(token, '/complaints/CMP-S-2/acceptance', { name: 'X' }, { 'x-step-up-code': wrongCode });
      expect((await problemOf(res)).code).toBe('step_up.invalid');
    }
    const late = await post(token, '/complaints/CMP-S-2/acceptance', { name: 'X' }, { 'x-step-up-code': code });
    expect(late.status).toBe(403);
    expect((await problemOf(late)).code).toBe('step_up.required');
  });

  it('when bursts of wrong codes arrive at once, then the right code sent among them finds the code already dead', async () => {
    // 300 guesses at once, the right one at place 250: the five wrong ones checked first must have burnt
    // the code. Checking and counting were two statements once, and warm bursts slipped through.
    for (let burst = 0; burst < 3; burst++) {
      const ref = `CMP-S-R${burst}`;
      await share(ref);
      const { link, token } = await linkFor(ref);
      await post(token, '/step-up', { action: 'complaint:respond' });
      const code = (await t.db('events').where({ linkId: link.id, type: 'step-up.requested' }))[0].data.code as string;
      const guesses = Array.from({ length: 300 }, (_, i) =>
        String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
      );
      guesses[250] = code;
      const answers = await Promise.all(
        guesses.map((guess) =>
          post(token, `/complaints/${ref}/acceptance`, { name: 'X' }, { 'x-step-up-code': guess }),
        ),
      );
      const codes = await Promise.all(
        answers.map(async (r) => (r.status === 201 ? 'accepted' : (await problemOf(r)).code)),
      );
      expect(codes[250], `burst ${burst}`).toBe('step_up.required');
      expect(codes.filter((c) => c === 'step_up.invalid')).toHaveLength(5);
    }
  }, 60_000);

  it('when a link has sent twenty wrong codes in all, then it gets no more codes', async () => {
    await share('CMP-S-L');
    const { link, token } = await linkFor('CMP-S-L');
    await post(token, '/step-up', { action: 'complaint:respond' });
    await t.db('step_up_codes').where({ linkId: link.id }).update({ attempts: 20 });
    const res = await post(token, '/step-up', { action: 'complaint:respond' });
    expect(res.status).toBe(403);
    expect((await problemOf(res)).code).toBe('step_up.locked');
  });

  it('an expired code is refused', async () => {
    await share('CMP-S-3');
    const { link, token } = await linkFor('CMP-S-3');
    await post(token, '/step-up', { action: 'complaint:respond' });
    const code = (await t.db('events').where({ linkId: link.id, type: 'step-up.requested' }))[0].data.code as string;
    await t
      .db('step_up_codes')
      .where({ linkId: link.id })
      .update({ expiresAt: new Date(Date.now() - 1000) });
    const res = await post(token, '/complaints/CMP-S-3/acceptance', { name: 'X' }, { 'x-step-up-code': code });
    expect((await problemOf(res)).code).toBe('step_up.required');
  });

  it('a link issued with stepUp: [] accepts without a code; asking for a code there is 409; more than five codes in 15 minutes is 429', async () => {
    await share('CMP-S-4');
    const { token } = await linkFor('CMP-S-4', { stepUp: [] });
    expect((await post(token, '/step-up', { action: 'complaint:respond' })).status).toBe(409);
    expect((await post(token, '/complaints/CMP-S-4/acceptance', { name: 'Ewa Lis' })).status).toBe(201);

    await share('CMP-S-5');
    const second = await linkFor('CMP-S-5');
    for (let i = 0; i < 5; i++)
      expect((await post(second.token, '/step-up', { action: 'complaint:respond' })).status).toBe(201);
    expect((await post(second.token, '/step-up', { action: 'complaint:respond' })).status).toBe(429);
    // Only the newest code is valid.
    const codes = (await t.db('events').where({ linkId: second.link.id, type: 'step-up.requested' }).orderBy('id')).map(
      (e) => e.data.code as string,
    );
    const older = codes[0] !== codes[4] ? codes[0]! : undefined;
    if (older) {
      const res = await post(
        second.token,
        '/complaints/CMP-S-5/acceptance',
        { name: 'X' },
        { 'x-step-up-code': older },
      );
      expect(res.status).toBe(403);
    }
    expect(
      (await post(second.token, '/complaints/CMP-S-5/acceptance', { name: 'X' }, { 'x-step-up-code': codes[4]! }))
        .status,
    ).toBe(201);
  });

  it('a step-up code cannot be asked for with the link token, nor for an action the link lacks', async () => {
    await share('CMP-S-6');
    const { link } = await linkFor('CMP-S-6', { actions: ['complaint:read'] });
    const withLink = await t.portal(
      'POST',
      '/step-up',
      link.token,
      { action: 'complaint:read' },
      { 'idempotency-key': idempotencyKey() },
    );
    expect((await problemOf(withLink)).code).toBe('token.session_required');
    const session = await t.session(link);
    const notGranted = await post(session, '/step-up', { action: 'complaint:respond' });
    expect(notGranted.status).toBe(403);
    expect((await problemOf(notGranted)).code).toBe('token.action_not_granted');
  });
});
