import type { Knex } from 'knex';
import type { AttachmentRef, Subject } from '@amage/contracts';
import { AppError } from '../../lib/errors.js';

/**
 * TEMPORARY stand-in for `claimAttachments` of the attachments module (being built on its own branch;
 * contract in the portal brief). Same signature: throws a field-pointed 422 `attachment.not_found`
 * for any id not owned by the subject and returns the records. Until the module lands, no attachment
 * exists, so any id is refused. Replace the import with `../attachments/attachments.service.js`.
 */
export async function claimAttachments(_trx: Knex.Transaction, _subject: Subject, ids: string[], pointer = '/attachments'): Promise<AttachmentRef[]> {
  if (ids.length === 0) return [];
  throw new AppError('attachment.not_found', 422, 'An attached file was not found among the files uploaded for this record.', {
    errors: ids.map((_, i) => ({ pointer: `${pointer}/${i}`, message: 'no such file for this record' })),
  });
}

/** Just the fields the views show. */
export const toAttachmentRef = (a: AttachmentRef): AttachmentRef => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size });
