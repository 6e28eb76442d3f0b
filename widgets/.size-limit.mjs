// Size budgets of the CDN kit (`npm run size`, a suite of `npm test`), measured by size-limit on the built
// files in cdn/ (gzip, level 9, each file compressed on its own as a browser receives it). The file lists
// come from cdn/integrity.json, which the build writes with each element's static imports.
//
// - "<element>": everything a page holding only that element downloads through the documented snippet:
//   the loader, the element's module, every chunk it imports (Lit, runtime), and its texts in one
//   language (the larger of its tables, see scripts/translations.mjs).
//   `<amage-portal>` counts itself only; the widget it then shows has its own line.
// - "shared runtime": the chunks every element imports (Lit, base element, token access, localisation).
// - "whole kit": every file the loader can reach, the texts in one language (English).
//
// `goal` is what issue #9 asks for; `limit` is what `npm test` enforces today. Where they differ, the gap
// and what closes it are in docs/benchmarks.md ("Widget kit size"); lower a limit whenever a change
// makes room, never raise it without saying why there.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const kit = JSON.parse(readFileSync(new URL('cdn/integrity.json', import.meta.url), 'utf8'));

const budgets = {
  loader: { goal: '2 kB', limit: '2 kB' },
  'shared runtime': { goal: '12 kB', limit: '17 kB' },
  'whole kit': { goal: '70 kB', limit: '142 kB' },
  'amage-portal': { goal: '25 kB', limit: '26 kB' },
  'amage-work-progress': { goal: '25 kB', limit: '47 kB' },
  'amage-delivery-form': { goal: '25 kB', limit: '60 kB' },
  'amage-complaint': { goal: '25 kB', limit: '52 kB' },
  'amage-work-order': { goal: '25 kB', limit: '70 kB' },
  'amage-inspection': { goal: '25 kB', limit: '52 kB' },
  'amage-loto-procedure': { goal: '25 kB', limit: '51 kB' },
  'amage-permit-log': { goal: '25 kB', limit: '52 kB' },
  'amage-service-request': { goal: '25 kB', limit: '53 kB' },
  'amage-file-picker': { goal: '25 kB', limit: '27 kB' },
};

const LOADER = 'cdn/amage-portals.js';
const elements = Object.entries(kit.entries).filter(([name]) => name !== 'amage-portals.js');
const gzipped = (file) => gzipSync(readFileSync(new URL(file, import.meta.url)), { level: 9 }).length;
/** The element's texts in the language whose table is largest. */
const largestTexts = ({ translations }) =>
  Object.values(translations)
    .map((file) => `cdn/${file}`)
    .sort((a, b) => gzipped(b) - gzipped(a))[0];
const code = ({ module, imports }) => [module, ...imports].map((file) => `cdn/${file}`);
const closure = (entry) => [...code(entry), largestTexts(entry)];
const closures = elements.map(([, entry]) => code(entry));
const shared = closures[0].filter((file) => closures.every((files) => files.includes(file)));
const pinnedLoader = `cdn/${kit.entries['amage-portals.js'].module}`;
const otherLanguages = new Set(
  elements.flatMap(([, { translations }]) =>
    Object.entries(translations)
      .filter(([lang]) => lang !== 'en')
      .map(([, file]) => file),
  ),
);
const everything = Object.keys(kit.files)
  .filter((file) => file.startsWith('assets/') && file.endsWith('.js') && !otherLanguages.has(file))
  .map((file) => `cdn/${file}`)
  .filter((file) => file !== pinnedLoader);

const check = (name, path) => {
  const budget = budgets[name];
  if (!budget) throw new Error(`.size-limit.mjs has no budget for "${name}"`);
  return { name, path, limit: budget.limit, gzip: true };
};

export default [
  check('loader', [LOADER]),
  check('shared runtime', shared),
  check('whole kit', [LOADER, ...everything]),
  ...elements.map(([file, entry]) => check(file.replace(/\.js$/, ''), [LOADER, ...closure(entry)])),
];

export { budgets };
