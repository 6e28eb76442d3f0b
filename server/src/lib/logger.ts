import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

/** Anything shaped like one of our secrets: link, session and integration tokens. */
const SECRET = /\b(amg[sk]?_[A-Za-z0-9_-]{20,})/g;
export const redactSecrets = (text: string) => text.replace(SECRET, (m) => `${m.slice(0, m.indexOf('_') + 1)}[redacted]`);

/**
 * pino with every place a secret could reach redacted: auth headers by path, and any token-shaped
 * string in messages and URLs by pattern (a token pasted into a query string must not reach the logs).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["idempotency-key"]',
          'res.headers["set-cookie"]',
          '*.token',
          '*.key',
          'token',
          'key',
        ],
        censor: '[redacted]',
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redactSecrets(a) : a)) as Parameters<typeof method>);
        },
      },
      serializers: {
        req: (req: { method: string; url: string; id: unknown; headers: Record<string, unknown>; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: redactSecrets(req.url),
          remoteAddress: req.remoteAddress,
          headers: { ...req.headers, ...(req.headers.referer ? { referer: redactSecrets(String(req.headers.referer)) } : {}) },
        }),
        err: stdSerializers.err,
      },
    },
    destination,
  );
}
