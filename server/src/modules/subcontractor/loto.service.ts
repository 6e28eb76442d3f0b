// LOTO steps and the isolation sign-off (`loto:acknowledge`), the server side of `<amage-loto-procedure>`.
import type { Knex } from 'knex';
import { WorkOrderProblem, type LotoSignOffBody, type LotoStepBody, type LotoStepRecord } from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import type { PortalAccess } from '../access/portal-access.js';
import { recordPortalEvent } from '../events/events.service.js';
import { claimAttachments } from '../attachments/attachments.service.js';
import { describeStep, lotoSequence, sameStep } from './loto.js';
import { conflict, unprocessable, write } from './portal-write.js';
import { doneAt, stepView } from './work-orders.service.js';

/**
 * Confirms one LOTO step. Steps go strictly in the procedure's order (`loto.out_of_order` names the
 * expected one), never twice (`loto.already_done`), release only after the isolation sign-off
 * (`loto.not_isolated`). The last release step also writes `loto.released`.
 */
export function confirmLotoStep(
  db: Knex,
  access: PortalAccess,
  ref: string,
  body: LotoStepBody,
  now: Date,
): Promise<LotoStepRecord> {
  return write(db, access, ref, now, async (trx, wo) => {
    const loto = wo.loto;
    if (!loto) throw new AppError(WorkOrderProblem.lotoNotFound, 404, 'This work order has no LOTO procedure.');
    const wanted = { pointKey: body.pointKey ?? null, step: body.step };
    const sequence = lotoSequence(loto);
    const seq = sequence.findIndex((s) => sameStep(s, wanted));
    if (seq < 0) {
      const pointer = body.pointKey && !loto.points.some((p) => p.key === body.pointKey) ? '/pointKey' : '/step';
      throw unprocessable(
        WorkOrderProblem.lotoOutOfOrder,
        `The procedure has no step "${describeStep({ ...wanted, phase: 'isolation' })}".`,
        pointer,
        'no such step in this procedure',
      );
    }
    if (loto.steps.some((s) => sameStep(s, wanted))) {
      throw conflict(
        WorkOrderProblem.lotoAlreadyDone,
        `"${describeStep(sequence[seq]!)}" has already been confirmed.`,
        [{ pointer: '/step', message: 'already confirmed' }],
      );
    }
    const expected = loto.next!;
    if (sequence[seq]!.phase === 'release' && !loto.signOff) {
      throw conflict(
        WorkOrderProblem.lotoNotIsolated,
        'Release steps come only after the isolation has been completed and signed off.',
        [{ pointer: '/step', message: `next: ${describeStep(expected)}` }],
      );
    }
    if (!sameStep(expected, wanted)) {
      throw conflict(WorkOrderProblem.lotoOutOfOrder, `Steps go in order; next is "${describeStep(expected)}".`, [
        {
          pointer: expected.pointKey !== wanted.pointKey ? '/pointKey' : '/step',
          message: `next: ${describeStep(expected)}`,
        },
      ]);
    }
    if (body.step === 'lock-applied' && !body.lockNumber?.trim()) {
      throw unprocessable(
        WorkOrderProblem.lotoLockNumberRequired,
        'Give the number of the lock applied.',
        '/lockNumber',
        'enter the lock number',
      );
    }
    const [attachment] = await claimAttachments(
      trx,
      access.subject,
      body.attachment ? [body.attachment] : [],
      '/attachment',
    );
    const [row] = await trx('loto_steps')
      .insert({
        workOrderRef: ref,
        linkId: access.link.id,
        seq,
        pointKey: wanted.pointKey,
        step: body.step,
        lockNumber: body.step === 'lock-applied' ? body.lockNumber : null,
        doneBy: body.by,
        doneAt: doneAt(body.at, '/at', now),
        attachment: attachment ? JSON.stringify(attachment) : null,
      })
      .returning('*');
    const step = stepView(row);
    await recordPortalEvent(trx, access, 'loto.step-confirmed', { procedure: loto.ref, ...step });
    if (seq === sequence.length - 1)
      await recordPortalEvent(trx, access, 'loto.released', { procedure: loto.ref, by: step.by, at: step.at });
    return step;
  });
}

/**
 * Signs off the isolation as a whole (all points locked, tagged and verified). A risky action: the
 * route is declared `stepUp`, so a link listing `loto:acknowledge` in its `stepUp` needs a code here.
 */
export function signOffIsolation(db: Knex, access: PortalAccess, ref: string, body: LotoSignOffBody, now: Date) {
  return write(db, access, ref, now, async (trx, wo) => {
    const loto = wo.loto;
    if (!loto) throw new AppError(WorkOrderProblem.lotoNotFound, 404, 'This work order has no LOTO procedure.');
    if (loto.signOff) throw conflict(WorkOrderProblem.lotoAlreadyDone, 'The isolation has already been signed off.');
    if (!loto.isolated) {
      throw conflict(
        WorkOrderProblem.lotoOutOfOrder,
        `Isolation is not complete; next is "${describeStep(loto.next!)}".`,
        [{ pointer: '', message: `next: ${describeStep(loto.next!)}` }],
      );
    }
    const at = doneAt(body.at, '/at', now);
    await trx('loto_sign_offs').insert({ workOrderRef: ref, linkId: access.link.id, doneBy: body.by, doneAt: at });
    const signOff = { by: body.by, at: at.toISOString() };
    await recordPortalEvent(trx, access, 'loto.isolation-signed-off', {
      procedure: loto.ref,
      ...signOff,
      locks: loto.steps.filter((s) => s.lockNumber).map((s) => ({ pointKey: s.pointKey, lockNumber: s.lockNumber })),
    });
    return signOff;
  });
}
