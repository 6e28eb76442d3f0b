import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { TIMES_OF_DAY, clockFixedAt, fixClock } from '../../internal/test/clock.js';
import { waitUntil } from '../../internal/test/wait.js';
import type { ComplaintView } from '@amage/contracts';
import './amage-complaint.js';
import type AmageComplaint from './complaint.component.js';
import { SESSION, fakeApi, json, problem, sessionInfo, type Route } from '../../internal/test/fake-api.js';

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
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  root(el).querySelector<T & HTMLElement>(selector)!;
const loaded = (el: AmageComplaint) => waitUntil(() => root(el).querySelector('h2'), 'complaint not shown');
async function type(el: AmageComplaint, selector: string, value: string) {
  const input = $<HTMLInputElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await el.updateComplete;
}
async function click(el: AmageComplaint, selector: string) {
  $(el, selector).click();
  await el.updateComplete;
}
const mount = async () => {
  const el = await fixture<AmageComplaint>(html`<amage-complaint token=${SESSION} lang="en"></amage-complaint>`);
  await loaded(el);
  return el;
};

describe('<amage-complaint>', () => {
  let api: Api;
  clockFixedAt(NOW);

  afterEach(() => {
    api.restore();
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
      const button = root(el).querySelector<HTMLButtonElement>('button[part~="file-button"]')!;
      expect(button.getAttribute('aria-label')).to.equal('Open łożysko.jpg');
      button.click();
      await waitUntil(() => opened, 'file not opened');
      expect(opened).to.match(/^blob:/);
      const download = api.calls.find((c) => c.path === `/attachments/${photo.id}`)!;
      expect(download.authorization).to.equal(`Bearer ${SESSION}`);
      await expect(el).to.be.accessible();
    } finally {
      HTMLAnchorElement.prototype.click = originalOpen;
    }
  });

  it('is accessible once loaded', async () => {
    api = fakeApi(routes());
    const el = await mount();
    await expect(el).to.be.accessible();
  });

  it('shows the stages with deadlines; the overdue one stands out; a returned one shows the buyer’s comment and offers a revision; an accepted one takes no answer', async () => {
    api = fakeApi(routes());
    const el = await mount();
    const stages = [...root(el).querySelectorAll('[part~="stage"]')];
    expect(stages.map((s) => s.getAttribute('part'))).to.deep.equal(['stage overdue', 'stage ', 'stage ']);
    expect(stages[0]!.textContent).to.contain('Containment (D3)').and.contain('Overdue');
    expect(stages[1]!.textContent).to.contain('Brak analizy 5 Why.');
    expect(stages[1]!.querySelector('[part~="submit-button"]')!.textContent!.trim()).to.equal('Send a revised answer');
    expect(stages[2]!.querySelector('form')).to.equal(null);
  });

  it('answers the containment stage, fires amage-submitted with the response id, and clears the draft', async () => {
    const sent: unknown[] = [];
    api = fakeApi(
      routes(complaintView(), {
        [`POST /complaints/${REF}/stages/containment/responses`]: async (request) => {
          sent.push(await request.json());
          return json(201, {
            id: 'b0000000-0000-4000-8000-000000000002',
            stageKey: 'containment',
            text: 'x',
            responsible: { name: 'x' },
            attachments: [],
            createdAt: at(0),
          });
        },
      }),
    );
    const el = await mount();
    await type(el, '#st-containment-text', 'Zablokowano partię L-2291.');
    await type(el, '#st-containment-name', 'Tomasz Wrona');
    await type(el, '#st-containment-impl', at(0).slice(0, 10));
    const submitted = oneEvent(el, 'amage-submitted');
    await click(el, 'form[data-stage="containment"] [part~="submit-button"]');
    expect((await submitted).detail).to.deep.equal({
      subjectType: 'complaint',
      ref: REF,
      kind: 'stage-response',
      id: 'b0000000-0000-4000-8000-000000000002',
    });
    expect(sent).to.deep.equal([
      { text: 'Zablokowano partię L-2291.', responsible: { name: 'Tomasz Wrona' }, implementedOn: at(0).slice(0, 10) },
    ]);
    expect(localStorage.getItem(`amage-portals:draft:complaint:${REF}`)).to.equal(null);
  });

  it('shows missing fields in the browser, and a server 422 at its field, with the summary focused', async () => {
    api = fakeApi(
      routes(complaintView(), {
        [`POST /complaints/${REF}/stages/containment/responses`]: () =>
          problem(422, 'complaint.verified_before_implemented', {
            errors: [{ pointer: '/verifiedOn', message: 'x', keyword: 'complaint.verified_before_implemented' }],
          }),
      }),
    );
    const el = await mount();
    await click(el, 'form[data-stage="containment"] [part~="submit-button"]');
    expect($(el, '#st-containment-text-error').textContent).to.equal('Required.');
    expect(root(el).activeElement?.getAttribute('data-summary')).to.equal('stage:containment');
    await type(el, '#st-containment-text', 'Zablokowano.');
    await type(el, '#st-containment-name', 'T. Wrona');
    await click(el, 'form[data-stage="containment"] [part~="submit-button"]');
    await waitUntil(() => $(el, '#st-containment-ver-error').textContent);
    expect($(el, '#st-containment-ver-error').textContent).to.equal('Verification cannot be before implementation.');
    expect($(el, '#st-containment-ver').getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('restores a half-written answer after a reload', async () => {
    api = fakeApi(routes());
    const first = await mount();
    await type(first, '#st-root-cause-text', '5 Why: …');
    first.remove();
    const second = await mount();
    expect(($(second, '#st-root-cause-text') as HTMLTextAreaElement).value).to.equal('5 Why: …');
    expect(root(second).textContent).to.contain('Your unsent entries were restored.');
  });

  it('disputes with a reason', async () => {
    const sent: unknown[] = [];
    api = fakeApi(
      routes(complaintView(), {
        [`POST /complaints/${REF}/disputes`]: async (request) => {
          sent.push(await request.json());
          return json(201, complaintView({ status: 'disputed' }));
        },
      }),
    );
    const el = await mount();
    ($(el, '#dispute-form').closest('details') as HTMLDetailsElement).open = true;
    await type(el, '#dispute-reason', 'Montaż bez ściągacza.');
    const submitted = oneEvent(el, 'amage-submitted');
    await click(el, '#dispute-form [part~="submit-button"]');
    expect((await submitted).detail.kind).to.equal('dispute');
    expect(sent).to.deep.equal([{ reason: 'Montaż bez ściągacza.' }]);
  });

  it('accepting asks for the step-up code when the server requires it, then sends it with the same Idempotency-Key', async () => {
    const codes: (string | null)[] = [];
    api = fakeApi(
      routes(complaintView(), {
        [`POST /complaints/${REF}/acceptance`]: (request) => {
          const code = request.headers.get('x-step-up-code');
          codes.push(code);
          if (!code) return problem(403, 'step_up.required');
          if (code !== '123456')
            return problem(403, 'step_up.invalid', {
              errors: [{ pointer: '#/headers/x-step-up-code', message: 'wrong' }],
            });
          return json(201, complaintView({ status: 'accepted' }));
        },
        'POST /step-up': () =>
          json(201, { action: 'complaint:respond', recipient: 'q***@hydrotech.example', expiresAt: at(0.01) }),
      }),
    );
    const el = await mount();
    await type(el, '#accept-name', 'Ewa Lis');
    const requested = oneEvent(el, 'amage-step-up-requested');
    await click(el, '#accept-form [part~="submit-button"]');
    expect((await requested).detail).to.deep.equal({
      action: 'complaint:respond',
      recipient: 'q***@hydrotech.example',
    });
    await waitUntil(() => root(el).querySelector('#step-up-code'));
    expect($(el, '[part~="step-up"]').textContent).to.contain('q***@hydrotech.example');
    await waitUntil(() => root(el).activeElement?.id === 'step-up-code', 'code field not focused');
    await type(el, '#step-up-code', '999999');
    await click(el, '#accept-form [part~="submit-button"]');
    await waitUntil(() => $(el, '#step-up-code-error').textContent);
    expect($(el, '#step-up-code-error').textContent).to.equal('The code is not right.');
    await expect(el).to.be.accessible();
    await type(el, '#step-up-code', '123456');
    const submitted = oneEvent(el, 'amage-submitted');
    await click(el, '#accept-form [part~="submit-button"]');
    expect((await submitted).detail.kind).to.equal('acceptance');
    expect(codes).to.deep.equal([null, '999999', '123456']);
    const keys = new Set(api.calls.filter((c) => c.path.endsWith('/acceptance')).map((c) => c.idempotencyKey));
    expect(keys.size).to.equal(1);
  });

  it('when the network fails, keeps the answer and retries with the same Idempotency-Key', async () => {
    let fail = true;
    api = fakeApi(
      routes(complaintView(), {
        [`POST /complaints/${REF}/disputes`]: () =>
          fail ? Promise.reject(new TypeError('Failed to fetch')) : json(201, complaintView({ status: 'disputed' })),
      }),
    );
    const el = await mount();
    ($(el, '#dispute-form').closest('details') as HTMLDetailsElement).open = true;
    await type(el, '#dispute-reason', 'Powód');
    await click(el, '#dispute-form [part~="submit-button"]');
    await waitUntil(
      () => $(el, '#dispute-form .status-message').textContent!.includes('could not be reached'),
      'no network message',
    );
    expect(($(el, '#dispute-reason') as HTMLTextAreaElement).value).to.equal('Powód');
    fail = false;
    const submitted = oneEvent(el, 'amage-submitted');
    await click(el, '#dispute-form [part~="submit-button"]');
    await submitted;
    expect(new Set(api.calls.filter((c) => c.method === 'POST').map((c) => c.idempotencyKey)).size).to.equal(1);
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
    expect($(el, 'h2').textContent).to.equal('Reklamacja RK/2026/0009');
    expect(root(el).textContent).to.contain('Po terminie').and.contain('Działania natychmiastowe (D3)');
  });

  it('fits 320 px', async () => {
    api = fakeApi(routes());
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="width: 320px"><amage-complaint token=${SESSION} lang="en"></amage-complaint></div>`,
    );
    const el = wrapper.querySelector('amage-complaint')!;
    await loaded(el);
    expect($(el, '[part~="base"]').scrollWidth).to.be.at.most(320);
  });
});

describe('<amage-complaint> at any time of day', () => {
  let api: Api;
  let restore = () => {};
  afterEach(() => {
    api.restore();
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
