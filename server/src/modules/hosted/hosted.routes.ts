import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

const WIDGETS_DIR = fileURLToPath(new URL('../../../../widgets/cdn/', import.meta.url));

const PORTAL_PAGE = `<!doctype html>
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
<script type="module" src="/widgets/amage-portals.js"></script>
</head>
<body>
<main><amage-portal></amage-portal></main>
<script>
  // Follow the reader's language: the widget reads <html lang>.
  document.documentElement.lang = (navigator.language || 'en').slice(0, 2) === 'pl' ? 'pl' : 'en';
</script>
</body>
</html>
`;

const INLINE_SCRIPT = PORTAL_PAGE.slice(
  PORTAL_PAGE.lastIndexOf('<script>') + '<script>'.length,
  PORTAL_PAGE.lastIndexOf('</script>'),
);
const CSP = [
  "default-src 'none'",
  `script-src 'self' 'sha256-${createHash('sha256').update(INLINE_SCRIPT).digest('base64')}'`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The widget kit (`/widgets/*.js`, loadable from any origin) and the hosted portal page. The link's
 * token stays in the URL fragment, which browsers never send here.
 */
export function hostedRoutes(): Router {
  const router = Router();
  router.use(
    '/widgets',
    (_req, res, next) => {
      res.set('Access-Control-Allow-Origin', '*');
      res.set('Cross-Origin-Resource-Policy', 'cross-origin');
      next();
    },
    express.static(WIDGETS_DIR, { fallthrough: true, maxAge: '5m', index: false }),
  );
  router.get('/portal', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.set('Content-Security-Policy', CSP);
    res.type('html').send(PORTAL_PAGE);
  });
  return router;
}
