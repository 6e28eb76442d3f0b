import type { RequestHandler } from 'express';
import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ProblemCode, type FieldError } from '@amage/contracts';
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

const storable = (text: string) =>
  !text.includes('\u0000') && (text as unknown as { isWellFormed(): boolean }).isWellFormed();
const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The first string (or object key) PostgreSQL cannot store as text: NUL, or a lone UTF-16 surrogate
 * (which would otherwise be stored as U+FFFD, silently changed). Iterative, so any depth is safe.
 */
function unstorableText(value: unknown, prefix = ''): FieldError | undefined {
  const stack: Array<[unknown, string]> = [[value, prefix]];
  while (stack.length > 0) {
    const [v, pointer] = stack.pop()!;
    if (typeof v === 'string') {
      if (!storable(v)) return unstorable(pointer);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${pointer}/${i}`]);
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [key, item] of Object.entries(v).reverse()) {
        const at = `${pointer}/${escapePointer(key)}`;
        if (!storable(key)) return unstorable(at);
        stack.push([item, at]);
      }
    }
  }
  return undefined;
}

const unstorable = (pointer: string): FieldError => ({
  pointer,
  message: 'contains a character that cannot be stored (NUL or a lone surrogate)',
  keyword: ProblemCode.textUnstorable,
});

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
    // Every route, schema or not: text the database cannot store is refused at its field.
    const bad =
      unstorableText(req.params, '#/params') ?? unstorableText(req.query, '#/query') ?? unstorableText(req.body);
    if (bad) throw validationError([bad], 'The request has text that cannot be stored.');
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
