import type { Knex } from 'knex';
import type { Clock } from '../../lib/clock.js';
import {
  CancelDeliveryBody,
  CorrectDeliveryBody,
  DeclareDeliveryBody,
  Delivery,
  DeliveryParams,
  RefParams,
} from '@amage/contracts';
import { portalScope, type DefinePortalRoute } from '../../lib/route.js';
import { cancelDelivery, correctDelivery, declareDelivery } from './deliveries.service.js';

const scope = portalScope('purchase-order');

const location = (base: string, d: Delivery) => `${base}/purchase-orders/${d.purchaseOrderRef}/deliveries/${d.id}`;

export function deliveriesPortalRoutes(define: DefinePortalRoute, db: Knex, clock: Clock) {
  define(
    {
      method: 'post',
      path: '/purchase-orders/:ref/deliveries',
      operationId: 'portalDeclareDelivery',
      errors: [404, 409, 422],
      summary: 'Declare a delivery (advance shipping notice); several per order',
      tags: ['supplier'],
      params: RefParams,
      body: DeclareDeliveryBody,
      portal: scope('order:declare-delivery'),
      responses: { 201: { schema: Delivery, headers: ['Location'] } },
    },
    async (req, res) => {
      const delivery = await declareDelivery(db, req.portal, req.params.ref, req.body, clock());
      res.status(201).location(location(req.baseUrl, delivery)).json(delivery);
    },
  );
  define(
    {
      method: 'patch',
      path: '/purchase-orders/:ref/deliveries/:id',
      operationId: 'portalCorrectDelivery',
      errors: [404, 409, 422],
      summary: 'Correct a declaration (the whole declaration again) until goods are received',
      tags: ['supplier'],
      params: DeliveryParams,
      body: CorrectDeliveryBody,
      portal: scope('order:declare-delivery'),
      responses: { 200: Delivery },
    },
    async (req, res) => {
      res.json(await correctDelivery(db, req.portal, req.params.ref, req.params.id, req.body, clock()));
    },
  );
  define(
    {
      method: 'post',
      path: '/purchase-orders/:ref/deliveries/:id/cancellation',
      operationId: 'portalCancelDelivery',
      errors: [404, 409],
      summary: 'Cancel a declaration until goods are received',
      tags: ['supplier'],
      params: DeliveryParams,
      body: CancelDeliveryBody,
      portal: scope('order:declare-delivery'),
      responses: { 200: Delivery },
    },
    async (req, res) => {
      res.json(await cancelDelivery(db, req.portal, req.params.ref, req.params.id, req.body));
    },
  );
}
