import { describe, expect, it } from 'vitest';
import { ApiError, attachments, createClient, dispositionFilename } from '../src/index.js';

const BASE = 'https://portal.example/api/portal/v1';
const SESSION = `amgs_${'s'.repeat(43)}`;
const attachment = {
  id: '5b0c7c1e-2b7e-4d8e-9a51-0d6f1f0c2a11',
  filename: 'zdjęcie.jpg',
  contentType: 'image/jpeg',
  size: 3,
  sha256: 'a'.repeat(64),
  createdAt: '2026-12-01T08:00:00.000Z',
};

function stub(handler: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request.clone());
    return handler(request);
  }) as typeof globalThis.fetch;
  return { api: createClient({ baseUrl: BASE, getToken: () => SESSION, fetch }), requests };
}

describe('attachments', () => {
  it('upload sends the file as the raw body with its type, encoded name, token and an Idempotency-Key, and reports start and end', async () => {
    const { api, requests } = stub(
      () => new Response(JSON.stringify(attachment), { status: 201, headers: { 'content-type': 'application/json' } }),
    );
    const progress: number[] = [];
    const file = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });
    const result = await attachments.upload(api, file, 'zdjęcie łożyska.jpg', {
      onProgress: (p) => progress.push(p.loaded / p.total),
    });
    expect(result).toEqual(attachment);
    const [request] = requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe(`${BASE}/attachments`);
    expect(request!.headers.get('content-type')).toBe('image/jpeg');
    expect(request!.headers.get('x-filename')).toBe(encodeURIComponent('zdjęcie łożyska.jpg'));
    expect(request!.headers.get('authorization')).toBe(`Bearer ${SESSION}`);
    expect(request!.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Uint8Array(await request!.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff]));
    expect(progress).toEqual([0, 1]);
  });

  it('upload of a file without a type sends application/octet-stream and keeps a given Idempotency-Key', async () => {
    const { api, requests } = stub(
      () => new Response(JSON.stringify(attachment), { status: 201, headers: { 'content-type': 'application/json' } }),
    );
    await attachments.upload(api, new Blob([new Uint8Array([1])]), 'IMG_0001.HEIC', { idempotencyKey: 'key-12345678' });
    expect(requests[0]!.headers.get('content-type')).toBe('application/octet-stream');
    expect(requests[0]!.headers.get('idempotency-key')).toBe('key-12345678');
  });

  it('upload refused by the server throws ApiError with its code', async () => {
    const { api } = stub(
      () =>
        new Response(
          JSON.stringify({ type: 'x', title: 'Unsupported', status: 415, code: 'attachment.type_not_allowed' }),
          { status: 415, headers: { 'content-type': 'application/problem+json' } },
        ),
    );
    const error = await attachments.upload(api, new Blob(['x']), 'a.pdf').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 415, code: 'attachment.type_not_allowed' });
  });

  it('download returns the bytes and the name from Content-Disposition', async () => {
    const { api, requests } = stub(
      () =>
        new Response(new Uint8Array([1, 2, 3]), {
          status: 200,
          headers: {
            'content-type': 'image/jpeg',
            'content-disposition': `attachment; filename="zdj_cie.jpg"; filename*=UTF-8''${encodeURIComponent('zdjęcie.jpg')}`,
          },
        }),
    );
    const file = await attachments.download(api, attachment.id);
    expect(requests[0]!.url).toBe(`${BASE}/attachments/${attachment.id}`);
    expect(file.filename).toBe('zdjęcie.jpg');
    expect(file.blob.size).toBe(3);
  });

  it('dispositionFilename falls back to the quoted name', () => {
    expect(dispositionFilename('attachment; filename="a.pdf"')).toBe('a.pdf');
    expect(dispositionFilename(null)).toBeUndefined();
  });
});
