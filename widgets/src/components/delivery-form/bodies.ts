// What the delivery form's fields hold, and the request bodies made of them: pure functions, unit-tested.
import type {
  CorrectDeliveryBody,
  CreateDateConfirmationBody,
  DeclareDeliveryBody,
  Delivery,
  LineResponse,
  ReasonCode,
} from '@amage/contracts';

interface ScheduleValues {
  quantity: string;
  date: string;
}
export interface ConfirmLineValues {
  /** `none`: not answered in this submit. */
  mode: 'none' | 'accept' | 'propose';
  schedule: ScheduleValues[];
  backorderQuantity: string;
  backorderDate: string;
  rejectQuantity: string;
  reasonCode: string;
  comment: string;
}
export interface ConfirmValues {
  lines: Record<number, ConfirmLineValues>;
  supplierOrderRef: string;
  note: string;
}

interface LotValues {
  number: string;
  quantity: string;
  productionDate: string;
  expiryDate: string;
}
export interface DeliveryLineValues {
  quantity: string;
  lots: LotValues[];
  serials: string;
}
export interface DeliveryValues {
  /** The declaration being corrected, if any. */
  editing?: string;
  dispatchDate: string;
  expectedArrival: string;
  carrier: string;
  trackingNumber: string;
  deliveryNoteNumber: string;
  packages: string;
  grossWeightKg: string;
  note: string;
  reason: string;
  lines: Record<number, DeliveryLineValues>;
  attachments: Delivery['attachments'];
}

export const emptyConfirm = (): ConfirmValues => ({ lines: {}, supplierOrderRef: '', note: '' });
export const emptyConfirmLine = (): ConfirmLineValues => ({
  mode: 'none',
  schedule: [],
  backorderQuantity: '',
  backorderDate: '',
  rejectQuantity: '',
  reasonCode: '',
  comment: '',
});
export const emptyDelivery = (): DeliveryValues => ({
  dispatchDate: '',
  expectedArrival: '',
  carrier: '',
  trackingNumber: '',
  deliveryNoteNumber: '',
  packages: '',
  grossWeightKg: '',
  note: '',
  reason: '',
  lines: {},
  attachments: [],
});
export const emptyDeliveryLine = (): DeliveryLineValues => ({ quantity: '', lots: [], serials: '' });

/** A typed number (`12,5` as well as `12.5`); `undefined` when empty, `NaN` when not a number. */
export const num = (s: string) => (s.trim() === '' ? undefined : Number(s.trim().replace(',', '.')));
const text = (s: string) => s.trim() || undefined;

/** The lines answered in `values` (mode other than `none`), in the order of the order's lines. */
export function confirmationBody(values: ConfirmValues, lineNos: readonly number[]): CreateDateConfirmationBody {
  const lines: LineResponse[] = [];
  for (const lineNo of lineNos) {
    const d = values.lines[lineNo];
    if (!d || d.mode === 'none') continue;
    if (d.mode === 'accept') {
      lines.push({ lineNo, action: 'accept' });
      continue;
    }
    const backorderQuantity = num(d.backorderQuantity);
    const rejectQuantity = num(d.rejectQuantity);
    lines.push({
      lineNo,
      action: 'propose',
      schedule: d.schedule.map((s) => ({ quantity: num(s.quantity) as number, date: s.date })),
      ...(backorderQuantity !== undefined
        ? { backorder: { quantity: backorderQuantity, ...(d.backorderDate ? { date: d.backorderDate } : {}) } }
        : {}),
      ...(rejectQuantity !== undefined ? { reject: { quantity: rejectQuantity } } : {}),
      reasonCode: d.reasonCode as ReasonCode,
      ...(text(d.comment) ? { comment: text(d.comment) } : {}),
    });
  }
  return {
    lines,
    ...(text(values.supplierOrderRef) ? { supplierOrderRef: text(values.supplierOrderRef) } : {}),
    ...(text(values.note) ? { note: text(values.note) } : {}),
  };
}

/** The declaration (or correction: `reason` added) of the lines with a shipped quantity. */
export function deliveryBody(values: DeliveryValues, lineNos: readonly number[]): CorrectDeliveryBody {
  const lines: DeclareDeliveryBody['lines'] = [];
  for (const lineNo of lineNos) {
    const l = values.lines[lineNo];
    if (!l || l.quantity.trim() === '') continue;
    const serials = l.serials
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    lines.push({
      lineNo,
      quantity: num(l.quantity) as number,
      ...(l.lots.length
        ? {
            lots: l.lots.map((lot) => ({
              number: lot.number.trim(),
              quantity: num(lot.quantity) as number,
              ...(lot.productionDate ? { productionDate: lot.productionDate } : {}),
              ...(lot.expiryDate ? { expiryDate: lot.expiryDate } : {}),
            })),
          }
        : {}),
      ...(serials.length ? { serialNumbers: serials } : {}),
    });
  }
  const packages = num(values.packages);
  const weight = num(values.grossWeightKg);
  return {
    dispatchDate: values.dispatchDate,
    expectedArrival: values.expectedArrival,
    deliveryNoteNumber: values.deliveryNoteNumber.trim(),
    ...(text(values.carrier) ? { carrier: text(values.carrier) } : {}),
    ...(text(values.trackingNumber) ? { trackingNumber: text(values.trackingNumber) } : {}),
    ...(packages !== undefined ? { packages } : {}),
    ...(weight !== undefined ? { grossWeightKg: weight } : {}),
    lines,
    ...(values.attachments.length ? { attachments: values.attachments.map((a) => a.id) } : {}),
    ...(text(values.note) ? { note: text(values.note) } : {}),
    ...(values.editing && text(values.reason) ? { reason: text(values.reason) } : {}),
  };
}

/**
 * The field a pointer of a body with `lines` names: `/lines/3/quantity` → `L12/quantity` when line 12
 * was the fourth sent, `/lines/0/lineNo` → `L12/answer`, `/attachments/0` → `/attachments`.
 */
export function lineField(pointer: string, body: { lines?: readonly { lineNo: number }[] }): string {
  const match = /^\/lines\/(\d+)(\/.*)?$/.exec(pointer);
  if (match) {
    const lineNo = body.lines?.[Number(match[1])]?.lineNo ?? '?';
    const rest = match[2] ?? '';
    return `L${lineNo}${rest === '' || rest === '/lineNo' || rest === '/action' ? '/answer' : rest}`;
  }
  if (pointer.startsWith('/attachments')) return '/attachments';
  return pointer;
}

/** The values a declaration had, to correct it. */
export function correctionValues(delivery: Delivery): DeliveryValues {
  return {
    ...emptyDelivery(),
    editing: delivery.id,
    dispatchDate: delivery.dispatchDate,
    expectedArrival: delivery.expectedArrival,
    carrier: delivery.carrier ?? '',
    trackingNumber: delivery.trackingNumber ?? '',
    deliveryNoteNumber: delivery.deliveryNoteNumber,
    packages: delivery.packages !== undefined ? String(delivery.packages) : '',
    grossWeightKg: delivery.grossWeightKg !== undefined ? String(delivery.grossWeightKg) : '',
    note: delivery.note ?? '',
    attachments: delivery.attachments,
    lines: Object.fromEntries(
      delivery.lines.map((l) => [
        l.lineNo,
        {
          quantity: String(l.quantity),
          lots: (l.lots ?? []).map((lot) => ({
            number: lot.number,
            quantity: String(lot.quantity),
            productionDate: lot.productionDate ?? '',
            expiryDate: lot.expiryDate ?? '',
          })),
          serials: (l.serialNumbers ?? []).join('\n'),
        },
      ]),
    ),
  };
}
