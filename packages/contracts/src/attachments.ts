import { Type, type Static } from '@sinclair/typebox';
import { DateTime, IdParams, Ref, SubjectType, Uuid } from './common.js';
import { ATTACHMENT_FILENAME_MAX, ATTACHMENTS_MAX_ITEMS } from './constants.js';

/** A stored file, as both APIs describe it (the content is downloaded separately). */
export const Attachment = Type.Object({
  id: Uuid,
  /** Sanitised original name (no path, no control characters, at most 200 characters). */
  filename: Type.String({ maxLength: ATTACHMENT_FILENAME_MAX }),
  /** The type detected from the content, one of `ATTACHMENT_TYPES`. */
  contentType: Type.String(),
  /** Bytes. */
  size: Type.Integer({ minimum: 1 }),
  /** SHA-256 of the content, lowercase hex; also the download's ETag. */
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  createdAt: DateTime,
});
export type Attachment = Static<typeof Attachment>;

/** A file as a portal view shows it: the fields of `Attachment` a widget needs to list and open it. */
export const AttachmentSummary = Type.Pick(Attachment, ['id', 'filename', 'contentType', 'size']);
export type AttachmentSummary = Static<typeof AttachmentSummary>;
/**
 * The supplier portal's name for `AttachmentSummary`.
 * @alias
 */
export const AttachmentRef = AttachmentSummary;
/** @alias */
export type AttachmentRef = AttachmentSummary;

/** How a submit body references uploaded files: `attachments: [uuid, …]`. */
export const AttachmentIds = Type.Array(Uuid, { maxItems: ATTACHMENTS_MAX_ITEMS, uniqueItems: true });
export type AttachmentIds = Static<typeof AttachmentIds>;

export const AttachmentList = Type.Object({ attachments: Type.Array(Attachment) });
export type AttachmentList = Static<typeof AttachmentList>;

/** Integration API: whose files (`POST /attachments?subjectType=…&subjectRef=…`, `GET /attachments?…`). */
export const AttachmentSubjectQuery = Type.Object(
  { subjectType: SubjectType, subjectRef: Ref },
  { additionalProperties: false },
);
export type AttachmentSubjectQuery = Static<typeof AttachmentSubjectQuery>;

export const AttachmentIdParams = IdParams;

/** Stable problem codes of uploads and attachment references. */
export const AttachmentProblemCode = {
  /** 422: a referenced id is unknown or belongs to another subject (field-pointed). */
  notFound: 'attachment.not_found',
  /** 415: the content is not one of `ATTACHMENT_TYPES`. */
  typeNotAllowed: 'attachment.type_not_allowed',
  /** 413: the file is larger than `ATTACHMENT_MAX_BYTES`. */
  tooLarge: 'attachment.too_large',
  /** 413: the subject's files would exceed `SUBJECT_ATTACHMENTS_MAX_BYTES`. */
  subjectQuotaExceeded: 'attachment.subject_quota_exceeded',
  /** 400: the body is empty. */
  empty: 'attachment.empty',
  /** 403: this kind of link takes no files (its forms have no file field). */
  notAccepted: 'attachment.not_accepted',
  /** 400: `X-Filename` is not valid percent-encoded UTF-8. */
  filenameInvalid: 'attachment.filename_invalid',
} as const;
