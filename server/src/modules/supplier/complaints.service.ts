import { isDeepStrictEqual } from 'node:util';
import type { Knex } from 'knex';
import {
  type AttachmentRef,
  type ComplaintHistoryEntry,
  type ComplaintStageState,
  type ComplaintStageView,
  type ComplaintStatus,
  type ComplaintView,
  type CreateAcceptanceBody,
  type CreateDisputeBody,
  type CreateStageResponseBody,
  type PutComplaintBody,
  type StageResponse,
  SupplierProblem,
  stageResponseErrors,
} from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import { lockOrNotFound } from '../../db/lock.js';
import type { PortalAccess } from '../access/portal-access.js';
import { recordPortalEvent } from '../events/events.service.js';
import { claimAttachments, toSummary } from '../attachments/attachments.service.js';
import { FieldErrors } from './rules.js';
import { Complaint, type HistoryRow } from './supplier.models.js';

type Db = Knex | Knex.Transaction;
const SUBJECT = 'complaint' as const;

interface ResponseRow {
  id: string;
  complaintRef: string;
  stageKey: string;
  body: CreateStageResponseBody;
  attachments: AttachmentRef[];
  createdAt: Date;
}
interface PositionRow {
  id: string;
  kind: 'dispute' | 'acceptance';
  body: CreateDisputeBody | CreateAcceptanceBody;
  attachments: AttachmentRef[];
  createdAt: Date;
}

async function loadComplaint(db: Db, ref: string, options: { lock?: boolean } = {}): Promise<Complaint> {
  return lockOrNotFound(Complaint.query(db).findById(ref), `Complaint ${ref}`, { lock: Boolean(options.lock) });
}

export const complaintExists = async (db: Knex, ref: string) =>
  Boolean(await db('complaints').where({ ref }).first('ref'));

function responseToView(row: ResponseRow): StageResponse {
  const { text, responsible, implementedOn, verifiedOn } = row.body;
  return {
    id: row.id,
    stageKey: row.stageKey,
    text,
    responsible,
    ...(implementedOn ? { implementedOn } : {}),
    ...(verifiedOn ? { verifiedOn } : {}),
    attachments: row.attachments.map(toSummary),
    createdAt: row.createdAt.toISOString(),
  };
}

interface Loaded {
  complaint: Complaint;
  history: HistoryRow[];
  responses: ResponseRow[];
  positions: PositionRow[];
}

async function loadAll(db: Db, complaint: Complaint): Promise<Loaded> {
  const ref = complaint.ref;
  // One after the other: in a transaction they share one connection.
  const history: HistoryRow[] = await db('supplier_history')
    .where({ subjectType: SUBJECT, subjectRef: ref })
    .orderBy('id');
  const responses: ResponseRow[] = await db('complaint_responses')
    .where({ complaintRef: ref })
    .orderBy([{ column: 'createdAt' }, { column: 'id' }]);
  const positions: PositionRow[] = await db('complaint_positions').where({ complaintRef: ref }).orderBy('createdAt');
  return { complaint, history, responses, positions };
}

/** A stage's state from its history, replayed in the order it was written. */
function stageState(
  history: HistoryRow[],
  key: string,
): { state: ComplaintStageState; decision?: ComplaintStageView['decision'] } {
  let state: ComplaintStageState = 'open';
  let decision: ComplaintStageView['decision'];
  for (const row of history.filter((h) => h.stageKey === key)) {
    const data = row.data as { comment?: string; at?: string };
    if (row.kind === 'response-submitted') {
      state = 'submitted';
      decision = undefined;
    } else if (row.kind === 'stage-accepted' || row.kind === 'stage-returned') {
      state = row.kind === 'stage-accepted' ? 'accepted' : 'returned';
      decision = {
        outcome: state,
        ...(data.comment ? { comment: data.comment } : {}),
        decidedAt: data.at ?? new Date(row.at).toISOString(),
      };
    }
  }
  return { state, ...(decision ? { decision } : {}) };
}

function statusOf({ complaint, positions, history }: Loaded): ComplaintStatus {
  if (complaint.document.closure) return 'closed';
  if (positions.some((p) => p.kind === 'acceptance')) return 'accepted';
  // Disputed until the buyer answers the latest dispute (a changed `disputeDecision` in a PUT).
  const lastDispute = history.filter((h) => h.kind === 'disputed' || h.kind.startsWith('dispute-')).at(-1);
  return lastDispute?.kind === 'disputed' ? 'disputed' : 'open';
}

function toView(loaded: Loaded, now: Date): ComplaintView {
  const { complaint, history, responses, positions } = loaded;
  const d = complaint.document;
  const status = statusOf(loaded);
  const stages = d.stages.map((s): ComplaintStageView => {
    const { state, decision } = stageState(history, s.key);
    return {
      key: s.key,
      ...(s.name ? { name: s.name } : {}),
      dueAt: s.dueAt,
      state,
      overdue: status !== 'closed' && (state === 'open' || state === 'returned') && Date.parse(s.dueAt) < now.getTime(),
      responses: responses.filter((r) => r.stageKey === s.key).map(responseToView),
      ...(decision ? { decision } : {}),
    };
  });
  const dispute = positions.filter((p) => p.kind === 'dispute').at(-1);
  const acceptance = positions.find((p) => p.kind === 'acceptance');
  const closedAt = history.find((h) => h.kind === 'closed');
  return {
    ref: complaint.ref,
    number: d.number,
    status,
    supplier: d.supplier,
    ...(d.purchaseOrderRef ? { purchaseOrderRef: d.purchaseOrderRef } : {}),
    ...(d.lineNo !== undefined ? { lineNo: d.lineNo } : {}),
    ...(d.itemCode ? { itemCode: d.itemCode } : {}),
    ...(d.itemDescription ? { itemDescription: d.itemDescription } : {}),
    description: d.description,
    ...(d.defectQuantity !== undefined ? { defectQuantity: d.defectQuantity } : {}),
    ...(d.unit ? { unit: d.unit } : {}),
    ...(d.lotNumbers?.length ? { lotNumbers: d.lotNumbers } : {}),
    attachments: complaint.attachments.map(toSummary),
    ...(d.resolution ? { resolution: d.resolution } : {}),
    stages,
    ...(dispute
      ? {
          dispute: {
            reason: (dispute.body as CreateDisputeBody).reason,
            createdAt: dispute.createdAt.toISOString(),
            attachments: dispute.attachments.map(toSummary),
            ...(d.disputeDecision && status !== 'disputed' ? { decision: d.disputeDecision } : {}),
          },
        }
      : {}),
    ...(acceptance
      ? {
          acceptance: {
            name: (acceptance.body as CreateAcceptanceBody).name,
            ...((acceptance.body as CreateAcceptanceBody).comment
              ? { comment: (acceptance.body as CreateAcceptanceBody).comment }
              : {}),
            createdAt: acceptance.createdAt.toISOString(),
          },
        }
      : {}),
    ...(d.closure
      ? {
          closure: {
            closedAt:
              d.closure.closedAt ??
              (closedAt ? new Date(closedAt.at).toISOString() : complaint.updatedAt.toISOString()),
            ...(d.closure.comment ? { comment: d.closure.comment } : {}),
          },
        }
      : {}),
    history: history.map((h): ComplaintHistoryEntry => {
      const data = h.data as { comment?: string; responseId?: string; at?: string };
      return {
        at: data.at ?? new Date(h.at).toISOString(),
        kind: h.kind as ComplaintHistoryEntry['kind'],
        by: h.by,
        ...(h.stageKey ? { stageKey: h.stageKey } : {}),
        ...(data.responseId ? { responseId: data.responseId } : {}),
        ...(data.comment ? { comment: data.comment } : {}),
      };
    }),
    updatedAt: complaint.updatedAt.toISOString(),
  };
}

export async function getComplaint(db: Knex, ref: string, now: Date): Promise<ComplaintView> {
  return db.transaction(
    async (trx) => {
      const complaint = await loadComplaint(trx, ref);
      return toView(await loadAll(trx, complaint), now);
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}

// ── integration: PUT ─────────────────────────────────────────────────────────

/**
 * Creates or replaces the complaint. A stage decision, dispute decision or closure that differs from
 * what was stored is written to the history (so the supplier sees when it came); an unchanged
 * PUT records nothing.
 */
export async function putComplaint(
  db: Knex,
  ref: string,
  body: PutComplaintBody,
  now: Date,
): Promise<{ complaint: ComplaintView; created: boolean }> {
  return db.transaction(async (trx) => {
    const errors = new FieldErrors();
    const keys = new Set<string>();
    body.stages.forEach((s, i) => {
      if (keys.has(s.key))
        errors.add(SupplierProblem.duplicateStage, `/stages/${i}/key`, `stage ${s.key} appears twice`);
      keys.add(s.key);
    });
    errors.throwIfAny();

    const previous = await Complaint.query(trx).findById(ref).forUpdate();
    const before = previous?.document;
    const attachments = await claimAttachments(trx, { type: SUBJECT, ref }, body.attachments ?? []);
    const row = {
      ref,
      number: body.number,
      supplierRef: body.supplier.ref,
      purchaseOrderRef: body.purchaseOrderRef ?? null,
      document: JSON.stringify(body),
      attachments: JSON.stringify(attachments),
    };
    const [saved] = await trx('complaints')
      .insert(row)
      .onConflict('ref')
      .merge({ ...row, updatedAt: trx.fn.now() })
      .returning([trx.raw('(xmax = 0) AS created')]);

    const entries: Array<{ stageKey?: string; kind: string; data: Record<string, unknown> }> = [];
    for (const stage of body.stages) {
      const old = before?.stages.find((s) => s.key === stage.key)?.decision;
      if (stage.decision && !isDeepStrictEqual(stage.decision, old)) {
        entries.push({
          stageKey: stage.key,
          kind: stage.decision.outcome === 'accepted' ? 'stage-accepted' : 'stage-returned',
          data: {
            ...(stage.decision.comment ? { comment: stage.decision.comment } : {}),
            ...(stage.decision.decidedAt ? { at: stage.decision.decidedAt } : {}),
          },
        });
      }
    }
    if (body.disputeDecision && !isDeepStrictEqual(body.disputeDecision, before?.disputeDecision)) {
      entries.push({
        kind: `dispute-${body.disputeDecision.outcome}`,
        data: body.disputeDecision.comment ? { comment: body.disputeDecision.comment } : {},
      });
    }
    if (body.closure && !before?.closure) {
      entries.push({
        kind: 'closed',
        data: {
          ...(body.closure.comment ? { comment: body.closure.comment } : {}),
          ...(body.closure.closedAt ? { at: body.closure.closedAt } : {}),
        },
      });
    }
    if (entries.length) {
      await trx('supplier_history').insert(
        entries.map((e) => ({
          subjectType: SUBJECT,
          subjectRef: ref,
          stageKey: e.stageKey ?? null,
          kind: e.kind,
          by: 'buyer',
          data: JSON.stringify(e.data),
        })),
      );
    }
    const complaint = await loadComplaint(trx, ref);
    return { complaint: toView(await loadAll(trx, complaint), now), created: saved.created };
  });
}

// ── portal ───────────────────────────────────────────────────────────────────

/** Upload gate: files (evidence for a stage) only while the complaint is not closed or accepted. */
export async function assertComplaintTakesFiles(trx: Knex.Transaction, access: PortalAccess) {
  const loaded = await loadAll(trx, await loadComplaint(trx, access.subject.ref));
  assertNotClosed(loaded);
  assertNotAccepted(loaded);
}

function assertNotClosed(loaded: Loaded) {
  if (statusOf(loaded) === 'closed')
    throw new AppError(SupplierProblem.complaintClosed, 409, 'This complaint is closed.');
}

/** Accepting ends the complaint on the supplier's side: no more answers or files. */
function assertNotAccepted(loaded: Loaded) {
  if (statusOf(loaded) === 'accepted')
    throw new AppError(
      SupplierProblem.complaintAccepted,
      409,
      'You accepted this complaint; it takes no more answers.',
    );
}

/**
 * A stage's answer, or the revision of a returned one; stages may be answered one by one, until the
 * complaint is closed or the supplier accepted it (acceptance ends it on their side).
 */
export async function respondToStage(
  db: Knex,
  access: PortalAccess,
  ref: string,
  key: string,
  body: CreateStageResponseBody,
  now: Date,
): Promise<StageResponse> {
  return db.transaction(async (trx) => {
    const loaded = await loadAll(trx, await loadComplaint(trx, ref, { lock: true }));
    assertNotClosed(loaded);
    assertNotAccepted(loaded);
    if (!loaded.complaint.document.stages.some((s) => s.key === key)) {
      throw new AppError(SupplierProblem.stageNotFound, 404, `This complaint asks for no stage "${key}".`);
    }
    if (stageState(loaded.history, key).state === 'accepted') {
      throw new AppError(
        SupplierProblem.stageAccepted,
        409,
        'This stage was already accepted; it needs no more answers.',
      );
    }
    const errors = new FieldErrors();
    errors.addAll(stageResponseErrors(body, now.getTime()));
    errors.throwIfAny();
    const attachments = await claimAttachments(trx, access.subject, body.attachments ?? []);
    const [row] = await trx('complaint_responses')
      .insert({
        complaintRef: ref,
        stageKey: key,
        linkId: access.link.id,
        body: JSON.stringify(body),
        attachments: JSON.stringify(attachments),
      })
      .returning('*');
    await trx('supplier_history').insert({
      subjectType: SUBJECT,
      subjectRef: ref,
      stageKey: key,
      kind: 'response-submitted',
      by: 'supplier',
      data: JSON.stringify({ responseId: row.id }),
    });
    const response = responseToView(row as ResponseRow);
    await recordPortalEvent(trx, access, 'complaint-response.submitted', { ...response });
    return response;
  });
}

export async function disputeComplaint(
  db: Knex,
  access: PortalAccess,
  ref: string,
  body: CreateDisputeBody,
  now: Date,
): Promise<ComplaintView> {
  return db.transaction(async (trx) => {
    const loaded = await loadAll(trx, await loadComplaint(trx, ref, { lock: true }));
    assertNotClosed(loaded);
    if (statusOf(loaded) !== 'open')
      throw new AppError(
        SupplierProblem.complaintNotOpen,
        409,
        `This complaint is ${statusOf(loaded)}; it cannot be disputed now.`,
      );
    const attachments = await claimAttachments(trx, access.subject, body.attachments ?? []);
    const [row] = await trx('complaint_positions')
      .insert({
        complaintRef: ref,
        kind: 'dispute',
        linkId: access.link.id,
        body: JSON.stringify(body),
        attachments: JSON.stringify(attachments),
      })
      .returning(['id', 'createdAt']);
    await trx('supplier_history').insert({
      subjectType: SUBJECT,
      subjectRef: ref,
      kind: 'disputed',
      by: 'supplier',
      data: JSON.stringify({ comment: body.reason }),
    });
    await recordPortalEvent(trx, access, 'complaint.disputed', {
      id: row.id,
      reason: body.reason,
      attachments: attachments.map(toSummary),
      createdAt: new Date(row.createdAt).toISOString(),
    });
    return toView(await loadAll(trx, await loadComplaint(trx, ref)), now);
  });
}

/** The supplier accepts the complaint and its proposed resolution: a risky action (step-up). */
export async function acceptComplaint(
  db: Knex,
  access: PortalAccess,
  ref: string,
  body: CreateAcceptanceBody,
  now: Date,
): Promise<ComplaintView> {
  return db.transaction(async (trx) => {
    const loaded = await loadAll(trx, await loadComplaint(trx, ref, { lock: true }));
    assertNotClosed(loaded);
    if (statusOf(loaded) === 'accepted')
      throw new AppError(SupplierProblem.complaintNotOpen, 409, 'This complaint was already accepted.');
    const [row] = await trx('complaint_positions')
      .insert({ complaintRef: ref, kind: 'acceptance', linkId: access.link.id, body: JSON.stringify(body) })
      .returning(['id', 'createdAt']);
    await trx('supplier_history').insert({
      subjectType: SUBJECT,
      subjectRef: ref,
      kind: 'accepted',
      by: 'supplier',
      data: JSON.stringify(body.comment ? { comment: body.comment } : {}),
    });
    await recordPortalEvent(trx, access, 'complaint.accepted', {
      id: row.id,
      name: body.name,
      ...(body.comment ? { comment: body.comment } : {}),
      resolution: loaded.complaint.document.resolution ?? null,
      stepUp: access.link.stepUp.includes('complaint:respond'),
      createdAt: new Date(row.createdAt).toISOString(),
    });
    return toView(await loadAll(trx, await loadComplaint(trx, ref)), now);
  });
}
