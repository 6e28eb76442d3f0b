import type { KyInstance } from 'ky';
import type { WorkOrderView } from '@amage/contracts';
import type { RequestOptions } from './request-options.js';

/** Subcontractor portal: the work order (its writes go through `writes.send`, below `/work-orders/{ref}/…`). */
export const workOrders = {
  /** `GET /work-orders/{ref}` (action `work-order:read`). */
  get: (api: KyInstance, ref: string, { signal }: RequestOptions = {}) =>
    api.get(`work-orders/${encodeURIComponent(ref)}`, { signal }).json<WorkOrderView>(),
};
