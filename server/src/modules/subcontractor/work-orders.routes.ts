import { Type } from '@sinclair/typebox';
import type { Knex } from 'knex';
import type { Clock } from '../../lib/clock.js';
import {
  CompleteWorkOrderBody,
  Completion,
  CreateFindingBody,
  CreateWorkLogBody,
  DateTime,
  Finding,
  InspectionAnswer,
  InspectionAnswerBody,
  InspectionSubmission,
  Key,
  LotoSignOffBody,
  LotoStepBody,
  LotoStepRecord,
  PermitAcknowledgeBody,
  PermitLogEntry,
  PermitSignOffBody,
  PermitSignOnBody,
  PutWorkOrderBody,
  Ref,
  RefParams,
  SubmitInspectionBody,
  WorkLog,
  WorkOrderStatusChangeBody,
  WorkOrderView,
} from '@amage/contracts';
import { portalScope, type DefineIntegrationRoute, type DefinePortalRoute } from '../../lib/route.js';
import { completeWorkOrder } from './completion.service.js';
import { answerItem, submitInspection } from './inspections.service.js';
import { confirmLotoStep, signOffIsolation } from './loto.service.js';
import { acknowledgePrecaution, signOff, signOn } from './permits.service.js';
import { logWork, reportFinding } from './work-logs.service.js';
import { changeStatus, getWorkOrder, putWorkOrder } from './work-orders.service.js';

const scope = portalScope('work-order');

const ChecklistParams = Type.Object({ ref: Ref, checklist: Key });
const ItemParams = Type.Object({ ref: Ref, checklist: Key, item: Key });
const PermitParams = Type.Object({ ref: Ref, permit: Ref });
const SignOff = Type.Object({ by: Type.String(), at: DateTime });
const tags = ['subcontractor'];

export function workOrdersIntegrationRoutes(define: DefineIntegrationRoute, db: Knex) {
  define(
    {
      method: 'put',
      path: '/work-orders/:ref',
      operationId: 'putWorkOrder',
      errors: [422],
      summary: 'Share a work order (create or replace, by your reference); what contractors recorded stays',
      tags: ['work-orders'],
      params: RefParams,
      body: PutWorkOrderBody,
      responses: { 200: WorkOrderView, 201: WorkOrderView },
    },
    async (req, res) => {
      const { workOrder, created } = await putWorkOrder(db, req.params.ref, req.body);
      res.status(created ? 201 : 200).json(workOrder);
    },
  );
  define(
    {
      method: 'get',
      path: '/work-orders/:ref',
      operationId: 'getWorkOrder',
      errors: [404],
      summary: 'A work order with everything recorded on it (signature included)',
      tags: ['work-orders'],
      params: RefParams,
      responses: { 200: WorkOrderView },
    },
    async (req, res) => {
      res.json(await getWorkOrder(db, req.params.ref, { withSignature: true }));
    },
  );
  define(
    {
      method: 'post',
      path: '/work-orders/:ref/status-changes',
      operationId: 'changeWorkOrderStatus',
      errors: [404, 409, 422],
      summary:
        'Change a work order’s status (cancel, hold, reopen for rework: completed and cancelled orders take no portal writes)',
      tags: ['work-orders'],
      params: RefParams,
      body: WorkOrderStatusChangeBody,
      responses: { 200: WorkOrderView },
    },
    async (req, res) => {
      res.json(await changeStatus(db, req.params.ref, req.body));
    },
  );
}

/** Every write answers 201 with the record it made; the widget reloads the work order afterwards. */
export function workOrdersPortalRoutes(define: DefinePortalRoute, db: Knex, clock: Clock) {
  define(
    {
      method: 'get',
      path: '/work-orders/:ref',
      operationId: 'portalGetWorkOrder',
      errors: [404],
      summary: 'The work order this link is for, with what has been recorded',
      tags,
      params: RefParams,
      portal: scope('work-order:read'),
      responses: { 200: WorkOrderView },
    },
    async (req, res) => {
      res.json(await getWorkOrder(db, req.params.ref));
    },
  );
  define(
    {
      method: 'post',
      path: '/work-orders/:ref/work-logs',
      operationId: 'portalLogWork',
      errors: [404, 409, 422],
      summary: 'Log work: time, workers, materials, notes, photos',
      tags,
      params: RefParams,
      body: CreateWorkLogBody,
      portal: scope('work-order:log-work'),
      responses: { 201: WorkLog },
    },
    async (req, res) => {
      res.status(201).json(await logWork(db, req.portal, req.params.ref, req.body, clock()));
    },
  );
  define(
    {
      method: 'post',
      path: '/work-orders/:ref/findings',
      operationId: 'portalReportFinding',
      errors: [404, 409, 422],
      summary: 'Report something found on site as a new request',
      tags,
      params: RefParams,
      body: CreateFindingBody,
      portal: scope('work-order:log-work'),
      responses: { 201: Finding },
    },
    async (req, res) => {
      res.status(201).json(await reportFinding(db, req.portal, req.params.ref, req.body, clock()));
    },
  );
  define(
    {
      method: 'post',
      path: '/work-orders/:ref/completion',
      operationId: 'portalCompleteWorkOrder',
      errors: [404, 409, 422],
      summary:
        'Confirm completion with name and signature (409 work-order.completion_blocked lists what is missing); the link then only reads',
      tags,
      params: RefParams,
      body: CompleteWorkOrderBody,
      portal: scope('work-order:complete'),
      responses: { 201: Completion },
    },
    async (req, res) => {
      res.status(201).json(await completeWorkOrder(db, req.portal, req.params.ref, req.body, clock()));
    },
  );
  define(
    {
      method: 'put',
      path: '/work-orders/:ref/inspections/:checklist/answers/:item',
      operationId: 'portalSaveInspectionAnswer',
      errors: [404, 409, 422],
      summary:
        'Save one checklist answer (again until the inspection is submitted); out-of-limit values need a comment',
      tags,
      params: ItemParams,
      body: InspectionAnswerBody,
      portal: scope('inspection:submit'),
      responses: { 200: InspectionAnswer },
    },
    async (req, res) => {
      res.json(
        await answerItem(db, req.portal, req.params.ref, req.params.checklist, req.params.item, req.body, clock()),
      );
    },
  );
  define(
    {
      method: 'post',
      path: '/work-orders/:ref/inspections/:checklist/submission',
      operationId: 'portalSubmitInspection',
      errors: [404, 409, 422],
      summary: 'Submit the inspection with the inspector’s name (409 inspection.items_open lists unanswered items)',
      tags,
      params: ChecklistParams,
      body: SubmitInspectionBody,
      portal: scope('inspection:submit'),
      responses: { 201: InspectionSubmission },
    },
    async (req, res) => {
      res
        .status(201)
        .json(await submitInspection(db, req.portal, req.params.ref, req.params.checklist, req.body, clock()));
    },
  );
  define(
    {
      method: 'post',
      path: '/work-orders/:ref/loto/steps',
      operationId: 'portalConfirmLotoStep',
      errors: [404, 409, 422],
      summary: 'Confirm the next LOTO step (in order only: loto.out_of_order, loto.already_done, loto.not_isolated)',
      tags,
      params: RefParams,
      body: LotoStepBody,
      // Returning the equipment to service re-energises it: as risky as the isolation sign-off.
      portal: scope('loto:acknowledge', {
        stepUp: (body) => (body as { step?: string } | undefined)?.step === 'equipment-returned',
      }),
      responses: { 201: LotoStepRecord },
    },
    async (req, res) => {
      res.status(201).json(await confirmLotoStep(db, req.portal, req.params.ref, req.body, clock()));
    },
  );
  define(
    {
      method: 'post',
      path: '/work-orders/:ref/loto/isolation-sign-off',
      operationId: 'portalSignOffIsolation',
      errors: [404, 409, 422],
      summary: 'Sign off the isolation as a whole (a risky action)',
      tags,
      params: RefParams,
      body: LotoSignOffBody,
      // Risky (design.md): when the link lists loto:acknowledge in its stepUp, this route needs X-Step-Up-Code.
      portal: scope('loto:acknowledge', { stepUp: true }),
      responses: { 201: SignOff },
    },
    async (req, res) => {
      res.status(201).json(await signOffIsolation(db, req.portal, req.params.ref, req.body, clock()));
    },
  );
  define(
    {
      method: 'post',
      path: '/work-orders/:ref/permits/:permit/acknowledgements',
      operationId: 'portalAcknowledgePrecaution',
      errors: [404, 409, 422],
      summary: 'Acknowledge one precaution of a permit',
      tags,
      params: PermitParams,
      body: PermitAcknowledgeBody,
      portal: scope('permit:sign'),
      responses: { 201: PermitLogEntry },
    },
    async (req, res) => {
      res
        .status(201)
        .json(await acknowledgePrecaution(db, req.portal, req.params.ref, req.params.permit, req.body, clock()));
    },
  );
  define(
    {
      method: 'post',
      path: '/work-orders/:ref/permits/:permit/sign-ons',
      operationId: 'portalSignOnPermit',
      errors: [404, 409, 422],
      summary: 'Sign workers on to a permit (409 permit.not_valid when outside its window, suspended or cancelled)',
      tags,
      params: PermitParams,
      body: PermitSignOnBody,
      portal: scope('permit:sign'),
      responses: { 201: PermitLogEntry },
    },
    async (req, res) => {
      res.status(201).json(await signOn(db, req.portal, req.params.ref, req.params.permit, req.body, clock()));
    },
  );
  define(
    {
      method: 'post',
      path: '/work-orders/:ref/permits/:permit/sign-offs',
      operationId: 'portalSignOffPermit',
      errors: [404, 409, 422],
      summary: 'Sign workers off a permit at the end of the shift or of the work',
      tags,
      params: PermitParams,
      body: PermitSignOffBody,
      // Risky (design.md: permit sign-offs): when the link lists permit:sign in its stepUp, X-Step-Up-Code is needed.
      portal: scope('permit:sign', { stepUp: true }),
      responses: { 201: PermitLogEntry },
    },
    async (req, res) => {
      res.status(201).json(await signOff(db, req.portal, req.params.ref, req.params.permit, req.body, clock()));
    },
  );
}
