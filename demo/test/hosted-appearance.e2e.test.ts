import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { INTEGRATION_BASE } from '../../server/src/app.js';
import { PNG } from '../../server/test/fixtures/files.js';
import { startTestApp, type TestApp } from '../../server/test/helpers/test-app.js';
import { launchChromium } from './browser.js';
import { axeViolations, overflowsSideways, watchCsp } from './hosted.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchChromium();
  await t.putJob('JOB-BRAND', { title: 'Przegląd roczny sprężarek', number: 'ZL/2026/0107' });
  await t.integration('PUT', '/appearance', {
    companyName: 'Serwis Chłodniczy Sp. z o.o.',
    primaryColor: '#0b6e4f',
    support: { email: 'pomoc@serwis.example', phone: '+48 32 100 20 30', url: 'https://serwis.example/pomoc' },
  });
  const logo = await t.fetch(`${t.url}${INTEGRATION_BASE}/appearance/logo`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${t.integrationKey}`, 'content-type': 'image/png' },
    body: PNG,
  });
  expect(logo.status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the branded hosted page', () => {
  it('when a link is opened, then the page shows the company header and logo, an <h1> with the record number, the support contact, the brand colour — under its strict CSP', async () => {
    const link = await t.issueLink({
      subject: { type: 'job', ref: 'JOB-BRAND' },
      actions: ['job:read'],
      recipient: { email: 'utrzymanie@browar.example', locale: 'en' },
    });
    const page = await browser.newPage({ viewport: { width: 320, height: 740 } });
    const violations = await watchCsp(page);
    await page.goto(link.url);
    await page.locator('amage-portal').getByText('Przegląd roczny sprężarek').waitFor();

    await expect(page.locator('header .brand__name').textContent()).resolves.toBe('Serwis Chłodniczy Sp. z o.o.');
    const logo = page.locator('header img');
    await expect(logo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).resolves.toBeGreaterThan(0);
    await expect(logo.getAttribute('src')).resolves.toMatch(/^\/portal\/brand\/logo-[0-9a-f]{16}\.png$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Job ZL/2026/0107');
    await expect(page.locator('footer a[href="mailto:pomoc@serwis.example"]').count()).resolves.toBe(1);
    await expect(page.locator('footer a[href="tel:+48321002030"]').count()).resolves.toBe(1);
    const primary = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--amage-color-primary').trim(),
    );
    expect(primary).toBe('#0b6e4f');
    expect(await violations()).toEqual([]);
    expect(await overflowsSideways(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('in every state (the one-time gate, a dead end, an unknown link, no link), the page has its <h1> and axe finds nothing', async () => {
    const oneTime = await t.issueLink({
      subject: { type: 'job', ref: 'JOB-BRAND' },
      actions: ['job:read'],
      maxUses: 1,
    });
    const usedUp = await t.issueLink({ subject: { type: 'job', ref: 'JOB-BRAND' }, actions: ['job:read'], maxUses: 1 });
    expect(
      (await t.portal('POST', '/sessions', usedUp.token, undefined, { 'idempotency-key': 'e2e-used-up-1' })).status,
    ).toBe(201);
    const states = [
      { name: 'gate', url: oneTime.url, ready: 'Keep this tab open', heading: 'Job ZL/2026/0107' },
      { name: 'used up', url: usedUp.url, ready: 'already been used', heading: 'Job ZL/2026/0107' },
      { name: 'unknown', url: `${t.url}/portal#token=amg_${'x'.repeat(43)}`, ready: 'not valid', heading: 'Your link' },
      { name: 'no link', url: `${t.url}/portal`, ready: 'No access link', heading: 'Your link' },
    ];
    for (const state of states) {
      const page = await browser.newPage({ viewport: { width: 320, height: 740 }, locale: 'en-US' });
      const violations = await watchCsp(page);
      await page.goto(state.url);
      await page.locator('amage-portal').getByText(state.ready).first().waitFor();
      await expect(page.getByRole('heading', { level: 1 }).textContent(), state.name).resolves.toContain(state.heading);
      expect(await axeViolations(page), state.name).toEqual([]);
      expect(await violations(), state.name).toEqual([]);
      expect(await overflowsSideways(page), state.name).toBe(false);
      await page.close();
    }
  });

  it('when a used-up link is opened, then the dead end names the record and the support contact', async () => {
    const link = await t.issueLink({
      subject: { type: 'job', ref: 'JOB-BRAND' },
      actions: ['job:read'],
      maxUses: 1,
      recipient: { email: 'utrzymanie@browar.example', locale: 'en' },
    });
    await t.portal('POST', '/sessions', link.token, undefined, { 'idempotency-key': 'e2e-used-up-2' });
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(link.url);
    const portal = page.locator('amage-portal');
    await expect(portal.locator('[part~="dead-end-subject"]').textContent()).resolves.toContain('Job ZL/2026/0107');
    await expect(
      portal.locator('[part~="dead-end-contact"] a[href="mailto:pomoc@serwis.example"]').count(),
    ).resolves.toBe(1);
    await expect(portal.getByRole('button', { name: 'Send me a new link' }).count()).resolves.toBe(1);
    await page.close();
  });
});
