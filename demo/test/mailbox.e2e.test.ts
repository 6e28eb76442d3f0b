import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { PutPurchaseOrderBody } from '@amage/contracts';
import { startMailCatcher, type MailCatcher } from '../../server/src/demo/mail-catcher.js';
import { startTestApp, type TestApp } from '../../server/test/helpers/test-app.js';
import { launchChromium, startDemoSite } from './browser.js';

let catcher: MailCatcher;
let t: TestApp;
let demo: Awaited<ReturnType<typeof startDemoSite>>;
let browser: Browser;

beforeAll(async () => {
  catcher = await startMailCatcher();
  t = await startTestApp({ mail: { smtpUrl: catcher.smtpUrl } });
  demo = await startDemoSite(t.url, catcher);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await t?.close();
  await catcher?.close();
});

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const purchaseOrder: PutPurchaseOrderBody = {
  number: 'PO/2026/0042',
  supplier: { ref: 'SUP-17', name: 'Hydro-Tech Sp. z o.o.', email: 'orders@hydrotech.example' },
  buyer: { name: 'Anna Kowalska', email: 'a.kowalska@plant.example' },
  currency: 'PLN',
  lines: [
    {
      lineNo: 1,
      itemCode: 'BRG-6204',
      description: 'Łożysko 6204-2RS',
      quantity: 100,
      unit: 'szt',
      requestedDate: day(21),
    },
  ],
};

describe('the demo mailbox', () => {
  it('when a link is e-mailed, then a newcomer reads the mail in the demo mailbox and its link opens the portal', async () => {
    await t.integration('PUT', '/purchase-orders/PO-2026-0042', purchaseOrder);
    await t.issueLink({
      subject: { type: 'purchase-order', ref: 'PO-2026-0042' },
      actions: ['order:read', 'order:confirm-dates', 'order:declare-delivery'],
      recipient: { email: 'orders@hydrotech.example', name: 'Jan Nowak', locale: 'pl' },
      delivery: 'email',
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    const subject = 'Zakład Gliwice: link do zamówienia PO/2026/0042';
    await expect
      .poll(
        async () => {
          await page.goto(`${demo.origin}/mailbox`);
          return page.getByRole('link', { name: subject }).count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    await page.getByRole('link', { name: subject }).click();
    await page.getByRole('heading', { name: subject }).waitFor();
    await page.getByText('orders@hydrotech.example').first().waitFor();

    const mail = page.frameLocator('iframe[title="The e-mail"]');
    await mail.getByText('Jan Nowak').first().waitFor();
    const [portal] = await Promise.all([
      context.waitForEvent('page'),
      mail.getByRole('link', { name: 'Otwórz zamówienie PO/2026/0042' }).click(),
    ]);
    // In the recipient's language (the link's locale goes before the browser's), named in the page's <h1>.
    await portal.getByRole('heading', { level: 1, name: 'Zamówienie PO/2026/0042' }).waitFor({ timeout: 20_000 });
    // The portal page took the token from the fragment and removed it from the address bar.
    expect(portal.url()).not.toContain('token=');
    await context.close();
  });
});
