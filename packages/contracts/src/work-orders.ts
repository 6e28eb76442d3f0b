import { Type, type Static } from '@sinclair/typebox';
import { Attachment, AttachmentIds } from './attachments.js';
import { SIGNATURE_DATA_URL_MAX } from './constants.js';
import { DateTime, Email, LongText, Nullable, Ref, ShortText, Uuid } from './common.js';

// Subcontractor portal (issue 5): work orders shared by the main system and what a contractor does
// on them through a (usually one-time) link: work logs, findings, inspections, LOTO, permit-to-work.

/** A key the main system gives to tasks, checklist items, isolation points (`E1`, `leak`, …). */
export const Key = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
/** A person's name as they sign. */
export const PersonName = ShortText(200);

export const WorkOrderStatus = Type.Union([
  Type.Literal('planned'),
  Type.Literal('in-progress'),
  Type.Literal('on-hold'),
  Type.Literal('completed'),
  Type.Literal('cancelled'),
]);
export type WorkOrderStatus = 'planned' | 'in-progress' | 'on-hold' | 'completed' | 'cancelled';

export const ChecklistItemType = Type.Union([
  Type.Literal('pass-fail'),
  Type.Literal('pass-fail-na'),
  Type.Literal('number'),
  Type.Literal('text'),
  Type.Literal('photo'),
]);
export type ChecklistItemType = 'pass-fail' | 'pass-fail-na' | 'number' | 'text' | 'photo';

export const ChecklistItem = Type.Object(
  {
    key: Key,
    text: ShortText(500),
    /** `pass-fail(-na)`: a result; `number`: a measured value (with `unit`, `min`, `max`); `text`; `photo`: photos are the answer. */
    type: ChecklistItemType,
    /** Must be answered before the checklist can be submitted (default true). */
    required: Type.Optional(Type.Boolean()),
    /** A photo must come with the answer, whatever the type. */
    photoRequired: Type.Optional(Type.Boolean()),
    unit: Type.Optional(ShortText(20)),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    help: Type.Optional(LongText(1000)),
  },
  { additionalProperties: false },
);
export type ChecklistItem = Static<typeof ChecklistItem>;

export const Checklist = Type.Object(
  {
    key: Key,
    title: ShortText(200),
    /** Completion waits for its submission (default true). */
    required: Type.Optional(Type.Boolean()),
    items: Type.Array(ChecklistItem, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type Checklist = Static<typeof Checklist>;

export const EnergyType = ShortText(40);

export const IsolationPoint = Type.Object(
  {
    key: Key,
    /** electrical, hydraulic, pneumatic, mechanical, thermal, chemical, gravity, … */
    energy: EnergyType,
    device: ShortText(200),
    location: ShortText(200),
    /** How to isolate (e.g. "open and lock in OFF", "close valve, bleed line"). */
    method: Type.Optional(ShortText(500)),
  },
  { additionalProperties: false },
);
export type IsolationPoint = Static<typeof IsolationPoint>;

export const LotoProcedure = Type.Object(
  {
    ref: Ref,
    equipment: Type.Optional(ShortText(200)),
    energySources: Type.Optional(Type.Array(ShortText(200), { maxItems: 20 })),
    /** Isolation points in the order they must be isolated. */
    points: Type.Array(IsolationPoint, { minItems: 1, maxItems: 50 }),
    /** Instructions shown before release (area clear, guards back, …). Locks come off in reverse order. */
    releaseSteps: Type.Optional(Type.Array(ShortText(500), { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type LotoProcedure = Static<typeof LotoProcedure>;

export const PermitState = Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('cancelled')]);
export type PermitState = 'active' | 'suspended' | 'cancelled';

export const GasTest = Type.Object(
  {
    gas: ShortText(40),
    value: Type.Number(),
    unit: ShortText(20),
    at: Type.Optional(DateTime),
    by: Type.Optional(PersonName),
    result: Type.Optional(Type.Union([Type.Literal('pass'), Type.Literal('fail')])),
  },
  { additionalProperties: false },
);
export type GasTest = Static<typeof GasTest>;

/** The permit types widgets name in every language. */
export const PERMIT_TYPES = ['hot-work', 'confined-space', 'work-at-height', 'electrical'] as const;
export type PermitType = (typeof PERMIT_TYPES)[number];

export const Permit = Type.Object(
  {
    ref: Ref,
    /** One of `PERMIT_TYPES` (widgets name those in every language), or any other type, shown as given. */
    type: ShortText(40),
    validFrom: DateTime,
    validTo: DateTime,
    location: Type.Optional(ShortText(200)),
    hazards: Type.Array(ShortText(500), { maxItems: 30, default: [] }),
    precautions: Type.Array(ShortText(500), { maxItems: 30, default: [] }),
    ppe: Type.Optional(Type.Array(ShortText(200), { maxItems: 30 })),
    gasTests: Type.Optional(Type.Array(GasTest, { maxItems: 50 })),
    /** Set by the main system; a suspended or cancelled permit refuses sign-on. */
    state: Type.Optional(PermitState),
    stateReason: Type.Optional(ShortText(500)),
  },
  { additionalProperties: false },
);
export type Permit = Static<typeof Permit>;

export const WorkOrderTask = Type.Object(
  { key: Key, text: ShortText(500), description: Type.Optional(LongText(2000)) },
  { additionalProperties: false },
);
export type WorkOrderTask = Static<typeof WorkOrderTask>;

/** A work order as the main system shares it: `PUT /api/integration/v1/work-orders/{ref}`. */
export const PutWorkOrderBody = Type.Object(
  {
    number: ShortText(64),
    contractor: Type.Object(
      { ref: Ref, name: Type.Optional(ShortText(200)), email: Type.Optional(Email) },
      { additionalProperties: false },
    ),
    site: Type.Optional(ShortText(200)),
    location: Type.Optional(ShortText(200)),
    asset: Type.Optional(
      Type.Object({ ref: Ref, name: Type.Optional(ShortText(200)) }, { additionalProperties: false }),
    ),
    /** What to do. */
    description: ShortText(4000),
    /** Omitted on a replace: the current status stays (completion is the portal's to set). Default `planned`. */
    status: Type.Optional(WorkOrderStatus),
    plannedStart: Type.Optional(DateTime),
    plannedEnd: Type.Optional(DateTime),
    safetyNotes: Type.Optional(Type.Array(ShortText(1000), { maxItems: 30 })),
    /** Drawings, manuals: files uploaded through `POST /attachments?subjectType=work-order&subjectRef=…`. */
    attachments: Type.Optional(AttachmentIds),
    tasks: Type.Optional(Type.Array(WorkOrderTask, { maxItems: 100 })),
    /** One checklist (as in the design example), kept under the key `main`. */
    checklist: Type.Optional(Type.Array(ChecklistItem, { minItems: 1, maxItems: 200 })),
    /** Several named checklists. */
    checklists: Type.Optional(Type.Array(Checklist, { maxItems: 10 })),
    loto: Type.Optional(LotoProcedure),
    permits: Type.Optional(Type.Array(Permit, { maxItems: 10 })),
  },
  { additionalProperties: false },
);
export type PutWorkOrderBody = Static<typeof PutWorkOrderBody>;

/** `POST /api/integration/v1/work-orders/{ref}/status-changes`. */
export const WorkOrderStatusChangeBody = Type.Object(
  { status: WorkOrderStatus, reason: Type.Optional(ShortText(500)) },
  { additionalProperties: false },
);
export type WorkOrderStatusChangeBody = Static<typeof WorkOrderStatusChangeBody>;

// ── portal bodies ──────────────────────────────────────────────────────────────

/** When the person did it (the widget may send it later, after a lost connection); default: when received. */
const DoneAt = Type.Optional(DateTime);

export const Material = Type.Object(
  {
    code: Type.Optional(ShortText(64)),
    description: ShortText(300),
    quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
    unit: ShortText(20),
  },
  { additionalProperties: false },
);
export type Material = Static<typeof Material>;

/** `POST /work-orders/{ref}/work-logs` (`work-order:log-work`): start and end, or a duration. */
export const CreateWorkLogBody = Type.Object(
  {
    start: Type.Optional(DateTime),
    end: Type.Optional(DateTime),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 60 })),
    workers: Type.Array(PersonName, { minItems: 1, maxItems: 50 }),
    materials: Type.Optional(Type.Array(Material, { maxItems: 100 })),
    notes: Type.Optional(LongText(4000)),
    attachments: Type.Optional(AttachmentIds),
  },
  { additionalProperties: false },
);
export type CreateWorkLogBody = Static<typeof CreateWorkLogBody>;

export const Urgency = Type.Union([
  Type.Literal('low'),
  Type.Literal('normal'),
  Type.Literal('high'),
  Type.Literal('critical'),
]);
export type Urgency = 'low' | 'normal' | 'high' | 'critical';

/** `POST /work-orders/{ref}/findings` (`work-order:log-work`): something found on site, a new request. */
export const CreateFindingBody = Type.Object(
  {
    what: ShortText(4000),
    where: ShortText(300),
    urgency: Urgency,
    attachments: Type.Optional(AttachmentIds),
  },
  { additionalProperties: false },
);
export type CreateFindingBody = Static<typeof CreateFindingBody>;

/** PNG data URL of a signature drawn on screen (at most `SIGNATURE_DATA_URL_MAX` characters). */
export const SignatureDataUrl = Type.String({
  maxLength: SIGNATURE_DATA_URL_MAX,
  pattern: '^data:image/png;base64,[A-Za-z0-9+/]+={0,2}$',
});

/** `POST /work-orders/{ref}/completion` (`work-order:complete`). A drawn `signature` or a `typedSignature`. */
export const CompleteWorkOrderBody = Type.Object(
  {
    summary: ShortText(4000),
    remarks: Type.Optional(LongText(4000)),
    confirmedBy: PersonName,
    signature: Type.Optional(SignatureDataUrl),
    /** For people who cannot draw (keyboard users): the name typed as a signature. */
    typedSignature: Type.Optional(PersonName),
    confirmedAt: DoneAt,
  },
  { additionalProperties: false },
);
export type CompleteWorkOrderBody = Static<typeof CompleteWorkOrderBody>;

export const PassFail = Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('na')]);
export type PassFail = 'pass' | 'fail' | 'na';

/** `PUT /work-orders/{ref}/inspections/{checklist}/answers/{item}` (`inspection:submit`): one answer, saved as the technician goes. */
export const InspectionAnswerBody = Type.Object(
  {
    result: Type.Optional(PassFail),
    value: Type.Optional(Type.Number({ minimum: -1e9, maximum: 1e9 })),
    text: Type.Optional(LongText(2000)),
    /** Needed when a measured value is out of its limits or a result is `fail`. */
    comment: Type.Optional(LongText(2000)),
    attachments: Type.Optional(AttachmentIds),
    answeredAt: DoneAt,
  },
  { additionalProperties: false },
);
export type InspectionAnswerBody = Static<typeof InspectionAnswerBody>;

/** `POST /work-orders/{ref}/inspections/{checklist}/submission` (`inspection:submit`). */
export const SubmitInspectionBody = Type.Object(
  { inspector: PersonName, submittedAt: DoneAt },
  { additionalProperties: false },
);
export type SubmitInspectionBody = Static<typeof SubmitInspectionBody>;

export const LotoStepKind = Type.Union([
  Type.Literal('lock-applied'),
  Type.Literal('tag-applied'),
  Type.Literal('zero-energy-verified'),
  Type.Literal('lock-removed'),
  Type.Literal('equipment-returned'),
]);
export type LotoStepKind =
  | 'lock-applied'
  | 'tag-applied'
  | 'zero-energy-verified'
  | 'lock-removed'
  | 'equipment-returned';

/**
 * `POST /work-orders/{ref}/loto/steps` (`loto:acknowledge`). Isolation: per point in order, lock
 * applied (with its number), tag applied, zero energy verified; then the isolation sign-off; then
 * release: lock removed per point in reverse order, and `equipment-returned` (no point) last.
 */
export const LotoStepBody = Type.Object(
  {
    pointKey: Type.Optional(Key),
    step: LotoStepKind,
    lockNumber: Type.Optional(ShortText(40)),
    /** Who did it. */
    by: PersonName,
    /** Optional photo of the applied lock. */
    attachment: Type.Optional(Uuid),
    at: DoneAt,
  },
  { additionalProperties: false },
);
export type LotoStepBody = Static<typeof LotoStepBody>;

/** `POST /work-orders/{ref}/loto/isolation-sign-off` (`loto:acknowledge`, a risky action). */
export const LotoSignOffBody = Type.Object({ by: PersonName, at: DoneAt }, { additionalProperties: false });
export type LotoSignOffBody = Static<typeof LotoSignOffBody>;

/** `POST /work-orders/{ref}/permits/{permit}/acknowledgements` (`permit:sign`): one precaution, by its index. */
export const PermitAcknowledgeBody = Type.Object(
  { precaution: Type.Integer({ minimum: 0, maximum: 29 }), by: PersonName, at: DoneAt },
  { additionalProperties: false },
);
export type PermitAcknowledgeBody = Static<typeof PermitAcknowledgeBody>;

/** `POST /work-orders/{ref}/permits/{permit}/sign-ons` (`permit:sign`): the workers entering. */
export const PermitSignOnBody = Type.Object(
  { workers: Type.Array(PersonName, { minItems: 1, maxItems: 50, uniqueItems: true }), by: PersonName, at: DoneAt },
  { additionalProperties: false },
);
export type PermitSignOnBody = Static<typeof PermitSignOnBody>;

/** `POST /work-orders/{ref}/permits/{permit}/sign-offs` (`permit:sign`): the workers leaving (default: all on). */
export const PermitSignOffBody = Type.Object(
  {
    workers: Type.Optional(Type.Array(PersonName, { minItems: 1, maxItems: 50, uniqueItems: true })),
    reason: Type.Union([Type.Literal('end-of-shift'), Type.Literal('work-complete')]),
    remarks: Type.Optional(LongText(2000)),
    by: PersonName,
    at: DoneAt,
  },
  { additionalProperties: false },
);
export type PermitSignOffBody = Static<typeof PermitSignOffBody>;

// ── views ──────────────────────────────────────────────────────────────────────

export const InspectionAnswer = Type.Object({
  itemKey: Type.String(),
  result: Type.Optional(PassFail),
  value: Type.Optional(Type.Number()),
  text: Type.Optional(Type.String()),
  comment: Type.Optional(Type.String()),
  /** A measured value outside the item's limits. */
  outOfLimits: Type.Boolean(),
  attachments: Type.Array(Attachment),
  answeredAt: DateTime,
});
export type InspectionAnswer = Static<typeof InspectionAnswer>;

export const InspectionSubmission = Type.Object({
  checklistKey: Type.String(),
  inspector: Type.String(),
  result: Type.Union([Type.Literal('passed'), Type.Literal('failed')]),
  failedItems: Type.Array(Type.String()),
  submittedAt: DateTime,
});
export type InspectionSubmission = Static<typeof InspectionSubmission>;

export const ChecklistView = Type.Composite([
  Checklist,
  Type.Object({
    answers: Type.Array(InspectionAnswer),
    submission: Nullable(InspectionSubmission),
  }),
]);
export type ChecklistView = Static<typeof ChecklistView>;

export const LotoStepRecord = Type.Object({
  seq: Type.Integer(),
  pointKey: Nullable(Type.String()),
  step: LotoStepKind,
  lockNumber: Type.Optional(Type.String()),
  by: Type.String(),
  at: DateTime,
  attachment: Type.Optional(Attachment),
});
export type LotoStepRecord = Static<typeof LotoStepRecord>;

/** A step the procedure expects, in order; `sign-off` is the isolation sign-off between the phases. */
export const LotoExpected = Type.Object({
  phase: Type.Union([Type.Literal('isolation'), Type.Literal('sign-off'), Type.Literal('release')]),
  pointKey: Nullable(Type.String()),
  step: Type.Union([LotoStepKind, Type.Literal('sign-off')]),
});
export type LotoExpected = Static<typeof LotoExpected>;

export const LotoView = Type.Composite([
  LotoProcedure,
  Type.Object({
    steps: Type.Array(LotoStepRecord),
    signOff: Nullable(Type.Object({ by: Type.String(), at: DateTime })),
    /** Every step in order; `next` is the first not done (null when released). */
    sequence: Type.Array(LotoExpected),
    next: Nullable(LotoExpected),
    isolated: Type.Boolean(),
    released: Type.Boolean(),
  }),
]);
export type LotoView = Static<typeof LotoView>;

export const PermitEntryKind = Type.Union([
  Type.Literal('precaution-acknowledged'),
  Type.Literal('signed-on'),
  Type.Literal('signed-off'),
]);
export type PermitEntryKind = 'precaution-acknowledged' | 'signed-on' | 'signed-off';

export const PermitLogEntry = Type.Object({
  kind: PermitEntryKind,
  by: Type.String(),
  at: DateTime,
  precaution: Type.Optional(Type.Integer()),
  workers: Type.Optional(Type.Array(Type.String())),
  reason: Type.Optional(Type.String()),
  remarks: Type.Optional(Type.String()),
});
export type PermitLogEntry = Static<typeof PermitLogEntry>;

export const PermitView = Type.Composite([
  Type.Omit(Permit, ['state']),
  Type.Object({
    state: PermitState,
    /** Indexes of the precautions acknowledged. */
    acknowledged: Type.Array(Type.Integer()),
    /** Workers signed on and not yet off. */
    onSite: Type.Array(Type.String()),
    log: Type.Array(PermitLogEntry),
  }),
]);
export type PermitView = Static<typeof PermitView>;

export const WorkLog = Type.Object({
  id: Uuid,
  start: Type.Optional(DateTime),
  end: Type.Optional(DateTime),
  durationMinutes: Type.Integer(),
  workers: Type.Array(Type.String()),
  materials: Type.Array(Material),
  notes: Type.Optional(Type.String()),
  attachments: Type.Array(Attachment),
  createdAt: DateTime,
});
export type WorkLog = Static<typeof WorkLog>;

export const Finding = Type.Object({
  id: Uuid,
  what: Type.String(),
  where: Type.String(),
  urgency: Urgency,
  attachments: Type.Array(Attachment),
  createdAt: DateTime,
});
export type Finding = Static<typeof Finding>;

export const Completion = Type.Object({
  id: Uuid,
  summary: Type.String(),
  remarks: Type.Optional(Type.String()),
  confirmedBy: Type.String(),
  /** `drawn` (the PNG is kept; the integration API returns it) or `typed`. */
  signatureKind: Type.Union([Type.Literal('drawn'), Type.Literal('typed')]),
  typedSignature: Type.Optional(Type.String()),
  signature: Type.Optional(Type.String()),
  confirmedAt: DateTime,
  createdAt: DateTime,
});
export type Completion = Static<typeof Completion>;

/** A work order with everything done on it so far: `GET …/work-orders/{ref}` in both APIs. */
export const WorkOrderView = Type.Object({
  ref: Ref,
  number: Type.String(),
  contractor: Type.Object({
    ref: Type.String(),
    name: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
  }),
  site: Type.Optional(Type.String()),
  location: Type.Optional(Type.String()),
  asset: Type.Optional(Type.Object({ ref: Type.String(), name: Type.Optional(Type.String()) })),
  description: Type.String(),
  status: WorkOrderStatus,
  plannedStart: Type.Optional(DateTime),
  plannedEnd: Type.Optional(DateTime),
  safetyNotes: Type.Array(Type.String()),
  attachments: Type.Array(Attachment),
  tasks: Type.Array(WorkOrderTask),
  checklists: Type.Array(ChecklistView),
  loto: Nullable(LotoView),
  permits: Type.Array(PermitView),
  workLogs: Type.Array(WorkLog),
  findings: Type.Array(Finding),
  completion: Nullable(Completion),
  /** Completed or cancelled: every portal write answers 409 `work-order.completed` / `work-order.cancelled`. */
  closedForWriting: Type.Boolean(),
  updatedAt: DateTime,
});
export type WorkOrderView = Static<typeof WorkOrderView>;

/** Stable problem codes of the subcontractor portal. */
export const WorkOrderProblem = {
  completed: 'work-order.completed',
  cancelled: 'work-order.cancelled',
  outsideWindow: 'work-order.outside_window',
  completionBlocked: 'work-order.completion_blocked',
  signatureRequired: 'work-order.signature_required',
  workLogTimeRequired: 'work-log.time_required',
  workLogEndBeforeStart: 'work-log.end_before_start',
  checklistNotFound: 'inspection.checklist_not_found',
  itemNotFound: 'inspection.item_not_found',
  answerInvalid: 'inspection.answer_invalid',
  commentRequired: 'inspection.comment_required',
  photoRequired: 'inspection.photo_required',
  itemsOpen: 'inspection.items_open',
  alreadySubmitted: 'inspection.already_submitted',
  lotoNotFound: 'loto.not_found',
  lotoOutOfOrder: 'loto.out_of_order',
  lotoAlreadyDone: 'loto.already_done',
  lotoLockNumberRequired: 'loto.lock_number_required',
  lotoNotIsolated: 'loto.not_isolated',
  permitNotFound: 'permit.not_found',
  permitNotValid: 'permit.not_valid',
  permitPrecautionsOpen: 'permit.precautions_open',
  permitAlreadyAcknowledged: 'permit.already_acknowledged',
  permitNotSignedOn: 'permit.not_signed_on',
  timeInFuture: 'time.in_future',
} as const;
