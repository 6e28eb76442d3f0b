import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { demoSite } from '../../server/src/demo/demo-site.js';
import type { MailCatcher } from '../../server/src/demo/mail-catcher.js';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });

/** The demo host pages on their own origin (`localhost`, while the API answers on `127.0.0.1`), with a mailbox. */
export async function startDemoSite(
  apiOrigin: string,
  mailbox?: MailCatcher,
): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = demoSite(apiOrigin, mailbox).listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Every request the page makes, to check that no token ever travels in a URL. */
export function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  return requests;
}
