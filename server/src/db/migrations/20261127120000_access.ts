import type { Knex } from 'knex';

export async function up(knex: Knex) {
  await knex.schema.createTable('integration_keys', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('prefix').notNullable();
    t.binary('key_hash').notNullable().unique();
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.timestamps(true, true);
  });

  await knex.schema.createTable('links', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.binary('token_hash').notNullable().unique();
    t.text('subject_type').notNullable();
    t.text('subject_ref').notNullable();
    t.specificType('actions', 'text[]').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.integer('max_uses');
    t.integer('uses').notNullable().defaultTo(0);
    t.jsonb('recipient');
    t.specificType('allowed_origins', 'text[]').notNullable().defaultTo('{}');
    t.jsonb('constraints').notNullable().defaultTo('{}');
    t.uuid('created_by_key_id').references('integration_keys.id').onDelete('SET NULL');
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.timestamps(true, true);
    t.index(['subject_type', 'subject_ref']);
    t.index('created_by_key_id');
  });
  await knex.raw(
    'ALTER TABLE links ADD CONSTRAINT links_uses_within_limit CHECK (max_uses IS NULL OR uses <= max_uses)',
  );

  await knex.schema.createTable('sessions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('link_id').notNullable().references('links.id').onDelete('CASCADE');
    t.binary('token_hash').notNullable().unique();
    t.uuid('parent_id').references('sessions.id').onDelete('SET NULL');
    /** The Idempotency-Key of the POST that started it: a retry re-mints this session instead of spending a use. */
    t.text('idempotency_key');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['link_id', 'idempotency_key']);
    t.index('parent_id');
  });

  await knex.schema.createTable('access_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('link_id').references('links.id').onDelete('SET NULL');
    t.uuid('session_id').references('sessions.id').onDelete('SET NULL');
    t.text('token_kind');
    t.text('ip');
    t.text('user_agent');
    t.text('origin');
    t.text('method').notNullable();
    t.text('route').notNullable();
    t.text('action');
    t.integer('status').notNullable();
    t.text('outcome').notNullable();
    t.index(['link_id', 'at']);
    t.index('session_id');
  });

  await knex.schema.createTable('idempotency_keys', (t) => {
    t.uuid('link_id').notNullable().references('links.id').onDelete('CASCADE');
    t.text('key').notNullable();
    t.text('request_hash').notNullable();
    t.text('state').notNullable();
    t.integer('response_status');
    t.jsonb('response_body');
    t.text('response_location');
    t.timestamps(true, true);
    t.primary(['link_id', 'key']);
  });

  await knex.schema.createTable('link_renewals', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('link_id').notNullable().references('links.id').onDelete('CASCADE');
    t.text('ip');
    t.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['link_id', 'requested_at']);
  });

  // The layout rate-limiter-flexible's RateLimiterPostgres expects (it is told not to create it).
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 255).primary();
    t.integer('points').notNullable().defaultTo(0);
    t.bigInteger('expire');
  });
}

export async function down(knex: Knex) {
  for (const table of [
    'rate_limits',
    'link_renewals',
    'idempotency_keys',
    'access_log',
    'sessions',
    'links',
    'integration_keys',
  ]) {
    await knex.schema.dropTable(table);
  }
}
