// A real WordPress for the plugin's tests: Debian's `wordpress` package copied to a temp folder,
// served by `php -S` on a free port, on the machine's MariaDB with a table prefix of its own, and
// the plugin installed from the zip `npm run build` made. ../../../shared/wordpress.md has the recipe.
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import type { BrowserContext, Page } from 'playwright-core';

export const WORDPRESS = process.env.AMAGE_WORDPRESS_DIR ?? '/usr/share/wordpress';
export const PLUGIN_ZIP = fileURLToPath(new URL('../dist/amage-portals.zip', import.meta.url));
const CLI = fileURLToPath(new URL('./wp-cli.php', import.meta.url));
const APT =
  'apt-get install -y wordpress wordpress-theme-twentytwentythree wordpress-l10n php-cli php-mysql php-curl php-gd php-xml';

export const ADMIN = { login: 'admin', password: `admin-${randomBytes(6).toString('hex')}` };

/** What this machine lacks for the WordPress tests, each with how to get it; empty when all is there. */
function missingPrerequisites(): string[] {
  const missing: string[] = [];
  const php = spawnSync(
    'php',
    ['-r', 'echo json_encode(array_map("extension_loaded", ["mysqli", "curl", "gd", "dom", "xml"]));'],
    { encoding: 'utf8' },
  );
  if (php.error || php.status !== 0) {
    missing.push('PHP (the `php` command; Debian: php-cli)');
  } else {
    const [mysqli, curl, gd, dom, xml] = JSON.parse(php.stdout) as boolean[];
    if (!mysqli) missing.push('the PHP MySQL extension (Debian: php-mysql)');
    if (!curl) missing.push('the PHP curl extension (Debian: php-curl)');
    if (!gd) missing.push('the PHP GD extension (Debian: php-gd)');
    if (!dom || !xml) missing.push('the PHP XML extensions (Debian: php-xml)');
  }
  if (!existsSync(`${WORDPRESS}/wp-settings.php`)) missing.push(`WordPress in ${WORDPRESS} (Debian: wordpress)`);
  if (!existsSync(`${WORDPRESS}/wp-content/themes/twentytwentythree/theme.json`))
    missing.push('the default theme Twenty Twenty-Three (Debian: wordpress-theme-twentytwentythree)');
  if (!existsSync(`${WORDPRESS}/wp-content/languages/pl_PL.mo`))
    missing.push("WordPress's Polish language files (Debian: wordpress-l10n)");
  if (!existsSync(PLUGIN_ZIP)) missing.push(`the plugin zip ${PLUGIN_ZIP} (made by npm run build)`);
  return missing;
}

/** Fails with one message that says everything missing, instead of skipping. */
function requirePrerequisites() {
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    throw new Error(
      `The WordPress tests cannot run on this machine. Missing:\n  - ${missing.join('\n  - ')}\n` +
        `On Debian 12: apt-get update && ${APT} (CI's .ci/run does this).`,
    );
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const runPhp = (args: string[], env: Record<string, string>) =>
  new Promise<string>((resolve, reject) => {
    execFile('php', args, { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`php ${args[0]} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });

interface Post {
  id: number;
  url: string;
  /** The content as stored (after WordPress filtered it for its author). */
  content: string;
}

export interface WordPressSite {
  url: string;
  /** What a link placed on the site must list in `allowedOrigins`. */
  origin: string;
  /** Runs operations of test/wp-cli.php in one PHP process; one result per operation. */
  cli<T = Record<string, unknown>>(operations: Array<Record<string, unknown>>): Promise<T[]>;
  user(
    login: string,
    role: string,
    extra?: { locale?: string },
  ): Promise<{ id: number; login: string; password: string }>;
  post(fields: { title: string; content: string; type?: string; status?: string; author?: number }): Promise<Post>;
  option(name: string, value: unknown): Promise<void>;
  getOption(name: string): Promise<unknown>;
  /** PHP's notices, warnings and errors so far (WP_DEBUG_LOG). */
  debugLog(): string;
  close(): Promise<void>;
}

/** Copies WordPress, installs it with the plugin from the zip, and serves it with `php -S`. */
export async function startWordPress(): Promise<WordPressSite> {
  requirePrerequisites();
  const work = mkdtempSync(path.join(tmpdir(), 'amage-wp-'));
  const site = `${work}/site`;
  const prefix = `wpt${randomBytes(4).toString('hex')}_`;
  const env = { WP_DIR: site, WP_TABLE_PREFIX: prefix, WP_PORT: '' };
  const cli = async <T>(operations: Array<Record<string, unknown>>) =>
    JSON.parse(await runPhp([CLI, JSON.stringify(operations)], env)) as T[];
  let server: ChildProcess | undefined;
  let serverLog = '';

  const close = async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await cli([{ op: 'drop-tables' }]).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  };

  try {
    await cli([{ op: 'ping' }]).catch((error: Error) => {
      throw new Error(
        `MariaDB at 127.0.0.1:3306 (user root, empty password, database test) did not answer: ${error.message}`,
      );
    });
    // Of the 168 language files, the Polish ones (the tests' second language).
    const languages = `${WORDPRESS}/wp-content/languages/`;
    cpSync(WORDPRESS, site, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (source) => !source.startsWith(languages) || source.endsWith('pl_PL.mo'),
    });
    rmSync(`${site}/wp-config.php`, { force: true });
    rmSync(`${site}/.htaccess`, { force: true });
    const plugins = `${site}/wp-content/plugins`;
    for (const [name, data] of Object.entries(unzipSync(readFileSync(PLUGIN_ZIP)))) {
      if (name.endsWith('/')) continue;
      mkdirSync(path.dirname(`${plugins}/${name}`), { recursive: true });
      writeFileSync(`${plugins}/${name}`, data);
    }

    // php -S needs its port before WordPress can know its address; another process may take a
    // free port first, so try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      env.WP_PORT = String(port);
      writeFileSync(`${site}/wp-config.php`, wpConfig(prefix, port));
      if (attempt === 1) {
        const [installed] = await cli<{ active: boolean }>([{ op: 'install', adminPassword: ADMIN.password }]);
        if (!installed?.active) throw new Error('the plugin did not activate');
      }
      server = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', site], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, ...env },
      });
      server.stderr!.on('data', (chunk: Buffer) => {
        serverLog = (serverLog + chunk.toString()).slice(-20_000);
      });
      if (await answers(`http://127.0.0.1:${port}/wp-login.php`, server)) break;
      if (attempt === 3) throw new Error(`php -S did not start:\n${serverLog}`);
    }
  } catch (error) {
    await close();
    throw error;
  }

  const url = `http://127.0.0.1:${env.WP_PORT}`;
  return {
    url,
    origin: url,
    cli,
    async user(login, role, extra = {}) {
      const password = `pw-${randomBytes(8).toString('hex')}`;
      const [created] = await cli<{ id: number }>([{ op: 'user', login, password, role, ...extra }]);
      return { id: created!.id, login, password };
    },
    async post(fields) {
      const [post] = await cli<Post>([{ op: 'post', ...fields }]);
      return post!;
    },
    async option(name, value) {
      await cli([{ op: 'option', name, value }]);
    },
    async getOption(name) {
      const [result] = await cli<{ value: unknown }>([{ op: 'get-option', name }]);
      return result!.value;
    },
    debugLog: () => (existsSync(`${site}/debug.log`) ? readFileSync(`${site}/debug.log`, 'utf8') : ''),
    close,
  };
}

async function answers(url: string, server: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && server.exitCode === null) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const wpConfig = (prefix: string, port: number) => `<?php
define( 'DB_NAME', 'test' );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', '127.0.0.1:3306' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
$table_prefix = '${prefix}';
define( 'WP_HOME', 'http://127.0.0.1:${port}' );
define( 'WP_SITEURL', 'http://127.0.0.1:${port}' );
foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $key ) {
  define( $key, '${randomBytes(24).toString('hex')}' . $key );
}
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true ); // Offline: never call wordpress.org (requests to 127.0.0.1 pass).
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false ); // WordPress 6.1 logs PHP 8.2 deprecations that must not land in pages.
define( 'WP_DEBUG_LOG', __DIR__ . '/debug.log' );
if ( ! defined( 'ABSPATH' ) ) {
  define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
`;

/** Logs in through the real login form. */
export async function logIn(
  context: BrowserContext,
  url: string,
  user: { login: string; password: string },
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/wp-login.php`);
  await page.locator('#user_login').fill(user.login);
  await page.locator('#user_pass').fill(user.password);
  await Promise.all([page.waitForURL(/\/wp-admin\//), page.locator('#wp-submit').click()]);
  return page;
}
