import type { Knex } from 'knex';
import {
  dateConfirmationErrors,
  lineQuantities,
  roundQuantity as round,
  type CreateDateConfirmationBody,
  type DateConfirmation,
  type Delivery,
  type DeliveryStatus,
  type LineConfirmationState,
  type LineHistoryEntry,
  type LineProposal,
  type PurchaseOrderLineView,
  type PurchaseOrderView,
  type PutPurchaseOrderBody,
  type ScheduleLine,
  SupplierProblem,
} from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import { lockOrNotFound } from '../../db/lock.js';
import type { PortalAccess } from '../access/portal-access.js';
import { recordPortalEvent } from '../events/events.service.js';
import { claimAttachments, toSummary } from '../attachments/attachments.service.js';
import { FieldErrors } from './rules.js';
import { DeliveryRecord, PurchaseOrder, type HistoryRow } from './supplier.models.js';

type Db = Knex | Knex.Transaction;
const SUBJECT = 'purchase-order' as const;

// ── reading ──────────────────────────────────────────────────────────────────

export async function loadOrder(db: Db, ref: string, options: { lock?: boolean } = {}): Promise<PurchaseOrder> {
  return lockOrNotFound(PurchaseOrder.query(db).findById(ref), `Purchase order ${ref}`, {
    lock: Boolean(options.lock),
  });
}

const history = (db: Db, ref: string): Promise<HistoryRow[]> =>
  db('supplier_history').where({ subjectType: SUBJECT, subjectRef: ref }).orderBy('id');

const deliveriesOf = (db: Db, ref: string) =>
  DeliveryRecord.query(db).where({ purchaseOrderRef: ref }).orderBy('createdAt');

/** Quantities received per delivery and line, from the order's receipts. */
export function receivedByDelivery(order: PurchaseOrder) {
  const map = new Map<string, number>();
  for (const r of order.document.receipts ?? []) {
    if (!r.deliveryId) continue;
    const key = `${r.deliveryId}:${r.lineNo}`;
    map.set(key, (map.get(key) ?? 0) + r.quantity);
  }
  return map;
}

export function deliveryToView(row: DeliveryRecord, received: Map<string, number>): Delivery {
  const d = row.document;
  const lines = d.lines.map((l) => ({ ...l, receivedQuantity: round(received.get(`${row.id}:${l.lineNo}`) ?? 0) }));
  const anyReceived = lines.some((l) => l.receivedQuantity > 0);
  const status: DeliveryStatus =
    row.state === 'cancelled'
      ? 'cancelled'
      : !anyReceived
        ? 'declared'
        : lines.every((l) => l.receivedQuantity + 1e-9 >= l.quantity)
          ? 'received'
          : 'partly-received';
  return {
    id: row.id,
    purchaseOrderRef: row.purchaseOrderRef,
    status,
    dispatchDate: d.dispatchDate,
    expectedArrival: d.expectedArrival,
    ...(d.carrier ? { carrier: d.carrier } : {}),
    ...(d.trackingNumber ? { trackingNumber: d.trackingNumber } : {}),
    deliveryNoteNumber: d.deliveryNoteNumber,
    ...(d.packages !== undefined ? { packages: d.packages } : {}),
    ...(d.grossWeightKg !== undefined ? { grossWeightKg: d.grossWeightKg } : {}),
    lines,
    attachments: row.attachments.map(toSummary),
    ...(d.note ? { note: d.note } : {}),
    editable: status === 'declared',
    revision: row.revision,
    ...(row.cancelReason ? { cancelReason: row.cancelReason } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function historyEntry(row: HistoryRow): LineHistoryEntry {
  const data = row.data as Partial<LineHistoryEntry> & { at?: string; proposal?: unknown };
  const { at, proposal: _proposal, ...rest } = data;
  return { at: at ?? new Date(row.at).toISOString(), kind: row.kind as LineHistoryEntry['kind'], by: row.by, ...rest };
}

interface LineState {
  confirmation: LineConfirmationState;
  agreed?: ScheduleLine[];
  agreedQuantity?: number;
  pending?: { confirmationId: string; proposal: LineProposal };
}

/** Replays a line's history (in the order it was written) into where it stands. */
function lineState(rows: HistoryRow[], quantity: number, requestedDate: string): LineState {
  const state: LineState = { confirmation: 'open' };
  for (const row of rows) {
    const data = row.data as { confirmationId?: string; proposal?: LineProposal };
    if (row.kind === 'accepted') {
      Object.assign(state, {
        confirmation: 'accepted',
        agreed: [{ quantity, date: requestedDate }],
        agreedQuantity: quantity,
        pending: undefined,
      });
    } else if (row.kind === 'proposed') {
      state.confirmation = 'proposed';
      state.pending = { confirmationId: data.confirmationId!, proposal: data.proposal! };
    } else if (
      row.kind === 'proposal-accepted' &&
      state.pending &&
      state.pending.confirmationId === data.confirmationId
    ) {
      const p = state.pending.proposal;
      const backorder = p.backorder?.date ? [{ quantity: p.backorder.quantity, date: p.backorder.date }] : [];
      state.agreed = [...p.schedule, ...backorder];
      state.agreedQuantity = round(p.schedule.reduce((s, l) => s + l.quantity, 0) + (p.backorder?.quantity ?? 0));
      state.confirmation = 'confirmed';
      state.pending = undefined;
    } else if (row.kind === 'proposal-rejected' && state.pending?.confirmationId === data.confirmationId) {
      state.confirmation = 'proposal-rejected';
      state.pending = undefined;
    }
  }
  return state;
}

interface Computed {
  lines: PurchaseOrderLineView[];
  deliveries: Delivery[];
}

/** Every line's agreement, what was declared, received and is still open; `excludeDelivery` leaves one out (a correction). */
function compute(
  order: PurchaseOrder,
  rows: HistoryRow[],
  deliveryRows: DeliveryRecord[],
  excludeDelivery?: string,
): Computed {
  const received = receivedByDelivery(order);
  const deliveries = deliveryRows.map((d) => deliveryToView(d, received));
  const tolerance = order.document.overDeliveryTolerancePercent ?? 0;
  const activeIds = new Set(deliveries.filter((d) => d.status !== 'cancelled').map((d) => d.id));
  const lines = order.document.lines.map((line): PurchaseOrderLineView => {
    const own = rows.filter((r) => r.lineNo === line.lineNo);
    const state = lineState(own, line.quantity, line.requestedDate);
    const declared = deliveries
      .filter((d) => d.status !== 'cancelled' && d.id !== excludeDelivery)
      .flatMap((d) => d.lines.filter((l) => l.lineNo === line.lineNo))
      .reduce((s, l) => s + l.quantity, 0);
    const receipts = (order.document.receipts ?? []).filter((r) => r.lineNo === line.lineNo);
    const receivedQty = receipts.reduce((s, r) => s + r.quantity, 0);
    // Goods received without (or against a cancelled) declaration use up the line too.
    const unlinked = receipts
      .filter((r) => !r.deliveryId || !activeIds.has(r.deliveryId))
      .reduce((s, r) => s + r.quantity, 0);
    const confirmedQuantity = state.agreedQuantity ?? line.quantity;
    const { remaining, maxDeclarable } = lineQuantities({
      agreed: confirmedQuantity,
      declared,
      receivedUndeclared: unlinked,
      tolerancePercent: tolerance,
      unit: line.unit,
    });
    return {
      lineNo: line.lineNo,
      itemCode: line.itemCode,
      ...(line.supplierItemCode ? { supplierItemCode: line.supplierItemCode } : {}),
      ...(line.description ? { description: line.description } : {}),
      quantity: line.quantity,
      unit: line.unit,
      requestedDate: line.requestedDate,
      ...(line.unitPrice !== undefined ? { unitPrice: line.unitPrice } : {}),
      confirmation: state.confirmation,
      confirmedSchedule: state.agreed ?? [],
      ...(state.pending ? { pendingProposal: state.pending } : {}),
      confirmedQuantity,
      declaredQuantity: round(declared),
      receivedQuantity: round(receivedQty),
      remainingQuantity: remaining,
      openQuantity: maxDeclarable,
      history: own.map(historyEntry),
    };
  });
  return { lines, deliveries };
}

export async function orderContext(db: Db, order: PurchaseOrder, excludeDelivery?: string) {
  // One after the other: in a transaction they share one connection.
  const rows = await history(db, order.ref);
  const deliveryRows = await deliveriesOf(db, order.ref);
  return { rows, deliveryRows, ...compute(order, rows, deliveryRows, excludeDelivery) };
}

function orderToView(order: PurchaseOrder, computed: Computed): PurchaseOrderView {
  const d = order.document;
  return {
    ref: order.ref,
    number: d.number,
    status: order.status,
    ...(d.statusReason ? { statusReason: d.statusReason } : {}),
    supplier: d.supplier,
    ...(d.buyer ? { buyer: d.buyer } : {}),
    ...(d.currency ? { currency: d.currency } : {}),
    ...(d.orderDate ? { orderDate: d.orderDate } : {}),
    ...(d.deliveryAddress ? { deliveryAddress: d.deliveryAddress } : {}),
    ...(d.incoterms ? { incoterms: d.incoterms } : {}),
    ...(d.note ? { note: d.note } : {}),
    overDeliveryTolerancePercent: d.overDeliveryTolerancePercent ?? 0,
    ...(order.supplierOrderRef ? { supplierOrderRef: order.supplierOrderRef } : {}),
    lines: computed.lines,
    deliveries: computed.deliveries,
    attachments: order.attachments.map(toSummary),
    updatedAt: order.updatedAt.toISOString(),
  };
}

export async function getPurchaseOrder(db: Knex, ref: string): Promise<PurchaseOrderView> {
  // One snapshot for the order, its history and its deliveries.
  return db.transaction(
    async (trx) => {
      const order = await loadOrder(trx, ref);
      return orderToView(order, await orderContext(trx, order));
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}

export const purchaseOrderExists = async (db: Knex, ref: string) =>
  Boolean(await db('purchase_orders').where({ ref }).first('ref'));

/** Upload gate: files (delivery notes, certificates) only while the order is open. */
export async function assertOrderTakesFiles(trx: Knex.Transaction, access: PortalAccess) {
  assertOrderOpen(await loadOrder(trx, access.subject.ref));
}

export function assertOrderOpen(order: PurchaseOrder) {
  if (order.status !== 'open') {
    throw new AppError(
      SupplierProblem.orderNotOpen,
      409,
      `This order is ${order.status}; it can no longer be changed.`,
    );
  }
}

// ── integration: PUT ─────────────────────────────────────────────────────────

/**
 * Creates or replaces the order under the main system's reference. Decisions and receipts that are
 * new are written to the line history once (a repeated PUT records nothing twice), so the supplier
 * sees them in the portal.
 */
export async function putPurchaseOrder(
  db: Knex,
  ref: string,
  body: PutPurchaseOrderBody,
): Promise<{ order: PurchaseOrderView; created: boolean }> {
  return db.transaction(async (trx) => {
    const errors = new FieldErrors();
    const lineNos = new Set<number>();
    body.lines.forEach((l, i) => {
      if (lineNos.has(l.lineNo))
        errors.add(SupplierProblem.duplicateLine, `/lines/${i}/lineNo`, `line ${l.lineNo} appears twice`);
      lineNos.add(l.lineNo);
    });
    const proposals = new Set(
      (
        await trx('supplier_history')
          .where({ subjectType: SUBJECT, subjectRef: ref, kind: 'proposed' })
          .select('lineNo', 'data')
      ).map((r: { lineNo: number; data: { confirmationId: string } }) => `${r.data.confirmationId}:${r.lineNo}`),
    );
    (body.proposalDecisions ?? []).forEach((d, i) => {
      if (!proposals.has(`${d.confirmationId}:${d.lineNo}`)) {
        errors.add(SupplierProblem.unknownProposal, `/proposalDecisions/${i}`, 'no such proposal for this line');
      }
    });
    const deliveryIds = new Set(
      (await trx('deliveries').where({ purchaseOrderRef: ref }).select('id')).map((r: { id: string }) => r.id),
    );
    (body.receipts ?? []).forEach((r, i) => {
      if (!lineNos.has(r.lineNo))
        errors.add(SupplierProblem.unknownLine, `/receipts/${i}/lineNo`, `no line ${r.lineNo} in this order`);
      if (r.deliveryId && !deliveryIds.has(r.deliveryId)) {
        errors.add(
          SupplierProblem.unknownDelivery,
          `/receipts/${i}/deliveryId`,
          'no such delivery declared for this order',
        );
      }
    });
    errors.throwIfAny();

    const attachments = await claimAttachments(trx, { type: SUBJECT, ref }, body.attachments ?? []);
    const row = {
      ref,
      number: body.number,
      supplierRef: body.supplier.ref,
      status: body.status ?? 'open',
      document: JSON.stringify(body),
      attachments: JSON.stringify(attachments),
    };
    const [saved] = await trx('purchase_orders')
      .insert(row)
      .onConflict('ref')
      .merge({ ...row, updatedAt: trx.fn.now() })
      .returning([trx.raw('(xmax = 0) AS created')]);

    const entries = [
      ...(body.proposalDecisions ?? []).map((d) => ({
        lineNo: d.lineNo,
        kind: d.decision === 'accepted' ? 'proposal-accepted' : 'proposal-rejected',
        data: {
          confirmationId: d.confirmationId,
          ...(d.comment ? { comment: d.comment } : {}),
          ...(d.decidedAt ? { at: d.decidedAt } : {}),
        },
        dedupeKey: `decision:${d.confirmationId}:${d.lineNo}:${d.decision}`,
      })),
      ...(body.receipts ?? []).map((r) => ({
        lineNo: r.lineNo,
        kind: 'received',
        data: {
          quantity: r.quantity,
          at: r.receivedAt,
          ...(r.deliveryId ? { deliveryId: r.deliveryId } : {}),
          ...(r.note ? { comment: r.note } : {}),
        },
        dedupeKey: `receipt:${r.ref}`,
      })),
    ];
    if (entries.length) {
      await trx('supplier_history')
        .insert(
          entries.map((e) => ({
            ...e,
            subjectType: SUBJECT,
            subjectRef: ref,
            by: 'buyer',
            data: JSON.stringify(e.data),
          })),
        )
        .onConflict(['subject_type', 'subject_ref', 'dedupe_key'])
        .ignore();
    }
    const order = await loadOrder(trx, ref);
    return { order: orderToView(order, await orderContext(trx, order)), created: saved.created };
  });
}

// ── portal: date confirmation ────────────────────────────────────────────────

export async function confirmDates(
  db: Knex,
  access: PortalAccess,
  ref: string,
  body: CreateDateConfirmationBody,
  now: Date,
): Promise<DateConfirmation> {
  return db.transaction(async (trx) => {
    const order = await loadOrder(trx, ref, { lock: true });
    assertOrderOpen(order);
    const errors = new FieldErrors();
    errors.addAll(dateConfirmationErrors(body, order.document.lines, now.getTime()));
    errors.throwIfAny();

    const [row] = await trx('date_confirmations')
      .insert({
        purchaseOrderRef: ref,
        linkId: access.link.id,
        lines: JSON.stringify(body.lines),
        supplierOrderRef: body.supplierOrderRef ?? null,
        note: body.note ?? null,
      })
      .returning(['id', 'createdAt']);
    await trx('supplier_history').insert(
      body.lines.map((answer) => ({
        subjectType: SUBJECT,
        subjectRef: ref,
        lineNo: answer.lineNo,
        kind: answer.action === 'accept' ? 'accepted' : 'proposed',
        by: 'supplier',
        data: JSON.stringify(
          answer.action === 'accept'
            ? { confirmationId: row.id, ...(answer.comment ? { comment: answer.comment } : {}) }
            : {
                confirmationId: row.id,
                proposal: answer,
                schedule: answer.schedule,
                ...(answer.backorder ? { backorder: answer.backorder } : {}),
                ...(answer.reject ? { reject: answer.reject } : {}),
                reasonCode: answer.reasonCode,
                ...(answer.comment ? { comment: answer.comment } : {}),
              },
        ),
      })),
    );
    if (body.supplierOrderRef)
      await trx('purchase_orders').where({ ref }).update({ supplierOrderRef: body.supplierOrderRef });

    const confirmation: DateConfirmation = {
      id: row.id,
      purchaseOrderRef: ref,
      lines: body.lines,
      ...(body.supplierOrderRef ? { supplierOrderRef: body.supplierOrderRef } : {}),
      ...(body.note ? { note: body.note } : {}),
      createdAt: new Date(row.createdAt).toISOString(),
    };
    await recordPortalEvent(trx, access, 'date-confirmation.submitted', { ...confirmation });
    return confirmation;
  });
}
