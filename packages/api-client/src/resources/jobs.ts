import type { KyInstance } from 'ky';
import type { CreateJobApprovalBody, CreateJobRatingBody, JobApproval, JobRating, JobView } from '@amage/contracts';
import { postHeaders, type PostOptions, type RequestOptions } from './request-options.js';

export const jobs = {
  /** `GET /jobs/{ref}` (action `job:read`). */
  get: (api: KyInstance, ref: string, { signal }: RequestOptions = {}) =>
    api.get(`jobs/${encodeURIComponent(ref)}`, { signal }).json<JobView>(),
  /** `POST /jobs/{ref}/approvals` (action `job:approve`): a quote decision, acceptance or problem report. */
  approve: (api: KyInstance, ref: string, body: CreateJobApprovalBody, options: PostOptions = {}) =>
    api
      .post(`jobs/${encodeURIComponent(ref)}/approvals`, {
        json: body,
        signal: options.signal,
        headers: postHeaders(options),
      })
      .json<JobApproval>(),
  /** `POST /jobs/{ref}/ratings` (action `job:approve`). */
  rate: (api: KyInstance, ref: string, body: CreateJobRatingBody, options: PostOptions = {}) =>
    api
      .post(`jobs/${encodeURIComponent(ref)}/ratings`, {
        json: body,
        signal: options.signal,
        headers: postHeaders(options),
      })
      .json<JobRating>(),
};
