// Work logs and findings of a work order (`work-order:log-work`), written from `<amage-work-order>`.
import type { Knex } from 'knex';
import { WorkOrderProblem, type CreateFindingBody, type CreateWorkLogBody, type Finding } from '@amage/contracts';
import type { PortalAccess } from '../access/portal-access.js';
import { recordPortalEvent } from '../events/events.service.js';
import { claimAttachments } from '../attachments/attachments.service.js';
import { unprocessable, write } from './portal-write.js';
import { doneAt, findingView, workLogView } from './work-orders.service.js';

export function logWork(db: Knex, access: PortalAccess, ref: string, body: CreateWorkLogBody, now: Date) {
  return write(db, access, ref, now, async (trx) => {
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
    if (body.end) doneAt(body.end, '/end', now);
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

export function reportFinding(
  db: Knex,
  access: PortalAccess,
  ref: string,
  body: CreateFindingBody,
  now: Date,
): Promise<Finding> {
  return write(db, access, ref, now, async (trx) => {
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
