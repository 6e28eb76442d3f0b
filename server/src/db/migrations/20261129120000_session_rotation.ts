import type { Knex } from 'knex';

/** Refresh rotation: each session may be refreshed once; a second refresh of it ends its whole family. */
export async function up(knex: Knex) {
  await knex.schema.alterTable('sessions', (t) => {
    /** The session the chain of refreshes started from (its own id for a session started from a link). */
    t.uuid('family_id');
    t.timestamp('refreshed_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.index('family_id');
  });
  await knex.raw('UPDATE sessions SET family_id = id');
  await knex.raw('ALTER TABLE sessions ALTER COLUMN family_id SET NOT NULL');
}

export async function down(knex: Knex) {
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('family_id');
    t.dropColumn('refreshed_at');
    t.dropColumn('revoked_at');
  });
}
