import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { Action, DateTime, Nullable, Subject, Uuid } from './common.js';
import { Recipient } from './access.js';
import { Attachment, AttachmentSummary } from './attachments.js';
import { StageResponse } from './complaints.js';
import { JobApproval, JobRating } from './jobs.js';
import { DateConfirmation, DeclareDeliveryBody, Delivery } from './purchase-orders.js';
import { ServiceRequestComment, ServiceRequestView } from './service-requests.js';
import {
  Completion,
  Finding,
  InspectionAnswer,
  InspectionSubmission,
  LotoStepRecord,
  PermitLogEntry,
  WorkLog,
} from './work-orders.js';

/** The portal's own objects events can be about (beside shared subjects): a webhook subscription. */
export const SystemSubject = Type.Object({ type: Type.Literal('webhook'), ref: Uuid }, { additionalProperties: false });
export type SystemSubject = Static<typeof SystemSubject>;

/** What an event is about: a shared record, or (for `webhook.disabled`) a webhook subscription. */
export const EventSubject = Type.Union([Subject, SystemSubject]);
export type EventSubject = Static<typeof EventSubject>;

/** How a link or a step-up code reaches its recipient: by the portal's own e-mail, or by the main system. */
export const DeliveryChannel = Type.Union([Type.Literal('email'), Type.Literal('none')]);
export type DeliveryChannel = Static<typeof DeliveryChannel>;

/** One kind of event: what it means (documentation, webhook summaries) and the schema of its `data`. */
const event = <D extends TObject>(summary: string, data: D) => ({ summary, data });

const permitEntry = (summary: string) =>
  event(summary, Type.Composite([Type.Object({ permit: Type.String(), permitType: Type.String() }), PermitLogEntry]));

/**
 * Every event type (`noun.past-tense-verb`, see docs/architecture.md) with its meaning and the schema of
 * its `data`. The feed's `PortalEvent`, the webhooks section of the OpenAPI document and the server's
 * `recordEvent` are all typed from this one table.
 */
export const EVENT_CATALOG = {
  // ── access ────────────────────────────────────────────────────────────────
  'session.started': event(
    'A session was started with the link (one use spent).',
    Type.Object({
      sessionId: Uuid,
      uses: Type.Integer(),
      maxUses: Nullable(Type.Integer()),
      ip: Nullable(Type.String()),
    }),
  ),
  'session.continued': event(
    'A one-time link was reopened on the device that started it (its continuation secret): a new session, no use spent.',
    Type.Object({ sessionId: Uuid, ip: Nullable(Type.String()) }),
  ),
  'session.reuse-detected': event(
    'A session was refreshed a second time under another key: two holders of one token. Its whole family of sessions ended.',
    Type.Object({ familyId: Uuid, sessionId: Uuid }),
  ),
  'link.renewal-requested': event(
    'The holder of an expired or used-up link asked for a new one. The link was issued with `renewal: manual`: the main system issues the fresh link.',
    Type.Object({ renewalId: Uuid, recipient: Nullable(Recipient), actions: Type.Array(Action) }),
  ),
  'link.renewed': event(
    'A link issued with `renewal: automatic` was renewed when its holder asked: the old link is revoked and a fresh one with the same scope is e-mailed to the same recipient.',
    Type.Object({
      renewalId: Uuid,
      previousLinkId: Uuid,
      linkId: Uuid,
      expiresAt: DateTime,
      recipient: Recipient,
      actions: Type.Array(Action),
    }),
  ),
  'link.delivered': event(
    "The mail server accepted the link's e-mail (`delivery: email`).",
    Type.Object({
      deliveryId: Uuid,
      channel: Type.Literal('email'),
      to: Type.String(),
      attempts: Type.Integer(),
      sentAt: DateTime,
    }),
  ),
  'link.delivery-failed': event(
    "The link's e-mail could not be sent: the mail server refused it for good, or it still failed after the last retry.",
    Type.Object({
      deliveryId: Uuid,
      channel: Type.Literal('email'),
      to: Type.String(),
      attempts: Type.Integer(),
      error: Type.String(),
      /** True when the mail server refused the message outright (5xx), false when the retries ran out. */
      permanent: Type.Boolean(),
      failedAt: DateTime,
    }),
  ),
  'step-up.requested': event(
    'A one-time code for a risky action was made. `code` is present only when the main system sends it (`delivery: none`); with e-mail configured the portal sends it and the event does not carry it.',
    Type.Object({
      stepUpId: Uuid,
      action: Action,
      delivery: DeliveryChannel,
      code: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
      recipient: Nullable(Recipient),
      expiresAt: DateTime,
    }),
  ),
  // ── supplier ──────────────────────────────────────────────────────────────
  'date-confirmation.submitted': event(
    'The supplier confirmed or proposed delivery dates, line by line.',
    DateConfirmation,
  ),
  'delivery.declared': event('The supplier declared a delivery (advance shipping notice).', Delivery),
  'delivery.corrected': event(
    'The supplier corrected a declaration; `previous` is the declaration as it was before.',
    Type.Composite([Delivery, Type.Object({ reason: Type.Optional(Type.String()), previous: DeclareDeliveryBody })]),
  ),
  'delivery.cancelled': event(
    'The supplier cancelled a declaration.',
    Type.Object({ id: Uuid, reason: Type.String() }),
  ),
  'complaint-response.submitted': event('The supplier answered a stage of a complaint.', StageResponse),
  'complaint.disputed': event(
    'The supplier disputed a complaint.',
    Type.Object({ id: Uuid, reason: Type.String(), attachments: Type.Array(AttachmentSummary), createdAt: DateTime }),
  ),
  'complaint.accepted': event(
    'The supplier accepted a complaint and its proposed resolution.',
    Type.Object({
      id: Uuid,
      name: Type.String(),
      comment: Type.Optional(Type.String()),
      resolution: Nullable(Type.String()),
      /** Whether a step-up code confirmed it. */
      stepUp: Type.Boolean(),
      createdAt: DateTime,
    }),
  ),
  // ── subcontractor ─────────────────────────────────────────────────────────
  'permit.precaution-acknowledged': permitEntry('A contractor acknowledged a precaution of a permit to work.'),
  'permit.signed-on': permitEntry('Workers signed on to a permit to work.'),
  'permit.signed-off': permitEntry('Workers signed off a permit to work.'),
  'loto.step-confirmed': event(
    'A step of the lockout/tagout procedure was confirmed.',
    Type.Composite([Type.Object({ procedure: Type.String() }), LotoStepRecord]),
  ),
  'loto.isolation-signed-off': event(
    'The isolation as a whole was signed off (every point locked, tagged and verified).',
    Type.Object({
      procedure: Type.String(),
      by: Type.String(),
      at: DateTime,
      locks: Type.Array(Type.Object({ pointKey: Nullable(Type.String()), lockNumber: Type.Optional(Type.String()) })),
    }),
  ),
  'loto.released': event(
    'The equipment was returned to service: the lockout/tagout procedure is complete.',
    Type.Object({ procedure: Type.String(), by: Type.String(), at: DateTime }),
  ),
  'work.logged': event('A contractor logged work (time, people, materials, notes).', WorkLog),
  'finding.reported': event('A contractor reported a finding.', Finding),
  'inspection.answer-saved': event(
    'An answer of an inspection checklist was saved (replaceable until the checklist is submitted).',
    Type.Composite([Type.Object({ checklistKey: Type.String() }), InspectionAnswer]),
  ),
  'inspection.submitted': event(
    'An inspection checklist was submitted, with its outcome and every answer.',
    Type.Composite([InspectionSubmission, Type.Object({ answers: Type.Array(InspectionAnswer) })]),
  ),
  'work-order.completed': event(
    'The contractor confirmed the work order complete; `signature` is the drawn signature (a PNG data URL) or null for a typed one.',
    Type.Composite([Type.Omit(Completion, ['signature']), Type.Object({ signature: Nullable(Type.String()) })]),
  ),
  // ── customer ──────────────────────────────────────────────────────────────
  'service-request.created': event('A customer registered a service request or fault report.', ServiceRequestView),
  'service-request.commented': event(
    'A customer commented on a service request.',
    Type.Composite([Type.Object({ requestId: Type.String(), number: Type.String() }), ServiceRequestComment]),
  ),
  'service-request.cancelled': event(
    'A customer cancelled a service request.',
    Type.Object({ requestId: Type.String(), number: Type.String(), reason: Type.Optional(Type.String()) }),
  ),
  'job.decided': event(
    'A customer approved or rejected a quote, accepted the work or reported a problem; `signature` is the drawn signature of an acceptance, when one was drawn.',
    Type.Composite([JobApproval, Type.Object({ signature: Type.Optional(Type.String()) })]),
  ),
  'job.rated': event('A customer rated the service.', JobRating),
  // ── shared ────────────────────────────────────────────────────────────────
  'attachment.uploaded': event(
    'A file was uploaded through a portal (files the main system shares write no event).',
    Attachment,
  ),
  'webhook.disabled': event(
    'A webhook subscription failed for its whole failure window and was disabled; `POST /webhooks/{id}/enable` resumes it where it stopped.',
    Type.Object({
      id: Uuid,
      description: Nullable(Type.String()),
      failingSince: DateTime,
      consecutiveFailures: Type.Integer(),
      lastEventId: Type.String(),
      lastError: Nullable(Type.String()),
    }),
  ),
};

export type EventType = keyof typeof EVENT_CATALOG;
export type EventData<T extends EventType> = Static<(typeof EVENT_CATALOG)[T]['data']>;
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

/** Events about the portal's own objects rather than a shared record. */
const SYSTEM_EVENTS: ReadonlySet<EventType> = new Set<EventType>(['webhook.disabled']);

/** The subject an event of this type is about. */
export type EventSubjectOf<T extends EventType> = T extends 'webhook.disabled' ? SystemSubject : Subject;

/** One event schema per type, its `type` a constant (`PortalEvent` is their union, discriminated by `type`). */
export const EVENT_SCHEMAS = Object.fromEntries(
  EVENT_TYPES.map((type) => [
    type,
    Type.Object(
      {
        id: Type.String(),
        type: Type.Literal(type),
        subject: SYSTEM_EVENTS.has(type) ? SystemSubject : Subject,
        linkId: Nullable(Uuid),
        occurredAt: DateTime,
        data: EVENT_CATALOG[type].data,
      },
      { description: EVENT_CATALOG[type].summary },
    ),
  ]),
) as unknown as Record<EventType, TSchema>;

/** An event the main system reads back: something an external person (or the portal) did. */
export type PortalEvent = {
  [T in EventType]: {
    id: string;
    type: T;
    subject: EventSubjectOf<T>;
    linkId: string | null;
    occurredAt: string;
    data: EventData<T>;
  };
}[EventType];
/** The event of one type: `EventOf<'delivery.declared'>`. */
export type EventOf<T extends EventType> = Extract<PortalEvent, { type: T }>;
export const PortalEvent = Type.Unsafe<PortalEvent>(Type.Union(Object.values(EVENT_SCHEMAS)));

export const EventsQuery = Type.Object(
  {
    after: Type.Optional(Type.String({ maxLength: 100, pattern: '^[A-Za-z0-9_-]*$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);
export type EventsQuery = Static<typeof EventsQuery>;

export const EventPage = Type.Object({
  events: Type.Array(PortalEvent),
  /** Pass as `after` to read on; stays the same when nothing new was there. */
  next: Type.String(),
});
export type EventPage = Static<typeof EventPage>;
