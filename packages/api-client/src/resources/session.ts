import type { KyInstance } from 'ky';
import type { SessionInfo, SessionToken } from '@amage/contracts';
import { postHeaders, type PostOptions, type RequestOptions } from './request-options.js';

export interface CreateSessionOptions extends PostOptions {
  /** The link token (`amg_…`) to exchange; sent instead of the client's token. */
  linkToken: string;
}

export interface TokenOptions extends PostOptions {
  /** Sent instead of the client's token. */
  token?: string;
}

export const session = {
  /** `GET /session`: what the current token grants. */
  get: (api: KyInstance, { signal, token }: RequestOptions & { token?: string } = {}) =>
    api.get('session', { signal, headers: token ? { Authorization: `Bearer ${token}` } : {} }).json<SessionInfo>(),
  /** `POST /sessions`: exchanges a link token for a short session token. */
  create: (api: KyInstance, options: CreateSessionOptions) =>
    api
      .post('sessions', { signal: options.signal, headers: postHeaders(options, options.linkToken) })
      .json<SessionToken>(),
  /** `POST /sessions/continuations`: continues a one-time link on the device holding its continuation secret. */
  continue: (api: KyInstance, options: CreateSessionOptions & { secret: string }) =>
    api
      .post('sessions/continuations', {
        signal: options.signal,
        headers: postHeaders(options, options.linkToken),
        json: { secret: options.secret },
      })
      .json<SessionToken>(),
  /** `POST /sessions/refresh`: a new session token for the current session. */
  refresh: (api: KyInstance, options: TokenOptions = {}) =>
    api
      .post('sessions/refresh', { signal: options.signal, headers: postHeaders(options, options.token) })
      .json<SessionToken>(),
};
