// Completion of a work order (`work-order:complete`), confirmed from `<amage-work-order>`.
import type { Knex } from 'knex';
import {
  WorkOrderProblem,
  type CompleteWorkOrderBody,
  type Completion,
  type FieldError,
  type WorkOrderView,
} from '@amage/contracts';
import type { PortalAccess } from '../access/portal-access.js';
import { recordPortalEvent } from '../events/events.service.js';
import { describeStep } from './loto.js';
import { conflict, unprocessable, write } from './portal-write.js';
import { completionView, doneAt } from './work-orders.service.js';

/** What still stands between the work order and its completion, each pointed at its part. */
function missingForCompletion(wo: WorkOrderView): FieldError[] {
  const missing: FieldError[] = [];
  for (const c of wo.checklists) {
    if (c.required !== false && !c.submission) {
      const answered = new Set(c.answers.map((a) => a.itemKey));
      const open = c.items.filter((i) => i.required !== false && !answered.has(i.key)).map((i) => i.key);
      missing.push({
        pointer: `/checklists/${c.key}`,
        message: open.length ? `inspection not submitted; unanswered: ${open.join(', ')}` : 'inspection not submitted',
        keyword: 'inspection',
      });
    }
  }
  if (wo.loto && !wo.loto.released) {
    missing.push({
      pointer: '/loto',
      message: `LOTO not released; next: ${describeStep(wo.loto.next!)}`,
      keyword: 'loto',
    });
  }
  for (const p of wo.permits) {
    if (p.onSite.length)
      missing.push({
        pointer: `/permits/${p.ref}`,
        message: `still signed on: ${p.onSite.join(', ')}`,
        keyword: 'permit',
      });
  }
  return missing;
}

export function completeWorkOrder(
  db: Knex,
  access: PortalAccess,
  ref: string,
  body: CompleteWorkOrderBody,
  now: Date,
): Promise<Completion> {
  return write(db, access, ref, now, async (trx, wo) => {
    if (!body.signature && !body.typedSignature) {
      throw unprocessable(
        WorkOrderProblem.signatureRequired,
        'Sign on the screen or type your name as a signature.',
        '/signature',
        'a signature is needed',
      );
    }
    const confirmedAt = doneAt(body.confirmedAt, '/confirmedAt', now);
    const missing = missingForCompletion(wo);
    if (missing.length)
      throw conflict(WorkOrderProblem.completionBlocked, 'The work cannot be confirmed as complete yet.', missing);
    const [row] = await trx('work_order_completions')
      .insert({
        workOrderRef: ref,
        linkId: access.link.id,
        summary: body.summary,
        remarks: body.remarks ?? null,
        confirmedBy: body.confirmedBy,
        signature: body.signature ?? null,
        typedSignature: body.signature ? null : body.typedSignature,
        confirmedAt,
      })
      .returning('*');
    await trx('work_orders').where({ ref }).update({ status: 'completed', updatedAt: trx.fn.now() });
    const completion = completionView(row, false);
    // The feed carries the signature image too: the main system keeps the record of who confirmed.
    await recordPortalEvent(trx, access, 'work-order.completed', { ...completion, signature: body.signature ?? null });
    return completion;
  });
}
