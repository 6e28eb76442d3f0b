import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from './test/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import '../components/work-progress/amage-work-progress.js';
import type AmageWorkProgress from '../components/work-progress/work-progress.component.js';
import {
  LINK,
  SESSION,
  SESSION_2,
  fakeApi,
  jobRoutes,
  jobView,
  json,
  problem,
  sessionInfo,
  sessionToken,
} from './test/fake-api.js';
import { captureConsole } from './test/console-capture.js';

type Api = ReturnType<typeof fakeApi>;

const shadow = (el: Element) => el.shadowRoot!;
const loaded = (el: Element) => waitUntil(() => shadow(el).querySelector('[part~="title"]'), 'job not shown');
const alertText = async (el: Element) => {
  await waitUntil(() => shadow(el).querySelector('[role="alert"]'), 'no alert shown');
  return shadow(el).querySelector('[role="alert"]')!.textContent!.trim();
};
const storedValues = () => Object.keys(sessionStorage).map((k) => sessionStorage.getItem(k)!);
// The live stream (<amage-work-progress> follows the job over SSE) is left out: these tests are about access.
const calls = (api: Api) => api.calls.filter((c) => !c.path.endsWith('/stream')).map((c) => `${c.method} ${c.path}`);

describe('portal access (through <amage-work-progress>)', () => {
  let api: Api;
  const page = location.pathname;

  afterEach(() => {
    api.restore();
    sessionStorage.clear();
    history.replaceState(null, '', page);
  });

  it('when the page URL holds #token=, then exchanges it and removes it from the address bar, keeping other fragment parts', async () => {
    api = fakeApi(jobRoutes());
    history.replaceState(null, '', `${page}#token=${LINK}&tab=2`);
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress></amage-work-progress>`);
    expect(location.hash).to.equal('#tab=2');
    await loaded(el);
    expect(calls(api)).to.deep.equal(['GET /session', 'POST /sessions', 'GET /jobs/JOB-2026-0107']);
    expect(api.calls[1]!.authorization).to.equal(`Bearer ${LINK}`);
    expect(api.calls[1]!.idempotencyKey).to.match(/^[0-9a-f-]{36}$/);
    expect(api.calls[2]!.authorization).to.equal(`Bearer ${SESSION}`);
  });

  it('keeps the session (never the link) in sessionStorage, so a reload without the fragment still works', async () => {
    api = fakeApi(jobRoutes());
    history.replaceState(null, '', `${page}#token=${LINK}`);
    const first = await fixture<AmageWorkProgress>(html`<amage-work-progress></amage-work-progress>`);
    await loaded(first);
    expect(storedValues().join()).to.contain(SESSION).and.not.contain(LINK);
    first.remove();

    api.calls.length = 0;
    const reloaded = await fixture<AmageWorkProgress>(html`<amage-work-progress></amage-work-progress>`);
    await loaded(reloaded);
    expect(calls(api)).to.deep.equal(['GET /jobs/JOB-2026-0107']);
    expect(api.calls[0]!.authorization).to.equal(`Bearer ${SESSION}`);
  });

  it('when a different link is opened in the same tab, then starts a new session instead of reusing the stored one', async () => {
    api = fakeApi(jobRoutes());
    history.replaceState(null, '', `${page}#token=${LINK}`);
    (await fixture(html`<amage-work-progress></amage-work-progress>`)).remove();
    await waitUntil(() => storedValues().length === 1);
    api.calls.length = 0;
    history.replaceState(null, '', `${page}#token=amg_${'N'.repeat(43)}`);
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress></amage-work-progress>`);
    await loaded(el);
    expect(calls(api)).to.include('POST /sessions');
  });

  it('when starting a fragment link fails on the network, then Retry still has the link', async () => {
    let down = true;
    const routes = jobRoutes();
    api = fakeApi({
      ...routes,
      'POST /sessions': (r, c) => (down ? Promise.reject(new TypeError('offline')) : routes['POST /sessions']!(r, c)),
    });
    history.replaceState(null, '', `${page}#token=${LINK}`);
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress></amage-work-progress>`);
    expect(await alertText(el)).to.contain('server could not be reached');
    down = false;
    shadow(el).querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    await loaded(el);
  });

  it('reuses the stored session of a link given as attribute', async () => {
    api = fakeApi(jobRoutes());
    const first = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(first);
    first.remove();
    api.calls.length = 0;
    const again = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(again);
    expect(calls(api)).to.deep.equal(['GET /jobs/JOB-2026-0107']);
  });

  it('refreshes the session at refreshAt and uses and stores the new token', async () => {
    api = fakeApi({ ...jobRoutes(), 'POST /sessions': () => json(201, sessionToken(SESSION, 150)) });
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(el);
    await waitUntil(() => calls(api).includes('POST /sessions/refresh'), 'no refresh');
    const refresh = api.calls.find((c) => c.path === '/sessions/refresh')!;
    expect(refresh.authorization).to.equal(`Bearer ${SESSION}`);
    expect(refresh.idempotencyKey).to.be.a('string');
    await waitUntil(() => storedValues().join().includes(SESSION_2));
    await el.refresh();
    expect(api.calls.at(-1)!.authorization).to.equal(`Bearer ${SESSION_2}`);
  });

  it('when the stored session ran out (tab slept, phone offline), then refreshes it before loading, without a new session', async () => {
    api = fakeApi(jobRoutes());
    const first = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(first);
    first.remove();
    const [key] = Object.keys(sessionStorage);
    const stored = JSON.parse(sessionStorage.getItem(key!)!);
    const hourAgo = new Date(Date.now() - 60 * 60_000).toISOString();
    sessionStorage.setItem(key!, JSON.stringify({ ...stored, expiresAt: hourAgo, refreshAt: hourAgo }));
    api.calls.length = 0;
    const again = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(again);
    expect(calls(api)).to.deep.equal(['POST /sessions/refresh', 'GET /jobs/JOB-2026-0107']);
    expect(api.calls.at(-1)!.authorization).to.equal(`Bearer ${SESSION_2}`);
  });

  it('when a request finds the session ran out, then refreshes and loads again instead of ending access', async () => {
    let expiredOnce = true;
    api = fakeApi({
      ...jobRoutes(),
      'GET /jobs/JOB-2026-0107': (_r, call) => {
        if (call.authorization !== `Bearer ${SESSION}` || !expiredOnce) return json(200, jobView());
        expiredOnce = false;
        return problem(401, 'session.expired');
      },
    });
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(el);
    expect(calls(api)).to.include('POST /sessions/refresh');
    expect(storedValues().join()).to.include(SESSION_2);
  });

  it('when a refresh is retried, even after a reload, then it reuses its Idempotency-Key (a new key would end the session)', async () => {
    let attempts = 0;
    api = fakeApi({
      ...jobRoutes(),
      'POST /sessions': () => json(201, sessionToken(SESSION, 100)),
      'POST /sessions/refresh': () => {
        attempts += 1;
        return attempts < 2 ? problem(500, 'internal') : json(201, sessionToken(SESSION_2));
      },
    });
    const first = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(first);
    await waitUntil(() => attempts === 1, 'no refresh');
    first.remove();
    // Reload: the stored session still carries the key of the refresh that got no answer.
    const [key] = Object.keys(sessionStorage);
    const stored = JSON.parse(sessionStorage.getItem(key!)!);
    expect(stored.refreshKey).to.be.a('string');
    sessionStorage.setItem(key!, JSON.stringify({ ...stored, expiresAt: new Date(Date.now() - 1000).toISOString() }));
    const again = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(again);
    const refreshes = api.calls.filter((c) => c.path === '/sessions/refresh');
    expect(refreshes).to.have.length(2);
    expect(refreshes[1]!.idempotencyKey).to.equal(refreshes[0]!.idempotencyKey);
    expect(storedValues().join()).to.include(SESSION_2);
  });

  it('when the refresh answers 401, then shows the session as ended and fires amage-session-expired', async () => {
    api = fakeApi({
      ...jobRoutes(),
      'POST /sessions': () => json(201, sessionToken(SESSION, 100)),
      'POST /sessions/refresh': () => problem(401, 'session.expired'),
    });
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await loaded(el);
    const { detail } = await oneEvent(el, 'amage-session-expired');
    expect(detail).to.deep.equal({ renewable: false });
    expect(await alertText(el)).to.contain('Your session has ended');
    expect(storedValues()).to.deep.equal([]);
  });

  it('when a request answers 401 mid-use, then the access state takes over', async () => {
    api = fakeApi({ ...jobRoutes(), 'GET /jobs/JOB-2026-0107': () => problem(401, 'token.revoked') });
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${SESSION} job="JOB-2026-0107"></amage-work-progress>`,
    );
    expect(await alertText(el)).to.contain('withdrawn');
  });

  it('when the link has a use limit, then waits for a click before starting the session', async () => {
    api = fakeApi({
      ...jobRoutes(),
      'GET /session': () => json(200, sessionInfo({ tokenKind: 'link', remainingUses: 1 })),
    });
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await waitUntil(() => shadow(el).querySelector('[part~="open-button"]'));
    await expect(el).to.be.accessible();
    expect(calls(api)).to.deep.equal(['GET /session']);
    shadow(el).querySelector<HTMLButtonElement>('[part~="open-button"]')!.click();
    await loaded(el);
    expect(calls(api)).to.include('POST /sessions');
  });

  it('when the link expired, then offers a new link, sends it on click and shows where it went', async () => {
    api = fakeApi({
      'GET /session': () => problem(401, 'token.expired', { renewable: true, recipient: 'j***@x.pl' }),
      'POST /link-renewals': () => json(202, { recipient: 'j***@x.pl', requestedAt: new Date().toISOString() }),
    });
    const el = document.createElement('amage-work-progress');
    el.token = LINK;
    const expired = oneEvent(el, 'amage-session-expired');
    document.body.append(el);
    expect((await expired).detail).to.deep.equal({ renewable: true });
    expect(await alertText(el)).to.equal('This link has expired.');
    await expect(el).to.be.accessible();

    const renewed = oneEvent(el, 'amage-link-renewal-requested');
    shadow(el).querySelector<HTMLButtonElement>('[part~="renew-button"]')!.click();
    expect((await renewed).detail).to.deep.equal({ recipient: 'j***@x.pl' });
    await el.updateComplete;
    const renewal = api.calls.find((c) => c.path === '/link-renewals')!;
    expect(renewal.authorization).to.equal(`Bearer ${LINK}`);
    expect(renewal.idempotencyKey).to.be.a('string');
    expect(shadow(el).querySelector('[role="status"]')!.textContent).to.contain(
      'A new link has been sent to j***@x.pl.',
    );
    expect(shadow(el).querySelector('[part~="renew-button"]')).to.equal(null);
    el.remove();
  });

  it('the renewal works from the keyboard: Tab to the button, Enter to send', async () => {
    api = fakeApi({
      'GET /session': () => problem(401, 'token.expired', { renewable: true, recipient: 'j***@x.pl' }),
      'POST /link-renewals': () => json(202, { recipient: 'j***@x.pl', requestedAt: new Date().toISOString() }),
    });
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    await waitUntil(() => shadow(el).querySelector('[part~="renew-button"]'));
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement).to.equal(shadow(el).querySelector('[part~="renew-button"]'));
    const renewed = oneEvent(el, 'amage-link-renewal-requested');
    await sendKeys({ press: 'Enter' });
    await renewed;
  });

  for (const [code, message] of [
    ['token.revoked', 'This link has been withdrawn'],
    ['token.used_up', 'already been used'],
    ['token.unknown', 'This link is not valid'],
  ]) {
    it(`when the server answers ${code}, then explains it without a renewal button`, async () => {
      api = fakeApi({ 'GET /session': () => problem(401, code!) });
      const el = document.createElement('amage-work-progress');
      el.token = LINK;
      const failed = oneEvent(el, 'amage-load-error');
      document.body.append(el);
      expect((await failed).detail).to.deep.equal({ code, status: 401 });
      expect(await alertText(el)).to.contain(message);
      expect(shadow(el).querySelector('[part~="renew-button"]')).to.equal(null);
      el.remove();
    });
  }

  it('when the link may not be used on this website (origin.not_allowed), then says so plainly, in English and Polish, with nothing to retry', async () => {
    api = fakeApi({ 'GET /session': () => problem(403, 'origin.not_allowed') });
    for (const [lang, message] of [
      ['en', 'This link may not be used on this website.'],
      ['pl', 'Tego linku nie wolno używać na tej stronie.'],
    ]) {
      const el = document.createElement('amage-work-progress');
      el.token = LINK;
      el.lang = lang!;
      const failed = oneEvent(el, 'amage-load-error');
      document.body.append(el);
      expect((await failed).detail).to.deep.equal({ code: 'origin.not_allowed', status: 403 });
      expect(await alertText(el)).to.equal(message);
      expect(shadow(el).querySelectorAll('button').length).to.equal(0);
      el.remove();
    }
  });

  it('shows the link problem in Polish for lang="pl"', async () => {
    api = fakeApi({ 'GET /session': () => problem(401, 'token.expired', { renewable: true, recipient: 'j***@x.pl' }) });
    const el = await fixture<AmageWorkProgress>(
      html`<amage-work-progress token=${LINK} lang="pl"></amage-work-progress>`,
    );
    expect(await alertText(el)).to.equal('Ten link wygasł.');
    expect(shadow(el).querySelector('[part~="renew-button"]')!.textContent!.trim()).to.equal('Wyślij mi nowy link');
  });

  it('without any token, asks to open the link from the e-mail', async () => {
    api = fakeApi(jobRoutes());
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress></amage-work-progress>`);
    expect(await alertText(el)).to.contain('No access link');
    expect(api.calls).to.deep.equal([]);
  });

  it('when rate limited, then says how long to wait and offers a retry', async () => {
    api = fakeApi({ ...jobRoutes(), 'GET /session': () => problem(429, 'rate_limited', { retryAfter: 30 }) });
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    expect(await alertText(el)).to.contain('Try again in 30 s');
    api.routes['GET /session'] = jobRoutes()['GET /session']!;
    shadow(el).querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    await loaded(el);
  });

  it('when the server answers 503 (its database away), then it reads like a dropped connection and Retry loads', async () => {
    api = fakeApi({ ...jobRoutes(), 'GET /session': () => problem(503, 'service.unavailable', { retryAfter: 5 }) });
    const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
    expect(await alertText(el)).to.equal('The server could not be reached. Check your connection.');
    api.routes['GET /session'] = jobRoutes()['GET /session']!;
    shadow(el).querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    await loaded(el);
  });

  it('never writes a token to the console', async () => {
    const output = captureConsole();
    try {
      api = fakeApi({ ...jobRoutes(), 'POST /sessions': () => json(201, sessionToken(SESSION, 50)) });
      const el = await fixture<AmageWorkProgress>(html`<amage-work-progress token=${LINK}></amage-work-progress>`);
      await loaded(el);
      await waitUntil(() => calls(api).includes('POST /sessions/refresh'));
    } finally {
      output.restore();
    }
    expect(output.text()).not.to.match(/amgs?_/);
  });

  it('the console check finds a token wherever it sits in what is logged (so the test above can fail)', () => {
    const element = document.createElement('amage-work-progress');
    element.setAttribute('token', LINK);
    const logged = [
      { state: { session: { token: SESSION } } },
      [1, [2, SESSION]],
      new Error('refresh failed', { cause: { authorization: `Bearer ${SESSION}` } }),
      new Headers({ authorization: `Bearer ${SESSION}` }),
      new Request('https://api.example/x', { headers: { authorization: `Bearer ${SESSION}` } }),
      new Map([['token', SESSION]]),
      Object.defineProperty({}, 'hidden', { value: SESSION, enumerable: false }),
      element,
    ];
    for (const value of logged) {
      const output = captureConsole();
      try {
        console.warn('access:', value);
      } finally {
        output.restore();
      }
      expect(output.text(), Object.prototype.toString.call(value)).to.match(/amgs?_/);
    }
  });
});
