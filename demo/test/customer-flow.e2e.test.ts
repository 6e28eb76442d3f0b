import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { EventOf, EventPage, PortalEvent, ServiceRequestView } from '@amage/contracts';
import { demoCustomer } from '../../server/src/modules/customer/customer.demo.js';
import { JPEG } from '../../server/test/fixtures/files.js';
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

async function feed(): Promise<PortalEvent[]> {
  return ((await (await t.integration('GET', '/events?limit=1000')).json()) as EventPage).events;
}

describe('customer portal, end to end', () => {
  it('a fault reported on a client website with a photo becomes a planned job the customer follows live and accepts with a signature', async () => {
    // The main system shares the customer and issues a long-lived intake link for its website.
    expect((await t.integration('PUT', '/customers/CUST-3', demoCustomer())).status).toBe(201);
    const intake = await t.issueLink({
      subject: { type: 'customer', ref: 'CUST-3' },
      actions: ['request:create', 'request:read'],
      allowedOrigins: [demo.origin],
    });

    // A worker scans the QR label on the compressor: the client's page opens with ?asset=QR-A100.
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
    const requests = recordRequests(page);
    await page.goto(`${demo.origin}/client-website.html?asset=QR-A100#token=${intake.token}`);
    const form = page.locator('amage-service-request');
    const request_ = form.getByRole('form', { name: 'Zgłoś awarię lub zamów serwis' });
    await request_.getByLabel('Krótki opis', { exact: true }).waitFor();
    await expect(request_.getByLabel('Rodzaj zgłoszenia', { exact: true }).count()).resolves.toBe(0); // the website offers only faults
    await expect(request_.getByLabel('Urządzenie', { exact: true }).inputValue()).resolves.toBe('A-100');
    await request_.getByLabel('Krótki opis', { exact: true }).fill('Sprężarka SK-2 stoi');
    await request_.getByLabel('Co się stało? Co widać?', { exact: true }).fill('Wyłącza się po minucie, błąd E17.');
    await request_.getByLabel('Pilność', { exact: true }).selectOption('high');
    await request_.getByLabel('Imię i nazwisko', { exact: true }).fill('Jan Kowalski');
    await request_.getByLabel('Telefon', { exact: true }).fill('+48 600 100 200');
    await form
      .locator('amage-file-picker input[type="file"]')
      .setInputFiles({ name: 'awaria.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await form.locator('amage-file-picker').getByText('awaria.jpg').waitFor();
    await request_.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
    const confirmation = form.locator('[part~="confirmation"]');
    await confirmation.waitFor();
    const number = /SR-\d{4}-\d{5}/.exec((await confirmation.textContent())!)![0];

    // The main system sees the request, with the photo, in its feed.
    const created = (await feed()).find((e) => e.type === 'service-request.created' && e.data.number === number)!;
    expect(created).toBeDefined();
    const request = created.data as unknown as ServiceRequestView;
    expect(request.asset?.ref).toBe('A-100');
    expect(request.attachments.map((a) => a.filename)).toEqual(['awaria.jpg']);

    // It plans a job for it and tells the requester.
    await t.putJob('JOB-E2E-1', {
      number: 'ZL/2026/0200',
      title: 'Naprawa sprężarki SK-2',
      status: 'planned',
      stages: [{ key: 'repair', name: 'Naprawa', state: 'pending' }],
      timeline: [],
    });
    const planned = await t.integration('PUT', `/service-requests/${request.id}`, {
      status: 'planned',
      jobRef: 'JOB-E2E-1',
      plannedStart: '2026-12-10T08:00:00Z',
      messages: [{ at: '2026-12-05T09:00:00Z', text: 'Technik przyjedzie 10.12 rano.' }],
    });
    expect(planned.status).toBe(200);

    // The requester's list shows it planned (the page is Polish).
    await form.getByRole('button', { name: 'Odśwież listę' }).click();
    await form
      .locator('[part~="request"]', { hasText: number })
      .locator('[part~="status"]', { hasText: 'Zaplanowane' })
      .waitFor();
    await expect(form.locator('[part~="request"]', { hasText: number }).textContent()).resolves.toContain(
      'Technik przyjedzie 10.12 rano.',
    );
    expect(requests.every((r) => !r.url().includes('amg_'))).toBe(true);
    await page.close();

    // The customer follows the job on the hosted page; progress arrives live.
    const jobLink = await t.issueLink({
      subject: { type: 'job', ref: 'JOB-E2E-1' },
      actions: ['job:read', 'job:approve'],
      recipient: { locale: 'en' },
    });
    const hosted = await browser.newPage();
    await hosted.goto(jobLink.url);
    const progress = hosted.locator('amage-portal amage-work-progress');
    await progress.getByText('Naprawa sprężarki SK-2').waitFor();
    await progress.locator('[part~="live"].live--stream').waitFor();
    await t.integration('POST', '/jobs/JOB-E2E-1/progress', { type: 'technician-on-site', text: 'Marek na miejscu.' });
    await progress.locator('[part~="event"]', { hasText: 'Marek na miejscu.' }).waitFor({ timeout: 10_000 });
    await t.integration('POST', '/jobs/JOB-E2E-1/progress', {
      type: 'status-changed',
      status: 'completed',
      text: 'Sprężarka działa.',
    });
    await progress.locator('canvas[part~="signature"]').waitFor({ timeout: 10_000 });

    // They accept the work with a signature drawn on screen.
    await progress
      .getByRole('form', { name: 'Your decision' })
      .getByLabel('Your name', { exact: true })
      .fill('Piotr Zieliński');
    const pad = progress.locator('canvas[part~="signature"]');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await hosted.mouse.move(box.x + 20, box.y + 20);
    await hosted.mouse.down();
    await hosted.mouse.move(box.x + 120, box.y + 60, { steps: 8 });
    await hosted.mouse.move(box.x + 220, box.y + 30, { steps: 8 });
    await hosted.mouse.up();
    await progress.getByRole('button', { name: 'Accept the work' }).click();
    await progress.getByText('Accepted by Piotr Zieliński').waitFor({ timeout: 10_000 });
    const approval = (await feed()).find(
      (e): e is EventOf<'job.decided'> => e.type === 'job.decided' && e.subject.ref === 'JOB-E2E-1',
    )!;
    expect(approval.data).toMatchObject({ decision: 'accept-work', name: 'Piotr Zieliński', signed: true });
    expect(String(approval.data.signature)).toMatch(/^data:image\/png;base64,/);
    await hosted.close();
  });
});
