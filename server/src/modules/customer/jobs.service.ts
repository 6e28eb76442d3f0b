import type { Knex } from 'knex';
import {
  type CreateJobApprovalBody,
  type CreateJobRatingBody,
  CustomerProblem,
  type JobApproval,
  type JobProgressEvent,
  type JobRating,
  type JobView,
  type PostJobProgressBody,
  type PutJobBody,
} from '@amage/contracts';
import { recordPortalEvent } from '../events/events.service.js';
import type { PortalAccess } from '../access/portal-access.js';
import { AppError, notFound } from '../../lib/errors.js';
import { lockOrNotFound } from '../../db/lock.js';
import { Job } from './job.model.js';
import { claimAttachments, toSummary } from '../attachments/attachments.service.js';
import { notifyJobChanged } from './job-changes.js';

interface ProgressRow {
  id: string;
  externalId: string | null;
  at: Date;
  document: Omit<JobProgressEvent, 'id'>;
}

interface JobExtras {
  progress: ProgressRow[];
  acceptance?: { decision: string; name: string; createdAt: Date };
  rating?: { score: number; createdAt: Date };
  /** Quote decisions made in the portal, by quote ref (see quoteDecisions). */
  quoteDecisions?: Map<string, 'approved' | 'rejected'>;
}

const progressToView = (row: ProgressRow): JobProgressEvent => ({
  ...row.document,
  id: row.externalId ?? String(row.id),
  at: row.at.toISOString(),
});

function jobToView(job: Job, extras: JobExtras = { progress: [] }): JobView {
  const {
    number,
    customer,
    title,
    description,
    site,
    status,
    plannedStart,
    plannedEnd,
    actualStart,
    actualEnd,
    estimatedCompletion,
    percentComplete,
    technician,
    stages,
    timeline,
    assets,
    quotes,
  } = job.document;
  const progress = extras.progress.map(progressToView);
  const inspections = new Map<string, JobView['inspections'][number]>();
  for (const event of progress) {
    if (event.inspection) inspections.set(event.inspection.assetRef, { ...event.inspection, at: event.at });
  }
  const documents = new Map<string, JobView['documents'][number]>();
  for (const event of progress) {
    for (const file of [...(event.inspection?.report ? [event.inspection.report] : []), ...event.attachments])
      documents.set(file.id, file);
  }
  return {
    ref: job.ref,
    number,
    customer,
    title,
    status,
    stages,
    timeline: [...timeline].sort((a, b) => a.at.localeCompare(b.at)),
    progress,
    inspections: [...inspections.values()],
    documents: [...documents.values()],
    updatedAt: job.updatedAt.toISOString(),
    ...(extras.acceptance
      ? {
          acceptance: {
            decision: extras.acceptance.decision,
            name: extras.acceptance.name,
            at: extras.acceptance.createdAt.toISOString(),
          },
        }
      : {}),
    ...(extras.rating ? { rating: { score: extras.rating.score, at: extras.rating.createdAt.toISOString() } } : {}),
    ...Object.fromEntries(
      Object.entries({
        description,
        site,
        plannedStart,
        plannedEnd,
        actualStart,
        actualEnd,
        estimatedCompletion,
        percentComplete,
        technician,
        assets,
        quotes: quotes && withPortalDecisions(quotes, extras.quoteDecisions),
      }).filter(([, v]) => v !== undefined),
    ),
  };
}

/**
 * A PUT replaces the job's document, quotes included: a main system that re-sends a quote the customer
 * already decided as `pending` would otherwise offer it again. The portal's decision stands (the quote
 * shows it, and deciding it again is refused); a new question needs a new quote ref.
 */
function withPortalDecisions(quotes: NonNullable<PutJobBody['quotes']>, decisions: JobExtras['quoteDecisions']) {
  return quotes.map((q) =>
    q.state === 'pending' && decisions?.has(q.ref) ? { ...q, state: decisions.get(q.ref)! } : q,
  );
}

async function loadExtras(db: Knex, ref: string): Promise<JobExtras> {
  const queries = [
    () =>
      db('job_progress')
        .where({ jobRef: ref })
        .orderBy([{ column: 'at' }, { column: 'id' }])
        .limit(1000),
    () =>
      db('job_approvals')
        .where({ jobRef: ref })
        .whereIn('decision', ['accept-work', 'report-problem'])
        .orderBy('createdAt', 'desc')
        .first('decision', 'name', 'createdAt'),
    () => db('job_ratings').where({ jobRef: ref }).orderBy('createdAt', 'desc').first('score', 'createdAt'),
    () =>
      db('job_approvals')
        .where({ jobRef: ref })
        .whereIn('decision', ['approve-quote', 'reject-quote'])
        .orderBy('createdAt')
        .select('quoteRef', 'decision'),
  ];
  // On the pool the four go out together; a transaction's single connection takes one query at a time.
  const results: unknown[] = [];
  if (db.isTransaction) for (const query of queries) results.push(await query());
  else results.push(...(await Promise.all(queries.map((query) => query()))));
  const [progress, acceptance, rating, decided] = results as [
    ProgressRow[],
    JobExtras['acceptance'] | undefined,
    JobExtras['rating'] | undefined,
    { quoteRef: string; decision: string }[],
  ];
  const quoteDecisions = new Map(
    decided.map((d) => [d.quoteRef, d.decision === 'approve-quote' ? ('approved' as const) : ('rejected' as const)]),
  );
  return { progress, ...(acceptance ? { acceptance } : {}), ...(rating ? { rating } : {}), quoteDecisions };
}

/** Creates or replaces the job under the main system's reference; `created` tells which. Open streams hear of it. */
export async function putJob(db: Knex, ref: string, body: PutJobBody): Promise<{ job: JobView; created: boolean }> {
  const row = {
    ref,
    number: body.number,
    customerRef: body.customer.ref,
    status: body.status,
    document: JSON.stringify(body),
  };
  return db.transaction(async (trx) => {
    const [saved] = await trx('jobs')
      .insert(row)
      .onConflict('ref')
      .merge({ ...row, updatedAt: trx.fn.now() })
      .returning(['*', trx.raw('(xmax = 0) AS created')]);
    await notifyJobChanged(trx, ref);
    return { job: jobToView(Job.fromDatabaseJson(saved), await loadExtras(trx, ref)), created: saved.created };
  });
}

export async function getJob(db: Knex, ref: string): Promise<JobView> {
  const job = await Job.query(db).findById(ref);
  if (!job) throw notFound(`Job ${ref}`);
  return jobToView(job, await loadExtras(db, ref));
}

export const jobExists = async (db: Knex, ref: string) => Boolean(await db('jobs').where({ ref }).first('ref'));

/** How a progress event moves the job: status, stage states, percentage, ETA, actual dates. */
function applyProgress(document: PutJobBody, event: PostJobProgressBody, at: string): PutJobBody {
  const next: PutJobBody = { ...document, stages: document.stages.map((s) => ({ ...s })) };
  if (event.status) next.status = event.status;
  if (event.percentComplete !== undefined) next.percentComplete = event.percentComplete;
  if (event.estimatedCompletion) next.estimatedCompletion = event.estimatedCompletion;
  const stage = event.stageKey ? next.stages.find((s) => s.key === event.stageKey) : undefined;
  if (stage && event.type === 'stage-started')
    Object.assign(stage, { state: 'active', startedAt: stage.startedAt ?? at });
  if (stage && event.type === 'stage-finished') Object.assign(stage, { state: 'done', finishedAt: at });
  if (event.type === 'technician-on-site') next.actualStart ??= at;
  if (event.status === 'in-progress') next.actualStart ??= at;
  if (next.status === 'completed') {
    next.actualEnd ??= at;
    next.percentComplete = 100;
  }
  return next;
}

/**
 * Appends a progress event to the job, moves the job's state with it and wakes open streams, in one
 * transaction. A retry with the same `id` returns the stored event and changes nothing.
 */
export async function postJobProgress(
  db: Knex,
  ref: string,
  body: PostJobProgressBody,
  now: Date,
): Promise<{ event: JobProgressEvent; created: boolean }> {
  return db.transaction(async (trx) => {
    const job = await lockOrNotFound(trx('jobs').where({ ref }).first(), `Job ${ref}`);
    if (body.id) {
      const existing: ProgressRow | undefined = await trx('job_progress')
        .where({ jobRef: ref, externalId: body.id })
        .first();
      if (existing) return { event: progressToView(existing), created: false };
    }
    const document: PutJobBody = job.document;
    if (body.stageKey && !document.stages.some((s) => s.key === body.stageKey)) {
      throw new AppError(CustomerProblem.unknownStage, 422, 'The job has no such stage.', {
        errors: [{ pointer: '/stageKey', message: 'not a stage of this job' }],
      });
    }
    if (body.type === 'inspection-result' && !body.inspection) {
      throw new AppError(CustomerProblem.inspectionMissing, 422, 'An inspection result needs its inspection.', {
        errors: [{ pointer: '/inspection', message: 'required' }],
      });
    }
    const subject = { type: 'job' as const, ref };
    const files = (await claimAttachments(trx, subject, body.attachments ?? [])).map(toSummary);
    const report = body.inspection?.report
      ? toSummary((await claimAttachments(trx, subject, [body.inspection.report], '/inspection/report'))[0]!)
      : undefined;
    const at = body.at ?? now.toISOString();
    const { id: _id, at: _at, attachments: _files, inspection, ...rest } = body;
    const stored: Omit<JobProgressEvent, 'id'> = {
      ...rest,
      at,
      ...(inspection ? { inspection: { ...inspection, report } } : {}),
      attachments: files,
    };
    if (stored.inspection && !stored.inspection.report) delete stored.inspection.report;
    const [row] = await trx('job_progress')
      .insert({ jobRef: ref, externalId: body.id ?? null, at, document: JSON.stringify(stored) })
      .returning('*');
    const next = applyProgress(document, body, at);
    await trx('jobs')
      .where({ ref })
      .update({ status: next.status, document: JSON.stringify(next), updatedAt: trx.fn.now() });
    await notifyJobChanged(trx, ref);
    return { event: progressToView(row), created: true };
  });
}

/** Statuses in which the job asks the customer to accept the work or report a problem (the contracts have no separate "awaiting acceptance"). */
const ACCEPTANCE_STATUSES: readonly string[] = ['completed'];

/**
 * Records the customer's decision and its event in one transaction, only where the job asks for it:
 * accepting the work or reporting a problem once the job is completed, and deciding a quote the job
 * lists as pending and the portal has not decided yet.
 */
export async function approveJob(
  db: Knex,
  access: PortalAccess,
  ref: string,
  body: CreateJobApprovalBody,
): Promise<JobApproval> {
  return db.transaction(async (trx) => {
    const job = await lockOrNotFound(trx('jobs').where({ ref }).first('ref', 'document'), `Job ${ref}`);
    const document: PutJobBody = job.document;
    const aboutQuote = body.decision === 'approve-quote' || body.decision === 'reject-quote';
    if (!aboutQuote) {
      if (body.quoteRef !== undefined) {
        throw new AppError(CustomerProblem.quoteNotExpected, 422, 'Only a quote decision names a quote.', {
          errors: [{ pointer: '/quoteRef', message: 'only for approve-quote or reject-quote' }],
        });
      }
      if (!ACCEPTANCE_STATUSES.includes(document.status)) {
        throw new AppError(
          CustomerProblem.jobNotCompleted,
          409,
          'The work can be accepted, or a problem reported, once the job is completed.',
          {
            errors: [{ pointer: '/decision', message: `the job is ${document.status}, not completed` }],
          },
        );
      }
    } else {
      const quote = body.quoteRef === undefined ? undefined : document.quotes?.find((q) => q.ref === body.quoteRef);
      if (!quote) {
        throw new AppError(CustomerProblem.quoteNotFound, 422, 'The job has no such quote.', {
          errors: [
            {
              pointer: '/quoteRef',
              message: body.quoteRef === undefined ? 'required for a quote decision' : 'not a quote of this job',
            },
          ],
        });
      }
      // A decision stands even if a later PUT lists the quote as pending again (see quoteDecisions).
      const earlier = await trx('job_approvals')
        .where({ jobRef: ref, quoteRef: quote.ref })
        .whereIn('decision', ['approve-quote', 'reject-quote'])
        .first('id');
      if (quote.state !== 'pending' || earlier) {
        throw new AppError(CustomerProblem.quoteAlreadyDecided, 409, 'This quote has already been decided.', {
          errors: [{ pointer: '/quoteRef', message: 'already decided' }],
        });
      }
      quote.state = body.decision === 'approve-quote' ? 'approved' : 'rejected';
      await trx('jobs')
        .where({ ref })
        .update({ document: JSON.stringify(document), updatedAt: trx.fn.now() });
    }
    const [row] = await trx('job_approvals')
      .insert({
        jobRef: ref,
        linkId: access.link.id,
        decision: body.decision,
        name: body.name,
        comment: body.comment ?? null,
        quoteRef: body.quoteRef ?? null,
        signature: body.signature ?? null,
      })
      .returning('*');
    const approval: JobApproval = {
      id: row.id,
      jobRef: ref,
      decision: row.decision,
      name: row.name,
      ...(row.comment ? { comment: row.comment } : {}),
      ...(row.quoteRef ? { quoteRef: row.quoteRef } : {}),
      signed: Boolean(row.signature),
      createdAt: row.createdAt.toISOString(),
    };
    // The drawn signature goes to the main system with the event; it is never shown back in the portal.
    await recordPortalEvent(trx, access, 'job.decided', {
      ...approval,
      ...(body.signature ? { signature: body.signature } : {}),
    });
    await notifyJobChanged(trx, ref);
    return approval;
  });
}

/** The customer's rating of the service (1–5) with an optional comment. */
export async function rateJob(
  db: Knex,
  access: PortalAccess,
  ref: string,
  body: CreateJobRatingBody,
): Promise<JobRating> {
  return db.transaction(async (trx) => {
    const job = await trx('jobs').where({ ref }).forShare().first('ref');
    if (!job) throw notFound(`Job ${ref}`);
    const [row] = await trx('job_ratings')
      .insert({ jobRef: ref, linkId: access.link.id, score: body.score, comment: body.comment ?? null })
      .returning('*');
    const rating: JobRating = {
      id: row.id,
      jobRef: ref,
      score: row.score,
      ...(row.comment ? { comment: row.comment } : {}),
      createdAt: row.createdAt.toISOString(),
    };
    await recordPortalEvent(trx, access, 'job.rated', { ...rating });
    await notifyJobChanged(trx, ref);
    return rating;
  });
}
