import { Type, type Static } from '@sinclair/typebox';
import { DateTime, LongText, Ref, ShortText } from './common.js';
import { AttachmentIds, AttachmentSummary } from './attachments.js';
import { SIGNATURE_DATA_URL_MAX } from './constants.js';

export const JobStatus = Type.Union(
  ['new', 'planned', 'in-progress', 'on-hold', 'completed', 'cancelled'].map((s) => Type.Literal(s)),
);
export type JobStatus = 'new' | 'planned' | 'in-progress' | 'on-hold' | 'completed' | 'cancelled';

export const StageState = Type.Union(['pending', 'active', 'done', 'skipped'].map((s) => Type.Literal(s)));
export type StageState = 'pending' | 'active' | 'done' | 'skipped';

export const JobStage = Type.Object(
  {
    key: ShortText(40),
    name: ShortText(200),
    state: StageState,
    startedAt: Type.Optional(DateTime),
    finishedAt: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);

export const TimelineEntry = Type.Object(
  {
    at: DateTime,
    type: ShortText(40),
    text: Type.Optional(LongText(2000)),
  },
  { additionalProperties: false },
);

export const QuoteState = Type.Union(['pending', 'approved', 'rejected'].map((s) => Type.Literal(s)));
export type QuoteState = 'pending' | 'approved' | 'rejected';

/** A quote or extra work the customer is asked to approve (`job:approve`). */
export const JobQuote = Type.Object(
  {
    ref: Ref,
    title: ShortText(300),
    description: Type.Optional(LongText(4000)),
    amount: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    state: QuoteState,
  },
  { additionalProperties: false },
);
export type JobQuote = Static<typeof JobQuote>;

export const JobAsset = Type.Object(
  { ref: Ref, name: ShortText(200), serialNumber: Type.Optional(ShortText(100)) },
  { additionalProperties: false },
);
export type JobAsset = Static<typeof JobAsset>;

/** A job as the main system shares it: `PUT /api/integration/v1/jobs/{ref}`. */
export const PutJobBody = Type.Object(
  {
    number: ShortText(64),
    customer: Type.Object({ ref: Ref, name: Type.Optional(ShortText(200)) }, { additionalProperties: false }),
    title: ShortText(300),
    description: Type.Optional(LongText(4000)),
    site: Type.Optional(ShortText(200)),
    status: JobStatus,
    plannedStart: Type.Optional(DateTime),
    plannedEnd: Type.Optional(DateTime),
    actualStart: Type.Optional(DateTime),
    actualEnd: Type.Optional(DateTime),
    estimatedCompletion: Type.Optional(DateTime),
    percentComplete: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    technician: Type.Optional(Type.Object({ firstName: ShortText(100) }, { additionalProperties: false })),
    stages: Type.Array(JobStage, { maxItems: 50, default: [] }),
    timeline: Type.Array(TimelineEntry, { maxItems: 500, default: [] }),
    /** The assets the work is done on. */
    assets: Type.Optional(Type.Array(JobAsset, { maxItems: 200 })),
    /** Quotes or extra work waiting for (or given) the customer's decision. */
    quotes: Type.Optional(Type.Array(JobQuote, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type PutJobBody = Static<typeof PutJobBody>;
export type JobStage = Static<typeof JobStage>;
export type TimelineEntry = Static<typeof TimelineEntry>;

export const PROGRESS_TYPES = [
  'status-changed',
  'stage-started',
  'stage-finished',
  'technician-on-the-way',
  'technician-on-site',
  'percent-complete',
  'finding',
  'inspection-result',
  'photos',
  'eta',
  'note',
] as const;
export type ProgressType = (typeof PROGRESS_TYPES)[number];
export const ProgressType = Type.Union(PROGRESS_TYPES.map((t) => Type.Literal(t)));

export const InspectionOutcome = Type.Union(['pass', 'fail', 'conditional'].map((t) => Type.Literal(t)));
export type InspectionOutcome = 'pass' | 'fail' | 'conditional';

/**
 * A progress event the main system posts: `POST /api/integration/v1/jobs/{ref}/progress`. The job's
 * status, stage states, percentage and ETA follow the event; the event itself is kept for the timeline.
 * Attachments are ids of files uploaded for the job through the integration attachments API.
 */
export const PostJobProgressBody = Type.Object(
  {
    /** Your id for the event; posting the same id again changes nothing (safe retries). */
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:/-]+$' })),
    type: ProgressType,
    at: Type.Optional(DateTime),
    text: Type.Optional(LongText(2000)),
    status: Type.Optional(JobStatus),
    stageKey: Type.Optional(ShortText(40)),
    percentComplete: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    estimatedCompletion: Type.Optional(DateTime),
    /** `finding`: how serious it is. */
    severity: Type.Optional(Type.Union(['info', 'minor', 'major', 'critical'].map((t) => Type.Literal(t)))),
    /** `inspection-result`: the asset, the outcome and the report (a PDF attachment id). */
    inspection: Type.Optional(
      Type.Object(
        {
          assetRef: Ref,
          assetName: Type.Optional(ShortText(200)),
          result: InspectionOutcome,
          remarks: Type.Optional(LongText(2000)),
          report: Type.Optional(Type.String({ format: 'uuid' })),
        },
        { additionalProperties: false },
      ),
    ),
    attachments: Type.Optional(AttachmentIds),
  },
  { additionalProperties: false },
);
export type PostJobProgressBody = Static<typeof PostJobProgressBody>;

export const JobProgressEvent = Type.Object({
  id: Type.String(),
  type: ProgressType,
  at: DateTime,
  text: Type.Optional(Type.String()),
  status: Type.Optional(JobStatus),
  stageKey: Type.Optional(Type.String()),
  percentComplete: Type.Optional(Type.Integer()),
  estimatedCompletion: Type.Optional(DateTime),
  severity: Type.Optional(Type.String()),
  inspection: Type.Optional(
    Type.Object({
      assetRef: Type.String(),
      assetName: Type.Optional(Type.String()),
      result: InspectionOutcome,
      remarks: Type.Optional(Type.String()),
      report: Type.Optional(AttachmentSummary),
    }),
  ),
  attachments: Type.Array(AttachmentSummary),
});
export type JobProgressEvent = Static<typeof JobProgressEvent>;

/** A job as a portal token holder sees it: `GET /api/portal/v1/jobs/{ref}`. */
export const JobView = Type.Object({
  ref: Ref,
  number: Type.String(),
  customer: Type.Object({ ref: Type.String(), name: Type.Optional(Type.String()) }),
  title: Type.String(),
  description: Type.Optional(Type.String()),
  site: Type.Optional(Type.String()),
  status: JobStatus,
  plannedStart: Type.Optional(DateTime),
  plannedEnd: Type.Optional(DateTime),
  actualStart: Type.Optional(DateTime),
  actualEnd: Type.Optional(DateTime),
  estimatedCompletion: Type.Optional(DateTime),
  percentComplete: Type.Optional(Type.Integer()),
  technician: Type.Optional(Type.Object({ firstName: Type.String() })),
  stages: Type.Array(JobStage),
  timeline: Type.Array(TimelineEntry),
  assets: Type.Optional(Type.Array(JobAsset)),
  quotes: Type.Optional(Type.Array(JobQuote)),
  /** Progress events posted by the main system, oldest first. */
  progress: Type.Array(JobProgressEvent),
  /** The latest inspection result per asset. */
  inspections: Type.Array(
    Type.Object({
      assetRef: Type.String(),
      assetName: Type.Optional(Type.String()),
      result: InspectionOutcome,
      remarks: Type.Optional(Type.String()),
      report: Type.Optional(AttachmentSummary),
      at: DateTime,
    }),
  ),
  /** Every file shared with the customer for this job (reports, photos). */
  documents: Type.Array(AttachmentSummary),
  /** The latest decision the customer gave on the work, if any. */
  acceptance: Type.Optional(Type.Object({ decision: Type.String(), name: Type.String(), at: DateTime })),
  rating: Type.Optional(Type.Object({ score: Type.Integer(), at: DateTime })),
  updatedAt: DateTime,
});
export type JobView = Static<typeof JobView>;

export const ApprovalDecision = Type.Union(
  ['accept-work', 'report-problem', 'approve-quote', 'reject-quote'].map((d) => Type.Literal(d)),
);
export type ApprovalDecision = 'accept-work' | 'report-problem' | 'approve-quote' | 'reject-quote';

/** The customer's answer where the job asks for one (`job:approve`). */
export const CreateJobApprovalBody = Type.Object(
  {
    decision: ApprovalDecision,
    /** Who decides, as they sign. */
    name: ShortText(200),
    comment: Type.Optional(LongText(4000)),
    /** The quote or extra work being decided on, when the decision is about one. */
    quoteRef: Type.Optional(Ref),
    /** A signature drawn on screen, as a PNG data URL (at most 200 000 characters, so it fits the 256 kB body limit). A typed name alone also signs. */
    signature: Type.Optional(
      Type.String({ maxLength: SIGNATURE_DATA_URL_MAX, pattern: '^data:image/png;base64,[A-Za-z0-9+/]+={0,2}$' }),
    ),
  },
  { additionalProperties: false },
);
export type CreateJobApprovalBody = Static<typeof CreateJobApprovalBody>;

export const JobApproval = Type.Object({
  id: Type.String({ format: 'uuid' }),
  jobRef: Ref,
  decision: ApprovalDecision,
  name: Type.String(),
  comment: Type.Optional(Type.String()),
  quoteRef: Type.Optional(Type.String()),
  /** A drawn signature was given (the image itself is kept for the main system). */
  signed: Type.Boolean(),
  createdAt: DateTime,
});
export type JobApproval = Static<typeof JobApproval>;

/** The customer rates the service (`job:approve`): `POST /api/portal/v1/jobs/{ref}/ratings`. */
export const CreateJobRatingBody = Type.Object(
  { score: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(LongText(2000)) },
  { additionalProperties: false },
);
export type CreateJobRatingBody = Static<typeof CreateJobRatingBody>;

export const JobRating = Type.Object({
  id: Type.String({ format: 'uuid' }),
  jobRef: Ref,
  score: Type.Integer(),
  comment: Type.Optional(Type.String()),
  createdAt: DateTime,
});
export type JobRating = Static<typeof JobRating>;
