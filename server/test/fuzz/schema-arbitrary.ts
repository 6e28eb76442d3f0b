import fc from 'fast-check';

/** The JSON Schema keywords the `@amage/contracts` schemas use (TypeBox writes plain JSON Schema). */
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  'date-time': fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  date: fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  email: fc.emailAddress(),
  uuid: fc.uuid(),
  uri: fc.webUrl(),
};

/**
 * Values valid for a JSON Schema, mostly: every keyword the contracts use is honoured, so most bodies
 * pass validation and reach the services and the database, where the 5xx used to hide.
 */
function arbitraryFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((s) => arbitraryFor(s, depth)));
  if (schema.allOf) return arbitraryFor(Object.assign({}, ...schema.allOf), depth);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record = fc.record(
        Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryFor(s, depth + 1)])),
        { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) },
      );
      return record;
    }
    case 'array':
      return fc.array(schema.items ? arbitraryFor(schema.items, depth + 1) : fc.jsonValue(), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, (schema.minItems ?? 0) + 4),
      });
    case 'string': {
      if (schema.format && FORMATS[schema.format]) return FORMATS[schema.format]!;
      const min = schema.minLength ?? 0;
      const max = Math.min(schema.maxLength ?? 40, min + 40);
      if (schema.pattern) {
        return fc
          .stringMatching(new RegExp(schema.pattern))
          .filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY));
      }
      return fc.string({ minLength: min, maxLength: max, unit: 'grapheme' });
    }
    case 'integer':
      return fc.integer({
        min: schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000),
        max: schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 100_000),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? schema.exclusiveMinimum ?? -1000,
        max: schema.maximum ?? schema.exclusiveMaximum ?? 100_000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values no field should accept quietly, and text PostgreSQL cannot store. */
const NASTY: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\ud800',
    'x\udfff',
    '',
    ' ',
    'x'.repeat(10_000),
    -1,
    0,
    1e308,
    -1e308,
    2 ** 53 + 1,
    1.5,
    null,
    true,
    [],
    {},
    '9999-12-31T23:59:59Z',
    '0000-01-01',
    '2026-02-30',
    "'; DROP TABLE links; --",
    '<script>alert(1)</script>',
    '__proto__',
    { __proto__: { polluted: true } },
  ),
  fc.string({ unit: 'binary' }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A valid body with one field (at any depth) replaced by a nasty value, or a key added. */
function mutated(schema: Schema): fc.Arbitrary<unknown> {
  return fc.tuple(arbitraryFor(schema), NASTY, fc.nat(), fc.boolean()).map(([value, nasty, pick, addKey]) => {
    const holders: Array<Record<string, unknown> | unknown[]> = [];
    const walk = (v: unknown) => {
      if (v && typeof v === 'object') {
        holders.push(v as Record<string, unknown>);
        for (const item of Object.values(v)) walk(item);
      }
    };
    walk(value);
    if (holders.length === 0) return nasty;
    const holder = holders[pick % holders.length]!;
    const keys = Object.keys(holder);
    const key = addKey || keys.length === 0 ? `x\u0000${pick}` : keys[pick % keys.length]!;
    (holder as Record<string, unknown>)[key] = nasty;
    return value;
  });
}

export interface RawRequest {
  body: string | Uint8Array;
  headers: Record<string, string>;
}

const json = (value: unknown) => JSON.stringify(value) ?? 'null';

/** Whole requests: schema-shaped JSON, mutated JSON, and broken bodies, headers and encodings. */
export function requestFor(schema: Schema | undefined): fc.Arbitrary<RawRequest> {
  const valid = schema ? arbitraryFor(schema) : fc.jsonValue();
  const contentType = fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/merge-patch+json',
    'application/json; charset=latin1',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
  );
  const broken = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.uint8Array({ maxLength: 300 }),
    valid.map((v) => json(v).slice(0, Math.max(0, json(v).length - 3))),
    fc.constantFrom('{', '[', '"', 'nul', '{"a":}', '\u0000', '\ufeff{}', `${'['.repeat(5000)}${']'.repeat(5000)}`),
    fc.nat({ max: 2000 }).map((n) => `{"a":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
  );
  return fc.oneof(
    { weight: 5, arbitrary: valid.map((v) => ({ body: json(v), headers: { 'content-type': 'application/json' } })) },
    {
      weight: 3,
      arbitrary: (schema ? mutated(schema) : fc.jsonValue()).map((v) => ({
        body: json(v),
        headers: { 'content-type': 'application/json' },
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          broken,
          contentType,
          fc.option(fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'compress', 'zstd', 'gzip, br'), {
            nil: undefined,
          }),
        )
        .map(([body, type, encoding]) => ({
          body,
          headers: { 'content-type': type, ...(encoding ? { 'content-encoding': encoding } : {}) },
        })),
    },
  );
}
