import type { Knex } from 'knex';
import {
  ProblemCode,
  WorkOrderProblem,
  type Attachment,
  type Checklist,
  type ChecklistView,
  type Completion,
  type FieldError,
  type Finding,
  type InspectionAnswer,
  type InspectionSubmission,
  type LotoStepRecord,
  type LotoView,
  type PermitLogEntry,
  type PermitView,
  type PutWorkOrderBody,
  type WorkLog,
  type WorkOrderStatus,
  type WorkOrderStatusChangeBody,
  type WorkOrderView,
  isFutureTime,
} from '@amage/contracts';
import { AppError, notFound } from '../../lib/errors.js';
import type { PortalAccess } from '../access/portal-access.js';
import { claimAttachments } from '../attachments/attachments.service.js';
import { lotoSequence, sameStep } from './loto.js';

/** A work order row as stored. */
export interface WorkOrderRow {
  ref: string;
  number: string;
  contractorRef: string;
  status: WorkOrderStatus;
  document: PutWorkOrderBody;
  attachments: Attachment[];
  createdAt: Date;
  updatedAt: Date;
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : undefined);
const withoutUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
/** Drops undefined and null members, so optional fields are absent rather than null. */
const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

/** The checklists of a work order: the design example's single `checklist` is kept under the key `main`. */
function checklistsOf(doc: PutWorkOrderBody): Checklist[] {
  return [
    ...(doc.checklist ? [{ key: 'main', title: 'Checklist', items: doc.checklist }] : []),
    ...(doc.checklists ?? []),
  ];
}

const isClosed = (status: WorkOrderStatus) => status === 'completed' || status === 'cancelled';

// ── integration ──────────────────────────────────────────────────────────────

function duplicates<T>(list: T[], key: (t: T) => string, pointer: (i: number) => string, what: string): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  list.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) errors.push({ pointer: pointer(i), message: `${what} ${k} appears twice` });
    seen.add(k);
  });
  return errors;
}

/** Rules a schema cannot say: unique keys, limits and windows the right way round. */
function checkDocument(doc: PutWorkOrderBody) {
  const errors: FieldError[] = [];
  const before = (a: string | undefined, b: string | undefined) => !a || !b || Date.parse(a) < Date.parse(b);
  if (!before(doc.plannedStart, doc.plannedEnd))
    errors.push({ pointer: '/plannedEnd', message: 'must be after plannedStart' });
  if (doc.checklist && doc.checklists?.some((c) => c.key === 'main')) {
    errors.push({ pointer: '/checklists', message: 'the key main is taken by checklist' });
  }
  errors.push(
    ...duplicates(
      doc.checklists ?? [],
      (c) => c.key,
      (i) => `/checklists/${i}/key`,
      'checklist',
    ),
  );
  const itemRules = (items: Checklist['items'], base: string) => {
    errors.push(
      ...duplicates(
        items,
        (it) => it.key,
        (i) => `${base}/${i}/key`,
        'item',
      ),
    );
    items.forEach((it, i) => {
      if (it.min !== undefined && it.max !== undefined && it.min > it.max)
        errors.push({ pointer: `${base}/${i}/max`, message: 'must not be below min' });
    });
  };
  if (doc.checklist) itemRules(doc.checklist, '/checklist');
  for (const [i, c] of (doc.checklists ?? []).entries()) itemRules(c.items, `/checklists/${i}/items`);
  errors.push(
    ...duplicates(
      doc.tasks ?? [],
      (t) => t.key,
      (i) => `/tasks/${i}/key`,
      'task',
    ),
  );
  if (doc.loto)
    errors.push(
      ...duplicates(
        doc.loto.points,
        (p) => p.key,
        (i) => `/loto/points/${i}/key`,
        'isolation point',
      ),
    );
  errors.push(
    ...duplicates(
      doc.permits ?? [],
      (p) => p.ref,
      (i) => `/permits/${i}/ref`,
      'permit',
    ),
  );
  doc.permits?.forEach((p, i) => {
    if (!before(p.validFrom, p.validTo))
      errors.push({ pointer: `/permits/${i}/validTo`, message: 'must be after validFrom' });
  });
  if (errors.length) throw new AppError(ProblemCode.validation, 422, 'The work order is not consistent.', { errors });
}

/**
 * Creates or replaces a work order under the main system's reference. What contractors recorded
 * stays; a replace without `status` keeps the current one (a completion is not undone by a re-send).
 */
export async function putWorkOrder(
  db: Knex,
  ref: string,
  body: PutWorkOrderBody,
): Promise<{ workOrder: WorkOrderView; created: boolean }> {
  checkDocument(body);
  const created = await db.transaction(async (trx) => {
    const attachments = await claimAttachments(trx, { type: 'work-order', ref }, body.attachments ?? []);
    const row = {
      ref,
      number: body.number,
      contractorRef: body.contractor.ref,
      document: JSON.stringify(body),
      attachments: JSON.stringify(attachments),
    };
    const [saved] = await trx('work_orders')
      .insert({ ...row, status: body.status ?? 'planned' })
      .onConflict('ref')
      .merge({ ...row, ...(body.status ? { status: body.status } : {}), updatedAt: trx.fn.now() })
      .returning(trx.raw('(xmax = 0) AS created'));
    return Boolean(saved.created);
  });
  return { workOrder: await getWorkOrder(db, ref, { withSignature: true }), created };
}

/** The main system changes the status (e.g. cancels, or reopens for rework). */
export async function changeStatus(db: Knex, ref: string, body: WorkOrderStatusChangeBody): Promise<WorkOrderView> {
  const updated = await db('work_orders').where({ ref }).update({ status: body.status, updatedAt: db.fn.now() });
  if (!updated) throw notFound(`Work order ${ref}`);
  return getWorkOrder(db, ref, { withSignature: true });
}

export const workOrderExists = async (db: Knex, ref: string) =>
  Boolean(await db('work_orders').where({ ref }).first('ref'));

// ── portal writes: the common gate ──────────────────────────────────────────

/**
 * Locks the work order for one portal write (writes on one work order are serialised, so "in order"
 * and "never twice" hold under concurrency) and refuses writes it no longer takes: completed
 * (`work-order.completed`, 409: the one-time link now only reads), cancelled, or, for a link
 * time-boxed with `constraints.window = "planned"`, outside the planned window (403).
 */
export async function lockForWrite(
  trx: Knex.Transaction,
  access: PortalAccess,
  ref: string,
  now: Date,
): Promise<WorkOrderRow> {
  const row: WorkOrderRow | undefined = await trx('work_orders').where({ ref }).forUpdate().first();
  if (!row) throw notFound(`Work order ${ref}`);
  if (row.status === 'completed') {
    throw new AppError(
      WorkOrderProblem.completed,
      409,
      'The work on this order has been confirmed as complete; the link now only shows it.',
    );
  }
  if (row.status === 'cancelled')
    throw new AppError(WorkOrderProblem.cancelled, 409, 'This work order has been cancelled.');
  const constraints = access.link.constraints ?? {};
  if (constraints.window === 'planned') {
    const grace = Number(constraints.graceMinutes ?? 0) * 60_000 || 0;
    const { plannedStart, plannedEnd } = row.document;
    if (
      (plannedStart && now.getTime() < Date.parse(plannedStart) - grace) ||
      (plannedEnd && now.getTime() > Date.parse(plannedEnd) + grace)
    ) {
      throw new AppError(
        WorkOrderProblem.outsideWindow,
        403,
        'This link works only during the planned window of the work.',
      );
    }
  }
  return row;
}

/**
 * When the person says they did it (sent later after a lost connection), never more than 5 minutes
 * after `now` (clocks of phones drift); the time of arrival when they do not say.
 */
export function doneAt(at: string | undefined, pointer: string, now: Date): Date {
  if (!at) return now;
  const when = new Date(at);
  if (isFutureTime(at, now.getTime())) {
    throw new AppError(WorkOrderProblem.timeInFuture, 422, 'The time lies in the future.', {
      errors: [{ pointer, message: 'must not be in the future' }],
    });
  }
  return when;
}

// ── the view ────────────────────────────────────────────────────────────────

// biome-ignore lint/suspicious/noExplicitAny: a knex row, mapped field by field into its contract type below.
type DbRow = Record<string, any>;

export const answerView = (r: DbRow): InspectionAnswer =>
  compact({
    itemKey: r.itemKey,
    result: r.result,
    value: r.value,
    text: r.text,
    comment: r.comment,
    outOfLimits: r.outOfLimits,
    attachments: r.attachments,
    answeredAt: iso(r.answeredAt)!,
  });

export const submissionView = (r: DbRow): InspectionSubmission => ({
  checklistKey: r.checklistKey,
  inspector: r.inspector,
  result: r.result,
  failedItems: r.failedItems,
  submittedAt: iso(r.submittedAt)!,
});

export const stepView = (r: DbRow): LotoStepRecord =>
  ({
    ...compact({
      seq: r.seq,
      step: r.step,
      lockNumber: r.lockNumber,
      by: r.doneBy,
      at: iso(r.doneAt)!,
      attachment: r.attachment,
    }),
    pointKey: r.pointKey ?? null,
  }) as LotoStepRecord;

export const permitEntryView = (r: DbRow): PermitLogEntry =>
  compact({
    kind: r.kind,
    by: r.doneBy,
    at: iso(r.doneAt)!,
    precaution: r.precaution,
    workers: r.workers,
    reason: r.reason,
    remarks: r.remarks,
  });

export const workLogView = (r: DbRow): WorkLog =>
  compact({
    id: r.id,
    start: iso(r.startAt),
    end: iso(r.endAt),
    durationMinutes: r.durationMinutes,
    workers: r.workers,
    materials: r.materials,
    notes: r.notes,
    attachments: r.attachments,
    createdAt: iso(r.createdAt)!,
  });

export const findingView = (r: DbRow): Finding => ({
  id: r.id,
  what: r.what,
  where: r.location,
  urgency: r.urgency,
  attachments: r.attachments,
  createdAt: iso(r.createdAt)!,
});

export const completionView = (r: DbRow, withSignature: boolean): Completion =>
  compact({
    id: r.id,
    summary: r.summary,
    remarks: r.remarks,
    confirmedBy: r.confirmedBy,
    signatureKind: r.signature ? 'drawn' : 'typed',
    typedSignature: r.typedSignature,
    signature: withSignature ? r.signature : undefined,
    confirmedAt: iso(r.confirmedAt)!,
    createdAt: iso(r.createdAt)!,
  });

/** Workers on a permit now: signed on and not yet off, in the order they came. */
function onSite(entries: PermitLogEntry[]): string[] {
  const on: string[] = [];
  for (const e of entries) {
    if (e.kind === 'signed-on') for (const w of e.workers ?? []) if (!on.includes(w)) on.push(w);
    if (e.kind === 'signed-off') {
      for (const w of e.workers ?? []) {
        const i = on.indexOf(w);
        if (i >= 0) on.splice(i, 1);
      }
    }
  }
  return on;
}

function lotoView(
  doc: PutWorkOrderBody,
  steps: LotoStepRecord[],
  signOff: { by: string; at: string } | null,
): LotoView | null {
  if (!doc.loto) return null;
  const sequence = lotoSequence(doc.loto);
  const done = (s: (typeof sequence)[number]) =>
    s.phase === 'sign-off' ? Boolean(signOff) : steps.some((r) => sameStep(r, s));
  const next = sequence.find((s) => !done(s)) ?? null;
  return {
    ...doc.loto,
    steps,
    signOff,
    sequence,
    next,
    isolated: sequence.filter((s) => s.phase === 'isolation').every(done),
    released: next === null,
  };
}

/** Everything about one work order, read in one transaction so the parts agree. */
export async function getWorkOrder(
  db: Knex,
  ref: string,
  options: { withSignature?: boolean } = {},
  trx?: Knex.Transaction,
): Promise<WorkOrderView> {
  const read = async (q: Knex | Knex.Transaction) => {
    const row: WorkOrderRow | undefined = await q('work_orders').where({ ref }).first();
    if (!row) throw notFound(`Work order ${ref}`);
    const by = { workOrderRef: ref };
    // One after another: a transaction's connection runs one query at a time anyway.
    const answers = await q('inspection_answers').where(by).orderBy('answeredAt');
    const submissions = await q('inspection_submissions').where(by);
    const steps = await q('loto_steps').where(by).orderBy('id');
    const signOff = await q('loto_sign_offs').where(by).first();
    const permitRows = await q('permit_entries').where(by).orderBy('id');
    const logs = await q('work_logs').where(by).orderBy('createdAt');
    const findings = await q('findings').where(by).orderBy('createdAt');
    const completion = await q('work_order_completions').where(by).orderBy('createdAt', 'desc').first();
    const doc = row.document;
    const checklists: ChecklistView[] = checklistsOf(doc).map((c) => {
      const submission = submissions.find((s) => s.checklistKey === c.key);
      return {
        ...c,
        required: c.required ?? true,
        answers: answers.filter((a) => a.checklistKey === c.key).map(answerView),
        submission: submission ? submissionView(submission) : null,
      };
    });
    const permits: PermitView[] = (doc.permits ?? []).map((p) => {
      const log = permitRows.filter((e) => e.permitRef === p.ref).map(permitEntryView);
      return {
        ...p,
        state: p.state ?? 'active',
        acknowledged: [
          ...new Set(log.filter((e) => e.kind === 'precaution-acknowledged').map((e) => e.precaution!)),
        ].sort((a, b) => a - b),
        onSite: onSite(log),
        log,
      };
    });
    return withoutUndefined({
      ref: row.ref,
      number: doc.number,
      contractor: doc.contractor,
      site: doc.site,
      location: doc.location,
      asset: doc.asset,
      description: doc.description,
      status: row.status,
      plannedStart: doc.plannedStart,
      plannedEnd: doc.plannedEnd,
      safetyNotes: doc.safetyNotes ?? [],
      attachments: row.attachments,
      tasks: doc.tasks ?? [],
      checklists,
      loto: lotoView(doc, steps.map(stepView), signOff ? { by: signOff.doneBy, at: iso(signOff.doneAt)! } : null),
      permits,
      workLogs: logs.map(workLogView),
      findings: findings.map(findingView),
      completion: completion ? completionView(completion, Boolean(options.withSignature)) : null,
      closedForWriting: isClosed(row.status),
      updatedAt: iso(row.updatedAt)!,
    }) as WorkOrderView;
  };
  return trx ? read(trx) : db.transaction((t) => read(t), { readOnly: true });
}
