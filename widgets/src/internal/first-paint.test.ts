import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './test/wait.js';
import '../components/work-progress/amage-work-progress.js';
import { LINK, deferred, fakeApi, jobRoutes, jobView, json } from './test/fake-api.js';

type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean };

/** The layout shift (CLS-style sum) of everything on the page while `during` runs. */
async function layoutShift(during: () => Promise<void>): Promise<number> {
  let total = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Shift[]) if (!e.hadRecentInput) total += e.value;
  });
  observer.observe({ type: 'layout-shift' });
  await during();
  // Layout shifts are reported after the frame that made them.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100)));
  observer.disconnect();
  return total;
}

describe('first paint', () => {
  let api: ReturnType<typeof fakeApi>;
  afterEach(() => {
    api.restore();
    sessionStorage.clear();
  });

  it('draws the skeleton at once, before texts and data, and the content replaces it with no layout shift', async () => {
    const held = deferred<Response>();
    api = fakeApi({ ...jobRoutes(), 'GET /jobs/JOB-2026-0107': () => held.promise });
    const page = await fixture<HTMLElement>(html`<div style="width: 360px">
      <amage-work-progress token=${LINK}></amage-work-progress>
    </div>`);
    const el = page.querySelector('amage-work-progress')!;
    await el.updateComplete;
    // The first render: the skeleton, with nothing to read yet (its texts may still be on their way).
    const skeleton = el.shadowRoot!.querySelector('[part~="skeleton"]');
    expect(skeleton, 'skeleton on the first render').to.not.equal(null);
    expect(skeleton!.getBoundingClientRect().height).to.be.greaterThan(100);
    const shift = await layoutShift(async () => {
      held.resolve(json(200, jobView()));
      await waitUntil(() => el.shadowRoot!.querySelector('[part~="title"]'), 'job not shown');
    });
    expect(el.shadowRoot!.querySelector('[part~="skeleton"]')).to.equal(null);
    expect(shift).to.equal(0);
  });

  it('measures shifts: host text below moves when the content is taller than the skeleton', async () => {
    const held = deferred<Response>();
    api = fakeApi({ ...jobRoutes(), 'GET /jobs/JOB-2026-0107': () => held.promise });
    const page = await fixture<HTMLElement>(html`<div style="width: 360px">
      <amage-work-progress token=${LINK}></amage-work-progress>
      <p>The host's own text below the widget.</p>
    </div>`);
    const el = page.querySelector('amage-work-progress')!;
    await el.updateComplete;
    const shift = await layoutShift(async () => {
      held.resolve(json(200, jobView()));
      await waitUntil(() => el.shadowRoot!.querySelector('[part~="title"]'), 'job not shown');
    });
    // The skeleton is a card of a typical height; a host that minds reserves the widget's height
    // (docs/kit.md, "First paint").
    expect(shift).to.be.greaterThan(0);
  });
});
