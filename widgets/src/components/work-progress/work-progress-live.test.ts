import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../internal/test/wait.js';
import type { JobView } from '@amage/contracts';
import './amage-work-progress.js';
import type AmageWorkProgress from './work-progress.component.js';
import {
  LINK,
  fakeApi,
  jobRoutes,
  jobView,
  json,
  problem,
  sessionToken,
  type Route,
} from '../../internal/test/fake-api.js';
import { runFormWidgetTests } from '../../internal/test/form-widget-tests.js';
import { allByRole, byLabel, byRole, click, errorOf, type } from '../../internal/test/queries.js';

type Api = ReturnType<typeof fakeApi>;

const shadow = (el: Element) => el.shadowRoot!;
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => shadow(el).querySelector<T>(selector);
const loaded = (el: AmageWorkProgress) => waitUntil(() => $(el, '[part~="title"]'), 'job not shown');

const full = (overrides: Partial<JobView> = {}): JobView => ({
  ...jobView(),
  progress: [],
  inspections: [],
  documents: [],
  ...overrides,
});

/** A stubbed `GET /jobs/{ref}/stream`: an SSE body the test writes to. */
function sseStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
  });
  const encoder = new TextEncoder();
  return {
    route: (() =>
      new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } })) as Route,
    send: (event: string, data: unknown) =>
      controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
    comment: () => controller.enqueue(encoder.encode(': heartbeat\n\n')),
  };
}

const approveRoutes = (job: JobView, extra: Record<string, Route> = {}): Record<string, Route> => ({
  ...jobRoutes(job),
  'POST /sessions': () => json(201, { ...sessionToken(), actions: ['job:read', 'job:approve'] }),
  ...extra,
});

const approval = (overrides: Record<string, unknown> = {}) => ({
  id: 'b0000000-0000-4000-8000-000000000001',
  jobRef: 'JOB-2026-0107',
  decision: 'approve-quote',
  name: 'Ewa',
  signed: false,
  createdAt: '2026-12-02T12:00:00Z',
  ...overrides,
});
const mountDecisions = async (lang = 'en') => {
  const el = await fixture<AmageWorkProgress>(
    html`<amage-work-progress token=${LINK} no-live lang=${lang}></amage-work-progress>`,
  );
  await loaded(el);
  return el;
};
const decisionForm = (el: Element) => byRole(el, 'form', 'Your decision');
const press = (el: AmageWorkProgress, form: HTMLElement, name: string | RegExp) =>
  click(el, allByRole(form, 'button', name).find((b) => (b as HTMLButtonElement).type === 'submit')!);
const draw = (canvas: HTMLCanvasElement) => {
  const box = canvas.getBoundingClientRect();
  const at = (t: string, x: number, y: number) =>
    canvas.dispatchEvent(
      new PointerEvent(t, { bubbles: true, pointerId: 1, clientX: box.left + x, clientY: box.top + y }),
    );
  at('pointerdown', 10, 10);
  at('pointermove', 60, 40);
  at('pointermove', 120, 20);
  at('pointerup', 120, 20);
};

describe('<amage-work-progress> live and decisions', () => {
  let api: Api;

  runFormWidgetTests('amage-work-progress', {
    routes: () => approveRoutes(full({ status: 'completed' })),
    closedRoutes: () =>
      approveRoutes(
        full({
          status: 'completed',
          acceptance: { decision: 'accept-work', name: 'Ewa Nowak', at: '2026-12-02T12:00:00Z' },
          rating: { score: 5, at: '2026-12-02T12:00:00Z' },
        }),
      ),
    mount: () => mountDecisions(),
    write: 'POST /jobs/JOB-2026-0107/approvals',
    accepted: () => approval({ decision: 'accept-work' }),
    kind: 'accept-work',
    form: decisionForm,
    fill: async (el, form) => {
      await type(el, byLabel(form, 'Your name'), 'Ewa Nowak');
      await type(el, byLabel(form, 'Remarks'), 'Drzwi szafy porysowane');
    },
    required: 'Your name',
    submit: 'Accept the work',
    serverError: {
      pointer: '/comment',
      keyword: 'maxLength',
      label: 'Remarks',
      message: 'Use at most 4000 characters.',
    },
    typed: 'Drzwi szafy porysowane',
  });

  afterEach(() => {
    api?.restore();
    sessionStorage.clear();
    localStorage.clear();
    document.documentElement.lang = 'en';
  });

  it('when a progress event arrives over the stream, then it shows without a reload, is announced, and amage-job-updated fires', async () => {
    const stream = sseStream();
    api = fakeApi({ ...jobRoutes(full()), 'GET /jobs/JOB-2026-0107/stream': stream.route });
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${LINK} lang="en"></amage-work-progress>`,
    );
    await loaded(el);
    await waitUntil(() => $(el, '[part~="live"]')?.classList.contains('live--stream'), 'stream not open');
    const streamCall = api.calls.find((c) => c.path === '/jobs/JOB-2026-0107/stream')!;
    expect(streamCall.authorization).to.match(/^Bearer amgs_/);
    stream.comment();
    const updated = oneEvent(el, 'amage-job-updated');
    stream.send(
      'job',
      full({
        status: 'in-progress',
        percentComplete: 80,
        updatedAt: '2026-12-02T12:00:00Z',
        progress: [
          {
            id: 'p1',
            type: 'technician-on-site',
            at: '2026-12-02T11:59:00Z',
            text: 'Marek na miejscu',
            attachments: [],
          },
        ],
      }),
    );
    expect((await updated).detail).to.deep.equal({ ref: 'JOB-2026-0107', status: 'in-progress', via: 'stream' });
    await el.updateComplete;
    expect($(el, '[role="progressbar"]')!.getAttribute('aria-valuenow')).to.equal('80');
    expect($(el, '[part~="event"]')!.textContent)
      .to.contain('The technician is on site')
      .and.contain('Marek na miejscu');
    expect($(el, '[aria-live="polite"]')!.textContent).to.contain('Updated: The technician is on site');
    const jobLoads = api.calls.filter((c) => c.path === '/jobs/JOB-2026-0107').length;
    expect(jobLoads).to.equal(1);
  });

  it('when the browser goes offline, then the badge says Offline (not live); back online, the stream opens again and it says Live', async () => {
    const openStream = (() =>
      new Response(new ReadableStream<Uint8Array>(), {
        status: 200,
        headers: { 'content-type': 'text/event-stream; charset=utf-8' },
      })) as Route;
    api = fakeApi({ ...jobRoutes(full()), 'GET /jobs/JOB-2026-0107/stream': openStream });
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${LINK} lang="en"></amage-work-progress>`,
    );
    await loaded(el);
    await waitUntil(() => $(el, '[part~="live"]')?.classList.contains('live--stream'), 'stream not open');
    expect($(el, '[part~="live"]')!.textContent).to.contain('Live');
    window.dispatchEvent(new Event('offline'));
    await waitUntil(() => $(el, '[part~="live"]')?.classList.contains('live--offline'), 'still says live');
    expect($(el, '[part~="live"]')!.textContent).to.contain('Offline').and.not.contain('Live');
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => $(el, '[part~="live"]')?.classList.contains('live--stream'), 'stream not back');
    expect(api.calls.filter((c) => c.path === '/jobs/JOB-2026-0107/stream').length).to.equal(2);
  });

  it('when the job is completed, then it shows when it finished and no expected completion', async () => {
    api = fakeApi(
      jobRoutes(
        full({
          status: 'completed',
          actualStart: '2026-12-01T08:00:00Z',
          actualEnd: '2026-12-03T15:00:00Z',
          estimatedCompletion: '2026-12-03T16:00:00Z',
        }),
      ),
    );
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${LINK} lang="en" no-live></amage-work-progress>`,
    );
    await loaded(el);
    const facts = $(el, '[part~="facts"]')!.textContent!;
    expect(facts).to.contain('Finished').and.not.contain('Expected completion');
    expect(facts).to.contain(
      new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date('2026-12-03T15:00:00Z'),
      ),
    );
  });

  it('when the stream cannot be opened, then it falls back to polling and shows what polling finds', async () => {
    let title = 'Before';
    api = fakeApi({
      ...jobRoutes(),
      'GET /jobs/JOB-2026-0107': () =>
        json(200, full({ title, updatedAt: title === 'Before' ? '2026-12-02T10:00:00Z' : '2026-12-02T11:00:00Z' })),
      'GET /jobs/JOB-2026-0107/stream': () => problem(503, 'unavailable'),
    });
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${LINK} poll-interval="5"></amage-work-progress>`,
    );
    await loaded(el);
    await waitUntil(() => $(el, '[part~="live"]')?.classList.contains('live--poll'), 'no polling fallback');
    title = 'After';
    const updated = oneEvent(el, 'amage-job-updated');
    await waitUntil(() => $(el, 'h2')!.textContent === 'After', 'poll did not show the change');
    expect((await updated).detail.via).to.equal('poll');
  });

  it('shows progress events, inspection results per asset and documents, and opens a file with the token', async () => {
    const report = {
      id: 'a0000000-0000-4000-8000-000000000001',
      filename: 'raport-SK2.pdf',
      contentType: 'application/pdf',
      size: 20480,
    };
    const photo = {
      id: 'a0000000-0000-4000-8000-000000000002',
      filename: 'lozysko.jpg',
      contentType: 'image/jpeg',
      size: 4096,
    };
    const job = full({
      progress: [
        {
          id: '1',
          type: 'finding',
          severity: 'major',
          text: 'Zużyte łożysko',
          at: '2026-12-02T09:00:00Z',
          attachments: [photo],
        },
        {
          id: '2',
          type: 'inspection-result',
          at: '2026-12-02T11:00:00Z',
          inspection: { assetRef: 'A-100', assetName: 'Sprężarka SK-2', result: 'pass', report },
          attachments: [],
        },
      ],
      inspections: [
        { assetRef: 'A-100', assetName: 'Sprężarka SK-2', result: 'pass', report, at: '2026-12-02T11:00:00Z' },
      ],
      documents: [report, photo],
    });
    let downloaded: string | null = null;
    api = fakeApi({
      ...jobRoutes(job),
      [`GET /attachments/${report.id}`]: (_r, call) => {
        downloaded = call.authorization;
        return new Response(new Blob(['%PDF-1.4']), { status: 200, headers: { 'content-type': 'application/pdf' } });
      },
    });
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${LINK} no-live></amage-work-progress>`,
    );
    await loaded(el);
    const events = [...shadow(el).querySelectorAll('[part~="event"]')].map((e) => e.textContent!.replace(/\s+/g, ' '));
    expect(events[0]).to.contain('Inspection result').and.contain('Sprężarka SK-2: Passed');
    expect(events.some((e) => e.includes('Finding') && e.includes('(major)') && e.includes('Zużyte łożysko'))).to.equal(
      true,
    );
    expect($(el, '[part~="inspections"]')!.textContent).to.contain('Sprężarka SK-2').and.contain('Passed');
    expect(
      [...shadow(el).querySelectorAll('[part~="documents"] button')].map((b) => b.getAttribute('aria-label')),
    ).to.deep.equal(['Open raport-SK2.pdf', 'Open lozysko.jpg']);
    const opened: string[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      opened.push(this.href);
    };
    try {
      $<HTMLButtonElement>(el, '[part~="documents"] button')!.click();
      await waitUntil(() => opened.length === 1);
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    expect(opened[0]).to.match(/^blob:/);
    expect(downloaded).to.match(/^Bearer amgs_/);
    expect(api.calls.some((c) => c.path.endsWith('/stream'))).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('without job:approve, offers no decisions', async () => {
    api = fakeApi(jobRoutes(full({ status: 'completed', quotes: [{ ref: 'Q-1', title: 'Extra', state: 'pending' }] })));
    const el = await mountDecisions();
    expect($(el, '[part~="decisions"]')).to.equal(null);
  });

  it('with job:approve, a pending quote is approved with a comment under the typed name; then it shows as decided', async () => {
    let body: unknown;
    let key: string | null = null;
    api = fakeApi(
      approveRoutes(
        full({ quotes: [{ ref: 'Q-1', title: 'Wymiana łożyska', amount: 1850, currency: 'PLN', state: 'pending' }] }),
        {
          'POST /jobs/JOB-2026-0107/approvals': async (request, call) => {
            body = await request.json();
            key = call.idempotencyKey;
            return json(201, approval());
          },
        },
      ),
    );
    const el = await mountDecisions();
    await expect(el).to.be.accessible();
    const quote = byRole(el, 'group', 'Quote or extra work: Wymiana łożyska');
    expect(quote.textContent).to.contain('PLN');
    await press(el, decisionForm(el), 'Approve: Wymiana łożyska');
    await waitUntil(() => errorOf(byLabel(decisionForm(el), 'Your name')));
    expect(errorOf(byLabel(decisionForm(el), 'Your name'))).to.equal('Fill this in.');
    await type(el, byLabel(decisionForm(el), 'Your name'), 'Ewa Nowak');
    await type(el, byLabel(quote, 'Comment (optional)'), 'OK, proszę wykonać');
    const decided = oneEvent(el, 'amage-job-decided');
    await press(el, decisionForm(el), 'Approve: Wymiana łożyska');
    expect((await decided).detail).to.deep.equal({
      ref: 'JOB-2026-0107',
      decision: 'approve-quote',
      id: approval().id,
    });
    expect(body).to.deep.equal({
      decision: 'approve-quote',
      name: 'Ewa Nowak',
      quoteRef: 'Q-1',
      comment: 'OK, proszę wykonać',
    });
    expect(key).to.match(/^[0-9a-f-]{36}$/);
    await el.updateComplete;
    expect(shadow(el).textContent).to.contain('Quote or extra work: Wymiana łożyska — Approved');
    expect(shadow(el).textContent).to.contain('Thank you, your answer was sent.');
  });

  it('with job:approve on a completed job, the work is accepted with a signature drawn on the canvas', async () => {
    let body: Record<string, unknown> | undefined;
    let job = full({ status: 'completed' });
    api = fakeApi(
      approveRoutes(job, {
        'GET /jobs/JOB-2026-0107': () => json(200, job),
        'POST /jobs/JOB-2026-0107/approvals': async (request) => {
          body = await request.json();
          job = { ...job, acceptance: { decision: 'accept-work', name: 'Ewa Nowak', at: '2026-12-02T12:00:00Z' } };
          return json(201, approval({ decision: 'accept-work', signed: true }));
        },
      }),
    );
    const el = await mountDecisions();
    const canvas = $<HTMLCanvasElement>(el, 'canvas[part~="signature"]')!;
    expect(canvas.getAttribute('role')).to.equal('img');
    // A person types the name first, then signs: typing does not wipe the drawing, nor does signing the name.
    await type(el, byLabel(decisionForm(el), 'Your name'), 'Ewa Nowak');
    draw(canvas);
    await el.updateComplete;
    expect($<HTMLCanvasElement>(el, 'canvas[part~="signature"]')).to.equal(canvas);
    await press(el, decisionForm(el), 'Accept the work');
    await waitUntil(() => body);
    expect(body).to.include({ decision: 'accept-work', name: 'Ewa Nowak' });
    expect(body!.signature as string).to.match(/^data:image\/png;base64,/);
    expect((body!.signature as string).length).to.be.below(200_000);
    await waitUntil(() => shadow(el).textContent!.includes('Accepted by Ewa Nowak'));
    expect(allByRole(el, 'form', 'Your decision')).to.have.length(0);
  });

  it('keyboard alternative: the typed name alone accepts; reporting a problem needs remarks', async () => {
    const bodies: Record<string, unknown>[] = [];
    api = fakeApi(
      approveRoutes(full({ status: 'completed' }), {
        'POST /jobs/JOB-2026-0107/approvals': async (request) => {
          bodies.push(await request.json());
          return json(201, approval({ decision: 'report-problem' }));
        },
      }),
    );
    const el = await mountDecisions();
    await type(el, byLabel(decisionForm(el), 'Your name'), 'Ewa Nowak');
    await press(el, decisionForm(el), 'Report a problem');
    const remarks = byLabel(decisionForm(el), 'Remarks');
    await waitUntil(() => errorOf(remarks));
    expect(errorOf(remarks)).to.equal('Describe what is still wrong.');
    expect(bodies).to.have.length(0);
    await type(el, remarks, 'Sprężarka nadal głośna');
    await press(el, decisionForm(el), 'Report a problem');
    await waitUntil(() => bodies.length === 1);
    expect(bodies[0]).to.deep.equal({
      decision: 'report-problem',
      name: 'Ewa Nowak',
      comment: 'Sprężarka nadal głośna',
    });
  });

  it('fires the cancelable amage-submit before a decision is sent, and preventDefault() stops it (no POST)', async () => {
    let posts = 0;
    api = fakeApi(
      approveRoutes(full({ quotes: [{ ref: 'Q-1', title: 'Wymiana łożyska', state: 'pending' }] }), {
        'POST /jobs/JOB-2026-0107/approvals': () => {
          posts += 1;
          return json(201, approval({ decision: 'reject-quote' }));
        },
      }),
    );
    const el = await mountDecisions();
    const seen: { detail: unknown; cancelable: boolean; composed: boolean }[] = [];
    el.addEventListener('amage-submit', (e) => {
      seen.push({ detail: e.detail, cancelable: e.cancelable, composed: e.composed });
      e.preventDefault();
    });
    let decided = 0;
    el.addEventListener('amage-job-decided', () => (decided += 1));
    el.addEventListener('amage-submitted', () => (decided += 1));
    // Not yet valid (no name): no amage-submit.
    await press(el, decisionForm(el), 'Reject: Wymiana łożyska');
    expect(seen).to.have.length(0);
    await type(el, byLabel(decisionForm(el), 'Your name'), 'Ewa Nowak');
    await press(el, decisionForm(el), 'Reject: Wymiana łożyska');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).to.deep.equal([
      { detail: { kind: 'reject-quote', ref: 'JOB-2026-0107' }, cancelable: true, composed: true },
    ]);
    expect(posts).to.equal(0);
    expect(decided).to.equal(0);
    expect(allByRole(el, 'alert')).to.have.length(0);
  });

  it('amage-submitted carries kind and id of each decision (quote, acceptance, rating), before amage-job-decided', async () => {
    api = fakeApi(
      approveRoutes(
        full({ status: 'completed', quotes: [{ ref: 'Q-1', title: 'Wymiana łożyska', state: 'pending' }] }),
        {
          'POST /jobs/JOB-2026-0107/approvals': async (request) => {
            const { decision } = (await request.json()) as { decision: string };
            const id =
              decision === 'approve-quote'
                ? 'b0000000-0000-4000-8000-000000000011'
                : 'b0000000-0000-4000-8000-000000000012';
            return json(201, approval({ id, decision }));
          },
          'POST /jobs/JOB-2026-0107/ratings': () =>
            json(201, {
              id: 'c0000000-0000-4000-8000-000000000013',
              jobRef: 'JOB-2026-0107',
              score: 5,
              createdAt: '2026-12-02T12:00:00Z',
            }),
        },
      ),
    );
    const el = await mountDecisions();
    const order: string[] = [];
    const submitted: unknown[] = [];
    el.addEventListener('amage-submit', (e) => order.push(`submit:${e.detail.kind}`));
    el.addEventListener('amage-submitted', (e) => {
      order.push(`submitted:${e.detail.kind}`);
      submitted.push(e.detail);
    });
    el.addEventListener('amage-job-decided', (e) => order.push(`decided:${e.detail.decision}`));
    await type(el, byLabel(decisionForm(el), 'Your name'), 'Ewa Nowak');
    await press(el, decisionForm(el), 'Approve: Wymiana łożyska');
    await waitUntil(() => submitted.length === 1, 'quote not submitted');
    await el.updateComplete;
    expect(byLabel(decisionForm(el), 'Your name').value, 'the name stays for the next decision').to.equal('Ewa Nowak');
    await press(el, decisionForm(el), 'Accept the work');
    await waitUntil(() => submitted.length === 2, 'acceptance not submitted');
    const rating = byRole(el, 'form', 'Rate the service');
    await click(el, byRole(rating, 'radio', '5 stars'));
    await press(el, rating, 'Send rating');
    await waitUntil(() => submitted.length === 3, 'rating not submitted');
    expect(submitted).to.deep.equal([
      { subjectType: 'job', ref: 'JOB-2026-0107', kind: 'approve-quote', id: 'b0000000-0000-4000-8000-000000000011' },
      { subjectType: 'job', ref: 'JOB-2026-0107', kind: 'accept-work', id: 'b0000000-0000-4000-8000-000000000012' },
      { subjectType: 'job', ref: 'JOB-2026-0107', kind: 'rating', id: 'c0000000-0000-4000-8000-000000000013' },
    ]);
    await waitUntil(() => order.length === 9);
    expect(order).to.deep.equal([
      'submit:approve-quote',
      'submitted:approve-quote',
      'decided:approve-quote',
      'submit:accept-work',
      'submitted:accept-work',
      'decided:accept-work',
      'submit:rating',
      'submitted:rating',
      'decided:rate',
    ]);
  });

  it('rates the service 1–5 with radio buttons; a 500 keeps it waiting, and it goes by itself with the same Idempotency-Key', async () => {
    const keys: (string | null)[] = [];
    let attempt = 0;
    api = fakeApi(
      approveRoutes(full({ status: 'completed' }), {
        'POST /jobs/JOB-2026-0107/ratings': async (_request, call) => {
          keys.push(call.idempotencyKey);
          attempt += 1;
          if (attempt === 1) return problem(500, 'internal');
          return json(201, {
            id: 'c0000000-0000-4000-8000-000000000001',
            jobRef: 'JOB-2026-0107',
            score: 4,
            createdAt: '2026-12-02T12:00:00Z',
          });
        },
      }),
    );
    const el = await mountDecisions();
    const rating = byRole(el, 'form', 'Rate the service');
    await press(el, rating, 'Send rating');
    const score = byLabel(rating, 'Your rating');
    await waitUntil(() => errorOf(score));
    expect(errorOf(score)).to.contain('1 to 5');
    expect(allByRole(rating, 'radio')).to.have.length(5);
    await click(el, byRole(rating, 'radio', '4 stars'));
    await press(el, rating, 'Send rating');
    await waitUntil(() => rating.textContent!.includes('Saved on this device'), 'not waiting');
    const decided = oneEvent(el, 'amage-job-decided');
    window.dispatchEvent(new Event('online'));
    expect((await decided).detail.decision).to.equal('rate');
    expect(keys).to.have.length(2);
    expect(new Set(keys).size).to.equal(1);
  });

  it('keeps what was typed in every decision form (name, quote comment, remarks, rating) across a reload', async () => {
    api = fakeApi(
      approveRoutes(
        full({ status: 'completed', quotes: [{ ref: 'Q-1', title: 'Wymiana łożyska', state: 'pending' }] }),
      ),
    );
    const first = await mountDecisions();
    await type(first, byLabel(decisionForm(first), 'Your name'), 'Ewa Nowak');
    await type(first, byLabel(decisionForm(first), 'Comment (optional)'), 'Proszę o termin');
    await type(first, byLabel(decisionForm(first), 'Remarks'), 'Drzwi szafy porysowane');
    const rating = byRole(first, 'form', 'Rate the service');
    await click(first, byRole(rating, 'radio', '4 stars'));
    await type(first, byLabel(rating, 'What went well, what could be better? (optional)'), 'Szybko i czysto');
    first.remove();

    const el = await mountDecisions();
    await el.updateComplete;
    expect(byLabel(decisionForm(el), 'Your name').value).to.equal('Ewa Nowak');
    expect(byLabel(decisionForm(el), 'Comment (optional)').value).to.equal('Proszę o termin');
    expect(byLabel(decisionForm(el), 'Remarks').value).to.equal('Drzwi szafy porysowane');
    const again = byRole(el, 'form', 'Rate the service');
    expect(allByRole(again, 'radio').map((r) => (r as HTMLInputElement).checked)).to.deep.equal([
      false,
      false,
      false,
      true,
      false,
    ]);
    expect(byLabel(again, 'What went well, what could be better? (optional)').value).to.equal('Szybko i czysto');
  });

  it('clears the draft of a decision once it is sent, and keeps a waiting one with its Idempotency-Key across a reload', async () => {
    const keys: (string | null)[] = [];
    let fail = true;
    api = fakeApi(
      approveRoutes(full({ status: 'completed' }), {
        'POST /jobs/JOB-2026-0107/approvals': async (_request, call) => {
          keys.push(call.idempotencyKey);
          if (fail) return problem(503, 'internal');
          return json(201, approval({ id: 'b0000000-0000-4000-8000-000000000004', decision: 'report-problem' }));
        },
      }),
    );
    const first = await mountDecisions();
    await type(first, byLabel(decisionForm(first), 'Your name'), 'Ewa Nowak');
    await type(first, byLabel(decisionForm(first), 'Remarks'), 'Nadal cieknie');
    await press(first, decisionForm(first), 'Report a problem');
    await waitUntil(() => decisionForm(first).textContent!.includes('Saved on this device'), 'not waiting');
    first.remove();

    fail = false;
    const decided = new Promise((resolve) => document.addEventListener('amage-job-decided', resolve, { once: true }));
    const el = await mountDecisions();
    await decided;
    expect(new Set(keys).size, 'the queued write goes after the reload with the same key').to.equal(1);
    expect(keys).to.have.length(2);
    await el.updateComplete;
    expect(Object.keys(localStorage).filter((k) => k.includes(':decision'))).to.deep.equal([]);
  });

  it('fits a 320 px wide container with the decisions shown (quote, acceptance with signature, rating), without horizontal scrolling', async () => {
    api = fakeApi(
      approveRoutes(
        full({
          status: 'completed',
          title: 'Przegląd roczny sprężarek śrubowych w hali produkcyjnej numer 2',
          quotes: [
            {
              ref: 'Q-0107-1',
              title: 'Wymiana łożyska silnika SK-2 (praca dodatkowa)',
              description: 'Łożysko 6310-2RS1 z montażem i wyważeniem wirnika',
              amount: 1850,
              currency: 'PLN',
              state: 'pending',
            },
          ],
          documents: [
            {
              id: 'd0000000-0000-4000-8000-000000000001',
              filename: 'Protokol_przegladu_sprezarki_SK-2_2026-12-03_final.pdf',
              contentType: 'application/pdf',
              size: 182_000,
            },
          ],
        }),
      ),
    );
    for (const lang of ['en', 'pl']) {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="width: 320px"><amage-work-progress token=${LINK} no-live lang=${lang}></amage-work-progress></div>`,
      );
      const el = wrapper.querySelector<AmageWorkProgress>('amage-work-progress')!;
      await loaded(el);
      await el.updateComplete;
      expect($(el, '[part~="decisions"]'), 'decisions shown').to.exist;
      expect($(el, 'canvas[part~="signature"]'), 'signature shown').to.exist;
      expect($(el, '.rating'), 'rating shown').to.exist;
      const base = $<HTMLElement>(el, '[part~="base"]')!;
      expect(el.clientWidth, lang).to.be.at.most(320);
      expect(base.scrollWidth, `${lang}: content ${base.scrollWidth}px in ${base.clientWidth}px`).to.be.at.most(
        base.clientWidth,
      );
      expect(el.scrollWidth, lang).to.be.at.most(el.clientWidth);
      for (const node of shadow(el).querySelectorAll<HTMLElement>('[part~="decisions"] *')) {
        expect(
          node.getBoundingClientRect().right,
          `${lang}: ${node.tagName}.${node.className} sticks out`,
        ).to.be.at.most(wrapper.getBoundingClientRect().right + 0.5);
      }
    }
  });

  it('when the quote was decided elsewhere (409 job.quote_already_decided), then says so and shows the job as it is now', async () => {
    let reads = 0;
    const pending = full({ quotes: [{ ref: 'Q-1', title: 'Wymiana łożyska', state: 'pending' }] });
    api = fakeApi(
      approveRoutes(pending, {
        'GET /jobs/JOB-2026-0107': () => {
          reads += 1;
          return json(
            200,
            reads === 1
              ? pending
              : {
                  ...pending,
                  quotes: [{ ...pending.quotes![0]!, state: 'approved' }],
                  updatedAt: '2026-12-02T13:00:00Z',
                },
          );
        },
        'POST /jobs/JOB-2026-0107/approvals': () => problem(409, 'job.quote_already_decided'),
      }),
    );
    const el = await mountDecisions();
    await type(el, byLabel(decisionForm(el), 'Your name'), 'Ewa Nowak');
    await press(el, decisionForm(el), 'Approve: Wymiana łożyska');
    await waitUntil(() => !$(el, '.quote'), 'the decided quote is still offered');
    expect(byRole(el, 'alert').textContent).to.contain('no longer waits for your decision');
    expect(shadow(el).textContent).to.contain('Wymiana łożyska');
  });

  it('speaks Polish in the new parts', async () => {
    api = fakeApi(
      approveRoutes(
        full({
          status: 'completed',
          progress: [{ id: '1', type: 'technician-on-the-way', at: '2026-12-02T09:00:00Z', attachments: [] }],
          inspections: [{ assetRef: 'A-100', result: 'fail', at: '2026-12-02T09:00:00Z' }],
        }),
      ),
    );
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${LINK} lang="pl" no-live></amage-work-progress>`,
    );
    await loaded(el);
    expect(shadow(el).textContent)
      .to.contain('Technik jest w drodze')
      .and.contain('Negatywny')
      .and.contain('Odbiór prac')
      .and.contain('Oceń usługę');
    await expect(el).to.be.accessible();
  });
});
