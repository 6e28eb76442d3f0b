import knexPkg, { type Knex } from 'knex';
import { knexSnakeCaseMappers } from 'objection';
import { migrationSource } from './migrations/index.js';

const { knex } = knexPkg;

export function createKnex(connectionString: string, poolMax = 10): Knex {
  const db = knex({
    client: 'pg',
    connection: { connectionString, application_name: 'amage-portals' },
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
