import type { Knex } from 'knex';
import type { AttachmentSummary, Subject } from '@amage/contracts';
import { AppError } from '../../lib/errors.js';

/**
 * Where the customer portal meets the shared attachment module (`modules/attachments`, being built
 * in parallel). Until it lands, no file can be claimed: every id is refused the way the module
 * refuses unknown ones. After merging it this file becomes a re-export of `claimAttachments`.
 */
export interface AttachmentRecord extends AttachmentSummary {
  sha256?: string;
  createdAt?: string;
}

export async function claimAttachments(_trx: Knex.Transaction, _subject: Subject, ids: readonly string[]): Promise<AttachmentRecord[]> {
  const index = ids.length > 0 ? 0 : -1;
  if (index < 0) return [];
  throw new AppError('attachment.not_found', 422, 'No such file was uploaded for this link.', {
    errors: [{ pointer: `/attachments/${index}`, message: 'unknown file' }],
  });
}

export const toSummary = ({ id, filename, contentType, size }: AttachmentRecord): AttachmentSummary => ({ id, filename, contentType, size });
