import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { Knex } from 'knex';
import type { Clock } from '../../lib/clock.js';
import {
  AddServiceRequestCommentBody,
  CancelServiceRequestBody,
  CreateServiceRequestBody,
  IdParams,
  PutServiceRequestStatusBody,
  RefParams,
  ServiceRequestComment,
  ServiceRequestList,
  ServiceRequestParams,
  ServiceRequestView,
} from '@amage/contracts';
import { portalScope, type DefineIntegrationRoute, type DefinePortalRoute } from '../../lib/route.js';
import {
  cancelServiceRequest,
  commentServiceRequest,
  createServiceRequest,
  getServiceRequest,
  getServiceRequestById,
  listCustomerRequests,
  listServiceRequests,
  putServiceRequestStatus,
} from './service-requests.service.js';

const scope = portalScope('customer');

/** The main system reads the service requests and moves them on (status, job, planned dates, messages). */
export function serviceRequestsIntegrationRoutes(define: DefineIntegrationRoute, db: Knex) {
  define(
    {
      method: 'get',
      path: '/customers/:ref/service-requests',
      operationId: 'listCustomerServiceRequests',
      errors: [404],
      summary: "A customer's service requests, newest first",
      tags: ['customers'],
      params: RefParams,
      responses: { 200: ServiceRequestList },
    },
    async (req, res) => {
      res.json({ requests: await listCustomerRequests(db, req.params.ref) });
    },
  );
  define(
    {
      method: 'get',
      path: '/service-requests/:id',
      operationId: 'getServiceRequest',
      errors: [404],
      summary: 'A service request',
      tags: ['customers'],
      params: IdParams,
      responses: { 200: ServiceRequestView },
    },
    async (req, res) => {
      res.json(await getServiceRequestById(db, req.params.id));
    },
  );
  define(
    {
      method: 'put',
      path: '/service-requests/:id',
      operationId: 'putServiceRequestStatus',
      errors: [404, 422],
      summary:
        "Update a request: status, assigned job, planned dates, messages to the requester (shown in the requester's list)",
      tags: ['customers'],
      params: IdParams,
      body: PutServiceRequestStatusBody,
      responses: { 200: ServiceRequestView },
    },
    async (req, res) => {
      res.json(await putServiceRequestStatus(db, req.params.id, req.body));
    },
  );
}

/** An intake link's holders make requests and follow, comment on and cancel the ones made through it. */
export function serviceRequestsPortalRoutes(define: DefinePortalRoute, db: Knex, clock: Clock) {
  define(
    {
      method: 'post',
      path: '/customers/:ref/service-requests',
      operationId: 'portalCreateServiceRequest',
      errors: [404, 422],
      summary: 'Register a service or fault request',
      tags: ['customer'],
      params: RefParams,
      body: CreateServiceRequestBody,
      portal: scope('request:create'),
      responses: { 201: { schema: ServiceRequestView, headers: ['Location'] } },
    },
    async (req, res) => {
      const request = await createServiceRequest(db, req.portal, req.params.ref, req.body, clock());
      res
        .status(201)
        .location(`${req.baseUrl}/customers/${request.customerRef}/service-requests/${request.id}`)
        .json(request);
    },
  );
  define(
    {
      method: 'get',
      path: '/customers/:ref/service-requests',
      operationId: 'portalListServiceRequests',
      summary: 'The requests made through this link, newest first',
      description:
        "The answer's `ETag` is a SHA-256 of the list: with `If-None-Match` it is 304 while nothing changed, so a widget polls it cheaply (the requester's list updates by itself).",
      tags: ['customer'],
      params: RefParams,
      headers: Type.Object({ 'if-none-match': Type.Optional(Type.String({ maxLength: 200 })) }),
      portal: scope('request:read'),
      responses: {
        200: { schema: ServiceRequestList, headers: ['ETag'] },
        304: { description: 'Nothing changed since the `ETag` given in `If-None-Match`.', headers: ['ETag'] },
      },
    },
    async (req, res) => {
      const list = { requests: await listServiceRequests(db, req.portal, req.params.ref) };
      const etag = `"${createHash('sha256').update(JSON.stringify(list)).digest('base64url')}"`;
      res.set('ETag', etag);
      if (req.get('if-none-match') === etag) {
        res.status(304).end();
        return;
      }
      res.json(list);
    },
  );
  define(
    {
      method: 'get',
      path: '/customers/:ref/service-requests/:id',
      operationId: 'portalGetServiceRequest',
      errors: [404],
      summary: 'One request made through this link',
      tags: ['customer'],
      params: ServiceRequestParams,
      portal: scope('request:read'),
      responses: { 200: ServiceRequestView },
    },
    async (req, res) => {
      res.json(await getServiceRequest(db, req.portal, req.params.ref, req.params.id));
    },
  );
  define(
    {
      method: 'post',
      path: '/customers/:ref/service-requests/:id/comments',
      operationId: 'portalCommentOnServiceRequest',
      errors: [404, 409, 422],
      summary: 'Add information (a comment, more files) to an open request',
      tags: ['customer'],
      params: ServiceRequestParams,
      body: AddServiceRequestCommentBody,
      portal: scope('request:read'),
      responses: { 201: ServiceRequestComment },
    },
    async (req, res) => {
      res.status(201).json(await commentServiceRequest(db, req.portal, req.params.ref, req.params.id, req.body));
    },
  );
  define(
    {
      method: 'post',
      path: '/customers/:ref/service-requests/:id/cancellation',
      operationId: 'portalCancelServiceRequest',
      errors: [404, 409, 422],
      summary: 'Cancel a request that is not planned yet',
      tags: ['customer'],
      params: ServiceRequestParams,
      body: CancelServiceRequestBody,
      portal: scope('request:read'),
      responses: { 200: ServiceRequestView },
    },
    async (req, res) => {
      res.json(await cancelServiceRequest(db, req.portal, req.params.ref, req.params.id, req.body));
    },
  );
}
