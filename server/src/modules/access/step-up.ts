import { createHash, randomInt } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { CreateStepUpBody, ProblemCode, StepUpChallenge, type Action } from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import { portalAccessOf } from './portal-auth.js';
import type { DefinePortalRoute, PortalScope } from '../../lib/route.js';
import { recordPortalEvent } from '../events/events.service.js';
import type { PortalAccess } from './portal-access.js';
import { idempotencyKey } from './idempotency.js';
import { maskEmail } from './tokens.js';
import type { MailOutbox } from '../mail/outbox.js';

/**
 * Step-up for risky actions (design.md): a route declares `portal: { stepUp: true }`; when the link
 * lists the route's action in `stepUp`, the request needs `X-Step-Up-Code` with a one-time code that
 * `POST /step-up` had sent to the link's recipient: by the portal's own e-mail when the server sends mail
 * (sealed in the mail queue), otherwise in the `step-up.requested` event for the main system to send.
 * Only a hash of the code is stored.
 */
const STEP_UP = {
  digits: 6,
  ttlMs: 10 * 60 * 1000,
  maxAttempts: 5,
  /** Codes one link may ask for in `requestWindowMs`. */
  maxRequests: 5,
  requestWindowMs: 15 * 60 * 1000,
  /** Wrong codes a link may ever send; then it gets no more codes (the sender must issue a new link). */
  maxWrongPerLink: 20,
} as const;

const STEP_UP_HEADER = 'x-step-up-code';

const hashCode = (linkId: string, code: string) => createHash('sha256').update(`${linkId}:${code}`).digest();

const stepUpRequiredFor = (access: PortalAccess, action: Action | undefined) =>
  Boolean(action && access.link.stepUp.includes(action));

async function requestStepUp(
  db: Knex,
  access: PortalAccess,
  action: Action,
  outbox: MailOutbox | undefined,
): Promise<StepUpChallenge> {
  if (!access.actions.includes(action))
    throw new AppError(ProblemCode.actionNotGranted, 403, 'Your link does not allow this action.');
  if (!stepUpRequiredFor(access, action)) {
    throw new AppError(ProblemCode.stepUpNotRequired, 409, 'This action needs no confirmation code on your link.');
  }
  const { link } = access;
  return db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`step-up:${link.id}`]);
    const [{ wrong }] = await trx('step_up_codes').where({ linkId: link.id }).sum({ wrong: 'attempts' });
    if (Number(wrong ?? 0) >= STEP_UP.maxWrongPerLink) {
      throw new AppError(
        ProblemCode.stepUpLocked,
        403,
        'Too many wrong confirmation codes were entered with this link. Ask the sender for a new link.',
      );
    }
    const since = new Date(Date.now() - STEP_UP.requestWindowMs);
    const [{ count }] = await trx('step_up_codes')
      .where({ linkId: link.id })
      .where('createdAt', '>', since)
      .count({ count: '*' });
    if (Number(count) >= STEP_UP.maxRequests) {
      throw new AppError(
        ProblemCode.rateLimited,
        429,
        'Several codes were asked for a moment ago; use the last one or wait a few minutes.',
        {
          extensions: { retryAfter: 300 },
          headers: { 'Retry-After': '300' },
        },
      );
    }
    // A new code replaces any earlier one for the same action.
    await trx('step_up_codes')
      .where({ linkId: link.id, action })
      .whereNull('usedAt')
      .where('expiresAt', '>', new Date())
      .update({ expiresAt: trx.fn.now() });
    const code = String(randomInt(0, 10 ** STEP_UP.digits)).padStart(STEP_UP.digits, '0');
    const expiresAt = new Date(Date.now() + STEP_UP.ttlMs);
    const [row] = await trx('step_up_codes')
      .insert({
        linkId: link.id,
        sessionId: access.session?.id ?? null,
        action,
        codeHash: hashCode(link.id, code),
        expiresAt,
      })
      .returning('id');
    // The portal mails the code when it sends mail; otherwise the main system does, from the event.
    const email = link.recipient?.email;
    const byMail = Boolean(outbox && email);
    if (byMail) await outbox!.queueStepUp(trx, link.id, email!, code, action, expiresAt);
    await recordPortalEvent(trx, access, 'step-up.requested', {
      stepUpId: row.id,
      action,
      delivery: byMail ? 'email' : 'none',
      ...(byMail ? {} : { code }),
      recipient: link.recipient,
      expiresAt: expiresAt.toISOString(),
    });
    return { action, expiresAt: expiresAt.toISOString(), ...(email ? { recipient: maskEmail(email) } : {}) };
  });
}

/**
 * The guard for `stepUp` routes, after the scope and idempotency guards (so a replayed answer needs no
 * new code). The code is spent when the request succeeds; a refused request (400/409/422) gives it back.
 */
export function requireStepUp(db: Knex, scope: PortalScope): RequestHandler {
  return async (req, res, next) => {
    const access = portalAccessOf(req);
    const risky = typeof scope.stepUp === 'function' ? scope.stepUp(req.body) : scope.stepUp;
    if (!risky || !stepUpRequiredFor(access, scope.action)) return next();
    const presented = req.get(STEP_UP_HEADER)?.trim();
    if (!presented) {
      throw new AppError(
        ProblemCode.stepUpRequired,
        403,
        'This action needs the confirmation code sent to you (POST /step-up).',
      );
    }
    // Checking the code and counting the attempt are one statement on the locked row, so parallel
    // guesses queue behind each other and the sixth finds the code gone.
    const { rows } = await db.raw(
      `UPDATE step_up_codes
          SET used_at = CASE WHEN code_hash = :hash THEN now() END,
              attempts = attempts + CASE WHEN code_hash = :hash THEN 0 ELSE 1 END
        WHERE id = (SELECT id FROM step_up_codes
                     WHERE link_id = :linkId AND action = :action AND used_at IS NULL
                       AND expires_at > now() AND attempts < :maxAttempts
                     ORDER BY created_at DESC LIMIT 1 FOR UPDATE)
       RETURNING id, used_at IS NOT NULL AS ok, attempts`,
      {
        hash: hashCode(access.link.id, /^\d{6}$/.test(presented) ? presented : ''),
        linkId: access.link.id,
        action: scope.action!,
        maxAttempts: STEP_UP.maxAttempts,
      },
    );
    const checked = rows[0] as { id: string; ok: boolean; attempts: number } | undefined;
    if (!checked)
      throw new AppError(ProblemCode.stepUpRequired, 403, 'There is no valid confirmation code; ask for a new one.');
    if (!checked.ok) {
      throw new AppError(ProblemCode.stepUpInvalid, 403, 'The confirmation code is not right.', {
        errors: [
          {
            pointer: '#/headers/x-step-up-code',
            message: `wrong code; ${Math.max(0, STEP_UP.maxAttempts - checked.attempts)} attempts left`,
          },
        ],
      });
    }
    const spent = checked;
    res.on('finish', () => {
      if (res.statusCode >= 300)
        void db('step_up_codes')
          .where({ id: spent.id })
          .update({ usedAt: null })
          .catch(() => undefined);
    });
    next();
  };
}

export function stepUpPortalRoutes(define: DefinePortalRoute, db: Knex, outbox: MailOutbox | undefined) {
  define(
    {
      method: 'post',
      path: '/step-up',
      operationId: 'portalRequestStepUp',
      errors: [409],
      summary: "Ask for a one-time confirmation code before a risky action (sent to the link's recipient)",
      tags: ['access'],
      body: CreateStepUpBody,
      portal: { idempotency: 'key-only' },
      responses: { 201: StepUpChallenge },
    },
    async (req, res) => {
      idempotencyKey(req);
      res.status(201).json(await requestStepUp(db, req.portal, req.body.action, outbox));
    },
  );
}
