import type { Knex } from 'knex';

export async function up(knex: Knex) {
  await knex.schema.createTable('attachments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('subject_type').notNullable();
    t.text('subject_ref').notNullable();
    /** The link whose holder uploaded it; null for files the main system shared. */
    t.uuid('link_id').references('links.id').onDelete('SET NULL');
    /** `portal` uploads count against the subject's quota; `integration` ones (the main system's) do not. */
    t.text('source').notNullable();
    t.text('filename').notNullable();
    t.text('content_type').notNullable();
    t.integer('size').notNullable();
    t.text('sha256').notNullable();
    t.binary('content').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['subject_type', 'subject_ref', 'source']);
    t.index('link_id');
  });
  await knex.raw(
    `ALTER TABLE attachments ADD CONSTRAINT attachments_source_check CHECK (source IN ('portal', 'integration'))`,
  );
  await knex.raw(`ALTER TABLE attachments ADD CONSTRAINT attachments_size_check CHECK (size > 0)`);
  // Large files are already compressed (JPEG, HEIC, MP4, most PDFs): store them out of line without pglz.
  await knex.raw(`ALTER TABLE attachments ALTER COLUMN content SET STORAGE EXTERNAL`);
}

export async function down(knex: Knex) {
  await knex.schema.dropTable('attachments');
}
