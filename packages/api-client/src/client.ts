import ky, { type KyInstance } from 'ky';
import { ApiError, NetworkError, readProblem } from './errors.js';

export interface ClientOptions {
  /** Base URL of the portal API, e.g. `https://portal.example/api/portal/v1`. */
  baseUrl: string;
  /** Current bearer token; a request that sets its own `Authorization` header keeps it. */
  getToken: () => string | undefined;
  fetch?: typeof globalThis.fetch;
  /** Retries for GET and POST (POSTs carry an idempotency key) on network errors and 502/503/504. */
  retry?: number;
  timeout?: number;
}

/** Portal API base for a server origin: `https://portal.example` → `https://portal.example/api/portal/v1`. */
export const portalApiUrl = (api: string) => `${api.replace(/\/+$/, '')}/api/portal/v1`;

/** A ky instance speaking to the portal API: bearer token, JSON, problem+json errors as `ApiError`. */
export function createClient(options: ClientOptions): KyInstance {
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const fetch: typeof globalThis.fetch = async (input, init) => {
    try {
      return await baseFetch(input, init);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new NetworkError(error);
    }
  };
  return ky.create({
    prefixUrl: options.baseUrl,
    fetch,
    timeout: options.timeout ?? 15_000,
    retry: { limit: options.retry ?? 2, methods: ['get', 'post'], statusCodes: [502, 503, 504] },
    hooks: {
      beforeRequest: [
        (request) => {
          request.headers.set('Accept', 'application/json, application/problem+json');
          const token = options.getToken();
          if (token && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${token}`);
        },
      ],
      beforeError: [
        async (error) => new ApiError(error.response, error.request, error.options, await readProblem(error.response)),
      ],
    },
  });
}
