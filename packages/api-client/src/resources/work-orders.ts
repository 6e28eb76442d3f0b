import type { KyInstance } from 'ky';
import type { WorkOrderView } from '@amage/contracts';
import { postHeaders, type RequestOptions } from './request-options.js';
import type { StepUpOptions } from './complaints.js';

/** Subcontractor portal: the work order and its actions, all under `/work-orders/{ref}/…`. */
export const workOrders = {
  /** `GET /work-orders/{ref}` (action `work-order:read`). */
  get: (api: KyInstance, ref: string, { signal }: RequestOptions = {}) =>
    api.get(`work-orders/${encodeURIComponent(ref)}`, { signal }).json<WorkOrderView>(),
  /**
   * Sends one write (`POST`/`PUT` to `/work-orders/{ref}{path}`) exactly as queued: same body, same
   * Idempotency-Key on every retry, no automatic retries (the caller's outbox decides when to retry).
   * Risky writes (isolation and permit sign-offs) may need `stepUpCode` (403 `step_up.required`).
   */
  send: <T = unknown>(
    api: KyInstance,
    ref: string,
    method: 'post' | 'put',
    path: string,
    body: unknown,
    options: StepUpOptions = {},
  ) =>
    api(`work-orders/${encodeURIComponent(ref)}${path}`, {
      method,
      json: body,
      signal: options.signal,
      retry: 0,
      headers: { ...postHeaders(options), ...(options.stepUpCode ? { 'X-Step-Up-Code': options.stepUpCode } : {}) },
    }).json<T>(),
};
