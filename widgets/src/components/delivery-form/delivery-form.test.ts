import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { Delivery, PurchaseOrderLineView, PurchaseOrderView } from '@amage/contracts';
import { TIMES_OF_DAY, clockFixedAt, fixClock } from '../../internal/test/clock.js';
import { SESSION, fakeApi, json, problem, sessionInfo, type Route } from '../../internal/test/fake-api.js';
import { runFormWidgetTests } from '../../internal/test/form-widget-tests.js';
import { allByRole, byLabel, byRole, click, errorOf, type } from '../../internal/test/queries.js';
import { waitUntil } from '../../internal/test/wait.js';
import './amage-delivery-form.js';
import type AmageDeliveryForm from './delivery-form.component.js';

type Api = ReturnType<typeof fakeApi>;
const DAY = 86_400_000;
/** The widgets' clock in these tests (clockFixedAt below); dates are days from it. */
const NOW = Date.parse('2026-12-01T09:00:00Z');
const date = (days: number, from = NOW) => new Date(from + days * DAY).toISOString().slice(0, 10);
const REF = 'PO-2026-0042';

const delivery = (overrides: Partial<Delivery> = {}): Delivery => ({
  id: '6f1f7c8e-0d7e-4d0c-9a43-1d2b7f2c0001',
  purchaseOrderRef: REF,
  status: 'declared',
  dispatchDate: date(1),
  expectedArrival: date(3),
  deliveryNoteNumber: 'WZ/1',
  lines: [{ lineNo: 1, quantity: 20, receivedQuantity: 0 }],
  attachments: [],
  editable: true,
  revision: 1,
  createdAt: new Date(NOW).toISOString(),
  updatedAt: new Date(NOW).toISOString(),
  ...overrides,
});

const line = (overrides: Partial<PurchaseOrderLineView>): PurchaseOrderLineView => ({
  lineNo: 1,
  itemCode: 'BRG-6204',
  description: 'Łożysko 6204-2RS',
  quantity: 100,
  unit: 'szt',
  requestedDate: date(20),
  confirmation: 'open',
  confirmedSchedule: [],
  confirmedQuantity: 100,
  declaredQuantity: 0,
  receivedQuantity: 0,
  remainingQuantity: 100,
  openQuantity: 100,
  history: [],
  ...overrides,
});

function orderView(overrides: Partial<PurchaseOrderView> = {}): PurchaseOrderView {
  return {
    ref: REF,
    number: 'PO/2026/0042',
    status: 'open',
    supplier: { ref: 'SUP-17', name: 'Hydro-Tech' },
    buyer: { name: 'Anna Kowalska', email: 'a.kowalska@plant.example' },
    deliveryAddress: 'Zakład 2, ul. Przemysłowa 5, 44-100 Gliwice',
    overDeliveryTolerancePercent: 0,
    lines: [
      line({
        confirmation: 'proposed',
        pendingProposal: {
          confirmationId: 'c0ffee00-0000-4000-8000-0000000000aa',
          proposal: {
            lineNo: 1,
            action: 'propose',
            schedule: [
              { quantity: 60, date: date(20) },
              { quantity: 40, date: date(30) },
            ],
            reasonCode: 'capacity',
          },
        },
        history: [
          {
            at: new Date(NOW).toISOString(),
            kind: 'proposed',
            by: 'supplier',
            schedule: [
              { quantity: 60, date: date(20) },
              { quantity: 40, date: date(30) },
            ],
            reasonCode: 'capacity',
          },
        ],
      }),
      line({
        lineNo: 2,
        itemCode: 'SEAL-40',
        description: 'Uszczelniacz 40x62x8',
        quantity: 40,
        requestedDate: date(25),
        confirmedQuantity: 40,
        remainingQuantity: 40,
        openQuantity: 40,
      }),
    ],
    deliveries: [],
    attachments: [],
    updatedAt: new Date(NOW).toISOString(),
    ...overrides,
  };
}

function routes(order = orderView(), extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    'GET /session': () =>
      json(
        200,
        sessionInfo({
          subject: { type: 'purchase-order', ref: REF },
          actions: ['order:read', 'order:confirm-dates', 'order:declare-delivery'],
        }),
      ),
    [`GET /purchase-orders/${REF}`]: () => json(200, order),
    ...extra,
  };
}

const root = (el: Element) => el.shadowRoot!;
const mount = async (lang = 'en') => {
  const el = await fixture<AmageDeliveryForm>(
    html`<amage-delivery-form token=${SESSION} lang=${lang}></amage-delivery-form>`,
  );
  await waitUntil(() => root(el).querySelector('h2'), 'order not shown');
  return el;
};
const confirmForm = (el: Element) => byRole(el, 'form', 'Confirm delivery dates');
const deliveryForm = (el: Element) => byRole(el, 'form', 'Declare a delivery');
const lineGroup = (form: HTMLElement, no: number) => byRole(form, 'group', new RegExp(`^Line ${no}:`));
const submit = (form: HTMLElement, name: string) =>
  allByRole(form, 'button', name).find((b) => (b as HTMLButtonElement).type === 'submit')!;

/** Answers line 2 with a split proposal: 30 on the requested date, 10 later, for capacity. */
async function proposeSplit(el: AmageDeliveryForm) {
  const group = lineGroup(confirmForm(el), 2);
  await click(el, byRole(group, 'radio', 'Propose other dates or quantities'));
  await type(el, byLabel(group, 'Quantity (1)'), '30');
  await click(el, byRole(group, 'button', 'Add a schedule line'));
  await type(el, byLabel(group, 'Quantity (2)'), '10');
  await type(el, byLabel(group, 'Date (2)'), date(40));
  await type(el, byLabel(group, 'Reason'), 'capacity');
}

async function fillDeclaration(el: AmageDeliveryForm, form = deliveryForm(el)) {
  await type(el, byLabel(form, 'Dispatch date'), date(1));
  await type(el, byLabel(form, 'Expected arrival'), date(3));
  await type(el, byLabel(form, 'Delivery note number'), 'WZ/2026/1187');
  await type(el, byLabel(lineGroup(form, 1), 'Quantity shipped (szt)'), '60');
}

describe('<amage-delivery-form>', () => {
  clockFixedAt(NOW);

  runFormWidgetTests('amage-delivery-form', {
    routes: () => routes(),
    closedRoutes: () => routes(orderView({ status: 'closed', deliveries: [delivery()] })),
    mount: () => mount(),
    write: `POST /purchase-orders/${REF}/deliveries`,
    accepted: () => delivery({ id: 'd0000000-0000-4000-8000-000000000009' }),
    kind: 'delivery',
    form: deliveryForm,
    fill: (el, form) => fillDeclaration(el as AmageDeliveryForm, form),
    required: 'Delivery note number',
    submit: 'Declare delivery',
    serverError: {
      pointer: '/expectedArrival',
      keyword: 'delivery.arrival_before_dispatch',
      label: 'Expected arrival',
      message: 'Choose an arrival on or after the dispatch date.',
    },
    typed: date(3),
  });

  let api: Api;
  afterEach(() => {
    api?.restore();
    localStorage.clear();
    sessionStorage.clear();
    document.documentElement.lang = 'en';
  });

  it('is accessible once loaded, with the proposal open', async () => {
    api = fakeApi(routes(orderView({ deliveries: [delivery()] })));
    const el = await mount();
    await proposeSplit(el);
    await expect(el).to.be.accessible();
  });

  it('shows the lines with the schedule proposed in its column and the history of proposals and decisions', async () => {
    api = fakeApi(routes());
    const el = await mount();
    const row = root(el).querySelectorAll('[part~="line"]')[0]!;
    const column = row.querySelectorAll('td')[3]!;
    expect(column.textContent).to.contain('Proposal waiting for the buyer').and.contain('Your proposal:');
    expect([...column.querySelectorAll('.schedule li')].map((li) => li.textContent)).to.have.length(2);
    expect(row.querySelector('[part~="history"]')!.textContent)
      .to.contain('You proposed')
      .and.contain('Production capacity');
  });

  it('"still open" is ordered minus declared; the tolerance is a hint of its own; pieces take whole numbers', async () => {
    api = fakeApi(
      routes(
        orderView({
          overDeliveryTolerancePercent: 5,
          lines: [line({ declaredQuantity: 0, remainingQuantity: 100, openQuantity: 105 })],
        }),
      ),
    );
    const el = await mount();
    const still = root(el).querySelector('[part~="line"]')!.querySelectorAll('td')[5]!;
    expect(still.textContent!.replace(/\s+/g, ' ').trim()).to.equal('100 szt up to 105 szt with the tolerance');
    const quantity = byLabel(lineGroup(deliveryForm(el), 1), 'Quantity shipped (szt)');
    expect(root(el).getElementById(quantity.getAttribute('aria-describedby')!)!.textContent!.trim()).to.equal(
      'Still open: 100 szt. With the over-delivery tolerance, up to 105 szt.',
    );
    expect([quantity.step, quantity.inputMode]).to.deep.equal(['1', 'numeric']);
    await fillDeclaration(el);
    await type(el, quantity, '12.5');
    await click(el, submit(deliveryForm(el), 'Declare delivery'));
    await waitUntil(() => errorOf(quantity));
    expect(errorOf(quantity)).to.equal('Enter a whole number: this item is counted in pieces.');
    await type(el, quantity, '106');
    await click(el, submit(deliveryForm(el), 'Declare delivery'));
    await waitUntil(() => errorOf(quantity).startsWith('Enter at most'));
    expect(errorOf(quantity)).to.equal('Enter at most 105 szt: no more is open on this line.');
    expect(api.calls.some((c) => c.method === 'POST')).to.equal(false);
  });

  it('sends a date confirmation with a split proposal, then shows the answer where the person looks: in the schedule column and the form, not "Not now"', async () => {
    const sent: unknown[] = [];
    let order = orderView();
    api = fakeApi(
      routes(order, {
        [`GET /purchase-orders/${REF}`]: () => json(200, order),
        [`POST /purchase-orders/${REF}/date-confirmations`]: async (request) => {
          sent.push(await request.json());
          const lines = order.lines.map((l) =>
            l.lineNo === 2
              ? {
                  ...l,
                  confirmation: 'proposed' as const,
                  pendingProposal: {
                    confirmationId: 'c0ffee00-0000-4000-8000-000000000001',
                    proposal: (sent[0] as { lines: never[] }).lines[0]!,
                  },
                }
              : l,
          );
          order = { ...order, lines };
          return json(201, {
            id: 'c0ffee00-0000-4000-8000-000000000001',
            purchaseOrderRef: REF,
            lines: [],
            createdAt: new Date(NOW).toISOString(),
          });
        },
      }),
    );
    const el = await mount();
    await proposeSplit(el);
    await type(el, byLabel(confirmForm(el), 'Your order reference'), 'ZS/88');
    const submitted = oneEvent(el, 'amage-submitted');
    await click(el, submit(confirmForm(el), 'Send answer'));
    expect((await submitted).detail).to.deep.equal({
      subjectType: 'purchase-order',
      ref: REF,
      kind: 'date-confirmation',
      id: 'c0ffee00-0000-4000-8000-000000000001',
    });
    expect(sent).to.deep.equal([
      {
        lines: [
          {
            lineNo: 2,
            action: 'propose',
            schedule: [
              { quantity: 30, date: date(25) },
              { quantity: 10, date: date(40) },
            ],
            reasonCode: 'capacity',
          },
        ],
        supplierOrderRef: 'ZS/88',
      },
    ]);
    const form = confirmForm(el);
    await waitUntil(() =>
      form.querySelector('[part~="form-status"]')!.textContent!.includes('Your answer was sent to the buyer.'),
    );
    const answered = byRole(form, 'group', /^Line 2:/);
    expect(answered.textContent).to.contain('Your answer').and.contain('30 szt on').and.not.contain('Not now');
    expect(byRole(answered, 'button', 'Change the answer for line 2')).to.exist;
    const column = root(el).querySelectorAll('[part~="line"]')[1]!.querySelectorAll('td')[3]!;
    await waitUntil(() => column.textContent!.includes('Your proposal:'), 'the proposal is not in its column');
    expect(localStorage.getItem(`amage-portals:draft:purchase-order:${REF}:confirm`)).to.equal(null);
  });

  it('a proposed date in the past is refused in the browser with one message saying what to do', async () => {
    api = fakeApi(routes());
    const el = await mount();
    await proposeSplit(el);
    const second = byLabel(lineGroup(confirmForm(el), 2), 'Date (2)');
    await type(el, second, '1999-06-01');
    await click(el, submit(confirmForm(el), 'Send answer'));
    await waitUntil(() => errorOf(second));
    expect(errorOf(second)).to.equal('The date must be today or later.');
    const summary = byRole(confirmForm(el), 'alert');
    expect([...summary.querySelectorAll('li')].map((li) => li.textContent!.trim())).to.deep.equal([
      'Date (2): The date must be today or later.',
    ]);
    expect(second.getAttribute('min')).to.equal(date(-1));
    expect(api.calls.some((c) => c.method === 'POST')).to.equal(false);
  });

  it('checks in the browser that the parts add up, shows it at the schedule, and the comment for "Other"', async () => {
    api = fakeApi(routes());
    const el = await mount();
    const group = lineGroup(confirmForm(el), 2);
    await click(el, byRole(group, 'radio', 'Propose other dates or quantities'));
    await type(el, byLabel(group, 'Quantity (1)'), '30');
    await type(el, byLabel(group, 'Reason'), 'other');
    await click(el, submit(confirmForm(el), 'Send answer'));
    const schedule = byLabel(group, 'Delivery schedule');
    await waitUntil(() => errorOf(schedule));
    expect(errorOf(schedule)).to.equal(
      'Make the schedule, backorder and undelivered part add up to the ordered quantity.',
    );
    expect(errorOf(byLabel(group, 'Comment'))).to.equal('Explain the reason in the comment.');
    expect(root(el).activeElement?.matches('[part~="error-summary"]')).to.equal(true);
    await type(el, byLabel(group, 'Quantity (1)'), '40');
    expect(errorOf(schedule)).to.equal('');
  });

  it('restores a draft after a reload (a new element for the same order), with "start over"', async () => {
    api = fakeApi(routes());
    const first = await mount();
    await type(first, byLabel(deliveryForm(first), 'Delivery note number'), 'WZ/2026/1187');
    await type(first, byLabel(lineGroup(deliveryForm(first), 1), 'Quantity shipped (szt)'), '60');
    first.remove();
    const second = await mount();
    const form = deliveryForm(second);
    expect(byLabel(form, 'Delivery note number').value).to.equal('WZ/2026/1187');
    expect(byLabel(lineGroup(form, 1), 'Quantity shipped (szt)').value).to.equal('60');
    expect(form.textContent).to.contain('Your unsent entries were restored.');
    await click(second, byRole(form, 'button', 'Start over'));
    expect(byLabel(deliveryForm(second), 'Delivery note number').value).to.equal('');
  });

  it('takes documents from <amage-file-picker>; a refused file shows at the picker, in its error style', async () => {
    const sent: { attachments?: string[] }[] = [];
    api = fakeApi(
      routes(orderView(), {
        [`POST /purchase-orders/${REF}/deliveries`]: async (request) => {
          sent.push(await request.json());
          return problem(422, 'attachment.not_found', {
            errors: [{ pointer: '/attachments/0', message: 'no such file' }],
          });
        },
      }),
    );
    const el = await mount();
    const picker = root(el).querySelector('amage-file-picker')!;
    const pdf = {
      id: 'f0000000-0000-4000-8000-000000000001',
      filename: 'WZ.pdf',
      contentType: 'application/pdf',
      size: 1234,
      sha256: 'x',
      createdAt: new Date(NOW).toISOString(),
    };
    picker.dispatchEvent(
      new CustomEvent('amage-files-change', {
        bubbles: true,
        composed: true,
        detail: { attachments: [pdf], pending: 0, failed: 0 },
      }),
    );
    await el.updateComplete;
    await fillDeclaration(el);
    await click(el, submit(deliveryForm(el), 'Declare delivery'));
    await waitUntil(() => picker.shadowRoot!.querySelector('[part~="field-error"]'));
    expect(sent[0]!.attachments).to.deep.equal([pdf.id]);
    const input = picker.shadowRoot!.querySelector('input')!;
    expect(errorOf(input)).to.equal('A file was not found; upload it again.');
    expect(byRole(deliveryForm(el), 'alert').textContent).to.contain('Documents (delivery note, certificates)');
  });

  it('lists declarations; an editable one can be corrected (PATCH) or cancelled with a reason', async () => {
    const calls: string[] = [];
    const order = orderView({
      deliveries: [
        delivery(),
        delivery({
          id: '6f1f7c8e-0d7e-4d0c-9a43-1d2b7f2c0002',
          deliveryNoteNumber: 'WZ/0',
          status: 'received',
          editable: false,
        }),
      ],
    });
    api = fakeApi(
      routes(order, {
        [`PATCH /purchase-orders/${REF}/deliveries/${order.deliveries[0]!.id}`]: async (request) => {
          calls.push(JSON.stringify(await request.json()));
          return json(200, delivery({ revision: 2 }));
        },
        [`POST /purchase-orders/${REF}/deliveries/${order.deliveries[0]!.id}/cancellation`]: async (request) => {
          calls.push(JSON.stringify(await request.json()));
          return json(200, delivery({ status: 'cancelled' }));
        },
      }),
    );
    const el = await mount();
    const items = root(el).querySelectorAll('[part~="declaration"]');
    expect([...items].map((i) => i.querySelector('.badge')!.textContent)).to.deep.equal(['Received', 'Declared']);
    expect(items[0]!.querySelector('button')).to.equal(null);
    await click(el, byRole(items[1]!, 'button', 'Correct'));
    const form = byRole(el, 'form', 'Correct declaration WZ/1');
    await type(el, byLabel(lineGroup(form, 1), 'Quantity shipped (szt)'), '25');
    const corrected = oneEvent(el, 'amage-submitted');
    await click(el, submit(form, 'Save correction'));
    expect((await corrected).detail.kind).to.equal('delivery-correction');
    expect(JSON.parse(calls[0]!).lines).to.deep.equal([{ lineNo: 1, quantity: 25 }]);

    await click(el, byRole(root(el).querySelectorAll('[part~="declaration"]')[1]!, 'button', 'Cancel declaration'));
    const cancel = byRole(el, 'form', 'Cancel declaration: WZ/1');
    await click(el, submit(cancel, 'Cancel this declaration'));
    const reason = byLabel(cancel, 'Why is it cancelled?');
    await waitUntil(() => errorOf(reason));
    expect(errorOf(reason)).to.equal('Fill this in.');
    await type(el, reason, 'Transport odwołany');
    const cancelled = oneEvent(el, 'amage-submitted');
    await click(el, submit(cancel, 'Cancel this declaration'));
    expect((await cancelled).detail.kind).to.equal('delivery-cancellation');
    expect(JSON.parse(calls[1]!)).to.deep.equal({ reason: 'Transport odwołany' });
  });

  it('when a document cannot be opened, says so once, at that document, until the next try', async () => {
    const file = {
      id: 'f0000000-0000-4000-8000-000000000002',
      filename: 'WZ-1.pdf',
      contentType: 'application/pdf',
      size: 3,
    };
    let fail = true;
    const originalOpen = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = () => {};
    try {
      api = fakeApi(
        routes(
          orderView({
            deliveries: [
              delivery({ attachments: [file] }),
              delivery({ id: '6f1f7c8e-0d7e-4d0c-9a43-1d2b7f2c0002', deliveryNoteNumber: 'WZ/2', attachments: [] }),
            ],
          }),
          {
            [`GET /attachments/${file.id}`]: () =>
              fail
                ? problem(500, 'internal')
                : new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'application/pdf' } }),
          },
        ),
      );
      const el = await mount();
      await click(el, byRole(el, 'button', 'Open WZ-1.pdf'));
      await waitUntil(() => allByRole(el, 'alert').length === 1, 'no message');
      const alert = byRole(el, 'alert');
      expect(alert.textContent!.trim()).to.equal('The file could not be opened. Try again.');
      expect(alert.closest('[part~="declaration"]')!.textContent).to.contain('WZ/1');
      fail = false;
      await click(el, byRole(el, 'button', 'Open WZ-1.pdf'));
      expect(allByRole(el, 'alert')).to.have.length(0);
    } finally {
      HTMLAnchorElement.prototype.click = originalOpen;
    }
  });

  it('speaks Polish when the page does', async () => {
    api = fakeApi(routes());
    document.documentElement.lang = 'pl';
    const el = await fixture<AmageDeliveryForm>(html`<amage-delivery-form token=${SESSION}></amage-delivery-form>`);
    await waitUntil(() => root(el).querySelector('h2'));
    expect(root(el).querySelector('h2')!.textContent).to.equal('Zamówienie PO/2026/0042');
    expect(byRole(el, 'form', 'Awizuj dostawę').textContent).to.contain('Pola oznaczone * trzeba wypełnić.');
  });

  it('on a 320 px wide container the lines become cards and nothing scrolls sideways', async () => {
    api = fakeApi(routes());
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="width: 320px"><amage-delivery-form token=${SESSION} lang="en"></amage-delivery-form></div>`,
    );
    const el = wrapper.querySelector('amage-delivery-form')!;
    await waitUntil(() => el.shadowRoot!.querySelector('h2'));
    expect(getComputedStyle(root(el).querySelector('[part~="line"]')!).display).to.equal('block');
    expect(root(el).querySelector<HTMLElement>('[part~="base"]')!.scrollWidth).to.be.at.most(320);
  });

  it('without the confirm or declare actions, shows the order read-only', async () => {
    api = fakeApi({
      ...routes(),
      'GET /session': () =>
        json(200, sessionInfo({ subject: { type: 'purchase-order', ref: REF }, actions: ['order:read'] })),
    });
    const el = await mount();
    expect(root(el).querySelector('form')).to.equal(null);
  });
});

describe('<amage-delivery-form> at any time of day', () => {
  let api: Api;
  let restore = () => {};
  afterEach(() => {
    api?.restore();
    restore();
    localStorage.clear();
    sessionStorage.clear();
  });

  // The first date allowed is today in UTC−12 (as the server checks): yesterday's UTC date until 12:00 UTC.
  const firstAllowed = { '00:30': '2026-11-30', '11:59': '2026-11-30', '23:30': '2026-12-01' };
  for (const time of TIMES_OF_DAY) {
    it(`at ${time} UTC, offers dates from ${firstAllowed[time]}, sends that date and refuses the day before`, async () => {
      const at = Date.parse(`2026-12-01T${time}:00Z`);
      restore = fixClock(at);
      const sent: { lines: { schedule?: { date: string }[] }[] }[] = [];
      api = fakeApi(
        routes(orderView(), {
          [`POST /purchase-orders/${REF}/date-confirmations`]: async (request) => {
            sent.push(await request.json());
            return json(201, { id: 'c0ffee00-0000-4000-8000-000000000002', purchaseOrderRef: REF, lines: [] });
          },
        }),
      );
      const el = await mount();
      await proposeSplit(el);
      const second = byLabel(lineGroup(confirmForm(el), 2), 'Date (2)');
      expect(second.getAttribute('min')).to.equal(firstAllowed[time]);

      await type(el, second, date(-1, Date.parse(firstAllowed[time])));
      await click(el, submit(confirmForm(el), 'Send answer'));
      await waitUntil(() => errorOf(second), 'past date not refused');
      expect(errorOf(second)).to.equal('The date must be today or later.');
      expect(sent).to.deep.equal([]);

      await type(el, second, firstAllowed[time]);
      const submitted = oneEvent(el, 'amage-submitted');
      await click(el, submit(confirmForm(el), 'Send answer'));
      await submitted;
      expect(sent[0]!.lines[0]!.schedule!.map((s) => s.date)).to.deep.equal([date(25), firstAllowed[time]]);
    });
  }
});
