import type { Knex } from 'knex';
import type { Clock } from '../../lib/clock.js';
import {
  ComplaintView,
  CreateAcceptanceBody,
  CreateDisputeBody,
  CreateStageResponseBody,
  PutComplaintBody,
  RefParams,
  StageParams,
  StageResponse,
} from '@amage/contracts';
import { portalScope, type DefineIntegrationRoute, type DefinePortalRoute } from '../../lib/route.js';
import { acceptComplaint, disputeComplaint, getComplaint, putComplaint, respondToStage } from './complaints.service.js';

const scope = portalScope('complaint');

export function complaintsIntegrationRoutes(define: DefineIntegrationRoute, db: Knex, clock: Clock) {
  define(
    {
      method: 'put',
      path: '/complaints/:ref',
      operationId: 'putComplaint',
      errors: [422],
      summary:
        'Share a complaint (create or replace, by your reference); also carries stage decisions, dispute answer, closure',
      tags: ['complaints'],
      params: RefParams,
      body: PutComplaintBody,
      responses: { 200: ComplaintView, 201: ComplaintView },
    },
    async (req, res) => {
      const { complaint, created } = await putComplaint(db, req.params.ref, req.body, clock());
      res.status(created ? 201 : 200).json(complaint);
    },
  );
  define(
    {
      method: 'get',
      path: '/complaints/:ref',
      operationId: 'getComplaint',
      errors: [404],
      summary: 'A shared complaint with the supplier’s answers',
      tags: ['complaints'],
      params: RefParams,
      responses: { 200: ComplaintView },
    },
    async (req, res) => {
      res.json(await getComplaint(db, req.params.ref, clock()));
    },
  );
}

export function complaintsPortalRoutes(define: DefinePortalRoute, db: Knex, clock: Clock) {
  define(
    {
      method: 'get',
      path: '/complaints/:ref',
      operationId: 'portalGetComplaint',
      errors: [404],
      summary: 'The complaint this link is for, its stages with deadlines and their history',
      tags: ['supplier'],
      params: RefParams,
      portal: scope('complaint:read'),
      responses: { 200: ComplaintView },
    },
    async (req, res) => {
      res.json(await getComplaint(db, req.params.ref, clock()));
    },
  );
  define(
    {
      method: 'post',
      path: '/complaints/:ref/stages/:key/responses',
      operationId: 'portalRespondToStage',
      errors: [404, 409, 422],
      summary: 'Answer one stage (containment, root cause, …), or revise a returned one',
      tags: ['supplier'],
      params: StageParams,
      body: CreateStageResponseBody,
      portal: scope('complaint:respond'),
      responses: { 201: { schema: StageResponse, headers: ['Location'] } },
    },
    async (req, res) => {
      const response = await respondToStage(db, req.portal, req.params.ref, req.params.key, req.body, clock());
      res
        .status(201)
        .location(`${req.baseUrl}/complaints/${req.params.ref}/stages/${response.stageKey}/responses/${response.id}`)
        .json(response);
    },
  );
  define(
    {
      method: 'post',
      path: '/complaints/:ref/disputes',
      operationId: 'portalDisputeComplaint',
      errors: [404, 409, 422],
      summary: 'Dispute the complaint as a whole, with a reason',
      tags: ['supplier'],
      params: RefParams,
      body: CreateDisputeBody,
      portal: scope('complaint:respond'),
      responses: { 201: ComplaintView },
    },
    async (req, res) => {
      res.status(201).json(await disputeComplaint(db, req.portal, req.params.ref, req.body, clock()));
    },
  );
  define(
    {
      method: 'post',
      path: '/complaints/:ref/acceptance',
      operationId: 'portalAcceptComplaint',
      errors: [404, 409, 422],
      summary: 'Accept the complaint and its proposed resolution (may need a step-up code: X-Step-Up-Code)',
      tags: ['supplier'],
      params: RefParams,
      body: CreateAcceptanceBody,
      portal: scope('complaint:respond', { stepUp: true }),
      responses: { 201: ComplaintView },
    },
    async (req, res) => {
      res.status(201).json(await acceptComplaint(db, req.portal, req.params.ref, req.body, clock()));
    },
  );
}
