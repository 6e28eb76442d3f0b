import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com/, spec "Signature scheme"): the secret is
 * `whsec_` + base64 of random bytes; the HMAC-SHA256 key is those bytes; the signed content is
 * `{webhook-id}.{webhook-timestamp}.{body}`; the header holds `v1,<base64>`, space-separated when there
 * are several (during a secret rotation both the new and the previous secret sign).
 */
const SECRET_PREFIX = 'whsec_';

/** 32 random bytes (the spec asks for 24 to 64). */
export const generateSecret = () => SECRET_PREFIX + randomBytes(32).toString('base64');

function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The three Standard Webhooks headers for one attempt; `secrets` in order (current first). */
export function signatureHeaders(
  secrets: string[],
  id: string,
  timestamp: number,
  body: string,
): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => sign(s, id, timestamp, body)).join(' '),
  };
}
