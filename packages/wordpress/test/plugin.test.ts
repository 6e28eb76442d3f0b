// The plugin as files: PHP that WordPress's PHP accepts, translations complete and current, blocks
// that match the elements they place, a readme that tells the truth, and the installable zip.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { mo, po } from 'gettext-parser';
import { Engine as PhpParser } from 'php-parser';
import { describe, expect, it } from 'vitest';
import { makePot, PLUGIN_DIR, POT_FILE, translations } from '../scripts/i18n.mjs';
import { PLUGIN_ZIP, WORDPRESS } from './wordpress-site.js';

const PACKAGE_DIR = fileURLToPath(new URL('../', import.meta.url));
const MANIFEST = fileURLToPath(new URL('../../../widgets/custom-elements.json', import.meta.url));

const files = (dir: string, suffix: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix) && !entry.parentPath.includes('node_modules'))
    .map((entry) => path.relative(PACKAGE_DIR, path.join(entry.parentPath, entry.name)))
    .sort();
const phpFiles = files(PACKAGE_DIR, '.php');
const read = (path: string) => readFileSync(`${PLUGIN_DIR}${path}`, 'utf8');
const header = (name: string) =>
  new RegExp(`^\\s*\\*\\s*${name}:\\s*(.+)$`, 'm').exec(read('amage-portals.php'))?.[1]?.trim();
const readmeField = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(read('readme.txt'))?.[1]?.trim();
const placeholders = (text: string) => (text.match(/%(\d+\$)?[sd]/g) ?? []).sort();

interface ManifestElement {
  tagName?: string;
  attributes?: Array<{ name: string }>;
}

describe('the plugin files', () => {
  it('every PHP file passes php -l (PHP 8.2 on Debian 12)', () => {
    expect(phpFiles.length).toBeGreaterThan(7);
    const version = spawnSync('php', ['-v'], { encoding: 'utf8' });
    if (version.error)
      throw new Error('php -l needs PHP: the `php` command was not found (Debian: apt-get install php-cli).');
    for (const file of phpFiles) {
      const lint = spawnSync('php', ['-l', file], { cwd: PACKAGE_DIR, encoding: 'utf8' });
      expect(`${file}: ${lint.stdout.trim()}`, lint.stderr).toBe(`${file}: No syntax errors detected in ${file}`);
    }
  });

  it('every PHP file is PHP 7.4 syntax, as readme.txt promises (Requires PHP: 7.4)', () => {
    expect(readmeField('Requires PHP')).toBe('7.4');
    expect(header('Requires PHP')).toBe('7.4');
    const parser = new PhpParser({ parser: { php7: true, version: '7.4', extractDoc: false }, ast: {} });
    for (const file of phpFiles)
      expect(() => parser.parseCode(readFileSync(`${PACKAGE_DIR}${file}`, 'utf8'), file)).not.toThrow();
  });

  it('the header and readme.txt agree on version and requirements, and say what it was tested with', () => {
    const version = JSON.parse(readFileSync(`${PACKAGE_DIR}package.json`, 'utf8')).version;
    expect(header('Plugin Name')).toBe('AMAGE Portals');
    expect(header('Text Domain')).toBe('amage-portals');
    expect(header('Domain Path')).toBe('/languages');
    expect(header('Version')).toBe(version);
    expect(read('amage-portals.php')).toContain(`const VERSION = '${version}';`);
    expect(readmeField('Stable tag')).toBe(version);
    expect(readmeField('Requires at least')).toBe(header('Requires at least'));
    expect(readmeField('License')).toBe('GPLv2 or later');
    expect(header('License')).toBe('GPL-2.0-or-later');
    // "Tested up to" is the WordPress these tests run (Debian's), when it is on this machine.
    if (existsSync(`${WORDPRESS}/wp-includes/version.php`)) {
      const wpVersion = /\$wp_version = '(\d+\.\d+)/.exec(
        readFileSync(`${WORDPRESS}/wp-includes/version.php`, 'utf8'),
      )![1];
      expect(readmeField('Tested up to')).toBe(wpVersion);
    }
    expect(read('readme.txt')).toMatch(/^=== AMAGE Portals ===$/m);
  });

  it('each block places an element of the widget kit, with only attributes that element has', () => {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as {
      modules: Array<{ declarations?: ManifestElement[] }>;
    };
    const elements = new Map(
      manifest.modules
        .flatMap((m) => m.declarations ?? [])
        .filter((d) => d.tagName)
        .map((d) => [d.tagName!, new Set((d.attributes ?? []).map((a) => a.name))]),
    );
    const blocks = readdirSync(`${PLUGIN_DIR}blocks`).sort();
    // Every element a page may place has its block; <amage-file-picker> lives inside the others.
    expect(blocks.map((b) => `amage-${b}`)).toEqual(
      [...elements.keys()].filter((t) => t !== 'amage-file-picker').sort(),
    );
    for (const name of blocks) {
      const block = JSON.parse(read(`blocks/${name}/block.json`));
      expect(block.name).toBe(`amage/${name}`);
      expect(block.apiVersion).toBe(2); // WordPress 6.1 (apiVersion 3 is 6.3+)
      expect(block.category).toBe('amage-portals');
      expect(block.textdomain).toBe('amage-portals');
      expect(block.editorScript).toBe('amage-portals-editor');
      for (const option of Object.keys(block.attributes)) {
        const attribute = option.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
        // `lang` is HTML's own; `api` is never a block option (it comes from the settings).
        if (attribute !== 'lang') expect(elements.get(`amage-${name}`), `${name}: ${attribute}`).toContain(attribute);
        expect(attribute).not.toBe('api');
      }
      expect('lang' in block.attributes).toBe(true);
      expect('token' in block.attributes).toBe(name !== 'portal');
    }
  });

  it('languages/amage-portals.pot is current (npm run i18n -w @amage/wordpress writes it)', () => {
    expect(readFileSync(POT_FILE, 'utf8')).toBe(makePot());
  });

  it('every string has its Polish translation, with the same placeholders', () => {
    const template = po.parse(readFileSync(POT_FILE));
    const polish = translations().find((t) => t.locale === 'pl_PL')!;
    expect(polish).toBeDefined();
    expect(polish.catalog.headers['Plural-Forms']).toMatch(/^nplurals=3;/);
    const untranslated: string[] = [];
    let count = 0;
    for (const [context, entries] of Object.entries(template.translations)) {
      for (const id of Object.keys(entries)) {
        if (!id) continue;
        count += 1;
        const translated = polish.catalog.translations[context]?.[id]?.msgstr[0];
        if (!translated) untranslated.push(context ? `${context}: ${id}` : id);
        else expect(placeholders(translated), id).toEqual(placeholders(id));
      }
    }
    expect(count).toBeGreaterThan(100);
    expect(untranslated).toEqual([]);
  });

  it('npm run build compiled the translations: the .mo for PHP and the editor script’s JSON', () => {
    const compiled = mo.parse(readFileSync(`${PLUGIN_DIR}languages/amage-portals-pl_PL.mo`));
    expect(compiled.translations['']['Portal server address']!.msgstr).toEqual(['Adres serwera portalu']);
    expect(compiled.translations['block title']!['Service request form']!.msgstr).toEqual([
      'Formularz zgłoszenia serwisowego',
    ]);
    const json = JSON.parse(read('languages/amage-portals-pl_PL-amage-portals-editor.json'));
    const messages = json.locale_data.messages;
    expect(messages[''].lang).toBe('pl_PL');
    expect(messages['Link token']).toEqual(['Token linku']);
    // Only the editor script's strings: PHP's stay in the .mo.
    expect(messages['Portal server address']).toBeUndefined();
    const editorStrings = [...read('assets/editor.js').matchAll(/__\(\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!);
    expect(editorStrings.length).toBeGreaterThan(30);
    for (const id of editorStrings) expect(messages[id], id).toBeDefined();
  });

  it('dist/amage-portals.zip holds the plugin folder as WordPress installs it, and nothing else', () => {
    const zip = unzipSync(readFileSync(PLUGIN_ZIP));
    const names = Object.keys(zip).sort();
    const expected = files(PLUGIN_DIR, '').filter((file) => !file.split('/').some((part) => part.startsWith('.')));
    expect(names).toEqual(expected);
    expect(names).toContain('amage-portals/amage-portals.php');
    expect(names).toContain('amage-portals/languages/amage-portals-pl_PL.mo');
    for (const name of names)
      expect(Buffer.from(zip[name]!).equals(readFileSync(`${PACKAGE_DIR}${name}`)), name).toBe(true);
  });
});
