import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../internal/test/wait.js';
import type { LotoStepBody, WorkOrderView } from '@amage/contracts';
import './amage-loto-procedure.js';
import type AmageLotoProcedure from './loto-procedure.component.js';
import { SESSION, fakeApi, json, problem } from '../../internal/test/fake-api.js';
import { runFormWidgetTests } from '../../internal/test/form-widget-tests.js';
import { allByRole, byLabel, byRole, click, errorOf, type } from '../../internal/test/queries.js';
import { WO_NOW, WO_REF, workOrderRoutes, workOrderView } from '../../internal/subcontractor/test/fixtures.js';
import { clockFixedAt } from '../../internal/test/clock.js';

type Api = ReturnType<typeof fakeApi>;
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const loaded = (el: AmageLotoProcedure) => waitUntil(() => $(el, '[part~="steps"]'), 'procedure not shown');
const mount = async (lang = 'en') => {
  const el = await fixture<AmageLotoProcedure>(
    html`<amage-loto-procedure token=${SESSION} lang=${lang}></amage-loto-procedure>`,
  );
  await loaded(el);
  return el;
};
/** The form confirming the next step (named after it). */
const stepForm = (el: Element) => allByRole(el, 'form', /^(Confirm|Potwierdź): /)[0]!;
const confirm = async (el: AmageLotoProcedure) => {
  const button = () => byRole<HTMLButtonElement>(stepForm(el), 'button', /^(Confirm|Potwierdź)/);
  await waitUntil(() => !button().disabled, 'still sending the previous step');
  await click(el, button());
};

// The widgets' date rules (a permit's validity) see the time of the fixtures' work order.
clockFixedAt(WO_NOW);

describe('<amage-loto-procedure>', () => {
  let api: Api;
  let view: WorkOrderView;
  let posted: LotoStepBody[];

  beforeEach(() => {
    view = workOrderView();
    posted = [];
  });
  runFormWidgetTests('amage-loto-procedure', {
    routes: () => workOrderRoutes(() => workOrderView()),
    closedRoutes: () => workOrderRoutes(() => workOrderView({ status: 'completed', closedForWriting: true })),
    mount: () => mount(),
    write: `POST /work-orders/${WO_REF}/loto/steps`,
    accepted: () => ({
      seq: 0,
      pointKey: 'E1',
      step: 'lock-applied',
      by: 'Jan Kowalski',
      at: WO_NOW,
      lockNumber: 'K-12',
    }),
    kind: 'loto-step',
    form: stepForm,
    fill: async (el, form) => {
      await type(el, byLabel(form, 'Your name'), 'Jan Kowalski');
      await type(el, byLabel(form, 'Lock number'), 'K-12');
    },
    required: 'Lock number',
    submit: /^Confirm/,
    serverError: {
      pointer: '/lockNumber',
      keyword: 'maxLength',
      label: 'Lock number',
      message: 'Use at most 40 characters.',
    },
    typed: 'K-12',
  });

  afterEach(() => {
    api?.restore();
    localStorage.clear();
    sessionStorage.clear();
  });

  /** A server that records a step the way the real one does (view updated, next moves on). */
  const server = () =>
    fakeApi({
      ...workOrderRoutes(() => view),
      [`POST /work-orders/${WO_REF}/loto/steps`]: async (request) => {
        const body = (await request.json()) as LotoStepBody;
        posted.push(body);
        const loto = view.loto!;
        const next = loto.next!;
        if (next.step !== body.step || next.pointKey !== (body.pointKey ?? null))
          return problem(409, 'loto.out_of_order');
        const record = {
          seq: loto.steps.length,
          pointKey: body.pointKey ?? null,
          step: body.step,
          by: body.by,
          at: body.at!,
          ...(body.lockNumber ? { lockNumber: body.lockNumber } : {}),
        };
        loto.steps = [...loto.steps, record];
        loto.next = loto.sequence[loto.steps.length]!;
        return json(201, record);
      },
    });

  it('shows the points in order and offers only the next step; is accessible', async () => {
    api = server();
    const el = await mount();
    expect(
      $$(el, '[part~="points"] tbody tr').map((r) => (r as HTMLTableRowElement).cells[0]!.textContent),
    ).to.deep.equal(['E1', 'H1']);
    expect(allByRole(el, 'form')).to.have.length(1);
    // Named with the step it confirms (for screen readers and voice control); it shows "Confirm".
    expect(byRole(stepForm(el), 'button', 'Confirm: Lock applied: Rozłącznik Q1 (E1)').textContent!.trim()).to.equal(
      'Confirm',
    );
    expect($$(el, '[part~="step"] .muted').filter((s) => s.textContent === 'later')).to.have.length(9);
    await expect(el).to.be.accessible();
  });

  it('enforces the order: the lock number is asked at the field, then the step is sent and the next one is offered', async () => {
    api = server();
    const el = await mount();
    await type(el, byLabel(stepForm(el), 'Your name'), 'Jan Kowalski');
    await confirm(el);
    const lock = byLabel(stepForm(el), 'Lock number');
    await waitUntil(() => errorOf(lock));
    expect(lock.getAttribute('aria-invalid')).to.equal('true');
    expect(errorOf(lock)).to.equal('The lock number is needed.');
    expect(posted).to.have.length(0);

    await type(el, lock, 'K-12');
    const sent = oneEvent(el, 'amage-action-sent');
    await confirm(el);
    await sent;
    expect(posted[0]).to.include({ pointKey: 'E1', step: 'lock-applied', lockNumber: 'K-12', by: 'Jan Kowalski' });
    await waitUntil(
      () => stepForm(el)?.getAttribute('aria-label')?.includes('Tag applied: Rozłącznik Q1 (E1)'),
      'next step not offered',
    );
    await waitUntil(() => $(el, '.step--done'), 'step not shown as done after the reload');
    expect($(el, '.step--done')!.textContent).to.contain('lock K-12');
    // The name is remembered for the next step.
    expect(byLabel(stepForm(el), 'Your name').value).to.equal('Jan Kowalski');
    await expect(el).to.be.accessible();
  });

  it('without signal, moves on to the next step locally and sends the steps in order when the connection is back', async () => {
    let online = false;
    const real = server();
    const route = real.routes[`POST /work-orders/${WO_REF}/loto/steps`]!;
    real.restore();
    api = fakeApi({
      ...real.routes,
      [`POST /work-orders/${WO_REF}/loto/steps`]: (request, call) => {
        if (!online) throw new TypeError('Failed to fetch');
        return route(request, call);
      },
    });
    const el = await mount();
    await type(el, byLabel(stepForm(el), 'Your name'), 'Jan');
    await type(el, byLabel(stepForm(el), 'Lock number'), 'K-1');
    await confirm(el);
    await waitUntil(
      () => stepForm(el)?.getAttribute('aria-label')?.includes('Tag applied'),
      'next step not offered offline',
    );
    expect(byLabel(stepForm(el), 'Your name').value, 'the name stays for the next step').to.equal('Jan');
    await confirm(el);
    await waitUntil(() => $(el, '[part~="outbox"]')!.textContent!.includes('2 entries waiting to send.'));
    expect($$(el, '.pending').map((p) => p.textContent)).to.deep.equal(['waiting to send', 'waiting to send']);

    online = true;
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => view.loto!.steps.length === 2 && $$(el, '.step--done').length === 2, 'not synced');
    expect(posted.map((b) => b.step)).to.deep.equal(['lock-applied', 'tag-applied']);
    const keys = api.calls.filter((c) => c.method === 'POST').map((c) => c.idempotencyKey);
    expect(new Set(keys).size).to.equal(2);
  });

  it('a step out of order is refused in words at the form, and what was typed comes back', async () => {
    api = server();
    view.loto!.next = view.loto!.sequence[1]!; // the server thinks the lock is already on
    view.loto!.steps = [];
    const el = await mount();
    await type(el, byLabel(stepForm(el), 'Your name'), 'Jan');
    await type(el, byLabel(stepForm(el), 'Lock number'), 'K-1');
    const refused = oneEvent(el, 'amage-action-refused');
    await confirm(el);
    expect((await refused).detail.code).to.equal('loto.out_of_order');
    await waitUntil(() => allByRole(stepForm(el), 'alert').length);
    expect(byRole(stepForm(el), 'alert').textContent!.trim()).to.equal(
      'Not accepted: LOTO steps must be done in order.',
    );
    expect(byLabel(stepForm(el), 'Lock number').value).to.equal('K-1');
  });

  it('a refusal with an unknown code and an English detail is shown in Polish, without the detail', async () => {
    api = fakeApi({
      ...workOrderRoutes(() => view),
      [`POST /work-orders/${WO_REF}/loto/steps`]: () =>
        problem(409, 'loto.something_new', { detail: 'The lock register is being audited.' }),
    });
    const el = await mount('pl');
    await type(el, byLabel(stepForm(el), 'Twoje imię i nazwisko'), 'Jan');
    await type(el, byLabel(stepForm(el), 'Numer kłódki'), 'K-1');
    const refused = oneEvent(el, 'amage-action-refused');
    await confirm(el);
    await refused;
    await waitUntil(() => allByRole(stepForm(el), 'alert').length);
    expect(byRole(stepForm(el), 'alert').textContent!.trim()).to.equal(
      'Tego nie przyjęto. Odśwież stronę, aby zobaczyć aktualny stan, lub skontaktuj się z nadawcą.',
    );
  });

  it('with a read-only link, shows the procedure without any confirm button, in Polish', async () => {
    api = fakeApi(workOrderRoutes(() => view, ['work-order:read']));
    const el = await mount('pl');
    expect($$(el, 'button')).to.have.length(0);
    expect($(el, '.notice')!.textContent).to.equal('Ten link pokazuje procedurę bez potwierdzania kroków.');
    expect($(el, 'h2')!.textContent).to.contain('Blokowanie i oznaczanie (LOTO)');
    await expect(el).to.be.accessible();
  });
});
