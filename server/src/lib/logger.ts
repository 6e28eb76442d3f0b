import { destination as fileDestination, pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

/** Anything shaped like one of our secrets: link, session and integration tokens, webhook secrets. */
const SECRET = /\b(amg[skc]?_|whsec_)[A-Za-z0-9_+/=-]{20,}/g;
export const redactSecrets = (text: string) => text.replace(SECRET, '$1[redacted]');

/**
 * pino whose every output line passes a secret filter: headers are redacted by path, and any
 * token-shaped string (a token pasted into a query string, an error message) by pattern, whatever
 * serializer produced it.
 */
export function createLogger(level: string, destination: DestinationStream = fileDestination(1)): Logger {
  const filtered: DestinationStream = { write: (line: string) => destination.write(redactSecrets(line)) };
  return pino(
    {
      level,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
        censor: '[redacted]',
      },
      serializers: { err: stdSerializers.err },
    },
    filtered,
  );
}
