import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { TIMES_OF_DAY, clockFixedAt, fixClock } from '../../internal/test/clock.js';
import { waitUntil } from '../../internal/test/wait.js';
import type { Delivery, PurchaseOrderView } from '@amage/contracts';
import './amage-delivery-form.js';
import type AmageDeliveryForm from './delivery-form.component.js';
import { SESSION, fakeApi, json, problem, sessionInfo, type Route } from '../../internal/test/fake-api.js';

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
      {
        lineNo: 1,
        itemCode: 'BRG-6204',
        description: 'Łożysko 6204-2RS',
        quantity: 100,
        unit: 'szt',
        requestedDate: date(20),
        confirmation: 'proposed',
        confirmedSchedule: [],
        confirmedQuantity: 100,
        declaredQuantity: 0,
        receivedQuantity: 0,
        openQuantity: 100,
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
      },
      {
        lineNo: 2,
        itemCode: 'SEAL-40',
        description: 'Uszczelniacz 40x62x8',
        quantity: 40,
        unit: 'szt',
        requestedDate: date(25),
        confirmation: 'open',
        confirmedSchedule: [],
        confirmedQuantity: 40,
        declaredQuantity: 0,
        receivedQuantity: 0,
        openQuantity: 40,
        history: [],
      },
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
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  root(el).querySelector<T & HTMLElement>(selector)!;
const loaded = (el: AmageDeliveryForm) => waitUntil(() => root(el).querySelector('h2'), 'order not shown');
async function type(el: AmageDeliveryForm, selector: string, value: string) {
  const input = $<HTMLInputElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
  await el.updateComplete;
}
async function click(el: AmageDeliveryForm, selector: string) {
  $(el, selector).click();
  await el.updateComplete;
}
const mount = async () => {
  const el = await fixture<AmageDeliveryForm>(
    html`<amage-delivery-form token=${SESSION} lang="en"></amage-delivery-form>`,
  );
  await loaded(el);
  return el;
};

/** Answers line 2 with a split proposal. */
async function proposeSplit(el: AmageDeliveryForm) {
  await click(el, '#cf-2-propose');
  await type(el, '#cf-2-s0-q', '30');
  await click(el, 'form#confirm-form .proposal > button');
  await type(el, '#cf-2-s1-q', '10');
  await type(el, '#cf-2-s1-d', date(40));
  await type(el, '#cf-2-reason', 'capacity');
}

describe('<amage-delivery-form>', () => {
  let api: Api;
  clockFixedAt(NOW);

  afterEach(() => {
    api.restore();
    localStorage.clear();
    sessionStorage.clear();
    document.documentElement.lang = 'en';
  });

  it('is accessible once loaded, with the forms open', async () => {
    api = fakeApi(routes(orderView({ deliveries: [delivery()] })));
    const el = await mount();
    await proposeSplit(el);
    await expect(el).to.be.accessible();
  });

  it('shows the lines with their state and the history of proposals and decisions', async () => {
    api = fakeApi(routes());
    const el = await mount();
    const lines = root(el).querySelectorAll('[part~="line"]');
    expect(lines).to.have.length(2);
    expect(lines[0]!.textContent).to.contain('BRG-6204').and.contain('Proposal waiting for the buyer');
    const history = lines[0]!.querySelector('[part~="history"]')!;
    expect(history.textContent).to.contain('You proposed').and.contain('Production capacity');
  });

  it('sends a date confirmation with a split proposal, one Idempotency-Key, and fires amage-submitted with the confirmation id', async () => {
    const sent: unknown[] = [];
    api = fakeApi(
      routes(orderView(), {
        [`POST /purchase-orders/${REF}/date-confirmations`]: async (request) => {
          sent.push(await request.json());
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
    await click(el, '#cf-1-accept');
    await proposeSplit(el);
    await type(el, '#cf-ref', 'ZS/88');
    const submitted = oneEvent(el, 'amage-submitted');
    await click(el, 'form#confirm-form [part~="submit-button"]');
    const { detail } = await submitted;
    expect(detail).to.deep.equal({
      subjectType: 'purchase-order',
      ref: REF,
      kind: 'date-confirmation',
      id: 'c0ffee00-0000-4000-8000-000000000001',
    });
    expect(sent).to.deep.equal([
      {
        lines: [
          { lineNo: 1, action: 'accept' },
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
    expect(api.calls.filter((c) => c.method === 'POST')[0]!.idempotencyKey).to.match(/^[0-9a-f-]{36}$/);
    expect(localStorage.getItem(`amage-portals:draft:purchase-order:${REF}`)).to.equal(null);
  });

  it('checks in the browser that the parts add up, and shows it at the schedule', async () => {
    api = fakeApi(routes());
    const el = await mount();
    await click(el, '#cf-2-propose');
    await type(el, '#cf-2-s0-q', '30');
    await type(el, '#cf-2-reason', 'other');
    await click(el, 'form#confirm-form [part~="submit-button"]');
    await waitUntil(() => root(el).querySelector('#confirm-summary'));
    expect($(el, '#cf-2-sum').textContent).to.contain('must add up');
    expect($(el, '#cf-2-comment-error').textContent).to.contain('Explain the reason');
    expect($(el, '#cf-2-comment').getAttribute('aria-invalid')).to.equal('true');
    expect(root(el).activeElement?.id).to.equal('confirm-summary');
    expect(api.calls.some((c) => c.method === 'POST')).to.equal(false);
  });

  it('shows a server 422 at the field of the right line, with the error summary focused', async () => {
    api = fakeApi(
      routes(orderView(), {
        [`POST /purchase-orders/${REF}/date-confirmations`]: () =>
          problem(422, 'order.date_in_past', {
            errors: [
              {
                pointer: '/lines/0/schedule/1/date',
                message: 'the date is in the past',
                keyword: 'order.date_in_past',
              },
            ],
          }),
      }),
    );
    const el = await mount();
    await proposeSplit(el);
    await click(el, 'form#confirm-form [part~="submit-button"]');
    await waitUntil(() => $(el, '#cf-2-s1-d-error').textContent, 'error not shown at the field');
    expect($(el, '#cf-2-s1-d-error').textContent).to.equal('The date is in the past.');
    const input = $(el, '#cf-2-s1-d');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.contain('cf-2-s1-d-error');
    expect(root(el).activeElement?.id).to.equal('confirm-summary');
    expect($(el, '#confirm-summary').textContent).to.contain('The date is in the past.');
    await expect(el).to.be.accessible();
  });

  it('when the network fails, keeps the entries and retries with the same Idempotency-Key', async () => {
    let fail = true;
    api = fakeApi(
      routes(orderView(), {
        [`POST /purchase-orders/${REF}/date-confirmations`]: () =>
          fail
            ? Promise.reject(new TypeError('Failed to fetch'))
            : json(201, {
                id: 'c0ffee00-0000-4000-8000-000000000002',
                purchaseOrderRef: REF,
                lines: [],
                createdAt: new Date(NOW).toISOString(),
              }),
      }),
    );
    const el = await mount();
    await click(el, '#cf-1-accept');
    await click(el, 'form#confirm-form [part~="submit-button"]');
    await waitUntil(
      () => $(el, 'form#confirm-form .status-message').textContent!.includes('could not be reached'),
      'no network message',
    );
    expect(($(el, '#cf-1-accept') as HTMLInputElement).checked).to.equal(true);
    fail = false;
    const submitted = oneEvent(el, 'amage-submitted');
    await click(el, 'form#confirm-form [part~="submit-button"]');
    await submitted;
    const keys = new Set(api.calls.filter((c) => c.method === 'POST').map((c) => c.idempotencyKey));
    expect(keys.size).to.equal(1);
  });

  it('restores a draft after a reload (a new element for the same order)', async () => {
    api = fakeApi(routes());
    const first = await mount();
    await type(first, '#dl-note-number', 'WZ/2026/1187');
    await type(first, '#dl-1-q', '60');
    first.remove();
    const second = await mount();
    expect(($(second, '#dl-note-number') as HTMLInputElement).value).to.equal('WZ/2026/1187');
    expect(($(second, '#dl-1-q') as HTMLInputElement).value).to.equal('60');
    expect(root(second).textContent).to.contain('Your unsent entries were restored.');
  });

  it('declares a partial delivery with a lot; a server refusal of the quantity shows at that line', async () => {
    const sent: unknown[] = [];
    let refuse = true;
    api = fakeApi(
      routes(orderView(), {
        [`POST /purchase-orders/${REF}/deliveries`]: async (request) => {
          sent.push(await request.json());
          return refuse
            ? problem(422, 'order.quantity_exceeds_open', {
                errors: [
                  { pointer: '/lines/0/quantity', message: 'at most 40', keyword: 'order.quantity_exceeds_open' },
                ],
              })
            : json(201, delivery({ id: 'd0000000-0000-4000-8000-000000000009' }));
        },
      }),
    );
    const el = await mount();
    await type(el, '#dl-dispatch', date(1));
    await type(el, '#dl-arrival', date(3));
    await type(el, '#dl-note-number', 'WZ/2026/1187');
    await type(el, '#dl-2-q', '45');
    ($(el, 'fieldset.delivery-line[data-line="2"] details') as HTMLDetailsElement).open = true;
    await click(el, 'fieldset.delivery-line[data-line="2"] details > button');
    await type(el, '#dl-2-l0-n', 'L-2301');
    await type(el, '#dl-2-l0-e', date(700));
    await click(el, 'form#delivery-form [part~="submit-button"]');
    await waitUntil(() => $(el, '#dl-2-q-error').textContent);
    expect($(el, '#dl-2-q-error').textContent).to.equal('More than is still open on this line.');
    expect(sent[0]).to.deep.equal({
      dispatchDate: date(1),
      expectedArrival: date(3),
      deliveryNoteNumber: 'WZ/2026/1187',
      lines: [{ lineNo: 2, quantity: 45, lots: [{ number: 'L-2301', quantity: 45, expiryDate: date(700) }] }],
    });
    refuse = false;
    await type(el, '#dl-2-q', '40');
    await type(el, '#dl-2-l0-q', '40');
    const submitted = oneEvent(el, 'amage-submitted');
    await click(el, 'form#delivery-form [part~="submit-button"]');
    expect((await submitted).detail).to.include({ kind: 'delivery', id: 'd0000000-0000-4000-8000-000000000009' });
  });

  it('takes documents from <amage-file-picker> into the declaration; a refused file shows at the picker', async () => {
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
    const picker = $(el, 'amage-file-picker');
    expect(picker).to.exist;
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
    await type(el, '#dl-dispatch', date(1));
    await type(el, '#dl-arrival', date(2));
    await type(el, '#dl-note-number', 'WZ/9');
    await type(el, '#dl-1-q', '5');
    await click(el, 'form#delivery-form [part~="submit-button"]');
    await waitUntil(() => $(el, '#dl-attachments-error').textContent);
    expect(sent[0]!.attachments).to.deep.equal([pdf.id]);
    expect($(el, '#dl-attachments-error').textContent).to.equal('A file was not found; upload it again.');
    expect($(el, '#delivery-summary').textContent).to.contain('Documents');
  });

  it('lists declarations with their status; an editable one can be corrected (PATCH) or cancelled with a reason', async () => {
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
    await click(el, '[part~="declaration"][data-id$="0001"] .actions button');
    expect($(el, '#delivery-title').textContent).to.contain('Correct declaration WZ/1');
    await type(el, '#dl-1-q', '25');
    const corrected = oneEvent(el, 'amage-submitted');
    await click(el, 'form#delivery-form [part~="submit-button"]');
    expect((await corrected).detail.kind).to.equal('delivery-correction');
    expect(JSON.parse(calls[0]!).lines).to.deep.equal([{ lineNo: 1, quantity: 25 }]);

    await click(el, '[part~="declaration"][data-id$="0001"] .actions button:nth-child(2)');
    await click(el, '.cancel-form button[type="submit"]');
    expect($(el, '.cancel-form .field-error').textContent).to.equal('Required.');
    await type(el, '.cancel-form input', 'Transport odwołany');
    const cancelled = oneEvent(el, 'amage-submitted');
    await click(el, '.cancel-form button[type="submit"]');
    expect((await cancelled).detail.kind).to.equal('delivery-cancellation');
    expect(JSON.parse(calls[1]!)).to.deep.equal({ reason: 'Transport odwołany' });
  });

  it('speaks Polish when the page does', async () => {
    api = fakeApi(routes());
    document.documentElement.lang = 'pl';
    const el = await fixture<AmageDeliveryForm>(html`<amage-delivery-form token=${SESSION}></amage-delivery-form>`);
    await loaded(el);
    expect($(el, 'h2').textContent).to.equal('Zamówienie PO/2026/0042');
    expect(root(el).textContent).to.contain('Potwierdź terminy dostaw').and.contain('Awizuj dostawę');
  });

  it('on a 320 px wide container the lines become cards and nothing scrolls sideways', async () => {
    api = fakeApi(routes());
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="width: 320px"><amage-delivery-form token=${SESSION} lang="en"></amage-delivery-form></div>`,
    );
    const el = wrapper.querySelector('amage-delivery-form')!;
    await loaded(el);
    const row = $(el, '[part~="line"]');
    expect(getComputedStyle(row).display).to.equal('block');
    expect($(el, '[part~="base"]').scrollWidth).to.be.at.most(320);
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
    api.restore();
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
      expect($(el, '#cf-2-s1-d').getAttribute('min')).to.equal(firstAllowed[time]);

      await type(el, '#cf-2-s1-d', date(-1, Date.parse(firstAllowed[time])));
      await click(el, 'form#confirm-form [part~="submit-button"]');
      await waitUntil(() => $(el, '#cf-2-s1-d-error').textContent, 'past date not refused');
      expect($(el, '#cf-2-s1-d-error').textContent).to.equal('The date is in the past.');
      expect(sent).to.deep.equal([]);

      await type(el, '#cf-2-s1-d', firstAllowed[time]);
      const submitted = oneEvent(el, 'amage-submitted');
      await click(el, 'form#confirm-form [part~="submit-button"]');
      await submitted;
      expect(sent[0]!.lines[0]!.schedule!.map((s) => s.date)).to.deep.equal([date(25), firstAllowed[time]]);
    });
  }
});
