import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals the secrets a queued mail must carry (a link's clear token, a step-up code) so that none rests
 * in the database in the clear: AES-256-GCM with a key derived (HKDF-SHA256) from the server secret,
 * which never enters the database. The row's id is the associated data, so a sealed value only opens
 * for the row it was written for. Layout: version (1 byte) | nonce (12) | tag (16) | ciphertext.
 */
export class SecretBox {
  private readonly key: Buffer;

  /** `purpose` separates keys derived from one secret (mail secrets; session replays, see access.service). */
  constructor(serverSecret: Buffer, purpose = 'mail secrets v1') {
    if (serverSecret.length < 32) throw new Error('The server secret must be at least 32 bytes.');
    this.key = Buffer.from(hkdfSync('sha256', serverSecret, 'amage-portals', purpose, 32));
  }

  seal(plain: string, boundTo: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(boundTo));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
  }

  /** Throws when the value was sealed with another key (another server secret) or for another row. */
  open(sealed: Buffer, boundTo: string): string {
    if (sealed[0] !== VERSION) throw new Error('unknown sealing version');
    const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
    const tag = sealed.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce);
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }
}

/** `AMAGE_SECRET_KEY`: 32 or more bytes as base64 (or base64url), or 64+ hex digits. */
function parseServerSecret(value: string): Buffer {
  const bytes = /^[0-9a-fA-F]+$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (bytes.length < 32) throw new Error('AMAGE_SECRET_KEY must hold at least 32 bytes (base64 or hex).');
  return bytes;
}

/**
 * The server secret: `AMAGE_SECRET_KEY` when set (every instance of one deployment must share it),
 * otherwise `secret.key` in the data directory, made (32 random bytes, mode 0600) at first start.
 */
export async function loadServerSecret(dataDir: string, fromEnv?: string): Promise<Buffer> {
  if (fromEnv) return parseServerSecret(fromEnv);
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return parseServerSecret((await readFile(file, 'utf8')).trim());
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32);
  await writeFile(file, `${secret.toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error: unknown) => {
    // Another process made it first: use that one.
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  });
  return parseServerSecret((await readFile(file, 'utf8')).trim());
}
