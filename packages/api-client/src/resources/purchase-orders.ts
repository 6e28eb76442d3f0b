import type { KyInstance } from 'ky';
import type {
  CancelDeliveryBody,
  CorrectDeliveryBody,
  CreateDateConfirmationBody,
  DateConfirmation,
  DeclareDeliveryBody,
  Delivery,
  PurchaseOrderView,
} from '@amage/contracts';
import { postHeaders, type PostOptions, type RequestOptions } from './request-options.js';

const base = (ref: string) => `purchase-orders/${encodeURIComponent(ref)}`;

export const purchaseOrders = {
  /** `GET /purchase-orders/{ref}` (`order:read`). */
  get: (api: KyInstance, ref: string, { signal }: RequestOptions = {}) =>
    api.get(base(ref), { signal }).json<PurchaseOrderView>(),
  /** `POST /purchase-orders/{ref}/date-confirmations` (`order:confirm-dates`). */
  confirmDates: (api: KyInstance, ref: string, body: CreateDateConfirmationBody, options: PostOptions = {}) =>
    api
      .post(`${base(ref)}/date-confirmations`, { json: body, signal: options.signal, headers: postHeaders(options) })
      .json<DateConfirmation>(),
  /** `POST /purchase-orders/{ref}/deliveries` (`order:declare-delivery`). */
  declareDelivery: (api: KyInstance, ref: string, body: DeclareDeliveryBody, options: PostOptions = {}) =>
    api
      .post(`${base(ref)}/deliveries`, { json: body, signal: options.signal, headers: postHeaders(options) })
      .json<Delivery>(),
  /** `PATCH /purchase-orders/{ref}/deliveries/{id}`: the corrected declaration. */
  correctDelivery: (api: KyInstance, ref: string, id: string, body: CorrectDeliveryBody, options: PostOptions = {}) =>
    api
      .patch(`${base(ref)}/deliveries/${encodeURIComponent(id)}`, {
        json: body,
        signal: options.signal,
        headers: postHeaders(options),
      })
      .json<Delivery>(),
  /** `POST /purchase-orders/{ref}/deliveries/{id}/cancellation`. */
  cancelDelivery: (api: KyInstance, ref: string, id: string, body: CancelDeliveryBody, options: PostOptions = {}) =>
    api
      .post(`${base(ref)}/deliveries/${encodeURIComponent(id)}/cancellation`, {
        json: body,
        signal: options.signal,
        headers: postHeaders(options),
      })
      .json<Delivery>(),
};
