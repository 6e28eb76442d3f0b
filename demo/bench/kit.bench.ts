// The kit in a slow browser (issue #9): `npm run bench:kit` (builds first). Prints two tables; the
// figures and how they compare with the goals are in docs/benchmarks.md ("Widget kit: main thread and
// first paint"). No timing is asserted: the machine is shared; a run only fails if a page never shows
// its content. BENCH_RUNS=n repeats each measurement (median shown; default 3).
//
// 1. Main thread up to first content: a host page holding one element (loader + element, API on
//    localhost, no network throttling), Chromium's CPU throttled 4× (CDP Emulation.setCPUThrottlingRate).
//    Script: CDP Performance.getMetrics `ScriptDuration` when the content first shows; longest task: a
//    `longtask` PerformanceObserver installed before the page's first script.
// 2. Link → content on the hosted page (`/portal`, what the e-mailed link opens) for every subject type,
//    with 150 ms RTT, 1.6 Mbps down, 750 kbps up (CDP Network.emulateNetworkConditions) and 4× CPU:
//    the time from navigation start to the first frame showing the skeleton, and to the first frame
//    showing the content (performance.now() in a requestAnimationFrame poll); CLS from `layout-shift`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateLinkBody, PutComplaintBody, PutPurchaseOrderBody } from '@amage/contracts';
import { demoCustomer } from '../../server/src/modules/customer/customer.demo.js';
import { startTestApp, type TestApp } from '../../server/test/helpers/test-app.js';
import { putWorkOrder } from '../../server/test/helpers/work-orders.js';
import { launchChromium } from '../test/browser.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DAY = 86_400_000;
const day = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');

let t: TestApp;
let browser: Browser;
/** The host site: its own origin (localhost, the API is on 127.0.0.1); `/?html=…` is a page holding that markup. */
let host: Server;
let HOST: string;

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchChromium();
  host = await new Promise<Server>((resolve) => {
    const server = createServer((req, res) => {
      const html = new URL(req.url!, 'http://x').searchParams.get('html') ?? '';
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
        <script type="module" src="${t.url}/widgets/amage-portals.js"></script></head>
        <body>${html}<p>Below the widget.</p></body></html>`);
    }).listen(0, '127.0.0.1', () => resolve(server));
  });
  HOST = `http://localhost:${(host.address() as AddressInfo).port}`;
  await shareSubjects();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
  await t?.close();
});

const purchaseOrder = (): PutPurchaseOrderBody => ({
  number: 'PO/2026/0777',
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
const complaint = (): PutComplaintBody => ({
  number: 'RK/2026/0777',
  supplier: { ref: 'SUP-17', name: 'Hydro-Tech Sp. z o.o.', email: 'quality@hydrotech.example' },
  purchaseOrderRef: 'PO-BENCH',
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

type Subject = { type: CreateLinkBody['subject']['type']; ref: string; actions: CreateLinkBody['actions'] };
const SUBJECTS: Record<string, Subject> = {
  job: { type: 'job', ref: 'JOB-BENCH', actions: ['job:read'] },
  'purchase order': {
    type: 'purchase-order',
    ref: 'PO-BENCH',
    actions: ['order:read', 'order:confirm-dates', 'order:declare-delivery'],
  },
  complaint: { type: 'complaint', ref: 'CMP-BENCH', actions: ['complaint:read', 'complaint:respond'] },
  'work order': {
    type: 'work-order',
    ref: 'WO-BENCH',
    actions: ['work-order:read', 'work-order:log-work', 'inspection:submit', 'loto:acknowledge', 'permit:sign'],
  },
  'customer intake': { type: 'customer', ref: 'CUST-BENCH', actions: ['request:create', 'request:read'] },
};

async function shareSubjects() {
  await t.putJob('JOB-BENCH', { title: 'Przegląd sprężarki', status: 'in-progress' });
  await put('/purchase-orders/PO-BENCH', purchaseOrder());
  await put('/complaints/CMP-BENCH', complaint());
  await putWorkOrder(t, 'WO-BENCH');
  await put('/customers/CUST-BENCH', demoCustomer());
}

/** A link for a host page on HOST, or (`hosted`) for the hosted page. */
const link = (subject: Subject, hosted = false) =>
  t.issueLink({
    subject: { type: subject.type, ref: subject.ref },
    actions: subject.actions,
    ...(hosted ? {} : { allowedOrigins: [HOST] }),
  });

/** Installed before any page script: long tasks and layout shifts from the start. */
const OBSERVERS = () => {
  const w = window as unknown as { __longest: number; __cls: number };
  w.__longest = 0;
  w.__cls = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
      if (!e.hadRecentInput) w.__cls += e.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
};

/**
 * Waits, frame by frame, until the element `tag` (searched through shadow roots from the document)
 * shows `state`: `drawn` (anything: its skeleton) or `content` (neither skeleton nor message); returns
 * performance.now() of that frame.
 */
function frameWhen(page: Page, tag: string, state: 'drawn' | 'content'): Promise<number> {
  return page
    .waitForFunction(
      ([tag, state]) => {
        const find = (root: Document | ShadowRoot): Element | null => {
          const direct = root.querySelector(tag!);
          if (direct) return direct;
          for (const el of root.querySelectorAll('*')) {
            const inner = el.shadowRoot && find(el.shadowRoot);
            if (inner) return inner;
          }
          return null;
        };
        const shadow = find(document)?.shadowRoot;
        if (!shadow?.firstElementChild) return false;
        if (state === 'drawn') return performance.now();
        const skeleton = shadow.querySelector('[part~="skeleton"]');
        return !skeleton && !shadow.querySelector('[part~="message"]') ? performance.now() : false;
      },
      [tag, state] as const,
      { polling: 'raf', timeout: 60_000 },
    )
    .then((handle) => handle.jsonValue() as Promise<number>);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${Math.round(value)} ms`.padStart(8);

async function throttledPage(network: boolean): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  if (network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: 1_600_000 / 8,
      uploadThroughput: 750_000 / 8,
    });
  }
  await page.addInitScript(OBSERVERS);

  (page as Page & { cdp?: typeof cdp }).cdp = cdp;
  return page;
}

/** A page of the host site holding `html` and the loader. */
const hostPage = (page: Page, html: string, token?: string) =>
  page.goto(`${HOST}/?html=${encodeURIComponent(html)}${token ? `#token=${token}` : ''}`);

describe('the kit on a slow device', () => {
  it('main thread up to first content, one element per page, CPU 4× slower', async () => {
    const elements: [tag: string, subject?: Subject][] = [
      ['amage-work-progress', SUBJECTS.job],
      ['amage-delivery-form', SUBJECTS['purchase order']],
      ['amage-complaint', SUBJECTS.complaint],
      ['amage-work-order', SUBJECTS['work order']],
      ['amage-inspection', SUBJECTS['work order']],
      ['amage-loto-procedure', SUBJECTS['work order']],
      ['amage-permit-log', SUBJECTS['work order']],
      ['amage-service-request', SUBJECTS['customer intake']],
      ['amage-file-picker'],
    ];
    const rows: string[] = [];
    for (const [tag, subject] of elements) {
      const script: number[] = [];
      const longest: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const page = await throttledPage(false);
        const cdp = (page as Page & { cdp: Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>> }).cdp;
        await cdp.send('Performance.enable');
        const token = subject ? (await link(subject)).token : undefined;
        await hostPage(page, `<${tag} api="${t.url}"></${tag}>`, token);
        // The file picker has no data: its content is its field.
        await (tag === 'amage-file-picker'
          ? page.locator(`${tag} input`).waitFor({ state: 'attached' })
          : frameWhen(page, tag, 'content')
        ).catch(async (error) => {
          const shown = await page.evaluate((tag) => document.querySelector(tag)?.shadowRoot?.innerHTML, tag);
          throw new Error(`${tag}: no content (${String(error)}): ${shown?.slice(0, 800)}`);
        });
        const { metrics } = await cdp.send('Performance.getMetrics');
        script.push(1000 * metrics.find((m) => m.name === 'ScriptDuration')!.value);
        longest.push(await page.evaluate(() => (window as unknown as { __longest: number }).__longest));
        await page.close();
      }
      rows.push(`${tag.padEnd(24)} script ${ms(median(script))}   longest task ${ms(median(longest))}`);
    }
    console.log(`\nMain thread up to first content (CPU 4×, median of ${RUNS}):\n${rows.join('\n')}\n`);
    expect(rows).toHaveLength(elements.length);
  }, 600_000);

  it('link → content on the hosted page, 150 ms RTT, 1.6 Mbps, CPU 4× slower', async () => {
    const rows: string[] = [];
    const tags: Record<string, string> = {
      job: 'amage-work-progress',
      'purchase order': 'amage-delivery-form',
      complaint: 'amage-complaint',
      'work order': 'amage-work-order',
      'customer intake': 'amage-service-request',
    };
    for (const [name, subject] of Object.entries(SUBJECTS)) {
      const skeleton: number[] = [];
      const content: number[] = [];
      const shifts: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const page = await throttledPage(true);
        const { url } = await link(subject, true);
        const started = Date.now();
        if (process.env.BENCH_WATERFALL && run === 0) {
          page.on('requestfinished', (r) => {
            const { startTime, responseEnd } = r.timing();
            const path = new URL(r.url()).pathname;
            console.log(
              `${name} ${String(Math.round(startTime - started)).padStart(5)} → ${String(Math.round(startTime - started + responseEnd)).padStart(5)} ${path}`,
            );
          });
        }
        const navigation = page.goto(url);
        skeleton.push(await frameWhen(page, 'amage-portal', 'drawn'));
        content.push(await frameWhen(page, tags[name]!, 'content'));
        await navigation;
        shifts.push(await page.evaluate(() => (window as unknown as { __cls: number }).__cls));
        await page.close();
      }
      rows.push(
        `${name.padEnd(16)} skeleton ${ms(median(skeleton))}   content ${ms(median(content))}   CLS ${median(shifts).toFixed(3)}`,
      );
    }
    console.log(`\nLink → content on /portal (150 ms RTT, 1.6 Mbps, CPU 4×, median of ${RUNS}):\n${rows.join('\n')}\n`);
    expect(rows).toHaveLength(Object.keys(SUBJECTS).length);
  }, 600_000);
});
