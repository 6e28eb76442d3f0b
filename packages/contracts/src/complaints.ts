import { Type, type Static } from '@sinclair/typebox';
import { DateOnly, DateTime, LongText, Ref, ShortText, Uuid } from './common.js';
import { AttachmentIds, AttachmentRef } from './attachments.js';
import { LineNo, Party, Quantity } from './purchase-orders.js';

/** The 8D stages D3–D7 by their keys; widgets name these in every language. */
export const EIGHT_D_STAGES = ['containment', 'root-cause', 'corrective-action', 'preventive-action'] as const;
export type EightDStage = (typeof EIGHT_D_STAGES)[number];

/** A response stage's key: one of `EIGHT_D_STAGES`, or any other key, which then needs a `name`. */
export const StageKey = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9][a-z0-9-]*$' });

export const StageDecisionInput = Type.Object(
  {
    outcome: Type.Union([Type.Literal('accepted'), Type.Literal('returned')]),
    comment: Type.Optional(LongText(4000)),
    decidedAt: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);
export type StageDecisionInput = Static<typeof StageDecisionInput>;

export const ComplaintStageInput = Type.Object(
  {
    key: StageKey,
    name: Type.Optional(ShortText(200)),
    dueAt: DateTime,
    /** The buyer's decision on the stage's latest response; a changed decision is recorded in the history. */
    decision: Type.Optional(StageDecisionInput),
  },
  { additionalProperties: false },
);

export const ComplaintStatus = Type.Union(['open', 'disputed', 'accepted', 'closed'].map((s) => Type.Literal(s)));
/** `accepted`: the supplier accepted it (and the proposed resolution); `closed`: the main system closed it. */
export type ComplaintStatus = 'open' | 'disputed' | 'accepted' | 'closed';

/** `PUT /api/integration/v1/complaints/{ref}`. */
export const PutComplaintBody = Type.Object(
  {
    number: ShortText(64),
    supplier: Party,
    purchaseOrderRef: Type.Optional(Ref),
    lineNo: Type.Optional(LineNo),
    itemCode: Type.Optional(ShortText(64)),
    itemDescription: Type.Optional(ShortText(500)),
    description: ShortText(8000),
    defectQuantity: Type.Optional(Quantity),
    unit: Type.Optional(ShortText(20)),
    lotNumbers: Type.Optional(Type.Array(ShortText(64), { maxItems: 50 })),
    /** Photos and documents the main system uploaded for this complaint. */
    attachments: Type.Optional(AttachmentIds),
    stages: Type.Array(ComplaintStageInput, { minItems: 1, maxItems: 12 }),
    /** How the buyer proposes to settle it (credit note, replacement, …); the supplier may accept it. */
    resolution: Type.Optional(LongText(4000)),
    /** The buyer's answer to a dispute. */
    disputeDecision: Type.Optional(
      Type.Object(
        {
          outcome: Type.Union([Type.Literal('upheld'), Type.Literal('rejected')]),
          comment: Type.Optional(LongText(4000)),
        },
        { additionalProperties: false },
      ),
    ),
    /** Set to close the complaint; the supplier can no longer respond. */
    closure: Type.Optional(
      Type.Object(
        { closedAt: Type.Optional(DateTime), comment: Type.Optional(LongText(4000)) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PutComplaintBody = Static<typeof PutComplaintBody>;

export const ResponsiblePerson = Type.Object(
  {
    name: ShortText(200),
    role: Type.Optional(ShortText(100)),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  },
  { additionalProperties: false },
);

/** `POST /complaints/{ref}/stages/{key}/responses` (`complaint:respond`): one stage's answer, or its revision. */
export const CreateStageResponseBody = Type.Object(
  {
    text: ShortText(8000),
    responsible: ResponsiblePerson,
    /** When the measure was put in place: today at the latest (plans go in the text). */
    implementedOn: Type.Optional(DateOnly),
    /** When its effect was verified: today at the latest, not before `implementedOn`. */
    verifiedOn: Type.Optional(DateOnly),
    attachments: Type.Optional(AttachmentIds),
  },
  { additionalProperties: false },
);
export type CreateStageResponseBody = Static<typeof CreateStageResponseBody>;

/** `POST /complaints/{ref}/disputes`: the supplier does not accept the complaint as a whole. */
export const CreateDisputeBody = Type.Object(
  { reason: ShortText(4000), attachments: Type.Optional(AttachmentIds) },
  { additionalProperties: false },
);
export type CreateDisputeBody = Static<typeof CreateDisputeBody>;

/**
 * `POST /complaints/{ref}/acceptance`: the supplier accepts the complaint and the proposed resolution,
 * which ends it on their side. A risky action: the link may require a step-up code.
 */
export const CreateAcceptanceBody = Type.Object(
  { name: ShortText(200), comment: Type.Optional(LongText(4000)) },
  { additionalProperties: false },
);
export type CreateAcceptanceBody = Static<typeof CreateAcceptanceBody>;

export const StageResponse = Type.Object({
  id: Uuid,
  stageKey: Type.String(),
  text: Type.String(),
  responsible: Type.Object({
    name: Type.String(),
    role: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
  }),
  implementedOn: Type.Optional(DateOnly),
  verifiedOn: Type.Optional(DateOnly),
  attachments: Type.Array(AttachmentRef),
  createdAt: DateTime,
});
export type StageResponse = Static<typeof StageResponse>;

/** `open`: nothing sent yet; `submitted`: waiting for the buyer; `returned`: revise it; `accepted`: done. */
export const ComplaintStageState = Type.Union(
  ['open', 'submitted', 'returned', 'accepted'].map((s) => Type.Literal(s)),
);
export type ComplaintStageState = 'open' | 'submitted' | 'returned' | 'accepted';

export const ComplaintHistoryEntry = Type.Object({
  at: DateTime,
  kind: Type.Union(
    [
      'response-submitted',
      'stage-accepted',
      'stage-returned',
      'disputed',
      'dispute-upheld',
      'dispute-rejected',
      'accepted',
      'closed',
    ].map((k) => Type.Literal(k)),
  ),
  by: Type.Union([Type.Literal('supplier'), Type.Literal('buyer')]),
  stageKey: Type.Optional(Type.String()),
  responseId: Type.Optional(Uuid),
  comment: Type.Optional(Type.String()),
});
export type ComplaintHistoryEntry = Static<typeof ComplaintHistoryEntry>;

export const ComplaintStageView = Type.Object({
  key: Type.String(),
  name: Type.Optional(Type.String()),
  dueAt: DateTime,
  state: ComplaintStageState,
  /** Not accepted, nothing waiting for the buyer, and past its due time. */
  overdue: Type.Boolean(),
  responses: Type.Array(StageResponse),
  /** The buyer's latest decision, if it concerns the latest response. */
  decision: Type.Optional(
    Type.Object({ outcome: Type.String(), comment: Type.Optional(Type.String()), decidedAt: DateTime }),
  ),
});
export type ComplaintStageView = Static<typeof ComplaintStageView>;

export const ComplaintView = Type.Object({
  ref: Ref,
  number: Type.String(),
  status: ComplaintStatus,
  supplier: Type.Object({
    ref: Type.String(),
    name: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
  }),
  purchaseOrderRef: Type.Optional(Type.String()),
  lineNo: Type.Optional(Type.Integer()),
  itemCode: Type.Optional(Type.String()),
  itemDescription: Type.Optional(Type.String()),
  description: Type.String(),
  defectQuantity: Type.Optional(Type.Number()),
  unit: Type.Optional(Type.String()),
  lotNumbers: Type.Optional(Type.Array(Type.String())),
  attachments: Type.Array(AttachmentRef),
  resolution: Type.Optional(Type.String()),
  stages: Type.Array(ComplaintStageView),
  dispute: Type.Optional(
    Type.Object({
      reason: Type.String(),
      createdAt: DateTime,
      attachments: Type.Array(AttachmentRef),
      decision: Type.Optional(Type.Object({ outcome: Type.String(), comment: Type.Optional(Type.String()) })),
    }),
  ),
  acceptance: Type.Optional(
    Type.Object({ name: Type.String(), comment: Type.Optional(Type.String()), createdAt: DateTime }),
  ),
  closure: Type.Optional(Type.Object({ closedAt: DateTime, comment: Type.Optional(Type.String()) })),
  history: Type.Array(ComplaintHistoryEntry),
  updatedAt: DateTime,
});
export type ComplaintView = Static<typeof ComplaintView>;

export const StageParams = Type.Object({ ref: Ref, key: StageKey });
