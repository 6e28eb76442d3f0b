// npm run build: compiles the translations (.po → .mo and the editor's JSON), then packs the plugin
// folder into dist/amage-portals.zip, installable through Plugins → Add New → Upload Plugin. The zip
// holds one folder, amage-portals/, as WordPress expects; entries are sorted and dated alike, so the
// same sources give the same zip.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { compileTranslations, PLUGIN_DIR } from './i18n.mjs';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const MTIME = new Date('2026-01-01T00:00:00Z');

compileTranslations();

const files = {};
const entries = readdirSync(PLUGIN_DIR, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
  .map((entry) => relative(PLUGIN_DIR, `${entry.parentPath}/${entry.name}`))
  .sort();
for (const path of entries) files[`amage-portals/${path}`] = [readFileSync(`${PLUGIN_DIR}${path}`), { mtime: MTIME }];

mkdirSync(DIST, { recursive: true });
const zip = zipSync(files, { level: 9 });
writeFileSync(`${DIST}amage-portals.zip`, zip);
console.log(`dist/amage-portals.zip: ${entries.length} files, ${(zip.length / 1024).toFixed(1)} kB`);
