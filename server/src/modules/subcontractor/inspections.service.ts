// Inspections against a checklist (`inspection:submit`), the server side of `<amage-inspection>`.
import type { Knex } from 'knex';
import {
  WorkOrderProblem,
  type ChecklistItem,
  type InspectionAnswer,
  type InspectionAnswerBody,
  type InspectionSubmission,
  type SubmitInspectionBody,
  type WorkOrderView,
} from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import type { PortalAccess } from '../access/portal-access.js';
import { recordPortalEvent } from '../events/events.service.js';
import { claimAttachments } from '../attachments/attachments.service.js';
import { conflict, unprocessable, write } from './portal-write.js';
import { answerView, doneAt, submissionView } from './work-orders.service.js';

function findChecklist(wo: WorkOrderView, checklistKey: string) {
  const checklist = wo.checklists.find((c) => c.key === checklistKey);
  if (!checklist)
    throw new AppError(WorkOrderProblem.checklistNotFound, 404, `This work order has no checklist ${checklistKey}.`);
  return checklist;
}

/** Checks one answer against its item; returns whether a measured value is out of its limits. */
function checkAnswer(item: ChecklistItem, body: InspectionAnswerBody): boolean {
  const invalid = (pointer: string, message: string) =>
    unprocessable(WorkOrderProblem.answerInvalid, `The answer to "${item.text}" is not valid.`, pointer, message);
  let outOfLimits = false;
  switch (item.type) {
    case 'pass-fail':
    case 'pass-fail-na':
      if (!body.result) throw invalid('/result', 'choose a result');
      if (body.result === 'na' && item.type === 'pass-fail')
        throw invalid('/result', 'not applicable is not allowed here');
      break;
    case 'number':
      if (body.value === undefined) throw invalid('/value', 'enter the measured value');
      outOfLimits =
        (item.min !== undefined && body.value < item.min) || (item.max !== undefined && body.value > item.max);
      break;
    case 'text':
      if (!body.text?.trim()) throw invalid('/text', 'enter a text');
      break;
    case 'photo':
      break;
  }
  if ((item.type === 'photo' || item.photoRequired) && !body.attachments?.length) {
    throw unprocessable(WorkOrderProblem.photoRequired, `"${item.text}" needs a photo.`, '/attachments', 'add a photo');
  }
  if ((outOfLimits || body.result === 'fail') && !body.comment?.trim()) {
    throw unprocessable(
      WorkOrderProblem.commentRequired,
      outOfLimits
        ? `The value is outside ${item.min ?? '…'}–${item.max ?? '…'} ${item.unit ?? ''}; say why in a comment.`.replace(
            ' ;',
            ';',
          )
        : 'A failed item needs a comment.',
      '/comment',
      outOfLimits ? 'out of limits: a comment is needed' : 'a comment is needed',
    );
  }
  return outOfLimits;
}

/** Saves (or replaces) one answer while the checklist is not yet submitted. */
export function answerItem(
  db: Knex,
  access: PortalAccess,
  ref: string,
  checklistKey: string,
  itemKey: string,
  body: InspectionAnswerBody,
  now: Date,
): Promise<InspectionAnswer> {
  return write(db, access, ref, now, async (trx, wo) => {
    const checklist = findChecklist(wo, checklistKey);
    const item = checklist.items.find((i) => i.key === itemKey);
    if (!item) throw new AppError(WorkOrderProblem.itemNotFound, 404, `The checklist has no item ${itemKey}.`);
    if (checklist.submission)
      throw conflict(WorkOrderProblem.alreadySubmitted, 'This inspection has already been submitted.');
    const outOfLimits = checkAnswer(item, body);
    const answeredAt = doneAt(body.answeredAt, '/answeredAt', now);
    const attachments = await claimAttachments(trx, access.subject, body.attachments ?? []);
    const row = {
      workOrderRef: ref,
      checklistKey,
      itemKey,
      linkId: access.link.id,
      result: body.result ?? null,
      value: body.value ?? null,
      text: body.text ?? null,
      comment: body.comment ?? null,
      outOfLimits,
      attachments: JSON.stringify(attachments),
      answeredAt,
    };
    const [saved] = await trx('inspection_answers')
      .insert(row)
      .onConflict(['work_order_ref', 'checklist_key', 'item_key'])
      .merge({ ...row, updatedAt: trx.fn.now() })
      .returning('*');
    const answer = answerView(saved);
    await recordPortalEvent(trx, access, 'inspection.answer-saved', { checklistKey, ...answer });
    return answer;
  });
}

export function submitInspection(
  db: Knex,
  access: PortalAccess,
  ref: string,
  checklistKey: string,
  body: SubmitInspectionBody,
  now: Date,
): Promise<InspectionSubmission> {
  return write(db, access, ref, now, async (trx, wo) => {
    const checklist = findChecklist(wo, checklistKey);
    if (checklist.submission)
      throw conflict(WorkOrderProblem.alreadySubmitted, 'This inspection has already been submitted.');
    const answers = new Map(checklist.answers.map((a) => [a.itemKey, a]));
    const open = checklist.items.filter((i) => i.required !== false && !answers.has(i.key));
    if (open.length) {
      throw conflict(
        WorkOrderProblem.itemsOpen,
        `${open.length} required item(s) are not answered yet.`,
        open.map((i) => ({ pointer: `/items/${i.key}`, message: 'not answered' })),
      );
    }
    const failedItems = checklist.items
      .filter((i) => answers.get(i.key)?.result === 'fail' || answers.get(i.key)?.outOfLimits)
      .map((i) => i.key);
    const [row] = await trx('inspection_submissions')
      .insert({
        workOrderRef: ref,
        checklistKey,
        linkId: access.link.id,
        inspector: body.inspector,
        result: failedItems.length ? 'failed' : 'passed',
        failedItems: JSON.stringify(failedItems),
        submittedAt: doneAt(body.submittedAt, '/submittedAt', now),
      })
      .returning('*');
    const submission = submissionView(row);
    await recordPortalEvent(trx, access, 'inspection.submitted', { ...submission, answers: [...answers.values()] });
    return submission;
  });
}
