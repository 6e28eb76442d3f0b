import type { Knex } from 'knex';
import type { CreateJobApprovalBody, JobApproval, JobView, PutJobBody } from '@amage/contracts';
import { recordEvent } from '../events/events.service.js';
import type { PortalAccess } from '../access/access.service.js';
import { notFound } from '../../lib/errors.js';
import { Job } from './job.model.js';

export function jobToView(job: Job): JobView {
  const { number, customer, title, description, site, status, plannedStart, plannedEnd, actualStart, actualEnd, estimatedCompletion, percentComplete, technician, stages, timeline } =
    job.document;
  return {
    ref: job.ref,
    number,
    customer,
    title,
    status,
    stages,
    timeline: [...timeline].sort((a, b) => a.at.localeCompare(b.at)),
    updatedAt: job.updatedAt.toISOString(),
    ...Object.fromEntries(
      Object.entries({ description, site, plannedStart, plannedEnd, actualStart, actualEnd, estimatedCompletion, percentComplete, technician }).filter(
        ([, v]) => v !== undefined,
      ),
    ),
  };
}

/** Creates or replaces the job under the main system's reference; `created` tells which. */
export async function putJob(db: Knex, ref: string, body: PutJobBody): Promise<{ job: JobView; created: boolean }> {
  const row = { ref, number: body.number, customerRef: body.customer.ref, status: body.status, document: JSON.stringify(body) };
  const [saved] = await db('jobs')
    .insert(row)
    .onConflict('ref')
    .merge({ ...row, updatedAt: db.fn.now() })
    .returning(['*', db.raw('(xmax = 0) AS created')]);
  return { job: jobToView(Job.fromDatabaseJson(saved)), created: saved.created };
}

export async function getJob(db: Knex, ref: string): Promise<JobView> {
  const job = await Job.query(db).findById(ref);
  if (!job) throw notFound(`Job ${ref}`);
  return jobToView(job);
}

export const jobExists = async (db: Knex, ref: string) => Boolean(await db('jobs').where({ ref }).first('ref'));

/** Records the customer's decision and its event in one transaction. */
export async function approveJob(db: Knex, access: PortalAccess, ref: string, body: CreateJobApprovalBody): Promise<JobApproval> {
  return db.transaction(async (trx) => {
    const job = await trx('jobs').where({ ref }).forShare().first('ref');
    if (!job) throw notFound(`Job ${ref}`);
    const [row] = await trx('job_approvals')
      .insert({ jobRef: ref, linkId: access.link.id, decision: body.decision, name: body.name, comment: body.comment ?? null, quoteRef: body.quoteRef ?? null })
      .returning('*');
    const approval: JobApproval = {
      id: row.id,
      jobRef: ref,
      decision: row.decision,
      name: row.name,
      ...(row.comment ? { comment: row.comment } : {}),
      ...(row.quoteRef ? { quoteRef: row.quoteRef } : {}),
      createdAt: row.createdAt.toISOString(),
    };
    await recordEvent(trx, { type: 'job.approval', subject: access.subject, linkId: access.link.id, data: { ...approval } });
    return approval;
  });
}
