import knexPkg, { type Knex } from 'knex';
import { knexSnakeCaseMappers } from 'objection';
import { migrationSource } from './migrations/index.js';

const { knex } = knexPkg;

/** `timeoutMs`: how long connecting and waiting for a pooled connection may take (admin tasks wait longer). */
export function createKnex(connectionString: string, poolMax = 10, timeoutMs = 2000): Knex {
  const db = knex({
    client: 'pg',
    // A database away answers 503 within 2 s (error-handler.ts): connecting and waiting for a pooled
    // connection give up after that long instead of hanging the request.
    connection: { connectionString, application_name: 'amage-portals', connectionTimeoutMillis: timeoutMs },
    acquireConnectionTimeout: timeoutMs,
    pool: {
      min: 0,
      max: poolMax,
      // An idle client killed by the server (restart, 57P01) must not crash the process.
      afterCreate: (
        conn: { on(event: 'error', fn: () => void): void },
        done: (err: Error | null, conn: unknown) => void,
      ) => {
        conn.on('error', () => {});
        done(null, conn);
      },
    },
    ...knexSnakeCaseMappers(),
  });
  return db;
}

export async function migrateLatest(db: Knex) {
  await db.migrate.latest({ migrationSource });
}
