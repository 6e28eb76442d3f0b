import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Translation } from '../translations/en.js';
import { type Languages, languages } from '../translations/index.js';
import { recipientLocaleOf } from './recipient-locale.js';

type Load = Languages[string];

/** Languages added at run time (registerTranslation): ready at once, for every element. */
const registered = new Map<string, Translation>();
/** Each language module once it arrived, by its loader. */
const loaded = new Map<Load, Translation>();
const loading = new Map<Load, Promise<void>>();
/** Loaders that failed (network): skipped, so the element falls back to English. */
const failed = new Set<Load>();
/** Per element class, its own language modules (the CDN build's per-element tables); else `languages`. */
const ownLanguages = new WeakMap<object, Languages>();

/** Adds a language (e.g. from a separate module); keyed by its `$lang`. */
export function registerTranslation(...added: Translation[]) {
  for (const t of added) registered.set(t.$lang.toLowerCase(), t);
  for (const controller of controllers) controller.host.requestUpdate();
}

/** Gives the elements of class `element` their own language modules (called by `AmageElement.define`). */
export function useLanguages(element: object, own: Languages) {
  ownLanguages.set(element, own);
}

type Key = Exclude<keyof Translation, '$lang'>;
type TermKey = { [K in Key]: Translation[K] extends string | ((...args: never[]) => string) ? K : never }[Key];
type TableKey = Exclude<Key, TermKey>;
type Args<K extends TermKey> = Translation[K] extends (...args: infer A) => string ? A : [];

/** Each localised element's controller, so that an element inside another inherits its effective language. */
const controllerOf = new WeakMap<Element, LocalizeController>();

/**
 * The page's language for `el`: the nearest `lang` above it, crossing shadow roots (an enclosing widget
 * answers with its own effective language), then `<html lang>`.
 */
function inheritedLang(el: Element): string {
  let node: Node | null =
    el.parentNode ?? (el.getRootNode() instanceof ShadowRoot ? (el.getRootNode() as ShadowRoot).host : null);
  while (node) {
    if (node instanceof Element) {
      const enclosing = controllerOf.get(node);
      if (enclosing) return enclosing.lang();
      if (node.getAttribute('lang')) return node.getAttribute('lang')!;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return document.documentElement.lang;
}

const controllers = new Set<LocalizeController>();
// One observer for the light DOM; hosts inside shadow roots also observe themselves (see hostConnected).
const updateAll = () => {
  for (const c of controllers) c.update();
};
const documentObserver = new MutationObserver(updateAll);

/**
 * Per-element translations, in this order (docs/architecture.md "Language"): the element's own `lang`;
 * `fallback()` (e.g. the hosted page's language switch); the link recipient's `locale` (returned with the
 * session); the page's (the closest ancestor's `lang`, crossing shadow roots, then `<html lang>`); the
 * browser's; English. Never touches page globals beyond a passive observer.
 */
export class LocalizeController implements ReactiveController {
  readonly host: ReactiveControllerHost & HTMLElement;
  private readonly fallback?: () => string | undefined;
  private readonly hostObserver = new MutationObserver(updateAll);
  private current = '';
  /** The table last shown: kept while another language loads, so a change of language never blanks. */
  private shown: Translation | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, fallback?: () => string | undefined) {
    this.host = host;
    this.fallback = fallback;
    host.addController(this);
  }

  hostConnected() {
    if (controllers.size === 0) {
      documentObserver.observe(document.documentElement, {
        attributes: true,
        attributeFilter: ['lang'],
        subtree: true,
      });
    }
    controllers.add(this);
    controllerOf.set(this.host, this);
    this.hostObserver.observe(this.host, { attributes: true, attributeFilter: ['lang'] });
    this.current = this.lang();
  }

  hostDisconnected() {
    controllers.delete(this);
    this.hostObserver.disconnect();
    if (controllers.size === 0) documentObserver.disconnect();
  }

  /** Re-renders the host when its effective language changed. */
  update() {
    const lang = this.lang();
    if (lang !== this.current) {
      this.current = lang;
      this.host.requestUpdate();
    }
  }

  /** The effective BCP 47 language tag, e.g. `pl-PL`. */
  lang(): string {
    return (
      this.host.getAttribute('lang') ||
      this.fallback?.() ||
      recipientLocaleOf(this.host) ||
      inheritedLang(this.host) ||
      navigator.language ||
      'en'
    );
  }

  /**
   * Whether the texts can be shown: false only until the first language module arrived (the host
   * renders its skeleton meanwhile; `term` and `table` must not be called).
   */
  get ready(): boolean {
    return this.resolve() !== undefined;
  }

  /** The language whose translations are used (`pl`, `en`). */
  translationLang(): string {
    return this.resolve()?.$lang ?? 'en';
  }

  term<K extends TermKey>(key: K, ...args: Args<K>): string {
    const value = this.texts()[key] as unknown;
    return typeof value === 'function' ? (value as (...a: unknown[]) => string)(...args) : (value as string);
  }

  /** A lookup table such as `jobStatus`. */
  table<K extends TableKey>(key: K): Translation[K] {
    return this.texts()[key];
  }

  private texts(): Translation {
    const texts = this.resolve();
    if (!texts) throw new Error('LocalizeController: texts used before they loaded (check `ready` first)');
    return texts;
  }

  /**
   * The table of the effective language: `pl-PL` → `pl-pl` → `pl` → `en`, registered languages first.
   * A language not loaded yet is imported (the host updates when it arrives); until then the table
   * shown before stays, or none on the first render.
   */
  private resolve(): Translation | undefined {
    const tag = this.lang().toLowerCase();
    const own = ownLanguages.get(this.host.constructor) ?? languages;
    for (const code of [tag, tag.split('-')[0]!, 'en']) {
      const load = Object.hasOwn(own, code) ? own[code]! : undefined;
      const texts = registered.get(code) ?? (load && loaded.get(load));
      if (texts) {
        this.shown = texts;
        return texts;
      }
      if (!load || failed.has(load)) continue;
      this.load(load);
      return this.shown;
    }
    return this.shown;
  }

  private load(load: Load) {
    let promise = loading.get(load);
    if (!promise) {
      promise = load().then(
        (module) => void loaded.set(load, module.default),
        (error: unknown) => {
          failed.add(load);
          console.warn('AMAGE widgets: a translation module failed to load', error);
        },
      );
      loading.set(load, promise);
    }
    void promise.then(() => this.host.requestUpdate());
  }

  date(
    value: string | Date,
    options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
  ): string {
    return new Intl.DateTimeFormat(this.intlLocale(), options).format(new Date(value));
  }

  /** A calendar date (`2026-12-01`, no time) in the medium style; the same day whatever the time zone. */
  day(date: string): string {
    return this.date(`${date}T12:00:00Z`, { dateStyle: 'medium', timeZone: 'UTC' });
  }

  number(value: number, options?: Intl.NumberFormatOptions): string {
    return new Intl.NumberFormat(this.intlLocale(), options).format(value);
  }

  private intlLocale(): string {
    const lang = this.lang();
    try {
      return Intl.getCanonicalLocales(lang)[0] ?? 'en';
    } catch {
      return 'en';
    }
  }
}
