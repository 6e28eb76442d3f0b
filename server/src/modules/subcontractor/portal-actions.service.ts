import type { Knex } from 'knex';
import {
  WorkOrderProblem,
  type ChecklistItem,
  type CompleteWorkOrderBody,
  type Completion,
  type CreateFindingBody,
  type CreateWorkLogBody,
  type FieldError,
  type Finding,
  type InspectionAnswer,
  type InspectionAnswerBody,
  type InspectionSubmission,
  type LotoSignOffBody,
  type LotoStepBody,
  type LotoStepRecord,
  type PermitAcknowledgeBody,
  type PermitLogEntry,
  type PermitSignOffBody,
  type PermitSignOnBody,
  type PermitView,
  type SubmitInspectionBody,
  type WorkOrderView,
} from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import type { PortalAccess } from '../access/portal-access.js';
import { recordPortalEvent } from '../events/events.service.js';
import { claimAttachments } from '../attachments/attachments.service.js';
import { describeStep, lotoSequence, sameStep } from './loto.js';
import {
  answerView,
  completionView,
  doneAt,
  findingView,
  getWorkOrder,
  lockForWrite,
  permitEntryView,
  stepView,
  submissionView,
  workLogView,
} from './work-orders.service.js';

type Trx = Knex.Transaction;

/**
 * Runs one portal write: locks the work order (refusing a completed, cancelled or out-of-window
 * one), hands the current state to `act`, which writes its data and its events in this transaction.
 */
function write<T>(
  db: Knex,
  access: PortalAccess,
  ref: string,
  act: (trx: Trx, wo: WorkOrderView) => Promise<T>,
): Promise<T> {
  return db.transaction(async (trx) => {
    await lockForWrite(trx, access, ref);
    return act(trx, await getWorkOrder(db, ref, {}, trx));
  });
}

const conflict = (code: string, detail: string, errors?: FieldError[]) => new AppError(code, 409, detail, { errors });
const unprocessable = (code: string, detail: string, pointer: string, message: string) =>
  new AppError(code, 422, detail, { errors: [{ pointer, message }] });

// ── work logs, findings, completion (work-order:log-work / complete) ─────────

export function logWork(db: Knex, access: PortalAccess, ref: string, body: CreateWorkLogBody) {
  return write(db, access, ref, async (trx) => {
    let minutes = body.durationMinutes;
    if (body.start && body.end) {
      const span = Date.parse(body.end) - Date.parse(body.start);
      if (span <= 0)
        throw unprocessable(
          WorkOrderProblem.workLogEndBeforeStart,
          'The end lies before the start.',
          '/end',
          'must be after the start',
        );
      if (span > 24 * 3_600_000)
        throw unprocessable(
          WorkOrderProblem.workLogTimeRequired,
          'One entry covers at most 24 hours.',
          '/end',
          'at most 24 hours after the start',
        );
      minutes = Math.round(span / 60_000) || 1;
    } else if (body.start || body.end) {
      throw unprocessable(
        WorkOrderProblem.workLogTimeRequired,
        'Give both start and end, or a duration.',
        body.start ? '/end' : '/start',
        'needed with the other',
      );
    }
    if (!minutes)
      throw unprocessable(
        WorkOrderProblem.workLogTimeRequired,
        'Give start and end, or a duration.',
        '/start',
        'start and end, or a duration, are needed',
      );
    if (body.end) doneAt(body.end, '/end');
    const attachments = await claimAttachments(trx, access.subject, body.attachments ?? []);
    const [row] = await trx('work_logs')
      .insert({
        workOrderRef: ref,
        linkId: access.link.id,
        startAt: body.start ?? null,
        endAt: body.end ?? null,
        durationMinutes: minutes,
        workers: JSON.stringify(body.workers),
        materials: JSON.stringify(body.materials ?? []),
        notes: body.notes ?? null,
        attachments: JSON.stringify(attachments),
      })
      .returning('*');
    const log = workLogView(row);
    await recordPortalEvent(trx, access, 'work.logged', { ...log });
    return log;
  });
}

export function reportFinding(db: Knex, access: PortalAccess, ref: string, body: CreateFindingBody): Promise<Finding> {
  return write(db, access, ref, async (trx) => {
    const attachments = await claimAttachments(trx, access.subject, body.attachments ?? []);
    const [row] = await trx('findings')
      .insert({
        workOrderRef: ref,
        linkId: access.link.id,
        what: body.what,
        location: body.where,
        urgency: body.urgency,
        attachments: JSON.stringify(attachments),
      })
      .returning('*');
    const finding = findingView(row);
    await recordPortalEvent(trx, access, 'finding.reported', { ...finding });
    return finding;
  });
}

/** What still stands between the work order and its completion, each pointed at its part. */
export function missingForCompletion(wo: WorkOrderView): FieldError[] {
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
): Promise<Completion> {
  return write(db, access, ref, async (trx, wo) => {
    if (!body.signature && !body.typedSignature) {
      throw unprocessable(
        WorkOrderProblem.signatureRequired,
        'Sign on the screen or type your name as a signature.',
        '/signature',
        'a signature is needed',
      );
    }
    const confirmedAt = doneAt(body.confirmedAt, '/confirmedAt');
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

// ── inspections (inspection:submit) ──────────────────────────────────────────

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
): Promise<InspectionAnswer> {
  return write(db, access, ref, async (trx, wo) => {
    const checklist = findChecklist(wo, checklistKey);
    const item = checklist.items.find((i) => i.key === itemKey);
    if (!item) throw new AppError(WorkOrderProblem.itemNotFound, 404, `The checklist has no item ${itemKey}.`);
    if (checklist.submission)
      throw conflict(WorkOrderProblem.alreadySubmitted, 'This inspection has already been submitted.');
    const outOfLimits = checkAnswer(item, body);
    const answeredAt = doneAt(body.answeredAt, '/answeredAt');
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
): Promise<InspectionSubmission> {
  return write(db, access, ref, async (trx, wo) => {
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
        submittedAt: doneAt(body.submittedAt, '/submittedAt'),
      })
      .returning('*');
    const submission = submissionView(row);
    await recordPortalEvent(trx, access, 'inspection.submitted', { ...submission, answers: [...answers.values()] });
    return submission;
  });
}

// ── LOTO (loto:acknowledge) ──────────────────────────────────────────────────

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
): Promise<LotoStepRecord> {
  return write(db, access, ref, async (trx, wo) => {
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
        doneAt: doneAt(body.at, '/at'),
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
export function signOffIsolation(db: Knex, access: PortalAccess, ref: string, body: LotoSignOffBody) {
  return write(db, access, ref, async (trx, wo) => {
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
    const at = doneAt(body.at, '/at');
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

// ── permit-to-work (permit:sign) ─────────────────────────────────────────────

function findPermit(wo: WorkOrderView, permitRef: string): PermitView {
  const permit = wo.permits.find((p) => p.ref === permitRef);
  if (!permit) throw new AppError(WorkOrderProblem.permitNotFound, 404, `This work order has no permit ${permitRef}.`);
  return permit;
}

async function addEntry(
  trx: Trx,
  access: PortalAccess,
  ref: string,
  permit: PermitView,
  type: string,
  entry: Record<string, unknown> & { kind: string; doneBy: string; doneAt: Date },
): Promise<PermitLogEntry> {
  const [row] = await trx('permit_entries')
    .insert({
      workOrderRef: ref,
      permitRef: permit.ref,
      linkId: access.link.id,
      ...entry,
      workers: entry.workers ? JSON.stringify(entry.workers) : null,
    })
    .returning('*');
  const view = permitEntryView(row);
  await recordPortalEvent(trx, access, type, { permit: permit.ref, permitType: permit.type, ...view });
  return view;
}

export function acknowledgePrecaution(
  db: Knex,
  access: PortalAccess,
  ref: string,
  permitRef: string,
  body: PermitAcknowledgeBody,
) {
  return write(db, access, ref, async (trx, wo) => {
    const permit = findPermit(wo, permitRef);
    if (body.precaution >= permit.precautions.length) {
      throw unprocessable(
        WorkOrderProblem.permitNotFound,
        'The permit has no such precaution.',
        '/precaution',
        'no such precaution',
      );
    }
    if (permit.acknowledged.includes(body.precaution)) {
      throw conflict(WorkOrderProblem.permitAlreadyAcknowledged, 'This precaution has already been acknowledged.', [
        { pointer: '/precaution', message: 'already acknowledged' },
      ]);
    }
    return addEntry(trx, access, ref, permit, 'permit.precaution-acknowledged', {
      kind: 'precaution-acknowledged',
      precaution: body.precaution,
      // The wording acknowledged, kept in case the main system later rewords the permit.
      remarks: permit.precautions[body.precaution],
      doneBy: body.by,
      doneAt: doneAt(body.at, '/at'),
    });
  });
}

/** Why a permit cannot be signed on to now, or undefined when it can. */
function invalidity(permit: PermitView, now = Date.now()): { reason: string; detail: string } | undefined {
  if (permit.state === 'cancelled')
    return {
      reason: 'cancelled',
      detail: `Permit ${permit.ref} has been cancelled${permit.stateReason ? `: ${permit.stateReason}` : ''}.`,
    };
  if (permit.state === 'suspended')
    return {
      reason: 'suspended',
      detail: `Permit ${permit.ref} is suspended${permit.stateReason ? `: ${permit.stateReason}` : ''}.`,
    };
  if (now < Date.parse(permit.validFrom))
    return { reason: 'not-yet-valid', detail: `Permit ${permit.ref} is valid only from ${permit.validFrom}.` };
  if (now > Date.parse(permit.validTo))
    return { reason: 'expired', detail: `Permit ${permit.ref} expired at ${permit.validTo}.` };
  return undefined;
}

/**
 * Signs workers on. Refused with 409 `permit.not_valid` (reason in the error's `keyword`:
 * cancelled, suspended, not-yet-valid, expired) and with `permit.precautions_open` until every
 * precaution is acknowledged. Validity is judged at the server's time of arrival, whatever `at` says.
 */
export function signOn(db: Knex, access: PortalAccess, ref: string, permitRef: string, body: PermitSignOnBody) {
  return write(db, access, ref, async (trx, wo) => {
    const permit = findPermit(wo, permitRef);
    const invalid = invalidity(permit);
    if (invalid)
      throw conflict(WorkOrderProblem.permitNotValid, invalid.detail, [
        { pointer: '', message: invalid.detail, keyword: invalid.reason },
      ]);
    const open = permit.precautions.map((_, i) => i).filter((i) => !permit.acknowledged.includes(i));
    if (open.length) {
      throw conflict(
        WorkOrderProblem.permitPrecautionsOpen,
        'Every precaution must be acknowledged before signing on.',
        open.map((i) => ({ pointer: `/precautions/${i}`, message: 'not acknowledged' })),
      );
    }
    return addEntry(trx, access, ref, permit, 'permit.signed-on', {
      kind: 'signed-on',
      workers: body.workers,
      doneBy: body.by,
      doneAt: doneAt(body.at, '/at'),
    });
  });
}

/** Signs workers off (all on site by default). Always possible while someone is on, even on an invalid permit. */
export function signOff(db: Knex, access: PortalAccess, ref: string, permitRef: string, body: PermitSignOffBody) {
  return write(db, access, ref, async (trx, wo) => {
    const permit = findPermit(wo, permitRef);
    if (!permit.onSite.length)
      throw conflict(WorkOrderProblem.permitNotSignedOn, 'Nobody is signed on to this permit.');
    const stranger = (body.workers ?? []).findIndex((w) => !permit.onSite.includes(w));
    if (stranger >= 0) {
      throw unprocessable(
        WorkOrderProblem.permitNotSignedOn,
        `${body.workers![stranger]} is not signed on.`,
        `/workers/${stranger}`,
        'not signed on',
      );
    }
    return addEntry(trx, access, ref, permit, 'permit.signed-off', {
      kind: 'signed-off',
      workers: body.workers ?? permit.onSite,
      reason: body.reason,
      remarks: body.remarks ?? null,
      doneBy: body.by,
      doneAt: doneAt(body.at, '/at'),
    });
  });
}
