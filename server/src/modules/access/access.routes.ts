import { Type } from '@sinclair/typebox';
import type { Knex } from 'knex';
import {
  CreatedIntegrationKey,
  CreatedLink,
  CreateIntegrationKeyBody,
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
import { linkToDto, type AccessService } from './access.service.js';
import { idempotencyKey } from './idempotency.js';
import { createIntegrationKey, integrationKeyToDto, revokeIntegrationKey } from './integration-auth.js';
import { IntegrationKey } from './integration-key.model.js';

export function accessPortalRoutes(define: DefinePortalRoute, access: AccessService) {
  define(
    {
      method: 'get',
      path: '/session',
      summary: 'What the presented token grants',
      tags: ['access'],
      portal: { acceptsLinkToken: true },
      responses: { 200: SessionInfo },
    },
    (req, res) => {
      res.json(access.describe(req.portal));
    },
  );

  define(
    {
      method: 'post',
      path: '/sessions',
      summary: 'Exchange the link token for a short-lived session token (spends one use)',
      tags: ['access'],
      portal: { acceptsLinkToken: true, acceptsUsedUpLink: true, idempotency: 'key-only' },
      responses: { 201: SessionToken },
    },
    async (req, res) => {
      res.status(201).json(await access.startSession(req.portal, idempotencyKey(req), { ip: req.ip }));
    },
  );

  define(
    {
      method: 'post',
      path: '/sessions/refresh',
      summary: 'A fresh session token for a person still working',
      tags: ['access'],
      portal: { acceptsExpiredSession: true, idempotency: 'key-only' },
      responses: { 201: SessionToken },
    },
    async (req, res) => {
      res.status(201).json(await access.refreshSession(req.portal, idempotencyKey(req)));
    },
  );

  define(
    {
      method: 'post',
      path: '/link-renewals',
      summary: 'Ask for a fresh link to be sent to the recipient of an expired one',
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
      summary: 'Issue an access link; the answer holds the token, once',
      tags: ['links'],
      body: CreateLinkBody,
      responses: { 201: CreatedLink },
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
      summary: 'The links issued for one subject',
      tags: ['links'],
      query: Type.Object({ subjectType: SubjectType, subjectRef: Ref }, { additionalProperties: false }),
      responses: { 200: Type.Object({ links: Type.Array(LinkDto) }) },
    },
    async (req, res) => {
      const { subjectType, subjectRef } = req.query;
      const links = await access.listLinks({ type: subjectType, ref: subjectRef });
      res.json({ links: links.map(linkToDto) });
    },
  );

  define(
    {
      method: 'get',
      path: '/links/:id',
      summary: 'A link: status, uses, last use',
      tags: ['links'],
      params: IdParams,
      responses: { 200: LinkDto },
    },
    async (req, res) => {
      res.json(linkToDto(await access.getLink(req.params.id)));
    },
  );

  define(
    {
      method: 'delete',
      path: '/links/:id',
      summary: 'Revoke a link (its sessions end with it)',
      tags: ['links'],
      params: IdParams,
      responses: { 200: LinkDto },
    },
    async (req, res) => {
      res.json(linkToDto(await access.revokeLink(req.params.id)));
    },
  );

  define(
    {
      method: 'get',
      path: '/keys',
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
