import { Type, type Static } from '@sinclair/typebox';
import { AttachmentIds, AttachmentRef } from './attachments.js';
import { DateOnly, DateTime, Email, LongText, Ref, ShortText, Uuid } from './common.js';
import { REASON_CODES } from './constants.js';

// ── shared pieces ───────────────────────────────────────────────────────────

export const LineNo = Type.Integer({ minimum: 1, maximum: 99999 });
/** Quantities may be fractional (kg, m); in units that count pieces (`countsPieces`) they are whole. */
export const Quantity = Type.Number({ exclusiveMinimum: 0, maximum: 1e9 });

export const Party = Type.Object(
  { ref: Ref, name: Type.Optional(ShortText(200)), email: Type.Optional(Email) },
  { additionalProperties: false },
);
export const Contact = Type.Object(
  { name: Type.Optional(ShortText(200)), email: Type.Optional(Email), phone: Type.Optional(ShortText(40)) },
  { additionalProperties: false },
);

export type ReasonCode = (typeof REASON_CODES)[number];
export const ReasonCode = Type.Union(REASON_CODES.map((c) => Type.Literal(c)));

export const OrderStatus = Type.Union([Type.Literal('open'), Type.Literal('cancelled'), Type.Literal('closed')]);
export type OrderStatus = Static<typeof OrderStatus>;

// ── integration API: PUT /api/integration/v1/purchase-orders/{ref} ─────────

export const PurchaseOrderLineInput = Type.Object(
  {
    lineNo: LineNo,
    itemCode: ShortText(64),
    supplierItemCode: Type.Optional(ShortText(64)),
    description: Type.Optional(ShortText(500)),
    quantity: Quantity,
    unit: ShortText(20),
    requestedDate: DateOnly,
    unitPrice: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
  },
  { additionalProperties: false },
);

/** The buyer's answer to one line of a supplier's proposal (a date confirmation). */
export const ProposalDecisionInput = Type.Object(
  {
    /** The date confirmation (`id` of `date-confirmation.submitted`) the decision answers. */
    confirmationId: Uuid,
    lineNo: LineNo,
    decision: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
    comment: Type.Optional(LongText(2000)),
    decidedAt: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);
export type ProposalDecisionInput = Static<typeof ProposalDecisionInput>;

/** Goods received against a line (the main system's goods receipt). */
export const ReceiptInput = Type.Object(
  {
    /** The main system's own id of the receipt line; a receipt is recorded once per ref. */
    ref: Ref,
    lineNo: LineNo,
    quantity: Quantity,
    receivedAt: DateTime,
    /** The declaration (`id` of `delivery.declared`) the goods came with; locks it. */
    deliveryId: Type.Optional(Uuid),
    rejectedQuantity: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
    note: Type.Optional(LongText(2000)),
  },
  { additionalProperties: false },
);
export type ReceiptInput = Static<typeof ReceiptInput>;

export const PutPurchaseOrderBody = Type.Object(
  {
    number: ShortText(64),
    supplier: Party,
    buyer: Type.Optional(Contact),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    orderDate: Type.Optional(DateOnly),
    deliveryAddress: Type.Optional(ShortText(500)),
    incoterms: Type.Optional(ShortText(40)),
    note: Type.Optional(LongText(4000)),
    status: Type.Optional(OrderStatus),
    /** Why the order was cancelled or closed; shown to the supplier. */
    statusReason: Type.Optional(LongText(2000)),
    /** How much more than confirmed may be declared, in percent of the line (default 0). */
    overDeliveryTolerancePercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    lines: Type.Array(PurchaseOrderLineInput, { minItems: 1, maxItems: 500 }),
    /** Decisions on the supplier's proposals, as they stand; new ones are recorded in the history. */
    proposalDecisions: Type.Optional(Type.Array(ProposalDecisionInput, { maxItems: 2000 })),
    /** Goods received, as they stand; new ones are recorded in the history and lock their declaration. */
    receipts: Type.Optional(Type.Array(ReceiptInput, { maxItems: 5000 })),
    /** Files the main system uploaded for this order (drawings, specifications). */
    attachments: Type.Optional(AttachmentIds),
  },
  { additionalProperties: false },
);
export type PutPurchaseOrderBody = Static<typeof PutPurchaseOrderBody>;

// ── portal API: date confirmation ───────────────────────────────────────────

export const ScheduleLine = Type.Object({ quantity: Quantity, date: DateOnly }, { additionalProperties: false });
export type ScheduleLine = Static<typeof ScheduleLine>;

export const LineAccept = Type.Object(
  { lineNo: LineNo, action: Type.Literal('accept'), comment: Type.Optional(LongText(2000)) },
  { additionalProperties: false },
);

/**
 * Anything but the requested date and quantity: delivery split into schedule lines, a part on
 * backorder (later, date if known), a part the supplier cannot deliver. The parts add up to the
 * ordered quantity. The buyer decides through the integration API.
 */
export const LineProposal = Type.Object(
  {
    lineNo: LineNo,
    action: Type.Literal('propose'),
    schedule: Type.Array(ScheduleLine, { maxItems: 20 }),
    backorder: Type.Optional(
      Type.Object({ quantity: Quantity, date: Type.Optional(DateOnly) }, { additionalProperties: false }),
    ),
    reject: Type.Optional(Type.Object({ quantity: Quantity }, { additionalProperties: false })),
    reasonCode: ReasonCode,
    /** Required when `reasonCode` is `other`. */
    comment: Type.Optional(LongText(2000)),
  },
  { additionalProperties: false },
);

export const LineResponse = Type.Union([LineAccept, LineProposal]);
export type LineResponse = Static<typeof LineResponse>;
export type LineProposal = Static<typeof LineProposal>;

/** `POST /purchase-orders/{ref}/date-confirmations` (`order:confirm-dates`): some lines or all. */
export const CreateDateConfirmationBody = Type.Object(
  {
    lines: Type.Array(LineResponse, { minItems: 1, maxItems: 500 }),
    supplierOrderRef: Type.Optional(ShortText(64)),
    note: Type.Optional(LongText(4000)),
  },
  { additionalProperties: false },
);
export type CreateDateConfirmationBody = Static<typeof CreateDateConfirmationBody>;

export const DateConfirmation = Type.Object({
  id: Uuid,
  purchaseOrderRef: Ref,
  lines: Type.Array(LineResponse),
  supplierOrderRef: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
  createdAt: DateTime,
});
export type DateConfirmation = Static<typeof DateConfirmation>;

// ── portal API: delivery declaration (advance shipping notice) ──────────────

export const Lot = Type.Object(
  {
    number: ShortText(64),
    quantity: Quantity,
    productionDate: Type.Optional(DateOnly),
    expiryDate: Type.Optional(DateOnly),
  },
  { additionalProperties: false },
);
export type Lot = Static<typeof Lot>;

export const DeliveryLineInput = Type.Object(
  {
    lineNo: LineNo,
    quantity: Quantity,
    /** When given, lot quantities add up to the shipped quantity. */
    lots: Type.Optional(Type.Array(Lot, { maxItems: 100 })),
    /** When given, one per unit shipped. */
    serialNumbers: Type.Optional(Type.Array(ShortText(64), { maxItems: 1000, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type DeliveryLineInput = Static<typeof DeliveryLineInput>;

/** `POST /purchase-orders/{ref}/deliveries` (`order:declare-delivery`); also the body of a correction. */
export const DeclareDeliveryBody = Type.Object(
  {
    dispatchDate: DateOnly,
    expectedArrival: DateOnly,
    carrier: Type.Optional(ShortText(100)),
    trackingNumber: Type.Optional(ShortText(100)),
    deliveryNoteNumber: ShortText(64),
    packages: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    grossWeightKg: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e7 })),
    lines: Type.Array(DeliveryLineInput, { minItems: 1, maxItems: 500 }),
    attachments: Type.Optional(AttachmentIds),
    note: Type.Optional(LongText(4000)),
  },
  { additionalProperties: false },
);
export type DeclareDeliveryBody = Static<typeof DeclareDeliveryBody>;

/** `PATCH /purchase-orders/{ref}/deliveries/{id}`: the corrected declaration replaces the old one. */
export const CorrectDeliveryBody = Type.Object(
  {
    ...DeclareDeliveryBody.properties,
    /** Why it was corrected; shown in the history. */
    reason: Type.Optional(LongText(2000)),
  },
  { additionalProperties: false },
);
export type CorrectDeliveryBody = Static<typeof CorrectDeliveryBody>;

/** `POST /purchase-orders/{ref}/deliveries/{id}/cancellation`. */
export const CancelDeliveryBody = Type.Object({ reason: ShortText(2000) }, { additionalProperties: false });
export type CancelDeliveryBody = Static<typeof CancelDeliveryBody>;

export const DeliveryStatus = Type.Union(
  ['declared', 'partly-received', 'received', 'cancelled'].map((s) => Type.Literal(s)),
);
export type DeliveryStatus = 'declared' | 'partly-received' | 'received' | 'cancelled';

export const Delivery = Type.Object({
  id: Uuid,
  purchaseOrderRef: Ref,
  status: DeliveryStatus,
  dispatchDate: DateOnly,
  expectedArrival: DateOnly,
  carrier: Type.Optional(Type.String()),
  trackingNumber: Type.Optional(Type.String()),
  deliveryNoteNumber: Type.String(),
  packages: Type.Optional(Type.Integer()),
  grossWeightKg: Type.Optional(Type.Number()),
  lines: Type.Array(
    Type.Object({
      lineNo: LineNo,
      quantity: Type.Number(),
      receivedQuantity: Type.Number(),
      lots: Type.Optional(Type.Array(Lot)),
      serialNumbers: Type.Optional(Type.Array(Type.String())),
    }),
  ),
  attachments: Type.Array(AttachmentRef),
  note: Type.Optional(Type.String()),
  /** False once goods were received against it (or it was cancelled). */
  editable: Type.Boolean(),
  revision: Type.Integer(),
  cancelReason: Type.Optional(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Delivery = Static<typeof Delivery>;

// ── views ───────────────────────────────────────────────────────────────────

/**
 * Where a line stands: `open` (not answered), `accepted` (requested date and quantity accepted),
 * `proposed` (waiting for the buyer), `confirmed` (proposal accepted by the buyer),
 * `proposal-rejected` (the buyer said no; answer again).
 */
export const LineConfirmationState = Type.Union(
  ['open', 'accepted', 'proposed', 'confirmed', 'proposal-rejected'].map((s) => Type.Literal(s)),
);
export type LineConfirmationState = 'open' | 'accepted' | 'proposed' | 'confirmed' | 'proposal-rejected';

export const LineHistoryKind = Type.Union(
  [
    'accepted',
    'proposed',
    'proposal-accepted',
    'proposal-rejected',
    'declared',
    'declaration-corrected',
    'declaration-cancelled',
    'received',
  ].map((s) => Type.Literal(s)),
);
export type LineHistoryKind =
  | 'accepted'
  | 'proposed'
  | 'proposal-accepted'
  | 'proposal-rejected'
  | 'declared'
  | 'declaration-corrected'
  | 'declaration-cancelled'
  | 'received';

/** One thing that happened to a line, from either side, oldest first. */
export const LineHistoryEntry = Type.Object({
  at: DateTime,
  kind: LineHistoryKind,
  by: Type.Union([Type.Literal('supplier'), Type.Literal('buyer')]),
  confirmationId: Type.Optional(Uuid),
  deliveryId: Type.Optional(Uuid),
  schedule: Type.Optional(Type.Array(ScheduleLine)),
  backorder: Type.Optional(Type.Object({ quantity: Type.Number(), date: Type.Optional(DateOnly) })),
  reject: Type.Optional(Type.Object({ quantity: Type.Number() })),
  reasonCode: Type.Optional(ReasonCode),
  quantity: Type.Optional(Type.Number()),
  comment: Type.Optional(Type.String()),
});
export type LineHistoryEntry = Static<typeof LineHistoryEntry>;

export const PurchaseOrderLineView = Type.Object({
  lineNo: LineNo,
  itemCode: Type.String(),
  supplierItemCode: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  quantity: Type.Number(),
  unit: Type.String(),
  requestedDate: DateOnly,
  unitPrice: Type.Optional(Type.Number()),
  confirmation: LineConfirmationState,
  /** The schedule in force (accepted or confirmed); empty while nothing is agreed. */
  confirmedSchedule: Type.Array(ScheduleLine),
  /** The proposal waiting for the buyer, if any. */
  pendingProposal: Type.Optional(Type.Object({ confirmationId: Uuid, proposal: LineProposal })),
  /** The quantity deliveries count against: agreed quantity, or the ordered one while nothing is agreed. */
  confirmedQuantity: Type.Number(),
  declaredQuantity: Type.Number(),
  receivedQuantity: Type.Number(),
  /** Still open: the confirmed quantity less what was declared (and received without a declaration); never below 0. */
  remainingQuantity: Type.Number(),
  /** The most a declaration may still carry: `remainingQuantity` plus the over-delivery tolerance (whole pieces for units that count pieces). */
  openQuantity: Type.Number(),
  history: Type.Array(LineHistoryEntry),
});
export type PurchaseOrderLineView = Static<typeof PurchaseOrderLineView>;

export const PurchaseOrderView = Type.Object({
  ref: Ref,
  number: Type.String(),
  status: OrderStatus,
  statusReason: Type.Optional(Type.String()),
  supplier: Type.Object({
    ref: Type.String(),
    name: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
  }),
  buyer: Type.Optional(
    Type.Object({
      name: Type.Optional(Type.String()),
      email: Type.Optional(Type.String()),
      phone: Type.Optional(Type.String()),
    }),
  ),
  currency: Type.Optional(Type.String()),
  orderDate: Type.Optional(DateOnly),
  deliveryAddress: Type.Optional(Type.String()),
  incoterms: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
  overDeliveryTolerancePercent: Type.Number(),
  supplierOrderRef: Type.Optional(Type.String()),
  lines: Type.Array(PurchaseOrderLineView),
  deliveries: Type.Array(Delivery),
  attachments: Type.Array(AttachmentRef),
  updatedAt: DateTime,
});
export type PurchaseOrderView = Static<typeof PurchaseOrderView>;

export const DeliveryParams = Type.Object({ ref: Ref, id: Uuid });

/** Stable problem codes of the supplier portal (purchase orders, deliveries, complaints). */
export const SupplierProblem = {
  unknownLine: 'order.unknown_line',
  duplicateLine: 'order.duplicate_line',
  quantitiesDoNotAddUp: 'order.quantities_do_not_add_up',
  dateInPast: 'order.date_in_past',
  commentRequired: 'order.comment_required',
  quantityExceedsOpen: 'order.quantity_exceeds_open',
  /** A quantity in a unit that counts pieces (`szt`, `pcs`, …) is not a whole number. */
  quantityNotWhole: 'order.quantity_not_whole',
  orderNotOpen: 'order.not_open',
  unknownProposal: 'order.unknown_proposal',
  unknownDelivery: 'order.unknown_delivery',
  arrivalBeforeDispatch: 'delivery.arrival_before_dispatch',
  lotsDoNotAddUp: 'delivery.lots_do_not_add_up',
  expiryBeforeProduction: 'delivery.expiry_before_production',
  serialNumbersDoNotMatch: 'delivery.serial_numbers_do_not_match',
  deliveryLocked: 'delivery.locked',
  deliveryCancelled: 'delivery.cancelled',
  complaintClosed: 'complaint.closed',
  complaintNotOpen: 'complaint.not_open',
  stageNotFound: 'complaint.stage_not_found',
  stageAccepted: 'complaint.stage_accepted',
  duplicateStage: 'complaint.duplicate_stage',
  verifiedBeforeImplemented: 'complaint.verified_before_implemented',
  /** An implementation or verification date after today: an answer reports what was done. */
  dateInFuture: 'complaint.date_in_future',
  /** The supplier accepted the complaint: its stages take no more answers. */
  complaintAccepted: 'complaint.accepted',
} as const;
export type SupplierProblem = (typeof SupplierProblem)[keyof typeof SupplierProblem];
