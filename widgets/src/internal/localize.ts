import type { ReactiveController, ReactiveControllerHost } from 'lit';
import en, { type Translation } from '../translations/en.js';
import { bundledTranslations } from '../translations/index.js';
import { recipientLocaleOf } from './recipient-locale.js';

const translations = new Map<string, Translation>(bundledTranslations.map((t) => [t.$lang, t] as const));

/** Adds a language (e.g. from a separate module); keyed by its `$lang`. */
export function registerTranslation(...added: Translation[]) {
  for (const t of added) translations.set(t.$lang.toLowerCase(), t);
  for (const controller of controllers) controller.update();
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

/** `pl-PL` → `pl-pl` → `pl` → `en`. */
function resolve(lang: string): Translation {
  const tag = lang.toLowerCase();
  return translations.get(tag) ?? translations.get(tag.split('-')[0]!) ?? en;
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
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly fallback?: () => string | undefined;
  private readonly hostObserver = new MutationObserver(updateAll);
  private current = '';

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

  /** The language whose translations are used (`pl`, `en`). */
  translationLang(): string {
    return resolve(this.lang()).$lang;
  }

  term<K extends TermKey>(key: K, ...args: Args<K>): string {
    const value = resolve(this.lang())[key] as unknown;
    return typeof value === 'function' ? (value as (...a: unknown[]) => string)(...args) : (value as string);
  }

  /** A lookup table such as `jobStatus`. */
  table<K extends TableKey>(key: K): Translation[K] {
    return resolve(this.lang())[key];
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
