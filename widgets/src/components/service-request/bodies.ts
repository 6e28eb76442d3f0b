// What the service request form holds, which fields a category shows and needs, and the request body:
// pure functions, unit-tested. The category rules themselves are the server's (`@amage/contracts/rules`).
import type { AttachmentSummary, CreateServiceRequestBody, IntakeConfig, RequestField } from '@amage/contracts';

/** The form's own field names (they name the errors and, with the form's prefix, the controls). */
export type FieldName =
  | 'category'
  | 'asset'
  | 'site'
  | 'location'
  | 'title'
  | 'description'
  | 'urgency'
  | 'dateFrom'
  | 'dateTo'
  | 'timeFrom'
  | 'timeTo'
  | 'contactName'
  | 'contactPhone'
  | 'contactEmail'
  | 'attachments';

export interface ServiceRequestValues {
  category: string;
  assetRef: string;
  siteRef: string;
  location: string;
  title: string;
  description: string;
  urgency: string;
  dateFrom: string;
  dateTo: string;
  timeFrom: string;
  timeTo: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  attachments: AttachmentSummary[];
}

export const emptyValues = (): ServiceRequestValues => ({
  category: '',
  assetRef: '',
  siteRef: '',
  location: '',
  title: '',
  description: '',
  urgency: '',
  dateFrom: '',
  dateTo: '',
  timeFrom: '',
  timeTo: '',
  contactName: '',
  contactPhone: '',
  contactEmail: '',
  attachments: [],
});

/** The category fields, in form order, with the form fields each stands for. */
export const CATEGORY_FIELDS: Record<RequestField, FieldName[]> = {
  asset: ['asset'],
  site: ['site'],
  location: ['location'],
  description: ['description'],
  urgency: ['urgency'],
  preferredDates: ['dateFrom', 'dateTo', 'timeFrom', 'timeTo'],
  contactPhone: ['contactPhone'],
  contactEmail: ['contactEmail'],
  attachments: ['attachments'],
};

const ruleOf = (field: FieldName) =>
  (Object.keys(CATEGORY_FIELDS) as RequestField[]).find((r) => CATEGORY_FIELDS[r].includes(field));

const POINTERS: [RegExp, FieldName][] = [
  [/^\/category/, 'category'],
  [/^\/assetRef/, 'asset'],
  [/^\/siteRef/, 'site'],
  [/^\/location/, 'location'],
  [/^\/title/, 'title'],
  [/^\/description/, 'description'],
  [/^\/urgency/, 'urgency'],
  [/^\/preferredDates\/to/, 'dateTo'],
  [/^\/preferredDates\/timeFrom/, 'timeFrom'],
  [/^\/preferredDates\/timeTo/, 'timeTo'],
  [/^\/preferredDates/, 'dateFrom'],
  [/^\/contact\/phone/, 'contactPhone'],
  [/^\/contact\/email/, 'contactEmail'],
  [/^\/contact/, 'contactName'],
  [/^\/attachments/, 'attachments'],
];

/** The field a body pointer (from ajv, the shared rules or the server) belongs to. */
export const fieldOf = (pointer: string): FieldName => POINTERS.find(([re]) => re.test(pointer))?.[1] ?? 'title';

/** Whether a category uses a field (title, contact name and category belong to every request). */
export function categoryUses(intake: IntakeConfig, category: string, field: FieldName): boolean {
  if (field === 'title' || field === 'contactName' || field === 'category') return true;
  const c = intake.categories.find((x) => x.key === category);
  const rule = ruleOf(field);
  return Boolean(c && rule && c.fields.includes(rule));
}

/** Whether a field must be filled in; a date range is required as a whole, its earliest date stands for it. */
export function categoryRequires(intake: IntakeConfig, category: string, field: FieldName): boolean {
  if (field === 'title' || field === 'contactName' || field === 'category') return true;
  const c = intake.categories.find((x) => x.key === category);
  const rule = ruleOf(field);
  if (!c || !rule || !c.required.includes(rule)) return false;
  return rule !== 'preferredDates' || field === 'dateFrom';
}

/** The request body: only the fields the category uses, trimmed, empty ones left out. */
export function requestBody(intake: IntakeConfig, v: ServiceRequestValues): CreateServiceRequestBody {
  const uses = (field: FieldName) => categoryUses(intake, v.category, field);
  const text = (s: string) => s.trim() || undefined;
  const preferredDates = uses('dateFrom')
    ? Object.fromEntries(
        Object.entries({ from: v.dateFrom, to: v.dateTo, timeFrom: v.timeFrom, timeTo: v.timeTo }).filter(([, x]) => x),
      )
    : {};
  const body: Record<string, unknown> = {
    category: v.category,
    assetRef: uses('asset') ? text(v.assetRef) : undefined,
    siteRef: uses('site') ? text(v.siteRef) : undefined,
    location: uses('location') ? text(v.location) : undefined,
    title: v.title.trim(),
    description: uses('description') ? text(v.description) : undefined,
    urgency: uses('urgency') ? text(v.urgency) : undefined,
    preferredDates: Object.keys(preferredDates).length ? preferredDates : undefined,
    contact: Object.fromEntries(
      Object.entries({
        name: v.contactName.trim(),
        phone: uses('contactPhone') ? text(v.contactPhone) : undefined,
        email: uses('contactEmail') ? text(v.contactEmail) : undefined,
      }).filter(([, x]) => x !== undefined),
    ),
    attachments: uses('attachments') && v.attachments.length ? v.attachments.map((a) => a.id) : undefined,
  };
  return Object.fromEntries(Object.entries(body).filter(([, x]) => x !== undefined)) as CreateServiceRequestBody;
}
