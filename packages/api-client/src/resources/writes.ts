import type { KyInstance } from 'ky';
import type { StepUpOptions } from './complaints.js';
import { postHeaders } from './request-options.js';

export type WriteMethod = 'post' | 'put' | 'patch';

/** Any portal write, as the widgets' outbox sends it. */
export const writes = {
  /**
   * Sends one write (`POST`/`PUT`/`PATCH` to `path` below the portal API, e.g.
   * `purchase-orders/PO-1/deliveries`) exactly as queued: same body, same Idempotency-Key on every
   * retry, no automatic retries (the caller's outbox decides when to try again). Risky writes may need
   * `stepUpCode` (403 `step_up.required`).
   */
  send: <T = unknown>(api: KyInstance, method: WriteMethod, path: string, body: unknown, options: StepUpOptions = {}) =>
    api(path, {
      method,
      json: body,
      signal: options.signal,
      retry: 0,
      headers: { ...postHeaders(options), ...(options.stepUpCode ? { 'X-Step-Up-Code': options.stepUpCode } : {}) },
    }).json<T>(),
};
