import { ProblemCode, type FieldError, type Problem } from '@amage/contracts';

export interface AppErrorOptions {
  errors?: FieldError[];
  /** Extra problem members (e.g. `renewable`, `recipient`, `retryAfter`). */
  extensions?: Partial<Pick<Problem, 'renewable' | 'recipient' | 'retryAfter' | 'subject' | 'contact'>>;
  headers?: Record<string, string>;
  cause?: unknown;
}

/** The only error services throw; the error handler turns it into problem+json. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly errors?: FieldError[];
  readonly extensions: AppErrorOptions['extensions'];
  readonly headers: Record<string, string>;

  constructor(code: string, status: number, detail: string, options: AppErrorOptions = {}) {
    super(detail, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemOf(error: AppError, instance?: string): Problem {
  return {
    type: `https://amage.example/problems/${error.code}`,
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(instance ? { instance } : {}),
    ...(error.errors ? { errors: error.errors } : {}),
    ...error.extensions,
  };
}

export const notFound = (what: string) => new AppError(ProblemCode.notFound, 404, `${what} was not found.`);

export const validationError = (errors: FieldError[], detail = 'The request has invalid fields.') =>
  new AppError(ProblemCode.validation, 400, detail, { errors });
