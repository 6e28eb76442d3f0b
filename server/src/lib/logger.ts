import { destination as fileDestination, pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

/** Anything shaped like one of our secrets: link, session, integration and mail-code tokens, webhook secrets. */
const SECRET = /\b(amg[skc]?_|whsec_)[A-Za-z0-9_+/=%-]{8,}/g;
/** The `Authorization` header's credentials, wherever a line quotes one (an error message, a header dump). */
const CREDENTIALS = /\b(Bearer|Basic)\s+[^\s"',;]{6,}/gi;

/**
 * Redacts secrets from a log line: token shapes, credentials after `Bearer`, and the literal values
 * given (a configured integration key of any shape), also as JSON-escaped and URL-encoded.
 */
export function redactSecrets(text: string, literals: readonly string[] = []): string {
  let out = text.replace(SECRET, '$1[redacted]').replace(CREDENTIALS, '$1 [redacted]');
  for (const literal of literals) {
    for (const form of new Set([literal, JSON.stringify(literal).slice(1, -1), encodeURIComponent(literal)]))
      out = out.split(form).join('[redacted]');
  }
  return out;
}

/** A URL as logged: the path, and the query's parameter names with every value redacted. */
export function loggedUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = [...new URLSearchParams(url.slice(at + 1)).keys()];
  return `${url.slice(0, at)}?${names.map((name) => `${encodeURIComponent(name)}=[redacted]`).join('&')}`;
}

/**
 * pino whose every output line passes a secret filter: headers are redacted by path, and any
 * token-shaped string (a token pasted into a query string, an error message) by pattern, whatever
 * serializer produced it.
 */
export function createLogger(
  level: string,
  destination: DestinationStream = fileDestination(1),
  /** Configured secrets of any shape (`AMAGE_INTEGRATION_KEY`, …), redacted wherever they appear. */
  secrets: readonly (string | undefined)[] = [],
): Logger {
  // Too short a value would redact ordinary words; configured keys are 32+ characters.
  const literals = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const filtered: DestinationStream = { write: (line: string) => destination.write(redactSecrets(line, literals)) };
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["idempotency-key"]',
          'req.headers["x-step-up-code"]',
        ],
        censor: '[redacted]',
      },
      serializers: { err: stdSerializers.err },
    },
    filtered,
  );
}
