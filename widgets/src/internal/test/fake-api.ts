// A stubbed portal API for browser tests: replaces window.fetch, answers like the real server.
import type { JobView, SessionInfo, SessionToken, Subject } from '@amage/contracts';

export const LINK = `amg_${'L'.repeat(43)}`;
export const SESSION = `amgs_${'S'.repeat(42)}1`;
export const SESSION_2 = `amgs_${'S'.repeat(42)}2`;

interface Call {
  method: string;
  path: string;
  authorization: string | null;
  idempotencyKey: string | null;
}

export type Route = (request: Request, call: Call) => Response | Promise<Response>;

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  new Response(
    JSON.stringify({ type: `https://amage.example/problems/${code}`, title: code, status, code, ...extra }),
    {
      status,
      headers: { 'content-type': 'application/problem+json' },
    },
  );

const JOB_SUBJECT: Subject = { type: 'job', ref: 'JOB-2026-0107' };

export function sessionToken(token = SESSION, refreshInMs = 12 * 60_000, subject = JOB_SUBJECT): SessionToken {
  const now = Date.now();
  return {
    token,
    expiresAt: new Date(now + 15 * 60_000).toISOString(),
    refreshAt: new Date(now + refreshInMs).toISOString(),
    subject,
    actions: ['job:read'],
  };
}

export function sessionInfo(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return {
    subject: JOB_SUBJECT,
    actions: ['job:read'],
    tokenKind: 'session',
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    linkExpiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    recipient: { name: 'Jan', emailMasked: 'j***@browar.example', locale: 'pl' },
    constraints: {},
    remainingUses: null,
    about: { number: 'ZL/2026/0107' },
    ...overrides,
  };
}

export function jobView(overrides: Partial<JobView> = {}): JobView {
  return {
    ref: 'JOB-2026-0107',
    number: 'ZL/2026/0107',
    customer: { ref: 'CUST-3', name: 'Browar Śląski S.A.' },
    title: 'Przegląd roczny sprężarek',
    status: 'in-progress',
    plannedStart: '2026-12-01T08:00:00Z',
    plannedEnd: '2026-12-03T16:00:00Z',
    actualStart: '2026-12-01T08:30:00Z',
    estimatedCompletion: '2026-12-03T15:00:00Z',
    technician: { firstName: 'Marek' },
    stages: [
      { key: 'diagnosis', name: 'Diagnoza', state: 'done' },
      { key: 'repair', name: 'Naprawa', state: 'active' },
      { key: 'tests', name: 'Testy', state: 'pending' },
    ],
    timeline: [
      { at: '2026-12-01T08:30:00Z', type: 'started', text: 'Rozpoczęto prace' },
      { at: '2026-12-02T10:00:00Z', type: 'stage', text: 'Diagnoza zakończona' },
    ],
    progress: [],
    inspections: [],
    documents: [],
    updatedAt: '2026-12-02T10:00:00Z',
    ...overrides,
  };
}

/** Routes of a healthy server for a job link. */
export function jobRoutes(job: JobView = jobView()): Record<string, Route> {
  return {
    'GET /session': (_request, call) =>
      json(200, sessionInfo({ tokenKind: call.authorization?.includes('amgs_') ? 'session' : 'link' })),
    'POST /sessions': () => json(201, sessionToken()),
    'POST /sessions/refresh': () => json(201, sessionToken(SESSION_2)),
    [`GET /jobs/${job.ref}`]: () => json(200, job),
  };
}

/** Replaces window.fetch until `restore()`; unknown routes answer 404 problem+json. */
export function fakeApi(routes: Record<string, Route>) {
  const calls: Call[] = [];
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const call: Call = {
      method: request.method,
      path: url.pathname.replace(/^\/api\/portal\/v1/, ''),
      authorization: request.headers.get('authorization'),
      idempotencyKey: request.headers.get('idempotency-key'),
    };
    calls.push(call);
    const route = routes[`${call.method} ${decodeURIComponent(call.path)}`];
    return route ? route(request, call) : problem(404, 'not_found');
  };
  return {
    calls,
    routes,
    restore: () => {
      window.fetch = original;
    },
  };
}

/** A promise plus its resolve, to hold an answer back. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
