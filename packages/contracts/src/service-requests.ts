import { Type, type Static } from '@sinclair/typebox';
import { DateOnly, DateTime, Email, LongText, Ref, ShortText } from './common.js';
import { AttachmentIds, AttachmentSummary } from './attachments.js';
import { RequestUrgency } from './customers.js';
import { JobStatus } from './jobs.js';

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', maxLength: 5 });

/** When the requester would like the visit: a date range and/or a time of day window. */
export const PreferredDates = Type.Object(
  {
    from: Type.Optional(DateOnly),
    to: Type.Optional(DateOnly),
    timeFrom: Type.Optional(Time),
    timeTo: Type.Optional(Time),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PreferredDates = Static<typeof PreferredDates>;

export const RequestContact = Type.Object(
  {
    name: ShortText(200),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9+()./ -]+$' })),
    email: Type.Optional(Email),
  },
  { additionalProperties: false },
);
export type RequestContact = Static<typeof RequestContact>;

/**
 * A service or fault request: `POST /api/portal/v1/customers/{ref}/service-requests` (`request:create`).
 * Which optional fields are allowed and required depends on the category (checked by the server).
 */
export const CreateServiceRequestBody = Type.Object(
  {
    category: Type.String({ minLength: 1, maxLength: 40 }),
    assetRef: Type.Optional(Ref),
    siteRef: Type.Optional(Ref),
    location: Type.Optional(ShortText(200)),
    title: ShortText(200),
    description: Type.Optional(LongText(4000)),
    urgency: Type.Optional(RequestUrgency),
    preferredDates: Type.Optional(PreferredDates),
    contact: RequestContact,
    attachments: Type.Optional(AttachmentIds),
  },
  { additionalProperties: false },
);
export type CreateServiceRequestBody = Static<typeof CreateServiceRequestBody>;

export const ServiceRequestStatus = Type.Union(
  ['submitted', 'accepted', 'planned', 'in-progress', 'completed', 'rejected', 'cancelled'].map((s) => Type.Literal(s)),
);
export type ServiceRequestStatus =
  | 'submitted'
  | 'accepted'
  | 'planned'
  | 'in-progress'
  | 'completed'
  | 'rejected'
  | 'cancelled';

/** A message from the service company to the requester, shown with the request. */
export const RequesterMessage = Type.Object(
  { at: DateTime, text: ShortText(4000), author: Type.Optional(ShortText(200)) },
  { additionalProperties: false },
);
export type RequesterMessage = Static<typeof RequesterMessage>;

export const ServiceRequestComment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  text: Type.Optional(Type.String()),
  attachments: Type.Array(AttachmentSummary),
  createdAt: DateTime,
});
export type ServiceRequestComment = Static<typeof ServiceRequestComment>;

/** A request as its requester (and the main system) sees it. */
export const ServiceRequestView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  /** Shown to the requester after submitting, e.g. `SR-2026-00042`. */
  number: Type.String(),
  customerRef: Type.String(),
  category: Type.Object({ key: Type.String(), name: Type.String() }),
  asset: Type.Optional(
    Type.Object({ ref: Type.String(), name: Type.String(), serialNumber: Type.Optional(Type.String()) }),
  ),
  site: Type.Optional(Type.Object({ ref: Type.String(), name: Type.String() })),
  location: Type.Optional(Type.String()),
  title: Type.String(),
  description: Type.Optional(Type.String()),
  urgency: Type.Optional(Type.String()),
  preferredDates: Type.Optional(PreferredDates),
  contact: RequestContact,
  attachments: Type.Array(AttachmentSummary),
  status: ServiceRequestStatus,
  /** The main system's job for it, once there is one. */
  jobRef: Type.Optional(Type.String()),
  plannedStart: Type.Optional(DateTime),
  plannedEnd: Type.Optional(DateTime),
  /**
   * That job as the main system shared it (`PUT /jobs/{ref}`, and moved by its progress events), when it is
   * shared and belongs to the same customer: its number, status and planned dates. No link to its progress:
   * following a job needs a job link the main system issues.
   */
  job: Type.Optional(
    Type.Object({
      ref: Type.String(),
      number: Type.String(),
      status: JobStatus,
      plannedStart: Type.Optional(DateTime),
      plannedEnd: Type.Optional(DateTime),
    }),
  ),
  messages: Type.Array(RequesterMessage),
  comments: Type.Array(ServiceRequestComment),
  /** The requester may still cancel it (not yet planned, not closed). */
  cancellable: Type.Boolean(),
  cancelledAt: Type.Optional(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type ServiceRequestView = Static<typeof ServiceRequestView>;

export const ServiceRequestList = Type.Object({ requests: Type.Array(ServiceRequestView) });
export type ServiceRequestList = Static<typeof ServiceRequestList>;

/** More information for an open request: a comment and/or files. */
export const AddServiceRequestCommentBody = Type.Object(
  { text: Type.Optional(LongText(4000)), attachments: Type.Optional(AttachmentIds) },
  { additionalProperties: false, minProperties: 1 },
);
export type AddServiceRequestCommentBody = Static<typeof AddServiceRequestCommentBody>;

export const CancelServiceRequestBody = Type.Object(
  { reason: Type.Optional(LongText(2000)) },
  { additionalProperties: false },
);
export type CancelServiceRequestBody = Static<typeof CancelServiceRequestBody>;

/**
 * The main system's update of a request: `PUT /api/integration/v1/service-requests/{id}`.
 * `messages` replaces the list shown to the requester (send them all every time).
 */
export const PutServiceRequestStatusBody = Type.Object(
  {
    status: ServiceRequestStatus,
    jobRef: Type.Optional(Ref),
    plannedStart: Type.Optional(DateTime),
    plannedEnd: Type.Optional(DateTime),
    messages: Type.Optional(Type.Array(RequesterMessage, { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export type PutServiceRequestStatusBody = Static<typeof PutServiceRequestStatusBody>;

export const ServiceRequestParams = Type.Object({ ref: Ref, id: Type.String({ format: 'uuid' }) });
