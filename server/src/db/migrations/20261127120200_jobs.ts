import type { Knex } from 'knex';

export async function up(knex: Knex) {
  await knex.schema.createTable('jobs', (t) => {
    t.text('ref').primary();
    t.text('number').notNullable();
    t.text('customer_ref').notNullable();
    t.text('status').notNullable();
    /** The job as the main system last sent it (contracts `PutJobBody`). */
    t.jsonb('document').notNullable();
    t.timestamps(true, true);
    t.index('customer_ref');
  });

  await knex.schema.createTable('job_approvals', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('job_ref').notNullable().references('jobs.ref').onDelete('CASCADE');
    t.uuid('link_id').references('links.id').onDelete('SET NULL');
    t.text('decision').notNullable();
    t.text('name').notNullable();
    t.text('comment');
    t.text('quote_ref');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index('job_ref');
    t.index('link_id');
  });
}

export async function down(knex: Knex) {
  await knex.schema.dropTable('job_approvals');
  await knex.schema.dropTable('jobs');
}
