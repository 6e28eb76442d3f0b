import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../server/test/helpers/test-app.js';
import { launchChromium, startDemoSite } from './browser.js';

// The kit as built (`npm test` builds first): each entry point's hashed module, static imports and its
// texts per language.
const kit = JSON.parse(readFileSync(new URL('../../widgets/cdn/integrity.json', import.meta.url), 'utf8')) as {
  entries: Record<string, { module: string; imports: string[]; translations: Record<string, string> }>;
};
/** What a page showing `entry` in `lang` downloads: its code and its texts in that language only. */
const closure = (entry: string, lang: string) => [
  kit.entries[entry]!.module,
  ...kit.entries[entry]!.imports,
  kit.entries[entry]!.translations[lang]!,
];

let t: TestApp;
let demo: Awaited<ReturnType<typeof startDemoSite>>;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp();
  demo = await startDemoSite(t.url);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await t?.close();
});

/** The kit files a page fetched, relative to /widgets/. */
function kitRequests(page: Page): Set<string> {
  const files = new Set<string>();
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/widgets/')) files.add(path.slice('/widgets/'.length));
  });
  return files;
}

describe('the kit loads what the page shows, nothing more', () => {
  it('when a host page holds one element and the loader, then it downloads that element and what it imports', async () => {
    await t.putJob('JOB-LOAD-1', { title: 'Przegląd sprężarki', status: 'in-progress' });
    const link = await t.issueLink({
      subject: { type: 'job', ref: 'JOB-LOAD-1' },
      actions: ['job:read'],
      allowedOrigins: [demo.origin],
    });
    const page = await browser.newPage();
    const files = kitRequests(page);
    await page.goto(`${demo.origin}/work-progress.html#token=${link.token}`);
    await page.locator('amage-work-progress').getByText('Przegląd sprężarki').waitFor();
    expect([...files].sort()).toEqual(['amage-portals.js', ...closure('amage-work-progress.js', 'pl')].sort());
    await page.close();
  });

  it('when a link opens the hosted page, then it downloads <amage-portal> and the one widget the link grants', async () => {
    await t.putJob('JOB-LOAD-2', { title: 'Wymiana uszczelek', status: 'planned' });
    const link = await t.issueLink({ subject: { type: 'job', ref: 'JOB-LOAD-2' }, actions: ['job:read'] });
    const page = await browser.newPage();
    const files = kitRequests(page);
    await page.goto(link.url);
    await page.locator('amage-portal amage-work-progress').getByText('Wymiana uszczelek').waitFor();
    // The hosted page speaks the reader's language (headless Chromium: English).
    const expected = new Set([...closure('amage-portal.js', 'en'), ...closure('amage-work-progress.js', 'en')]);
    expect([...files].sort()).toEqual([...expected].sort());
    for (const other of ['amage-delivery-form.js', 'amage-work-order.js', 'amage-service-request.js']) {
      expect(files.has(kit.entries[other]!.module), other).toBe(false);
    }
    await page.close();
  });
});
