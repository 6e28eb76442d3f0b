import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../test/wait.js';
import type {
  CreateFindingBody,
  CreateWorkLogBody,
  InspectionAnswerBody,
  LotoStepBody,
  WorkOrderView,
} from '@amage/contracts';
import '../../components/work-order/amage-work-order.js';
import '../../components/inspection/amage-inspection.js';
import '../../components/loto-procedure/amage-loto-procedure.js';
import type AmageWorkOrder from '../../components/work-order/work-order.component.js';
import type AmageInspection from '../../components/inspection/inspection.component.js';
import type AmageLotoProcedure from '../../components/loto-procedure/loto-procedure.component.js';
import { SESSION, fakeApi, json } from '../test/fake-api.js';
import { byLabel, byRole, click, errorOf, type as typeIn } from '../test/queries.js';
import { WO_NOW, WO_REF, workOrderRoutes, workOrderView } from './test/fixtures.js';
import { clockFixedAt } from '../test/clock.js';
import { pickerIn, takePhoto, uploaded, uploads } from './test/photos.js';

type Api = ReturnType<typeof fakeApi>;
const pickerError = (picker: Element) => errorOf(picker.shadowRoot!.querySelector('input[type="file"]')!);
const press = (host: { updateComplete: Promise<unknown> }, form: HTMLElement, name: string | RegExp) =>
  click(host, byRole(form, 'button', name));

// The widgets' date rules (a permit's validity) see the time of the fixtures' work order.
clockFixedAt(WO_NOW);

describe('photos in the subcontractor widgets', () => {
  let api: Api;
  let view: WorkOrderView;

  beforeEach(() => {
    view = workOrderView();
    view.checklists[0]!.items.push({ key: 'valve', text: 'Zdjęcie nowego zaworu', type: 'photo' });
  });
  afterEach(() => {
    api.restore();
    localStorage.clear();
    sessionStorage.clear();
  });

  it('a photo-required item takes a photo with the rear camera, waits while it uploads (saying so), then saves the answer with its id', async () => {
    const files = uploads();
    const answers: InspectionAnswerBody[] = [];
    api = fakeApi({
      ...workOrderRoutes(() => view),
      'POST /attachments': files.route,
      [`PUT /work-orders/${WO_REF}/inspections/main/answers/valve`]: async (request) => {
        const body = (await request.json()) as InspectionAnswerBody;
        answers.push(body);
        return json(200, {
          itemKey: 'valve',
          outOfLimits: false,
          attachments: files.stored,
          answeredAt: body.answeredAt,
        });
      },
    });
    const el = await fixture<AmageInspection>(html`<amage-inspection token=${SESSION} lang="en"></amage-inspection>`);
    await waitUntil(
      () => el.shadowRoot!.querySelector('form[data-item="valve"] amage-file-picker'),
      'photo field not shown',
    );
    const form = byRole(el, 'form', 'Zdjęcie nowego zaworu');
    const picker = pickerIn(form);
    expect(picker.getAttribute('capture')).to.equal('environment');
    expect(picker.getAttribute('accept')).to.equal('image/*');
    expect(form.textContent).to.contain('need a connection');

    // Without a photo: asked for one at the field.
    await press(el, form, /^Save answer/);
    await waitUntil(() => pickerError(picker));
    expect(pickerError(picker)).to.equal('This item needs a photo.');

    // While the photo uploads, the answer waits and says why; nothing is sent.
    files.hold();
    await takePhoto(form, 'valve.png');
    await waitUntil(() => picker.shadowRoot!.querySelector('.item--uploading'), 'upload not started');
    await press(el, form, /^Save answer/);
    await waitUntil(() => pickerError(picker).includes('Wait until the photos are uploaded'), 'no waiting message');
    expect(answers).to.have.length(0);
    await expect(el).to.be.accessible();

    files.release();
    await uploaded(picker);
    const sent = oneEvent(el, 'amage-action-sent');
    await press(el, form, /^Save answer/);
    await sent;
    expect(answers[0]!.attachments).to.deep.equal([files.stored[0]!.id]);
  });

  it('a photo chosen for an answer is kept in the draft across a reload', async () => {
    const files = uploads();
    api = fakeApi({ ...workOrderRoutes(() => view), 'POST /attachments': files.route });
    const first = await fixture<AmageInspection>(
      html`<amage-inspection token=${SESSION} lang="en"></amage-inspection>`,
    );
    await waitUntil(() => first.shadowRoot!.querySelector('form[data-item="valve"]'));
    await uploaded(await takePhoto(byRole(first, 'form', 'Zdjęcie nowego zaworu'), 'valve.png'));
    first.remove();
    const again = await fixture<AmageInspection>(
      html`<amage-inspection token=${SESSION} lang="en"></amage-inspection>`,
    );
    await waitUntil(() => again.shadowRoot!.querySelector('form[data-item="valve"]'));
    const picker = pickerIn(byRole(again, 'form', 'Zdjęcie nowego zaworu'));
    await waitUntil(() => picker.attachments.length === 1, 'photo not restored');
    expect(picker.attachments[0]!.id).to.equal(files.stored[0]!.id);
  });

  it('work logs and findings carry their photos (uploaded first, then the entry with the ids)', async () => {
    const files = uploads();
    const logs: CreateWorkLogBody[] = [];
    const findings: CreateFindingBody[] = [];
    api = fakeApi({
      ...workOrderRoutes(() => view),
      'POST /attachments': files.route,
      [`POST /work-orders/${WO_REF}/work-logs`]: async (request) => {
        logs.push(await request.json());
        return json(201, {
          id: crypto.randomUUID(),
          durationMinutes: 30,
          workers: ['Jan'],
          materials: [],
          attachments: [],
          createdAt: WO_NOW,
        });
      },
      [`POST /work-orders/${WO_REF}/findings`]: async (request) => {
        findings.push(await request.json());
        return json(201, {
          id: crypto.randomUUID(),
          what: 'x',
          where: 'y',
          urgency: 'high',
          attachments: [],
          createdAt: WO_NOW,
        });
      },
    });
    const el = await fixture<AmageWorkOrder>(html`<amage-work-order token=${SESSION} lang="en"></amage-work-order>`);
    await waitUntil(
      () => el.shadowRoot!.querySelector('[data-form="work-log"] amage-file-picker'),
      'no work-log photo field',
    );
    expect(api.calls.filter((c) => c.path === '/attachments')).to.have.length(0);
    const log = byRole(el, 'form', 'Log work');
    await uploaded(await takePhoto(log, 'work.png'));
    await typeIn(el, byLabel(log, 'or duration (minutes)'), '30');
    await typeIn(el, byLabel(log, 'Workers'), 'Jan');
    let sent = oneEvent(el, 'amage-action-sent');
    await press(el, log, 'Save work log');
    await sent;
    expect(logs[0]!.attachments).to.deep.equal([files.stored[0]!.id]);
    await el.updateComplete;
    expect(pickerIn(log).attachments, 'the next entry starts without the photo').to.deep.equal([]);

    const finding = byRole(el, 'form', 'Report a finding');
    await uploaded(await takePhoto(finding, 'crack.png'));
    await typeIn(el, byLabel(finding, 'What did you find?'), 'Pęknięta osłona');
    await typeIn(el, byLabel(finding, 'Where?'), 'Agregat');
    sent = oneEvent(el, 'amage-action-sent');
    await press(el, finding, 'Send finding');
    await sent;
    expect(findings[0]!.attachments).to.deep.equal([files.stored[1]!.id]);
    await expect(el).to.be.accessible();
  });

  it('the applied lock can have a photo (optional, one)', async () => {
    const files = uploads();
    const steps: LotoStepBody[] = [];
    api = fakeApi({
      ...workOrderRoutes(() => view),
      'POST /attachments': files.route,
      [`POST /work-orders/${WO_REF}/loto/steps`]: async (request) => {
        const body = (await request.json()) as LotoStepBody;
        steps.push(body);
        return json(201, {
          seq: 0,
          pointKey: body.pointKey,
          step: body.step,
          by: body.by,
          at: body.at,
          lockNumber: body.lockNumber,
        });
      },
    });
    const el = await fixture<AmageLotoProcedure>(
      html`<amage-loto-procedure token=${SESSION} lang="en"></amage-loto-procedure>`,
    );
    await waitUntil(
      () => el.shadowRoot!.querySelector('[data-form="loto-step"] amage-file-picker'),
      'no lock photo field',
    );
    const form = byRole(el, 'form', /^Confirm: Lock applied/);
    expect(pickerIn(form).getAttribute('max-files')).to.equal('1');
    await uploaded(await takePhoto(form, 'lock-E1.png'));
    await typeIn(el, byLabel(form, 'Your name'), 'Jan Kowalski');
    await typeIn(el, byLabel(form, 'Lock number'), 'K-17');
    const sent = oneEvent(el, 'amage-action-sent');
    await press(el, form, /^Confirm/);
    await sent;
    expect(steps[0]).to.include({ step: 'lock-applied', lockNumber: 'K-17', attachment: files.stored[0]!.id });
  });
});
