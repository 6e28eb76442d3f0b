import type { Knex } from 'knex';
import type { AttachmentRef, Subject } from '@amage/contracts';

/**
 * The one place this module reaches the shared attachments module (`claimAttachments(trx, subject,
 * ids)`: field-pointed 422 `attachment.not_found` for an id of another subject or unknown; returns
 * the Attachment records). TEMPORARY STUB until that module is on main: it echoes the ids unchecked.
 */
export async function claimAttachments(_trx: Knex.Transaction, _subject: Subject, ids: readonly string[] | undefined): Promise<AttachmentRef[]> {
  return (ids ?? []).map((id) => ({ id }));
}
