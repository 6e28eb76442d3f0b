import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../internal/test/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { CompleteWorkOrderBody, CreateWorkLogBody, WorkOrderView } from '@amage/contracts';
import './amage-work-order.js';
import type AmageWorkOrder from './work-order.component.js';
import { LINK, SESSION, fakeApi, json, problem } from '../../internal/test/fake-api.js';
import '../portal/amage-portal.js';
import { Outbox } from '../../internal/outbox.js';
import { runFormWidgetTests } from '../../internal/test/form-widget-tests.js';
import { allByRole, byLabel, byRole, click, errorOf, type as typeIn } from '../../internal/test/queries.js';
import { WO_NOW, WO_REF, workOrderRoutes, workOrderView } from '../../internal/subcontractor/test/fixtures.js';
import { TIMES_OF_DAY, clockFixedAt, deviceZone, fixClock, wallClock } from '../../internal/test/clock.js';

type Api = ReturnType<typeof fakeApi>;
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const loaded = (el: AmageWorkOrder) => waitUntil(() => $(el, '#wo-title'), 'work order not shown');
const mount = async (lang = 'en') => {
  const el = await fixture<AmageWorkOrder>(html`<amage-work-order token=${SESSION} lang=${lang}></amage-work-order>`);
  await loaded(el);
  return el;
};
const logForm = (el: Element) => byRole(el, 'form', 'Log work');
const findingForm = (el: Element) => byRole(el, 'form', 'Report a finding');
const completionForm = (el: Element) => byRole(el, 'form', 'Confirm completion');
const press = (el: AmageWorkOrder, form: HTMLElement, name: string) =>
  click(el, allByRole(form, 'button', name).find((b) => (b as HTMLButtonElement).type === 'submit')!);
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
  runFormWidgetTests('amage-work-order', {
    routes: () => workOrderRoutes(() => workOrderView()),
    closedRoutes: () => workOrderRoutes(() => workOrderView({ status: 'completed', closedForWriting: true })),
    mount: () => mount(),
    write: `POST /work-orders/${WO_REF}/work-logs`,
    accepted: () => ({
      id: crypto.randomUUID(),
      durationMinutes: 90,
      workers: ['Jan Kowalski'],
      materials: [],
      attachments: [],
      createdAt: WO_NOW,
    }),
    kind: 'work-log',
    form: logForm,
    fill: async (el, form) => {
      await typeIn(el, byLabel(form, 'or duration (minutes)'), '90');
      await typeIn(el, byLabel(form, 'Workers'), 'Jan Kowalski');
    },
    required: 'Workers',
    submit: 'Save work log',
    serverError: {
      pointer: '/workers/0',
      keyword: 'maxLength',
      label: 'Workers',
      message: 'Use at most 5000 characters.',
    },
    typed: 'Jan Kowalski',
  });

  afterEach(() => {
    api?.restore();
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

  it('logs work with materials, with errors at the fields first; the saved entry shows in the list with its notes', async () => {
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
    const el = await mount();
    await press(el, logForm(el), 'Save work log');
    await waitUntil(() => el.shadowRoot!.activeElement?.matches('[part~="error-summary"]'));
    expect(errorOf(byLabel(logForm(el), 'Start'))).to.equal('Give start and end, or a duration.');
    expect(errorOf(byLabel(logForm(el), 'Workers'))).to.equal('Fill this in.');
    await expect(el).to.be.accessible();

    await typeIn(el, byLabel(logForm(el), 'or duration (minutes)'), '90');
    expect(errorOf(byLabel(logForm(el), 'Start')), 'fixed: the time error goes').to.equal('');
    await typeIn(el, byLabel(logForm(el), 'Workers'), 'Jan Kowalski\nPiotr Nowak');
    await click(el, byRole(logForm(el), 'button', 'Add material'));
    await typeIn(el, byLabel(logForm(el), 'Description (1)'), 'Olej HLP 46');
    await typeIn(el, byLabel(logForm(el), 'Quantity (1)'), '2.5');
    await typeIn(el, byLabel(logForm(el), 'Unit (1)'), 'l');
    await typeIn(el, byLabel(logForm(el), 'Notes'), 'Wymieniono uszczelkę');
    const sent = oneEvent(el, 'amage-action-sent');
    await press(el, logForm(el), 'Save work log');
    await sent;
    expect(bodies[0]).to.deep.equal({
      durationMinutes: 90,
      workers: ['Jan Kowalski', 'Piotr Nowak'],
      materials: [{ description: 'Olej HLP 46', quantity: 2.5, unit: 'l' }],
      notes: 'Wymieniono uszczelkę',
    });
    await el.updateComplete;
    expect(byLabel(logForm(el), 'Workers').value, 'the form is empty for the next entry').to.equal('');
    expect(el.shadowRoot!.textContent).to.contain('Wymieniono uszczelkę');
  });

  it('a work log ending in the future is refused in the browser, saying so at the end time', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const el = await mount();
    // The widgets' clock is WO_NOW; the end is an hour later in the device's zone.
    const local = (ms: number) => {
      const d = new Date(ms);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    };
    await typeIn(el, byLabel(logForm(el), 'Start'), local(Date.parse(WO_NOW) - 30 * 60_000));
    await typeIn(el, byLabel(logForm(el), 'End'), local(Date.parse(WO_NOW) + 60 * 60_000));
    await typeIn(el, byLabel(logForm(el), 'Workers'), 'Jan Kowalski');
    await press(el, logForm(el), 'Save work log');
    const end = byLabel(logForm(el), 'End');
    await waitUntil(() => errorOf(end));
    expect(errorOf(end)).to.equal('The time given is in the future; check the clock of this device.');
    expect(api.calls.some((c) => c.path.endsWith('/work-logs'))).to.equal(false);
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
      const start = `2027-01-10T${time}`;
      const end = new Date(Date.parse(`${start}:00Z`) + 90 * 60_000).toISOString().slice(0, 16);
      // Logged the day after: the end, whatever the device's zone, is not in the future.
      // (clockFixedAt's own restore puts the real clock back after each test, failing or not.)
      fixClock(Date.parse(`${end}:00Z`) + 2 * 86_400_000);
      const el = await mount();
      await typeIn(el, byLabel(logForm(el), 'Start'), start);
      await typeIn(el, byLabel(logForm(el), 'End'), end);
      await typeIn(el, byLabel(logForm(el), 'Workers'), 'Jan Kowalski');
      const sent = oneEvent(el, 'amage-action-sent');
      await press(el, logForm(el), 'Save work log');
      await sent;
      const { start: sentStart, end: sentEnd } = bodies[0]!;
      expect(Date.parse(sentEnd!) - Date.parse(sentStart!)).to.equal(90 * 60_000);
      const shown = wallClock(sentStart!, deviceZone());
      expect(`${shown.date}T${shown.time}`).to.equal(start);
    });
  }

  it('says what is missing before completion, and does not send it', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const el = await mount();
    await typeIn(el, byLabel(completionForm(el), 'What was done'), 'Zawór wymieniony');
    await typeIn(el, byLabel(completionForm(el), 'Name of the person confirming'), 'Jan Kowalski');
    await press(el, completionForm(el), 'Confirm completion');
    await waitUntil(() => allByRole(completionForm(el), 'alert').length);
    const blockers = byLabel(completionForm(el), 'Before completion:');
    expect([...blockers.querySelectorAll('li')].map((l) => l.textContent)).to.deep.equal([
      'submit the inspection “Inspection”',
      'finish the LOTO release steps',
    ]);
    expect(api.calls.some((c) => c.path.endsWith('/completion'))).to.equal(false);
  });

  it('captures a drawn signature as a PNG and confirms completion, then shows the work order read-only', async () => {
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
    const el = await mount();
    await typeIn(el, byLabel(completionForm(el), 'What was done'), 'Zawór wymieniony');
    await typeIn(el, byLabel(completionForm(el), 'Name of the person confirming'), 'Jan Kowalski');
    // Without a signature: asked for at the canvas.
    await press(el, completionForm(el), 'Confirm completion');
    const canvas = $<HTMLCanvasElement>(el, 'canvas')!;
    await waitUntil(() => errorOf(canvas));
    expect(errorOf(canvas)).to.equal('A signature is needed.');

    draw(canvas);
    const sent = oneEvent(el, 'amage-action-sent');
    await press(el, completionForm(el), 'Confirm completion');
    await sent;
    expect(body!.signature).to.match(/^data:image\/png;base64,/);
    expect(body!.signature!.length).to.be.below(200_000);
    expect(body).to.include({ summary: 'Zawór wymieniony', confirmedBy: 'Jan Kowalski' });
    await waitUntil(
      () => $(el, '.notice')?.textContent === 'The work has been confirmed as complete. This link now only shows it.',
      'not shown as read-only',
    );
    expect(allByRole(el, 'form')).to.have.length(0);
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
    const el = await mount();
    await click(el, byRole(completionForm(el), 'checkbox', 'Type my name instead of drawing'));
    await typeIn(el, byLabel(completionForm(el), 'What was done'), 'Gotowe');
    await typeIn(el, byLabel(completionForm(el), 'Name of the person confirming'), 'Jan Kowalski');
    await typeIn(el, byLabel(completionForm(el), 'Typed signature (your full name)'), 'Jan Kowalski');
    await expect(el).to.be.accessible();
    const sent = oneEvent(el, 'amage-action-sent');
    await press(el, completionForm(el), 'Confirm completion');
    await sent;
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
    expect(byRole(el, 'form', 'Potwierdź zakończenie')).to.exist;
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
    await click(el, byRole(byRole(el, 'form', 'Zapisz pracę'), 'button', 'Dodaj materiał')); // a material row too
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
    const el = await mount();
    await typeIn(el, byLabel(findingForm(el), 'What did you find?'), 'Pęknięta osłona');
    await typeIn(el, byLabel(findingForm(el), 'Where?'), 'Agregat');
    el.addEventListener('amage-submit', (e) => e.preventDefault(), { once: true });
    await press(el, findingForm(el), 'Send finding');
    await new Promise((r) => setTimeout(r, 50));
    expect(Outbox.for({ type: 'work-order', ref: WO_REF }).items).to.have.length(0);
    expect(byLabel(findingForm(el), 'What did you find?').value).to.equal('Pęknięta osłona');

    const submit = oneEvent(el, 'amage-submit');
    const submitted = oneEvent(el, 'amage-submitted');
    await press(el, findingForm(el), 'Send finding');
    expect((await submit).detail).to.deep.equal({ kind: 'finding', ref: WO_REF });
    expect((await submitted).detail).to.deep.equal({ subjectType: 'work-order', ref: WO_REF, kind: 'finding', id });
  });

  it('a refused entry of another tab waits for its form there, and that tab says so (no banner on every tab)', async () => {
    api = fakeApi({
      ...workOrderRoutes(() => view),
      [`PUT /work-orders/${WO_REF}/inspections/main/answers/pressure`]: () =>
        problem(422, 'inspection.answer_invalid', {
          errors: [{ pointer: '/value', message: 'x', keyword: 'maximum' }],
        }),
    });
    const el = await mount();
    await click(el, byRole(el, 'tab', 'Inspection'));
    const inspection = $(el, 'amage-inspection')!;
    await waitUntil(() => inspection.shadowRoot?.querySelector('form[data-item="pressure"]'));
    const pressure = byRole(inspection, 'form', 'Ciśnienie robocze');
    await typeIn(inspection as AmageWorkOrder, byLabel(pressure, 'Measured value (bar)'), '450');
    await typeIn(inspection as AmageWorkOrder, byLabel(pressure, 'Comment'), 'Do sprawdzenia');
    // Back to the work tab before the answer is refused: the refusal waits for its form.
    const refused = oneEvent(inspection, 'amage-action-refused');
    await click(inspection as AmageWorkOrder, byRole(pressure, 'button', /^Save answer/));
    await refused;
    await (inspection as AmageWorkOrder).updateComplete;
    expect(errorOf(byLabel(byRole(inspection, 'form', 'Ciśnienie robocze'), 'Measured value (bar)'))).to.equal(
      'Enter a smaller number.',
    );
    await click(el, byRole(el, 'tab', 'Work'));
    expect(allByRole(el, 'alert')).to.have.length(0);
    expect(el.shadowRoot!.querySelector('[part~="outbox"]')!.textContent!.trim()).to.equal('');
  });
});
