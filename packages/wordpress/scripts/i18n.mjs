// The plugin's translations. `node scripts/i18n.mjs` (npm run i18n) writes languages/amage-portals.pot
// from the sources (PHP through wp-pot, the editor script through gettext-extractor, block.json
// titles, descriptions and keywords with the contexts WordPress translates them in) and merges it
// into every languages/*.po (new strings empty, obsolete ones dropped, translations kept).
// `compileTranslations()` (npm run build) writes each .po's .mo (PHP) and the Jed JSON of the
// editor script, which wp_set_script_translations() loads by handle.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GettextExtractor, JsExtractors } from 'gettext-extractor';
import { mo, po } from 'gettext-parser';
import wpPot from 'wp-pot';

export const PLUGIN_DIR = fileURLToPath(new URL('../amage-portals/', import.meta.url));
const LANGUAGES = `${PLUGIN_DIR}languages/`;
const DOMAIN = 'amage-portals';
const EDITOR_SCRIPT = 'assets/editor.js';
const EDITOR_HANDLE = 'amage-portals-editor';
export const POT_FILE = `${LANGUAGES}${DOMAIN}.pot`;

const version = () => /^\s*\*\s*Version:\s*(\S+)/m.exec(readFileSync(`${PLUGIN_DIR}amage-portals.php`, 'utf8'))[1];

/** msgctxt → msgid → entry, gettext-parser's shape. */
function addEntry(table, { context = '', id, plural, references = [], extracted = [] }) {
  table[context] ??= {};
  table[context][id] ??= {
    ...(context ? { msgctxt: context } : {}),
    msgid: id,
    ...(plural ? { msgid_plural: plural } : {}),
    msgstr: plural ? ['', ''] : [''],
    comments: { reference: [], extracted: [] },
  };
  const entry = table[context][id];
  entry.comments.reference.push(...references);
  entry.comments.extracted.push(...extracted);
}

function addFromPot(table, pot) {
  for (const [context, entries] of Object.entries(po.parse(pot).translations)) {
    for (const entry of Object.values(entries)) {
      if (!entry.msgid) continue;
      addEntry(table, {
        context,
        id: entry.msgid,
        plural: entry.msgid_plural,
        references: (entry.comments?.reference ?? '').split(/[\s,]+/).filter(Boolean),
        extracted: (entry.comments?.extracted ?? '').split('\n').filter(Boolean),
      });
    }
  }
}

/**
 * Sorted, de-duplicated comments. References name files without line numbers, so the template
 * changes only when the strings do.
 */
function finish(table) {
  const sorted = {};
  for (const context of Object.keys(table).sort()) {
    sorted[context] = {};
    for (const id of Object.keys(table[context]).sort()) {
      const entry = table[context][id];
      const reference = [...new Set(entry.comments.reference.map((r) => r.replace(/:\d+$/, '')))].sort();
      const extracted = [...new Set(entry.comments.extracted)];
      sorted[context][id] = {
        ...entry,
        comments: { reference: reference.join('\n'), extracted: extracted.join('\n') },
      };
    }
  }
  return sorted;
}

/** The template, from the sources as they are now. */
export function makePot() {
  const table = {};
  const php = new wpPot.WP_Pot({
    pathsRelativeTo: PLUGIN_DIR,
    php: { textdomain: DOMAIN, metadataFile: 'amage-portals.php' },
    pot: { defaultHeaders: false },
  });
  addFromPot(table, php.parse(`${PLUGIN_DIR}**/*.php`).generatePot());

  const js = new GettextExtractor();
  const domainArg = (position) => ({ arguments: { text: 0, ...position } });
  js.createJsParser([
    JsExtractors.callExpression('__', domainArg({})),
    JsExtractors.callExpression('_x', domainArg({ context: 1 })),
    JsExtractors.callExpression('_n', domainArg({ textPlural: 1 })),
    JsExtractors.callExpression('_nx', domainArg({ textPlural: 1, context: 3 })),
  ]).parseFile(`${PLUGIN_DIR}${EDITOR_SCRIPT}`);
  for (const message of js.getMessages()) {
    addEntry(table, {
      context: message.context ?? '',
      id: message.text,
      plural: message.textPlural ?? undefined,
      references: message.references.map((r) => r.replace(PLUGIN_DIR, '')),
      // gettext-extractor keeps comments whole; translators need only the translators: ones.
      extracted: message.comments.filter((c) => /^translators:/i.test(c)),
    });
  }

  for (const dir of readdirSync(`${PLUGIN_DIR}blocks`).sort()) {
    const file = `blocks/${dir}/block.json`;
    const block = JSON.parse(readFileSync(`${PLUGIN_DIR}${file}`, 'utf8'));
    addEntry(table, { context: 'block title', id: block.title, references: [file] });
    addEntry(table, { context: 'block description', id: block.description, references: [file] });
    for (const keyword of block.keywords ?? [])
      addEntry(table, { context: 'block keyword', id: keyword, references: [file] });
  }

  const headers = {
    'Project-Id-Version': `AMAGE Portals ${version()}`,
    'Report-Msgid-Bugs-To': '',
    'Last-Translator': '',
    'Language-Team': '',
    Language: '',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=UTF-8',
    'Content-Transfer-Encoding': '8bit',
    'X-Domain': DOMAIN,
  };
  const pot = po.compile({ charset: 'utf-8', headers, translations: finish(table) }, { foldLength: 0 });
  return `# Translations of the AMAGE Portals WordPress plugin. Made by packages/wordpress/scripts/i18n.mjs.\n${pot}\n`;
}

const poFiles = () =>
  readdirSync(LANGUAGES)
    .filter((f) => f.startsWith(`${DOMAIN}-`) && f.endsWith('.po'))
    .map((f) => ({ file: `${LANGUAGES}${f}`, locale: f.slice(DOMAIN.length + 1, -3) }));

/** Each translation as gettext-parser reads it. */
export const translations = () =>
  poFiles().map(({ file, locale }) => ({ file, locale, catalog: po.parse(readFileSync(file)) }));

/** Writes the template and brings every .po in line with it (translations kept, obsolete ones dropped). */
function update() {
  const pot = makePot();
  writeFileSync(POT_FILE, pot);
  const template = po.parse(pot);
  for (const { file, catalog } of translations()) {
    const merged = {};
    for (const [context, entries] of Object.entries(template.translations)) {
      merged[context] = {};
      for (const [id, entry] of Object.entries(entries)) {
        const old = catalog.translations[context]?.[id];
        merged[context][id] =
          id === '' ? catalog.translations[''][''] : { ...entry, msgstr: old?.msgstr ?? entry.msgstr };
      }
    }
    writeFileSync(file, `${po.compile({ ...catalog, translations: merged }, { foldLength: 0 })}\n`);
  }
}

/** Writes `<domain>-<locale>.mo` and the editor script's `<domain>-<locale>-<handle>.json` for every .po. */
export function compileTranslations() {
  for (const { locale, catalog } of translations()) {
    writeFileSync(`${LANGUAGES}${DOMAIN}-${locale}.mo`, mo.compile(catalog));
    const messages = {
      '': { domain: 'messages', lang: locale, 'plural-forms': catalog.headers['Plural-Forms'] },
    };
    for (const [context, entries] of Object.entries(catalog.translations)) {
      for (const [id, entry] of Object.entries(entries)) {
        const usedByEditor = (entry.comments?.reference ?? '').split(/\s+/).includes(EDITOR_SCRIPT);
        if (!id || !usedByEditor || !entry.msgstr.some(Boolean)) continue;
        messages[context ? `${context}\u0004${id}` : id] = entry.msgstr;
      }
    }
    const json = {
      'translation-revision-date': catalog.headers['PO-Revision-Date'] ?? '',
      generator: 'packages/wordpress/scripts/i18n.mjs',
      source: EDITOR_SCRIPT,
      domain: 'messages',
      locale_data: { messages },
    };
    writeFileSync(`${LANGUAGES}${DOMAIN}-${locale}-${EDITOR_HANDLE}.json`, JSON.stringify(json));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) update();
