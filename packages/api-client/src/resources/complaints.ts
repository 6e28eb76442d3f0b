import type { KyInstance } from 'ky';
import type {
  ComplaintView,
  CreateAcceptanceBody,
  CreateDisputeBody,
  CreateStageResponseBody,
  CreateStepUpBody,
  StageResponse,
  StepUpChallenge,
} from '@amage/contracts';
import { postHeaders, type PostOptions, type RequestOptions } from './request-options.js';

const base = (ref: string) => `complaints/${encodeURIComponent(ref)}`;

export interface StepUpOptions extends PostOptions {
  /** The one-time code for a risky action, when the link requires one (`X-Step-Up-Code`). */
  stepUpCode?: string;
}

export const complaints = {
  /** `GET /complaints/{ref}` (`complaint:read`). */
  get: (api: KyInstance, ref: string, { signal }: RequestOptions = {}) =>
    api.get(base(ref), { signal }).json<ComplaintView>(),
  /** `POST /complaints/{ref}/stages/{key}/responses` (`complaint:respond`). */
  respond: (api: KyInstance, ref: string, key: string, body: CreateStageResponseBody, options: PostOptions = {}) =>
    api
      .post(`${base(ref)}/stages/${encodeURIComponent(key)}/responses`, {
        json: body,
        signal: options.signal,
        headers: postHeaders(options),
      })
      .json<StageResponse>(),
  /** `POST /complaints/{ref}/disputes`. */
  dispute: (api: KyInstance, ref: string, body: CreateDisputeBody, options: PostOptions = {}) =>
    api
      .post(`${base(ref)}/disputes`, { json: body, signal: options.signal, headers: postHeaders(options) })
      .json<ComplaintView>(),
  /** `POST /complaints/{ref}/acceptance`: a risky action; 403 `step_up.required` asks for `stepUpCode`. */
  accept: (api: KyInstance, ref: string, body: CreateAcceptanceBody, options: StepUpOptions = {}) =>
    api
      .post(`${base(ref)}/acceptance`, {
        json: body,
        signal: options.signal,
        headers: { ...postHeaders(options), ...(options.stepUpCode ? { 'X-Step-Up-Code': options.stepUpCode } : {}) },
      })
      .json<ComplaintView>(),
};

export const stepUp = {
  /** `POST /step-up`: sends a one-time code to the link's recipient. */
  request: (api: KyInstance, body: CreateStepUpBody, options: PostOptions = {}) =>
    api.post('step-up', { json: body, signal: options.signal, headers: postHeaders(options) }).json<StepUpChallenge>(),
};
