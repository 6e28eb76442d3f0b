import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../internal/test/wait.js';
import type { PermitLogEntry, WorkOrderView } from '@amage/contracts';
import './amage-permit-log.js';
import type AmagePermitLog from './permit-log.component.js';
import { SESSION, fakeApi, json } from '../../internal/test/fake-api.js';
import { runFormWidgetTests } from '../../internal/test/form-widget-tests.js';
import { allByRole, byLabel, byRole, click, errorOf, type } from '../../internal/test/queries.js';
import { WO_NOW, WO_REF, workOrderRoutes, workOrderView } from '../../internal/subcontractor/test/fixtures.js';
import { TIMES_OF_DAY, clockFixedAt, fixClock } from '../../internal/test/clock.js';

type Api = ReturnType<typeof fakeApi>;
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const loaded = (el: AmagePermitLog) => waitUntil(() => $(el, '[part~="permit"]'), 'permit not shown');
const mount = async (lang = 'en') => {
  const el = await fixture<AmagePermitLog>(html`<amage-permit-log token=${SESSION} lang=${lang}></amage-permit-log>`);
  await loaded(el);
  return el;
};
/** The fixtures' work order with every precaution of its permit acknowledged. */
const acknowledged = (overrides: Partial<WorkOrderView> = {}) => {
  const v = workOrderView(overrides);
  v.permits[0]!.acknowledged = [0, 1];
  v.permits[0]!.log = [0, 1].map((precaution) => ({
    kind: 'precaution-acknowledged' as const,
    precaution,
    by: 'Jan Kowalski',
    at: '2027-01-10T06:10:00Z',
  }));
  return v;
};

// The widgets' date rules (a permit's validity) see the time of the fixtures' work order.
clockFixedAt(WO_NOW);

describe('<amage-permit-log>', () => {
  let api: Api;
  let view: WorkOrderView;

  beforeEach(() => {
    view = workOrderView();
  });
  runFormWidgetTests('amage-permit-log', {
    routes: () => workOrderRoutes(() => acknowledged()),
    closedRoutes: () => workOrderRoutes(() => acknowledged({ status: 'completed', closedForWriting: true })),
    mount: () => mount(),
    write: `POST /work-orders/${WO_REF}/permits/PTW-0091/sign-ons`,
    accepted: () => ({ kind: 'signed-on', by: 'Jan Kowalski', at: WO_NOW, workers: ['Jan Kowalski', 'Piotr Nowak'] }),
    kind: 'permit-sign-on',
    form: (el) => byRole(el, 'form', 'Sign on: PTW-0091'),
    fill: async (el, form) => {
      await type(el, byLabel(form, 'Your name'), 'Jan Kowalski');
      await type(el, byLabel(form, 'Workers entering'), 'Jan Kowalski\nPiotr Nowak');
    },
    required: 'Workers entering',
    submit: 'Sign on',
    serverError: {
      pointer: '/workers/1',
      keyword: 'maxLength',
      label: 'Workers entering',
      message: 'Use at most 5000 characters.',
    },
    typed: 'Jan Kowalski\nPiotr Nowak',
  });

  afterEach(() => {
    api?.restore();
    localStorage.clear();
    sessionStorage.clear();
  });

  const server = () =>
    fakeApi({
      ...workOrderRoutes(() => view),
      [`POST /work-orders/${WO_REF}/permits/PTW-0091/acknowledgements`]: async (request) => {
        const body = await request.json();
        const entry: PermitLogEntry = {
          kind: 'precaution-acknowledged',
          by: body.by,
          at: body.at,
          precaution: body.precaution,
        };
        const p = view.permits[0]!;
        p.log = [...p.log, entry];
        p.acknowledged = [...p.acknowledged, body.precaution];
        return json(201, entry);
      },
      [`POST /work-orders/${WO_REF}/permits/PTW-0091/sign-ons`]: async (request) => {
        const body = await request.json();
        const entry: PermitLogEntry = { kind: 'signed-on', by: body.by, at: body.at, workers: body.workers };
        const p = view.permits[0]!;
        p.log = [...p.log, entry];
        p.onSite = body.workers;
        return json(201, entry);
      },
    });

  it('shows the permit, asks to acknowledge every precaution before sign-on, then signs workers on; is accessible', async () => {
    api = server();
    const el = await mount();
    expect(el.shadowRoot!.querySelector('h3')!.textContent).to.contain('Hot work');
    expect(allByRole(el, 'form', 'Sign on: PTW-0091')).to.have.length(0);
    await expect(el).to.be.accessible();

    const precautions = byRole(el, 'form', 'Precautions');
    const name = byLabel(precautions, 'Your name');
    await type(el, name, '');
    // No name yet: the name field says so.
    await click(el, byRole(precautions, 'button', 'Acknowledge: Gaśnica w zasięgu'));
    await waitUntil(() => errorOf(name));
    expect(errorOf(name)).to.equal('Fill this in.');
    await type(el, name, 'Jan Kowalski');
    await click(el, byRole(precautions, 'button', 'Acknowledge: Gaśnica w zasięgu'));
    await waitUntil(() => view.permits[0]!.acknowledged.length === 1);
    await waitUntil(
      () =>
        allByRole(precautions, 'button', 'Acknowledge: Osłona ognioodporna').length &&
        !byRole<HTMLButtonElement>(precautions, 'button', 'Acknowledge: Osłona ognioodporna').disabled,
    );
    await click(el, byRole(precautions, 'button', 'Acknowledge: Osłona ognioodporna'));
    await waitUntil(() => allByRole(el, 'form', 'Sign on: PTW-0091').length, 'sign-on not offered after acknowledging');
    await waitUntil(() => view.permits[0]!.acknowledged.length === 2);
    expect(view.permits[0]!.log.map((e) => e.by)).to.deep.equal(['Jan Kowalski', 'Jan Kowalski']);

    const signOn = byRole(el, 'form', 'Sign on: PTW-0091');
    expect(byLabel(signOn, 'Your name').value, 'the name is remembered').to.equal('Jan Kowalski');
    await type(el, byLabel(signOn, 'Workers entering'), 'Jan Kowalski\nPiotr Nowak\n');
    const sent = oneEvent(el, 'amage-action-sent');
    await click(el, byRole(signOn, 'button', 'Sign on'));
    expect((await sent).detail.kind).to.equal('permit-sign-on');
    await waitUntil(() => allByRole(el, 'form', 'Sign off: PTW-0091').length, 'sign-off not offered');
    expect($$(el, '[part~="log"] li')).to.have.length(3);
    await expect(el).to.be.accessible();
  });

  it('for a suspended or expired permit, offers no sign-on and says why', async () => {
    view.permits[0]!.state = 'suspended';
    view.permits[0]!.stateReason = 'Alarm gazowy';
    api = server();
    const el = await mount();
    expect($(el, '.notice')!.textContent).to.equal('This permit is suspended: sign-on is not possible. (Alarm gazowy)');
    expect($(el, '[part~="sign-on-form"]')).to.equal(null);
    view.permits[0]!.state = 'active';
    view.permits[0]!.validTo = new Date(Date.parse(WO_NOW) - 60_000).toISOString();
    el.remove();
    const again = await fixture<AmagePermitLog>(html`<amage-permit-log token=${SESSION} lang="pl"></amage-permit-log>`);
    await loaded(again);
    expect($(again, '.notice')!.textContent).to.equal('To zezwolenie wygasło: wpisanie nie jest możliwe.');
  });
});

describe('<amage-permit-log> at any time of day', () => {
  let api: Api;
  let restore = () => {};
  afterEach(() => {
    api?.restore();
    restore();
    localStorage.clear();
    sessionStorage.clear();
  });

  // The fixtures' permit is valid 06:00–14:00 UTC on 2027-01-10.
  const notice = {
    '00:30': 'This permit is not valid yet: sign-on is not possible.',
    '11:59': undefined,
    '23:30': 'This permit has expired: sign-on is not possible.',
  };
  for (const time of TIMES_OF_DAY) {
    it(`at ${time} UTC, ${notice[time] ? 'says why nobody may sign on' : 'offers the sign-on'}`, async () => {
      restore = fixClock(`2027-01-10T${time}:00Z`);
      const view = workOrderView();
      // Every precaution acknowledged: only the time decides.
      view.permits[0]!.acknowledged = [0, 1];
      view.permits[0]!.log = [0, 1].map((precaution) => ({
        kind: 'precaution-acknowledged' as const,
        precaution,
        by: 'Jan Kowalski',
        at: '2027-01-10T06:10:00Z',
      }));
      api = fakeApi(workOrderRoutes(() => view));
      const el = await fixture<AmagePermitLog>(html`<amage-permit-log token=${SESSION} lang="en"></amage-permit-log>`);
      await loaded(el);
      await waitUntil(() => $(el, notice[time] ? '.notice.danger' : '[part~="sign-on-form"]'), `not shown at ${time}`);
      expect($(el, '.notice.danger')?.textContent).to.equal(notice[time]);
      expect(Boolean($(el, '[part~="sign-on-form"]'))).to.equal(!notice[time]);
    });
  }
});
