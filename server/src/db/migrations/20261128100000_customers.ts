import type { Knex } from 'knex';

/** Customer portal: shared customers, service requests and their comments, job progress, ratings, signatures. */
export async function up(knex: Knex) {
  await knex.schema.createTable('customers', (t) => {
    t.text('ref').primary();
    t.text('name').notNullable();
    /** The customer as the main system last sent it (contracts `PutCustomerBody`). */
    t.jsonb('document').notNullable();
    t.timestamps(true, true);
  });

  await knex.raw('CREATE SEQUENCE service_request_number_seq');
  await knex.schema.createTable('service_requests', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('number').notNullable().unique();
    t.text('customer_ref').notNullable().references('customers.ref').onDelete('CASCADE');
    /** The intake link it was made through: a requester sees only these. */
    t.uuid('link_id').references('links.id').onDelete('SET NULL');
    t.text('status').notNullable().defaultTo('submitted');
    t.text('job_ref');
    t.timestamp('planned_start', { useTz: true });
    t.timestamp('planned_end', { useTz: true });
    /** What was submitted, with snapshots of the category, asset, site and attachments (contracts view fields). */
    t.jsonb('document').notNullable();
    t.jsonb('messages').notNullable().defaultTo('[]');
    t.timestamp('cancelled_at', { useTz: true });
    t.text('cancel_reason');
    t.timestamps(true, true);
    t.index(['link_id', 'created_at']);
    t.index('customer_ref');
  });

  await knex.schema.createTable('service_request_comments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('request_id').notNullable().references('service_requests.id').onDelete('CASCADE');
    t.uuid('link_id').references('links.id').onDelete('SET NULL');
    t.text('text');
    t.jsonb('attachments').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index('request_id');
    t.index('link_id');
  });

  await knex.schema.createTable('job_progress', (t) => {
    t.bigIncrements('id');
    t.text('job_ref').notNullable().references('jobs.ref').onDelete('CASCADE');
    /** The main system's id for the event, so a retried POST adds nothing. */
    t.text('external_id');
    t.timestamp('at', { useTz: true }).notNullable();
    /** The event as shown (contracts `JobProgressEvent` without id). */
    t.jsonb('document').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['job_ref', 'external_id']);
    t.index(['job_ref', 'at']);
  });

  await knex.schema.alterTable('job_approvals', (t) => {
    /** A drawn signature (PNG data URL), when one was given. */
    t.text('signature');
  });

  await knex.schema.createTable('job_ratings', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('job_ref').notNullable().references('jobs.ref').onDelete('CASCADE');
    t.uuid('link_id').references('links.id').onDelete('SET NULL');
    t.integer('score').notNullable();
    t.text('comment');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index('job_ref');
    t.index('link_id');
  });
  await knex.raw('ALTER TABLE job_ratings ADD CONSTRAINT job_ratings_score CHECK (score BETWEEN 1 AND 5)');
}

export async function down(knex: Knex) {
  await knex.schema.dropTable('job_ratings');
  await knex.schema.alterTable('job_approvals', (t) => t.dropColumn('signature'));
  await knex.schema.dropTable('job_progress');
  await knex.schema.dropTable('service_request_comments');
  await knex.schema.dropTable('service_requests');
  await knex.raw('DROP SEQUENCE service_request_number_seq');
  await knex.schema.dropTable('customers');
}
