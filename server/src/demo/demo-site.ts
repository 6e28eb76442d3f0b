import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import escapeHtml from 'escape-html';
import express, { type Express } from 'express';
import type { MailCatcher } from './mail-catcher.js';

const PAGES_DIR = fileURLToPath(new URL('../../../demo/pages/', import.meta.url));

const h = (text: string) => escapeHtml(text);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${h(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1f2933}main{max-width:960px;margin:0 auto;padding:24px}
table{width:100%;border-collapse:collapse;background:#fff}td,th{padding:8px 12px;border-bottom:1px solid #e4e7eb;text-align:left}
a{color:#1f6feb}iframe{width:100%;height:70vh;border:1px solid #cbd2d9;background:#fff}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px}
pre{white-space:pre-wrap;background:#fff;padding:12px;border:1px solid #e4e7eb}</style></head>
<body><main>${body}</main></body></html>`;

/** The demo mailbox: every mail the in-process SMTP catcher received, newest first, each readable with its links. */
function mailboxRoutes(app: Express, mailbox: MailCatcher) {
  app.get('/mailbox', (_req, res) => {
    const rows = mailbox
      .mails()
      .map(
        (m) =>
          `<tr><td>${h(m.receivedAt.toISOString().slice(11, 19))}</td><td>${h(m.to)}</td><td><a href="/mailbox/${h(m.id)}">${h(m.subject)}</a></td></tr>`,
      )
      .join('');
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(
        page(
          'Demo mailbox',
          `<h1>Demo mailbox</h1>
<p>Every e-mail the portal sent while this demo runs (links, renewals, confirmation codes). Nothing left this machine. <a href="/mailbox">Refresh</a> · <a href="/">Demo host pages</a></p>
${rows ? `<table><thead><tr><th>Time (UTC)</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No mail yet.</p>'}`,
        ),
      );
  });
  app.get('/mailbox/:id', (req, res) => {
    const mail = mailbox.mails().find((m) => m.id === req.params.id);
    if (!mail) {
      res.status(404).type('text').send('No such mail (the demo mailbox keeps the last 200).');
      return;
    }
    // The mail's HTML in a sandbox without scripts; its links open in a new tab.
    const srcdoc = mail.html.replace(/<head>/i, '<head><base target="_blank">');
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(
        page(
          mail.subject,
          `<p><a href="/mailbox">← Mailbox</a></p>
<h1>${h(mail.subject)}</h1>
<dl><dt>From</dt><dd>${h(mail.from)}</dd><dt>To</dt><dd>${h(mail.to)}</dd><dt>Received</dt><dd>${h(mail.receivedAt.toISOString())}</dd></dl>
<iframe title="The e-mail" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${h(srcdoc)}"></iframe>
<h2>Plain text</h2><pre>${h(mail.text)}</pre>`,
        ),
      );
  });
}

/**
 * The demo host pages (a client's website, a supplier intranet, …), served from their own origin
 * so that embedding works exactly as on a customer's site. `%API%` in a page becomes the API origin.
 * With a mail catcher, `/mailbox` shows the mail the portal sent.
 */
export function demoSite(apiOrigin: string, mailbox?: MailCatcher): Express {
  const app = express();
  app.disable('x-powered-by');
  if (mailbox) mailboxRoutes(app, mailbox);
  app.get(/^\/([a-z0-9-]+\.html)?$/, async (req, res) => {
    const name = (req.params as Record<string, string | undefined>)[0] ?? 'index.html';
    try {
      const html = await readFile(path.join(PAGES_DIR, name), 'utf8');
      res.type('html').send(html.replaceAll('%API%', apiOrigin));
    } catch {
      res.status(404).type('text').send('No such demo page.');
    }
  });
  return app;
}
