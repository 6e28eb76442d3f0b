import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../test/wait.js';
import type { WorkOrderView } from '@amage/contracts';
import '../../components/inspection/amage-inspection.js';
import type AmageInspection from '../../components/inspection/inspection.component.js';
import { LINK, SESSION, SESSION_2, fakeApi, json, problem, sessionInfo } from '../test/fake-api.js';
import { byRole, click } from '../test/queries.js';
import { ALL_ACTIONS, WO_NOW, WO_REF, workOrderRoutes, workOrderView } from './test/fixtures.js';
import { clockFixedAt } from '../test/clock.js';

type Api = ReturnType<typeof fakeApi>;
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const subject = { type: 'work-order' as const, ref: WO_REF };

// The widgets' date rules (a permit's validity) see the time of the fixtures' work order.
clockFixedAt(WO_NOW);

describe('the outbox and a session that ran out while offline', () => {
  let api: Api;
  let view: WorkOrderView;

  beforeEach(() => {
    view = workOrderView();
  });
  afterEach(() => {
    api.restore();
    localStorage.clear();
    sessionStorage.clear();
  });

  it('offline longer than the session lives, then online: the session is refreshed and the queue is sent with the new token', async () => {
    let online = true;
    const expiresAt = () => new Date(Date.now() + 5_400).toISOString(); // "expired" to the widget within half a second
    const puts: (string | null)[] = [];
    api = fakeApi({
      ...workOrderRoutes(() => view),
      'GET /session': () =>
        json(200, sessionInfo({ subject, actions: ALL_ACTIONS, tokenKind: 'link', remainingUses: null })),
      // The phone sleeps offline: its refresh timer (an hour away) never fires before the session ran out.
      'POST /sessions': () =>
        json(201, {
          token: SESSION,
          expiresAt: expiresAt(),
          refreshAt: new Date(Date.now() + 3_600_000).toISOString(),
          subject,
          actions: ALL_ACTIONS,
        }),
      'POST /sessions/refresh': (_request, call) => {
        if (!online) throw new TypeError('Failed to fetch');
        expect(call.authorization).to.equal(`Bearer ${SESSION}`); // within the server's grace
        return json(201, {
          token: SESSION_2,
          expiresAt: new Date(Date.now() + 900_000).toISOString(),
          refreshAt: new Date(Date.now() + 720_000).toISOString(),
          subject,
          actions: ALL_ACTIONS,
        });
      },
      [`PUT /work-orders/${WO_REF}/inspections/main/answers/leak`]: (_request, call) => {
        if (!online) throw new TypeError('Failed to fetch');
        puts.push(call.authorization);
        if (call.authorization !== `Bearer ${SESSION_2}`) return problem(401, 'session.expired');
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
    const el = await fixture<AmageInspection>(html`<amage-inspection token=${LINK} lang="en"></amage-inspection>`);
    await waitUntil(() => $(el, 'form[data-item="leak"]'), 'inspection not shown');

    online = false;
    const leak = byRole(el, 'form', 'Brak wycieków');
    await click(el, byRole(leak, 'radio', 'Pass'));
    await click(el, byRole(leak, 'button', /^Save answer/));
    await waitUntil(() => $(el, '[part~="outbox"]')!.textContent!.includes('1 entry waiting to send.'), 'not queued');
    // Offline past the session's end.
    await new Promise((resolve) => setTimeout(resolve, 600));

    online = true;
    setTimeout(() => window.dispatchEvent(new Event('online')));
    const sent = await oneEvent(el, 'amage-action-sent');
    expect(sent.detail.kind).to.equal('answer');
    expect(puts.at(-1)).to.equal(`Bearer ${SESSION_2}`);
    expect(api.calls.filter((c) => c.path === '/sessions/refresh')).to.have.length(1);
    await waitUntil(
      () => leak.querySelector('[part~="form-status"]')!.textContent!.includes('Saved'),
      'answer not shown as saved',
    );
    expect(JSON.parse(localStorage.getItem(`amage-portals:work-order:${WO_REF}:outbox`)!)).to.deep.equal([]);
  });
});
