import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../internal/test/wait.js';
import type { WorkOrderView } from '@amage/contracts';
import './amage-inspection.js';
import type AmageInspection from './inspection.component.js';
import { SESSION, fakeApi, json, problem } from '../../internal/test/fake-api.js';
import { Outbox } from '../../internal/subcontractor/outbox.js';
import { WO_NOW, WO_REF, workOrderRoutes, workOrderView } from '../../internal/subcontractor/test/fixtures.js';
import { clockFixedAt } from '../../internal/test/clock.js';

type Api = ReturnType<typeof fakeApi>;
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const loaded = (el: AmageInspection) => waitUntil(() => $(el, 'form[data-item="leak"]'), 'inspection not shown');
const type = async (input: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input'));
};

// The widgets' date rules (a permit's validity) see the time of the fixtures' work order.
clockFixedAt(WO_NOW);

describe('<amage-inspection>', () => {
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
    document.documentElement.lang = 'en';
  });

  it('shows each item with its limits and is accessible', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const el = await fixture<AmageInspection>(html`<amage-inspection token=${SESSION} lang="en"></amage-inspection>`);
    await loaded(el);
    expect($(el, '#pressure-limits')!.textContent).to.equal('Limits: 180 to 210 bar');
    expect($(el, 'label[for="pressure-value"]')!.textContent).to.equal('Measured value (bar)');
    await expect(el).to.be.accessible();
  });

  it('flags an out-of-limit value, asks for a comment at the field, then saves the answer with an Idempotency-Key', async () => {
    const puts: unknown[] = [];
    api = fakeApi({
      ...workOrderRoutes(() => view),
      [`PUT /work-orders/${WO_REF}/inspections/main/answers/pressure`]: async (request) => {
        puts.push(await request.json());
        return json(200, {
          itemKey: 'pressure',
          value: 230,
          comment: 'Regulator',
          outOfLimits: true,
          attachments: [],
          answeredAt: WO_NOW,
        });
      },
    });
    const el = await fixture<AmageInspection>(html`<amage-inspection token=${SESSION} lang="en"></amage-inspection>`);
    await loaded(el);
    await type($<HTMLInputElement>(el, '#pressure-value')!, '230');
    await el.updateComplete;
    expect($(el, '[part~="flag"]')!.textContent).to.equal('Out of limits: say why in a comment.');
    expect($(el, '#pressure-value')!.getAttribute('aria-describedby')).to.contain('pressure-flag');

    $<HTMLButtonElement>(el, 'form[data-item="pressure"] button[type="submit"]')!.click();
    await el.updateComplete;
    await el.updateComplete;
    const comment = $<HTMLTextAreaElement>(el, '#pressure-comment')!;
    expect(comment.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, `#${comment.getAttribute('aria-describedby')}`)!.textContent).to.equal(
      'A comment is needed for this answer.',
    );
    expect(el.shadowRoot!.activeElement?.id).to.equal('pressure-comment');
    expect(puts).to.have.length(0);
    await expect(el).to.be.accessible();

    await type(comment, 'Regulator');
    setTimeout(() => $<HTMLButtonElement>(el, 'form[data-item="pressure"] button[type="submit"]')!.click());
    const sent = await oneEvent(el, 'amage-action-sent');
    expect(sent.detail).to.include({ kind: 'answer', ref: WO_REF });
    expect(puts[0]).to.include({ value: 230, comment: 'Regulator' });
    const put = api.calls.find((c) => c.method === 'PUT')!;
    expect(put.idempotencyKey).to.equal(sent.detail.id);
  });

  it('without signal, keeps the answer on the device as "waiting to send" and sends it with the same Idempotency-Key when the connection is back', async () => {
    let online = false;
    api = fakeApi({
      ...workOrderRoutes(() => view),
      [`PUT /work-orders/${WO_REF}/inspections/main/answers/leak`]: () => {
        if (!online) throw new TypeError('Failed to fetch');
        view.checklists[0]!.answers = [
          {
            itemKey: 'leak',
            result: 'pass',
            outOfLimits: false,
            attachments: [],
            answeredAt: WO_NOW,
          },
        ];
        return json(200, view.checklists[0]!.answers[0]);
      },
    });
    const el = await fixture<AmageInspection>(html`<amage-inspection token=${SESSION} lang="en"></amage-inspection>`);
    await loaded(el);
    $<HTMLInputElement>(el, 'input[name="leak-result"]')!.click();
    $<HTMLButtonElement>(el, 'form[data-item="leak"] button[type="submit"]')!.click();
    await waitUntil(
      () => $(el, '[part~="outbox"]')!.textContent!.includes('1 entry waiting to send.'),
      'not shown as waiting',
    );
    expect($(el, 'form[data-item="leak"] .pending')!.textContent).to.equal('waiting to send');
    const stored = JSON.parse(localStorage.getItem(`amage-portals:work-order:${WO_REF}:outbox`)!);
    expect(stored).to.have.length(1);
    const firstKey = api.calls.find((c) => c.method === 'PUT')!.idempotencyKey;
    expect(firstKey).to.equal(stored[0].id);

    online = true;
    setTimeout(() => window.dispatchEvent(new Event('online')));
    await oneEvent(el, 'amage-action-sent');
    const keys = api.calls.filter((c) => c.method === 'PUT').map((c) => c.idempotencyKey);
    expect(keys).to.deep.equal([firstKey, firstKey]);
    await waitUntil(() => $(el, 'form[data-item="leak"] .ok'), 'not shown as saved after sync');
    expect(JSON.parse(localStorage.getItem(`amage-portals:work-order:${WO_REF}:outbox`)!)).to.deep.equal([]);
  });

  it('keeps a typed value as a draft across a reload', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const first = await fixture<AmageInspection>(html`<amage-inspection token=${SESSION}></amage-inspection>`);
    await loaded(first);
    await type($<HTMLInputElement>(first, '#pressure-value')!, '199.5');
    first.remove();
    const again = await fixture<AmageInspection>(html`<amage-inspection token=${SESSION}></amage-inspection>`);
    await loaded(again);
    expect($<HTMLInputElement>(again, '#pressure-value')!.value).to.equal('199.5');
  });

  it('refuses to submit with required items open, listing them in a focused summary', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const el = await fixture<AmageInspection>(html`<amage-inspection token=${SESSION} lang="en"></amage-inspection>`);
    await loaded(el);
    await type($<HTMLInputElement>(el, '#inspector')!, 'Anna');
    $<HTMLButtonElement>(el, '[part~="submit-button"]')!.click();
    await waitUntil(() => $(el, '[part~="error-summary"]'));
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('error-summary');
    expect($(el, '[part~="error-summary"]')!.textContent).to.contain('2 required items are not answered yet.');
    expect(api.calls.some((c) => c.path.endsWith('/submission'))).to.equal(false);
  });

  it('speaks Polish', async () => {
    api = fakeApi(workOrderRoutes(() => view));
    const el = await fixture<AmageInspection>(html`<amage-inspection token=${SESSION} lang="pl"></amage-inspection>`);
    await loaded(el);
    expect($(el, 'h2')!.textContent).to.equal('Kontrola');
    expect($(el, '#pressure-limits')!.textContent).to.equal('Granice: od 180 do 210 bar');
    expect($(el, '[part~="submit-button"]')!.textContent!.trim()).to.equal('Wyślij kontrolę');
  });

  it('with a read-only link, shows the checklist without save buttons', async () => {
    api = fakeApi(workOrderRoutes(() => view, ['work-order:read']));
    const el = await fixture<AmageInspection>(html`<amage-inspection token=${SESSION}></amage-inspection>`);
    await loaded(el);
    expect($(el, 'button[type="submit"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('a queued answer the server refuses comes back into its fields, with a translated error at the field', async () => {
    api = fakeApi({
      ...workOrderRoutes(() => view),
      [`PUT /work-orders/${WO_REF}/inspections/main/answers/pressure`]: () =>
        problem(422, 'inspection.answer_invalid', {
          detail: 'The answer is not valid.',
          errors: [{ pointer: '/value', message: 'The gauge reads at most 400 bar.', keyword: 'maximum' }],
        }),
    });
    const el = await fixture<AmageInspection>(html`<amage-inspection token=${SESSION} lang="pl"></amage-inspection>`);
    await loaded(el);
    await type($<HTMLInputElement>(el, '#pressure-value')!, '450');
    await type($<HTMLTextAreaElement>(el, '#pressure-comment')!, 'Manometr do wymiany');
    await el.updateComplete;
    setTimeout(() => $<HTMLButtonElement>(el, 'form[data-item="pressure"] button[type="submit"]')!.click());
    const refused = await oneEvent(el, 'amage-action-refused');
    expect(refused.detail.code).to.equal('inspection.answer_invalid');
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#pressure-value')!.value).to.equal('450');
    expect($<HTMLTextAreaElement>(el, '#pressure-comment')!.value).to.equal('Manometr do wymiany');
    expect($(el, '#pressure-value')!.getAttribute('aria-invalid')).to.equal('true');
    // Polish at the field, never the server's English message or detail.
    expect($(el, '#pressure-err-value')!.textContent).to.equal('Ta liczba jest za duża.');
    expect($(el, '.refusal p')?.textContent ?? '').not.to.contain('not valid');
    // …and it survives a reload as a draft.
    el.remove();
    const again = await fixture<AmageInspection>(
      html`<amage-inspection token=${SESSION} lang="en"></amage-inspection>`,
    );
    await loaded(again);
    expect($<HTMLInputElement>(again, '#pressure-value')!.value).to.equal('450');
  });
});
