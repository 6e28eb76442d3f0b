// Per-element translation tables for the CDN build (scripts/build.mjs). Each language stays one source
// file (src/translations/<lang>.ts, registered with one line in src/translations/index.ts); the build
// writes, for every element and language, a module holding only the top-level keys that element's code
// names, and passes them to the element's `define(tag, languages)`. A page then downloads the texts
// of one element in one language. The npm build (dist/) keeps the whole per-language modules.
//
// Which keys an element uses: every top-level key written as a string literal ('key', "key", `key`)
// in a source file the element's bundle holds (esbuild's metafile). Texts are only read with literal
// keys (`localize.term('retry')`, `localize.table('workOrder')`), so this never misses one; a word that
// happens to be a key elsewhere only adds that key.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

/** The languages of src/translations/index.ts: code → source file. */
export function languageFiles(root) {
  const index = readFileSync(`${root}src/translations/index.ts`, 'utf8');
  const found = [...index.matchAll(/^\s*'?([\w-]+)'?: \(\) => import\('\.\/([\w-]+)\.js'\)/gm)];
  if (!found.some(([, code]) => code === 'en')) throw new Error('src/translations/index.ts: no English found');
  return Object.fromEntries(found.map(([, code, file]) => [code, `src/translations/${file}.ts`]));
}

/** Each language's table as a value (bundled and imported here). */
export async function loadTables(root, files) {
  const tables = {};
  for (const [code, file] of Object.entries(files)) {
    const result = await build({ absWorkingDir: root, entryPoints: [file], bundle: true, format: 'esm', write: false });
    const url = `data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`;
    tables[code] = (await import(url)).default;
  }
  return tables;
}

/** The top-level keys named in `inputs` (source paths relative to root). */
export function usedKeys(root, inputs, keys) {
  const sources = inputs
    .filter((input) => input.startsWith('src/') && !input.startsWith('src/translations/'))
    .map((input) => readFileSync(`${root}${input}`, 'utf8'))
    .join('\n');
  return keys.filter((key) => key === '$lang' || new RegExp(`['"\`]${key.replace('$', '\\$')}['"\`]`).test(sources));
}

/** Writes `dir/<code>.js` for every language, each holding `keys` only; returns code → file. */
export function writeTables(dir, tables, keys) {
  mkdirSync(dir, { recursive: true });
  const written = {};
  for (const [code, table] of Object.entries(tables)) {
    const subset = Object.fromEntries(keys.filter((key) => key in table).map((key) => [key, table[key]]));
    const file = `${dir}/${code}.js`;
    writeFileSync(file, `export default ${serialize(subset)};\n`);
    written[code] = file;
  }
  return written;
}

/**
 * JavaScript source of a table: strings, nested tables, and the texts that are functions (arrows of
 * their arguments only: the language files import nothing but types and the `texts` identity helper).
 */
function serialize(value) {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') {
    const source = value.toString();
    if (!/^(\([^)]*\)|[\w$]+)\s*=>/.test(source)) throw new Error(`a translation that is not an arrow: ${source}`);
    return source;
  }
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, v]) => `${JSON.stringify(key)}:${serialize(v)}`)
      .join(',')}}`;
  }
  throw new Error(`a translation of an unexpected type: ${typeof value}`);
}
