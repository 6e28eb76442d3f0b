import { Type, type Static } from '@sinclair/typebox';
import { Email, Ref, ShortText } from './common.js';

export const Site = Type.Object(
  { ref: Ref, name: ShortText(200), address: Type.Optional(ShortText(300)) },
  { additionalProperties: false },
);
export type Site = Static<typeof Site>;

export const Asset = Type.Object(
  {
    ref: Ref,
    siteRef: Type.Optional(Ref),
    name: ShortText(200),
    type: Type.Optional(ShortText(100)),
    serialNumber: Type.Optional(ShortText(100)),
    /** Where it stands within the site, e.g. "Hala 2, linia 3". */
    location: Type.Optional(ShortText(200)),
    /** The code printed on its QR label; a page URL `?asset=<code>` or `#asset=<code>` preselects it. */
    qrCode: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:/-]+$' })),
  },
  { additionalProperties: false },
);
export type Asset = Static<typeof Asset>;

/**
 * The optional fields of a service request a category can use. `title` and the contact name are
 * always asked for; everything else appears only when the category lists it.
 */
export const REQUEST_FIELDS = [
  'asset',
  'site',
  'location',
  'description',
  'urgency',
  'preferredDates',
  'contactPhone',
  'contactEmail',
  'attachments',
] as const;
export type RequestField = (typeof REQUEST_FIELDS)[number];
export const RequestField = Type.Union(REQUEST_FIELDS.map((f) => Type.Literal(f)));

export const RequestCategory = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9][a-z0-9_-]*$' }),
    name: ShortText(100),
    /** Fields the form shows for this category; omitted: all of them. */
    fields: Type.Optional(Type.Array(RequestField, { maxItems: REQUEST_FIELDS.length, uniqueItems: true })),
    /** Fields that must be filled in (each also shown). */
    required: Type.Optional(Type.Array(RequestField, { maxItems: REQUEST_FIELDS.length, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type RequestCategory = Static<typeof RequestCategory>;

export const RequestUrgency = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9][a-z0-9_-]*$' });

export const ContactPerson = Type.Object(
  {
    name: ShortText(200),
    email: Type.Optional(Email),
    phone: Type.Optional(ShortText(40)),
    role: Type.Optional(ShortText(100)),
  },
  { additionalProperties: false },
);
export type ContactPerson = Static<typeof ContactPerson>;

/** A customer as the main system shares it: `PUT /api/integration/v1/customers/{ref}`. */
export const PutCustomerBody = Type.Object(
  {
    name: ShortText(200),
    sites: Type.Array(Site, { maxItems: 500, default: [] }),
    assets: Type.Array(Asset, { maxItems: 5000, default: [] }),
    categories: Type.Array(RequestCategory, { minItems: 1, maxItems: 20 }),
    /** Urgency keys offered, lowest first; the widget translates low/normal/high/critical. */
    urgencies: Type.Array(RequestUrgency, { maxItems: 10, uniqueItems: true, default: [] }),
    contacts: Type.Array(ContactPerson, { maxItems: 100, default: [] }),
  },
  { additionalProperties: false },
);
export type PutCustomerBody = Static<typeof PutCustomerBody>;

export const CustomerView = Type.Object({
  ref: Ref,
  name: Type.String(),
  sites: Type.Array(Site),
  assets: Type.Array(Asset),
  categories: Type.Array(RequestCategory),
  urgencies: Type.Array(Type.String()),
  contacts: Type.Array(ContactPerson),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type CustomerView = Static<typeof CustomerView>;

/**
 * What the intake form needs: `GET /api/portal/v1/customers/{ref}/intake`. Narrowed to the link's
 * site when the link carries `constraints.siteRef`.
 */
export const IntakeConfig = Type.Object({
  customer: Type.Object({ ref: Type.String(), name: Type.String() }),
  /** The one site this link is for, when it is limited to one. */
  siteRef: Type.Optional(Type.String()),
  sites: Type.Array(Site),
  assets: Type.Array(Asset),
  categories: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      fields: Type.Array(RequestField),
      required: Type.Array(RequestField),
    }),
  ),
  urgencies: Type.Array(Type.String()),
  /** Prefill for the contact fields: the person the link was issued to, where known. */
  contact: Type.Object({ name: Type.Optional(Type.String()), email: Type.Optional(Type.String()) }),
  /** What the link allows: `request:create`, `request:read`. */
  actions: Type.Array(Type.String()),
});
export type IntakeConfig = Static<typeof IntakeConfig>;

/** Stable problem codes of the customer portal (customers, service requests, jobs). */
export const CustomerProblem = {
  customerInvalid: 'customer.invalid',
  linkConstraintUnknown: 'link.constraint_unknown',
  linkSiteNotFound: 'link.site_not_found',
  unknownCategory: 'request.unknown_category',
  unknownUrgency: 'request.unknown_urgency',
  fieldRequired: 'request.field_required',
  fieldNotUsed: 'request.field_not_used',
  assetNotFound: 'request.asset_not_found',
  siteNotFound: 'request.site_not_found',
  siteNotAllowed: 'request.site_not_allowed',
  assetNotAtSite: 'request.asset_not_at_site',
  datesReversed: 'request.dates_reversed',
  commentEmpty: 'request.comment_empty',
  requestClosed: 'request.closed',
  requestAlreadyCancelled: 'request.already_cancelled',
  requestAlreadyPlanned: 'request.already_planned',
  unknownStage: 'job.unknown_stage',
  inspectionMissing: 'job.inspection_missing',
  quoteNotExpected: 'job.quote_not_expected',
  jobNotCompleted: 'job.not_completed',
  quoteNotFound: 'job.quote_not_found',
  quoteAlreadyDecided: 'job.quote_already_decided',
} as const;
export type CustomerProblem = (typeof CustomerProblem)[keyof typeof CustomerProblem];
