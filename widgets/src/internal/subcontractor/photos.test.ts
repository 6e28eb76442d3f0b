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
import { Outbox } from './outbox.js';
import { WO_NOW, WO_REF, workOrderRoutes, workOrderView } from './test/fixtures.js';
import { clockFixedAt } from '../test/clock.js';
import { takePhoto, uploaded, uploads } from './test/photos.js';

type Api = ReturnType<typeof fakeApi>;
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const type = (input: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input'));
};

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
    Outbox.for(WO_REF).refusals = [];
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
    await waitUntil(() => $(el, '#valve-photos'), 'photo field not shown');
    const picker = $(el, '#valve-photos')!;
    expect(picker.getAttribute('capture')).to.equal('environment');
    expect(picker.getAttribute('accept')).to.equal('image/*');
    expect($(el, '#valve-photos-note')!.textContent).to.contain('need a connection');

    // Without a photo: asked for one at the field.
    $<HTMLButtonElement>(el, 'form[data-item="valve"] button[type="submit"]')!.click();
    await waitUntil(() => $(el, '#valve-photos-err'));
    expect($(el, '#valve-photos-err')!.textContent).to.equal('This item needs a photo.');

    // While the photo uploads, the answer waits and says why; nothing is sent.
    files.hold();
    await takePhoto(el, '#valve-photos', 'valve.png');
    await waitUntil(() => picker.shadowRoot!.querySelector('.item--uploading'), 'upload not started');
    $<HTMLButtonElement>(el, 'form[data-item="valve"] button[type="submit"]')!.click();
    await waitUntil(
      () => $(el, '#valve-photos-err')?.textContent?.includes('Wait until the photos are uploaded'),
      'no waiting message',
    );
    expect(answers).to.have.length(0);
    await expect(el).to.be.accessible();

    files.release();
    await uploaded(picker);
    setTimeout(() => $<HTMLButtonElement>(el, 'form[data-item="valve"] button[type="submit"]')!.click());
    await oneEvent(el, 'amage-action-sent');
    expect(answers[0]!.attachments).to.deep.equal([files.stored[0]!.id]);
  });

  it('a photo chosen for an answer is kept in the draft across a reload', async () => {
    const files = uploads();
    api = fakeApi({ ...workOrderRoutes(() => view), 'POST /attachments': files.route });
    const first = await fixture<AmageInspection>(
      html`<amage-inspection token=${SESSION} lang="en"></amage-inspection>`,
    );
    await waitUntil(() => $(first, '#valve-photos'));
    await uploaded(await takePhoto(first, '#valve-photos', 'valve.png'));
    first.remove();
    const again = await fixture<AmageInspection>(
      html`<amage-inspection token=${SESSION} lang="en"></amage-inspection>`,
    );
    await waitUntil(() => $(again, '#valve-photos'));
    const picker = $(again, '#valve-photos') as unknown as { attachments: { id: string }[] };
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
    await waitUntil(() => $(el, '#log-photos'), 'no work-log photo field');
    expect(api.calls.filter((c) => c.path === '/attachments')).to.have.length(0);
    await uploaded(await takePhoto(el, '#log-photos', 'work.png'));
    type($<HTMLInputElement>(el, '#log-durationMinutes')!, '30');
    type($<HTMLTextAreaElement>(el, '#log-workers')!, 'Jan');
    await el.updateComplete;
    setTimeout(() => $<HTMLButtonElement>(el, '[part~="log-form"] button[type="submit"]')!.click());
    await oneEvent(el, 'amage-action-sent');
    expect(logs[0]!.attachments).to.deep.equal([files.stored[0]!.id]);

    await uploaded(await takePhoto(el, '#finding-photos', 'crack.png'));
    type($<HTMLTextAreaElement>(el, '#finding-what')!, 'Pęknięta osłona');
    type($<HTMLInputElement>(el, '#finding-where')!, 'Agregat');
    await el.updateComplete;
    setTimeout(() => $<HTMLButtonElement>(el, '[part~="finding-form"] button[type="submit"]')!.click());
    await oneEvent(el, 'amage-action-sent');
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
    await waitUntil(() => $(el, '#loto-photo'), 'no lock photo field');
    expect($(el, '#loto-photo')!.getAttribute('max-files')).to.equal('1');
    await uploaded(await takePhoto(el, '#loto-photo', 'lock-E1.png'));
    type($<HTMLInputElement>(el, '#loto-by')!, 'Jan Kowalski');
    type($<HTMLInputElement>(el, '#loto-lockNumber')!, 'K-17');
    await el.updateComplete;
    setTimeout(() => $<HTMLButtonElement>(el, '[part~="confirm-button"]')!.click());
    await oneEvent(el, 'amage-action-sent');
    expect(steps[0]).to.include({ step: 'lock-applied', lockNumber: 'K-17', attachment: files.stored[0]!.id });
  });
});
