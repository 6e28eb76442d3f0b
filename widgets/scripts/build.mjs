// CDN build: Lit bundled, code-split ESM in widgets/cdn/ (served by the server at /widgets/*).
// `tsc -b` (run from the root) emits dist/ for npm users.
import { readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const components = new URL('../src/components/', import.meta.url);
const defineFiles = readdirSync(components, { withFileTypes: true, recursive: true })
  .filter((entry) => entry.isFile() && /^amage-.*\.ts$/.test(entry.name))
  .map((entry) => `${entry.parentPath}/${entry.name}`);

rmSync(`${root}cdn`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/amage-portals.ts', ...defineFiles],
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outdir: 'cdn',
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  conditions: ['production'],
  tsconfig: 'tsconfig.json',
  metafile: true,
  logLevel: 'warning',
});

for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  if (file.endsWith('.js')) console.log(`${file.padEnd(48)} ${(bytes / 1024).toFixed(1)} kB`);
}
