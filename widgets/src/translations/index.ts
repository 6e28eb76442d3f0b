import en from './en.js';
import pl from './pl.js';

/**
 * Every language bundled with the widgets. A new language file goes in this list (knip reports a file
 * that is not), and `translations.test.ts` then holds it to every key and code `en` has.
 */
export const bundledTranslations = [en, pl];
