import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Router, type Request, type Response } from 'express';
import escapeHtml from 'escape-html';
import expressStaticGzip from 'express-static-gzip';
import type { Appearance } from '@amage/contracts';
import type { AppearanceService } from '../appearance/appearance.service.js';

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

const LANGUAGE_STORAGE_KEY = 'amage-portals:lang';
const LANGUAGE_SCRIPT = `
  // The page's language: the reader's choice on this page (the portal's language switch), else the
  // browser's. The portal itself puts the recipient's locale on the link before it (docs/architecture.md).
  var lang = '';
  try { lang = localStorage.getItem('${LANGUAGE_STORAGE_KEY}') || ''; } catch (e) {}
  lang = (lang || navigator.language || 'en').slice(0, 2).toLowerCase();
  document.documentElement.lang = ['pl', 'en', 'de'].indexOf(lang) >= 0 ? lang : 'en';
`;

/** The page's own look; the brand's colour comes after it. Served as a stylesheet: the page's CSP allows no inline style. */
const PAGE_CSS = `body { margin: 0; font-family: system-ui, sans-serif; color: #1f2933; background: #f5f7fa; line-height: 1.5; }
.brand { display: flex; align-items: center; gap: 0.75rem; padding: 0.75rem 1rem; background: #fff; border-bottom: 4px solid var(--amage-color-primary, #1d5bb8); }
.brand__logo { display: block; max-height: 2.5rem; max-width: 10rem; width: auto; height: auto; }
.brand__name { font-weight: 600; font-size: 1.125rem; overflow-wrap: anywhere; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
.support { max-width: 60rem; margin: 0 auto; padding: 1rem; color: #4b5563; font-size: 0.9375rem; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.support a { color: var(--amage-color-primary, #1d5bb8); overflow-wrap: anywhere; display: inline-block; min-height: 24px; }
`;

/** The brand's colours over the page's look, and every `--amage-*` property the widgets read. */
function brandCss(appearance: Appearance): string {
  const colour = appearance.primaryColor;
  return colour ? `${PAGE_CSS}:root { --amage-color-primary: ${colour}; }\n` : PAGE_CSS;
}

const h = (text: string) => escapeHtml(text);

/** The header (logo, company name) and footer (support contact) of the hosted page, from the appearance. */
function brandMarkup(appearance: Appearance): { header: string; footer: string; title: string } {
  const name = appearance.companyName;
  const logo = appearance.logo
    ? `<img class="brand__logo" src="${h(appearance.logo.url)}" alt="${name ? '' : 'Logo'}">`
    : '';
  const header = `<header class="brand">${logo}${name ? `<span class="brand__name">${h(name)}</span>` : logo ? '' : '<span class="brand__name">AMAGE Portals</span>'}</header>`;
  const support = appearance.support;
  const items = [
    name ? `<span>${h(name)}</span>` : '',
    support?.name ? `<span>${h(support.name)}</span>` : '',
    support?.email ? `<a href="mailto:${h(support.email)}">${h(support.email)}</a>` : '',
    support?.phone ? `<a href="tel:${h(support.phone.replace(/[^+0-9]/g, ''))}">${h(support.phone)}</a>` : '',
    support?.url ? `<a href="${h(support.url)}" rel="noopener">${h(new URL(support.url).host)}</a>` : '',
  ].filter(Boolean);
  const footer = support ? `<footer class="support">${items.join('')}</footer>` : '';
  return { header, footer, title: name ? `${name} · Portal` : 'AMAGE Portal' };
}

/**
 * The hosted page loads `<amage-portal>`'s own module directly (no loader step), preloads what it imports,
 * and pins every kit file it may load to its hash: an import map `integrity` section covers the widget the
 * portal imports later, for the one subject the link grants. Without a build it falls back to the loader.
 * Its brand (header, footer, colour) comes from the appearance API.
 */
function portalPage(
  kit: KitManifest | undefined,
  appearance: Appearance,
  version: string,
): { html: string; scripts: string[] } {
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
  const brand = brandMarkup(appearance);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${h(brand.title)}</title>
<link rel="stylesheet" href="/portal/brand.css?v=${version}">
${head.join('\n')}
</head>
<body>
${brand.header}
<main><amage-portal hosted></amage-portal></main>
${brand.footer}
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
    // No 'unsafe-inline': the page's look is /portal/brand.css; the widgets' styles are constructed sheets.
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A page, compressed once per version of the appearance (it changes only with the appearance or a new build). */
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

type Precompressed = ReturnType<typeof precompressed>;

function sendPrecompressed(req: Request, res: Response, page: Precompressed) {
  res.set({ ETag: page.etag, Vary: 'Accept-Encoding' });
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  const encoding = (req.acceptsEncodings('br', 'gzip', 'identity') || 'identity') as keyof Precompressed['variants'];
  if (encoding !== 'identity') res.set('Content-Encoding', encoding);
  res.send(page.variants[encoding]);
}

/**
 * The widget kit (`/widgets/…`, loadable from any origin: CORS `*`) and the hosted portal page, both
 * precompressed (brotli, gzip). Files under `/widgets/assets/` are content-hashed and immutable; the
 * entry points (`amage-portals.js`, `amage-<element>.js`, `integrity.json`) are revalidated with their
 * ETag. The link's token stays in the URL fragment, which browsers never send here. The page's brand
 * (`/portal/brand.css`, `/portal/brand/logo-<hash>.<ext>`) is the appearance the main system set.
 */
export function hostedRoutes(appearance: AppearanceService): Router {
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

  // The page and its stylesheet per version of the appearance, built and compressed once per version.
  // A cache of what the database says, keyed by it: every instance serves what the main system set last.
  let cached: { version: string; page: Precompressed; csp: string; css: Precompressed } | undefined;
  const current = async () => {
    const look = await appearance.get();
    const version = createHash('sha256').update(JSON.stringify(look)).digest('base64url').slice(0, 12);
    if (cached?.version !== version) {
      const page = portalPage(kit, look, version);
      cached = {
        version,
        page: precompressed(page.html),
        csp: cspFor(page.scripts),
        css: precompressed(brandCss(look)),
      };
    }
    return cached;
  };

  router.get('/portal', async (req: Request, res: Response) => {
    const { page, csp } = await current();
    res.set({
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': csp,
      // The portal takes photos through the file picker only; no powerful feature is ever asked for.
      'Permissions-Policy': PERMISSIONS_POLICY,
      'Content-Type': 'text/html; charset=utf-8',
    });
    sendPrecompressed(req, res, page);
  });

  router.get('/portal/brand.css', async (req: Request, res: Response) => {
    const { css } = await current();
    res.set({ 'Cache-Control': 'no-cache', 'Content-Type': 'text/css; charset=utf-8' });
    sendPrecompressed(req, res, css);
  });

  // The logo from the portal's own origin; its name carries its hash, so it is immutable.
  router.get('/portal/brand/:name', async (req: Request, res: Response, next) => {
    const file = await appearance.logoFile(String(req.params.name));
    if (!file) return next();
    res.set({
      'Cache-Control': IMMUTABLE,
      'Content-Type': file.type,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'",
      ETag: `"${file.sha256}"`,
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.send(file.content);
  });
  return router;
}
