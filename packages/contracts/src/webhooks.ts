import { Type, type Static } from '@sinclair/typebox';
import { DateTime, IdParams, LongText, Nullable, Uuid } from './common.js';
import { PortalEvent } from './events.js';

/**
 * An event type to deliver: exact (`delivery.declared`) or every type of one noun (`delivery.*`).
 * Types are `<noun>.<past-tense-verb>`, lowercase with hyphens.
 */
export const WebhookEventType = Type.String({ maxLength: 100, pattern: '^[a-z][a-z0-9-]*\\.([a-z][a-z0-9-]*|\\*)$' });

/** Where to send: an absolute http(s) URL without credentials or fragment. */
export const WebhookUrl = Type.String({ minLength: 8, maxLength: 2000, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s#]+$' });

export const CreateWebhookBody = Type.Object(
  {
    url: WebhookUrl,
    /** Only these event types; omitted: every event. */
    eventTypes: Type.Optional(Type.Array(WebhookEventType, { minItems: 1, maxItems: 100, uniqueItems: true })),
    description: Type.Optional(LongText(500)),
    /** `end` (default): events written from now on; `beginning`: the whole feed. Mutually exclusive with `after`. */
    from: Type.Optional(Type.Union([Type.Literal('end'), Type.Literal('beginning')])),
    /** A cursor of `GET /events` (its `next`): continue where a feed reader stopped, nothing skipped or repeated. */
    after: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const RotateWebhookSecretBody = Type.Object(
  {
    /** How long deliveries stay signed with the previous secret too (seconds; default 86400, 0: at once). */
    previousSecretValidFor: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86400 })),
  },
  { additionalProperties: false },
);
export type RotateWebhookSecretBody = Static<typeof RotateWebhookSecretBody>;

export const WebhookStatus = Type.Union([Type.Literal('active'), Type.Literal('failing'), Type.Literal('disabled')]);
export type WebhookStatus = Static<typeof WebhookStatus>;

/** One attempt to deliver one event. */
export const WebhookDelivery = Type.Object({
  id: Type.String(),
  /** The feed event's id (also the `webhook-id` header). */
  eventId: Type.String(),
  eventType: Type.String(),
  attemptedAt: DateTime,
  durationMs: Type.Integer(),
  /** The receiver's HTTP status; null when no answer came (timeout, refused connection, …). */
  statusCode: Nullable(Type.Integer()),
  ok: Type.Boolean(),
  /** Why it failed, when it did (`timeout`, `connection refused`, `status 500`, `redirect not followed`, …). */
  error: Nullable(Type.String()),
  /** The start of the receiver's answer, at most 1 kB. */
  responseBody: Nullable(Type.String()),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const Webhook = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Nullable(Type.String()),
  /** null: every event. */
  eventTypes: Nullable(Type.Array(Type.String())),
  /** `active`; `failing` (retrying with growing pauses since `failingSince`); `disabled` (after the failure window, or never). */
  status: WebhookStatus,
  createdAt: DateTime,
  /** Where delivery stands in the feed: pass it to `GET /events?after=` to read what is still to come. */
  cursor: Type.String(),
  /** The last feed event passed (delivered, or skipped by the type filter). */
  lastEventId: Nullable(Type.String()),
  nextAttemptAt: DateTime,
  consecutiveFailures: Type.Integer(),
  failingSince: Nullable(DateTime),
  disabledAt: Nullable(DateTime),
  lastDelivery: Nullable(WebhookDelivery),
  lastSuccessAt: Nullable(DateTime),
  secretRotatedAt: Nullable(DateTime),
  /** Until then deliveries carry a second signature made with the previous secret. */
  previousSecretExpiresAt: Nullable(DateTime),
});
export type Webhook = Static<typeof Webhook>;

/** A new subscription or a rotated secret: the only answers that hold the secret. */
export const WebhookWithSecret = Type.Intersect([
  Webhook,
  Type.Object({ secret: Type.String({ pattern: '^whsec_' }) }),
]);
export type WebhookWithSecret = Static<typeof WebhookWithSecret>;

export const WebhookList = Type.Object({ webhooks: Type.Array(Webhook) });
export type WebhookList = Static<typeof WebhookList>;

export const WebhookParams = IdParams;

export const WebhookDeliveriesQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })) },
  { additionalProperties: false },
);
export type WebhookDeliveriesQuery = Static<typeof WebhookDeliveriesQuery>;

export const WebhookDeliveryList = Type.Object({ deliveries: Type.Array(WebhookDelivery) });
export type WebhookDeliveryList = Static<typeof WebhookDeliveryList>;

/**
 * What each POST carries: the feed's event as `GET /events` gives it, plus `timestamp` (= `occurredAt`)
 * so the body has the `type` / `timestamp` / `data` members Standard Webhooks recommends.
 */
export const WebhookPayload = Type.Intersect([PortalEvent, Type.Object({ timestamp: DateTime })]);
export type WebhookPayload = Static<typeof WebhookPayload>;

/** Stable problem codes of the webhook subscriptions API. */
export const WebhookProblem = {
  /** 409: `MAX_WEBHOOKS` subscriptions exist already. */
  limitReached: 'webhook.limit_reached',
  /** 400, in a field error's `keyword`: the URL is not an http(s) URL without credentials. */
  urlInvalid: 'webhook.url_invalid',
} as const;
export type WebhookProblem = (typeof WebhookProblem)[keyof typeof WebhookProblem];
