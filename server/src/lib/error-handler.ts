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

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const e = error as { type?: string; status?: number };
  if (e.type === 'entity.parse.failed')
    return new AppError(ProblemCode.invalidJson, 400, 'The request body is not valid JSON.');
  if (e.type === 'entity.too.large')
    return new AppError(ProblemCode.payloadTooLarge, 413, 'The request body is too large.');
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
    return new AppError(ProblemCode.unsupportedMediaType, 415, 'Send the body as UTF-8 JSON.');
  }
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

export const notFoundHandler: RequestHandler = (req) => {
  throw new AppError(ProblemCode.notFound, 404, `No route ${req.method} ${req.path}.`);
};

/** The one place errors become answers: problem+json, stable codes, no internals in 5xx bodies. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const known = toAppError(error);
  const appError =
    known ?? new AppError(ProblemCode.internal, 500, 'Something went wrong on our side. Please try again.');
  if (!known || appError.status >= 500) req.log?.error({ err: error }, 'request failed');
  res.locals.problemCode = appError.code;
  res.set(appError.headers);
  res
    .status(appError.status)
    .type('application/problem+json')
    .json(problemOf(appError, req.id ? `urn:amage:request:${String(req.id)}` : undefined));
};
