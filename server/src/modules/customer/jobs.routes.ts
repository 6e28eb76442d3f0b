import { Type } from '@sinclair/typebox';
import type { Knex } from 'knex';
import type { Clock } from '../../lib/clock.js';
import {
  CreateJobApprovalBody,
  CreateJobRatingBody,
  DateTime,
  JobApproval,
  JobProgressEvent,
  JobRating,
  JobView,
  PostJobProgressBody,
  PutJobBody,
  RefParams,
} from '@amage/contracts';
import { portalScope, type DefineIntegrationRoute, type DefinePortalRoute } from '../../lib/route.js';
import { approveJob, getJob, postJobProgress, putJob, rateJob } from './jobs.service.js';
import type { JobStream } from './job-stream.js';

const scope = portalScope('job');

export function jobsIntegrationRoutes(define: DefineIntegrationRoute, db: Knex, clock: Clock) {
  define(
    {
      method: 'put',
      path: '/jobs/:ref',
      operationId: 'putJob',
      errors: [422],
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
      operationId: 'getJob',
      errors: [404],
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
      operationId: 'postJobProgress',
      errors: [404, 422],
      summary:
        'Post a progress event (status, stage, technician, percentage, finding, inspection result, photos, ETA); open pages update live',
      tags: ['jobs'],
      params: RefParams,
      body: PostJobProgressBody,
      responses: { 200: JobProgressEvent, 201: JobProgressEvent },
    },
    async (req, res) => {
      const { event, created } = await postJobProgress(db, req.params.ref, req.body, clock());
      res.status(created ? 201 : 200).json(event);
    },
  );
}

export function jobsPortalRoutes(define: DefinePortalRoute, db: Knex, stream: JobStream) {
  define(
    {
      method: 'get',
      path: '/jobs/:ref',
      operationId: 'portalGetJob',
      errors: [404],
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
      operationId: 'portalStreamJob',
      errors: [404],
      summary: 'Live updates of the job (Server-Sent Events)',
      description:
        'A `text/event-stream` of the job: `event: job` with the whole job view at once and after every change, heartbeat comments (`: heartbeat`) every 20 s, and `event: expired` when the token that opened it expires (open it again with a refreshed session). The token goes in the Authorization header: read it with fetch streaming, not EventSource.',
      tags: ['customer'],
      params: RefParams,
      portal: scope('job:read'),
      responses: {
        200: {
          description: 'The stream of the job',
          events: { job: JobView, expired: Type.Object({ at: DateTime }, { additionalProperties: false }) },
        },
      },
    },
    (req, res) => stream.serve(req, res, req.portal, req.params.ref),
  );

  define(
    {
      method: 'post',
      path: '/jobs/:ref/approvals',
      operationId: 'portalDecideOnJob',
      errors: [404, 409, 422],
      summary: 'Approve or reject a quote, accept the work (with a drawn or typed signature) or report a problem',
      tags: ['customer'],
      params: RefParams,
      body: CreateJobApprovalBody,
      portal: scope('job:approve'),
      responses: { 201: { schema: JobApproval, headers: ['Location'] } },
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
      operationId: 'portalRateJob',
      errors: [404, 409, 422],
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
