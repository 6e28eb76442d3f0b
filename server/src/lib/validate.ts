import type { RequestHandler } from 'express';
import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '@amage/contracts';
import { validationError } from './errors.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

// Bodies: strict, no coercion, first error only (allErrors on untrusted input is a DoS risk).
const bodyAjv = addFormats(new Ajv({ strict: false, useDefaults: true, removeAdditional: false }));
// Query and path parameters arrive as strings.
const paramAjv = addFormats(new Ajv({ strict: false, useDefaults: true, coerceTypes: true }));

const cache = new WeakMap<TSchema, ValidateFunction>();
function compile(ajv: Ajv, schema: TSchema): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    cache.set(schema, fn);
  }
  return fn;
}

function toFieldErrors(errors: ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  return (errors ?? []).map((e) => {
    const pointer =
      e.keyword === 'required'
        ? `${prefix}${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`
        : e.keyword === 'additionalProperties'
          ? `${prefix}${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`
          : `${prefix}${e.instancePath}`;
    return { pointer, message: e.message ?? 'is invalid', keyword: e.keyword };
  });
}

/** Compiles at start-up and throws an Error listing the first problem (used for configuration). */
export function compileOrThrow(schema: TSchema) {
  const fn = paramAjv.compile(schema);
  return (data: unknown, what: string) => {
    if (!fn(data)) {
      const [e] = toFieldErrors(fn.errors);
      throw new Error(`Invalid ${what}: ${e?.pointer || '/'} ${e?.message}`);
    }
  };
}

export interface RequestSchemas {
  body?: TSchema;
  query?: TSchema;
  params?: TSchema;
}

/** Validates (and, for query/params, coerces) request parts; compiles each schema once. */
export function validate(schemas: RequestSchemas): RequestHandler {
  const body = schemas.body && compile(bodyAjv, schemas.body);
  const query = schemas.query && compile(paramAjv, schemas.query);
  const params = schemas.params && compile(paramAjv, schemas.params);
  return (req, _res, next) => {
    if (params && !params(req.params))
      throw validationError(toFieldErrors(params.errors, '#/params'), 'The URL is invalid.');
    if (query) {
      const q = { ...req.query };
      if (!query(q)) throw validationError(toFieldErrors(query.errors, '#/query'), 'The query string is invalid.');
      Object.defineProperty(req, 'query', { value: q, writable: true });
    }
    if (body) {
      if (req.body === undefined) req.body = {};
      if (!body(req.body)) throw validationError(toFieldErrors(body.errors));
    }
    next();
  };
}
