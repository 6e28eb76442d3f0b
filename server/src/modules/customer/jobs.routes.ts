import type { Knex } from 'knex';
import type { Response } from 'express';
import {
  CreateJobApprovalBody,
  CreateJobRatingBody,
  JobApproval,
  JobProgressEvent,
  JobRating,
  JobView,
  PostJobProgressBody,
  ProblemCode,
  PutJobBody,
  RefParams,
} from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import { portalScope, type DefineIntegrationRoute, type DefinePortalRoute } from '../../lib/route.js';
import { approveJob, getJob, postJobProgress, putJob, rateJob } from './jobs.service.js';
import type { JobStreamHub } from './job-stream.js';

const scope = portalScope('job');

/** Tunables of the live job stream (tests shorten them). */
export const streamSettings = { heartbeatMs: 20_000, retryMs: 5_000, maxLifeMs: 15 * 60_000 };

export function jobsIntegrationRoutes(define: DefineIntegrationRoute, db: Knex) {
  define(
    {
      method: 'put',
      path: '/jobs/:ref',
      summary: 'Share a job (create or replace, by your reference)',
      tags: ['jobs'],
      params: RefParams,
      body: PutJobBody,
      responses: { 200: JobView, 201: JobView },
    },
    async (req, res) => {
      const { job, created } = await putJob(db, req.params.ref, req.body);
      res.status(created ? 201 : 200).json(job);
    },
  );
  define(
    {
      method: 'get',
      path: '/jobs/:ref',
      summary: 'A shared job',
      tags: ['jobs'],
      params: RefParams,
      responses: { 200: JobView },
    },
    async (req, res) => {
      res.json(await getJob(db, req.params.ref));
    },
  );
  define(
    {
      method: 'post',
      path: '/jobs/:ref/progress',
      summary:
        'Post a progress event (status, stage, technician, percentage, finding, inspection result, photos, ETA); open pages update live',
      tags: ['jobs'],
      params: RefParams,
      body: PostJobProgressBody,
      responses: { 200: JobProgressEvent, 201: JobProgressEvent },
    },
    async (req, res) => {
      const { event, created } = await postJobProgress(db, req.params.ref, req.body);
      res.status(created ? 201 : 200).json(event);
    },
  );
}

function sse(res: Response, event: string, data: unknown) {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Live views one link may hold open on one server instance (each holds a socket and a heartbeat query). */
export const MAX_STREAMS_PER_LINK = 5;

export function jobsPortalRoutes(define: DefinePortalRoute, db: Knex, hub: JobStreamHub) {
  const openStreams = new Map<string, number>();
  define(
    {
      method: 'get',
      path: '/jobs/:ref',
      summary: 'The job this link follows',
      tags: ['customer'],
      params: RefParams,
      portal: scope('job:read'),
      responses: { 200: JobView },
    },
    async (req, res) => {
      res.json(await getJob(db, req.params.ref));
    },
  );

  define(
    {
      method: 'get',
      path: '/jobs/:ref/stream',
      summary:
        'Live updates of the job as Server-Sent Events (`event: job`, data = the job view) with heartbeat comments; ends with `event: expired` when the token expires. Token in the Authorization header: read it with fetch streaming, not EventSource.',
      tags: ['customer'],
      params: RefParams,
      portal: scope('job:read'),
      responses: { 200: null },
    },
    async (req, res) => {
      const ref = req.params.ref;
      const access = req.portal;
      const linkStreams = openStreams.get(access.link.id) ?? 0;
      if (linkStreams >= MAX_STREAMS_PER_LINK) {
        throw new AppError(
          ProblemCode.rateLimited,
          429,
          'Too many live views of this job are open with this link; close one.',
          {
            extensions: { retryAfter: 30 },
            headers: { 'Retry-After': '30' },
          },
        );
      }
      openStreams.set(access.link.id, linkStreams + 1);
      let open = true;
      let unsubscribe = () => {};
      const timers: ReturnType<typeof setTimeout>[] = [];
      const end = () => {
        if (!open) return;
        open = false;
        const left = (openStreams.get(access.link.id) ?? 1) - 1;
        if (left > 0) openStreams.set(access.link.id, left);
        else openStreams.delete(access.link.id);
        for (const t of timers) clearTimeout(t);
        unsubscribe();
        res.end();
      };
      req.on('close', end);
      // A change that lands while the first view is loading is held and sent right after it.
      let ready = false;
      let held: JobView | undefined;
      unsubscribe = await hub.subscribe(
        ref,
        (job) => {
          if (!open) return;
          if (ready) sse(res, 'job', job);
          else held = job;
        },
        end,
      );
      // The client may have gone while the subscription was being set up.
      if (!open) return unsubscribe();
      const job = await getJob(db, ref).catch((error: unknown) => {
        end();
        throw error;
      });
      res.status(200).set({
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
      });
      res.flushHeaders();
      res.write(`retry: ${streamSettings.retryMs}\n\n`);
      sse(res, 'job', job);
      ready = true;
      if (held && held.updatedAt > job.updatedAt) sse(res, 'job', held);
      // Each heartbeat also re-checks the link: a revoked or expired link ends its streams within one beat.
      timers.push(
        setInterval(() => {
          if (!open) return;
          res.write(': heartbeat\n\n');
          void db('links')
            .where({ id: access.link.id })
            .first('revokedAt', 'expiresAt')
            .then((link: { revokedAt: Date | null; expiresAt: Date } | undefined) => {
              if (!link || link.revokedAt || link.expiresAt.getTime() <= Date.now()) end();
            })
            .catch(() => undefined);
        }, streamSettings.heartbeatMs),
      );
      // The stream lives no longer than the token that opened it (and a session's length even for a link
      // token); the widget reconnects with a fresh session.
      const left = Math.min(access.expiresAt.getTime() - Date.now(), streamSettings.maxLifeMs);
      timers.push(
        setTimeout(
          () => {
            if (open) sse(res, 'expired', { at: access.expiresAt.toISOString() });
            end();
          },
          Math.max(left, 0),
        ),
      );
      if (!open) end();
    },
  );

  define(
    {
      method: 'post',
      path: '/jobs/:ref/approvals',
      summary: 'Approve or reject a quote, accept the work (with a drawn or typed signature) or report a problem',
      tags: ['customer'],
      params: RefParams,
      body: CreateJobApprovalBody,
      portal: scope('job:approve'),
      responses: { 201: JobApproval },
    },
    async (req, res) => {
      const approval = await approveJob(db, req.portal, req.params.ref, req.body);
      res.status(201).location(`${req.baseUrl}/jobs/${approval.jobRef}/approvals/${approval.id}`).json(approval);
    },
  );

  define(
    {
      method: 'post',
      path: '/jobs/:ref/ratings',
      summary: 'Rate the service (1–5) with an optional comment',
      tags: ['customer'],
      params: RefParams,
      body: CreateJobRatingBody,
      portal: scope('job:approve'),
      responses: { 201: JobRating },
    },
    async (req, res) => {
      const rating = await rateJob(db, req.portal, req.params.ref, req.body);
      res.status(201).json(rating);
    },
  );
}
