// The permit-to-work log (`permit:sign`), the server side of `<amage-permit-log>`.
import type { Knex } from 'knex';
import {
  WorkOrderProblem,
  type PermitAcknowledgeBody,
  type PermitLogEntry,
  type PermitSignOffBody,
  type PermitSignOnBody,
  type PermitView,
  type WorkOrderView,
} from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import type { PortalAccess } from '../access/portal-access.js';
import { recordPortalEvent } from '../events/events.service.js';
import { conflict, unprocessable, write } from './portal-write.js';
import { doneAt, permitEntryView } from './work-orders.service.js';

type Trx = Knex.Transaction;

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
  type: 'permit.precaution-acknowledged' | 'permit.signed-on' | 'permit.signed-off',
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
  now: Date,
) {
  return write(db, access, ref, now, async (trx, wo) => {
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
      doneAt: doneAt(body.at, '/at', now),
    });
  });
}

/** Why a permit cannot be signed on to now, or undefined when it can. */
function invalidity(permit: PermitView, now: Date): { reason: string; detail: string } | undefined {
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
  if (now.getTime() < Date.parse(permit.validFrom))
    return { reason: 'not-yet-valid', detail: `Permit ${permit.ref} is valid only from ${permit.validFrom}.` };
  if (now.getTime() > Date.parse(permit.validTo))
    return { reason: 'expired', detail: `Permit ${permit.ref} expired at ${permit.validTo}.` };
  return undefined;
}

/**
 * Signs workers on. Refused with 409 `permit.not_valid` (reason in the error's `keyword`:
 * cancelled, suspended, not-yet-valid, expired) and with `permit.precautions_open` until every
 * precaution is acknowledged. Validity is judged at the server's time of arrival, whatever `at` says.
 */
export function signOn(
  db: Knex,
  access: PortalAccess,
  ref: string,
  permitRef: string,
  body: PermitSignOnBody,
  now: Date,
) {
  return write(db, access, ref, now, async (trx, wo) => {
    const permit = findPermit(wo, permitRef);
    const invalid = invalidity(permit, now);
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
      doneAt: doneAt(body.at, '/at', now),
    });
  });
}

/** Signs workers off (all on site by default). Always possible while someone is on, even on an invalid permit. */
export function signOff(
  db: Knex,
  access: PortalAccess,
  ref: string,
  permitRef: string,
  body: PermitSignOffBody,
  now: Date,
) {
  return write(db, access, ref, now, async (trx, wo) => {
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
      doneAt: doneAt(body.at, '/at', now),
    });
  });
}
