import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Knex } from 'knex';
import {
  AppearanceProblem,
  type Appearance,
  type AppearanceBody,
  type AppearanceLogo,
  type SupportContact,
} from '@amage/contracts';
import { AppError } from '../../lib/errors.js';

/** Largest logo accepted (bytes): a header image, not a photo. */
export const LOGO_MAX_BYTES = 256 * 1024;

const LOGO_TYPES = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' } as const;
type LogoType = keyof typeof LOGO_TYPES;

interface AppearanceRow {
  companyName: string | null;
  primaryColor: string | null;
  support: SupportContact | null;
  logoType: LogoType | null;
  logoSha256: string | null;
  logoSize: number | null;
  updatedAt: Date;
}

/** The logo's public path: content-hashed, so it can be cached for good and a new logo is a new URL. */
const logoPath = (sha256: string, type: LogoType) => `/portal/brand/logo-${sha256.slice(0, 16)}.${LOGO_TYPES[type]}`;

export const logoTooLarge = () => new AppError(AppearanceProblem.logoTooLarge, 413, 'The logo may be at most 256 kB.');

/**
 * How the issuing company's hosted page looks (one row; docs/architecture.md "Appearance"). Read per
 * request, so every instance shows what the main system set last.
 */
export class AppearanceService {
  constructor(private readonly db: Knex) {}

  private async row(): Promise<AppearanceRow | undefined> {
    return this.db('appearance')
      .where({ id: 1 })
      .first(
        'companyName',
        'primaryColor',
        'support',
        'logoType',
        'logoSha256',
        this.db.raw('octet_length(logo) AS logo_size'),
        'updatedAt',
      );
  }

  async get(): Promise<Appearance> {
    const row = await this.row();
    const logo: AppearanceLogo | null =
      row?.logoType && row.logoSha256
        ? {
            url: logoPath(row.logoSha256, row.logoType),
            type: row.logoType,
            size: row.logoSize ?? 0,
            sha256: row.logoSha256,
          }
        : null;
    return {
      companyName: row?.companyName ?? null,
      primaryColor: row?.primaryColor ?? null,
      support: row?.support ?? null,
      logo,
      updatedAt: row?.updatedAt.toISOString() ?? null,
    };
  }

  async put(body: AppearanceBody): Promise<Appearance> {
    const values = {
      companyName: body.companyName ?? null,
      primaryColor: body.primaryColor?.toLowerCase() ?? null,
      support: body.support ? JSON.stringify(body.support) : null,
      updatedAt: this.db.fn.now(),
    };
    await this.db('appearance')
      .insert({ id: 1, ...values })
      .onConflict('id')
      .merge();
    return this.get();
  }

  /** Stores the logo: PNG, JPEG or WebP by its content (magic bytes); anything else, SVG included, is 415. */
  async putLogo(content: unknown): Promise<Appearance> {
    // A JSON (or form) body was parsed before the route saw it: it is not an image.
    if (!Buffer.isBuffer(content)) throw logoTypeNotAllowed();
    if (content.length > LOGO_MAX_BYTES) throw logoTooLarge();
    const detected = await fileTypeFromBuffer(content);
    const type = detected?.mime;
    if (!type || !(type in LOGO_TYPES)) throw logoTypeNotAllowed();
    const sha256 = createHash('sha256').update(content).digest('hex');
    const values = { logo: content, logoType: type, logoSha256: sha256, updatedAt: this.db.fn.now() };
    await this.db('appearance')
      .insert({ id: 1, ...values })
      .onConflict('id')
      .merge();
    return this.get();
  }

  async deleteLogo(): Promise<Appearance> {
    await this.db('appearance')
      .where({ id: 1 })
      .update({ logo: null, logoType: null, logoSha256: null, updatedAt: this.db.fn.now() });
    return this.get();
  }

  /** The logo's bytes when `name` is its current content-hashed file name (`logo-<hash>.<ext>`). */
  async logoFile(name: string): Promise<{ content: Buffer; type: LogoType; sha256: string } | undefined> {
    const row = await this.db('appearance')
      .where({ id: 1 })
      .whereNotNull('logo')
      .first('logo', 'logoType', 'logoSha256');
    if (!row || `${logoPath(row.logoSha256, row.logoType).split('/').pop()}` !== name) return undefined;
    return { content: row.logo, type: row.logoType, sha256: row.logoSha256 };
  }

  async supportContact(): Promise<SupportContact | null> {
    return (await this.row())?.support ?? null;
  }

  async companyName(): Promise<string | undefined> {
    return (await this.row())?.companyName ?? undefined;
  }
}

const logoTypeNotAllowed = () =>
  new AppError(
    AppearanceProblem.logoTypeNotAllowed,
    415,
    'The logo must be a PNG, JPEG or WebP image (SVG is not accepted).',
  );
