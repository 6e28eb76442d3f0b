import { Type, type Static } from '@sinclair/typebox';
import { DateTime, LongText, Ref, ShortText } from './common.js';

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
  },
  { additionalProperties: false },
);
export type PutJobBody = Static<typeof PutJobBody>;
export type JobStage = Static<typeof JobStage>;
export type TimelineEntry = Static<typeof TimelineEntry>;

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
  createdAt: DateTime,
});
export type JobApproval = Static<typeof JobApproval>;
