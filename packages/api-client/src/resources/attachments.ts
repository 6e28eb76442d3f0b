import type { KyInstance } from 'ky';
import type { Attachment, AttachmentList } from '@amage/contracts';
import { postHeaders, type PostOptions, type RequestOptions } from './request-options.js';

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions extends PostOptions {
  /**
   * Called with `{ loaded: 0 }` when the upload starts and `{ loaded: total }` when the server has
   * stored it. fetch cannot report upload progress over HTTP/1.1 (streamed request bodies need
   * HTTP/2), so there is nothing in between: show an indeterminate indicator meanwhile.
   */
  onProgress?: (progress: UploadProgress) => void;
  /** Default 5 minutes: a 15 MB photo on a slow phone connection takes a while. */
  timeout?: number;
}

/** A downloaded file with the name the server gave it. */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

/** The file name of a `Content-Disposition` header (`filename*` preferred). */
export function dispositionFilename(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1];
}

export const attachments = {
  /**
   * `POST /attachments`: uploads one file for the token's subject (session token, any write action).
   * The body is the file itself; the server decides its type from the content.
   */
  async upload(api: KyInstance, file: Blob, filename: string, options: UploadOptions = {}): Promise<Attachment> {
    const total = file.size;
    options.onProgress?.({ loaded: 0, total });
    const attachment = await api
      .post('attachments', {
        body: file,
        signal: options.signal,
        timeout: options.timeout ?? 5 * 60_000,
        headers: {
          ...postHeaders(options),
          'Content-Type': file.type || 'application/octet-stream',
          'X-Filename': encodeURIComponent(filename),
        },
      })
      .json<Attachment>();
    options.onProgress?.({ loaded: total, total });
    return attachment;
  },
  /** `GET /attachments`: metadata of the subject's files. */
  list: (api: KyInstance, { signal }: RequestOptions = {}) => api.get('attachments', { signal }).json<AttachmentList>(),
  /** Relative path of a file's download (the request needs the bearer token, so fetch it with `download`). */
  url: (id: string) => `attachments/${encodeURIComponent(id)}`,
  /** `GET /attachments/{id}`: the file's bytes and name. */
  async download(api: KyInstance, id: string, { signal }: RequestOptions = {}): Promise<DownloadedFile> {
    const response = await api.get(attachments.url(id), { signal, timeout: 5 * 60_000, headers: { Accept: '*/*' } });
    return {
      blob: await response.blob(),
      filename: dispositionFilename(response.headers.get('content-disposition')) ?? 'attachment',
    };
  },
};
