import { createHash, randomBytes } from 'node:crypto';

/** Prefixes make leaked secrets findable by secret scanners: link, session, integration key, device continuation. */
const TOKEN_PREFIX = { link: 'amg_', session: 'amgs_', integrationKey: 'amgk_', continuation: 'amgc_' } as const;
export type TokenKind = keyof typeof TOKEN_PREFIX;

const BODY = /^[A-Za-z0-9_-]{43}$/;

/** 256 bits from the CSPRNG, base64url, prefixed. Only the SHA-256 of it is ever stored. */
export function generateToken(kind: TokenKind): { token: string; hash: Buffer } {
  const token = TOKEN_PREFIX[kind] + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** Which kind of token this string is shaped like, or undefined for anything else. */
export function tokenKind(token: string): TokenKind | undefined {
  for (const kind of ['session', 'integrationKey', 'link'] as const) {
    const prefix = TOKEN_PREFIX[kind];
    if (token.startsWith(prefix) && BODY.test(token.slice(prefix.length))) return kind;
  }
  return undefined;
}

/** `jan.nowak@supplier.pl` → `j***@supplier.pl`: enough for the holder to recognise, nothing for a guesser. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
