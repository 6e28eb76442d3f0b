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
}

export async function down(knex: Knex) {
  await knex.schema.dropTable('jobs');
}
