import type { Knex } from 'knex';

/** Subcontractor portal (issue 5): work orders and what contractors record on them. */
export async function up(knex: Knex) {
  await knex.schema.createTable('work_orders', (t) => {
    t.text('ref').primary();
    t.text('number').notNullable();
    t.text('contractor_ref').notNullable();
    /** Set by the main system (PUT, status changes) and by a confirmed completion. */
    t.text('status').notNullable();
    /** The work order as the main system last sent it (contracts `PutWorkOrderBody`). */
    t.jsonb('document').notNullable();
    /** The attachment records its `attachments` ids resolved to. */
    t.jsonb('attachments').notNullable().defaultTo('[]');
    t.timestamps(true, true);
    t.index('contractor_ref');
  });

  const common = (t: Knex.CreateTableBuilder) => {
    t.text('work_order_ref').notNullable().references('work_orders.ref').onDelete('CASCADE');
    t.uuid('link_id').references('links.id').onDelete('SET NULL');
    t.index('link_id');
  };

  await knex.schema.createTable('work_logs', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    common(t);
    t.timestamp('start_at', { useTz: true });
    t.timestamp('end_at', { useTz: true });
    t.integer('duration_minutes').notNullable();
    t.jsonb('workers').notNullable();
    t.jsonb('materials').notNullable().defaultTo('[]');
    t.text('notes');
    t.jsonb('attachments').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index('work_order_ref');
  });

  await knex.schema.createTable('findings', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    common(t);
    t.text('what').notNullable();
    t.text('location').notNullable();
    t.text('urgency').notNullable();
    t.jsonb('attachments').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index('work_order_ref');
  });

  await knex.schema.createTable('inspection_answers', (t) => {
    common(t);
    t.text('checklist_key').notNullable();
    t.text('item_key').notNullable();
    t.text('result');
    t.double('value');
    t.text('text');
    t.text('comment');
    t.boolean('out_of_limits').notNullable().defaultTo(false);
    t.jsonb('attachments').notNullable().defaultTo('[]');
    t.timestamp('answered_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['work_order_ref', 'checklist_key', 'item_key']);
  });

  await knex.schema.createTable('inspection_submissions', (t) => {
    common(t);
    t.text('checklist_key').notNullable();
    t.text('inspector').notNullable();
    t.text('result').notNullable();
    t.jsonb('failed_items').notNullable().defaultTo('[]');
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['work_order_ref', 'checklist_key']);
  });

  await knex.schema.createTable('loto_steps', (t) => {
    t.bigIncrements('id');
    common(t);
    /** Position in the procedure's sequence; the unique keys make "never twice" a database rule too. */
    t.integer('seq').notNullable();
    t.text('point_key');
    t.text('step').notNullable();
    t.text('lock_number');
    t.text('done_by').notNullable();
    t.timestamp('done_at', { useTz: true }).notNullable();
    t.jsonb('attachment');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['work_order_ref', 'seq']);
    t.index('work_order_ref');
  });

  await knex.raw("CREATE UNIQUE INDEX loto_steps_once ON loto_steps (work_order_ref, coalesce(point_key, ''), step)");

  await knex.schema.createTable('loto_sign_offs', (t) => {
    common(t);
    t.text('done_by').notNullable();
    t.timestamp('done_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['work_order_ref']);
  });

  await knex.schema.createTable('permit_entries', (t) => {
    t.bigIncrements('id');
    common(t);
    t.text('permit_ref').notNullable();
    t.text('kind').notNullable();
    t.integer('precaution');
    t.jsonb('workers');
    t.text('reason');
    t.text('remarks');
    t.text('done_by').notNullable();
    t.timestamp('done_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['work_order_ref', 'permit_ref']);
  });

  await knex.schema.createTable('work_order_completions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    common(t);
    t.text('summary').notNullable();
    t.text('remarks');
    t.text('confirmed_by').notNullable();
    t.text('signature');
    t.text('typed_signature');
    t.timestamp('confirmed_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index('work_order_ref');
  });
}

export async function down(knex: Knex) {
  for (const table of [
    'work_order_completions',
    'permit_entries',
    'loto_sign_offs',
    'loto_steps',
    'inspection_submissions',
    'inspection_answers',
    'findings',
    'work_logs',
    'work_orders',
  ]) {
    await knex.schema.dropTable(table);
  }
}
