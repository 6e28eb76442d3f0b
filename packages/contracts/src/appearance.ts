import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Email, Nullable, ShortText } from './common.js';

/** Whom a person with a link asks for help: the company's support desk, or a person named on the link. */
export const SupportContact = Type.Object(
  {
    name: Type.Optional(ShortText(200)),
    email: Type.Optional(Email),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40, pattern: '^\\+?[0-9][0-9 ()./-]{1,38}[0-9]$' })),
    url: Type.Optional(Type.String({ format: 'uri', maxLength: 500, pattern: '^https?://' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SupportContact = Static<typeof SupportContact>;

/** `#rrggbb`: the hosted page's buttons, links and focus rings. */
export const HexColor = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', maxLength: 7 });

/** `PUT /api/integration/v1/appearance`: replaces the whole appearance (an omitted member is cleared); the logo has its own route. */
export const AppearanceBody = Type.Object(
  {
    companyName: Type.Optional(ShortText(200)),
    primaryColor: Type.Optional(HexColor),
    support: Type.Optional(SupportContact),
  },
  { additionalProperties: false },
);
export type AppearanceBody = Static<typeof AppearanceBody>;

export const AppearanceLogo = Type.Object({
  /** Served from the portal's own origin; content-hashed, so it is cached for good. */
  url: Type.String(),
  type: Type.Union([Type.Literal('image/png'), Type.Literal('image/jpeg'), Type.Literal('image/webp')]),
  size: Type.Integer(),
  sha256: Type.String(),
});
export type AppearanceLogo = Static<typeof AppearanceLogo>;

/** How the issuing company's hosted page looks. */
export const Appearance = Type.Object({
  companyName: Nullable(Type.String()),
  primaryColor: Nullable(Type.String()),
  support: Nullable(SupportContact),
  logo: Nullable(AppearanceLogo),
  updatedAt: Nullable(DateTime),
});
export type Appearance = Static<typeof Appearance>;

/** Codes of the appearance API. */
export const AppearanceProblem = {
  /** 415: the logo is not PNG, JPEG or WebP by its content (SVG is refused: it can carry script). */
  logoTypeNotAllowed: 'appearance.logo_type_not_allowed',
  /** 413: the logo is larger than 256 kB. */
  logoTooLarge: 'appearance.logo_too_large',
} as const;
