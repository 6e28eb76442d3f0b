// Plain values that browsers need, free of TypeBox: `@amage/contracts/constants` is what widgets import
// at run time (everything else they take from `@amage/contracts` is a type). The schema modules re-export these.

/** Largest file accepted by an upload (bytes). */
export const ATTACHMENT_MAX_BYTES = 15 * 1024 * 1024;
/** Most bytes the holders of a subject's links may upload to it, all files together (bytes). */
export const SUBJECT_ATTACHMENTS_MAX_BYTES = 200 * 1024 * 1024;
/** Most attachments one submit may reference. */
export const ATTACHMENTS_MAX_ITEMS = 20;
/** Longest stored file name (characters); longer names are shortened, keeping the extension. */
export const ATTACHMENT_FILENAME_MAX = 200;

/**
 * The content types accepted, as detected from the file's content (magic bytes), never from its
 * name or the declared `Content-Type`: phone photos, PDFs and short phone videos.
 */
export const ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/heif',
  'image/webp',
  'application/pdf',
  'video/mp4',
  'video/quicktime',
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** The longest signature data URL the APIs take (characters): about 146 kB of PNG, so a body fits the 256 kB limit. */
export const SIGNATURE_DATA_URL_MAX = 200_000;

/** Why a supplier proposes something other than the requested date and quantity (fixed list). */
export const REASON_CODES = [
  'capacity',
  'material-shortage',
  'transport',
  'minimum-order-quantity',
  'item-discontinued',
  'price',
  'other',
] as const;
