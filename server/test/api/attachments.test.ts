import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workOrderBody } from '../helpers/work-orders.js';
import {
  ATTACHMENT_MAX_BYTES,
  SUBJECT_ATTACHMENTS_MAX_BYTES,
  type Attachment,
  type AttachmentList,
  type CreatedLink,
  type Problem,
} from '@amage/contracts';
import { INTEGRATION_BASE, PORTAL_BASE } from '../../src/app.js';
import { AppError } from '../../src/lib/errors.js';
import { attachmentsOf, claimAttachments } from '../../src/modules/attachments/attachments.service.js';
import { EXE, HEIC, HTML, JPEG, MOV, MP4, PDF, PNG, TEXT, WEBP, padded } from '../fixtures/files.js';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let linkA: CreatedLink;
let sessionA: string;
let sessionB: string;
const A = { type: 'work-order' as const, ref: 'WO-ATT-A' };
const B = { type: 'work-order' as const, ref: 'WO-ATT-B' };

beforeAll(async () => {
  t = await startTestApp();
  await shareWorkOrder(A.ref);
  await shareWorkOrder(B.ref);
  linkA = await t.issueLink({ subject: A, actions: ['work-order:read', 'work-order:log-work'] });
  sessionA = await t.session(linkA);
  sessionB = await t.session(await t.issueLink({ subject: B, actions: ['work-order:read', 'work-order:log-work'] }));
});
afterAll(() => t.close());

/** Work orders take files (photos of the work); a fresh one per ref. */
async function shareWorkOrder(ref: string) {
  const res = await t.integration('PUT', `/work-orders/${ref}`, workOrderBody());
  if (res.status >= 300) throw new Error(`PUT work order ${ref}: ${res.status} ${await res.text()}`);
}

interface UploadOptions {
  token?: string;
  filename?: string;
  contentType?: string;
  key?: string | null;
  headers?: Record<string, string>;
}

/** `POST /api/portal/v1/attachments` with the file as the raw body. */
const upload = (
  body: Buffer,
  {
    token = sessionA,
    filename = 'photo.jpg',
    contentType = 'application/octet-stream',
    key,
    headers = {},
  }: UploadOptions = {},
) =>
  t.fetch(`${t.url}${PORTAL_BASE}/attachments`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': contentType,
      'x-filename': encodeURIComponent(filename),
      ...(key === null ? {} : { 'idempotency-key': key ?? idempotencyKey() }),
      ...headers,
    },
    body,
  });

const integrationUpload = (body: Buffer, query: string, filename = 'drawing.pdf') =>
  t.fetch(`${t.url}${INTEGRATION_BASE}/attachments?${query}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${t.integrationKey}`,
      'content-type': 'application/pdf',
      'x-filename': encodeURIComponent(filename),
    },
    body,
  });

const download = (id: string, token: string) =>
  t.fetch(`${t.url}${PORTAL_BASE}/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });

const storedCount = async (subject = A) =>
  Number((await t.db('attachments').where({ subjectType: subject.type, subjectRef: subject.ref }).count())[0]!.count);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('POST /api/portal/v1/attachments', () => {
  it.each([
    ['JPEG', JPEG, 'zdjęcie.jpg', 'image/jpeg'],
    ['PNG', PNG, 'screen.png', 'image/png'],
    ['PDF', PDF, 'WZ-2291.pdf', 'application/pdf'],
    ['HEIC', HEIC, 'IMG_0001.HEIC', 'image/heic'],
    ['WebP', WEBP, 'photo.webp', 'image/webp'],
    ['MP4', MP4, 'VID_20261201.mp4', 'video/mp4'],
    ['QuickTime', MOV, 'IMG_0002.MOV', 'video/quicktime'],
  ])(
    'when a %s is uploaded with a session token, then 201 with the detected type, and the file and its event are stored',
    async (_kind, file, filename, type) => {
      const res = await upload(file, { filename });
      expect(res.status).toBe(201);
      const body = (await res.json()) as Attachment;
      expect(body).toEqual({
        id: expect.any(String),
        filename,
        contentType: type,
        size: file.length,
        sha256: sha256(file),
        createdAt: expect.any(String),
      });
      expect(res.headers.get('location')).toBe(`${PORTAL_BASE}/attachments/${body.id}`);
      const row = await t.db('attachments').where({ id: body.id }).first();
      expect(Buffer.compare(row.content, file)).toBe(0);
      expect(row).toMatchObject({ subjectType: 'work-order', subjectRef: A.ref, linkId: linkA.id, source: 'portal' });
      const event = await t
        .db('events')
        .where({ type: 'attachment.uploaded' })
        .whereRaw("data->>'id' = ?", [body.id])
        .first();
      expect(event).toMatchObject({ subjectType: 'work-order', subjectRef: A.ref, linkId: linkA.id });
      expect(event.data).toEqual(body);
    },
  );

  it('when the declared Content-Type and the name lie about the content, then the content decides and the name gets a fitting extension', async () => {
    const res = await upload(PNG, { filename: 'scan.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ contentType: 'image/png', filename: 'scan.pdf.png' });
  });

  it.each([
    ['an EXE', EXE],
    ['an HTML page', HTML],
    ['plain text', TEXT],
  ])(
    'when %s is sent named .pdf as application/pdf, then 415 attachment.type_not_allowed and nothing is stored',
    async (_kind, file) => {
      const before = await storedCount();
      const res = await upload(file, { filename: 'invoice.pdf', contentType: 'application/pdf' });
      expect(res.status).toBe(415);
      expect(((await res.json()) as Problem).code).toBe('attachment.type_not_allowed');
      expect(await storedCount()).toBe(before);
    },
  );

  it('when the body is JSON, then 415 (JSON is not a file type we take)', async () => {
    const res = await upload(Buffer.from('{"a":1}'), { contentType: 'application/json' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as Problem).code).toBe('attachment.type_not_allowed');
  });

  it('when the body is empty, then 400 attachment.empty', async () => {
    const res = await upload(Buffer.alloc(0));
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).code).toBe('attachment.empty');
  });

  it('when the file is one byte over 15 MB, then 413 attachment.too_large, nothing is stored and the key may be reused', async () => {
    const before = await storedCount();
    const key = idempotencyKey();
    const res = await upload(padded(JPEG, ATTACHMENT_MAX_BYTES + 1), { key });
    expect(res.status).toBe(413);
    expect(((await res.json()) as Problem).code).toBe('attachment.too_large');
    expect(await storedCount()).toBe(before);
    expect(await t.db('idempotency_keys').where({ key }).first()).toBeUndefined();
    const exact = await upload(padded(JPEG, ATTACHMENT_MAX_BYTES), { key });
    expect(exact.status).toBe(201);
    expect(((await exact.json()) as Attachment).size).toBe(ATTACHMENT_MAX_BYTES);
  });

  it('when the body arrives chunked without a length and passes 15 MB, then 413 and nothing is stored', async () => {
    const before = await storedCount();
    const chunk = Buffer.alloc(1024 * 1024);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(JPEG));
        for (let i = 0; i < 16; i++) controller.enqueue(new Uint8Array(chunk));
        controller.close();
      },
    });
    const res = await t.fetch(`${t.url}${PORTAL_BASE}/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sessionA}`,
        'content-type': 'image/jpeg',
        'idempotency-key': idempotencyKey(),
      },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await storedCount()).toBe(before);
  });

  it('when the upload is aborted half-way, then nothing is stored and its key is freed', async () => {
    const before = await storedCount();
    const key = idempotencyKey();
    const url = new URL(`${t.url}${PORTAL_BASE}/attachments`);
    await new Promise<void>((resolve) => {
      const req = httpRequest(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${sessionA}`,
          'content-type': 'image/jpeg',
          'content-length': String(2 * 1024 * 1024),
          'idempotency-key': key,
        },
      });
      req.on('error', () => resolve());
      req.write(padded(JPEG, 256 * 1024), () =>
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 100),
      );
    });
    await expect
      .poll(async () => (await t.db('idempotency_keys').where({ key }).first()) ?? null, { timeout: 5000 })
      .toBeNull();
    expect(await storedCount()).toBe(before);
  });

  it('when the subject would pass 200 MB, then 413 attachment.subject_quota_exceeded; files the main system shared do not count', async () => {
    const subject = { type: 'work-order' as const, ref: 'WO-ATT-Q' };
    await shareWorkOrder(subject.ref);
    const session = await t.session(await t.issueLink({ subject, actions: ['work-order:log-work'] }));
    // What earlier uploads used, recorded as one row (its size is what the quota sums).
    await t.db('attachments').insert({
      subjectType: 'work-order',
      subjectRef: subject.ref,
      source: 'portal',
      filename: 'old.pdf',
      contentType: 'application/pdf',
      size: SUBJECT_ATTACHMENTS_MAX_BYTES - 3000,
      sha256: sha256(PDF),
      content: PDF,
    });
    const refused = await upload(padded(PNG, 3001), { token: session });
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as Problem).code).toBe('attachment.subject_quota_exceeded');
    expect(await storedCount(subject)).toBe(1);

    const shared = await integrationUpload(padded(PDF, 5000), `subjectType=work-order&subjectRef=${subject.ref}`);
    expect(shared.status).toBe(201);
    expect((await upload(padded(PNG, 3000), { token: session })).status).toBe(201);
  });

  it('when uploads race for the last room of the quota, then only as many as fit are stored', async () => {
    const subject = { type: 'work-order' as const, ref: 'WO-ATT-R' };
    await shareWorkOrder(subject.ref);
    const session = await t.session(await t.issueLink({ subject, actions: ['work-order:log-work'] }));
    const size = 100_000;
    await t.db('attachments').insert({
      subjectType: 'work-order',
      subjectRef: subject.ref,
      source: 'portal',
      filename: 'old.pdf',
      contentType: 'application/pdf',
      size: SUBJECT_ATTACHMENTS_MAX_BYTES - 2 * size - 10,
      sha256: sha256(PDF),
      content: PDF,
    });
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => upload(padded(PNG, size + i), { token: session })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 413, 413, 413, 413]);
    expect(await storedCount(subject)).toBe(3);
  });

  it('when the link token (not a session) is used, then 403 token.session_required', async () => {
    const res = await upload(PNG, { token: linkA.token });
    expect(res.status).toBe(403);
    expect(((await res.json()) as Problem).code).toBe('token.session_required');
  });

  it('when the token grants only reading, then 403 token.action_not_granted', async () => {
    const readOnly = await t.session(await t.issueLink({ subject: A, actions: ['work-order:read'] }));
    const res = await upload(PNG, { token: readOnly });
    expect(res.status).toBe(403);
    expect(((await res.json()) as Problem).code).toBe('token.action_not_granted');
  });

  it('when the Idempotency-Key is missing, then 400 and nothing is stored', async () => {
    const before = await storedCount();
    const res = await upload(PNG, { key: null });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).code).toBe('idempotency.key_required');
    expect(await storedCount()).toBe(before);
  });

  it('when an upload is retried with the same key, then the first answer is replayed and one file exists; other bytes under the key are 422', async () => {
    const key = idempotencyKey();
    const first = await upload(padded(JPEG, 5000), { key });
    expect(first.status).toBe(201);
    const second = await upload(padded(JPEG, 5000), { key });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const [a, b] = [(await first.json()) as Attachment, (await second.json()) as Attachment];
    expect(b).toEqual(a);
    expect(await t.db('attachments').where({ sha256: a.sha256 }).count()).toEqual([{ count: '1' }]);
    expect(
      await t.db('events').where({ type: 'attachment.uploaded' }).whereRaw("data->>'id' = ?", [a.id]).count(),
    ).toEqual([{ count: '1' }]);
    const other = await upload(padded(JPEG, 5001), { key });
    expect(other.status).toBe(422);
    expect(((await other.json()) as Problem).code).toBe('idempotency.key_reused');
  });

  it('when X-Filename holds a path, control and bidi characters or is very long, then the stored name is cleaned', async () => {
    const cases: [string, string][] = [
      ['../../etc/passwd.jpg', 'passwd.jpg'],
      ['C:\\Users\\jan\\Desktop\\zdjęcie łożyska.jpg', 'zdjęcie łożyska.jpg'],
      ['evil\u202Egpj.exe', 'evilgpj.exe.jpg'],
      ['a\u0000b\r\nc.jpg', 'abc.jpg'],
      ['.hidden.jpg', 'hidden.jpg'],
      ['', 'attachment.jpg'],
      [`${'x'.repeat(300)}.jpeg`, `${'x'.repeat(195)}.jpeg`],
    ];
    for (const [sent, stored] of cases) {
      const res = await upload(JPEG, { filename: sent });
      expect(res.status, sent).toBe(201);
      expect(((await res.json()) as Attachment).filename, JSON.stringify(sent)).toBe(stored);
    }
    const bad = await upload(JPEG, { headers: { 'x-filename': '%E0%A4%A' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).code).toBe('attachment.filename_invalid');
  });

  it('when a page on another origin prepares an upload, then the preflight allows X-Filename', async () => {
    const res = await t.fetch(`${t.url}${PORTAL_BASE}/attachments`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://intranet.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-filename',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toContain('X-Filename');
  });
});

describe('GET /api/portal/v1/attachments/:id', () => {
  let photo: Attachment;
  beforeAll(async () => {
    photo = (await (await upload(JPEG, { filename: 'Łożysko 6204 – zdjęcie.jpg' })).json()) as Attachment;
  });

  it('when the owner downloads (session or link token), then the bytes come as a sandboxed, uncached download', async () => {
    for (const token of [sessionA, linkA.token]) {
      const res = await download(photo.id, token);
      expect(res.status).toBe(200);
      expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), JPEG)).toBe(0);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="Lozysko 6204 _ zdjecie.jpg"; filename*=UTF-8''${encodeURIComponent('Łożysko 6204 – zdjęcie.jpg')}`,
      );
      expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('etag')).toBe(`"${photo.sha256}"`);
    }
  });

  it("when another subject's token asks for it, then 403 and no bytes", async () => {
    const res = await download(photo.id, sessionB);
    expect(res.status).toBe(403);
    expect(((await res.json()) as Problem).code).toBe('token.subject_mismatch');
  });

  it('when the id is unknown or not a uuid, then 404 / 400', async () => {
    expect((await download('00000000-0000-4000-8000-000000000000', sessionA)).status).toBe(404);
    expect((await download('not-a-uuid', sessionA)).status).toBe(400);
  });

  it("when the subject's files are listed, then only its own come, metadata only", async () => {
    const res = await t.fetch(`${t.url}${PORTAL_BASE}/attachments`, {
      headers: { authorization: `Bearer ${sessionB}` },
    });
    expect(res.status).toBe(200);
    const { attachments } = (await res.json()) as AttachmentList;
    expect(attachments).toEqual([]);
    const own = (await (
      await t.fetch(`${t.url}${PORTAL_BASE}/attachments`, { headers: { authorization: `Bearer ${sessionA}` } })
    ).json()) as AttachmentList;
    expect(own.attachments.map((a) => a.id)).toContain(photo.id);
    expect(Object.keys(own.attachments[0]!).sort()).toEqual([
      'contentType',
      'createdAt',
      'filename',
      'id',
      'sha256',
      'size',
    ]);
  });
});

describe('integration API', () => {
  it('when the main system shares a file for an existing subject, then 201, no event, and the subject’s token can download it', async () => {
    const res = await integrationUpload(PDF, `subjectType=work-order&subjectRef=${A.ref}`, 'Raport serwisowy.pdf');
    expect(res.status).toBe(201);
    const shared = (await res.json()) as Attachment;
    expect(shared).toMatchObject({ contentType: 'application/pdf', filename: 'Raport serwisowy.pdf' });
    expect(await t.db('events').whereRaw("data->>'id' = ?", [shared.id]).first()).toBeUndefined();
    expect((await download(shared.id, sessionA)).status).toBe(200);
    expect((await download(shared.id, sessionB)).status).toBe(403);

    const list = await t.integration('GET', `/attachments?subjectType=work-order&subjectRef=${A.ref}`);
    expect(((await list.json()) as AttachmentList).attachments.map((a) => a.id)).toContain(shared.id);
  });

  it('when the subject was never shared, then 422 subject.not_found; a bad subject type is 400', async () => {
    const res = await integrationUpload(PDF, 'subjectType=work-order&subjectRef=NOPE');
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).code).toBe('subject.not_found');
    expect((await integrationUpload(PDF, 'subjectType=planet&subjectRef=X')).status).toBe(400);
  });

  it('when the main system downloads any portal upload, then it gets the bytes; the upload event carries its id', async () => {
    const uploaded = (await (await upload(PNG, { filename: 'dowód.png' })).json()) as Attachment;
    const res = await t.fetch(`${t.url}${INTEGRATION_BASE}/attachments/${uploaded.id}`, {
      headers: { authorization: `Bearer ${t.integrationKey}` },
    });
    expect(res.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), PNG)).toBe(0);
    const { events } = await t.feedUntil((all) =>
      all.some((e) => e.type === 'attachment.uploaded' && e.data.id === uploaded.id),
    );
    const seen = events.filter((e) => e.type === 'attachment.uploaded').map((e) => String(e.data.id));
    expect(seen).toContain(uploaded.id);
  });

  it('when a file is over 15 MB, then 413 here too', async () => {
    const res = await integrationUpload(
      padded(PDF, ATTACHMENT_MAX_BYTES + 1),
      `subjectType=work-order&subjectRef=${A.ref}`,
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as Problem).code).toBe('attachment.too_large');
  });
});

describe('claimAttachments / attachmentsOf', () => {
  it("when a submit references its own files, they come back in order; another subject's or an unknown id is a field-pointed 422", async () => {
    const own1 = (await (await upload(PNG)).json()) as Attachment;
    const own2 = (await (await upload(PDF, { filename: 'wz.pdf' })).json()) as Attachment;
    const other = (await (await upload(PNG, { token: sessionB })).json()) as Attachment;

    const claimed = await t.db.transaction((trx) => claimAttachments(trx, A, [own2.id, own1.id]));
    expect(claimed).toEqual([own2, own1]);
    expect(await t.db.transaction((trx) => claimAttachments(trx, A, []))).toEqual([]);

    const error = await t.db
      .transaction((trx) =>
        claimAttachments(trx, A, [own1.id, other.id, '00000000-0000-4000-8000-000000000000', 'junk']),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      status: 422,
      code: 'attachment.not_found',
      errors: [
        { pointer: '/attachments/1', message: expect.any(String) },
        { pointer: '/attachments/2', message: expect.any(String) },
        { pointer: '/attachments/3', message: expect.any(String) },
      ],
    });
    expect(await attachmentsOf(t.db, A, [other.id, own1.id])).toEqual([own1]);
  });
});

describe('who may add and see files', () => {
  it("when two people use two intake links of one customer, then neither sees, downloads or attaches the other's photo", async () => {
    const customer = {
      name: 'Browar Śląski S.A.',
      sites: [
        { ref: 'S1', name: 'Browar Tychy' },
        { ref: 'S2', name: 'Magazyn Bieruń' },
      ],
      assets: [],
      categories: [
        { key: 'other', name: 'Inne', fields: ['description', 'urgency', 'attachments'], required: ['description'] },
      ],
      urgencies: ['normal'],
    };
    expect((await t.integration('PUT', '/customers/CUST-ATT', customer)).status).toBeLessThan(300);
    const intake = async (siteRef: string) =>
      t.session(
        await t.issueLink({
          subject: { type: 'customer', ref: 'CUST-ATT' },
          actions: ['request:create', 'request:read'],
          constraints: { siteRef },
        }),
      );
    const [s1, s2] = [await intake('S1'), await intake('S2')];
    const mine = (await (await upload(JPEG, { token: s1, filename: 'hala-1.jpg' })).json()) as Attachment;

    const listed = (await (await t.portal('GET', '/attachments', s2)).json()) as AttachmentList;
    expect(listed.attachments.map((a: Attachment) => a.id)).not.toContain(mine.id);
    expect((await t.portal('GET', `/attachments/${mine.id}`, s2)).status).toBe(404);
    const reuse = await t.portal(
      'POST',
      '/customers/CUST-ATT/service-requests',
      s2,
      {
        category: 'other',
        title: 'x',
        description: 'x',
        urgency: 'normal',
        contact: { name: 'Jan' },
        attachments: [mine.id],
      },
      { 'idempotency-key': idempotencyKey() },
    );
    expect(reuse.status).toBe(422);
    expect(((await reuse.json()) as Problem).code).toBe('attachment.not_found');

    expect((await t.portal('GET', `/attachments/${mine.id}`, s1)).status).toBe(200);
    const own = await t.portal(
      'POST',
      '/customers/CUST-ATT/service-requests',
      s1,
      {
        category: 'other',
        title: 'x',
        description: 'x',
        urgency: 'normal',
        contact: { name: 'Jan' },
        attachments: [mine.id],
      },
      { 'idempotency-key': idempotencyKey() },
    );
    expect(own.status).toBe(201);
  });

  it('when the work order was cancelled, then its link can no longer add files either', async () => {
    await shareWorkOrder('WO-ATT-C');
    const session = await t.session(
      await t.issueLink({
        subject: { type: 'work-order', ref: 'WO-ATT-C' },
        actions: ['work-order:read', 'work-order:log-work'],
      }),
    );
    expect((await upload(PNG, { token: session })).status).toBe(201);
    expect(
      (await t.integration('POST', '/work-orders/WO-ATT-C/status-changes', { status: 'cancelled' })).status,
    ).toBeLessThan(300);
    const refused = await upload(PNG, { token: session });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as Problem).code).toBe('work-order.cancelled');
  });

  it('when a job link (whose decisions take no files) uploads, then 403 attachment.not_accepted and nothing is stored', async () => {
    await t.putJob('JOB-ATT-N');
    const session = await t.session(
      await t.issueLink({ subject: { type: 'job', ref: 'JOB-ATT-N' }, actions: ['job:read', 'job:approve'] }),
    );
    const res = await upload(PDF, { token: session });
    expect(res.status).toBe(403);
    expect(((await res.json()) as Problem).code).toBe('attachment.not_accepted');
    expect(await t.db('attachments').where({ subjectRef: 'JOB-ATT-N' })).toEqual([]);
  });
});
