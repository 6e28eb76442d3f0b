import type { KyInstance } from 'ky';
import type {
  AddServiceRequestCommentBody,
  CancelServiceRequestBody,
  CreateServiceRequestBody,
  IntakeConfig,
  ServiceRequestComment,
  ServiceRequestList,
  ServiceRequestView,
} from '@amage/contracts';
import { postHeaders, type PostOptions, type RequestOptions } from './request-options.js';

const base = (ref: string) => `customers/${encodeURIComponent(ref)}`;

export const serviceRequests = {
  /** `GET /customers/{ref}/intake`: the form's sites, assets, categories and urgencies (`request:create`). */
  intake: (api: KyInstance, ref: string, { signal }: RequestOptions = {}) =>
    api.get(`${base(ref)}/intake`, { signal }).json<IntakeConfig>(),
  /** `GET /customers/{ref}/service-requests`: the requests made through this link, newest first (`request:read`). */
  list: (api: KyInstance, ref: string, { signal }: RequestOptions = {}) =>
    api.get(`${base(ref)}/service-requests`, { signal }).json<ServiceRequestList>(),
  /**
   * The list again, unless it is still the one `etag` names (304): `{ etag }` alone then. For polling.
   */
  listIfChanged: async (api: KyInstance, ref: string, etag: string | undefined, { signal }: RequestOptions = {}) => {
    const response = await api.get(`${base(ref)}/service-requests`, {
      signal,
      headers: etag ? { 'If-None-Match': etag } : {},
      throwHttpErrors: (status) => status !== 304,
    });
    const next = response.headers.get('etag') ?? undefined;
    if (response.status === 304) return { etag: next ?? etag };
    return { etag: next, list: (await response.json()) as ServiceRequestList };
  },
  /** `POST /customers/{ref}/service-requests` (`request:create`). */
  create: (api: KyInstance, ref: string, body: CreateServiceRequestBody, options: PostOptions = {}) =>
    api
      .post(`${base(ref)}/service-requests`, { json: body, signal: options.signal, headers: postHeaders(options) })
      .json<ServiceRequestView>(),
  /** `POST /customers/{ref}/service-requests/{id}/comments`: more information for an open request. */
  comment: (api: KyInstance, ref: string, id: string, body: AddServiceRequestCommentBody, options: PostOptions = {}) =>
    api
      .post(`${base(ref)}/service-requests/${encodeURIComponent(id)}/comments`, {
        json: body,
        signal: options.signal,
        headers: postHeaders(options),
      })
      .json<ServiceRequestComment>(),
  /** `POST /customers/{ref}/service-requests/{id}/cancellation`: refused (409) once planned. */
  cancel: (api: KyInstance, ref: string, id: string, body: CancelServiceRequestBody = {}, options: PostOptions = {}) =>
    api
      .post(`${base(ref)}/service-requests/${encodeURIComponent(id)}/cancellation`, {
        json: body,
        signal: options.signal,
        headers: postHeaders(options),
      })
      .json<ServiceRequestView>(),
};
