import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { TIMES_OF_DAY, clockFixedAt, fixClock } from '../../internal/test/clock.js';
import { waitUntil } from '../../internal/test/wait.js';
import type { ComplaintView } from '@amage/contracts';
import './amage-complaint.js';
import type AmageComplaint from './complaint.component.js';
import { SESSION, fakeApi, json, problem, sessionInfo, type Route } from '../../internal/test/fake-api.js';
import { runFormWidgetTests } from '../../internal/test/form-widget-tests.js';
import { allByRole, byLabel, byRole, click, errorOf, type } from '../../internal/test/queries.js';

type Api = ReturnType<typeof fakeApi>;
const DAY = 86_400_000;
/** The widgets' clock in these tests (clockFixedAt below); times are days from it. */
const NOW = Date.parse('2026-12-01T09:00:00Z');
const at = (days: number) => new Date(NOW + days * DAY).toISOString();
const REF = 'CMP-2026-0009';

function complaintView(overrides: Partial<ComplaintView> = {}): ComplaintView {
  return {
    ref: REF,
    number: 'RK/2026/0009',
    status: 'open',
    supplier: { ref: 'SUP-17', name: 'Hydro-Tech' },
    purchaseOrderRef: 'PO-2026-0042',
    lineNo: 1,
    itemCode: 'BRG-6204',
    description: 'Łożyska z partii L-2291 głośno pracują po montażu.',
    defectQuantity: 12,
    unit: 'szt',
    attachments: [],
    resolution: 'Wymiana 12 szt.',
    stages: [
      { key: 'containment', dueAt: at(-1), state: 'open', overdue: true, responses: [] },
      {
        key: 'root-cause',
        dueAt: at(14),
        state: 'returned',
        overdue: false,
        responses: [
          {
            id: 'a0000000-0000-4000-8000-000000000001',
            stageKey: 'root-cause',
            text: 'Smar',
            responsible: { name: 'T. Wrona' },
            attachments: [],
            createdAt: at(-2),
          },
        ],
        decision: { outcome: 'returned', comment: 'Brak analizy 5 Why.', decidedAt: at(-1) },
      },
      { key: 'corrective-action', dueAt: at(28), state: 'accepted', overdue: false, responses: [] },
    ],
    history: [],
    updatedAt: at(0),
    ...overrides,
  };
}

function routes(view = complaintView(), extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    'GET /session': () =>
      json(
        200,
        sessionInfo({ subject: { type: 'complaint', ref: REF }, actions: ['complaint:read', 'complaint:respond'] }),
      ),
    [`GET /complaints/${REF}`]: () => json(200, view),
    ...extra,
  };
}

const root = (el: Element) => el.shadowRoot!;
const loaded = (el: AmageComplaint) => waitUntil(() => root(el).querySelector('h2'), 'complaint not shown');
const mount = async () => {
  const el = await fixture<AmageComplaint>(html`<amage-complaint token=${SESSION} lang="en"></amage-complaint>`);
  await loaded(el);
  return el;
};
const stageForm = (el: Element, name = 'Containment (D3)') => byRole(el, 'form', `Answer: ${name}`);
const submit = (form: HTMLElement, name: string | RegExp) =>
  allByRole(form, 'button', name).find((b) => (b as HTMLButtonElement).type === 'submit')!;
const response = (overrides: Record<string, unknown> = {}) => ({
  id: 'b0000000-0000-4000-8000-000000000002',
  stageKey: 'containment',
  text: 'Zablokowano partię L-2291.',
  responsible: { name: 'Tomasz Wrona' },
  attachments: [],
  createdAt: at(0),
  ...overrides,
});
async function fillStage(el: AmageComplaint, form = stageForm(el)) {
  await type(el, byLabel(form, 'Your answer'), 'Zablokowano partię L-2291.');
  await type(el, byLabel(form, 'Responsible person'), 'Tomasz Wrona');
  await type(el, byLabel(form, 'Implemented on'), at(0).slice(0, 10));
  await type(el, byLabel(form, 'Effectiveness verified on'), at(0).slice(0, 10));
}
const accepted = () =>
  complaintView({
    status: 'accepted',
    acceptance: { name: 'Ewa Lis', createdAt: at(0) },
  });

describe('<amage-complaint>', () => {
  clockFixedAt(NOW);

  runFormWidgetTests('amage-complaint', {
    routes: () => routes(),
    closedRoutes: () => routes(accepted()),
    mount: () => mount(),
    write: `POST /complaints/${REF}/stages/containment/responses`,
    accepted: () => response(),
    kind: 'stage-response',
    form: (el) => stageForm(el),
    fill: (el, form) => fillStage(el as AmageComplaint, form),
    required: 'Your answer',
    submit: 'Send answer',
    serverError: {
      pointer: '/verifiedOn',
      keyword: 'complaint.verified_before_implemented',
      label: 'Effectiveness verified on',
      message: 'Choose a verification date on or after the implementation date.',
    },
    typed: at(0).slice(0, 10),
  });

  let api: Api;
  afterEach(() => {
    api?.restore();
    localStorage.clear();
    sessionStorage.clear();
    document.documentElement.lang = 'en';
  });

  it("when the complaint has the main system's photos and documents, then each opens with the session token", async () => {
    const photo = {
      id: 'c0000000-0000-4000-8000-000000000003',
      filename: 'łożysko.jpg',
      contentType: 'image/jpeg',
      size: 3,
    };
    let opened: string | undefined;
    const originalOpen = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      opened = this.href;
    };
    try {
      api = fakeApi(
        routes(complaintView({ attachments: [photo] }), {
          [`GET /attachments/${photo.id}`]: () =>
            new Response(new Uint8Array([1, 2, 3]), { status: 200, headers: { 'content-type': 'image/jpeg' } }),
        }),
      );
      const el = await mount();
      await click(el, byRole(el, 'button', 'Open łożysko.jpg'));
      await waitUntil(() => opened, 'file not opened');
      expect(opened).to.match(/^blob:/);
      expect(api.calls.find((c) => c.path === `/attachments/${photo.id}`)!.authorization).to.equal(`Bearer ${SESSION}`);
      await expect(el).to.be.accessible();
    } finally {
      HTMLAnchorElement.prototype.click = originalOpen;
    }
  });

  it('shows the stages with deadlines; the overdue one stands out; a returned one shows the buyer’s comment and its revision form; an accepted one takes no answer', async () => {
    api = fakeApi(routes());
    const el = await mount();
    const stages = [...root(el).querySelectorAll('[part~="stage"]')];
    expect(stages.map((s) => s.getAttribute('part'))).to.deep.equal(['stage overdue', 'stage ', 'stage ']);
    expect(stages[0]!.textContent).to.contain('Containment (D3)').and.contain('Overdue');
    expect(stages[1]!.textContent)
      .to.contain('Brak analizy 5 Why.')
      .and.contain('Your latest answer')
      .and.contain('Smar');
    expect(submit(stageForm(el, 'Root cause (D4)'), 'Send a revised answer')).to.exist;
    expect(stages[2]!.querySelector('form')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('answers the containment stage; the sent answer then shows in full where the form was, and the next action’s message replaces this one', async () => {
    const sent: unknown[] = [];
    let view = complaintView();
    api = fakeApi(
      routes(view, {
        [`GET /complaints/${REF}`]: () => json(200, view),
        [`POST /complaints/${REF}/stages/containment/responses`]: async (request) => {
          sent.push(await request.json());
          const [first, ...rest] = view.stages;
          view = {
            ...view,
            stages: [{ ...first!, state: 'submitted', overdue: false, responses: [response()] }, ...rest],
          };
          return json(201, response());
        },
        [`POST /complaints/${REF}/disputes`]: () => json(201, complaintView({ status: 'disputed' })),
      }),
    );
    const el = await mount();
    await fillStage(el);
    const submitted = oneEvent(el, 'amage-submitted');
    await click(el, submit(stageForm(el), 'Send answer'));
    expect((await submitted).detail).to.deep.equal({
      subjectType: 'complaint',
      ref: REF,
      kind: 'stage-response',
      id: 'b0000000-0000-4000-8000-000000000002',
    });
    await el.updateComplete;
    expect(sent).to.deep.equal([
      {
        text: 'Zablokowano partię L-2291.',
        responsible: { name: 'Tomasz Wrona' },
        implementedOn: at(0).slice(0, 10),
        verifiedOn: at(0).slice(0, 10),
      },
    ]);
    const stage = root(el).querySelector<HTMLElement>('[data-stage="containment"]')!;
    const answer = stage.querySelector('[part~="answer"]')!;
    expect(answer.closest('details')).to.equal(null);
    expect(answer.textContent).to.contain('Zablokowano partię L-2291.').and.contain('Tomasz Wrona');
    expect(allByRole(el, 'form', 'Answer: Containment (D3)')).to.have.length(0);
    expect(stage.textContent).to.contain('Your answer was sent.');
    expect(byRole(stage, 'button', 'Send a revised answer')).to.exist;
    expect(localStorage.getItem(`amage-portals:draft:complaint:${REF}:stage:containment`)).to.equal(null);

    const dispute = byRole(el, 'form', 'Dispute the complaint');
    await type(el, byLabel(dispute, 'Reason'), 'Montaż bez ściągacza.');
    await click(el, submit(dispute, 'Send dispute'));
    await waitUntil(() => dispute.textContent!.includes('Your dispute was sent.'));
    expect(stage.textContent).to.not.contain('Your answer was sent.');
  });

  it('an implementation date after today is refused in the browser, saying what to do', async () => {
    api = fakeApi(routes());
    const el = await mount();
    await fillStage(el);
    const implemented = byLabel(stageForm(el), 'Implemented on');
    expect(implemented.getAttribute('max')).to.equal(at(0).slice(0, 10));
    await type(el, implemented, '2099-01-01');
    await type(el, byLabel(stageForm(el), 'Effectiveness verified on'), '2099-01-02');
    await click(el, submit(stageForm(el), 'Send answer'));
    await waitUntil(() => errorOf(implemented));
    expect(errorOf(implemented)).to.equal('Choose today or an earlier date: the answer reports what was done.');
    expect(api.calls.some((c) => c.method === 'POST')).to.equal(false);
  });

  it('restores a half-written answer after a reload', async () => {
    api = fakeApi(routes());
    const first = await mount();
    await type(first, byLabel(stageForm(first, 'Root cause (D4)'), 'Your answer'), '5 Why: …');
    first.remove();
    const second = await mount();
    expect(byLabel(stageForm(second, 'Root cause (D4)'), 'Your answer').value).to.equal('5 Why: …');
    expect(stageForm(second, 'Root cause (D4)').textContent).to.contain('Your unsent entries were restored.');
  });

  it('accepting asks for the step-up code when the server requires it, then sends it with the same Idempotency-Key', async () => {
    const codes: (string | null)[] = [];
    let view = complaintView();
    api = fakeApi(
      routes(view, {
        [`GET /complaints/${REF}`]: () => json(200, view),
        [`POST /complaints/${REF}/acceptance`]: (request) => {
          const code = request.headers.get('x-step-up-code');
          codes.push(code);
          if (!code) return problem(403, 'step_up.required');
          if (code !== '123456') return problem(403, 'step_up.invalid');
          view = accepted();
          return json(201, view);
        },
        'POST /step-up': () =>
          json(201, { action: 'complaint:respond', recipient: 'q***@hydrotech.example', expiresAt: at(0.01) }),
      }),
    );
    const el = await mount();
    const form = byRole(el, 'form', 'Accept the complaint');
    await type(el, byLabel(form, 'Your name'), 'Ewa Lis');
    const requested = oneEvent(el, 'amage-step-up-requested');
    await click(el, submit(form, 'Accept'));
    expect((await requested).detail).to.deep.equal({
      action: 'complaint:respond',
      recipient: 'q***@hydrotech.example',
    });
    const code = await (async () => {
      await el.updateComplete;
      await waitUntil(() => allByRole(form, 'textbox', 'Code').length);
      return byLabel(form, 'Code');
    })();
    expect(root(el).querySelector('[part~="step-up"]')!.textContent).to.contain('q***@hydrotech.example');
    await waitUntil(() => root(el).activeElement === code, 'code field not focused');
    await type(el, code, '999999');
    await click(el, submit(form, 'Accept'));
    await waitUntil(() => errorOf(byLabel(form, 'Code')));
    expect(errorOf(byLabel(form, 'Code'))).to.equal('The code is not right.');
    await expect(el).to.be.accessible();
    await type(el, byLabel(form, 'Code'), '123456');
    const submitted = oneEvent(el, 'amage-submitted');
    await click(el, submit(form, 'Accept'));
    expect((await submitted).detail.kind).to.equal('acceptance');
    expect(codes).to.deep.equal([null, '999999', '123456']);
    expect(new Set(api.calls.filter((c) => c.path.endsWith('/acceptance')).map((c) => c.idempotencyKey)).size).to.equal(
      1,
    );
    await waitUntil(() => root(el).textContent!.includes('Accepted by Ewa Lis'));
    expect(root(el).querySelectorAll('form')).to.have.length(0);
  });

  it('once the supplier accepted the complaint, its stages take no answer; an answer the server refuses for that reloads it read-only', async () => {
    let view = complaintView();
    api = fakeApi(
      routes(view, {
        [`GET /complaints/${REF}`]: () => json(200, view),
        [`POST /complaints/${REF}/stages/containment/responses`]: () => {
          view = accepted();
          return problem(409, 'complaint.accepted');
        },
      }),
    );
    const el = await mount();
    await fillStage(el);
    await click(el, submit(stageForm(el), 'Send answer'));
    await waitUntil(() => root(el).querySelectorAll('form').length === 0, 'still editable');
    expect(root(el).textContent).to.contain('Accepted by Ewa Lis').and.contain('Nothing more is asked of you here.');
  });

  it('a closed complaint is read-only and nothing is overdue', async () => {
    api = fakeApi(
      routes(
        complaintView({
          status: 'closed',
          closure: { closedAt: at(0) },
          stages: complaintView().stages.map((s) => ({ ...s, overdue: false })),
        }),
      ),
    );
    const el = await mount();
    expect(root(el).querySelector('form')).to.equal(null);
    expect(root(el).querySelector('.stage--overdue')).to.equal(null);
  });

  it('speaks Polish', async () => {
    api = fakeApi(routes());
    const el = await fixture<AmageComplaint>(html`<amage-complaint token=${SESSION} lang="pl"></amage-complaint>`);
    await loaded(el);
    expect(root(el).querySelector('h2')!.textContent).to.equal('Reklamacja RK/2026/0009');
    expect(root(el).textContent).to.contain('Po terminie').and.contain('Działania natychmiastowe (D3)');
  });

  it('fits 320 px', async () => {
    api = fakeApi(routes());
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="width: 320px"><amage-complaint token=${SESSION} lang="en"></amage-complaint></div>`,
    );
    const el = wrapper.querySelector('amage-complaint')!;
    await loaded(el);
    expect(root(el).querySelector<HTMLElement>('[part~="base"]')!.scrollWidth).to.be.at.most(320);
  });
});

describe('<amage-complaint> at any time of day', () => {
  let api: Api;
  let restore = () => {};
  afterEach(() => {
    api?.restore();
    restore();
    localStorage.clear();
  });

  // The server has not flagged it (it computed `overdue` earlier); the widget sees the due time pass.
  const overdue = { '00:30': false, '11:59': false, '23:30': true };
  for (const time of TIMES_OF_DAY) {
    it(`at ${time} UTC, a stage due at 12:00 UTC ${overdue[time] ? 'stands out as overdue' : 'is not overdue yet'}`, async () => {
      restore = fixClock(`2026-12-01T${time}:00Z`);
      const stages: ComplaintView['stages'] = [
        { key: 'containment', dueAt: '2026-12-01T12:00:00Z', state: 'open', overdue: false, responses: [] },
      ];
      api = fakeApi(routes(complaintView({ stages })));
      const el = await mount();
      const stage = root(el).querySelector('[part~="stage"]')!;
      expect(stage.getAttribute('part')).to.equal(overdue[time] ? 'stage overdue' : 'stage ');
      expect(stage.textContent!.includes('Overdue')).to.equal(overdue[time]);
    });
  }
});
