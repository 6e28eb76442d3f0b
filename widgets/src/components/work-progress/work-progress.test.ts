import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../internal/test/wait.js';
import './amage-work-progress.js';
import type AmageWorkProgress from './work-progress.component.js';
import { LINK, SESSION, deferred, fakeApi, jobRoutes, jobView, json, problem } from '../../internal/test/fake-api.js';

type Api = ReturnType<typeof fakeApi>;

const shadow = (el: Element) => el.shadowRoot!;
const text = (el: Element) => shadow(el).textContent!.replace(/\s+/g, ' ');
const loaded = (el: AmageWorkProgress) => waitUntil(() => shadow(el).querySelector('[part~="title"]'), 'job not shown');

describe('<amage-work-progress>', () => {
  let api: Api;

  afterEach(() => {
    api.restore();
    sessionStorage.clear();
    localStorage.clear();
    document.documentElement.lang = 'en';
  });

  it('is accessible once loaded', async () => {
    api = fakeApi(jobRoutes());
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(el);
    await expect(el).to.be.accessible();
  });

  it('when the answer is pending, then shows a loading status, then the job', async () => {
    const held = deferred<Response>();
    api = fakeApi({ ...jobRoutes(), 'GET /jobs/JOB-2026-0107': () => held.promise });
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await waitUntil(() => api.calls.some((c) => c.path.startsWith('/jobs/')));
    expect(shadow(el).querySelector('[role="status"]')!.textContent).to.contain('Loading');
    held.resolve(json(200, jobView()));
    await loaded(el);
    expect(shadow(el).querySelector('[role="status"]')).to.equal(null);
  });

  it('when loaded, then shows number, title, status, next step, dates, technician, stages and newest-first history', async () => {
    api = fakeApi(jobRoutes());
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${LINK} lang="en"></amage-work-progress>`,
    );
    await loaded(el);
    const root = shadow(el);
    expect(root.querySelector('[part~="number"]')!.textContent).to.contain('ZL/2026/0107');
    expect(root.querySelector('h2')!.textContent).to.equal('Przegląd roczny sprężarek');
    expect(root.querySelector('[part~="status"]')!.textContent).to.equal('In progress');
    expect(root.querySelector('[part~="next"]')!.textContent).to.equal('Now: Naprawa');
    expect(text(el)).to.contain('Marek').and.contain('Expected completion').and.contain('Planned');
    const stages = [...root.querySelectorAll('[part~="stage"]')];
    expect(stages.map((s) => s.className)).to.deep.equal([
      'stage stage--done',
      'stage stage--active',
      'stage stage--pending',
    ]);
    expect(stages[1]!.getAttribute('aria-current')).to.equal('step');
    const events = [...root.querySelectorAll('[part~="event"]')];
    expect(events[0]!.textContent).to.contain('Diagnoza zakończona');
    expect(events[0]!.querySelector('time')!.getAttribute('datetime')).to.equal('2026-12-02T10:00:00Z');
    expect(events[1]!.textContent).to.contain('Rozpoczęto prace');
  });

  it('shows a progressbar from percentComplete with value, range and a translated name', async () => {
    api = fakeApi(jobRoutes(jobView({ percentComplete: 40 })));
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${LINK} lang="pl"></amage-work-progress>`,
    );
    await loaded(el);
    const bar = shadow(el).querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).to.equal('40');
    expect(bar.getAttribute('aria-valuemin')).to.equal('0');
    expect(bar.getAttribute('aria-valuemax')).to.equal('100');
    expect(bar.getAttribute('aria-label')).to.equal('Postęp prac');
    expect(bar.getAttribute('aria-valuetext')).to.equal('Wykonano 40%');
  });

  it('without percentComplete, derives progress from done stages, skipping skipped ones', async () => {
    const stages = [
      { key: 'a', name: 'A', state: 'done' as const },
      { key: 'b', name: 'B', state: 'skipped' as const },
      { key: 'c', name: 'C', state: 'done' as const },
      { key: 'd', name: 'D', state: 'pending' as const },
    ];
    api = fakeApi(jobRoutes(jobView({ stages })));
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(el);
    expect(shadow(el).querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).to.equal('67');
    expect(shadow(el).querySelector('[part~="next"]')!.textContent).to.equal('Next: D');
  });

  it('when loaded, then fires amage-load with the job ref', async () => {
    api = fakeApi(jobRoutes());
    const el = document.createElement('amage-work-progress');
    el.token = LINK;
    const event = oneEvent(el, 'amage-load');
    document.body.append(el);
    const { detail, bubbles, composed } = await event;
    expect(detail).to.deep.equal({ subjectType: 'job', ref: 'JOB-2026-0107' });
    expect(bubbles && composed).to.equal(true);
    el.remove();
  });

  it('when the server fails, then fires amage-load-error, shows an error and retries on click', async () => {
    let fail = true;
    api = fakeApi({
      ...jobRoutes(),
      'GET /jobs/JOB-2026-0107': () => (fail ? problem(500, 'internal') : json(200, jobView())),
    });
    const el = document.createElement('amage-work-progress');
    el.token = LINK;
    const event = oneEvent(el, 'amage-load-error');
    document.body.append(el);
    expect((await event).detail).to.deep.equal({ code: 'internal', status: 500 });
    await waitUntil(() => shadow(el).querySelector('[role="alert"]'));
    expect(shadow(el).querySelector('[role="alert"]')!.textContent).to.contain('Something went wrong');
    fail = false;
    shadow(el).querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    await loaded(el);
    el.remove();
  });

  it('when the network is down, then says so and fires amage-load-error with code network', async () => {
    api = fakeApi({
      ...jobRoutes(),
      'GET /jobs/JOB-2026-0107': () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const el = document.createElement('amage-work-progress');
    el.token = SESSION;
    el.job = 'JOB-2026-0107';
    const event = oneEvent(el, 'amage-load-error');
    document.body.append(el);
    expect((await event).detail).to.deep.equal({ code: 'network', status: 0 });
    await waitUntil(() => shadow(el).querySelector('[role="alert"]'));
    expect(text(el)).to.contain('server could not be reached');
    el.remove();
  });

  it('follows its lang attribute and <html lang>, including regions and unknown languages', async () => {
    api = fakeApi(jobRoutes());
    document.documentElement.lang = 'pl-PL';
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(el);
    const status = () => shadow(el).querySelector('[part~="status"]')!.textContent;
    expect(status()).to.equal('W realizacji');
    document.documentElement.lang = 'en-GB';
    await waitUntil(() => status() === 'In progress', 'html lang change not followed');
    el.setAttribute('lang', 'pl');
    await waitUntil(() => status() === 'W realizacji', 'lang attribute not followed');
    el.setAttribute('lang', 'de');
    await waitUntil(() => status() === 'In progress', 'unknown language does not fall back to English');
  });

  it('formats dates with Intl for the language', async () => {
    api = fakeApi(jobRoutes());
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${LINK} lang="pl"></amage-work-progress>`,
    );
    await loaded(el);
    const expected = new Intl.DateTimeFormat('pl', { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date('2026-12-02T10:00:00Z'),
    );
    expect(shadow(el).querySelector('time')!.textContent).to.equal(expected);
  });

  it('with a job attribute, loads that job instead of the session subject', async () => {
    const other = jobView({ ref: 'JOB-OTHER', title: 'Other job' });
    api = fakeApi({ ...jobRoutes(), 'GET /jobs/JOB-OTHER': () => json(200, other) });
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${LINK} job="JOB-OTHER"></amage-work-progress>`,
    );
    await loaded(el);
    expect(shadow(el).querySelector('h2')!.textContent).to.equal('Other job');
  });

  it('with a session token and no job, asks GET /session for the subject', async () => {
    api = fakeApi(jobRoutes());
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${SESSION}></amage-work-progress>`);
    await loaded(el);
    expect(api.calls.filter((c) => !c.path.endsWith('/stream')).map((c) => `${c.method} ${c.path}`)).to.deep.equal([
      'GET /session',
      'GET /jobs/JOB-2026-0107',
    ]);
    expect(api.calls.every((c) => c.authorization === `Bearer ${SESSION}`)).to.equal(true);
  });

  it('refresh() loads again and shows the new data without a loading flash', async () => {
    let title = 'First';
    api = fakeApi({ ...jobRoutes(), 'GET /jobs/JOB-2026-0107': () => json(200, jobView({ title })) });
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(el);
    title = 'Second';
    const pending = el.refresh();
    await el.updateComplete;
    expect(shadow(el).querySelector('h2')!.textContent).to.equal('First');
    await pending;
    await el.updateComplete;
    expect(shadow(el).querySelector('h2')!.textContent).to.equal('Second');
  });

  it('fits a 320 px wide container without horizontal scrolling', async () => {
    api = fakeApi(jobRoutes(jobView({ title: 'Przegląd roczny sprężarek śrubowych w hali produkcyjnej numer 2' })));
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="width: 320px"><amage-work-progress token=${LINK}></amage-work-progress></div>`,
    );
    const el = wrapper.querySelector('amage-work-progress')!;
    await loaded(el);
    const base = shadow(el).querySelector<HTMLElement>('[part~="base"]')!;
    expect(base.scrollWidth).to.be.at.most(320);
    expect(el.getBoundingClientRect().width).to.be.at.most(320);
  });
});
