import type { Knex } from 'knex';

export async function up(knex: Knex) {
  await knex.schema.createTable('events', (t) => {
    t.bigIncrements('id');
    // The writing transaction's id: the feed orders by (tx_id, id) and only hands out rows of
    // transactions older than every one still running, so a late commit is never skipped.
    t.specificType('tx_id', 'xid8').notNullable().defaultTo(knex.raw('pg_current_xact_id()'));
    t.text('type').notNullable();
    t.text('subject_type').notNullable();
    t.text('subject_ref').notNullable();
    t.uuid('link_id').references('links.id').onDelete('SET NULL');
    t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.jsonb('data').notNullable().defaultTo('{}');
    t.index(['tx_id', 'id']);
    t.index(['subject_type', 'subject_ref']);
    t.index('link_id');
  });
}

export async function down(knex: Knex) {
  await knex.schema.dropTable('events');
}
