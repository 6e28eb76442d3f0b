import { expect, fixture, html as fixtureHtml } from '@open-wc/testing';
import { waitUntil } from './test/wait.js';
import { LitElement, html } from 'lit';
import { LocalizeController, registerTranslation, useLanguages } from './localize.js';
import en, { type Translation } from '../translations/en.js';
import { deferred } from './test/fake-api.js';

class LocalizedProbe extends LitElement {
  fallbackLang?: string;
  readonly localize = new LocalizeController(this, () => this.fallbackLang);
  render() {
    return this.localize.ready ? html`${this.localize.term('retry')}` : html`skeleton`;
  }
}
customElements.define('localized-probe', LocalizedProbe);

/** A probe whose language modules the test hands over itself. */
class LazyProbe extends LocalizedProbe {}
customElements.define('lazy-probe', LazyProbe);
const lazyEn = deferred<{ default: Translation }>();
const lazyPl = deferred<{ default: Translation }>();
let plRequested = false;
useLanguages(LazyProbe, {
  en: () => lazyEn.promise,
  pl: () => {
    plRequested = true;
    return lazyPl.promise;
  },
});

const shown = (el: LocalizedProbe) => el.shadowRoot!.textContent;

describe('LocalizeController', () => {
  afterEach(() => {
    document.documentElement.lang = 'en';
  });

  it('imports only the language shown, draws the skeleton until it arrived, keeps a table while the next loads', async () => {
    const el = await fixture<LazyProbe>(fixtureHtml`<lazy-probe></lazy-probe>`);
    expect(shown(el)).to.equal('skeleton');
    expect(plRequested).to.equal(false);
    lazyEn.resolve({ default: en });
    await waitUntil(() => shown(el) === 'Try again');
    el.setAttribute('lang', 'pl');
    await waitUntil(() => plRequested);
    await el.updateComplete;
    expect(shown(el)).to.equal('Try again');
    const { default: pl } = await import('../translations/pl.js');
    lazyPl.resolve({ default: pl });
    await waitUntil(() => shown(el) === 'Spróbuj ponownie');
  });

  it('uses the closest ancestor lang', async () => {
    const wrapper = await fixture(
      fixtureHtml`<div lang="pl"><section><localized-probe></localized-probe></section></div>`,
    );
    const el = wrapper.querySelector<LocalizedProbe>('localized-probe')!;
    await el.updateComplete;
    await waitUntil(() => shown(el) === 'Spróbuj ponownie');
  });

  it('crosses shadow roots to find an ancestor lang, and follows its change', async () => {
    const outer = await fixture(fixtureHtml`<div lang="pl"></div>`);
    const root = outer.attachShadow({ mode: 'open' });
    const el = document.createElement('localized-probe') as LocalizedProbe;
    root.append(el);
    await el.updateComplete;
    await waitUntil(() => shown(el) === 'Spróbuj ponownie');
    outer.setAttribute('lang', 'en');
    await waitUntil(() => shown(el) === 'Try again');
  });

  it('uses the fallback when the page says nothing, then English', async () => {
    document.documentElement.removeAttribute('lang');
    const el = await fixture<LocalizedProbe>(fixtureHtml`<localized-probe></localized-probe>`);
    await waitUntil(() => shown(el) === 'Try again');
    el.fallbackLang = 'pl';
    el.requestUpdate();
    await el.updateComplete;
    await waitUntil(() => shown(el) === 'Spróbuj ponownie');
  });

  it('accepts more languages by registering a translation file', async () => {
    registerTranslation({ ...en, $lang: 'de', retry: 'Erneut versuchen' });
    const el = await fixture<LocalizedProbe>(fixtureHtml`<localized-probe lang="de-AT"></localized-probe>`);
    await waitUntil(() => shown(el) === 'Erneut versuchen');
  });

  it('formats numbers and dates with Intl for the language', async () => {
    const el = await fixture<LocalizedProbe>(fixtureHtml`<localized-probe lang="pl"></localized-probe>`);
    expect(el.localize.number(1234.5)).to.equal(new Intl.NumberFormat('pl').format(1234.5));
    expect(el.localize.date('2026-12-01T08:00:00Z', { dateStyle: 'long', timeZone: 'UTC' })).to.equal('1 grudnia 2026');
  });
});
