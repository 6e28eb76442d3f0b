import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../server/test/helpers/test-app.js';
import { launchChromium } from './browser.js';
import { axeViolations } from './hosted.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchChromium();
  await t.putJob('JOB-LANG', { title: 'Przegląd roczny sprężarek', number: 'ZL/2026/0107' });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const heading = (page: import('playwright-core').Page) => page.getByRole('heading', { level: 1 });

describe('the hosted page’s language', () => {
  it("when the recipient's locale is Polish and the browser English, then the page speaks Polish; the switch changes it and is remembered", async () => {
    const link = await t.issueLink({
      subject: { type: 'job', ref: 'JOB-LANG' },
      actions: ['job:read'],
      recipient: { email: 'utrzymanie@browar.example', locale: 'pl' },
    });
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(link.url);
    await heading(page).getByText('Zlecenie ZL/2026/0107').waitFor();
    const select = page.locator('amage-portal').getByLabel('Język');
    await expect(select.locator('option').allTextContents()).resolves.toEqual([
      'Automatycznie',
      'Polski',
      'English',
      'Deutsch',
    ]);

    await select.selectOption('en');
    await heading(page).getByText('Job ZL/2026/0107').waitFor();
    await expect(page.locator('amage-portal amage-work-progress').getAttribute('lang')).resolves.toBe('en');
    expect(await axeViolations(page)).toEqual([]);

    await page.reload();
    await heading(page).getByText('Job ZL/2026/0107').waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

    await page.locator('amage-portal').getByLabel('Language').selectOption('de');
    await expect.poll(() => page.locator('amage-portal amage-work-progress').getAttribute('lang')).toBe('de');

    await page
      .locator('amage-portal')
      .getByLabel(/Language|Sprache/)
      .selectOption('');
    await heading(page).getByText('Zlecenie ZL/2026/0107').waitFor();
    await context.close();
  });

  it("when the link names no locale, then the browser's language applies", async () => {
    const link = await t.issueLink({ subject: { type: 'job', ref: 'JOB-LANG' }, actions: ['job:read'] });
    for (const [locale, text] of [
      ['pl-PL', 'Zlecenie ZL/2026/0107'],
      ['en-GB', 'Job ZL/2026/0107'],
    ] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(link.url);
      await heading(page).getByText(text).waitFor();
      await context.close();
    }
  });
});
