import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

const RESPONSE_BODY_LIMIT = 1024;

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
  /** The attempt was cut short by the worker stopping: not the receiver's fault, not counted. */
  aborted?: boolean;
}

/**
 * POSTs one JSON body and reports how it went. Success is a 2xx; redirects are not followed (a 3xx is
 * a failure: a moved endpoint is re-registered, not chased); the whole exchange, connection to answer,
 * is bounded by `timeoutMs`; at most 1 kB of the answer is read, the rest is dropped.
 */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<SendResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let statusCode: number | null = null;
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: string | null, extra: Partial<SendResult> = {}) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      const responseBody = chunks.length
        ? Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8')
        : null;
      const ok = error === null && statusCode !== null && statusCode >= 200 && statusCode < 300;
      resolve({ ok, statusCode, durationMs: Math.round(performance.now() - started), error, responseBody, ...extra });
    };
    const target = new URL(url);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'AMAGE-Portals-Webhooks/1',
        ...headers,
      },
      agent: false, // one connection per attempt: nothing pooled toward a receiver between attempts
    });
    const timer = setTimeout(
      () => finish(statusCode === null ? `timeout after ${timeoutMs} ms` : statusError(statusCode)),
      timeoutMs,
    );
    const onAbort = () => finish('aborted: the worker stopped', { aborted: true });
    signal?.addEventListener('abort', onAbort);
    req.on('error', (err: NodeJS.ErrnoException) => finish(err.code ? `${err.code}: ${err.message}` : err.message));
    req.on('response', (res: IncomingMessage) => {
      statusCode = res.statusCode ?? null;
      res.on('data', (chunk: Buffer) => {
        if (size < RESPONSE_BODY_LIMIT) chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_BODY_LIMIT) finish(statusError(statusCode));
      });
      res.on('end', () => finish(statusError(statusCode)));
      res.on('error', () => finish(statusError(statusCode)));
    });
    if (signal?.aborted) onAbort();
    else req.end(body);
  });
}

function statusError(status: number | null): string | null {
  if (status === null) return 'no answer';
  if (status >= 200 && status < 300) return null;
  if (status >= 300 && status < 400) return `status ${status}: redirect not followed`;
  return `status ${status}`;
}
