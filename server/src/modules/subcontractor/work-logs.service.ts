// Work logs and findings of a work order (`work-order:log-work`), written from `<amage-work-order>`.
import type { Knex } from 'knex';
import { type CreateFindingBody, type CreateWorkLogBody, type Finding, workLogErrors } from '@amage/contracts';
import type { PortalAccess } from '../access/portal-access.js';
import { recordPortalEvent } from '../events/events.service.js';
import { claimAttachments } from '../attachments/attachments.service.js';
import { unprocessable, write } from './portal-write.js';
import { findingView, workLogView } from './work-orders.service.js';

export function logWork(db: Knex, access: PortalAccess, ref: string, body: CreateWorkLogBody, now: Date) {
  return write(db, access, ref, now, async (trx) => {
    // Start and end (in order, at most a day, not in the future) or a duration: shared with the widget.
    const [finding] = workLogErrors(body, now.getTime());
    if (finding)
      throw unprocessable(
        finding.keyword,
        'The time of the entry cannot be accepted.',
        finding.pointer,
        finding.message,
      );
    const minutes =
      body.start && body.end
        ? Math.round((Date.parse(body.end) - Date.parse(body.start)) / 60_000) || 1
        : body.durationMinutes!;
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
