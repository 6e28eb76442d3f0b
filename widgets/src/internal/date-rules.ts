// The widgets' rules about dates and times, as pure functions: each takes the current time (`at`, ms since
// the epoch; default: the widgets' clock), so tests run them at any hour and in any time zone. The rules the
// server applies too come from `@amage/contracts/rules`; these only read the clock for them.
import type { ComplaintStageView, PermitState, PermitView } from '@amage/contracts';
import * as shared from '@amage/contracts/rules';
import { now } from './clock.js';

/**
 * The earliest calendar date (`YYYY-MM-DD`) that is still today somewhere on Earth (UTC−12): the first
 * date a supplier may give, as the server checks it. The same in every time zone of the device.
 */
export const earliestToday = (at: number = now()): string => shared.earliestToday(at);

/** The latest calendar date that is already today somewhere on Earth (UTC+14): the last date of something done. */
export const latestToday = (at: number = now()): string => shared.latestToday(at);

/**
 * Whether a complaint stage shows as overdue: the server says so, or it still waits for the supplier's
 * answer (open or returned), its due time has passed and the supplier can answer it.
 */
export function stageOverdue(stage: ComplaintStageView, canRespond: boolean, at: number = now()): boolean {
  const waitsForSupplier = stage.state === 'open' || stage.state === 'returned';
  return stage.overdue || (waitsForSupplier && canRespond && Date.parse(stage.dueAt) < at);
}

/** Why nobody may sign on to a permit now; `undefined` while it is active and within its validity. */
export type PermitInvalidity = Exclude<PermitState, 'active'> | 'not-yet-valid' | 'expired';

export function permitInvalidity(permit: PermitView, at: number = now()): PermitInvalidity | undefined {
  if (permit.state !== 'active') return permit.state;
  if (at < Date.parse(permit.validFrom)) return 'not-yet-valid';
  if (at > Date.parse(permit.validTo)) return 'expired';
  return undefined;
}

/**
 * A `datetime-local` input's value (wall-clock time in the device's time zone, `2027-01-10T08:00`) as an
 * ISO instant; `undefined` when empty.
 */
export const localDateTimeToIso = (local: string): string | undefined =>
  local ? new Date(local).toISOString() : undefined;
