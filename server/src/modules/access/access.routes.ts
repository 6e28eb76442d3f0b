import { Type } from '@sinclair/typebox';
import type { Knex } from 'knex';
import {
  CreatedIntegrationKey,
  CreatedLink,
  CreateIntegrationKeyBody,
  ContinueSessionBody,
  CreateLinkBody,
  IdParams,
  IntegrationKey as IntegrationKeyDto,
  Link as LinkDto,
  LinkRenewal,
  Ref,
  SessionInfo,
  SessionToken,
  SubjectType,
} from '@amage/contracts';
import type { DefineIntegrationRoute, DefinePortalRoute } from '../../lib/route.js';
import { TokenLookupFailed, type AccessService } from './access.service.js';
import { idempotencyKey } from './idempotency.js';
import { bearerToken } from './portal-auth.js';
import { createIntegrationKey, integrationKeyToDto, revokeIntegrationKey } from './integration-auth.js';
import { IntegrationKey } from './integration-key.model.js';
import type { FailedLookupLimiter } from './rate-limit.js';

export function accessPortalRoutes(define: DefinePortalRoute, access: AccessService, lookups: FailedLookupLimiter) {
  define(
    {
      method: 'get',
      path: '/session',
      operationId: 'portalGetSession',
      summary: 'What the presented token grants',
      tags: ['access'],
      portal: { acceptsLinkToken: true },
      responses: { 200: SessionInfo },
    },
    async (req, res) => {
      res.json(await access.describe(req.portal));
    },
  );

  define(
    {
      method: 'post',
      path: '/sessions',
      operationId: 'portalStartSession',
      errors: [422],
      summary: 'Exchange the link token for a short-lived session token (spends one use)',
      tags: ['access'],
      portal: { acceptsLinkToken: true, acceptsUsedUpLink: true, idempotency: 'key-only' },
      responses: { 201: SessionToken },
    },
    async (req, res) => {
      res
        .status(201)
        .json(
          await access.startSession(req.portal, idempotencyKey(req), { ip: req.ip, presentedToken: bearerToken(req) }),
        );
    },
  );

  define(
    {
      method: 'post',
      path: '/sessions/continuations',
      operationId: 'portalContinueSession',
      summary: 'Continue a one-time link on the device that started it (its continuation secret); spends no use',
      description:
        'With the (used-up) link token as bearer and the `continuation.secret` the session start gave this device. A wrong or expired secret is 401 `continuation.invalid` and counts against the address like a failed token look-up.',
      tags: ['access'],
      body: ContinueSessionBody,
      portal: { acceptsLinkToken: true, acceptsUsedUpLink: true, idempotency: 'key-only' },
      responses: { 201: SessionToken },
    },
    async (req, res) => {
      idempotencyKey(req);
      try {
        res.status(201).json(await access.continueSession(req.portal, req.body.secret, { ip: req.ip }));
      } catch (error) {
        if (error instanceof TokenLookupFailed) await lookups.fail(req.ip ?? 'unknown');
        throw error;
      }
    },
  );

  define(
    {
      method: 'post',
      path: '/sessions/refresh',
      operationId: 'portalRefreshSession',
      summary: 'A fresh session token for a person still working',
      tags: ['access'],
      portal: { acceptsExpiredSession: true, idempotency: 'key-only' },
      responses: { 201: SessionToken },
    },
    async (req, res) => {
      res.status(201).json(await access.refreshSession(req.portal, idempotencyKey(req), bearerToken(req)));
    },
  );

  define(
    {
      method: 'post',
      path: '/link-renewals',
      operationId: 'portalRequestLinkRenewal',
      errors: [409],
      summary: 'Ask for a fresh link to be sent to the recipient of an expired or used-up one',
      tags: ['access'],
      portal: { acceptsLinkToken: true, allowExpired: true, idempotency: 'key-only' },
      responses: { 202: LinkRenewal },
    },
    async (req, res) => {
      idempotencyKey(req);
      res.status(202).json(await access.requestRenewal(req.portal, { ip: req.ip }));
    },
  );
}

export function accessIntegrationRoutes(define: DefineIntegrationRoute, access: AccessService, db: Knex) {
  define(
    {
      method: 'post',
      path: '/links',
      operationId: 'createLink',
      errors: [422],
      summary: 'Issue an access link; the answer holds the token, once',
      tags: ['links'],
      body: CreateLinkBody,
      responses: { 201: { schema: CreatedLink, headers: ['Location'] } },
    },
    async (req, res) => {
      const link = await access.createLink(req.body, req.integrationKey.id);
      res.status(201).location(`${req.baseUrl}/links/${link.id}`).json(link);
    },
  );

  define(
    {
      method: 'get',
      path: '/links',
      operationId: 'listLinks',
      summary: 'The links issued for one subject',
      tags: ['links'],
      query: Type.Object({ subjectType: SubjectType, subjectRef: Ref }, { additionalProperties: false }),
      responses: { 200: Type.Object({ links: Type.Array(LinkDto) }) },
    },
    async (req, res) => {
      const { subjectType, subjectRef } = req.query;
      const links = await access.listLinks({ type: subjectType, ref: subjectRef });
      res.json({ links });
    },
  );

  define(
    {
      method: 'get',
      path: '/links/:id',
      operationId: 'getLink',
      errors: [404],
      summary: 'A link: status, uses, last use, and the state of its e-mail',
      tags: ['links'],
      params: IdParams,
      responses: { 200: LinkDto },
    },
    async (req, res) => {
      res.json(await access.getLink(req.params.id));
    },
  );

  define(
    {
      method: 'delete',
      path: '/links/:id',
      operationId: 'revokeLink',
      errors: [404],
      summary: 'Revoke a link (its sessions end with it)',
      tags: ['links'],
      params: IdParams,
      responses: { 200: LinkDto },
    },
    async (req, res) => {
      res.json(await access.revokeLink(req.params.id));
    },
  );

  define(
    {
      method: 'get',
      path: '/keys',
      operationId: 'listIntegrationKeys',
      summary: 'Integration keys',
      tags: ['keys'],
      responses: { 200: Type.Object({ keys: Type.Array(IntegrationKeyDto) }) },
    },
    async (_req, res) => {
      const keys = await IntegrationKey.query(db).orderBy('createdAt');
      res.json({ keys: keys.map(integrationKeyToDto) });
    },
  );

  define(
    {
      method: 'post',
      path: '/keys',
      operationId: 'createIntegrationKey',
      summary: 'Create an integration key; the answer holds it, once',
      tags: ['keys'],
      body: CreateIntegrationKeyBody,
      responses: { 201: CreatedIntegrationKey },
    },
    async (req, res) => {
      res.status(201).json(await createIntegrationKey(db, req.body.name));
    },
  );

  define(
    {
      method: 'delete',
      path: '/keys/:id',
      operationId: 'revokeIntegrationKey',
      errors: [404],
      summary: 'Revoke an integration key',
      tags: ['keys'],
      params: IdParams,
      responses: { 200: IntegrationKeyDto },
    },
    async (req, res) => {
      res.json(await revokeIntegrationKey(db, req.params.id));
    },
  );
}
