import type { ErrorRequestHandler, RequestHandler } from 'express';
import objection from 'objection';
import { ProblemCode } from '@amage/contracts';
import { AppError, problemOf } from './errors.js';

const {
  ValidationError,
  NotFoundError,
  UniqueViolationError,
  ForeignKeyViolationError,
  NotNullViolationError,
  CheckViolationError,
  DataError,
} = objection;

/** Seconds a client is told to wait while the database is away (`Retry-After`). */
const UNAVAILABLE_RETRY_SEC = 5;

// Node socket errors, and SQLSTATE classes 08 (connection exception) and 57P (operator intervention:
// shutdown, crash recovery, cannot connect now).
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
// knex's "Transaction query already complete": a query on a transaction whose connection died
// under it (the application never reuses a finished transaction: joinWriteTransaction falls back to the pool).
const CONNECTION_MESSAGES =
  /Connection terminated|Transaction query already complete|Client has encountered a connection error|Knex: Timeout acquiring a connection|Connection ended unexpectedly|timeout exceeded when trying to connect|Client was closed and is not queryable|Unable to acquire a connection/i;

/** Whether an error (or what it wraps: objection's DBError, knex, pg) says the database cannot be reached. */
function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; nativeError?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (CONNECTION_ERRNOS.has(e.code) || /^(08|57P)/.test(e.code))) return true;
  if (e.name === 'KnexTimeoutError') return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  return isDatabaseUnavailable(e.nativeError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

/** zlib's (`Z_DATA_ERROR`, …) and brotli's (`ERR__ERROR_FORMAT_…`) codes for input that is not what it claims. */
const ZLIB_ERROR = /^(Z_|ERR__ERROR_|ERR_BROTLI)/;

const unavailable = () =>
  new AppError(
    ProblemCode.unavailable,
    503,
    `The service cannot reach its database just now. Retry in ${UNAVAILABLE_RETRY_SEC} s; nothing was saved.`,
    {
      extensions: { retryAfter: UNAVAILABLE_RETRY_SEC },
      headers: { 'Retry-After': String(UNAVAILABLE_RETRY_SEC) },
    },
  );

/** The answer an error stands for, when it is one the API knows (`undefined`: a bug, 500). */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const e = error as { type?: string; status?: number; code?: string };
  if (isDatabaseUnavailable(error)) return unavailable();
  if (e.type === 'entity.too.deep')
    return new AppError(ProblemCode.bodyTooDeep, 400, 'The request body is nested too deeply.');
  if (typeof e.code === 'string' && ZLIB_ERROR.test(e.code))
    return new AppError(
      ProblemCode.bodyUndecodable,
      400,
      'The request body does not decode as its Content-Encoding says.',
    );
  if (e.type === 'entity.parse.failed')
    return new AppError(ProblemCode.invalidJson, 400, 'The request body is not valid JSON.');
  if (e.type === 'entity.too.large')
    return new AppError(ProblemCode.payloadTooLarge, 413, 'The request body is too large.');
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
    return new AppError(ProblemCode.unsupportedMediaType, 415, 'Send the body as UTF-8 JSON.');
  }
  // Anything else the body reader refused (aborted, wrong length): the client's doing, not ours.
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.type === 'string')
    return new AppError(ProblemCode.invalidJson, 400, 'The request body could not be read.');
  if (error instanceof ValidationError) return new AppError(ProblemCode.validation, 400, error.message);
  if (error instanceof NotFoundError) return new AppError(ProblemCode.notFound, 404, 'Not found.');
  if (error instanceof UniqueViolationError || error instanceof ForeignKeyViolationError) {
    return new AppError(ProblemCode.conflict, 409, 'This conflicts with data already saved.');
  }
  if (error instanceof NotNullViolationError || error instanceof CheckViolationError || error instanceof DataError) {
    return new AppError(ProblemCode.validation, 400, 'The request has a value the data does not allow.');
  }
  return undefined;
}

/** The path is not echoed: an unknown path may hold a pasted token or key. */
export const notFoundHandler: RequestHandler = (req) => {
  throw new AppError(ProblemCode.notFound, 404, `No such route for ${req.method}.`);
};

/** The one place errors become answers: problem+json, stable codes, no internals in 5xx bodies. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const known = toAppError(error);
  const appError =
    known ?? new AppError(ProblemCode.internal, 500, 'Something went wrong on our side. Please try again.');
  if (appError.code === ProblemCode.unavailable)
    req.log?.warn({ err: { message: String((error as Error).message) } }, 'database unavailable');
  else if (!known || appError.status >= 500) req.log?.error({ err: error }, 'request failed');
  res.locals.problemCode = appError.code;
  res.set(appError.headers);
  res
    .status(appError.status)
    .type('application/problem+json')
    .json(problemOf(appError, req.id ? `urn:amage:request:${String(req.id)}` : undefined));
};
