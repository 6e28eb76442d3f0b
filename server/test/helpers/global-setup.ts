import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose user may create databases: the server in DATABASE_URL, or an embedded one. */
    adminDatabaseUrl: string;
    databaseKind: 'embedded' | 'server';
  }
}

let embedded: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('adminDatabaseUrl', process.env.DATABASE_URL);
    project.provide('databaseKind', 'server');
    return;
  }
  dataDir = await mkdtemp(path.join(tmpdir(), 'amage-test-pg-'));
  embedded = await startEmbeddedPostgres(dataDir);
  project.provide('adminDatabaseUrl', embedded.url);
  project.provide('databaseKind', 'embedded');
}

export async function teardown() {
  await embedded?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
