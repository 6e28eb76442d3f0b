import { Kind, type TSchema } from '@sinclair/typebox';
import * as contracts from '@amage/contracts';
import { EVENT_CATALOG, EVENT_SCHEMAS, EVENT_TYPES, type EventType } from '@amage/contracts';
import type { ErrorStatus, RegisteredRoute, ResponseDeclaration, ResponseHeader, ResponseSpec } from './route.js';

/**
 * The OpenAPI 3.1 document of both APIs, generated from the route registry (one declaration per route,
 * `lib/route.ts`) and the shared schemas of `@amage/contracts`:
 * - every schema exported by `@amage/contracts` that is an object or a union is a named component, and
 *   every place it is used is a `$ref` to it (schemas are matched by their JSON, so `Type.Optional(X)` is X);
 * - errors are `components.responses` (problem+json), one per status: the route's own and those its API's
 *   guards answer (`GuardContract`);
 * - the live job stream is `text/event-stream` with one item schema per event;
 * - `webhooks` has one POST per event type (the feed's events, as the webhook worker signs and sends them).
 * `server/test/contract/` lints it with redocly, generates a client from it, and the test helper checks
 * every answer the API tests see against it.
 */

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const pascal = (type: string) =>
  type
    .split(/[.-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/** The component name of an event type's schema: `delivery.declared` → `DeliveryDeclaredEvent`. */
const eventSchemaName = (type: EventType) => `${pascal(type)}Event`;

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSchema = (v: unknown): v is TSchema => isObject(v) && Kind in v;

/** Names that are second names of another export, or request parts documented as parameters. */
const NOT_NAMED = /(Params|Query)$|^(AttachmentRef)$/;

/** Schemas worth a name: objects, unions and enumerations (plain strings and numbers stay inline). */
function isNameable(schema: TSchema): boolean {
  const s = schema as JsonObject;
  return s.type === 'object' || 'anyOf' in s || 'oneOf' in s || 'allOf' in s;
}

/** JSON with sorted keys and without TypeBox's symbols: two schemas that say the same compare equal. */
function canonical(value: Json, memo: WeakMap<object, string>): string {
  if (!isObject(value) && !Array.isArray(value)) return JSON.stringify(value) ?? 'null';
  const hit = memo.get(value);
  if (hit !== undefined) return hit;
  const text = Array.isArray(value)
    ? `[${value.map((v) => canonical(v, memo)).join(',')}]`
    : `{${Object.keys(value)
        .sort()
        .filter((k) => value[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${canonical(value[k], memo)}`)
        .join(',')}}`;
  memo.set(value, text);
  return text;
}

/** Replaces every named schema inside a document part by a `$ref`, collecting the names it used. */
class SchemaNamer {
  private readonly memo = new WeakMap<object, string>();
  private readonly byJson = new Map<string, string>();
  readonly schemas = new Map<string, TSchema>();
  private readonly used = new Set<string>();

  constructor() {
    for (const [name, value] of Object.entries(contracts)) {
      if (isSchema(value) && isNameable(value) && !NOT_NAMED.test(name)) this.add(name, value);
    }
    for (const type of EVENT_TYPES) this.add(eventSchemaName(type), EVENT_SCHEMAS[type]);
  }

  private add(name: string, schema: TSchema) {
    const json = canonical(schema, this.memo);
    if (!this.byJson.has(json)) this.byJson.set(json, name);
    this.schemas.set(name, schema);
  }

  ref(name: string): JsonObject {
    this.used.add(name);
    return { $ref: `#/components/schemas/${name}` };
  }

  /** A copy of `value` with named schemas replaced; `value` itself is kept when `keepRoot`. */
  walk(value: Json, keepRoot = false): Json {
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (!isObject(value)) return value;
    if (!keepRoot) {
      const name = this.byJson.get(canonical(value, this.memo));
      if (name) return this.ref(name);
    }
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) if (child !== undefined) out[key] = this.walk(child);
    // A property with a default may be left out (validation fills it in): it is not required of a client.
    if (Array.isArray(value.required) && isObject(value.properties)) {
      const properties = value.properties;
      const required = value.required.filter((k) => !(isObject(properties[k]) && 'default' in properties[k]));
      if (required.length) out.required = required;
      else delete out.required;
    }
    return out;
  }

  /** The `components.schemas` of every name used, and of the names those use in turn. */
  components(): JsonObject {
    const out: JsonObject = {};
    const done = new Set<string>();
    for (let pending = [...this.used]; pending.length; pending = [...this.used].filter((n) => !done.has(n))) {
      for (const name of pending) {
        done.add(name);
        out[name] = this.walk(this.schemas.get(name), true);
      }
    }
    // The feed's event union, discriminated by `type`, so generated clients narrow `data` by it.
    if (out.PortalEvent) {
      const refs = EVENT_TYPES.map((t) => this.ref(eventSchemaName(t)));
      out.PortalEvent = {
        description: 'An event of the feed; `type` says which, and what `data` holds.',
        oneOf: refs,
        discriminator: {
          propertyName: 'type',
          mapping: Object.fromEntries(EVENT_TYPES.map((t) => [t, `#/components/schemas/${eventSchemaName(t)}`])),
        },
      };
      for (const type of EVENT_TYPES)
        out[eventSchemaName(type)] ??= this.walk(this.schemas.get(eventSchemaName(type)), true);
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** Problem answers, one per status; `Retry-After` where waiting is the remedy. */
const PROBLEMS: Record<ErrorStatus, { name: string; description: string; retryAfter?: true }> = {
  400: {
    name: 'BadRequest',
    description:
      'The request is malformed: a field error per invalid field (`errors[].pointer`), invalid JSON, a missing `Idempotency-Key`, or a token in the query string.',
  },
  401: {
    name: 'Unauthorized',
    description:
      'No valid credentials: the key or token is missing, unknown, expired, revoked or used up (`code` says which; an expired link tells whether it is `renewable`).',
  },
  403: {
    name: 'Forbidden',
    description:
      'The token is valid but does not allow this: another subject or action, a page origin the link does not allow, a link token where a session is needed, or a step-up code missing or wrong.',
  },
  404: { name: 'NotFound', description: 'No such record.' },
  409: {
    name: 'Conflict',
    description:
      "The record's state refuses the request (closed, already decided, …), or the same submit is still running (`idempotency.in_progress`, with `Retry-After`).",
    retryAfter: true,
  },
  412: { name: 'PreconditionFailed', description: 'A precondition of the request (`If-Match`) does not hold.' },
  413: { name: 'ContentTooLarge', description: 'The body is larger than this route takes.' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not of a type this route takes.' },
  422: {
    name: 'UnprocessableContent',
    description:
      'The request is well-formed but breaks a rule (`errors` points at each field), or an `Idempotency-Key` was reused for another request.',
  },
  429: {
    name: 'TooManyRequests',
    description: 'Too many requests of this kind; wait `Retry-After` seconds (also in `retryAfter`).',
    retryAfter: true,
  },
  503: {
    name: 'ServiceUnavailable',
    description: 'The service cannot answer now; try again after `Retry-After` seconds.',
    retryAfter: true,
  },
};

const HEADERS: Record<ResponseHeader, { name: string; description: string; schema: JsonObject }> = {
  Location: { name: 'Location', description: 'Where the created record can be read.', schema: { type: 'string' } },
  ETag: {
    name: 'ETag',
    description: "A SHA-256 of the content, quoted: a file's, or a list's (send it back as `If-None-Match`).",
    schema: { type: 'string' },
  },
  'Content-Disposition': {
    name: 'ContentDisposition',
    description: 'Always `attachment`, with the file name (RFC 6266, `filename*`).',
    schema: { type: 'string' },
  },
  'Idempotent-Replayed': {
    name: 'IdempotentReplayed',
    description: '`true` when this is the stored answer of an earlier request with the same `Idempotency-Key`.',
    schema: { type: 'string', enum: ['true'] },
  },
  'Retry-After': {
    name: 'RetryAfter',
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 0 },
  },
};

const headerRef = (h: ResponseHeader) => ({ $ref: `#/components/headers/${HEADERS[h].name}` });

const TAGS: Record<string, string> = {
  links: 'Issuing, listing and revoking access links (integration key).',
  keys: 'Integration keys.',
  events: 'The feed of what happened in the portals.',
  webhooks: 'The feed as signed webhooks (Standard Webhooks).',
  attachments: 'Files of shared records: the main system shares them, portals upload them.',
  'purchase-orders': 'Purchase orders shared with suppliers.',
  complaints: 'Complaints shared with suppliers.',
  'work-orders': 'Work orders shared with subcontractors.',
  customers: 'Customers, their sites, assets and intake forms.',
  'service-requests': 'Service requests made through customer intake links.',
  jobs: 'Jobs whose progress customers follow.',
  access: 'What a portal token grants; sessions, renewals and step-up codes.',
  supplier: 'The supplier portal: purchase orders, deliveries and complaints.',
  subcontractor: 'The subcontractor portal: work orders, inspections, LOTO and permits.',
  customer: 'The customer portal: service requests and job progress.',
};

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
};

function asResponseSpec(declared: ResponseDeclaration): ResponseSpec {
  if (declared === null) return {};
  return isSchema(declared) ? { schema: declared } : declared;
}

/** An SSE stream in OpenAPI 3.1: a sequence of events, each with its name and JSON `data` (3.2's `itemSchema`). */
function eventStreamSchema(events: Readonly<Record<string, TSchema>>) {
  return {
    type: 'array',
    description:
      'Server-Sent Events, in order. Each item is one event: its `event` name and its `data` (JSON). Lines starting with `:` are heartbeats; `retry:` tells the reconnection delay.',
    items: {
      oneOf: Object.entries(events).map(([event, data]) => ({
        type: 'object',
        required: ['event', 'data'],
        properties: {
          event: { type: 'string', const: event },
          data: { type: 'string', contentMediaType: 'application/json', contentSchema: data },
        },
      })),
    },
  };
}

function successResponse(route: RegisteredRoute, status: number, declared: ResponseDeclaration) {
  const spec = asResponseSpec(declared);
  const headerNames = [...(spec.headers ?? []), ...route.guardContract.successHeaders];
  const headers = headerNames.length ? Object.fromEntries(headerNames.map((h) => [h, headerRef(h)])) : undefined;
  const content = spec.events
    ? { 'text/event-stream': { schema: eventStreamSchema(spec.events) } }
    : spec.file
      ? { '*/*': { schema: { type: 'string', description: "The file's bytes, in the type detected at upload." } } }
      : spec.schema
        ? { 'application/json': { schema: spec.schema } }
        : undefined;
  return {
    description: spec.description ?? STATUS_TEXT[status] ?? 'Success',
    ...(headers ? { headers } : {}),
    ...(content ? { content } : {}),
  };
}

function parametersOf(route: RegisteredRoute) {
  const props = (schema: TSchema | undefined) =>
    Object.entries((schema as { properties?: Record<string, JsonObject> } | undefined)?.properties ?? {});
  const required = (schema: TSchema | undefined) => new Set((schema as { required?: string[] } | undefined)?.required);
  const param = (name: string, where: string, isRequired: boolean, schema: JsonObject) => {
    const { description, ...rest } = schema;
    return { name, in: where, required: isRequired, ...(description ? { description } : {}), schema: rest };
  };
  const query = required(route.query);
  const headers = required(route.headers);
  return [
    ...props(route.params).map(([name, schema]) => param(name, 'path', true, schema)),
    ...props(route.query).map(([name, schema]) => param(name, 'query', query.has(name), schema)),
    ...props(route.headers).map(([name, schema]) => param(name, 'header', headers.has(name), schema)),
    ...route.guardContract.headers.map((h) => ({
      $ref: `#/components/parameters/${h.name.replaceAll('-', '')}`,
    })),
  ];
}

function operationOf(route: RegisteredRoute) {
  const responses: JsonObject = {};
  for (const [status, declared] of Object.entries(route.responses))
    responses[status] = successResponse(route, Number(status), declared);
  for (const status of route.errors) responses[status] = { $ref: `#/components/responses/${PROBLEMS[status].name}` };
  const parameters = parametersOf(route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags ?? [route.api],
    security: [{ [route.api === 'portal' ? 'portalToken' : 'integrationKey']: [] }],
    ...(route.portal?.action || route.portal?.subjectType
      ? { 'x-amage-action': route.portal.action, 'x-amage-subject': route.portal.subjectType }
      : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    ...(route.rawBody
      ? {
          requestBody: {
            required: true,
            description: `The file itself, at most ${route.rawBody.limit} bytes; its type is detected from its content.`,
            content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: '*/*' } } },
          },
        }
      : {}),
    responses,
  };
}

/** One webhook per event type: what the webhook worker POSTs (`webhooks/send.ts`), signed per Standard Webhooks. */
function webhooksOf(namer: SchemaNamer) {
  return Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `on${pascal(type)}`,
          summary: EVENT_CATALOG[type].summary,
          description: `Sent to every subscription whose \`eventTypes\` take \`${type}\`. The body is the feed's event plus \`timestamp\`; verify the signature before trusting it, and deduplicate on \`webhook-id\`.`,
          tags: ['webhooks'],
          security: [],
          parameters: [
            { $ref: '#/components/parameters/WebhookId' },
            { $ref: '#/components/parameters/WebhookTimestamp' },
            { $ref: '#/components/parameters/WebhookSignature' },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    namer.ref(eventSchemaName(type)),
                    {
                      type: 'object',
                      required: ['timestamp'],
                      properties: { timestamp: { type: 'string', format: 'date-time', description: '= occurredAt' } },
                    },
                  ],
                },
              },
            },
          },
          responses: {
            '2XX': { description: 'Received; the next event follows.' },
            '4XX': {
              description:
                'Refused: the same event is sent again later, with growing pauses, and nothing after it before it succeeds. So is any other answer, or none within 10 s.',
            },
          },
        },
      },
    ]),
  );
}

export function buildOpenApi(routes: RegisteredRoute[], publicUrl: string) {
  const namer = new SchemaNamer();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = toOpenApiPath(route.basePath + route.path);
    paths[path] ??= {};
    paths[path][route.method] = namer.walk(operationOf(route));
  }
  const webhooks = webhooksOf(namer);
  const usedStatuses = new Set(routes.flatMap((r) => r.errors));
  const usedHeaders = new Set<ResponseHeader>(['Retry-After']);
  for (const route of routes) {
    for (const h of route.guardContract.successHeaders) usedHeaders.add(h);
    for (const declared of Object.values(route.responses))
      for (const h of asResponseSpec(declared).headers ?? []) usedHeaders.add(h);
  }
  const guardHeaders = new Map(routes.flatMap((r) => r.guardContract.headers).map((h) => [h.name, h]));
  const usedTags = [...new Set([...routes.flatMap((r) => r.tags ?? [r.api]), 'webhooks'])];
  const problem = namer.ref('Problem');
  return {
    openapi: '3.1.0',
    info: {
      title: 'AMAGE Portals API',
      version: '1',
      description:
        'Integration API (`/api/integration/v1`, for the main AMAGE system, with an integration key) and portal API (`/api/portal/v1`, for external people, with a link or session token). Errors are RFC 9457 problem+json with a stable `code`. What happens in the portals comes back as the event feed (`GET /api/integration/v1/events`) or as the signed webhooks below.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-AMAGE-Proprietary' },
    },
    servers: [{ url: publicUrl }],
    tags: usedTags.map((name) => ({ name, description: TAGS[name] ?? name })),
    paths,
    webhooks,
    components: {
      responses: Object.fromEntries(
        [...usedStatuses]
          .sort((a, b) => a - b)
          .map((status) => {
            const p = PROBLEMS[status];
            return [
              p.name,
              {
                description: p.description,
                ...(p.retryAfter ? { headers: { 'Retry-After': headerRef('Retry-After') } } : {}),
                content: { 'application/problem+json': { schema: problem } },
              },
            ];
          }),
      ),
      headers: Object.fromEntries(
        [...usedHeaders].map((h) => [
          HEADERS[h].name,
          { description: HEADERS[h].description, schema: HEADERS[h].schema },
        ]),
      ),
      parameters: {
        ...Object.fromEntries(
          [...guardHeaders.values()].map((h) => [
            h.name.replaceAll('-', ''),
            { name: h.name, in: 'header', required: h.required, description: h.description, schema: h.schema },
          ]),
        ),
        WebhookId: {
          name: 'webhook-id',
          in: 'header',
          required: true,
          description: "The feed event's id: the same on every retry and for every subscription.",
          schema: { type: 'string' },
        },
        WebhookTimestamp: {
          name: 'webhook-timestamp',
          in: 'header',
          required: true,
          description: 'Unix seconds of this attempt.',
          schema: { type: 'string', pattern: '^[0-9]+$' },
        },
        WebhookSignature: {
          name: 'webhook-signature',
          in: 'header',
          required: true,
          description:
            '`v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded part of the secret after `whsec_`; after a rotation a second, space-separated entry signs with the previous secret.',
          schema: { type: 'string' },
        },
      },
      schemas: namer.components(),
      securitySchemes: {
        integrationKey: { type: 'http', scheme: 'bearer', description: 'Integration API key (amgk_…).' },
        portalToken: { type: 'http', scheme: 'bearer', description: 'Link token (amg_…) or session token (amgs_…).' },
      },
    },
  };
}
