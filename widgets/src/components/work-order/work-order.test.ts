import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../internal/test/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { CompleteWorkOrderBody, CreateWorkLogBody, WorkOrderView } from '@amage/contracts';
import './amage-work-order.js';
import type AmageWorkOrder from './work-order.component.js';
import { LINK, SESSION, fakeApi, json } from '../../internal/test/fake-api.js';
import '../portal/amage-portal.js';
import { Outbox } from '../../internal/subcontractor/outbox.js';
import { WO_NOW, WO_REF, workOrderRoutes, workOrderView } from '../../internal/subcontractor/test/fixtures.js';
import { TIMES_OF_DAY, clockFixedAt, deviceZone, wallClock } from '../../internal/test/clock.js';

type Api = ReturnType<typeof fakeApi>;
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const loaded = (el: AmageWorkOrder) => waitUntil(() => $(el, '#wo-title'), 'work order not shown');
const type = (input: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input'));
};
/** A view with nothing left before completion. */
const ready = () => workOrderView({ checklists: [], loto: null, permits: [] });

function draw(canvas: HTMLCanvasElement) {
  const box = canvas.getBoundingClientRect();
  const at = (x: number, y: number) => ({ clientX: box.left + x, clientY: box.top + y, pointerId: 1, bubbles: true });
  canvas.dispatchEvent(new PointerEvent('pointerdown', at(10, 10)));
  for (let i = 1; i <= 20; i++) canvas.dispatchEvent(new PointerEvent('pointermove', at(10 + i * 8, 10 + (i % 5) * 6)));
  canvas.dispatchEvent(new PointerEvent('pointerup', at(170, 30)));
}

// The widgets' date rules (a permit's validity) see the time of the fixtures' work order.
clockFixedAt(WO_NOW);

describe('<amage-work-order>', () => {
  let api: Api;
  let view: WorkOrderView;

  beforeEach(() => {
    view = workOrderView();
  });
  afterEach(() => {
    api.restore();
    Outbox.for(WO_REF).refusals = [];
    localStorage.clear();
    sessionStorage.clear();
  });

  it('shows the work order with tabs for inspection, LOTO and permits; tabs work by keyboard; accessible', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const el = await fixture<AmageWorkOrder>(html`<amage-work-order token=${SESSION} lang="en"></amage-work-order>`);
    await loaded(el);
    expect($(el, '#wo-title')!.textContent).to.equal('Wymiana zaworu proporcjonalnego');
    expect($$(el, '[role="tab"]').map((t) => t.textContent!.trim())).to.deep.equal([
      'Work',
      'Inspection',
      'LOTO',
      'Permits',
    ]);
    await expect(el).to.be.accessible();
    $<HTMLElement>(el, '#tab-work')!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.id).to.equal('tab-inspection');
    const inspection = $(el, 'amage-inspection')!;
    expect(inspection.getAttribute('token')).to.equal(SESSION);
    await waitUntil(() => inspection.shadowRoot?.querySelector('form[data-item="leak"]'), 'inspection not embedded');
    await expect(el).to.be.accessible();
  });

  it('logs work with materials, with errors at the fields first', async () => {
    const bodies: CreateWorkLogBody[] = [];
    api = fakeApi({
      ...workOrderRoutes(() => view),
      [`POST /work-orders/${WO_REF}/work-logs`]: async (request) => {
        bodies.push(await request.json());
        return json(201, {
          id: crypto.randomUUID(),
          durationMinutes: 90,
          workers: ['Jan'],
          materials: [],
          attachments: [],
          createdAt: WO_NOW,
        });
      },
    });
    const el = await fixture<AmageWorkOrder>(html`<amage-work-order token=${SESSION} lang="en"></amage-work-order>`);
    await loaded(el);
    $<HTMLButtonElement>(el, '[part~="log-form"] button[type="submit"]')!.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('error-summary');
    expect($(el, '#log-start-err')!.textContent).to.equal('Give start and end, or a duration.');
    expect($(el, '#log-workers')!.getAttribute('aria-describedby')).to.equal('log-workers-err');
    await expect(el).to.be.accessible();

    type($<HTMLInputElement>(el, '#log-durationMinutes')!, '90');
    type($<HTMLTextAreaElement>(el, '#log-workers')!, 'Jan Kowalski\nPiotr Nowak');
    $$(el, '[part~="log-form"] button')
      .find((b) => b.textContent!.includes('Add material'))!
      .click();
    await el.updateComplete;
    type($<HTMLInputElement>(el, '#log-materials-0-description')!, 'Olej HLP 46');
    type($<HTMLInputElement>(el, '#log-materials-0-quantity')!, '2.5');
    type($<HTMLInputElement>(el, '#log-materials-0-unit')!, 'l');
    setTimeout(() => $<HTMLButtonElement>(el, '[part~="log-form"] button[type="submit"]')!.click());
    await oneEvent(el, 'amage-action-sent');
    expect(bodies[0]).to.deep.equal({
      durationMinutes: 90,
      workers: ['Jan Kowalski', 'Piotr Nowak'],
      materials: [{ description: 'Olej HLP 46', quantity: 2.5, unit: 'l' }],
    });
  });

  for (const time of TIMES_OF_DAY) {
    it(`logs work from ${time} for 90 minutes as the instants the device's time zone shows (${deviceZone()})`, async () => {
      const bodies: CreateWorkLogBody[] = [];
      api = fakeApi({
        ...workOrderRoutes(() => view),
        [`POST /work-orders/${WO_REF}/work-logs`]: async (request) => {
          bodies.push(await request.json());
          return json(201, {
            id: crypto.randomUUID(),
            durationMinutes: 90,
            workers: [],
            materials: [],
            attachments: [],
          });
        },
      });
      const el = await fixture<AmageWorkOrder>(html`<amage-work-order token=${SESSION} lang="en"></amage-work-order>`);
      await loaded(el);
      const start = `2027-01-10T${time}`;
      const end = new Date(Date.parse(`${start}:00Z`) + 90 * 60_000).toISOString().slice(0, 16);
      type($<HTMLInputElement>(el, '#log-start')!, start);
      type($<HTMLInputElement>(el, '#log-end')!, end);
      type($<HTMLTextAreaElement>(el, '#log-workers')!, 'Jan Kowalski');
      await el.updateComplete;
      setTimeout(() => $<HTMLButtonElement>(el, '[part~="log-form"] button[type="submit"]')!.click());
      await oneEvent(el, 'amage-action-sent');
      const { start: sentStart, end: sentEnd } = bodies[0]!;
      expect(Date.parse(sentEnd!) - Date.parse(sentStart!)).to.equal(90 * 60_000);
      const shown = wallClock(sentStart!, deviceZone());
      expect(`${shown.date}T${shown.time}`).to.equal(start);
    });
  }

  it('says what is missing before completion, and does not send it', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const el = await fixture<AmageWorkOrder>(html`<amage-work-order token=${SESSION} lang="en"></amage-work-order>`);
    await loaded(el);
    type($<HTMLTextAreaElement>(el, '#completion-summary')!, 'Zawór wymieniony');
    type($<HTMLInputElement>(el, '#completion-confirmedBy')!, 'Jan Kowalski');
    $<HTMLButtonElement>(el, '[part~="completion-form"] [part~="submit-button"]')!.click();
    await waitUntil(() => $(el, '[part~="completion-form"] [part~="error-summary"]'));
    expect($$(el, '[part~="completion-form"] [part~="error-summary"] li').map((l) => l.textContent)).to.deep.equal([
      'submit the inspection “Inspection”',
      'finish the LOTO release steps',
    ]);
    expect(api.calls.some((c) => c.path.endsWith('/completion'))).to.equal(false);
  });

  it('captures a drawn signature as a PNG and confirms completion', async () => {
    view = ready();
    let body: CompleteWorkOrderBody | undefined;
    api = fakeApi({
      ...workOrderRoutes(() => view),
      [`POST /work-orders/${WO_REF}/completion`]: async (request) => {
        body = await request.json();
        view = {
          ...view,
          status: 'completed',
          closedForWriting: true,
          completion: {
            id: crypto.randomUUID(),
            summary: body!.summary,
            confirmedBy: body!.confirmedBy,
            signatureKind: 'drawn',
            confirmedAt: body!.confirmedAt!,
            createdAt: WO_NOW,
          },
        };
        return json(201, view.completion);
      },
    });
    const el = await fixture<AmageWorkOrder>(html`<amage-work-order token=${SESSION} lang="en"></amage-work-order>`);
    await loaded(el);
    type($<HTMLTextAreaElement>(el, '#completion-summary')!, 'Zawór wymieniony');
    type($<HTMLInputElement>(el, '#completion-confirmedBy')!, 'Jan Kowalski');
    // Without a signature: asked for at the canvas.
    $<HTMLButtonElement>(el, '[part~="completion-form"] [part~="submit-button"]')!.click();
    await waitUntil(() => $(el, '#completion-signature-err'));
    expect($(el, 'canvas')!.getAttribute('aria-describedby')).to.contain('completion-signature-err');

    draw($<HTMLCanvasElement>(el, 'canvas')!);
    setTimeout(() => $<HTMLButtonElement>(el, '[part~="completion-form"] [part~="submit-button"]')!.click());
    await oneEvent(el, 'amage-action-sent');
    expect(body!.signature).to.match(/^data:image\/png;base64,/);
    expect(body!.signature!.length).to.be.below(200_000);
    expect(body).to.include({ summary: 'Zawór wymieniony', confirmedBy: 'Jan Kowalski' });
    await waitUntil(
      () => $(el, '.notice')?.textContent === 'The work has been confirmed as complete. This link now only shows it.',
      'not shown as read-only',
    );
    expect($(el, '[part~="completion-form"]')).to.equal(null);
    expect($(el, '[part~="log-form"]')).to.equal(null);
  });

  it('takes a typed name as the signature for keyboard users', async () => {
    view = ready();
    let body: CompleteWorkOrderBody | undefined;
    api = fakeApi({
      ...workOrderRoutes(() => view),
      [`POST /work-orders/${WO_REF}/completion`]: async (request) => {
        body = await request.json();
        return json(201, {});
      },
    });
    const el = await fixture<AmageWorkOrder>(html`<amage-work-order token=${SESSION} lang="en"></amage-work-order>`);
    await loaded(el);
    $<HTMLInputElement>(el, '#completion-typed')!.click();
    await el.updateComplete;
    type($<HTMLTextAreaElement>(el, '#completion-summary')!, 'Gotowe');
    type($<HTMLInputElement>(el, '#completion-confirmedBy')!, 'Jan Kowalski');
    type($<HTMLInputElement>(el, '#completion-typedSignature')!, 'Jan Kowalski');
    await expect(el).to.be.accessible();
    setTimeout(() => $<HTMLButtonElement>(el, '[part~="completion-form"] [part~="submit-button"]')!.click());
    await oneEvent(el, 'amage-action-sent');
    expect(body).to.include({ typedSignature: 'Jan Kowalski' });
    expect(body).not.to.have.property('signature');
  });

  it('without signal after a reload, shows the copy kept on the device', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const first = await fixture<AmageWorkOrder>(html`<amage-work-order token=${SESSION} lang="en"></amage-work-order>`);
    await loaded(first);
    first.remove();
    api.restore();
    api = fakeApi({
      'GET /session': () => {
        throw new TypeError('Failed to fetch');
      },
      [`GET /work-orders/${WO_REF}`]: () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const el = await fixture<AmageWorkOrder>(
      html`<amage-work-order token=${SESSION} work-order=${WO_REF} lang="en"></amage-work-order>`,
    );
    await loaded(el);
    expect($(el, '.notice')!.textContent).to.equal('No connection: showing the copy saved on this device.');
  });

  it('speaks Polish', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const el = await fixture<AmageWorkOrder>(html`<amage-work-order token=${SESSION} lang="pl"></amage-work-order>`);
    await loaded(el);
    expect($$(el, '[role="tab"]').map((t) => t.textContent!.trim())).to.deep.equal([
      'Praca',
      'Kontrola',
      'LOTO',
      'Zezwolenia',
    ]);
    expect($(el, '[part~="completion-form"] h3')!.textContent).to.equal('Potwierdź zakończenie');
  });

  it('is what <amage-portal> shows for a work-order link', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const portal = await fixture(html`<amage-portal token=${LINK} lang="en"></amage-portal>`);
    await waitUntil(
      () => portal.shadowRoot!.querySelector('amage-work-order')?.shadowRoot?.querySelector('#wo-title'),
      'work order not shown by the portal',
    );
    expect(portal.shadowRoot!.querySelector('amage-work-order')!.getAttribute('work-order')).to.equal(WO_REF);
  });

  it('fits a 320 px wide screen: no horizontal scrolling, on any tab', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="width: 320px"><amage-work-order token=${SESSION} lang="pl"></amage-work-order></div>`,
    );
    const el = wrapper.querySelector<AmageWorkOrder>('amage-work-order')!;
    await loaded(el);
    const fits = (host: Element) => {
      const base = host.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
      return base.scrollWidth <= base.clientWidth && base.getBoundingClientRect().width <= 320;
    };
    $<HTMLButtonElement>(el, '[part~="log-form"] fieldset button')!.click(); // a material row too
    await el.updateComplete;
    expect(fits(el), 'work tab').to.equal(true);
    for (const [tab, child] of [
      ['inspection', 'amage-inspection'],
      ['loto', 'amage-loto-procedure'],
      ['permits', 'amage-permit-log'],
    ] as const) {
      $<HTMLButtonElement>(el, `#tab-${tab}`)!.click();
      await waitUntil(() => $(el, child)?.shadowRoot?.querySelector('[part~="base"]'), `${tab} not shown`);
      await el.updateComplete;
      expect(fits($(el, child)!), `${tab} tab`).to.equal(true);
      expect(fits(el), `${tab} tab (outer)`).to.equal(true);
    }
  });

  it('fires amage-submit (cancelable: a prevented one queues nothing and keeps the form) and amage-submitted with the record id', async () => {
    const id = crypto.randomUUID();
    api = fakeApi({
      ...workOrderRoutes(() => view),
      [`POST /work-orders/${WO_REF}/findings`]: () =>
        json(201, { id, what: 'x', where: 'y', urgency: 'high', attachments: [], createdAt: WO_NOW }),
    });
    const el = await fixture<AmageWorkOrder>(html`<amage-work-order token=${SESSION} lang="en"></amage-work-order>`);
    await loaded(el);
    type($<HTMLTextAreaElement>(el, '#finding-what')!, 'Pęknięta osłona');
    type($<HTMLInputElement>(el, '#finding-where')!, 'Agregat');
    await el.updateComplete;
    const stop = (e: Event) => e.preventDefault();
    el.addEventListener('amage-submit', stop, { once: true });
    $<HTMLButtonElement>(el, '[part~="finding-form"] button[type="submit"]')!.click();
    await el.updateComplete;
    expect(Outbox.for(WO_REF).items).to.have.length(0);
    expect($<HTMLTextAreaElement>(el, '#finding-what')!.value).to.equal('Pęknięta osłona');

    const submit = oneEvent(el, 'amage-submit');
    const submitted = oneEvent(el, 'amage-submitted');
    $<HTMLButtonElement>(el, '[part~="finding-form"] button[type="submit"]')!.click();
    expect((await submit).detail).to.deep.equal({ kind: 'finding', ref: WO_REF });
    expect((await submitted).detail).to.deep.equal({ subjectType: 'work-order', ref: WO_REF, kind: 'finding', id });
  });
});
