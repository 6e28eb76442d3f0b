import type { Knex } from 'knex';

/** Issue #12: a link's own contact, device continuations of one-time links, and the hosted page's appearance. */
export async function up(knex: Knex) {
  await knex.schema.alterTable('links', (t) => {
    t.jsonb('contact');
  });
  await knex.schema.createTable('link_continuations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('link_id').notNullable().references('links.id').onDelete('CASCADE');
    /** SHA-256 of the device's `amgc_…` secret. */
    t.binary('secret_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index('link_id');
  });
  await knex.schema.createTable('appearance', (t) => {
    /** One row: the company that runs this portal. */
    t.smallint('id').primary().checkIn(['1']);
    t.text('company_name');
    t.text('primary_color');
    t.jsonb('support');
    t.binary('logo');
    t.text('logo_type');
    t.text('logo_sha256');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex) {
  await knex.schema.dropTable('appearance');
  await knex.schema.dropTable('link_continuations');
  await knex.schema.alterTable('links', (t) => {
    t.dropColumn('contact');
  });
}
