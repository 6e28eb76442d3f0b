import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { WorkOrderView } from '@amage/contracts';
import { SESSION, fakeApi, json, problem } from '../../internal/test/fake-api.js';
import { runFormWidgetTests } from '../../internal/test/form-widget-tests.js';
import { allByRole, byLabel, byRole, click, errorOf, type } from '../../internal/test/queries.js';
import { WO_NOW, WO_REF, workOrderRoutes, workOrderView } from '../../internal/subcontractor/test/fixtures.js';
import { clockFixedAt } from '../../internal/test/clock.js';
import { waitUntil } from '../../internal/test/wait.js';
import './amage-inspection.js';
import type AmageInspection from './inspection.component.js';

type Api = ReturnType<typeof fakeApi>;
const loaded = (el: AmageInspection) =>
  waitUntil(() => el.shadowRoot!.querySelector('form[data-item="leak"]'), 'inspection not shown');
const mount = async (lang = 'en') => {
  const el = await fixture<AmageInspection>(html`<amage-inspection token=${SESSION} lang=${lang}></amage-inspection>`);
  await loaded(el);
  return el;
};
const item = (el: Element, name: string) => byRole(el, 'form', name);
const save = (el: AmageInspection, form: HTMLElement) => click(el, byRole(form, 'button', /^Save answer/));
const answer = (overrides: Record<string, unknown> = {}) => ({
  itemKey: 'pressure',
  value: 195,
  outOfLimits: false,
  attachments: [],
  answeredAt: WO_NOW,
  ...overrides,
});

// The widgets' date rules (a permit's validity) see the time of the fixtures' work order.
clockFixedAt(WO_NOW);

describe('<amage-inspection>', () => {
  let api: Api;
  let view: WorkOrderView;

  beforeEach(() => {
    view = workOrderView();
  });

  runFormWidgetTests('amage-inspection', {
    routes: () => workOrderRoutes(() => workOrderView()),
    closedRoutes: () => workOrderRoutes(() => workOrderView({ status: 'completed', closedForWriting: true })),
    mount: () => mount(),
    write: `PUT /work-orders/${WO_REF}/inspections/main/answers/pressure`,
    accepted: () => answer(),
    kind: 'answer',
    form: (el) => item(el, 'Ciśnienie robocze'),
    fill: async (el, form) => {
      await type(el, byLabel(form, 'Measured value (bar)'), '195');
      await type(el, byLabel(form, 'Comment'), 'Manometr OK');
    },
    required: 'Measured value (bar)',
    submit: /^Save answer/,
    serverError: {
      pointer: '/comment',
      keyword: 'maxLength',
      label: 'Comment',
      message: 'Use at most 2000 characters.',
    },
    typed: 'Manometr OK',
  });

  afterEach(() => {
    api?.restore();
    localStorage.clear();
    sessionStorage.clear();
    document.documentElement.lang = 'en';
  });

  it('shows each item with its limits and is accessible', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const el = await mount();
    const value = byLabel(item(el, 'Ciśnienie robocze'), 'Measured value (bar)');
    expect(el.shadowRoot!.getElementById(value.getAttribute('aria-describedby')!)!.textContent).to.equal(
      'Limits: 180 to 210 bar',
    );
    await expect(el).to.be.accessible();
  });

  it('flags an out-of-limit value, asks for a comment at the field, then saves the answer with an Idempotency-Key', async () => {
    const puts: unknown[] = [];
    api = fakeApi({
      ...workOrderRoutes(() => view),
      [`PUT /work-orders/${WO_REF}/inspections/main/answers/pressure`]: async (request) => {
        puts.push(await request.json());
        return json(200, answer({ value: 230, comment: 'Regulator', outOfLimits: true }));
      },
    });
    const el = await mount();
    const form = item(el, 'Ciśnienie robocze');
    await type(el, byLabel(form, 'Measured value (bar)'), '230');
    expect(form.querySelector('[part~="flag"]')!.textContent).to.equal('Out of limits: say why in a comment.');
    expect(byLabel(form, 'Comment').getAttribute('aria-required')).to.equal('true');
    await save(el, form);
    const comment = byLabel(form, 'Comment');
    await waitUntil(() => errorOf(comment));
    expect(errorOf(comment)).to.equal('A comment is needed for this answer.');
    await waitUntil(() => el.shadowRoot!.activeElement?.matches('[part~="error-summary"]'));
    expect(puts).to.have.length(0);
    await expect(el).to.be.accessible();

    await type(el, comment, 'Regulator');
    expect(errorOf(comment)).to.equal('');
    const sent = oneEvent(el, 'amage-action-sent');
    await save(el, form);
    const { detail } = await sent;
    expect(detail).to.include({ kind: 'answer', ref: WO_REF });
    expect(puts[0]).to.include({ value: 230, comment: 'Regulator' });
    expect(api.calls.find((c) => c.method === 'PUT')!.idempotencyKey).to.equal(detail.id);
  });

  it('without signal, the answer waits on the device (the form says so, held as typed) and goes with the same Idempotency-Key when the connection is back', async () => {
    let online = false;
    api = fakeApi({
      ...workOrderRoutes(() => view),
      [`PUT /work-orders/${WO_REF}/inspections/main/answers/leak`]: () => {
        if (!online) throw new TypeError('Failed to fetch');
        view.checklists[0]!.answers = [
          { itemKey: 'leak', result: 'pass', outOfLimits: false, attachments: [], answeredAt: WO_NOW },
        ];
        return json(200, view.checklists[0]!.answers[0]);
      },
    });
    const el = await mount();
    const form = item(el, 'Brak wycieków');
    await click(el, byRole(form, 'radio', 'Pass'));
    await save(el, form);
    await waitUntil(() =>
      el.shadowRoot!.querySelector('[part~="outbox"]')!.textContent!.includes('1 entry waiting to send.'),
    );
    expect(form.querySelector('[part~="form-status"]')!.textContent).to.contain('Saved on this device');
    expect((byRole(form, 'radio', 'Pass') as HTMLInputElement).checked).to.equal(true);
    const stored = JSON.parse(localStorage.getItem(`amage-portals:work-order:${WO_REF}:outbox`)!);
    expect(stored).to.have.length(1);
    const firstKey = api.calls.find((c) => c.method === 'PUT')!.idempotencyKey;
    expect(firstKey).to.equal(stored[0].id);

    online = true;
    const sent = oneEvent(el, 'amage-action-sent');
    window.dispatchEvent(new Event('online'));
    await sent;
    expect(api.calls.filter((c) => c.method === 'PUT').map((c) => c.idempotencyKey)).to.deep.equal([
      firstKey,
      firstKey,
    ]);
    await waitUntil(
      () => form.querySelector('[part~="form-status"]')!.textContent!.includes('Saved'),
      'not shown as saved after sync',
    );
    expect(JSON.parse(localStorage.getItem(`amage-portals:work-order:${WO_REF}:outbox`)!)).to.deep.equal([]);
  });

  it('keeps a typed value as a draft across a reload', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const first = await mount();
    await type(first, byLabel(item(first, 'Ciśnienie robocze'), 'Measured value (bar)'), '199.5');
    first.remove();
    const again = await mount();
    expect(byLabel(item(again, 'Ciśnienie robocze'), 'Measured value (bar)').value).to.equal('199.5');
  });

  it('refuses to submit with required items open, listing them in a focused summary', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const el = await mount();
    const form = byRole(el, 'form', 'Submit inspection');
    await type(el, byLabel(form, 'Inspector’s name'), 'Anna');
    await click(el, allByRole(form, 'button', 'Submit inspection')[0]!);
    await waitUntil(() => el.shadowRoot!.activeElement?.matches('[part~="error-summary"]'));
    expect(byRole(form, 'alert').textContent).to.contain('2 required items are not answered yet.');
    expect(byLabel(form, 'Still to answer').textContent).to.contain('Brak wycieków').and.contain('Ciśnienie robocze');
    expect(api.calls.some((c) => c.path.endsWith('/submission'))).to.equal(false);
  });

  it('speaks Polish', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const el = await mount('pl');
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Kontrola');
    const value = byLabel(item(el, 'Ciśnienie robocze'), 'Zmierzona wartość (bar)');
    expect(el.shadowRoot!.getElementById(value.getAttribute('aria-describedby')!)!.textContent).to.equal(
      'Granice: od 180 do 210 bar',
    );
    expect(byRole(el, 'form', 'Wyślij kontrolę')).to.exist;
  });

  it('with a read-only link, shows the checklist without save buttons', async () => {
    api = fakeApi(workOrderRoutes(() => view, ['work-order:read']));
    const el = await mount();
    expect(el.shadowRoot!.querySelector('button[type="submit"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('a queued answer the server refuses comes back into its fields, with a translated error at the field, and survives a reload', async () => {
    api = fakeApi({
      ...workOrderRoutes(() => view),
      [`PUT /work-orders/${WO_REF}/inspections/main/answers/pressure`]: () =>
        problem(422, 'inspection.answer_invalid', {
          detail: 'The answer is not valid.',
          errors: [{ pointer: '/value', message: 'The gauge reads at most 400 bar.', keyword: 'maximum' }],
        }),
    });
    const el = await mount('pl');
    const form = item(el, 'Ciśnienie robocze');
    await type(el, byLabel(form, 'Zmierzona wartość (bar)'), '450');
    await type(el, byLabel(form, 'Komentarz'), 'Manometr do wymiany');
    const refused = oneEvent(el, 'amage-action-refused');
    await click(el, byRole(form, 'button', /^Zapisz odpowiedź/));
    expect((await refused).detail.code).to.equal('inspection.answer_invalid');
    await el.updateComplete;
    const value = byLabel(form, 'Zmierzona wartość (bar)');
    expect(value.value).to.equal('450');
    expect(byLabel(form, 'Komentarz').value).to.equal('Manometr do wymiany');
    expect(value.getAttribute('aria-invalid')).to.equal('true');
    // Polish at the field, never the server's English message or detail.
    expect(errorOf(value)).to.equal('Wpisz mniejszą liczbę.');
    expect(el.shadowRoot!.textContent).not.to.contain('not valid');
    el.remove();
    const again = await mount();
    expect(byLabel(item(again, 'Ciśnienie robocze'), 'Measured value (bar)').value).to.equal('450');
  });
});
