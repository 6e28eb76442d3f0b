import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { ProblemCode } from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import { portalAccessOf } from './portal-auth.js';

/** A `running` record older than this belongs to a request that died; a retry may take it over. */
const STALE_MS = 60_000;
const KEY = /^[\x21-\x7e]{8,200}$/;

export function idempotencyKey(req: { get(name: string): string | undefined }): string {
  const key = req.get('idempotency-key');
  if (!key || !KEY.test(key)) {
    throw new AppError(
      ProblemCode.idempotencyKeyRequired,
      400,
      'Every submit needs an Idempotency-Key header (8 to 200 visible characters).',
    );
  }
  return key;
}

/** Sends the answer only after its idempotency record is settled, so a quick retry never sees it running. */
function settleBeforeSending(res: Response, settle: (status: number, body: unknown) => Promise<void>) {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    settle(res.statusCode, body)
      .catch(() => undefined)
      .finally(() => json(body));
    return res;
  };
}

/**
 * `Idempotency-Key` on portal writes, per link: a retry with the same key and body replays the first
 * successful answer; the same key with another body is 422; while the first is still running, 409.
 * Failed attempts are forgotten, so a corrected retry may reuse the key.
 */
export function idempotent(db: Knex): RequestHandler {
  return async (req, res, next) => {
    const key = idempotencyKey(req);
    const linkId = portalAccessOf(req).link.id;
    // A raw body (file upload) is hashed as bytes, with the headers that describe it.
    const hash = createHash('sha256').update(`${req.method} ${req.baseUrl}${req.path}\n`);
    if (Buffer.isBuffer(req.body))
      hash.update(`${req.get('content-type') ?? ''}\n${req.get('x-filename') ?? ''}\n`).update(req.body);
    else hash.update(JSON.stringify(req.body ?? null));
    const requestHash = hash.digest('base64url');

    const claimed = await db('idempotency_keys')
      .insert({ linkId, key, requestHash, state: 'running' })
      .onConflict(['link_id', 'key'])
      .ignore()
      .returning('key');
    if (claimed.length === 0) {
      const existing = await db('idempotency_keys').where({ linkId, key }).first();
      if (existing.requestHash !== requestHash) {
        throw new AppError(
          ProblemCode.idempotencyKeyReused,
          422,
          'This Idempotency-Key was used for a different request.',
        );
      }
      if (existing.state === 'done') {
        res.set('Idempotent-Replayed', 'true');
        if (existing.responseLocation) res.location(existing.responseLocation);
        res.status(existing.responseStatus).json(existing.responseBody);
        return;
      }
      const takenOver = await db('idempotency_keys')
        .where({ linkId, key, state: 'running' })
        .where('updatedAt', '<', new Date(Date.now() - STALE_MS))
        .update({ updatedAt: db.fn.now() });
      if (!takenOver) {
        throw new AppError(
          ProblemCode.idempotencyInProgress,
          409,
          'This submit is still being processed. Try again in a moment.',
          {
            headers: { 'Retry-After': '1' },
          },
        );
      }
    }

    settleBeforeSending(res, async (status, body) => {
      if (status >= 200 && status < 300) {
        await db('idempotency_keys')
          .where({ linkId, key })
          .update({
            state: 'done',
            responseStatus: status,
            responseBody: JSON.stringify(body ?? null),
            responseLocation: res.get('location') ?? null,
            updatedAt: db.fn.now(),
          });
      } else {
        await db('idempotency_keys').where({ linkId, key, state: 'running' }).delete();
      }
    });
    next();
  };
}
