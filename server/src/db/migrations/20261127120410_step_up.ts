import type { Knex } from 'knex';

export async function up(knex: Knex) {
  await knex.schema.alterTable('links', (t) => {
    /** Actions whose risky routes need a step-up code. */
    t.specificType('step_up', 'text[]').notNullable().defaultTo('{}');
  });

  await knex.schema.createTable('step_up_codes', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('link_id').notNullable().references('links.id').onDelete('CASCADE');
    t.uuid('session_id').references('sessions.id').onDelete('SET NULL');
    t.text('action').notNullable();
    /** SHA-256 of `<link id>:<code>`; the code itself is never stored here. */
    t.binary('code_hash').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['link_id', 'action']);
    t.index('session_id');
  });
}

export async function down(knex: Knex) {
  await knex.schema.dropTable('step_up_codes');
  await knex.schema.alterTable('links', (t) => t.dropColumn('step_up'));
}
