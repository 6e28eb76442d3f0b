import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../server/test/helpers/test-app.js';
import { launchChromium } from './browser.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('a one-time link reopened', () => {
  it('when the tab closes and the link is opened again in the same browser, then it continues; a fresh browser gets "already used"', async () => {
    await t.putJob('JOB-ONCE', { title: 'Wymiana zaworu', number: 'ZL/2026/0311' });
    const link = await t.issueLink({
      subject: { type: 'job', ref: 'JOB-ONCE' },
      actions: ['job:read'],
      maxUses: 1,
      recipient: { email: 'technik@elektromont.example', locale: 'en' },
    });

    const device = await browser.newContext();
    const first = await device.newPage();
    await first.goto(link.url);
    const portal = first.locator('amage-portal');
    // The gate says before the use is spent that the tab must stay open and only this device continues.
    await portal.getByText('Keep this tab open').waitFor();
    await expect(portal.getByText('on this device').count()).resolves.toBe(1);
    await portal.getByRole('button', { name: 'Open' }).click();
    await portal.getByText('Wymiana zaworu').waitFor();
    await first.close(); // the tab closed

    const reopened = await device.newPage();
    await reopened.goto(link.url);
    await reopened.locator('amage-portal').getByText('Wymiana zaworu').waitFor();
    await expect(reopened.locator('amage-portal').getByRole('button', { name: 'Open' }).count()).resolves.toBe(0);
    // No token in what the page kept: only the session (sessionStorage) and the secret under a fingerprint.
    const stored = await reopened.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toContain(link.token);
    await reopened.close();
    await device.close();

    const other = await browser.newContext();
    const elsewhere = await other.newPage();
    await elsewhere.goto(link.url);
    await elsewhere.locator('amage-portal').getByText('already been used').waitFor();
    await expect(elsewhere.locator('amage-portal').getByText('Wymiana zaworu').count()).resolves.toBe(0);
    await other.close();

    const uses = (await t.db('links').where({ id: link.id }).first()).uses;
    expect(uses).toBe(1);
    await t.feedUntil((events) => events.some((e) => e.type === 'session.continued' && e.linkId === link.id));
  });
});
