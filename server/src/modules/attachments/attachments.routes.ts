import { Type } from '@sinclair/typebox';
import type { Response } from 'express';
import type { Knex } from 'knex';
import type { Clock } from '../../lib/clock.js';
import {
  ATTACHMENT_MAX_BYTES,
  Attachment,
  AttachmentIdParams,
  AttachmentList,
  AttachmentProblemCode,
  AttachmentSubjectQuery,
  ProblemCode,
} from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import type { DefineIntegrationRoute, DefinePortalRoute, RawBodyOptions } from '../../lib/route.js';
import type { PortalAccess } from '../access/portal-access.js';
import type { SubjectRegistry } from '../access/subjects.js';
import { contentDisposition } from './filename.js';
import {
  listAttachments,
  readAttachment,
  storeAttachment,
  tooLarge,
  type FileScope,
  type StoredFile,
} from './attachments.service.js';

/** The upload's own header: its name, percent-encoded (the body is the file itself). */
const UploadHeaders = Type.Object({
  'x-filename': Type.Optional(
    Type.String({
      maxLength: 1000,
      description: 'The file name, percent-encoded (RFC 3986); cleaned before it is stored.',
    }),
  ),
});

const FILE = {
  description: 'The file, as a download in its stored type (`Content-Disposition: attachment`)',
  file: true,
  headers: ['ETag', 'Content-Disposition'],
} as const;

const upload: RawBodyOptions = {
  limit: ATTACHMENT_MAX_BYTES,
  tooLarge: { code: AttachmentProblemCode.tooLarge, detail: tooLarge().message },
};

/**
 * Sends a stored file so that no browser renders it in the API's origin: always a download,
 * sandboxed and unsniffed, never cached (it is behind a token).
 */
function sendFile(res: Response<never>, file: StoredFile) {
  res.set({
    'Content-Type': file.contentType,
    'Content-Length': String(file.size),
    'Content-Disposition': contentDisposition(file.filename),
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
    ETag: `"${file.sha256}"`,
  });
  res.status(200).end(file.content);
}

export function attachmentsIntegrationRoutes(define: DefineIntegrationRoute, db: Knex, subjects: SubjectRegistry) {
  define(
    {
      method: 'post',
      path: '/attachments',
      operationId: 'uploadAttachment',
      errors: [415, 422],
      summary: 'Store a file for a subject (raw body; X-Filename: percent-encoded name)',
      tags: ['attachments'],
      query: AttachmentSubjectQuery,
      rawBody: upload,
      headers: UploadHeaders,
      responses: { 201: { schema: Attachment, headers: ['Location'] } },
    },
    async (req, res) => {
      const { subjectType, subjectRef } = req.query;
      if (!(await subjects.exists(db, subjectType, subjectRef))) {
        throw new AppError(
          ProblemCode.subjectNotFound,
          422,
          `No ${subjectType} ${subjectRef} has been shared yet; PUT it first.`,
          {
            errors: [{ pointer: '#/query/subjectRef', message: 'no such record' }],
          },
        );
      }
      const attachment = await storeAttachment(
        db,
        { type: subjectType, ref: subjectRef },
        { kind: 'integration' },
        req.body,
        req.get('x-filename'),
      );
      res.status(201).location(`${req.baseUrl}/attachments/${attachment.id}`).json(attachment);
    },
  );
  define(
    {
      method: 'get',
      path: '/attachments',
      operationId: 'listAttachments',
      summary: "A subject's files (metadata)",
      tags: ['attachments'],
      query: AttachmentSubjectQuery,
      responses: { 200: AttachmentList },
    },
    async (req, res) => {
      const { subjectType, subjectRef } = req.query;
      res.json({ attachments: await listAttachments(db, { subject: { type: subjectType, ref: subjectRef } }) });
    },
  );
  define(
    {
      method: 'get',
      path: '/attachments/:id',
      operationId: 'downloadAttachment',
      errors: [404],
      summary: 'Download any file',
      tags: ['attachments'],
      params: AttachmentIdParams,
      responses: { 200: FILE },
    },
    async (req, res) => {
      sendFile(res, await readAttachment(db, req.params.id));
    },
  );
}

/** What a portal token may see of its subject's files. */
const scopeOf = (subjects: SubjectRegistry, access: PortalAccess): FileScope => ({
  subject: access.subject,
  ...(subjects.kind(access.subject.type)?.filesPerLink ? { linkId: access.link.id } : {}),
});

export function attachmentsPortalRoutes(define: DefinePortalRoute, db: Knex, subjects: SubjectRegistry, clock: Clock) {
  define(
    {
      method: 'post',
      path: '/attachments',
      operationId: 'portalUploadAttachment',
      errors: [409, 415],
      summary: "Upload a file for the link's subject (raw body; X-Filename: percent-encoded name)",
      tags: ['attachments'],
      rawBody: upload,
      portal: { anyWriteAction: true },
      headers: UploadHeaders,
      responses: { 201: { schema: Attachment, headers: ['Location'] } },
    },
    async (req, res) => {
      const access = req.portal;
      const assertUploadAllowed = subjects.kind(access.subject.type)?.assertUploadAllowed;
      const assertAllowed = async (trx: Knex.Transaction) => {
        if (!assertUploadAllowed)
          throw new AppError(AttachmentProblemCode.notAccepted, 403, 'Files cannot be sent with this link.');
        await assertUploadAllowed(trx, access, clock());
      };
      const attachment = await storeAttachment(
        db,
        access.subject,
        { kind: 'portal', linkId: access.link.id, assertAllowed },
        req.body,
        req.get('x-filename'),
      );
      res.status(201).location(`${req.baseUrl}/attachments/${attachment.id}`).json(attachment);
    },
  );
  define(
    {
      method: 'get',
      path: '/attachments',
      operationId: 'portalListAttachments',
      summary: "The files of the link's subject (metadata)",
      tags: ['attachments'],
      portal: {},
      responses: { 200: AttachmentList },
    },
    async (req, res) => {
      res.json({ attachments: await listAttachments(db, scopeOf(subjects, req.portal)) });
    },
  );
  define(
    {
      method: 'get',
      path: '/attachments/:id',
      operationId: 'portalDownloadAttachment',
      errors: [404],
      summary: "Download a file of the link's subject",
      tags: ['attachments'],
      params: AttachmentIdParams,
      portal: {},
      responses: { 200: FILE },
    },
    async (req, res) => {
      sendFile(res, await readAttachment(db, req.params.id, scopeOf(subjects, req.portal)));
    },
  );
}
