/**
 * The link recipient's locale, per element, as its access controller learnt it with the session
 * (`SessionToken.locale`). The localisation reads it after the element's own `lang` and before the
 * page's (docs/architecture.md "Language"). A module of its own so neither controller imports the other.
 */
const locales = new WeakMap<Element, string>();

export const recipientLocaleOf = (host: Element): string | undefined => locales.get(host);

export function setRecipientLocale(host: Element, locale: string | undefined) {
  if (locale) locales.set(host, locale);
  else locales.delete(host);
}
