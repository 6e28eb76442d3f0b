import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../server/test/helpers/test-app.js';
import { launchChromium, recordRequests, startDemoSite } from './browser.js';

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

describe('customer follows a job from a link', () => {
  it('when the main system shares a job and issues a link, then a page on another origin embedding <amage-work-progress> shows it', async () => {
    // The main system shares the job and issues a link that may be embedded on the client's site.
    await t.putJob('JOB-2026-0107', { title: 'Przegląd roczny sprężarek', status: 'in-progress', percentComplete: 40 });
    const link = await t.issueLink({
      subject: { type: 'job', ref: 'JOB-2026-0107' },
      actions: ['job:read'],
      allowedOrigins: [demo.origin],
      recipient: { email: 'utrzymanie@browar.example', locale: 'pl' },
    });

    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const requests = recordRequests(page);
    await page.goto(`${demo.origin}/work-progress.html#token=${link.token}`);

    const widget = page.locator('amage-work-progress');
    await widget.getByText('Przegląd roczny sprężarek').waitFor();
    await expect(widget.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('40');
    // The token left the address bar, and never travelled in a URL.
    expect(page.url()).toBe(`${demo.origin}/work-progress.html`);
    expect(requests.every((r) => !r.url().includes('amg'))).toBe(true);
    const apiCalls = requests.filter((r) => r.url().startsWith(`${t.url}/api/`));
    expect(apiCalls.map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual(
      expect.arrayContaining([
        'GET /api/portal/v1/session',
        'POST /api/portal/v1/sessions',
        'GET /api/portal/v1/jobs/JOB-2026-0107',
      ]),
    );

    // The main system sees that the link was opened.
    await t.feedUntil((events) => events.some((e) => e.type === 'session.started' && e.linkId === link.id));
    await page.close();
  });

  it('when the link is opened on the hosted page, then <amage-portal> shows the job; on a site the link does not allow, it refuses', async () => {
    await t.putJob('JOB-H', { title: 'Naprawa sprężarki', status: 'planned' });
    const link = await t.issueLink({ subject: { type: 'job', ref: 'JOB-H' }, actions: ['job:read'] });

    const hosted = await browser.newPage();
    await hosted.goto(link.url);
    await hosted.locator('amage-portal amage-work-progress').getByText('Naprawa sprężarki').waitFor();
    await hosted.close();

    const foreign = await browser.newPage();
    await foreign.goto(`${demo.origin}/work-progress.html#token=${link.token}`);
    await foreign.locator('amage-work-progress [role="alert"], amage-work-progress [role="status"]').first().waitFor();
    await expect(foreign.locator('amage-work-progress').getByText('Naprawa sprężarki').count()).resolves.toBe(0);
    await foreign.close();
  });
});
