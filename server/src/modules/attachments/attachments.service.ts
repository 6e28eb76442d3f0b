import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { fileTypeFromBuffer } from 'file-type';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  AttachmentProblemCode,
  ProblemCode,
  SUBJECT_ATTACHMENTS_MAX_BYTES,
  type Attachment,
  type AttachmentSummary,
  type Subject,
} from '@amage/contracts';
import { AppError, notFound } from '../../lib/errors.js';
import { recordEvent } from '../events/events.service.js';
import { sanitizeFilename } from './filename.js';

/** Where an upload came from: portal uploads count against the subject's quota and write an event. */
export type AttachmentSource =
  | { kind: 'portal'; linkId: string; assertAllowed: (trx: Knex.Transaction) => Promise<void> }
  | { kind: 'integration' };

/** Whose files a portal caller may see and reference: the subject's, or (files per link) only its link's and the main system's. */
export interface FileScope {
  subject: Subject;
  linkId?: string;
}

const inScope = (q: Knex.QueryBuilder, scope: FileScope) => {
  q.where({ subjectType: scope.subject.type, subjectRef: scope.subject.ref });
  if (scope.linkId) q.where((w) => w.where({ source: 'integration' }).orWhere({ linkId: scope.linkId }));
  return q;
};

export interface StoredFile extends Attachment {
  content: Buffer;
}

const META = ['id', 'filename', 'contentType', 'size', 'sha256', 'createdAt'] as const;
// Namespace of this module's advisory locks (`pg_advisory_xact_lock(int, int)`): "att" in ASCII.
const LOCK_CLASS = 0x617474;
const MB = 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Row {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
  subjectType?: string;
  subjectRef?: string;
  content?: Buffer;
}

const toAttachment = (row: Row): Attachment => ({
  id: row.id,
  filename: row.filename,
  contentType: row.contentType,
  size: row.size,
  sha256: row.sha256,
  createdAt: row.createdAt.toISOString(),
});

/** The allowed type the content really is (magic bytes), or undefined. Names and declared types are not trusted. */
async function detectType(content: Uint8Array): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(content);
  return detected && (ATTACHMENT_TYPES as readonly string[]).includes(detected.mime) ? detected.mime : undefined;
}

/**
 * Stores one uploaded file for `subject`, all or nothing: the body was read completely before this
 * runs, and the quota check, the insert and the event share one transaction under a per-subject
 * advisory lock, so concurrent uploads cannot together pass the subject's limit.
 */
export async function storeAttachment(
  db: Knex,
  subject: Subject,
  source: AttachmentSource,
  body: unknown,
  filenameHeader: string | undefined,
): Promise<Attachment> {
  if (!Buffer.isBuffer(body)) {
    // Only a JSON body is parsed before the upload route (the portal API's JSON parser); JSON is not a file type we take.
    throw new AppError(AttachmentProblemCode.typeNotAllowed, 415, 'Send the file itself as the request body.');
  }
  if (body.length === 0) throw new AppError(AttachmentProblemCode.empty, 400, 'The file is empty.');
  if (body.length > ATTACHMENT_MAX_BYTES) throw tooLarge();
  const contentType = await detectType(body);
  if (!contentType) {
    throw new AppError(
      AttachmentProblemCode.typeNotAllowed,
      415,
      'This kind of file is not accepted. Send a photo (JPEG, PNG, HEIC, WebP), a PDF or a video (MP4, MOV).',
    );
  }
  const filename = sanitizeFilename(filenameHeader, contentType);
  if (filename === undefined) {
    throw new AppError(
      AttachmentProblemCode.filenameInvalid,
      400,
      'X-Filename must be the file name, percent-encoded as UTF-8.',
    );
  }
  const sha256 = createHash('sha256').update(body).digest('hex');

  return db.transaction(async (trx) => {
    if (source.kind === 'portal') {
      await source.assertAllowed(trx);
      await trx.raw('SELECT pg_advisory_xact_lock(?, hashtext(?))', [LOCK_CLASS, `${subject.type}\n${subject.ref}`]);
      const [{ used }] = await trx('attachments')
        .where({ subjectType: subject.type, subjectRef: subject.ref, source: 'portal' })
        .select(trx.raw('coalesce(sum(size), 0)::bigint AS used'));
      if (Number(used) + body.length > SUBJECT_ATTACHMENTS_MAX_BYTES) {
        throw new AppError(
          AttachmentProblemCode.subjectQuotaExceeded,
          413,
          `The files sent for this ${subject.type} may total at most ${SUBJECT_ATTACHMENTS_MAX_BYTES / MB} MB; ${Math.max(0, Math.floor((SUBJECT_ATTACHMENTS_MAX_BYTES - Number(used)) / MB))} MB are left.`,
        );
      }
    }
    const [row] = await trx('attachments')
      .insert({
        subjectType: subject.type,
        subjectRef: subject.ref,
        linkId: source.kind === 'portal' ? source.linkId : null,
        source: source.kind,
        filename,
        contentType,
        size: body.length,
        sha256,
        content: body,
      })
      .returning([...META]);
    const attachment = toAttachment(row as Row);
    if (source.kind === 'portal') {
      await recordEvent(trx, { type: 'attachment.uploaded', subject, linkId: source.linkId, data: { ...attachment } });
    }
    return attachment;
  });
}

export const tooLarge = () =>
  new AppError(AttachmentProblemCode.tooLarge, 413, `A file may be at most ${ATTACHMENT_MAX_BYTES / MB} MB.`);

/** Metadata of every file in scope, oldest first. */
export async function listAttachments(db: Knex, scope: FileScope): Promise<Attachment[]> {
  const rows: Row[] = await inScope(db('attachments'), scope)
    .select([...META])
    .orderBy([{ column: 'createdAt' }, { column: 'id' }])
    .limit(1000);
  return rows.map(toAttachment);
}

/**
 * A file with its content. With `scope` (portal API) it must be in it: another subject's file is 403, as
 * every other record outside the token's subject, and another link's file of a files-per-link subject 404.
 */
export async function readAttachment(db: Knex, id: string, scope?: FileScope): Promise<StoredFile> {
  const row: (Row & { linkId: string | null; source: string }) | undefined = await db('attachments')
    .where({ id })
    .first([...META, 'subjectType', 'subjectRef', 'linkId', 'source', 'content']);
  if (!row) throw notFound(`Attachment ${id}`);
  if (scope && (row.subjectType !== scope.subject.type || row.subjectRef !== scope.subject.ref)) {
    throw new AppError(ProblemCode.subjectMismatch, 403, 'This file belongs to something your link is not for.');
  }
  if (scope?.linkId && row.source !== 'integration' && row.linkId !== scope.linkId) throw notFound(`Attachment ${id}`);
  return { ...toAttachment(row), content: row.content! };
}

/** The fields of a file a portal view shows (`AttachmentSummary`), from a full or stored record. */
export const toSummary = ({ id, filename, contentType, size }: AttachmentSummary): AttachmentSummary => ({
  id,
  filename,
  contentType,
  size,
});

/**
 * For services storing a submit that references files (`attachments: [uuid, …]`): every id must be a
 * file of `subject`, else 422 `attachment.not_found` pointing at `/attachments/<i>`. Returns the
 * records in the order given; the rows stay share-locked until `trx` ends.
 */
export async function claimAttachments(
  trx: Knex.Transaction,
  scope: Subject | FileScope,
  ids: readonly string[],
  pointer = '/attachments',
): Promise<Attachment[]> {
  if (ids.length === 0) return [];
  const valid = ids.filter((id) => UUID.test(id));
  const rows: Row[] = valid.length
    ? await inScope(trx('attachments').whereIn('id', valid), 'subject' in scope ? scope : { subject: scope })
        .select([...META])
        .forShare()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const errors = ids.flatMap((id, i) =>
    byId.has(id.toLowerCase())
      ? []
      : [{ pointer: `${pointer}/${i}`, message: 'no such file was uploaded for this link' }],
  );
  if (errors.length) {
    throw new AppError(AttachmentProblemCode.notFound, 422, 'An attached file was not found. Upload it again.', {
      errors,
    });
  }
  return ids.map((id) => toAttachment(byId.get(id.toLowerCase())!));
}

/** Records of the ids that belong to `subject`, in the order given (unknown ones skipped): for views that echo stored ids. */
export async function attachmentsOf(db: Knex, subject: Subject, ids: readonly string[]): Promise<Attachment[]> {
  const valid = ids.filter((id) => UUID.test(id));
  if (valid.length === 0) return [];
  const rows: Row[] = await db('attachments')
    .whereIn('id', valid)
    .where({ subjectType: subject.type, subjectRef: subject.ref })
    .select([...META]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return valid.flatMap((id) => {
    const row = byId.get(id.toLowerCase());
    return row ? [toAttachment(row)] : [];
  });
}
