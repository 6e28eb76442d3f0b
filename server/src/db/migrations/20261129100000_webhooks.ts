import type { Knex } from 'knex';

/** Webhook subscriptions (each with its own cursor into the event feed) and their recent delivery attempts. */
export async function up(knex: Knex) {
  await knex.schema.createTable('webhook_subscriptions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('url').notNullable();
    t.text('description');
    /** null: every event type; else exact types and `noun.*` patterns. */
    t.specificType('event_types', 'text[]');
    /** `whsec_<base64>`, stored as is (see docs/architecture.md "Webhooks"); never answered after creation or rotation. */
    t.text('secret').notNullable();
    t.text('previous_secret');
    t.timestamp('previous_secret_expires_at', { useTz: true });
    t.timestamp('secret_rotated_at', { useTz: true });
    t.text('status').notNullable().defaultTo('active');
    /** The feed position: (writing transaction, id) of the last event passed, as `readFeed` takes it. */
    t.specificType('cursor_tx_id', 'xid8').notNullable().defaultTo(knex.raw("'0'::xid8"));
    t.bigInteger('cursor_event_id').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    /** A worker's claim: who (random token, fences its writes) and until when. */
    t.uuid('lease_token');
    t.timestamp('leased_until', { useTz: true });
    t.integer('consecutive_failures').notNullable().defaultTo(0);
    t.timestamp('failing_since', { useTz: true });
    t.timestamp('disabled_at', { useTz: true });
    t.timestamp('last_success_at', { useTz: true });
    t.uuid('created_by_key_id').references('integration_keys.id').onDelete('SET NULL');
    t.timestamps(true, true);
    t.index(['next_attempt_at']);
    t.index('created_by_key_id');
  });
  await knex.raw(
    "ALTER TABLE webhook_subscriptions ADD CONSTRAINT webhook_subscriptions_status CHECK (status IN ('active', 'failing', 'disabled'))",
  );

  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.bigIncrements('id');
    t.uuid('subscription_id').notNullable().references('webhook_subscriptions.id').onDelete('CASCADE');
    t.bigInteger('event_id').notNullable();
    t.text('event_type').notNullable();
    t.timestamp('attempted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('duration_ms').notNullable();
    t.integer('status_code');
    t.boolean('ok').notNullable();
    t.text('error');
    /** At most 1 kB of the receiver's answer. */
    t.text('response_body');
    t.index(['subscription_id', 'id']);
  });
}

export async function down(knex: Knex) {
  await knex.schema.dropTable('webhook_deliveries');
  await knex.schema.dropTable('webhook_subscriptions');
}
