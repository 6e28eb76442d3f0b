import type { FieldError } from '@amage/contracts';
import { AppError } from '../../lib/errors.js';

/**
 * The earliest date anyone on Earth may still call "today" (UTC−12), so that a supplier's own today is
 * never refused as "in the past", whatever their time zone.
 */
const earliestToday = (now: Date) => new Date(now.getTime() - 12 * 3_600_000).toISOString().slice(0, 10);

/** Whether a calendar date (`YYYY-MM-DD`) is before today everywhere on Earth at `now`. */
export const isPast = (date: string, now: Date) => date < earliestToday(now);

/** Float sums of quantities compared with a tolerance (quantities have at most a few decimals). */
export const round = (n: number) => Math.round(n * 1000) / 1000;
export const sameQuantity = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/** Collects business-rule refusals so the widget can show all of them at their fields at once. */
export class FieldErrors {
  private readonly list: Array<FieldError & { code: string }> = [];

  add(code: string, pointer: string, message: string) {
    this.list.push({ code, pointer, message, keyword: code });
  }

  get size() {
    return this.list.length;
  }

  /** 422 with the first refusal's code; every refusal is in `errors`, `keyword` holds its own code. */
  throwIfAny(detail = 'Some values cannot be accepted; see the fields.') {
    if (this.list.length === 0) return;
    throw new AppError(this.list[0]!.code, 422, detail, {
      errors: this.list.map(({ pointer, message, keyword }) => ({ pointer, message, keyword })),
    });
  }
}
