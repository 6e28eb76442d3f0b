import type { Knex } from 'knex';

export async function up(knex: Knex) {
  await knex.schema.alterTable('links', (t) => {
    /** `email`: the portal sent the link to its recipient; `none`: the main system delivers it. */
    t.text('delivery').notNullable().defaultTo('none');
    /** `automatic`: a renewal asked for on an expired or used-up link is issued and e-mailed at once. */
    t.text('renewal').notNullable().defaultTo('manual');
    t.uuid('renewed_from_id').references('links.id').onDelete('SET NULL');
  });

  // One row per mail to send (a link, a step-up code); the queue job only names the row.
  await knex.schema.createTable('mail_deliveries', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('kind').notNullable();
    t.uuid('link_id').notNullable().references('links.id').onDelete('CASCADE');
    t.text('to_address').notNullable();
    /** The link's clear token or the step-up code, sealed with the server secret (never in the clear); cleared once sent or failed. */
    t.binary('sealed_secret');
    /** For step-up mails: the action the code confirms and when it expires. */
    t.text('action');
    t.timestamp('secret_expires_at', { useTz: true });
    t.text('state').notNullable().defaultTo('queued');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.text('smtp_message_id');
    t.timestamp('sent_at', { useTz: true });
    t.timestamp('failed_at', { useTz: true });
    t.timestamps(true, true);
    t.index(['link_id', 'created_at']);
  });
  await knex.raw(
    "ALTER TABLE mail_deliveries ADD CONSTRAINT mail_deliveries_state CHECK (state IN ('queued', 'sending', 'sent', 'failed'))",
  );
  await knex.raw("ALTER TABLE mail_deliveries ADD CONSTRAINT mail_deliveries_kind CHECK (kind IN ('link', 'step-up'))");
}

export async function down(knex: Knex) {
  await knex.schema.dropTable('mail_deliveries');
  await knex.schema.alterTable('links', (t) => {
    t.dropColumn('renewed_from_id');
    t.dropColumn('renewal');
    t.dropColumn('delivery');
  });
}
