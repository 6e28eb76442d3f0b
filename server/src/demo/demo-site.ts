import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import express, { type Express } from 'express';

const PAGES_DIR = fileURLToPath(new URL('../../../demo/pages/', import.meta.url));

/**
 * The demo host pages (a client's website, a supplier intranet, …), served from their own origin
 * so that embedding works exactly as on a customer's site. `%API%` in a page becomes the API origin.
 */
export function demoSite(apiOrigin: string): Express {
  const app = express();
  app.disable('x-powered-by');
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
