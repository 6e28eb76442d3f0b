import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Router, type Request, type Response } from 'express';
import expressStaticGzip from 'express-static-gzip';

const WIDGETS_DIR = fileURLToPath(new URL('../../../../widgets/cdn/', import.meta.url));

/** What `widgets/scripts/build.mjs` writes to `cdn/integrity.json`. */
interface KitManifest {
  version: string;
  /** Entry point (fixed name) → its content-hashed module and that module's static imports. */
  entries: Record<string, { module: string; imports: string[] }>;
  /** Every file → its SRI hash (`sha384-…`). */
  files: Record<string, string>;
}

/** Content-hashed files never change: cache them for a year. Entry points keep their names: revalidate. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Powerful features the hosted page (and anything injected into it) may never use. */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'publickey-credentials-get=()',
  'serial=()',
  'usb=()',
].join(', ');
const REVALIDATE = 'public, no-cache';

function readKit(): KitManifest | undefined {
  const file = `${WIDGETS_DIR}integrity.json`;
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as KitManifest) : undefined;
}

const LANGUAGE_SCRIPT = `
  // Follow the reader's language: the widget reads <html lang>.
  document.documentElement.lang = (navigator.language || 'en').slice(0, 2) === 'pl' ? 'pl' : 'en';
`;

/**
 * The hosted page loads `<amage-portal>`'s own module directly (no loader step), preloads what it imports,
 * and pins every kit file it may load to its hash: an import map `integrity` section covers the widget the
 * portal imports later, for the one subject the link grants. Without a build it falls back to the loader.
 */
function portalPage(kit: KitManifest | undefined): { html: string; scripts: string[] } {
  const url = (file: string) => `/widgets/${file}`;
  const sri = (file: string) => (kit?.files[file] ? ` integrity="${kit.files[file]}"` : '');
  const portal = kit?.entries['amage-portal.js'];
  const importMap = kit
    ? JSON.stringify({
        integrity: Object.fromEntries(
          Object.entries(kit.files)
            .filter(([file]) => file.startsWith('assets/') && file.endsWith('.js'))
            .map(([file, integrity]) => [url(file), integrity]),
        ),
      })
    : undefined;
  const head = portal
    ? [
        `<script type="importmap">${importMap}</script>`,
        ...portal.imports.map((file) => `<link rel="modulepreload" href="${url(file)}"${sri(file)}>`),
        `<script type="module" src="${url(portal.module)}"${sri(portal.module)}></script>`,
      ]
    : ['<script type="module" src="/widgets/amage-portals.js"></script>'];
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>AMAGE Portal</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; color: #1f2933; background: #f5f7fa; }
  main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
</style>
${head.join('\n')}
</head>
<body>
<main><amage-portal></amage-portal></main>
<script>${LANGUAGE_SCRIPT}</script>
</body>
</html>
`;
  return { html, scripts: importMap ? [importMap, LANGUAGE_SCRIPT] : [LANGUAGE_SCRIPT] };
}

function cspFor(inlineScripts: string[]): string {
  const hashes = inlineScripts.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`);
  return [
    "default-src 'none'",
    `script-src 'self' ${hashes.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The page, compressed once at start (it changes only with a new build, i.e. a restart). */
function precompressed(html: string) {
  const body = Buffer.from(html);
  return {
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    variants: {
      br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      gzip: gzipSync(body, { level: 9 }),
      identity: body,
    },
  };
}

/**
 * The widget kit (`/widgets/…`, loadable from any origin: CORS `*`) and the hosted portal page, both
 * precompressed (brotli, gzip). Files under `/widgets/assets/` are content-hashed and immutable; the
 * entry points (`amage-portals.js`, `amage-<element>.js`, `integrity.json`) are revalidated with their
 * ETag. The link's token stays in the URL fragment, which browsers never send here.
 */
export function hostedRoutes(): Router {
  const router = Router();
  const kit = readKit();
  router.use(
    '/widgets',
    (_req, res, next) => {
      res.set('Access-Control-Allow-Origin', '*');
      res.set('Cross-Origin-Resource-Policy', 'cross-origin');
      next();
    },
    expressStaticGzip(WIDGETS_DIR, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: false,
      serveStatic: {
        index: false,
        cacheControl: false,
        setHeaders: (res, path) => {
          res.setHeader('Cache-Control', path.startsWith(`${WIDGETS_DIR}assets/`) ? IMMUTABLE : REVALIDATE);
        },
      },
    }),
  );

  const page = portalPage(kit);
  const csp = cspFor(page.scripts);
  const { etag, variants } = precompressed(page.html);
  router.get('/portal', (req: Request, res: Response) => {
    res.set({
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': csp,
      // The portal takes photos through the file picker only; no powerful feature is ever asked for.
      'Permissions-Policy': PERMISSIONS_POLICY,
      'Content-Type': 'text/html; charset=utf-8',
      ETag: etag,
      Vary: 'Accept-Encoding',
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    const encoding = (req.acceptsEncodings('br', 'gzip', 'identity') || 'identity') as keyof typeof variants;
    if (encoding !== 'identity') res.set('Content-Encoding', encoding);
    res.send(variants[encoding]);
  });
  return router;
}
