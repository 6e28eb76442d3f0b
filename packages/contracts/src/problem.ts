import { Type, type Static } from '@sinclair/typebox';
import { SupportContact } from './appearance.js';
import { SubjectType } from './common.js';

export const FieldError = Type.Object({
  /** JSON Pointer (RFC 6901) into the request body, e.g. `/lines/0/quantity`. */
  pointer: Type.String(),
  message: Type.String(),
  keyword: Type.Optional(Type.String()),
});
export type FieldError = Static<typeof FieldError>;

/**
 * The JSON Schema keywords a field error's `keyword` names when a schema check (ajv, on either side)
 * found it, each with a message of its own in the widgets; any other keyword is a problem code, or
 * gets the generic "check this value".
 */
export const SCHEMA_KEYWORDS = [
  'required',
  'minLength',
  'maxLength',
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'multipleOf',
  'format',
  'pattern',
  'enum',
  'const',
  'type',
  'minItems',
  'maxItems',
  'uniqueItems',
  'additionalProperties',
] as const;
export type SchemaKeyword = (typeof SCHEMA_KEYWORDS)[number];

/** RFC 9457 problem details, as every error of both APIs is answered. */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  /** Stable machine-readable code, e.g. `token.expired`; widgets translate it. */
  code: Type.String(),
  errors: Type.Optional(Type.Array(FieldError)),
  /** For `token.expired` and `token.used_up`: a fresh link can be asked for (`POST /link-renewals`). */
  renewable: Type.Optional(Type.Boolean()),
  /** For `token.expired` and `token.used_up`: the masked recipient a fresh link would go to. */
  recipient: Type.Optional(Type.String()),
  /** For `rate_limited`: seconds to wait. */
  retryAfter: Type.Optional(Type.Integer()),
  /**
   * For `token.expired`, `token.used_up` and `token.revoked`: what the link was for, as far as the server
   * may say (a revoked link: the kind only; docs/architecture.md "Dead ends").
   */
  subject: Type.Optional(Type.Object({ type: SubjectType, number: Type.Optional(Type.String()) })),
  /** For the same dead ends: whom to ask (the contact on the link, else the appearance's support contact). */
  contact: Type.Optional(SupportContact),
});
export type Problem = Static<typeof Problem>;

/** Stable problem codes shared by the server and the widgets. */
export const ProblemCode = {
  tokenMissing: 'token.missing',
  tokenMalformed: 'token.malformed',
  tokenUnknown: 'token.unknown',
  tokenExpired: 'token.expired',
  tokenRevoked: 'token.revoked',
  tokenUsedUp: 'token.used_up',
  tokenInQuery: 'token.in_query',
  actionNotGranted: 'token.action_not_granted',
  subjectMismatch: 'token.subject_mismatch',
  linkRequired: 'token.link_required',
  sessionRequired: 'token.session_required',
  sessionExpired: 'session.expired',
  sessionRevoked: 'session.revoked',
  linkNotRenewable: 'link.not_renewable',
  linkNotExpired: 'link.not_expired',
  /** 422 at `/delivery` or `/renewal`: this server sends no e-mail (no `AMAGE_SMTP_URL`). */
  linkEmailUnavailable: 'link.email_unavailable',
  /** 422 at `/recipient/email`: e-mail delivery or automatic renewal needs the recipient's address. */
  linkRecipientEmailRequired: 'link.recipient_email_required',
  /** 422 at `/recipient/timeZone`: not an IANA time zone. */
  linkTimeZoneUnknown: 'link.time_zone_unknown',
  subjectNotFound: 'subject.not_found',
  actionNotForSubject: 'link.action_not_for_subject',
  expiryTooLate: 'link.expiry_too_late',
  /** A link's `constraints` refused by a validator that named no code of its own. */
  linkConstraintInvalid: 'link.constraint_invalid',
  originNotAllowed: 'origin.not_allowed',
  /** 401 on `POST /sessions/continuations`: no continuation of this link on this device (or it ran out). */
  continuationInvalid: 'continuation.invalid',
  rateLimited: 'rate_limited',
  validation: 'validation.failed',
  invalidJson: 'body.invalid_json',
  unsupportedMediaType: 'body.unsupported_media_type',
  /** 400: the body does not decode as its `Content-Encoding` says (gzip, br, deflate that is not). */
  bodyUndecodable: 'body.undecodable',
  /** 400: JSON nested deeper than the API accepts, refused before it is parsed. */
  bodyTooDeep: 'body.too_deep',
  /** 400 at the field: text PostgreSQL cannot store (NUL, a lone surrogate). */
  textUnstorable: 'text.unstorable',
  /** 503: the database cannot be reached; `Retry-After` says when to try again. */
  unavailable: 'service.unavailable',
  integrationKeyInvalid: 'integration_key.invalid',
  idempotencyKeyRequired: 'idempotency.key_required',
  idempotencyKeyReused: 'idempotency.key_reused',
  idempotencyInProgress: 'idempotency.in_progress',
  notFound: 'not_found',
  conflict: 'conflict',
  payloadTooLarge: 'payload_too_large',
  internal: 'internal',
  stepUpRequired: 'step_up.required',
  stepUpInvalid: 'step_up.invalid',
  stepUpLocked: 'step_up.locked',
  stepUpNotRequired: 'step_up.not_required',
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];
