import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomer } from '../../server/src/modules/customer/customer.demo.js';
import { JPEG } from '../../server/test/fixtures/files.js';
import { startTestApp, type TestApp } from '../../server/test/helpers/test-app.js';
import { launchChromium } from './browser.js';

/** The policy docs/kit.md tells host pages to allow: nothing inline, the API origin for everything else. */
const hostPolicy = (api: string) =>
  [
    "default-src 'self'",
    `script-src ${api}`,
    `connect-src ${api}`,
    `style-src ${api}`,
    `img-src ${api} blob: data:`,
    "require-trusted-types-for 'script'",
  ].join('; ');

let t: TestApp;
let browser: Browser;
let host: { origin: string; server: Server };

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchChromium();
  // A host page holding one element, served with the strict policy (/strict/…) or with none (/open/…).
  const site = express();
  site.get('/:mode/:tag', (req, res) => {
    if (req.params.mode === 'strict') res.set('Content-Security-Policy', hostPolicy(t.url));
    const attributes = req.params.tag === 'amage-service-request' ? ' category="fault"' : '';
    res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host</title>
<script type="module" src="${t.url}/widgets/amage-portals.js"></script>
</head><body><${req.params.tag}${attributes}></${req.params.tag}></body></html>`);
  });
  const server: Server = await new Promise((resolve) => {
    const s = site.listen(0, '127.0.0.1', () => resolve(s));
  });
  host = { origin: `http://localhost:${(server.address() as AddressInfo).port}`, server };
});
afterAll(async () => {
  await browser?.close();
  if (host) await new Promise((resolve) => host.server.close(resolve));
  await t?.close();
});

/** Opens the page and collects every CSP violation (they bubble out of shadow roots: composed). */
async function open(path: string): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`),
    );
  });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Trusted Type/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(`${host.origin}${path}`);
  return { page, violations };
}

const violationsOf = async (page: Page, console: string[]) => [
  ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)),
  ...console,
];

describe('widgets on a host page with a strict CSP', () => {
  it('when the progress bar renders under the policy, then it looks exactly as without it, and nothing is blocked', async () => {
    await t.putJob('JOB-CSP', { title: 'Przegląd roczny', status: 'in-progress', percentComplete: 40 });
    const link = await t.issueLink({
      subject: { type: 'job', ref: 'JOB-CSP' },
      actions: ['job:read'],
      allowedOrigins: [host.origin],
    });

    const shots: Buffer[] = [];
    for (const mode of ['open', 'strict']) {
      const { page, violations } = await open(`/${mode}/amage-work-progress#token=${link.token}`);
      const widget = page.locator('amage-work-progress');
      await widget.getByText('Przegląd roczny').waitFor();
      const track = await widget.locator('[part="track"]').boundingBox();
      const indicator = await widget.locator('[part="indicator"]').boundingBox();
      expect(indicator!.width / track!.width, mode).toBeCloseTo(0.4, 2);
      shots.push(await widget.locator('[part="progress"]').screenshot({ animations: 'disabled' }));
      expect(await violationsOf(page, violations), mode).toEqual([]);
      await page.close();
    }
    expect(shots[1]!.equals(shots[0]!)).toBe(true);
  });

  it('when a customer fills the request form and picks a photo under the policy, then its preview shows and nothing is blocked', async () => {
    expect((await t.integration('PUT', '/customers/CUST-CSP', demoCustomer())).status).toBe(201);
    const link = await t.issueLink({
      subject: { type: 'customer', ref: 'CUST-CSP' },
      actions: ['request:create', 'request:read'],
      allowedOrigins: [host.origin],
    });
    const { page, violations } = await open(`/strict/amage-service-request#token=${link.token}`);
    const form = page.locator('amage-service-request');
    await form.getByLabel('Short summary', { exact: true }).waitFor();
    await form
      .locator('amage-file-picker input[type="file"]')
      .setInputFiles({ name: 'awaria.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await form.locator('amage-file-picker').getByText('awaria.jpg').waitFor();
    const preview = form.locator('amage-file-picker [part~="preview"]');
    await preview.waitFor();
    await expect(preview.evaluate((img) => (img as HTMLImageElement).complete)).resolves.toBe(true);
    expect(await violationsOf(page, violations)).toEqual([]);
    await page.close();
  });
});
