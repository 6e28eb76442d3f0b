import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../internal/test/wait.js';
import type { PermitLogEntry, WorkOrderView } from '@amage/contracts';
import './amage-permit-log.js';
import type AmagePermitLog from './permit-log.component.js';
import { SESSION, fakeApi, json } from '../../internal/test/fake-api.js';
import { Outbox } from '../../internal/subcontractor/outbox.js';
import { WO_NOW, WO_REF, workOrderRoutes, workOrderView } from '../../internal/subcontractor/test/fixtures.js';
import { TIMES_OF_DAY, clockFixedAt, fixClock } from '../../internal/test/clock.js';

type Api = ReturnType<typeof fakeApi>;
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const loaded = (el: AmagePermitLog) => waitUntil(() => $(el, '[part~="permit"]'), 'permit not shown');
const type = (input: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input'));
};

// The widgets' date rules (a permit's validity) see the time of the fixtures' work order.
clockFixedAt(WO_NOW);

describe('<amage-permit-log>', () => {
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
    const el = await fixture<AmagePermitLog>(html`<amage-permit-log token=${SESSION} lang="en"></amage-permit-log>`);
    await loaded(el);
    expect($(el, 'h3')!.textContent).to.contain('Hot work');
    expect($(el, '[part~="sign-on-form"]')).to.equal(null);
    await expect(el).to.be.accessible();

    // No name yet: the name field says so.
    $$(el, '.precautions button')[0]!.click();
    await el.updateComplete;
    expect($(el, '#by')!.getAttribute('aria-invalid')).to.equal('true');
    type($<HTMLInputElement>(el, '#by')!, 'Jan Kowalski');
    for (const button of $$(el, '.precautions button')) button.click();
    await waitUntil(() => $(el, '[part~="sign-on-form"]'), 'sign-on not offered after acknowledging');
    await waitUntil(() => view.permits[0]!.acknowledged.length === 2);

    type($<HTMLTextAreaElement>(el, '#PTW-0091-workers')!, 'Jan Kowalski\nPiotr Nowak\n');
    setTimeout(() => $<HTMLButtonElement>(el, '[part~="sign-on-form"] button')!.click());
    const sent = await oneEvent(el, 'amage-action-sent');
    expect(sent.detail.kind).to.equal('permit-sign-on');
    await waitUntil(() => $(el, '[part~="sign-off-form"]'), 'sign-off not offered');
    expect($$(el, '[part~="log"] li')).to.have.length(3);
    await expect(el).to.be.accessible();
  });

  it('for a suspended or expired permit, offers no sign-on and says why', async () => {
    view.permits[0]!.state = 'suspended';
    view.permits[0]!.stateReason = 'Alarm gazowy';
    api = server();
    const el = await fixture<AmagePermitLog>(html`<amage-permit-log token=${SESSION} lang="en"></amage-permit-log>`);
    await loaded(el);
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
    api.restore();
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
