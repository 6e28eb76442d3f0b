// The work order's own writes: work logs and findings (entries made one after the other, queued on the
// device while there is no signal) and the completion (once, with a drawn or typed signature).
import type {
  Attachment,
  CompleteWorkOrderBody,
  CreateFindingBody,
  CreateWorkLogBody,
  FieldError,
  Material,
  Urgency,
} from '@amage/contracts';
import { SIGNATURE_DATA_URL_MAX } from '@amage/contracts/constants';
import { workLogErrors } from '@amage/contracts/rules';
import { localDateTimeToIso } from '../../internal/date-rules.js';
import { lines } from '../../internal/form-state.js';

interface MaterialValues {
  code: string;
  description: string;
  quantity: string;
  unit: string;
}
export interface LogValues {
  start: string;
  end: string;
  duration: string;
  workers: string;
  materials: MaterialValues[];
  notes: string;
  attachments: Attachment[];
}
export interface FindingValues {
  what: string;
  where: string;
  urgency: Urgency;
  attachments: Attachment[];
}
export interface CompletionValues {
  summary: string;
  remarks: string;
  confirmedBy: string;
  typed: boolean;
  typedSignature: string;
}

export const emptyLog = (): LogValues => ({
  start: '',
  end: '',
  duration: '',
  workers: '',
  materials: [],
  notes: '',
  attachments: [],
});
export const emptyFinding = (): FindingValues => ({ what: '', where: '', urgency: 'normal', attachments: [] });

const ids = (list: readonly Attachment[]) => (list.length ? { attachments: list.map((a) => a.id) } : {});

/** A work log's body, with the findings the server's own rules (and the form's) make at `now`. */
export function workLog(v: LogValues, now: number): { body: CreateWorkLogBody; errors: FieldError[] } {
  const start = localDateTimeToIso(v.start);
  const end = localDateTimeToIso(v.end);
  const duration = v.duration ? Number(v.duration) : undefined;
  const workers = lines(v.workers);
  const materials: Material[] = v.materials
    .filter((m) => m.description.trim() || m.quantity)
    .map((m) => ({
      ...(m.code.trim() ? { code: m.code.trim() } : {}),
      description: m.description.trim(),
      quantity: Number(m.quantity.replace(',', '.')),
      unit: m.unit.trim(),
    }));
  const body: CreateWorkLogBody = {
    ...(start || end
      ? { ...(start ? { start } : {}), ...(end ? { end } : {}) }
      : duration
        ? { durationMinutes: duration }
        : {}),
    workers,
    ...(materials.length ? { materials } : {}),
    ...(v.notes.trim() ? { notes: v.notes.trim() } : {}),
    ...ids(v.attachments),
  };
  const errors: FieldError[] = [...workLogErrors(body, now)];
  if (!workers.length) errors.push({ pointer: '/workers', message: 'required', keyword: 'required' });
  materials.forEach((m, i) => {
    if (!m.description)
      errors.push({ pointer: `/materials/${i}/description`, message: 'required', keyword: 'required' });
    if (!(m.quantity > 0))
      errors.push({ pointer: `/materials/${i}/quantity`, message: 'required', keyword: 'exclusiveMinimum' });
    if (!m.unit) errors.push({ pointer: `/materials/${i}/unit`, message: 'required', keyword: 'required' });
  });
  return { body, errors };
}

export function finding(v: FindingValues): { body: CreateFindingBody; errors: FieldError[] } {
  const body = { what: v.what.trim(), where: v.where.trim(), urgency: v.urgency, ...ids(v.attachments) };
  return { body, errors: [] };
}

/** The completion, signed with the drawn signature (a PNG data URL) or the typed name. */
export function completion(v: CompletionValues, signature: string | undefined, now: number) {
  const errors: FieldError[] = [];
  if (v.typed ? !v.typedSignature.trim() : !signature || signature.length > SIGNATURE_DATA_URL_MAX)
    errors.push({
      pointer: v.typed ? '/typedSignature' : '/signature',
      message: 'signature needed',
      keyword: 'work-order.signature_required',
    });
  const body: CompleteWorkOrderBody = {
    summary: v.summary.trim(),
    ...(v.remarks.trim() ? { remarks: v.remarks.trim() } : {}),
    confirmedBy: v.confirmedBy.trim(),
    ...(v.typed ? { typedSignature: v.typedSignature.trim() } : signature ? { signature } : {}),
    confirmedAt: new Date(now).toISOString(),
  };
  return { body, errors };
}
