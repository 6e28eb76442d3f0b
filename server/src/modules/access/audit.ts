import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { redactSecrets } from '../../lib/logger.js';

/**
 * Writes one access-log row per portal request once the answer is sent: when, from where, which
 * route and action, with what outcome (the problem code, or `ok`). Never the token.
 */
export function auditPortalAccess(db: Knex, logger: Logger): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      const access = req.portal;
      db('access_log')
        .insert({
          linkId: access?.link.id ?? null,
          sessionId: access?.session?.id ?? null,
          tokenKind: access?.tokenKind ?? null,
          ip: req.ip ?? null,
          userAgent: req.get('user-agent')?.slice(0, 300) ?? null,
          origin: req.get('origin')?.slice(0, 200) ?? null,
          method: req.method,
          route: res.locals.route ?? redactSecrets(req.originalUrl.split('?')[0]!),
          action: res.locals.action ?? null,
          status: res.statusCode,
          outcome: res.locals.problemCode ?? (res.statusCode < 400 ? 'ok' : 'error'),
        })
        .catch((error: unknown) => logger.error({ err: error }, 'access log write failed'));
    });
    next();
  };
}
