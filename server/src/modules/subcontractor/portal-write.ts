import type { Knex } from 'knex';
import type { FieldError, WorkOrderView } from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import type { PortalAccess } from '../access/portal-access.js';
import { getWorkOrder, lockForWrite } from './work-orders.service.js';

type Trx = Knex.Transaction;

/**
 * Runs one portal write arrived at `now`: locks the work order (refusing a completed, cancelled or
 * out-of-window one), hands the current state to `act`, which writes its data and its events in this transaction.
 */
export function write<T>(
  db: Knex,
  access: PortalAccess,
  ref: string,
  now: Date,
  act: (trx: Trx, wo: WorkOrderView) => Promise<T>,
): Promise<T> {
  return db.transaction(async (trx) => {
    await lockForWrite(trx, access, ref, now);
    return act(trx, await getWorkOrder(db, ref, {}, trx));
  });
}

export const conflict = (code: string, detail: string, errors?: FieldError[]) =>
  new AppError(code, 409, detail, { errors });
export const unprocessable = (code: string, detail: string, pointer: string, message: string) =>
  new AppError(code, 422, detail, { errors: [{ pointer, message }] });
