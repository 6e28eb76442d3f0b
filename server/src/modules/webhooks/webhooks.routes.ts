import {
  CreateWebhookBody,
  RotateWebhookSecretBody,
  Webhook,
  WebhookDeliveriesQuery,
  WebhookDeliveryList,
  WebhookList,
  WebhookParams,
  WebhookWithSecret,
} from '@amage/contracts';
import type { Knex } from 'knex';
import type { DefineIntegrationRoute } from '../../lib/route.js';
import {
  createWebhook,
  deleteWebhook,
  enableWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  rotateSecret,
} from './webhooks.service.js';

const tags = ['webhooks'];

/** Integration API: the main system subscribes to the event feed as signed webhooks. */
export function webhooksRoutes(define: DefineIntegrationRoute, db: Knex) {
  define(
    {
      method: 'post',
      path: '/webhooks',
      operationId: 'createWebhook',
      errors: [409],
      summary: 'Subscribe a URL to the event feed; the answer holds the signing secret, once',
      tags,
      body: CreateWebhookBody,
      responses: { 201: { schema: WebhookWithSecret, headers: ['Location'] } },
    },
    async (req, res) => {
      const webhook = await createWebhook(db, req.body, req.integrationKey.id);
      res.status(201).location(`${req.baseUrl}/webhooks/${webhook.id}`).json(webhook);
    },
  );

  define(
    {
      method: 'get',
      path: '/webhooks',
      operationId: 'listWebhooks',
      summary: 'Webhook subscriptions with their delivery state',
      tags,
      responses: { 200: WebhookList },
    },
    async (_req, res) => {
      res.json({ webhooks: await listWebhooks(db) });
    },
  );

  define(
    {
      method: 'get',
      path: '/webhooks/:id',
      operationId: 'getWebhook',
      errors: [404],
      summary: 'A webhook: status, cursor, failures, last delivery',
      tags,
      params: WebhookParams,
      responses: { 200: Webhook },
    },
    async (req, res) => {
      res.json(await getWebhook(db, req.params.id));
    },
  );

  define(
    {
      method: 'delete',
      path: '/webhooks/:id',
      operationId: 'deleteWebhook',
      errors: [404],
      summary: 'Delete a webhook (nothing more is sent to it)',
      tags,
      params: WebhookParams,
      responses: { 204: null },
    },
    async (req, res) => {
      await deleteWebhook(db, req.params.id);
      res.status(204).end();
    },
  );

  define(
    {
      method: 'post',
      path: '/webhooks/:id/rotate-secret',
      operationId: 'rotateWebhookSecret',
      errors: [404],
      summary: 'A new signing secret, answered once; the previous one keeps signing beside it for a while',
      tags,
      params: WebhookParams,
      body: RotateWebhookSecretBody,
      responses: { 200: WebhookWithSecret },
    },
    async (req, res) => {
      res.json(await rotateSecret(db, req.params.id, req.body?.previousSecretValidFor));
    },
  );

  define(
    {
      method: 'post',
      path: '/webhooks/:id/enable',
      operationId: 'enableWebhook',
      errors: [404],
      summary: 'Re-enable a disabled webhook, or retry a failing one now; delivery resumes at its cursor',
      tags,
      params: WebhookParams,
      responses: { 200: Webhook },
    },
    async (req, res) => {
      res.json(await enableWebhook(db, req.params.id));
    },
  );

  define(
    {
      method: 'get',
      path: '/webhooks/:id/deliveries',
      operationId: 'listWebhookDeliveries',
      errors: [404],
      summary: 'Recent delivery attempts, newest first (status code, duration, error, start of the answer)',
      tags,
      params: WebhookParams,
      query: WebhookDeliveriesQuery,
      responses: { 200: WebhookDeliveryList },
    },
    async (req, res) => {
      res.json({
        deliveries: await listDeliveries(db, req.params.id, req.query.limit ?? 50),
      });
    },
  );
}
