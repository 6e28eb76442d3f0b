// CDN build: widgets/cdn/, served by the server at /widgets/ (`tsc -b`, run from the root, emits dist/ for npm).
//
//   amage-portals.js            the loader (entry point: fixed name, revalidated with its ETag)
//   amage-<element>.js          one module per element, for hosts that import one explicitly (entry points)
//   assets/…-<hash>.js          the element modules and their shared chunks, content-hashed (cached for a year)
//   assets/amage-portals-<hash>.js   the same loader under a pinned name, for `integrity=` embeds
//   integrity.json              every file → sha384 (SRI), and each entry point → its hashed module and imports
//   *.br, *.gz                  brotli and gzip of every file, made here once (the server picks by Accept-Encoding)
//   .build/meta.json (beside cdn/, not served)  esbuild's metafile, for measuring what is in each bundle
//   .build/i18n/<element>/<lang>.js             each element's texts per language (scripts/translations.mjs)
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { languageFiles, loadTables, usedKeys, writeTables } from './translations.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cdn = `${root}cdn/`;
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const defineFiles = readdirSync(`${root}src/components`, { withFileTypes: true, recursive: true })
  .filter((entry) => entry.isFile() && /^amage-.*\.ts$/.test(entry.name))
  .map((entry) => `${entry.parentPath}/${entry.name}`.slice(root.length))
  .sort();

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  conditions: ['production'],
  tsconfig: 'tsconfig.json',
  metafile: true,
  logLevel: 'warning',
};

rmSync(cdn, { recursive: true, force: true });

// 1. The elements: every define file is an entry; what they share is split into chunks. All hashed.
//    A first pass (not written) tells which source files each element holds, so which texts it needs;
//    the second gives each element's `define(tag)` its own table per language (dynamic imports, one
//    chunk each).
const elementOptions = {
  ...common,
  entryPoints: defineFiles,
  entryNames: 'assets/[name]-[hash]',
  chunkNames: 'assets/chunk-[hash]',
  outdir: 'cdn',
  splitting: true,
  sourcemap: true,
  legalComments: 'linked',
};
const firstPass = await build({ ...elementOptions, write: false, sourcemap: false });
const languages = languageFiles(root);
const tables = await loadTables(root, languages);
const keys = Object.keys(tables.en);
rmSync(`${root}.build/i18n`, { recursive: true, force: true });
/** define file → language code → its table module (absolute path). */
const elementTables = new Map();
for (const [file, output] of Object.entries(firstPass.metafile.outputs)) {
  if (!defineFiles.includes(output.entryPoint)) continue;
  const inputs = new Set(Object.keys(output.inputs));
  for (const chunk of closureOf(firstPass.metafile.outputs, file)) {
    for (const input of Object.keys(firstPass.metafile.outputs[chunk].inputs)) inputs.add(input);
  }
  const name = output.entryPoint.split('/').pop().replace(/\.ts$/, '');
  const written = writeTables(`${root}.build/i18n/${name}`, tables, usedKeys(root, [...inputs], keys));
  await checkTables(written, tables);
  elementTables.set(output.entryPoint, written);
}
const elements = await build({
  ...elementOptions,
  plugins: [
    {
      name: 'element-translations',
      setup(pluginBuild) {
        // Every element has its own tables here: the whole-language modules would never be fetched.
        pluginBuild.onLoad({ filter: /\/src\/translations\/index\.ts$/ }, () => ({
          contents: 'export const languages = {};',
          loader: 'ts',
        }));
        pluginBuild.onLoad({ filter: /\/components\/[^/]+\/amage-[^/]+\.ts$/ }, ({ path }) => {
          const written = elementTables.get(path.slice(root.length));
          const source = readFileSync(path, 'utf8');
          const call = /(\.define\('[a-z-]+')\)/;
          if (!written || !call.test(source)) return { errors: [{ text: `${path}: no define('tag') call or tables` }] };
          const map = Object.entries(written)
            .map(([code, file]) => `${JSON.stringify(code)}: () => import(${JSON.stringify(file)})`)
            .join(', ');
          return { contents: source.replace(call, `$1, { ${map} })`), loader: 'ts' };
        });
      },
    },
  ],
});
const outputs = elements.metafile.outputs;
/** define file (src/components/x/amage-x.ts) → its hashed module, relative to cdn/. */
const moduleOf = new Map(
  Object.entries(outputs)
    .filter(([, output]) => output.entryPoint)
    .map(([file, output]) => [output.entryPoint, file.slice('cdn/'.length)]),
);

// Neither TypeBox nor ajv's compiler may reach a browser (they come in through a value import of
// `@amage/contracts` instead of `@amage/contracts/constants`, or of ajv instead of a precompiled validator).
const forbidden = /node_modules\/(@sinclair\/typebox|ajv\/dist\/(?!runtime)|ajv-formats)|contracts\/dist\/index\.js/;
for (const [file, output] of Object.entries(outputs)) {
  const bad = Object.keys(output.inputs).filter((input) => forbidden.test(input));
  if (bad.length) throw new Error(`${file} bundles ${bad.join(', ')}: import constants and validators instead`);
}

// 2. The loader: its `import('./components/x/amage-x.js')` calls point at the hashed element modules.
const loaderSource = readFileSync(`${root}src/amage-portals.ts`, 'utf8');
for (const file of defineFiles) {
  const specifier = `./${file.slice('src/'.length).replace(/\.ts$/, '.js')}`;
  if (!loaderSource.includes(`'${specifier}'`)) throw new Error(`src/amage-portals.ts does not load ${specifier}`);
}
const buildLoader = async (prefix) => {
  const result = await build({
    ...common,
    entryPoints: ['src/amage-portals.ts'],
    write: false,
    outdir: 'cdn',
    plugins: [
      {
        name: 'hashed-element-modules',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^\.\/components\// }, ({ path }) => {
            const module = moduleOf.get(`src/${path.slice(2).replace(/\.js$/, '.ts')}`);
            if (!module) return { errors: [{ text: `no element module for ${path}` }] };
            return { path: `${prefix}${module.slice('assets/'.length)}`, external: true };
          });
        },
      },
    ],
  });
  return result.outputFiles[0].text;
};
const loader = await buildLoader('./assets/');
const pinnedLoader = await buildLoader('./');
const pinnedLoaderFile = `assets/amage-portals-${hash(pinnedLoader)}.js`;
writeFileSync(`${cdn}amage-portals.js`, loader);
writeFileSync(`${cdn}${pinnedLoaderFile}`, pinnedLoader);

// 3. One fixed-name module per element, re-exporting its hashed module.
const entries = { 'amage-portals.js': { module: pinnedLoaderFile, imports: [] } };
for (const file of defineFiles) {
  const name = file.split('/').pop().replace(/\.ts$/, '.js');
  const module = moduleOf.get(file);
  writeFileSync(`${cdn}${name}`, `export { default } from './${module}';\n`);
  entries[name] = { module, imports: staticImports(`cdn/${module}`), translations: translationChunks(file) };
}

// 4. Integrity manifest, then brotli and gzip beside every file.
const files = {};
for (const file of listFiles(cdn)) {
  files[file] = `sha384-${createHash('sha384')
    .update(readFileSync(`${cdn}${file}`))
    .digest('base64')}`;
}
writeFileSync(`${cdn}integrity.json`, `${JSON.stringify({ version, entries, files }, null, 2)}\n`);
for (const file of listFiles(cdn)) {
  const content = readFileSync(`${cdn}${file}`);
  writeFileSync(`${cdn}${file}.gz`, gzipSync(content, { level: 9 }));
  writeFileSync(
    `${cdn}${file}.br`,
    brotliCompressSync(content, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
    }),
  );
}
mkdirSync(`${root}.build`, { recursive: true });
writeFileSync(`${root}.build/meta.json`, JSON.stringify(elements.metafile));

console.log(`cdn: ${Object.keys(files).length} files, loader ${(Buffer.byteLength(loader) / 1000).toFixed(1)} kB`);

function hash(text) {
  return createHash('sha256').update(text).digest('base64url').slice(0, 10);
}

/** Every chunk `file` (a cdn/ output) imports statically, directly or not: what a modulepreload list needs. */
function staticImports(file, seen = new Set()) {
  for (const { path, kind } of outputs[file].imports) {
    if (kind !== 'import-statement' || seen.has(path)) continue;
    seen.add(path);
    staticImports(path, seen);
  }
  return [...seen].map((path) => path.slice('cdn/'.length)).sort();
}

/** Every output chunk `file` imports statically, directly or not (metafile paths). */
function closureOf(all, file, seen = new Set()) {
  for (const { path, kind } of all[file].imports) {
    if (kind !== 'import-statement' || seen.has(path)) continue;
    seen.add(path);
    closureOf(all, path, seen);
  }
  return seen;
}

/** Language code → the chunk (relative to cdn/) holding the texts of the element of `defineFile`. */
function translationChunks(defineFile) {
  const name = defineFile.split('/').pop().replace(/\.ts$/, '');
  return Object.fromEntries(
    Object.keys(languages).map((code) => {
      const input = `.build/i18n/${name}/${code}.js`;
      const chunk = Object.entries(outputs).find(([, output]) => output.inputs[input]);
      if (!chunk) throw new Error(`no chunk holds ${input}`);
      return [code, chunk[0].slice('cdn/'.length)];
    }),
  );
}

/** Each written table gives the same texts as the language file (its functions called with sample arguments). */
async function checkTables(written, all) {
  const args = ['A', 2, 'C', 4, 'E'];
  const same = (a, b, path) => {
    if (typeof b === 'function') {
      const run = (fn) => {
        try {
          return String(fn(...args));
        } catch (error) {
          return `throws ${error.name}`;
        }
      };
      if (run(a) !== run(b)) throw new Error(`translation ${path}: the per-element copy differs`);
    } else if (b && typeof b === 'object') for (const key of Object.keys(b)) same(a[key], b[key], `${path}.${key}`);
    else if (a !== b) throw new Error(`translation ${path}: the per-element copy differs`);
  };
  for (const [code, file] of Object.entries(written)) {
    const copy = (await import(`${file}?${Date.now()}`)).default;
    for (const key of Object.keys(copy)) same(copy[key], all[code][key], `${code}.${key}`);
  }
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !/\.(br|gz)$/.test(entry.name))
    .map((entry) => `${entry.parentPath}/${entry.name}`.slice(dir.length))
    .sort();
}
