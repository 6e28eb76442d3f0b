import type { Knex } from 'knex';
import type { Clock } from '../../lib/clock.js';
import {
  CreateDateConfirmationBody,
  DateConfirmation,
  PurchaseOrderView,
  PutPurchaseOrderBody,
  RefParams,
} from '@amage/contracts';
import { portalScope, type DefineIntegrationRoute, type DefinePortalRoute } from '../../lib/route.js';
import { confirmDates, getPurchaseOrder, putPurchaseOrder } from './purchase-orders.service.js';

const scope = portalScope('purchase-order');

export function purchaseOrdersIntegrationRoutes(define: DefineIntegrationRoute, db: Knex) {
  define(
    {
      method: 'put',
      path: '/purchase-orders/:ref',
      operationId: 'putPurchaseOrder',
      errors: [422],
      summary:
        'Share a purchase order (create or replace, by your reference); also carries decisions on proposals, receipts, cancel/close',
      tags: ['purchase-orders'],
      params: RefParams,
      body: PutPurchaseOrderBody,
      responses: { 200: PurchaseOrderView, 201: PurchaseOrderView },
    },
    async (req, res) => {
      const { order, created } = await putPurchaseOrder(db, req.params.ref, req.body);
      res.status(created ? 201 : 200).json(order);
    },
  );
  define(
    {
      method: 'get',
      path: '/purchase-orders/:ref',
      operationId: 'getPurchaseOrder',
      errors: [404],
      summary: 'A shared purchase order with its lines, history and deliveries',
      tags: ['purchase-orders'],
      params: RefParams,
      responses: { 200: PurchaseOrderView },
    },
    async (req, res) => {
      res.json(await getPurchaseOrder(db, req.params.ref));
    },
  );
}

export function purchaseOrdersPortalRoutes(define: DefinePortalRoute, db: Knex, clock: Clock) {
  define(
    {
      method: 'get',
      path: '/purchase-orders/:ref',
      operationId: 'portalGetPurchaseOrder',
      errors: [404],
      summary: 'The purchase order this link is for, with each line’s history and the declarations',
      tags: ['supplier'],
      params: RefParams,
      portal: scope('order:read'),
      responses: { 200: PurchaseOrderView },
    },
    async (req, res) => {
      res.json(await getPurchaseOrder(db, req.params.ref));
    },
  );
  define(
    {
      method: 'post',
      path: '/purchase-orders/:ref/date-confirmations',
      operationId: 'portalConfirmDates',
      errors: [404, 409, 422],
      summary: 'Accept requested dates and quantities, or propose others, line by line',
      tags: ['supplier'],
      params: RefParams,
      body: CreateDateConfirmationBody,
      portal: scope('order:confirm-dates'),
      responses: { 201: { schema: DateConfirmation, headers: ['Location'] } },
    },
    async (req, res) => {
      const confirmation = await confirmDates(db, req.portal, req.params.ref, req.body, clock());
      res
        .status(201)
        .location(
          `${req.baseUrl}/purchase-orders/${confirmation.purchaseOrderRef}/date-confirmations/${confirmation.id}`,
        )
        .json(confirmation);
    },
  );
}
