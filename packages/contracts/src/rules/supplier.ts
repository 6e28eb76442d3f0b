// The business rules of the supplier portal's writes: the server refuses what they find, and the widgets
// show the same findings at the fields before anything is sent, so the two cannot disagree.
import type { CreateStageResponseBody } from '../complaints.js';
import type { FieldError } from '../problem.js';
import type { CreateDateConfirmationBody, DeclareDeliveryBody, SupplierProblem } from '../purchase-orders.js';
import { isFutureDate, isPastDate } from './dates.js';
import { fitsUnit, roundQuantity, sameQuantity } from './quantities.js';

/** A rule's finding: `keyword` is the problem code, `message` plain English for logs and API users. */
export type RuleError = FieldError & { keyword: SupplierProblem };

const finding = (keyword: SupplierProblem, pointer: string, message: string): RuleError => ({
  pointer,
  message,
  keyword,
});

/** What the rules need to know of an order line. */
export interface RuleLine {
  lineNo: number;
  quantity: number;
  unit: string;
}

/** Each line once, each known; returns the line for further checks, or undefined after a finding. */
function lineOf<L extends RuleLine>(
  lines: ReadonlyMap<number, L>,
  seen: Set<number>,
  lineNo: number,
  at: string,
  errors: RuleError[],
): L | undefined {
  const line = lines.get(lineNo);
  if (!line) {
    errors.push(finding('order.unknown_line', `${at}/lineNo`, `no line ${lineNo} in this order`));
    return undefined;
  }
  if (seen.has(lineNo)) {
    errors.push(finding('order.duplicate_line', `${at}/lineNo`, `line ${lineNo} appears twice`));
    return undefined;
  }
  seen.add(lineNo);
  return line;
}

const wholeFor = (errors: RuleError[], quantity: number | undefined, unit: string, pointer: string) => {
  if (quantity !== undefined && !fitsUnit(quantity, unit))
    errors.push(finding('order.quantity_not_whole', pointer, `${unit} are counted in whole numbers`));
};

/** A date confirmation against the order's lines: dates not in the past, parts adding up, whole pieces. */
export function dateConfirmationErrors(
  body: CreateDateConfirmationBody,
  orderLines: readonly RuleLine[],
  now: number,
): RuleError[] {
  const errors: RuleError[] = [];
  const lines = new Map(orderLines.map((l) => [l.lineNo, l]));
  const seen = new Set<number>();
  body.lines.forEach((answer, i) => {
    const at = `/lines/${i}`;
    const line = lineOf(lines, seen, answer.lineNo, at, errors);
    if (!line || answer.action !== 'propose') return;
    answer.schedule.forEach((s, j) => {
      if (s.date && isPastDate(s.date, now))
        errors.push(finding('order.date_in_past', `${at}/schedule/${j}/date`, 'the date is in the past'));
      wholeFor(errors, s.quantity, line.unit, `${at}/schedule/${j}/quantity`);
    });
    if (answer.backorder?.date && isPastDate(answer.backorder.date, now))
      errors.push(finding('order.date_in_past', `${at}/backorder/date`, 'the date is in the past'));
    wholeFor(errors, answer.backorder?.quantity, line.unit, `${at}/backorder/quantity`);
    wholeFor(errors, answer.reject?.quantity, line.unit, `${at}/reject/quantity`);
    const total =
      answer.schedule.reduce((s, l) => s + (l.quantity || 0), 0) +
      (answer.backorder?.quantity ?? 0) +
      (answer.reject?.quantity ?? 0);
    if (!sameQuantity(total, line.quantity))
      errors.push(
        finding(
          'order.quantities_do_not_add_up',
          `${at}/schedule`,
          `the parts add up to ${roundQuantity(total)}, the line is ${line.quantity}`,
        ),
      );
    if (answer.reasonCode === 'other' && !answer.comment?.trim())
      errors.push(finding('order.comment_required', `${at}/comment`, 'say why when the reason is "other"'));
  });
  return errors;
}

/** What a declaration needs of a line: the most it may still carry (`openQuantity`, tolerance included). */
export interface DeclarableLine extends RuleLine {
  openQuantity: number;
}

/** A delivery declaration (or its correction, with the corrected one's quantities added back to the lines). */
export function declarationErrors(
  body: DeclareDeliveryBody,
  orderLines: readonly DeclarableLine[],
  now: number,
): RuleError[] {
  const errors: RuleError[] = [];
  if (body.expectedArrival && isPastDate(body.expectedArrival, now))
    errors.push(finding('order.date_in_past', '/expectedArrival', 'the date is in the past'));
  if (body.expectedArrival && body.dispatchDate && body.expectedArrival < body.dispatchDate)
    errors.push(finding('delivery.arrival_before_dispatch', '/expectedArrival', 'arrival cannot be before dispatch'));
  const lines = new Map(orderLines.map((l) => [l.lineNo, l]));
  const seen = new Set<number>();
  body.lines.forEach((shipped, i) => {
    const at = `/lines/${i}`;
    const line = lineOf(lines, seen, shipped.lineNo, at, errors);
    if (!line) return;
    wholeFor(errors, shipped.quantity, line.unit, `${at}/quantity`);
    if (shipped.quantity > line.openQuantity + 1e-9)
      errors.push(
        finding(
          'order.quantity_exceeds_open',
          `${at}/quantity`,
          `at most ${line.openQuantity} ${line.unit} is still open on this line`,
        ),
      );
    if (shipped.lots?.length) {
      const total = shipped.lots.reduce((s, l) => s + (l.quantity || 0), 0);
      if (!sameQuantity(total, shipped.quantity))
        errors.push(
          finding(
            'delivery.lots_do_not_add_up',
            `${at}/lots`,
            `the lots add up to ${roundQuantity(total)}, shipped is ${shipped.quantity}`,
          ),
        );
      shipped.lots.forEach((lot, j) => {
        wholeFor(errors, lot.quantity, line.unit, `${at}/lots/${j}/quantity`);
        if (lot.productionDate && lot.expiryDate && lot.expiryDate < lot.productionDate)
          errors.push(
            finding(
              'delivery.expiry_before_production',
              `${at}/lots/${j}/expiryDate`,
              'expiry cannot be before production',
            ),
          );
      });
    }
    if (shipped.serialNumbers?.length && shipped.serialNumbers.length !== shipped.quantity)
      errors.push(
        finding(
          'delivery.serial_numbers_do_not_match',
          `${at}/serialNumbers`,
          `${shipped.serialNumbers.length} serial numbers for ${shipped.quantity} units`,
        ),
      );
  });
  return errors;
}

/** A complaint stage's answer: what was done is dated today at the latest, verification not before implementation. */
export function stageResponseErrors(body: CreateStageResponseBody, now: number): RuleError[] {
  const errors: RuleError[] = [];
  for (const field of ['implementedOn', 'verifiedOn'] as const) {
    const date = body[field];
    if (date && isFutureDate(date, now))
      errors.push(finding('complaint.date_in_future', `/${field}`, 'the date is in the future'));
  }
  if (body.implementedOn && body.verifiedOn && body.verifiedOn < body.implementedOn)
    errors.push(
      finding('complaint.verified_before_implemented', '/verifiedOn', 'verification cannot be before implementation'),
    );
  return errors;
}
