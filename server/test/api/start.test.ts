import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createScratchDatabase } from '../../src/db/scratch.js';

// What `npm start` runs (npm test builds first).
const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A fresh database on the configured server, or nothing: then the server starts its embedded one. */
async function databaseEnv(): Promise<Record<string, string>> {
  if (inject('databaseKind') === 'embedded') return {};
  const scratch = await createScratchDatabase(inject('adminDatabaseUrl'), 'amage_start');
  cleanups.push(scratch.drop);
  return { DATABASE_URL: scratch.url };
}

/** The test process's environment without DATABASE_URL: the started server must choose its own. */
function environment() {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return rest;
}

describe('npm start', () => {
  it('when started, then it migrates, seeds demo data, prints a working link per portal, and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'amage-start-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...environment(),
        ...(await databaseEnv()),
        AMAGE_DATA_DIR: dataDir,
        PORT: '0',
        AMAGE_DEMO: 'true',
        AMAGE_DEMO_PORT: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    await expect.poll(() => out, { timeout: 30_000, interval: 200 }).toMatch(/Try each portal/);
    await expect.poll(() => out, { timeout: 5_000 }).toMatch(/hosted page: \S+#token=amg_/);
    const hosted = /hosted page: (\S+)#token=(amg_[A-Za-z0-9_-]{43})/.exec(out)!;
    const origin = new URL(hosted[1]!).origin.replace('localhost', '127.0.0.1');
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);
    const session = await fetch(`${origin}/api/portal/v1/session`, {
      headers: { authorization: `Bearer ${hosted[2]}` },
    });
    expect(session.status).toBe(200);
    expect(out).toMatch(/Demo integration key: amgk_/);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
