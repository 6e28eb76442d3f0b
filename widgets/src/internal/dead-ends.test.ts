import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './test/wait.js';
import '../components/work-progress/amage-work-progress.js';
import '../components/portal/amage-portal.js';
import type AmageWorkProgress from '../components/work-progress/work-progress.component.js';
import type AmagePortal from '../components/portal/portal.component.js';
import {
  LINK,
  SESSION,
  fakeApi,
  jobRoutes,
  jobView,
  json,
  problem,
  sessionInfo,
  sessionToken,
} from './test/fake-api.js';

type Api = ReturnType<typeof fakeApi>;

const shadow = (el: Element) => el.shadowRoot!;
const part = (el: Element, name: string) => shadow(el).querySelector(`[part~="${name}"]`);
const loaded = (el: Element) => waitUntil(() => part(el, 'title'), 'job not shown');
const SECRET = `amgc_${'C'.repeat(43)}`;
const continuationKeys = () => Object.keys(localStorage).filter((k) => k.startsWith('amage-portals:continuation:'));

describe('dead ends', () => {
  let api: Api;
  afterEach(() => {
    api.restore();
    sessionStorage.clear();
    localStorage.clear();
    document.documentElement.lang = 'en';
  });

  it('when a used-up link is opened, then the panel names what it was for, offers a new link to the masked recipient, and the contact', async () => {
    api = fakeApi({
      'GET /session': () =>
        problem(401, 'token.used_up', {
          renewable: true,
          recipient: 'j***@browar.example',
          subject: { type: 'work-order', number: 'WO/2026/0311' },
          contact: { name: 'Anna Kowalska', email: 'a.kowalska@plant.example', phone: '+48 32 000 00 00' },
        }),
    });
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await waitUntil(() => part(el, 'dead-end-subject'));
    expect(part(el, 'dead-end-subject')!.textContent!.trim()).to.equal('Work order WO/2026/0311');
    expect(part(el, 'renew-button')).to.exist;
    const contact = part(el, 'dead-end-contact')!;
    expect(contact.textContent).to.contain('Anna Kowalska');
    expect(contact.querySelector('a[href="mailto:a.kowalska@plant.example"]')).to.exist;
    expect(contact.querySelector('a[href="tel:+48320000000"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('when a revoked link says only its kind, then the panel names the kind, in the element’s language', async () => {
    api = fakeApi({ 'GET /session': () => problem(401, 'token.revoked', { subject: { type: 'job' } }) });
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${LINK} lang="pl"></amage-work-progress>`,
    );
    await waitUntil(() => part(el, 'dead-end-subject'));
    expect(part(el, 'dead-end-subject')!.textContent!.trim()).to.equal('Zlecenie');
    expect(part(el, 'dead-end-contact')).to.equal(null);
  });

  it('when the link is revoked mid-way, then a banner says so above the content, which stays', async () => {
    let revoked = false;
    api = fakeApi({
      ...jobRoutes(),
      'GET /jobs/JOB-2026-0107': (request, call) =>
        revoked
          ? problem(401, 'token.revoked', { subject: { type: 'job' } })
          : jobRoutes()['GET /jobs/JOB-2026-0107']!(request, call),
    });
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${SESSION} job="JOB-2026-0107"></amage-work-progress>`,
    );
    await loaded(el);
    revoked = true;
    void (el as unknown as { refresh(): Promise<void> }).refresh?.();
    await waitUntil(() => part(el, 'dead-end-banner'), 'no banner');
    expect(part(el, 'dead-end-banner')!.textContent).to.contain('withdrawn');
    expect(part(el, 'title'), 'the content stays').to.exist;
    await expect(el).to.be.accessible();
  });

  it('when origin.not_allowed is answered, then it says the link may not be used on this website, not a connection fault', async () => {
    api = fakeApi({ 'GET /session': () => problem(403, 'origin.not_allowed') });
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await waitUntil(() => shadow(el).querySelector('[role="alert"]'));
    const text = shadow(el).querySelector('[role="alert"]')!.textContent!;
    expect(text).to.equal('This link may not be used on this website.');
    expect(text).not.to.contain('connection');
  });
});

describe('one-time link continuation', () => {
  let api: Api;
  afterEach(() => {
    api.restore();
    sessionStorage.clear();
    localStorage.clear();
  });

  const oneTimeRoutes = (continuation: () => Response) => ({
    ...jobRoutes(),
    'GET /session': (_request: Request, call: { authorization: string | null }) =>
      call.authorization?.includes('amgs_')
        ? json(200, sessionInfo())
        : problem(401, 'token.used_up', { renewable: true, recipient: 'j***@x.pl' }),
    'POST /sessions/continuations': continuation,
  });

  it('before a one-time link is spent, the gate says the tab must stay open and only this device continues', async () => {
    api = fakeApi({
      ...jobRoutes(),
      'GET /session': () => json(200, sessionInfo({ tokenKind: 'link', remainingUses: 1 })),
      'POST /sessions': () =>
        json(201, {
          ...sessionToken(),
          continuation: { secret: SECRET, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
        }),
    });
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await waitUntil(() => part(el, 'open-button'));
    expect(part(el, 'message')!.textContent).to.contain('Keep this tab open').and.contain('this device');
    (part(el, 'open-button') as HTMLButtonElement).click();
    await loaded(el);
    // Kept under a fingerprint of the link, never the link itself.
    expect(continuationKeys()).to.have.length(1);
    expect(continuationKeys()[0]).not.to.contain(LINK.slice(4));
    expect(localStorage.getItem(continuationKeys()[0]!)).to.contain(SECRET).and.not.contain(LINK);
  });

  /** Opens the one-time link through its gate on this device, then closes the tab (its sessionStorage goes). */
  async function startAndCloseTab() {
    api = fakeApi({
      ...jobRoutes(),
      'GET /session': () => json(200, sessionInfo({ tokenKind: 'link', remainingUses: 1 })),
      'POST /sessions': () =>
        json(201, {
          ...sessionToken(),
          continuation: { secret: SECRET, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
        }),
    });
    const started = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await waitUntil(() => part(started, 'open-button'));
    (part(started, 'open-button') as HTMLButtonElement).click();
    await loaded(started);
    started.remove();
    sessionStorage.clear();
    api.restore();
  }

  it('when the used link is reopened on this device (a new tab: no session in sessionStorage), then it continues with the secret', async () => {
    await startAndCloseTab();
    api = fakeApi(oneTimeRoutes(() => json(201, sessionToken())));
    const reopened = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(reopened);
    const continued = api.calls.find((c) => c.path === '/sessions/continuations')!;
    expect(continued.authorization).to.equal(`Bearer ${LINK}`);
    expect(continued.idempotencyKey).to.be.a('string');
    expect(api.calls.map((c) => c.path)).not.to.include('/sessions');
  });

  it('when the device has no secret (a fresh browser), then the used-up link ends in its dead end', async () => {
    api = fakeApi(oneTimeRoutes(() => json(201, sessionToken())));
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await waitUntil(() => shadow(el).querySelector('[role="alert"]'));
    expect(shadow(el).querySelector('[role="alert"]')!.textContent).to.contain('already been used');
    expect(api.calls.map((c) => c.path)).not.to.include('/sessions/continuations');
  });

  it('when the stored secret is refused, then it is dropped and the link answers as usual (used up)', async () => {
    await startAndCloseTab();
    api = fakeApi(oneTimeRoutes(() => problem(401, 'continuation.invalid')));
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await waitUntil(() => shadow(el).querySelector('[role="alert"]'));
    expect(shadow(el).querySelector('[role="alert"]')!.textContent).to.contain('already been used');
    expect(continuationKeys()).to.deep.equal([]);
  });
});

describe('language order', () => {
  let api: Api;
  afterEach(() => {
    api.restore();
    sessionStorage.clear();
    localStorage.clear();
    document.documentElement.lang = 'en';
  });

  const withLocale = (locale?: string) => ({
    ...jobRoutes(jobView({ percentComplete: 40 })),
    'POST /sessions': () => json(201, { ...sessionToken(), ...(locale ? { locale } : {}) }),
  });
  /** The language the element speaks, read from its progress bar's translated name. */
  const spoken = async (el: Element) => {
    await waitUntil(() => shadow(el).querySelector('[role="progressbar"]'), 'no progress bar');
    return shadow(el).querySelector('[role="progressbar"]')!.getAttribute('aria-label') === 'Postęp prac' ? 'pl' : 'en';
  };

  it("when the element sets no lang, then the recipient's locale on the link wins over the page's", async () => {
    api = fakeApi(withLocale('pl'));
    document.documentElement.lang = 'en';
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    expect(await spoken(el)).to.equal('pl');
  });

  it("when the element sets lang, then it wins over the recipient's locale", async () => {
    api = fakeApi(withLocale('pl'));
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${LINK} lang="en"></amage-work-progress>`,
    );
    expect(await spoken(el)).to.equal('en');
  });

  it('when the link has no locale, then the page’s lang applies, else the browser’s', async () => {
    api = fakeApi(withLocale());
    document.documentElement.lang = 'pl';
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    expect(await spoken(el)).to.equal('pl');
    el.remove();
    document.documentElement.removeAttribute('lang');
    const browser = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    expect(await spoken(browser)).to.equal(navigator.language.startsWith('pl') ? 'pl' : 'en');
  });

  it('on the hosted page, the language switch (Automatic/Polski/English/Deutsch) wins over the link and is remembered', async () => {
    api = fakeApi(withLocale('pl'));
    const el = await fixture<AmagePortal>(html`<amage-portal hosted token=${LINK}></amage-portal>`);
    await waitUntil(() => shadow(el).querySelector('amage-work-progress'));
    const child = shadow(el).querySelector('amage-work-progress');
    // Once the session is known, in the recipient's language.
    await waitUntil(() => part(el, 'language'));
    const select = part(el, 'language')!.querySelector('select');
    await waitUntil(() => select!.options[0]!.textContent!.trim() === 'Automatycznie');
    expect([...select!.options].map((o) => o.textContent!.trim())).to.deep.equal([
      'Automatycznie',
      'Polski',
      'English',
      'Deutsch',
    ]);
    expect(child!.getAttribute('lang')).to.equal('pl');
    select!.value = 'en';
    select!.dispatchEvent(new Event('change'));
    await waitUntil(() => child!.getAttribute('lang') === 'en');
    expect(localStorage.getItem('amage-portals:lang')).to.equal('en');
    el.remove();
    sessionStorage.clear();
    const again = await fixture<AmagePortal>(html`<amage-portal hosted token=${LINK}></amage-portal>`);
    await waitUntil(() => shadow(again).querySelector('amage-work-progress'));
    const next = shadow(again).querySelector('amage-work-progress');
    expect(next!.getAttribute('lang')).to.equal('en');
  });
});
