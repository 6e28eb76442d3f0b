import { HTTPError, TimeoutError, type KyRequest, type NormalizedOptions } from 'ky';
import type { FieldError, Problem } from '@amage/contracts';

/** An HTTP error answer, parsed from its `application/problem+json` body. */
export class ApiError extends HTTPError {
  readonly problem: Problem;
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[];
  readonly renewable: boolean;
  readonly recipient?: string;
  readonly retryAfter?: number;

  constructor(response: Response, request: KyRequest, options: NormalizedOptions, problem: Problem) {
    super(response, request, options);
    this.name = 'ApiError';
    this.problem = problem;
    this.status = problem.status;
    this.code = problem.code;
    this.errors = problem.errors ?? [];
    this.renewable = problem.renewable === true;
    this.recipient = problem.recipient;
    this.retryAfter = problem.retryAfter;
    this.message = `${problem.status} ${problem.code}: ${problem.title}`;
  }
}

/** The server could not be reached (offline, DNS, CORS, connection reset). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The server could not be reached', { cause });
    this.name = 'NetworkError';
  }
}

/** True for failures where no answer came back: worth a "check your connection" message and a retry. */
export const isNetworkError = (error: unknown): error is NetworkError | TimeoutError =>
  error instanceof NetworkError || error instanceof TimeoutError;

/** Reads a problem body; answers without one (a proxy's HTML 502) get a synthetic `http.<status>` code. */
export async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = {
    type: 'about:blank',
    title: response.statusText || 'HTTP error',
    status: response.status,
    code: `http.${response.status}`,
  };
  const type = response.headers.get('content-type') ?? '';
  if (!/json/i.test(type)) return fallback;
  try {
    const body: unknown = await response.json();
    if (!body || typeof body !== 'object') return fallback;
    const problem = { ...fallback, ...body } as Problem;
    const retryAfter = Number(response.headers.get('retry-after'));
    if (problem.retryAfter === undefined && Number.isFinite(retryAfter) && retryAfter > 0)
      problem.retryAfter = retryAfter;
    return problem;
  } catch {
    return fallback;
  }
}
