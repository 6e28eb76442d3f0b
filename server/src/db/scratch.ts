import { randomBytes } from 'node:crypto';
import { createKnex } from './knex.js';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database beside the one in `adminUrl` (for tests and benchmarks), dropped on demand. */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    // Creating a database on a busy machine can take longer than a request may wait.
    const admin = createKnex(adminUrl, 1, 30_000);
    try {
      await admin.raw(sql);
    } finally {
      await admin.destroy();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
