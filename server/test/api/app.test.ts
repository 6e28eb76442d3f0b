import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/lib/logger.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('service endpoints', () => {
  it('when asked, then /healthz and /readyz answer ok', async () => {
    expect(await (await t.fetch(`${t.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await t.fetch(`${t.url}/readyz`)).json()).toEqual({ status: 'ok' });
  });

  it('when the OpenAPI document is fetched, then it lists every registered route of both APIs with its schemas', async () => {
    const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, any>>;
      components: { schemas: Record<string, any> };
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of t.registry.routes) {
      const path = (route.basePath + route.path).replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method], `${route.method} ${path}`).toBeDefined();
    }
    expect(doc.paths['/api/integration/v1/links'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateLinkBody',
    });
    expect(doc.components.schemas.CreateLinkBody.required).toEqual(['subject', 'actions']);
    expect(doc.paths['/api/portal/v1/jobs/{ref}'].get['x-amage-action']).toBe('job:read');
  });

  it('when an unknown route is called, then 404 problem+json', async () => {
    const res = await t.fetch(`${t.url}/api/portal/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('when the hosted page is opened, then it holds <amage-portal>, loads the kit, and forbids framing and referrers', async () => {
    const res = await t.fetch(`${t.url}/portal`);
    const html = await res.text();
    expect(html).toContain('<amage-portal hosted>');
    expect(html).toMatch(/\/widgets\/assets\/amage-portal-[^"]+\.js/);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(html).toContain('name="referrer" content="no-referrer"');
  });
});

describe('logs', () => {
  it('when a token-shaped string reaches any log field or message, then it is redacted', () => {
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write: (chunk, _e, done) => {
          lines.push(String(chunk));
          done();
        },
      }) as never,
    );
    const token = `amg_${'k'.repeat(43)}`;
    logger.info(
      { url: `/x?token=${token}`, nested: { deep: [token] }, err: new Error(`bad ${token}`) },
      `saw amgs_${'s'.repeat(43)}`,
    );
    logger.info({ req: { headers: { authorization: `Bearer ${token}` } } });
    const out = lines.join('');
    expect(out).not.toMatch(/amg[sk]?_[A-Za-z0-9_-]{20,}/);
    expect(out).toContain('amg_[redacted]');
  });
});
