import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// The kit as `npm run build` left it (npm test builds first).
const CDN = new URL('../../../widgets/cdn/', import.meta.url);
const kit = JSON.parse(readFileSync(new URL('integrity.json', CDN), 'utf8')) as {
  version: string;
  entries: Record<string, { module: string; imports: string[] }>;
  files: Record<string, string>;
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as sent, before any decoding. */
  body: Buffer;
  /** The body decoded according to Content-Encoding. */
  decoded: Buffer;
}

/** GET without fetch's automatic decompression, so the encoding on the wire is what the test sees. */
function raw(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    get(`${t.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const decoded = encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, decoded });
      });
    }).on('error', reject);
  });
}

const sha384 = (content: Buffer) => `sha384-${createHash('sha384').update(content).digest('base64')}`;
const onDisk = (file: string) => readFileSync(new URL(file, CDN));

describe('the widget kit at /widgets', () => {
  it('when the loader is asked for with brotli, then it comes brotli-encoded, revalidated by ETag, from any origin', async () => {
    const res = await raw('/widgets/amage-portals.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(res.headers['cache-control']).toBe('public, no-cache');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers.etag).toBeTruthy();
    expect(res.decoded.equals(onDisk('amage-portals.js'))).toBe(true);
    expect(res.body.length).toBeLessThan(res.decoded.length);

    const again = await raw('/widgets/amage-portals.js', {
      'Accept-Encoding': 'gzip, deflate, br',
      'If-None-Match': String(res.headers.etag),
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('when a client takes only gzip, or no encoding at all, then it gets that, and Vary says why', async () => {
    const gzip = await raw('/widgets/amage-portals.js', { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.decoded.equals(onDisk('amage-portals.js'))).toBe(true);

    const plain = await raw('/widgets/amage-portals.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.body.equals(onDisk('amage-portals.js'))).toBe(true);
    // Each representation has its own validator, so a cache never answers one with the other.
    expect(plain.headers.etag).not.toBe(gzip.headers.etag);
  });

  it('when a content-hashed file is fetched, then it is cached for a year as immutable', async () => {
    const module = kit.entries['amage-work-progress.js']!.module;
    expect(module).toMatch(/^assets\/amage-work-progress-[A-Za-z0-9_-]+\.js$/);
    const res = await raw(`/widgets/${module}`, { 'Accept-Encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);

    const stub = await raw('/widgets/amage-work-progress.js');
    expect(stub.headers['cache-control']).toBe('public, no-cache');
    expect(stub.body.toString()).toContain(`./${module}`);
  });

  it('when the integrity manifest is fetched, then every file it lists is served with exactly that sha384', async () => {
    const res = await raw('/widgets/integrity.json', { 'Accept-Encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, no-cache');
    const served = JSON.parse(res.decoded.toString()) as typeof kit;
    expect(served.version).toMatch(/^\d+\.\d+\.\d+/);
    const files = Object.entries(served.files);
    expect(files.length).toBeGreaterThan(10);
    for (const [file, integrity] of files) {
      const got = await raw(`/widgets/${file}`, { 'Accept-Encoding': 'gzip' });
      expect(got.status, file).toBe(200);
      expect(sha384(got.decoded), file).toBe(integrity);
    }
    // The pinned loader is the same code as the entry point, reaching the same modules.
    const pinned = served.entries['amage-portals.js']!.module;
    expect(pinned).toMatch(/^assets\/amage-portals-[A-Za-z0-9_-]+\.js$/);
    expect(onDisk(pinned).toString()).toBe(onDisk('amage-portals.js').toString().replaceAll('./assets/', './'));
  });

  it('when a file outside the kit is asked for, then 404 problem+json', async () => {
    const res = await fetch(`${t.url}/widgets/assets/nothing-here.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describe('the hosted page at /portal', () => {
  it('when opened, then it is precompressed, revalidated by ETag, and names every script it runs in its CSP', async () => {
    const br = await raw('/portal', { 'Accept-Encoding': 'br, gzip' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.headers['cache-control']).toBe('no-cache');
    expect(br.headers['content-type']).toMatch(/^text\/html/);
    const html = br.decoded.toString();

    const gzip = await raw('/portal', { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.decoded.toString()).toBe(html);
    const plain = await raw('/portal');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(html);

    const again = await raw('/portal', { 'If-None-Match': String(br.headers.etag) });
    expect(again.status).toBe(304);

    const csp = String(br.headers['content-security-policy']);
    for (const [, script] of html.matchAll(/<script(?: type="importmap")?>([\s\S]*?)<\/script>/g)) {
      expect(csp).toContain(`'sha256-${createHash('sha256').update(script!).digest('base64')}'`);
    }
  });

  it('when opened, then it loads <amage-portal> directly and pins every module it may load to its hash', async () => {
    const html = (await raw('/portal')).body.toString();
    const portal = kit.entries['amage-portal.js']!;
    expect(html).toContain(
      `<script type="module" src="/widgets/${portal.module}" integrity="${kit.files[portal.module]}">`,
    );
    for (const file of portal.imports) {
      expect(html).toContain(`<link rel="modulepreload" href="/widgets/${file}" integrity="${kit.files[file]}">`);
    }
    // The widget the link grants is imported later: the import map's integrity section covers it.
    const importMap = JSON.parse(/<script type="importmap">(.*?)<\/script>/.exec(html)![1]!) as {
      integrity: Record<string, string>;
    };
    const widget = kit.entries['amage-delivery-form.js']!.module;
    expect(importMap.integrity[`/widgets/${widget}`]).toBe(kit.files[widget]);
    expect(html).not.toContain('amage-portals.js');
  });
});
