import type { Knex } from 'knex';
import {
  type CancelDeliveryBody,
  type CorrectDeliveryBody,
  type DeclareDeliveryBody,
  type Delivery,
  declarationErrors,
  type PurchaseOrderLineView,
  SupplierProblem,
} from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import { lockOrNotFound } from '../../db/lock.js';
import type { PortalAccess } from '../access/portal-access.js';
import { recordPortalEvent } from '../events/events.service.js';
import { claimAttachments } from '../attachments/attachments.service.js';
import {
  assertOrderOpen,
  deliveryToView,
  loadOrder,
  orderContext,
  receivedByDelivery,
} from './purchase-orders.service.js';
import { FieldErrors } from './rules.js';
import { DeliveryRecord, type PurchaseOrder } from './supplier.models.js';

const SUBJECT = 'purchase-order' as const;

/** The rules of a declaration against the order as it stands (without `excludeDelivery`, when correcting it). */
function checkDeclaration(body: DeclareDeliveryBody, lines: PurchaseOrderLineView[], now: Date) {
  const errors = new FieldErrors();
  errors.addAll(declarationErrors(body, lines, now.getTime()));
  errors.throwIfAny();
}

async function loadDelivery(trx: Knex.Transaction, order: PurchaseOrder, id: string, deliveries: Delivery[]) {
  // A declaration of another order is not found here: the token names one order.
  const row = await lockOrNotFound(
    DeliveryRecord.query(trx).findById(id).where({ purchaseOrderRef: order.ref }),
    `Delivery ${id}`,
  );
  const view = deliveries.find((d) => d.id === id)!;
  if (view.status === 'cancelled')
    throw new AppError(SupplierProblem.deliveryCancelled, 409, 'This declaration was cancelled.');
  if (view.status !== 'declared') {
    throw new AppError(
      SupplierProblem.deliveryLocked,
      409,
      'Goods were received against this declaration; it can no longer be changed.',
    );
  }
  return row;
}

const historyRows = (
  ref: string,
  kind: string,
  deliveryId: string,
  lines: { lineNo: number; quantity: number }[],
  comment?: string,
) =>
  lines.map((l) => ({
    subjectType: SUBJECT,
    subjectRef: ref,
    lineNo: l.lineNo,
    kind,
    by: 'supplier',
    data: JSON.stringify({ deliveryId, quantity: l.quantity, ...(comment ? { comment } : {}) }),
  }));

async function viewOf(trx: Knex.Transaction, order: PurchaseOrder, id: string) {
  const row = await DeliveryRecord.query(trx).findById(id);
  return deliveryToView(row!, receivedByDelivery(order));
}

export async function declareDelivery(
  db: Knex,
  access: PortalAccess,
  ref: string,
  body: DeclareDeliveryBody,
  now: Date,
): Promise<Delivery> {
  return db.transaction(async (trx) => {
    const order = await loadOrder(trx, ref, { lock: true });
    assertOrderOpen(order);
    const { lines } = await orderContext(trx, order);
    checkDeclaration(body, lines, now);
    const attachments = await claimAttachments(trx, access.subject, body.attachments ?? []);
    const [row] = await trx('deliveries')
      .insert({
        purchaseOrderRef: ref,
        linkId: access.link.id,
        document: JSON.stringify(body),
        attachments: JSON.stringify(attachments),
      })
      .returning('id');
    await trx('supplier_history').insert(historyRows(ref, 'declared', row.id, body.lines));
    const delivery = await viewOf(trx, order, row.id);
    await recordPortalEvent(trx, access, 'delivery.declared', { ...delivery });
    return delivery;
  });
}

export async function correctDelivery(
  db: Knex,
  access: PortalAccess,
  ref: string,
  id: string,
  body: CorrectDeliveryBody,
  now: Date,
): Promise<Delivery> {
  return db.transaction(async (trx) => {
    const order = await loadOrder(trx, ref, { lock: true });
    assertOrderOpen(order);
    const { lines, deliveries } = await orderContext(trx, order, id);
    const row = await loadDelivery(trx, order, id, deliveries);
    const { reason, ...declaration } = body;
    checkDeclaration(declaration, lines, now);
    const attachments = await claimAttachments(trx, access.subject, declaration.attachments ?? []);
    await trx('deliveries')
      .where({ id })
      .update({
        document: JSON.stringify(declaration),
        attachments: JSON.stringify(attachments),
        revision: row.revision + 1,
        updatedAt: trx.fn.now(),
      });
    await trx('supplier_history').insert(historyRows(ref, 'declaration-corrected', id, declaration.lines, reason));
    const delivery = await viewOf(trx, order, id);
    await recordPortalEvent(trx, access, 'delivery.corrected', {
      ...delivery,
      ...(reason ? { reason } : {}),
      previous: row.document,
    });
    return delivery;
  });
}

export async function cancelDelivery(
  db: Knex,
  access: PortalAccess,
  ref: string,
  id: string,
  body: CancelDeliveryBody,
): Promise<Delivery> {
  return db.transaction(async (trx) => {
    const order = await loadOrder(trx, ref, { lock: true });
    assertOrderOpen(order);
    const { deliveries } = await orderContext(trx, order);
    const row = await loadDelivery(trx, order, id, deliveries);
    await trx('deliveries')
      .where({ id })
      .update({ state: 'cancelled', cancelReason: body.reason, updatedAt: trx.fn.now() });
    await trx('supplier_history').insert(
      historyRows(ref, 'declaration-cancelled', id, row.document.lines, body.reason),
    );
    const delivery = await viewOf(trx, order, id);
    await recordPortalEvent(trx, access, 'delivery.cancelled', { id, reason: body.reason });
    return delivery;
  });
}
