import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Nullable, Subject, Uuid } from './common.js';

/** The portal's own objects events can be about (beside shared subjects): a webhook subscription. */
export const SystemSubject = Type.Object({ type: Type.Literal('webhook'), ref: Uuid }, { additionalProperties: false });
export type SystemSubject = Static<typeof SystemSubject>;

/** What an event is about: a shared record, or (for `webhook.disabled`) a webhook subscription. */
export const EventSubject = Type.Union([Subject, SystemSubject]);
export type EventSubject = Static<typeof EventSubject>;

/** An event the main system reads back: something an external person (or the portal) did. */
export const PortalEvent = Type.Object({
  id: Type.String(),
  type: Type.String(),
  subject: EventSubject,
  linkId: Nullable(Uuid),
  occurredAt: DateTime,
  data: Type.Record(Type.String(), Type.Unknown()),
});
export type PortalEvent = Static<typeof PortalEvent>;

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
