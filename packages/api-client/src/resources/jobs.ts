import type { KyInstance } from 'ky';
import type { JobView } from '@amage/contracts';
import type { RequestOptions } from './request-options.js';

export const jobs = {
  /** `GET /jobs/{ref}` (action `job:read`). */
  get: (api: KyInstance, ref: string, { signal }: RequestOptions = {}) =>
    api.get(`jobs/${encodeURIComponent(ref)}`, { signal }).json<JobView>(),
};
