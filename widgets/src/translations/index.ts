import type { Translation } from './en.js';

/** Language code → its table's module, imported the first time an element shows that language. */
export type Languages = Readonly<Record<string, () => Promise<{ default: Translation }>>>;

/**
 * Every language the widgets ship, one line each. Each is a module of its own, loaded on demand, so a
 * page downloads only the language it shows (the CDN build goes further: each element gets its own
 * table per language, with just the keys it uses; see scripts/translations.mjs). `translations.test.ts`
 * holds every language to every key and code `en` has.
 */
export const languages: Languages = {
  en: () => import('./en.js'),
  pl: () => import('./pl.js'),
};
