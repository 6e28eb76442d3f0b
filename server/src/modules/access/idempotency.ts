import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { ProblemCode } from '@amage/contracts';
import { toAppError } from '../../lib/error-handler.js';
import { AppError, problemOf } from '../../lib/errors.js';
import { portalAccessOf } from './portal-auth.js';

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

/** How long a submit waits for an identical one still running before it is told to retry (409). */
const WAIT_MS = 1000;

interface WriteContext {
  trx: Knex.Transaction;
}
const writes = new AsyncLocalStorage<WriteContext>();

/**
 * The database as the modules see it: inside a replayed portal write, every query and every
 * `db.transaction()` (then a savepoint) joins the write's own transaction, the one that also holds its
 * idempotency record; anywhere else, the pool.
 */
export function joinWriteTransaction(db: Knex): Knex {
  const current = () => {
    const trx = writes.getStore()?.trx;
    return trx && !trx.isCompleted() ? trx : undefined;
  };
  return new Proxy(db, {
    apply: (target, _this, args: unknown[]) => Reflect.apply(current() ?? target, undefined, args),
    get(target, prop) {
      const trx = current();
      // Nested: a savepoint, whose options (read only, isolation) belong to the outer transaction.
      if (trx && prop === 'transaction')
        return (handler?: (t: Knex.Transaction) => Promise<unknown>) =>
          handler ? trx.transaction(handler) : trx.transaction();
      const source = trx ?? target;
      const value = Reflect.get(source, prop);
      return typeof value === 'function' ? value.bind(source) : value;
    },
  });
}

interface StoredAnswer {
  requestHash: string;
  state: string;
  responseStatus: number;
  responseBody: unknown;
  responseLocation: string | null;
}

function replay(res: Response, stored: StoredAnswer | undefined, requestHash: string) {
  if (stored?.state !== 'done') throw inProgress();
  if (stored.requestHash !== requestHash) {
    throw new AppError(ProblemCode.idempotencyKeyReused, 422, 'This Idempotency-Key was used for a different request.');
  }
  res.set('Idempotent-Replayed', 'true');
  if (stored.responseLocation) res.location(stored.responseLocation);
  res.status(stored.responseStatus).json(stored.responseBody);
}

const inProgress = () =>
  new AppError(
    ProblemCode.idempotencyInProgress,
    409,
    'This submit is still being processed. Retry in 1 s to get its answer.',
    { headers: { 'Retry-After': '1' } },
  );

/**
 * Ends the write's transaction as its answer goes out: a success answer is stored in the idempotency
 * record and commits with the rows it answers for, before a byte is sent; any other answer (and a
 * client gone before it) rolls everything back. If the commit fails, the client gets that problem
 * (503 while the database is away) instead of the success that was not kept.
 */
function commitWithAnswer(res: Response, trx: Knex.Transaction, where: { linkId: string; key: string }) {
  const json = res.json.bind(res);
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  let body: unknown = null;
  res.json = (b: unknown) => {
    body = b;
    return json(b);
  };
  res.end = ((...args: unknown[]) => {
    const status = res.statusCode;
    const settle =
      status >= 200 && status < 300
        ? trx('idempotency_keys')
            .where(where)
            .update({
              state: 'done',
              responseStatus: status,
              responseBody: JSON.stringify(body ?? null),
              responseLocation: res.get('location') ?? null,
              updatedAt: trx.fn.now(),
            })
            .then(() => trx.commit())
        : trx.rollback();
    settle.then(
      () => end(...args),
      (error: unknown) => {
        if (!trx.isCompleted()) void trx.rollback().catch(() => undefined);
        const problem = toAppError(error) ?? new AppError(ProblemCode.internal, 500, 'The submit was not saved.');
        if (problem.status >= 500) res.req.log?.warn({ err: { message: String(error) } }, 'submit not committed');
        const text = JSON.stringify(problemOf(problem));
        res.statusCode = problem.status;
        for (const name of ['Location', 'ETag', 'Idempotent-Replayed']) res.removeHeader(name);
        res.set(problem.headers);
        res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
        res.setHeader('Content-Length', Buffer.byteLength(text));
        end(text);
      },
    );
    return res;
  }) as Response['end'];
  res.once('close', () => {
    if (!trx.isCompleted()) void trx.rollback().catch(() => undefined);
  });
}

const hashes = new WeakMap<Request, { linkId: string; key: string; requestHash: string }>();

/**
 * `Idempotency-Key` on portal writes, per link: a retry with the same key and body replays the first
 * successful answer; the same key with another body is 422. Two guards: `replay` answers from a
 * settled record (before the step-up guard, so a replay needs no new code); `claim`, the last guard,
 * claims the record, marks it done and stores its answer in the write's own transaction
 * (`joinWriteTransaction`), so a crash or outage at any point leaves either nothing (a retry runs
 * once) or the rows and their answer (a retry replays). An identical submit arriving meanwhile waits
 * for that transaction (the record's row lock) up to `WAIT_MS`, then replays it, runs (the first
 * failed) or gets 409 with `Retry-After`. Failed attempts leave nothing: a corrected retry may reuse the key.
 */
export function idempotent(db: Knex): { replay: RequestHandler; claim: RequestHandler } {
  const replayGuard: RequestHandler = async (req, res, next) => {
    const key = idempotencyKey(req);
    const linkId = portalAccessOf(req).link.id;
    // A raw body (file upload) is hashed as bytes, with the headers that describe it.
    const hash = createHash('sha256').update(`${req.method} ${req.baseUrl}${req.path}\n`);
    if (Buffer.isBuffer(req.body))
      hash.update(`${req.get('content-type') ?? ''}\n${req.get('x-filename') ?? ''}\n`).update(req.body);
    else hash.update(JSON.stringify(req.body ?? null));
    const requestHash = hash.digest('base64url');
    const settled = await db('idempotency_keys').where({ linkId, key }).first();
    if (settled?.state === 'done') return replay(res, settled, requestHash);
    hashes.set(req, { linkId, key, requestHash });
    next();
  };

  const claim: RequestHandler = async (req, res, next) => {
    const { linkId, key, requestHash } = hashes.get(req)!;
    const trx = await db.transaction();
    let claimed: unknown[];
    try {
      await trx.raw("SELECT set_config('lock_timeout', ?, true)", [`${WAIT_MS}ms`]);
      // Only a record left `running` by an older version is taken over; a committed one is `done`.
      claimed = await trx('idempotency_keys')
        .insert({ linkId, key, requestHash, state: 'running' })
        .onConflict(['link_id', 'key'])
        .merge({ requestHash, state: 'running', updatedAt: trx.fn.now() })
        .where('idempotency_keys.state', '<>', 'done')
        .returning('key');
      await trx.raw("SELECT set_config('lock_timeout', '0', true)");
    } catch (error) {
      await trx.rollback().catch(() => undefined);
      if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) throw inProgress();
      throw error;
    }
    if (claimed.length === 0) {
      await trx.rollback();
      return replay(res, await db('idempotency_keys').where({ linkId, key }).first(), requestHash);
    }
    commitWithAnswer(res, trx, { linkId, key });
    writes.run({ trx }, next);
  };
  return { replay: replayGuard, claim };
}

/** SQLSTATE of `lock_timeout` running out. */
const LOCK_NOT_AVAILABLE = '55P03';
