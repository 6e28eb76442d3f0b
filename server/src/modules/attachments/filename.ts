import { ATTACHMENT_FILENAME_MAX } from '@amage/contracts';

/** Extensions a stored name may keep, per detected type; any other gets the first one appended. */
const EXTENSIONS: Record<string, string[]> = {
  'image/jpeg': ['jpg', 'jpeg', 'jfif'],
  'image/png': ['png'],
  'image/heic': ['heic', 'heif'],
  'image/heif': ['heif', 'heic'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'video/mp4': ['mp4', 'm4v'],
  'video/quicktime': ['mov', 'qt'],
};

// Control and format characters (C0/C1, bidi overrides such as U+202E that disguise `gpj.exe`),
// and characters no file system accepts.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}<>:"/\\|?*]/gu;

/**
 * The name to store for an upload: `X-Filename` percent-decoded, without any path, control or
 * reserved characters, at most 200 characters (extension kept), ending in an extension that fits
 * the detected type (`report.pdf` holding a PNG is stored as `report.pdf.png`). `undefined` when the
 * header is not valid percent-encoded UTF-8.
 */
export function sanitizeFilename(header: string | undefined, contentType: string): string | undefined {
  let decoded = '';
  if (header) {
    try {
      decoded = decodeURIComponent(header);
    } catch {
      return undefined;
    }
  }
  const base = decoded.split(/[/\\]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(UNSAFE, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  const allowed = EXTENSIONS[contentType] ?? [];
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1]?.toLowerCase();
  if (!name) name = 'attachment';
  let suffix = '';
  if (!ext || !allowed.includes(ext)) {
    suffix = allowed[0] ? `.${allowed[0]}` : '';
  } else {
    suffix = name.slice(-(ext.length + 1));
    name = name.slice(0, -(ext.length + 1));
  }
  const chars = [...name];
  const room = ATTACHMENT_FILENAME_MAX - [...suffix].length;
  return (chars.length > room ? chars.slice(0, room).join('').trimEnd() : name) + suffix;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the exact name (RFC 6266, RFC 8187). */
export function contentDisposition(filename: string): string {
  const ascii = filename
    .replace(/Ł/g, 'L')
    .replace(/ł/g, 'l')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
