import type { Knex } from 'knex';

/**
 * A session start or refresh retried under its Idempotency-Key answers the same token again: the
 * token is kept sealed with a key derived from the token that asked for it (the link token, or the
 * refreshed session's), which the database never holds, so only that token's holder can open it.
 */
export async function up(knex: Knex) {
  await knex.schema.alterTable('sessions', (t) => {
    t.binary('replay_token_sealed');
  });
}

export async function down(knex: Knex) {
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('replay_token_sealed');
  });
}
