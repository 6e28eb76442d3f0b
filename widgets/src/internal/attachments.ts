import { attachments, type KyInstance, type UploadProgress } from '@amage/api-client';
import type { Attachment } from '@amage/contracts';
import { ATTACHMENT_TYPES } from '@amage/contracts/constants';

export interface UploadAttachmentOptions {
  signal?: AbortSignal;
  /** Called at the start (`loaded: 0`) and when the server has stored the file (`loaded: total`). */
  onProgress?: (progress: UploadProgress) => void;
  /** Pass the same key when retrying the same file, so a lost answer is replayed, not stored twice. */
  idempotencyKey?: string;
}

/** Uploads one file for the token's subject (`POST /attachments`); the server decides its type from the content. */
export function uploadAttachment(
  client: KyInstance,
  file: Blob,
  options: UploadAttachmentOptions = {},
): Promise<Attachment> {
  const filename = file instanceof File && file.name ? file.name : 'attachment';
  return attachments.upload(client, file, filename, options);
}

/** Types the browser can decode and re-encode; HEIC (iPhone photos) cannot be decoded by Chromium and is sent as it is. */
const DOWNSCALABLE = ['image/jpeg', 'image/png', 'image/webp'];
const JPEG_QUALITY = 0.85;

/** The `accept` list of a file input for every type the server takes (extensions too: some systems give HEIC no MIME type). */
export const ACCEPT_ALL = [
  ...ATTACHMENT_TYPES,
  '.heic',
  '.heif',
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.pdf',
  '.mp4',
  '.mov',
].join(',');

/**
 * Whether a chosen file may be one of the accepted types. Only the name and declared type are known
 * here; the server checks the content. Files without a declared type (HEIC on many systems) pass.
 */
export function mayBeAccepted(file: File): boolean {
  if (!file.type || file.type === 'application/octet-stream') return true;
  return (ATTACHMENT_TYPES as readonly string[]).includes(file.type);
}

async function encodeJpeg(bitmap: ImageBitmap, width: number, height: number): Promise<Blob | null> {
  const paint = (ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D) => {
    ctx.fillStyle = '#ffffff'; // JPEG has no alpha: transparent PNG areas become white, not black
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
  };
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    paint(ctx);
    return canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  paint(ctx);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
}

/**
 * A phone photo made small enough to upload quickly: JPEG, PNG and WebP larger than `maxEdge` on
 * their longer side are redrawn at that size as JPEG (quality 0.85, EXIF orientation applied, other
 * metadata such as GPS dropped). Smaller images, other files, HEIC and anything that fails to decode
 * are returned unchanged.
 */
export async function downscaleImage(file: File, maxEdge = 2048): Promise<File> {
  if (!DOWNSCALABLE.includes(file.type) || typeof createImageBitmap !== 'function') return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return file;
  }
  try {
    const scale = maxEdge / Math.max(bitmap.width, bitmap.height);
    if (scale >= 1) return file;
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const blob = await encodeJpeg(bitmap, width, height);
    if (!blob) return file;
    const name = `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`;
    return new File([blob], name, { type: 'image/jpeg', lastModified: file.lastModified });
  } catch {
    return file;
  } finally {
    bitmap.close();
  }
}

/**
 * Opens a file of the link's subject: downloads it with the session token (a plain link could not
 * carry it) and hands the browser an object URL. Images and PDFs open in a new tab, others download.
 */
export async function openAttachment(
  client: KyInstance,
  file: Pick<Attachment, 'id' | 'filename' | 'contentType'>,
): Promise<void> {
  const { blob } = await attachments.download(client, file.id);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.target = '_blank';
  link.rel = 'noopener';
  if (!/^(image\/|application\/pdf)/.test(file.contentType)) link.download = file.filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
