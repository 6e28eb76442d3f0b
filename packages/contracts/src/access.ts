import { Type, type Static } from '@sinclair/typebox';
import { SupportContact } from './appearance.js';
import { Action, DateTime, Email, Locale, Nullable, ShortText, Subject, Uuid } from './common.js';

export const Recipient = Type.Object(
  {
    email: Type.Optional(Email),
    name: Type.Optional(ShortText(200)),
    /** The language of the portal and of the portal's e-mail (`pl`, `en`, `de`; others get English). */
    locale: Type.Optional(Locale),
    /** IANA time zone in which e-mail states times (expiry, a code's validity); default UTC. */
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+/-]+$' })),
  },
  { additionalProperties: false },
);
export type Recipient = Static<typeof Recipient>;

/** An origin allowed to embed a link's widgets (scheme://host[:port]), or `*` for any. */
export const Origin = Type.String({ pattern: '^(\\*|https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?)$', maxLength: 200 });

export const CreateLinkBody = Type.Object(
  {
    subject: Subject,
    actions: Type.Array(Action, { minItems: 1, maxItems: 10, uniqueItems: true }),
    /** Defaults per subject type; capped at the subject type's maximum. */
    expiresAt: Type.Optional(DateTime),
    /** Sessions that may be started with the link (a one-time link has 1); null for no limit. */
    maxUses: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10000 }))),
    recipient: Type.Optional(Recipient),
    /** Origins whose pages may use the link; omitted means only the hosted portal page. */
    allowedOrigins: Type.Optional(Type.Array(Origin, { maxItems: 20, uniqueItems: true })),
    /** Subject-specific narrowing, e.g. `{ "siteRef": "S1" }` for a customer intake link. */
    constraints: Type.Optional(
      Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 100 }), { maxProperties: 10 }),
    ),
    /**
     * Actions whose risky routes (closing or accepting a complaint, …) need a one-time step-up code
     * sent to the recipient. Defaults per subject type (see docs/architecture.md); `[]` turns it off.
     */
    stepUp: Type.Optional(Type.Array(Action, { maxItems: 10, uniqueItems: true })),
    /**
     * `email`: the portal e-mails the link to `recipient.email` (needs the server's e-mail settings);
     * `none` (default): the main system delivers the URL of the answer.
     */
    delivery: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('none')])),
    /**
     * What happens when the holder of the expired or used-up link asks for a new one: `manual` (default)
     * writes a `link.renewal-requested` event for the main system; `automatic` revokes it, issues a fresh
     * link with the same scope and e-mails it to the same recipient (`link.renewed`).
     */
    renewal: Type.Optional(Type.Union([Type.Literal('manual'), Type.Literal('automatic')])),
    /**
     * Whom the holder asks about this link (e.g. the buyer, the site supervisor); shown when the link no
     * longer works and on the hosted page. Omitted: the appearance's support contact.
     */
    contact: Type.Optional(SupportContact),
  },
  { additionalProperties: false },
);
export type CreateLinkBody = Static<typeof CreateLinkBody>;

export const LinkStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('expired'),
  Type.Literal('revoked'),
  Type.Literal('used-up'),
]);
export type LinkStatus = Static<typeof LinkStatus>;

export const LinkDeliveryState = Type.Union([
  Type.Literal('queued'),
  Type.Literal('sending'),
  Type.Literal('sent'),
  Type.Literal('failed'),
]);

/** How the link's e-mail is doing (`delivery: email`): waiting or retrying, sent, or failed for good. */
export const LinkDelivery = Type.Object({
  channel: Type.Literal('email'),
  to: Type.String(),
  /** `queued` also while waiting between retries (see `attempts` and `lastError`). */
  state: LinkDeliveryState,
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  queuedAt: DateTime,
  sentAt: Nullable(DateTime),
  failedAt: Nullable(DateTime),
});
export type LinkDelivery = Static<typeof LinkDelivery>;

export const Link = Type.Object({
  id: Uuid,
  subject: Subject,
  actions: Type.Array(Action),
  status: LinkStatus,
  expiresAt: DateTime,
  maxUses: Nullable(Type.Integer()),
  uses: Type.Integer(),
  lastUsedAt: Nullable(DateTime),
  recipient: Nullable(Recipient),
  allowedOrigins: Type.Array(Type.String()),
  constraints: Type.Record(Type.String(), Type.String()),
  stepUp: Type.Array(Action),
  createdAt: DateTime,
  revokedAt: Nullable(DateTime),
  renewal: Type.Union([Type.Literal('manual'), Type.Literal('automatic')]),
  /** The link this one replaced (an automatic renewal). */
  renewedFrom: Nullable(Uuid),
  /** The e-mail of the link (its latest, after a renewal the new link's own); null when the main system delivers it. */
  delivery: Nullable(LinkDelivery),
  contact: Nullable(SupportContact),
});
export type Link = Static<typeof Link>;

/** Answer to link creation: the clear token appears here once and nowhere else. */
export const CreatedLink = Type.Intersect([Link, Type.Object({ token: Type.String(), url: Type.String() })]);
export type CreatedLink = Static<typeof CreatedLink>;

/** What a portal token grants: `GET /api/portal/v1/session`. */
export const SessionInfo = Type.Object({
  subject: Subject,
  actions: Type.Array(Action),
  tokenKind: Type.Union([Type.Literal('link'), Type.Literal('session')]),
  /** When the presented token stops working. */
  expiresAt: DateTime,
  /** When the link behind it expires (sessions never outlive it). */
  linkExpiresAt: DateTime,
  recipient: Type.Object({
    name: Type.Optional(Type.String()),
    emailMasked: Type.Optional(Type.String()),
    locale: Type.Optional(Type.String()),
  }),
  constraints: Type.Record(Type.String(), Type.String()),
  /** Sessions the link can still start (null: no limit). A widget asks for a click before spending the last ones. */
  remainingUses: Nullable(Type.Integer()),
  /** How people name the subject (its number, e.g. `WO/2026/0311`, and a title): the hosted page's heading. */
  about: Type.Object({ number: Type.String(), title: Type.Optional(Type.String()) }),
});
export type SessionInfo = Static<typeof SessionInfo>;

/** A short-lived session token minted from a link token (`POST /api/portal/v1/sessions`). */
export const SessionToken = Type.Object({
  token: Type.String(),
  expiresAt: DateTime,
  /** Refresh before this time to keep working without interruption. */
  refreshAt: DateTime,
  subject: Subject,
  actions: Type.Array(Action),
  /** The recipient's language on the link (the widget's language when the element sets none). */
  locale: Type.Optional(Type.String()),
  /**
   * A one-time link's session start only: the secret with which this device continues the session after
   * the tab closed (`POST /sessions/continuations`); 256 bits, lives as long as the link.
   */
  continuation: Type.Optional(Type.Object({ secret: Type.String(), expiresAt: DateTime })),
});
export type SessionToken = Static<typeof SessionToken>;

/** `POST /api/portal/v1/sessions/continuations` (with the used-up link token): the device's continuation secret. */
export const ContinueSessionBody = Type.Object(
  { secret: Type.String({ pattern: '^amgc_[A-Za-z0-9_-]{43}$', maxLength: 48 }) },
  { additionalProperties: false },
);
export type ContinueSessionBody = Static<typeof ContinueSessionBody>;

export const LinkRenewal = Type.Object({ recipient: Type.String(), requestedAt: DateTime });
export type LinkRenewal = Static<typeof LinkRenewal>;

export const CreateIntegrationKeyBody = Type.Object({ name: ShortText(100) }, { additionalProperties: false });
export type CreateIntegrationKeyBody = Static<typeof CreateIntegrationKeyBody>;

export const IntegrationKey = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});
export type IntegrationKey = Static<typeof IntegrationKey>;
export const CreatedIntegrationKey = Type.Intersect([IntegrationKey, Type.Object({ key: Type.String() })]);
export type CreatedIntegrationKey = Static<typeof CreatedIntegrationKey>;

/** `POST /api/portal/v1/step-up`: asks for a one-time code before a risky action. */
export const CreateStepUpBody = Type.Object({ action: Action }, { additionalProperties: false });
export type CreateStepUpBody = Static<typeof CreateStepUpBody>;

/** The code went to the link's recipient (by the portal's e-mail, or by the main system); send it back as `X-Step-Up-Code`. */
export const StepUpChallenge = Type.Object({
  action: Action,
  /** Where the code goes, masked. */
  recipient: Type.Optional(Type.String()),
  expiresAt: DateTime,
});
export type StepUpChallenge = Static<typeof StepUpChallenge>;
