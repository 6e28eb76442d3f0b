import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../test/wait.js';
import type { WorkOrderView } from '@amage/contracts';
import '../../components/loto-procedure/amage-loto-procedure.js';
import '../../components/permit-log/amage-permit-log.js';
import type AmageLotoProcedure from '../../components/loto-procedure/loto-procedure.component.js';
import type AmagePermitLog from '../../components/permit-log/permit-log.component.js';
import { SESSION, fakeApi, json, problem, type Route } from '../test/fake-api.js';
import { Outbox } from '../outbox.js';
import { byLabel, byRole, click, nameOf, type as typeIn } from '../test/queries.js';
import { WO_NOW, WO_REF, workOrderRoutes, workOrderView } from './test/fixtures.js';
import { clockFixedAt } from '../test/clock.js';

type Api = ReturnType<typeof fakeApi>;
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const type = (input: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input'));
};
const outbox = () =>
  JSON.parse(localStorage.getItem(`amage-portals:work-order:${WO_REF}:outbox`) ?? '[]') as {
    id: string;
    kind: string;
  }[];

/** A step-up route: no code → 403 step_up.required; 123456 → accepted; anything else → step_up.invalid. */
function stepUpRoute(seen: { code: string | null; key: string | null }[], accept: () => Response): Route {
  return (request) => {
    const code = request.headers.get('x-step-up-code');
    seen.push({ code, key: request.headers.get('idempotency-key') });
    if (!code) return problem(403, 'step_up.required');
    if (code !== '123456')
      return problem(403, 'step_up.invalid', {
        errors: [{ pointer: '#/headers/x-step-up-code', message: 'wrong code; 4 attempts left' }],
      });
    return accept();
  };
}

// The widgets' date rules (a permit's validity) see the time of the fixtures' work order.
clockFixedAt(WO_NOW);

describe('step-up in the subcontractor widgets', () => {
  let api: Api;
  let view: WorkOrderView;

  beforeEach(() => {
    view = workOrderView();
  });
  afterEach(() => {
    api.restore();
    Outbox.for({ type: 'work-order', ref: WO_REF }).stepUp = undefined;
    localStorage.clear();
    sessionStorage.clear();
  });

  it('isolation sign-off: asks for the code (saying where it went), a wrong code is said at the field, the right one sends it with the same Idempotency-Key', async () => {
    const loto = view.loto!;
    loto.steps = loto.sequence.slice(0, 6).map((s, seq) => ({
      seq,
      pointKey: s.pointKey,
      step: s.step as 'lock-applied',
      by: 'Jan',
      at: WO_NOW,
    }));
    loto.next = loto.sequence[6]!;
    loto.isolated = true;
    const seen: { code: string | null; key: string | null }[] = [];
    const requests: unknown[] = [];
    api = fakeApi({
      ...workOrderRoutes(() => view),
      'POST /step-up': async (request) => {
        requests.push(await request.json());
        return json(201, {
          action: 'loto:acknowledge',
          recipient: 'b***@elektromont.example',
          expiresAt: new Date(Date.now() + 600_000).toISOString(),
        });
      },
      [`POST /work-orders/${WO_REF}/loto/isolation-sign-off`]: stepUpRoute(seen, () => {
        loto.signOff = { by: 'Jan', at: WO_NOW };
        loto.next = loto.sequence[7]!;
        return json(201, loto.signOff);
      }),
    });
    const el = await fixture<AmageLotoProcedure>(
      html`<amage-loto-procedure token=${SESSION} lang="en"></amage-loto-procedure>`,
    );
    await waitUntil(() => $(el, '[part~="confirm-button"]'), 'sign-off not offered');
    const form = byRole(el, 'form', /^Confirm: Isolation signed off/);
    await typeIn(el, byLabel(form, 'Your name'), 'Jan Kowalski');
    const requested = oneEvent(el, 'amage-step-up-requested');
    await click(el, byRole(form, 'button', /^Sign off the isolation/));
    expect((await requested).detail).to.deep.equal({
      action: 'loto:acknowledge',
      recipient: 'b***@elektromont.example',
    });
    expect(requests).to.deep.equal([{ action: 'loto:acknowledge' }]);
    await waitUntil(() => $(el, '#step-up-code'), 'no code field');
    expect($(el, '[part~="step-up-form"]')!.textContent).to.contain('b***@elektromont.example');
    expect($(el, '[part~="step-up-form"]')!.textContent).to.contain('The isolation sign-off needs a confirmation code');
    await waitUntil(() => el.shadowRoot!.activeElement?.id === 'step-up-code', 'code field not focused');
    // Kept in the queue, not refused.
    expect(outbox().map((i) => i.kind)).to.deep.equal(['loto-sign-off']);
    expect(Outbox.for({ type: 'work-order', ref: WO_REF }).refusals).to.have.length(0);
    await expect(el).to.be.accessible();

    type($<HTMLInputElement>(el, '#step-up-code')!, '999999');
    $<HTMLButtonElement>(el, '[part~="step-up-form"] button[type="submit"]')!.click();
    await waitUntil(
      () => $(el, '#step-up-code-error')?.textContent === 'The code is not right.',
      'wrong code not said',
    );
    expect($(el, '#step-up-code')!.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#step-up-code')!.getAttribute('aria-describedby')).to.equal('step-up-code-error');
    expect(outbox()).to.have.length(1);

    type($<HTMLInputElement>(el, '#step-up-code')!, '123456');
    setTimeout(() => $<HTMLButtonElement>(el, '[part~="step-up-form"] button[type="submit"]')!.click());
    const sent = await oneEvent(el, 'amage-action-sent');
    expect(sent.detail.kind).to.equal('loto-sign-off');
    expect(seen.map((s) => s.code)).to.deep.equal([null, '999999', '123456']);
    expect(new Set(seen.map((s) => s.key)).size).to.equal(1);
    await waitUntil(() => !$(el, '[part~="step-up-form"]'), 'prompt stays after success');
  });

  it('a permit sign-off queued without signal is kept when the server asks for a code, and sent once it is given', async () => {
    const permit = view.permits[0]!;
    permit.acknowledged = [0, 1];
    permit.onSite = ['Jan Kowalski'];
    let online = false;
    const seen: { code: string | null; key: string | null }[] = [];
    const offlineOr =
      (route: Route): Route =>
      (request, call) => {
        if (!online) throw new TypeError('Failed to fetch');
        return route(request, call);
      };
    api = fakeApi({
      ...workOrderRoutes(() => view),
      'POST /step-up': offlineOr(() =>
        json(201, {
          action: 'permit:sign',
          recipient: 'b***@elektromont.example',
          expiresAt: new Date(Date.now() + 600_000).toISOString(),
        }),
      ),
      [`POST /work-orders/${WO_REF}/permits/PTW-0091/sign-offs`]: offlineOr(
        stepUpRoute(seen, () => {
          permit.onSite = [];
          return json(201, {
            kind: 'signed-off',
            by: 'Jan Kowalski',
            at: WO_NOW,
            workers: ['Jan Kowalski'],
          });
        }),
      ),
    });
    const el = await fixture<AmagePermitLog>(html`<amage-permit-log token=${SESSION} lang="en"></amage-permit-log>`);
    await waitUntil(() => $(el, '[part~="sign-off-form"]'), 'sign-off not offered');
    const form = byRole(el, 'form', 'Sign off: PTW-0091');
    await typeIn(el, byLabel(form, 'Your name'), 'Jan Kowalski');
    await click(el, byRole(form, 'button', 'Sign off'));
    await waitUntil(() => $(el, '[part~="outbox"]')!.textContent!.includes('1 entry waiting to send.'), 'not queued');
    expect(seen).to.have.length(0);

    online = true;
    const requested = oneEvent(el, 'amage-step-up-requested');
    window.dispatchEvent(new Event('online'));
    await requested;
    await waitUntil(() => $(el, '#step-up-code'), 'no code field');
    expect(outbox().map((i) => i.kind)).to.deep.equal(['permit-sign-off']);
    expect(Outbox.for({ type: 'work-order', ref: WO_REF }).refusals).to.have.length(0);
    // Another "online" does not drop it or ask again.
    window.dispatchEvent(new Event('online'));
    await el.updateComplete;
    expect(outbox()).to.have.length(1);

    type($<HTMLInputElement>(el, '#step-up-code')!, '123456');
    setTimeout(() => $<HTMLButtonElement>(el, '[part~="step-up-form"] button[type="submit"]')!.click());
    const sent = await oneEvent(el, 'amage-action-sent');
    expect(sent.detail.kind).to.equal('permit-sign-off');
    expect(seen.map((s) => s.code)).to.deep.equal([null, '123456']);
    expect(outbox()).to.have.length(0);
  });

  it('speaks Polish in the code prompt', async () => {
    const loto = view.loto!;
    loto.steps = loto.sequence.slice(0, 6).map((s, seq) => ({
      seq,
      pointKey: s.pointKey,
      step: s.step as 'lock-applied',
      by: 'Jan',
      at: WO_NOW,
    }));
    loto.next = loto.sequence[6]!;
    api = fakeApi({
      ...workOrderRoutes(() => view),
      'POST /step-up': () =>
        json(201, {
          action: 'loto:acknowledge',
          recipient: 'b***@elektromont.example',
          expiresAt: new Date(Date.now() + 600_000).toISOString(),
        }),
      [`POST /work-orders/${WO_REF}/loto/isolation-sign-off`]: () => problem(403, 'step_up.required'),
    });
    const el = await fixture<AmageLotoProcedure>(
      html`<amage-loto-procedure token=${SESSION} lang="pl"></amage-loto-procedure>`,
    );
    await waitUntil(() => $(el, '[part~="confirm-button"]'));
    const form = byRole(el, 'form', /^Potwierdź: /);
    await typeIn(el, byLabel(form, 'Twoje imię i nazwisko'), 'Jan Kowalski');
    await click(el, byRole(form, 'button', /^Zatwierdź odłączenie/));
    await waitUntil(() => $(el, '#step-up-code'));
    expect(nameOf($(el, '#step-up-code')!)).to.equal('Kod potwierdzenia');
    expect($(el, '[part~="step-up-form"]')!.textContent).to.contain(
      'Wysłaliśmy 6-cyfrowy kod na b***@elektromont.example',
    );
  });
});
