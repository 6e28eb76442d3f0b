import { describe, expect, it } from 'vitest';
import {
  ApiError,
  NetworkError,
  createClient,
  isNetworkError,
  jobs,
  linkRenewals,
  portalApiUrl,
  session,
} from '../src/index.js';

const BASE = 'https://portal.example/api/portal/v1';
const SESSION = `amgs_${'s'.repeat(43)}`;
const LINK = `amg_${'l'.repeat(43)}`;

type Handler = (request: Request) => Response | Promise<Response>;

/** A fetch stub that records every request and answers with `handler`. */
function stubFetch(handler: Handler) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request);
    return handler(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const problem = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: 'about:blank', title: 'Error', status, ...body }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

const sessionToken = {
  token: SESSION,
  expiresAt: '2030-01-01T00:15:00Z',
  refreshAt: '2030-01-01T00:12:00Z',
  subject: { type: 'job', ref: 'JOB-1' },
  actions: ['job:read'],
};

describe('createClient', () => {
  it('when a token is available, then sends it as a bearer header with Accept json', async () => {
    const stub = stubFetch(() => json(200, { ref: 'JOB-1' }));
    const api = createClient({ baseUrl: BASE, getToken: () => SESSION, fetch: stub.fetch });
    await jobs.get(api, 'JOB-1');
    const [request] = stub.requests;
    expect(request!.url).toBe(`${BASE}/jobs/JOB-1`);
    expect(request!.headers.get('authorization')).toBe(`Bearer ${SESSION}`);
    expect(request!.headers.get('accept')).toContain('application/json');
    expect(request!.url).not.toContain('token');
  });

  it('when there is no token, then sends no Authorization header', async () => {
    const stub = stubFetch(() => json(200, {}));
    const api = createClient({ baseUrl: BASE, getToken: () => undefined, fetch: stub.fetch });
    await session.get(api);
    expect(stub.requests[0]!.headers.has('authorization')).toBe(false);
  });

  it('when the answer is problem+json, then throws ApiError with its fields', async () => {
    const stub = stubFetch(() =>
      problem(401, { code: 'token.expired', detail: 'The link expired.', renewable: true, recipient: 'j***@x.pl' }),
    );
    const api = createClient({ baseUrl: BASE, getToken: () => LINK, fetch: stub.fetch });
    const error = await session.get(api).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 401,
      code: 'token.expired',
      renewable: true,
      recipient: 'j***@x.pl',
      errors: [],
    });
    expect(String((error as ApiError).message)).not.toContain(LINK);
  });

  it('when validation fails, then exposes the field errors', async () => {
    const errors = [{ pointer: '/lines/0/quantity', message: 'must be >= 0' }];
    const stub = stubFetch(() => problem(422, { code: 'validation.failed', errors }));
    const api = createClient({ baseUrl: BASE, getToken: () => SESSION, fetch: stub.fetch });
    const error = (await session.refresh(api).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('validation.failed');
    expect(error.errors).toEqual(errors);
  });

  it('when rate limited, then retryAfter comes from the body or the Retry-After header, without retrying', async () => {
    const stub = stubFetch(() => problem(429, { code: 'rate_limited' }, { 'retry-after': '30' }));
    const api = createClient({ baseUrl: BASE, getToken: () => SESSION, fetch: stub.fetch });
    const error = (await jobs.get(api, 'JOB-1').catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfter: 30 });
    expect(stub.requests).toHaveLength(1);
  });

  it('when the answer is not JSON, then throws ApiError with an http.<status> code', async () => {
    const stub = stubFetch(
      () =>
        new Response('<h1>Bad gateway</h1>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
        }),
    );
    const api = createClient({ baseUrl: BASE, getToken: () => SESSION, fetch: stub.fetch, retry: 0 });
    const error = (await jobs.get(api, 'JOB-1').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'http.502', status: 502 });
  });

  it('when a 503 is followed by success, then retries and resolves', async () => {
    let calls = 0;
    const stub = stubFetch(() => (++calls === 1 ? problem(503, { code: 'internal' }) : json(200, { ref: 'JOB-1' })));
    const api = createClient({ baseUrl: BASE, getToken: () => SESSION, fetch: stub.fetch, retry: 1 });
    await expect(jobs.get(api, 'JOB-1')).resolves.toEqual({ ref: 'JOB-1' });
    expect(calls).toBe(2);
  });

  it('when fetch fails, then throws a NetworkError', async () => {
    const stub = stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const api = createClient({ baseUrl: BASE, getToken: () => SESSION, fetch: stub.fetch, retry: 0 });
    const error = await jobs.get(api, 'JOB-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(isNetworkError(error)).toBe(true);
    expect(isNetworkError(new Error('x'))).toBe(false);
  });

  it('when the signal aborts, then rejects with AbortError, not a NetworkError', async () => {
    const stub = stubFetch(
      (request) =>
        new Promise((_, reject) => {
          const fail = () => reject(new DOMException('aborted', 'AbortError'));
          if (request.signal.aborted) fail();
          request.signal.addEventListener('abort', fail);
        }),
    );
    const api = createClient({ baseUrl: BASE, getToken: () => SESSION, fetch: stub.fetch });
    const controller = new AbortController();
    const pending = jobs.get(api, 'JOB-1', { signal: controller.signal });
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('portalApiUrl joins the server origin and the portal API path', () => {
    expect(portalApiUrl('https://portal.example/')).toBe(BASE);
  });
});

describe('resources', () => {
  it('session.create sends the link token and an Idempotency-Key, and returns the session token', async () => {
    const stub = stubFetch(() => json(201, sessionToken));
    const api = createClient({ baseUrl: BASE, getToken: () => undefined, fetch: stub.fetch });
    await expect(session.create(api, { linkToken: LINK })).resolves.toEqual(sessionToken);
    const request = stub.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${BASE}/sessions`);
    expect(request.headers.get('authorization')).toBe(`Bearer ${LINK}`);
    expect(request.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('session.create retried after a network error keeps the same Idempotency-Key', async () => {
    let calls = 0;
    const stub = stubFetch(() => (++calls === 1 ? Promise.reject(new TypeError('reset')) : json(201, sessionToken)));
    const api = createClient({ baseUrl: BASE, getToken: () => undefined, fetch: stub.fetch, retry: 1 });
    await session.create(api, { linkToken: LINK });
    const keys = stub.requests.map((r) => r.headers.get('idempotency-key'));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('session.get can ask about a token other than the client one', async () => {
    const stub = stubFetch(() => json(200, {}));
    const api = createClient({ baseUrl: BASE, getToken: () => SESSION, fetch: stub.fetch });
    await session.get(api, { token: LINK });
    expect(stub.requests[0]!.headers.get('authorization')).toBe(`Bearer ${LINK}`);
  });

  it('session.refresh posts to /sessions/refresh with the client token', async () => {
    const stub = stubFetch(() => json(201, sessionToken));
    const api = createClient({ baseUrl: BASE, getToken: () => SESSION, fetch: stub.fetch });
    await session.refresh(api, { idempotencyKey: 'k-1' });
    expect(stub.requests[0]!.url).toBe(`${BASE}/sessions/refresh`);
    expect(stub.requests[0]!.headers.get('authorization')).toBe(`Bearer ${SESSION}`);
    expect(stub.requests[0]!.headers.get('idempotency-key')).toBe('k-1');
  });

  it('linkRenewals.create posts with the given expired token', async () => {
    const stub = stubFetch(() => json(202, { recipient: 'j***@x.pl', requestedAt: '2030-01-01T00:00:00Z' }));
    const api = createClient({ baseUrl: BASE, getToken: () => undefined, fetch: stub.fetch });
    await expect(linkRenewals.create(api, { token: LINK })).resolves.toMatchObject({ recipient: 'j***@x.pl' });
    expect(stub.requests[0]!.url).toBe(`${BASE}/link-renewals`);
    expect(stub.requests[0]!.headers.get('authorization')).toBe(`Bearer ${LINK}`);
  });

  it('jobs.get encodes the reference into the path', async () => {
    const stub = stubFetch(() => json(200, {}));
    const api = createClient({ baseUrl: BASE, getToken: () => SESSION, fetch: stub.fetch });
    await jobs.get(api, 'JOB/2026 1');
    expect(stub.requests[0]!.url).toBe(`${BASE}/jobs/JOB%2F2026%201`);
  });
});
