import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** The main system's own reference of a shared record (purchase order, job, …). */
export const Ref = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*$' });
export const ShortText = (maxLength = 200) => Type.String({ minLength: 1, maxLength });
export const LongText = (maxLength = 4000) => Type.String({ maxLength });
export const DateTime = Type.String({ format: 'date-time', maxLength: 40 });
export const DateOnly = Type.String({ format: 'date', maxLength: 10 });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Locale = Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$', maxLength: 5 });
export const Uuid = Type.String({ format: 'uuid' });

/** Path parameters of a route on one shared record, by the main system's reference. */
export const RefParams = Type.Object({ ref: Ref });
/** Path parameters of a route on one record of ours, by its id. */
export const IdParams = Type.Object({ id: Uuid });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SubjectType = Type.Union([
  Type.Literal('purchase-order'),
  Type.Literal('complaint'),
  Type.Literal('work-order'),
  Type.Literal('customer'),
  Type.Literal('job'),
]);
export type SubjectType = Static<typeof SubjectType>;

export const Subject = Type.Object({ type: SubjectType, ref: Ref }, { additionalProperties: false });
export type Subject = Static<typeof Subject>;

/** Every action a link can grant, by the subject type it belongs to. */
export const ACTIONS_BY_SUBJECT = {
  'purchase-order': ['order:read', 'order:confirm-dates', 'order:declare-delivery'],
  complaint: ['complaint:read', 'complaint:respond'],
  'work-order': [
    'work-order:read',
    'work-order:log-work',
    'work-order:complete',
    'inspection:submit',
    'loto:acknowledge',
    'permit:sign',
  ],
  customer: ['request:create', 'request:read'],
  job: ['job:read', 'job:approve'],
} as const satisfies Record<SubjectType, readonly string[]>;

export type Action = (typeof ACTIONS_BY_SUBJECT)[SubjectType][number];
export const ALL_ACTIONS = Object.values(ACTIONS_BY_SUBJECT).flat() as Action[];
export const Action = Type.Union(ALL_ACTIONS.map((a) => Type.Literal(a)));
