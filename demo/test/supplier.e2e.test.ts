import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import type {
  Attachment,
  DateConfirmation,
  Delivery,
  PortalEvent,
  PutComplaintBody,
  PutPurchaseOrderBody,
  StageResponse,
} from '@amage/contracts';
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

const DAY = 86_400_000;
/** A date `days` from today (UTC), as the API and `<input type="date">` take it. */
const day = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A tiny but real PDF: the server checks the content (magic bytes), not the name. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** design.md's PO-2026-0042, with requested dates in the future. */
const purchaseOrder = (): PutPurchaseOrderBody => ({
  number: 'PO/2026/0042',
  supplier: { ref: 'SUP-17', name: 'Hydro-Tech Sp. z o.o.', email: 'orders@hydrotech.example' },
  buyer: { name: 'Anna Kowalska', email: 'a.kowalska@plant.example' },
  currency: 'PLN',
  deliveryAddress: 'Zakład 2, ul. Przemysłowa 5, 44-100 Gliwice',
  lines: [
    {
      lineNo: 1,
      itemCode: 'BRG-6204',
      description: 'Łożysko 6204-2RS',
      quantity: 100,
      unit: 'szt',
      requestedDate: day(21),
    },
    {
      lineNo: 2,
      itemCode: 'SEAL-40',
      description: 'Uszczelniacz 40x62x8',
      quantity: 40,
      unit: 'szt',
      requestedDate: day(26),
    },
  ],
});

/** design.md's CMP-2026-0009, every stage due in the future. */
const complaint = (): PutComplaintBody => ({
  number: 'RK/2026/0009',
  supplier: { ref: 'SUP-17', name: 'Hydro-Tech Sp. z o.o.', email: 'quality@hydrotech.example' },
  purchaseOrderRef: 'PO-2026-0042',
  lineNo: 1,
  itemCode: 'BRG-6204',
  description: 'Łożyska z partii L-2291 głośno pracują po montażu.',
  defectQuantity: 12,
  unit: 'szt',
  stages: [
    { key: 'containment', dueAt: at(1) },
    { key: 'root-cause', dueAt: at(14) },
    { key: 'corrective-action', dueAt: at(28) },
    { key: 'preventive-action', dueAt: at(42) },
  ],
});

async function put(path: string, body: unknown) {
  const res = await t.integration('PUT', path, body);
  if (res.status >= 300) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
}

/** The token stays out of every URL: gone from the address bar, never in a request. */
function expectNoTokenInUrls(page: Page, requests: Request[], pageUrl: string) {
  expect(page.url()).toBe(pageUrl);
  expect(requests.filter((r) => r.url().includes('amg')).map((r) => r.url())).toEqual([]);
}

const ofSubject = (ref: string, type: string) => (e: PortalEvent) => e.subject.ref === ref && e.type === type;

describe('supplier answers a purchase order from a link embedded in their intranet', () => {
  it('when the supplier proposes a split and declares a partial delivery with a lot and a PDF, then the feed shows both, and the buyer’s acceptance shows in the widget', async () => {
    // The main system shares the order and issues a link the supplier's intranet may embed.
    await put('/purchase-orders/PO-2026-0042', purchaseOrder());
    const link = await t.issueLink({
      subject: { type: 'purchase-order', ref: 'PO-2026-0042' },
      actions: ['order:read', 'order:confirm-dates', 'order:declare-delivery'],
      recipient: { email: 'orders@hydrotech.example', name: 'Jan Nowak', locale: 'pl' },
      allowedOrigins: [demo.origin],
    });

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests = recordRequests(page);
    const pageUrl = `${demo.origin}/supplier-intranet.html`;
    await page.goto(`${pageUrl}#token=${link.token}`);
    const widget = page.locator('amage-delivery-form');
    await widget.getByRole('heading', { name: 'Zamówienie PO/2026/0042' }).waitFor();
    expectNoTokenInUrls(page, requests, pageUrl);

    // Line 1: 60 on the requested date, 40 two weeks later (capacity); line 2 left for later.
    const confirm = widget.getByRole('form', { name: 'Potwierdź terminy dostaw' });
    const line1 = confirm.getByRole('group', { name: /^Pozycja 1:/ });
    await line1.getByRole('radio', { name: 'Proponuję inne daty lub ilości' }).check();
    await line1.getByLabel('Ilość (1)', { exact: true }).fill('60');
    await line1.getByRole('button', { name: 'Dodaj termin' }).click();
    await line1.getByLabel('Ilość (2)', { exact: true }).fill('40');
    await line1.getByLabel('Data (2)', { exact: true }).fill(day(35));
    await line1.getByText('Razem 100 z 100 szt').waitFor();
    await line1.getByLabel('Powód', { exact: true }).selectOption('capacity');
    await confirm.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
    await confirm.getByRole('status').filter({ hasText: 'Twoja odpowiedź została wysłana do kupca.' }).waitFor();
    const row1 = widget.getByRole('row').filter({ hasText: 'BRG-6204' });
    await row1.getByText('Propozycja czeka na decyzję kupca').waitFor();

    // A partial delivery of line 1: 60 pieces of lot L-2301, with the delivery note as a PDF.
    const delivery = widget.getByRole('form', { name: 'Awizuj dostawę' });
    await delivery.getByLabel('Data wysyłki', { exact: true }).fill(day(1));
    await delivery.getByLabel('Przewidywana dostawa', { exact: true }).fill(day(3));
    await delivery.getByLabel('Numer WZ', { exact: true }).fill('WZ/2026/1187');
    await delivery.getByLabel('Przewoźnik', { exact: true }).fill('DHL Freight');
    const shipped1 = delivery.getByRole('group', { name: /^Pozycja 1:/ });
    await shipped1.getByLabel('Ilość wysłana (szt)', { exact: true }).fill('60');
    await shipped1.locator('summary', { hasText: 'Partie' }).click();
    await shipped1.getByRole('button', { name: 'Dodaj partię' }).click();
    await shipped1.getByLabel('Numer partii (1)', { exact: true }).fill('L-2301');
    await shipped1.getByLabel('Ilość (1)', { exact: true }).fill('60');

    const upload = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/portal/v1/attachments',
    );
    await delivery
      .getByLabel('Dokumenty (WZ, certyfikaty)', { exact: true })
      .setInputFiles({ name: 'WZ-2026-1187.pdf', mimeType: 'application/pdf', buffer: PDF });
    const uploaded = await upload;
    expect(uploaded.status()).toBe(201);
    const attachment = (await uploaded.json()) as Attachment;
    // Wait until the picker says the file is up (the form takes it only then).
    await delivery
      .getByRole('listitem')
      .filter({ hasText: 'WZ-2026-1187.pdf' })
      .getByText('Wysłano', { exact: true })
      .waitFor();

    await delivery.getByRole('button', { name: 'Awizuj dostawę' }).click();
    await delivery.getByRole('status').filter({ hasText: 'Dostawa została awizowana.' }).waitFor();
    const declared = widget.getByRole('listitem').filter({ hasText: 'WZ/2026/1187' });
    await declared.getByText('Awizowana', { exact: true }).waitFor();
    await declared.getByText('L-2301 × 60').waitFor();
    await declared.getByText(/WZ-2026-1187\.pdf/).waitFor();

    // The main system sees the proposal and the declaration, with the lot and the attachment.
    const { events } = await t.feedUntil(
      (es) =>
        es.some(ofSubject('PO-2026-0042', 'date-confirmation.submitted')) &&
        es.some(ofSubject('PO-2026-0042', 'delivery.declared')),
    );
    const confirmationEvent = events.find(ofSubject('PO-2026-0042', 'date-confirmation.submitted'))!;
    const deliveryEvent = events.find(ofSubject('PO-2026-0042', 'delivery.declared'))!;
    expect(confirmationEvent.linkId).toBe(link.id);
    expect(deliveryEvent.linkId).toBe(link.id);
    const confirmation = confirmationEvent.data as unknown as DateConfirmation;
    expect(confirmation.lines).toEqual([
      {
        lineNo: 1,
        action: 'propose',
        schedule: [
          { quantity: 60, date: day(21) },
          { quantity: 40, date: day(35) },
        ],
        reasonCode: 'capacity',
      },
    ]);
    const declaration = deliveryEvent.data as unknown as Delivery;
    expect(declaration).toMatchObject({
      deliveryNoteNumber: 'WZ/2026/1187',
      carrier: 'DHL Freight',
      dispatchDate: day(1),
      expectedArrival: day(3),
      status: 'declared',
    });
    expect(declaration.lines).toEqual([
      expect.objectContaining({ lineNo: 1, quantity: 60, lots: [{ number: 'L-2301', quantity: 60 }] }),
    ]);
    expect(declaration.attachments).toEqual([
      { id: attachment.id, filename: 'WZ-2026-1187.pdf', contentType: 'application/pdf', size: PDF.length },
    ]);
    // The host page heard both submits, with the ids the feed carries.
    const log = await page.locator('#log').textContent();
    expect(log).toContain(`"kind":"date-confirmation","id":"${confirmation.id}"`);
    expect(log).toContain(`"kind":"delivery","id":"${declaration.id}"`);

    // The buyer accepts the proposal; the supplier sees it after a reload (the session survives it).
    await put('/purchase-orders/PO-2026-0042', {
      ...purchaseOrder(),
      proposalDecisions: [
        { confirmationId: confirmation.id, lineNo: 1, decision: 'accepted', comment: 'Zgoda na dwie dostawy.' },
      ],
    });
    await page.reload();
    await row1.getByText('Kupiec przyjął propozycję', { exact: true }).waitFor();
    await expect(row1.getByRole('listitem').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^60 szt na /),
      expect.stringMatching(/^40 szt na /),
    ]);
    await row1.getByText('Historia (3)').click();
    await row1
      .getByRole('listitem')
      .filter({ hasText: '(kupiec) Kupiec przyjął propozycję' })
      .filter({ hasText: '„Zgoda na dwie dostawy.”' })
      .waitFor();

    expectNoTokenInUrls(page, requests, pageUrl);
    await page.close();
  });
});

describe('supplier answers a complaint from a link embedded in their quality page', () => {
  it('when the supplier answers the containment stage, then the feed shows the response, and the buyer’s acceptance of the stage shows in the widget', async () => {
    await put('/complaints/CMP-2026-0009', complaint());
    const link = await t.issueLink({
      subject: { type: 'complaint', ref: 'CMP-2026-0009' },
      actions: ['complaint:read', 'complaint:respond'],
      recipient: { email: 'quality@hydrotech.example', name: 'Ewa Lis', locale: 'pl' },
      allowedOrigins: [demo.origin],
    });

    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const requests = recordRequests(page);
    const pageUrl = `${demo.origin}/supplier-quality.html`;
    await page.goto(`${pageUrl}#token=${link.token}`);
    const widget = page.locator('amage-complaint');
    await widget.getByRole('heading', { name: 'Reklamacja RK/2026/0009' }).waitFor();
    expectNoTokenInUrls(page, requests, pageUrl);

    const containment = widget.getByRole('form', { name: 'Odpowiedz: Działania natychmiastowe (D3)' });
    await containment
      .getByLabel('Twoja odpowiedź', { exact: true })
      .fill('Zablokowano 480 szt. z partii L-2291; sortowanie 100% u klienta.');
    await containment.getByLabel('Osoba odpowiedzialna', { exact: true }).fill('Tomasz Wrona');
    await containment.getByLabel('Data wdrożenia', { exact: true }).fill(day(0));
    await containment.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
    // The form closes once the answer is in; the stage shows it, says it was sent and that it waits for the buyer.
    const stage = widget.getByRole('listitem', { name: 'Działania natychmiastowe (D3)' });
    await stage.getByRole('status').filter({ hasText: 'Odpowiedź została wysłana.' }).waitFor();
    await stage.getByText('Czeka na kupca', { exact: true }).waitFor();
    await expect(containment.count()).resolves.toBe(0);

    const { events } = await t.feedUntil((es) => es.some(ofSubject('CMP-2026-0009', 'complaint-response.submitted')));
    const event = events.find(ofSubject('CMP-2026-0009', 'complaint-response.submitted'))!;
    expect(event.linkId).toBe(link.id);
    expect(event.data as unknown as StageResponse).toMatchObject({
      stageKey: 'containment',
      text: 'Zablokowano 480 szt. z partii L-2291; sortowanie 100% u klienta.',
      responsible: { name: 'Tomasz Wrona' },
      implementedOn: day(0),
    });

    // The buyer accepts the stage; after a reload the supplier sees it, and no form is left for it.
    const body = complaint();
    body.stages[0] = {
      ...body.stages[0]!,
      decision: { outcome: 'accepted', comment: 'Działania natychmiastowe wystarczające.' },
    };
    await put('/complaints/CMP-2026-0009', body);
    await page.reload();
    await stage.getByText('Zaakceptowany', { exact: true }).waitFor();
    await stage.getByText('Działania natychmiastowe wystarczające.').waitFor();
    await expect(widget.getByRole('form', { name: 'Odpowiedz: Działania natychmiastowe (D3)' }).count()).resolves.toBe(
      0,
    );

    expectNoTokenInUrls(page, requests, pageUrl);
    await page.close();
  });
});
