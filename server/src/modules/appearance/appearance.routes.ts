import { Appearance, AppearanceBody, AppearanceProblem } from '@amage/contracts';
import type { DefineIntegrationRoute } from '../../lib/route.js';
import { LOGO_MAX_BYTES, logoTooLarge, type AppearanceService } from './appearance.service.js';

/** `GET/PUT /appearance`, `PUT/DELETE /appearance/logo`: how the issuing company's hosted page looks. */
export function appearanceRoutes(define: DefineIntegrationRoute, appearance: AppearanceService) {
  define(
    {
      method: 'get',
      path: '/appearance',
      operationId: 'getAppearance',
      summary: "The hosted page's appearance: company name, primary colour, support contact, logo",
      tags: ['appearance'],
      responses: { 200: Appearance },
    },
    async (_req, res) => {
      res.json(await appearance.get());
    },
  );

  define(
    {
      method: 'put',
      path: '/appearance',
      operationId: 'putAppearance',
      summary: 'Set the appearance (replaces it whole; an omitted member is cleared; the logo is kept)',
      tags: ['appearance'],
      body: AppearanceBody,
      responses: { 200: Appearance },
    },
    async (req, res) => {
      res.json(await appearance.put(req.body));
    },
  );

  define(
    {
      method: 'put',
      path: '/appearance/logo',
      operationId: 'putAppearanceLogo',
      summary: 'Upload the logo (the body is the image: PNG, JPEG or WebP, at most 256 kB; SVG is refused)',
      description:
        "The type is what the content is (magic bytes), whatever the Content-Type says. It is served from the portal's own origin under a content-hashed URL (`logo.url`).",
      tags: ['appearance'],
      errors: [415],
      rawBody: {
        limit: LOGO_MAX_BYTES,
        tooLarge: { code: AppearanceProblem.logoTooLarge, detail: logoTooLarge().message },
      },
      responses: { 200: Appearance },
    },
    async (req, res) => {
      res.json(await appearance.putLogo(req.body));
    },
  );

  define(
    {
      method: 'delete',
      path: '/appearance/logo',
      operationId: 'deleteAppearanceLogo',
      summary: 'Remove the logo',
      tags: ['appearance'],
      responses: { 200: Appearance },
    },
    async (_req, res) => {
      res.json(await appearance.deleteLogo());
    },
  );
}
