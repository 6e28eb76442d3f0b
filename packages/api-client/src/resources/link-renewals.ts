import type { KyInstance } from 'ky';
import type { LinkRenewal } from '@amage/contracts';
import type { TokenOptions } from './session.js';
import { postHeaders } from './request-options.js';

export const linkRenewals = {
  /** `POST /link-renewals`: asks for a fresh link to be sent to the expired link's recipient. */
  create: (api: KyInstance, options: TokenOptions = {}) =>
    api
      .post('link-renewals', { signal: options.signal, headers: postHeaders(options, options.token) })
      .json<LinkRenewal>(),
};
