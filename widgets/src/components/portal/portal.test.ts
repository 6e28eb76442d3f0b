import { SubjectType } from '@amage/contracts';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../internal/test/wait.js';
import './amage-portal.js';
import type AmagePortal from './portal.component.js';
import { widgetsBySubject } from './widget-registry.js';
import {
  LINK,
  SESSION,
  SESSION_2,
  fakeApi,
  jobRoutes,
  json,
  problem,
  sessionInfo,
  sessionToken,
} from '../../internal/test/fake-api.js';

type Api = ReturnType<typeof fakeApi>;

const shadow = (el: Element) => el.shadowRoot!;
const child = (el: AmagePortal) => shadow(el).querySelector('amage-work-progress');
const childLoaded = (el: AmagePortal) =>
  waitUntil(() => child(el)?.shadowRoot?.querySelector('[part~="title"]'), 'work progress not shown');

describe('<amage-portal>', () => {
  let api: Api;

  afterEach(() => {
    api.restore();
    sessionStorage.clear();
    document.documentElement.lang = 'en';
  });

  it('for a job link, shows <amage-work-progress> with the session token (never the link), the job and the language', async () => {
    api = fakeApi(jobRoutes());
    const el = await fixture<AmagePortal>(html`<amage-portal token=${LINK} lang="pl"></amage-portal>`);
    await childLoaded(el);
    const widget = child(el)!;
    expect(widget.getAttribute('token')).to.equal(SESSION);
    expect(widget.getAttribute('job')).to.equal('JOB-2026-0107');
    expect(widget.getAttribute('lang')).to.equal('pl');
    expect(
      api.calls.filter((c) => c.authorization === `Bearer ${LINK}`).map((c) => `${c.method} ${c.path}`),
    ).to.deep.equal(['GET /session', 'POST /sessions']);
    await expect(el).to.be.accessible();
  });

  it('asks GET /session with the session token before choosing the widget', async () => {
    api = fakeApi(jobRoutes());
    const el = await fixture<AmagePortal>(html`<amage-portal token=${LINK}></amage-portal>`);
    await childLoaded(el);
    const sessionCalls = api.calls.filter((c) => c.path === '/session');
    expect(sessionCalls.at(-1)!.authorization).to.equal(`Bearer ${SESSION}`);
  });

  // From the contracts' schema, so a subject type added there is opened here too (or this fails).
  for (const type of SubjectType.anyOf.map((literal) => literal.const)) {
    it(`for a ${type} link, shows that subject's widget with the session token and the ref`, async () => {
      const subject = { type, ref: `REF-${type}` };
      api = fakeApi({
        'POST /sessions': () => json(201, sessionToken(SESSION, 600_000, subject)),
        'GET /session': () => json(200, sessionInfo({ subject, actions: [] })),
      });
      const el = await fixture<AmagePortal>(html`<amage-portal token=${LINK} lang="en"></amage-portal>`);
      // :defined: the widget's module was loaded and registered its element.
      await waitUntil(() => shadow(el).querySelector('[part~="base"] > :defined'), `no widget for ${type}`);
      const widget = shadow(el).querySelector('[part~="base"] > :defined')!;
      expect(widget.localName).to.match(/^amage-/);
      expect(widget.getAttribute('token')).to.equal(SESSION);
      expect([...widget.attributes].map((a) => a.value)).to.include(subject.ref);
      expect(widgetsBySubject[type], type).to.exist;
    });
  }

  it('for a subject type this version does not know (a newer server), says the link cannot be opened here', async () => {
    const type = 'inventory-count' as SubjectType;
    const subject = { type, ref: 'X-1' };
    api = fakeApi({
      ...jobRoutes(),
      'POST /sessions': () => json(201, sessionToken(SESSION, 600_000, subject)),
      'GET /session': () => json(200, sessionInfo({ subject, actions: [] })),
    });
    const el = await fixture<AmagePortal>(html`<amage-portal token=${LINK} lang="en"></amage-portal>`);
    await waitUntil(() => shadow(el).textContent!.includes('cannot be opened here yet'));
    expect(child(el)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('when the element sets no language, speaks the link recipient’s locale, even over the page’s', async () => {
    document.documentElement.lang = 'en';
    api = fakeApi(jobRoutes());
    const el = await fixture<AmagePortal>(html`<amage-portal token=${LINK}></amage-portal>`);
    await childLoaded(el);
    expect(child(el)!.getAttribute('lang')).to.equal('pl');
  });

  it('when hosted, names the page with an <h1> in every state: the link, then what it is about with its number', async () => {
    api = fakeApi(jobRoutes());
    const el = await fixture<AmagePortal>(html`<amage-portal hosted token=${LINK} lang="en"></amage-portal>`);
    const heading = () => shadow(el).querySelector('h1')?.textContent?.trim();
    expect(heading()).to.equal('Your link');
    await childLoaded(el);
    await waitUntil(() => heading() === 'Job ZL/2026/0107', `heading: ${heading()}`);
    await expect(el).to.be.accessible();
  });

  it('when hosted and the link is used up, then the heading names the subject the server revealed, with the dead end below', async () => {
    api = fakeApi({
      'GET /session': () =>
        problem(401, 'token.used_up', { subject: { type: 'work-order', number: 'WO/2026/0311' }, renewable: false }),
    });
    const el = await fixture<AmagePortal>(html`<amage-portal hosted token=${LINK} lang="pl"></amage-portal>`);
    await waitUntil(() => shadow(el).querySelector('[part~="dead-end-subject"]'));
    expect(shadow(el).querySelector('h1')!.textContent!.trim()).to.equal('Zlecenie pracy WO/2026/0311');
    await expect(el).to.be.accessible();
  });

  it('when the shown widget meets a revoked link, then the portal shows the dead end once, as a banner above the kept widget', async () => {
    let revoked = false;
    api = fakeApi({
      ...jobRoutes(),
      'GET /session': (request, call) =>
        revoked
          ? problem(401, 'token.revoked', { subject: { type: 'job' } })
          : jobRoutes()['GET /session']!(request, call),
    });
    const el = await fixture<AmagePortal>(html`<amage-portal token=${LINK} lang="en"></amage-portal>`);
    await childLoaded(el);
    revoked = true;
    child(el)!.dispatchEvent(
      new CustomEvent('amage-load-error', {
        bubbles: true,
        composed: true,
        detail: { code: 'token.revoked', status: 401 },
      }),
    );
    await waitUntil(() => shadow(el).querySelector('[part~="dead-end-banner"]'), 'no banner');
    expect(child(el), 'the widget stays').to.exist;
    expect(child(el)!.shadowRoot!.querySelector('[part~="dead-end-banner"]')).to.equal(null);
  });

  it('refreshes the session and hands the new token to the widget without reloading it', async () => {
    api = fakeApi({ ...jobRoutes(), 'POST /sessions': () => json(201, sessionToken(SESSION, 150)) });
    const el = await fixture<AmagePortal>(html`<amage-portal token=${LINK}></amage-portal>`);
    await childLoaded(el);
    const jobLoads = () => api.calls.filter((c) => c.path.startsWith('/jobs/') && !c.path.endsWith('/stream')).length;
    expect(jobLoads()).to.equal(1);
    await waitUntil(() => child(el)!.getAttribute('token') === SESSION_2, 'new token not handed down');
    await child(el)!.updateComplete;
    expect(jobLoads()).to.equal(1);
    await (child(el) as HTMLElementTagNameMap['amage-work-progress']).refresh();
    expect(api.calls.at(-1)!.authorization).to.equal(`Bearer ${SESSION_2}`);
  });

  it('when the link expired, offers a new link', async () => {
    api = fakeApi({ 'GET /session': () => problem(401, 'token.expired', { renewable: true, recipient: 'j***@x.pl' }) });
    const el = await fixture<AmagePortal>(html`<amage-portal token=${LINK} lang="en"></amage-portal>`);
    await waitUntil(() => shadow(el).querySelector('[part~="renew-button"]'));
    expect(shadow(el).querySelector('[role="alert"]')!.textContent).to.equal('This link has expired.');
  });
});

describe('<amage-portal> for supplier links', () => {
  let api: Api;
  afterEach(() => {
    api.restore();
    sessionStorage.clear();
  });

  for (const [type, ref, tag] of [
    ['purchase-order', 'PO-2026-0042', 'amage-delivery-form'],
    ['complaint', 'CMP-2026-0009', 'amage-complaint'],
  ] as const) {
    it(`for a ${type} link, shows <${tag}> for the subject`, async () => {
      const subject = { type, ref };
      api = fakeApi({
        'POST /sessions': () => json(201, sessionToken(SESSION, 600_000, subject)),
        'GET /session': () => json(200, sessionInfo({ subject, actions: [] })),
      });
      const el = await fixture<AmagePortal>(html`<amage-portal token=${LINK} lang="en"></amage-portal>`);
      await waitUntil(() => shadow(el).querySelector(tag), `${tag} not shown`);
      const widget = shadow(el).querySelector(tag)!;
      expect(widget.getAttribute(type === 'complaint' ? 'complaint' : 'order')).to.equal(ref);
      expect(widget.getAttribute('token')).to.equal(SESSION);
    });
  }
});
