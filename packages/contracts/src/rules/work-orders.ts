// Rules of a work log that the server and `<amage-work-order>` both apply.
import type { FieldError } from '../problem.js';
import type { CreateWorkLogBody, WorkOrderProblem as Codes } from '../work-orders.js';
import { isFutureTime } from './dates.js';

export type WorkLogRuleError = FieldError & { keyword: (typeof Codes)[keyof typeof Codes] };

const DAY_MS = 24 * 3_600_000;

/** Start and end (the end after the start, at most a day, not in the future) or a duration. */
export function workLogErrors(body: CreateWorkLogBody, now: number): WorkLogRuleError[] {
  const { start, end } = body;
  if (start && end) {
    const span = Date.parse(end) - Date.parse(start);
    if (span <= 0)
      return [{ pointer: '/end', message: 'must be after the start', keyword: 'work-log.end_before_start' }];
    if (span > DAY_MS)
      return [{ pointer: '/end', message: 'at most 24 hours after the start', keyword: 'work-log.time_required' }];
    if (isFutureTime(end, now))
      return [{ pointer: '/end', message: 'must not be in the future', keyword: 'time.in_future' }];
    return [];
  }
  if (start || end)
    return [
      { pointer: start ? '/end' : '/start', message: 'needed with the other', keyword: 'work-log.time_required' },
    ];
  if (!body.durationMinutes)
    return [
      { pointer: '/start', message: 'start and end, or a duration, are needed', keyword: 'work-log.time_required' },
    ];
  return [];
}
