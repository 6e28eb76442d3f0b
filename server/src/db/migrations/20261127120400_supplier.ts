import type { Knex } from 'knex';

export async function up(knex: Knex) {
  await knex.schema.createTable('purchase_orders', (t) => {
    t.text('ref').primary();
    t.text('number').notNullable();
    t.text('supplier_ref').notNullable();
    t.text('status').notNullable();
    /** The order as the main system last sent it (contracts `PutPurchaseOrderBody`). */
    t.jsonb('document').notNullable();
    /** Attachment records the main system shared with the order. */
    t.jsonb('attachments').notNullable().defaultTo('[]');
    t.text('supplier_order_ref');
    t.timestamps(true, true);
    t.index('supplier_ref');
  });

  await knex.schema.createTable('date_confirmations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('purchase_order_ref').notNullable().references('purchase_orders.ref').onDelete('CASCADE');
    t.uuid('link_id').references('links.id').onDelete('SET NULL');
    t.jsonb('lines').notNullable();
    t.text('supplier_order_ref');
    t.text('note');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index('purchase_order_ref');
    t.index('link_id');
  });

  await knex.schema.createTable('deliveries', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('purchase_order_ref').notNullable().references('purchase_orders.ref').onDelete('CASCADE');
    t.uuid('link_id').references('links.id').onDelete('SET NULL');
    /** `declared` or `cancelled`; received / partly received follow from the order's receipts. */
    t.text('state').notNullable().defaultTo('declared');
    /** The declaration as last sent (contracts `DeclareDeliveryBody`). */
    t.jsonb('document').notNullable();
    t.jsonb('attachments').notNullable().defaultTo('[]');
    t.integer('revision').notNullable().defaultTo(1);
    t.text('cancel_reason');
    t.timestamps(true, true);
    t.index('purchase_order_ref');
    t.index('link_id');
  });

  await knex.schema.createTable('complaints', (t) => {
    t.text('ref').primary();
    t.text('number').notNullable();
    t.text('supplier_ref').notNullable();
    t.text('purchase_order_ref');
    /** The complaint as the main system last sent it (contracts `PutComplaintBody`). */
    t.jsonb('document').notNullable();
    t.jsonb('attachments').notNullable().defaultTo('[]');
    t.timestamps(true, true);
    t.index('supplier_ref');
    t.index('purchase_order_ref');
  });

  await knex.schema.createTable('complaint_responses', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('complaint_ref').notNullable().references('complaints.ref').onDelete('CASCADE');
    t.text('stage_key').notNullable();
    t.uuid('link_id').references('links.id').onDelete('SET NULL');
    t.jsonb('body').notNullable();
    t.jsonb('attachments').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['complaint_ref', 'stage_key']);
    t.index('link_id');
  });

  /** The supplier's dispute or acceptance of a complaint as a whole. */
  await knex.schema.createTable('complaint_positions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('complaint_ref').notNullable().references('complaints.ref').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.uuid('link_id').references('links.id').onDelete('SET NULL');
    t.jsonb('body').notNullable();
    t.jsonb('attachments').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index('complaint_ref');
    t.index('link_id');
  });

  /**
   * What happened to a purchase order line or a complaint, from either side, in order. Entries the
   * main system caused (decisions, receipts, closure) carry a `dedupe_key`, so re-sending the same
   * PUT records them once.
   */
  await knex.schema.createTable('supplier_history', (t) => {
    t.bigIncrements('id');
    t.text('subject_type').notNullable();
    t.text('subject_ref').notNullable();
    t.integer('line_no');
    t.text('stage_key');
    t.text('kind').notNullable();
    t.text('by').notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    t.text('dedupe_key');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['subject_type', 'subject_ref', 'id']);
    t.unique(['subject_type', 'subject_ref', 'dedupe_key']);
  });
}

export async function down(knex: Knex) {
  for (const table of [
    'supplier_history',
    'complaint_positions',
    'complaint_responses',
    'complaints',
    'deliveries',
    'date_confirmations',
    'purchase_orders',
  ]) {
    await knex.schema.dropTable(table);
  }
}
