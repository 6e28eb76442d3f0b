import type { Knex } from 'knex';
import type { JobView, PutJobBody } from '@amage/contracts';
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
