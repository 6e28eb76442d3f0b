import { Type } from '@sinclair/typebox';
import type { Knex } from 'knex';
import { CreateJobApprovalBody, JobApproval, JobView, PutJobBody, Ref } from '@amage/contracts';
import type { DefineRoute } from '../../lib/route.js';
import { approveJob, getJob, putJob } from './jobs.service.js';

const RefParams = Type.Object({ ref: Ref });

export function jobsIntegrationRoutes(define: DefineRoute, db: Knex) {
  define(
    { method: 'put', path: '/jobs/:ref', summary: 'Share a job (create or replace, by your reference)', tags: ['jobs'], params: RefParams, body: PutJobBody, responses: { 200: JobView, 201: JobView } },
    async (req, res) => {
      const { job, created } = await putJob(db, req.params.ref as string, req.body);
      res.status(created ? 201 : 200).json(job);
    },
  );
  define(
    { method: 'get', path: '/jobs/:ref', summary: 'A shared job', tags: ['jobs'], params: RefParams, responses: { 200: JobView } },
    async (req, res) => {
      res.json(await getJob(db, req.params.ref as string));
    },
  );
}

export function jobsPortalRoutes(define: DefineRoute, db: Knex) {
  define(
    {
      method: 'get',
      path: '/jobs/:ref',
      summary: 'The job this link follows',
      tags: ['customer'],
      params: RefParams,
      portal: { action: 'job:read', subjectType: 'job', subjectParam: 'ref' },
      responses: { 200: JobView },
    },
    async (req, res) => {
      res.json(await getJob(db, req.params.ref as string));
    },
  );

  define(
    {
      method: 'post',
      path: '/jobs/:ref/approvals',
      summary: 'Approve or reject a quote, accept the work or report a problem',
      tags: ['customer'],
      params: RefParams,
      body: CreateJobApprovalBody,
      portal: { action: 'job:approve', subjectType: 'job', subjectParam: 'ref' },
      responses: { 201: JobApproval },
    },
    async (req, res) => {
      const approval = await approveJob(db, req.portal!, req.params.ref as string, req.body);
      res.status(201).location(`${req.baseUrl}/jobs/${approval.jobRef}/approvals/${approval.id}`).json(approval);
    },
  );
}
