// The category rules of a service request (which fields it takes, which it needs), applied by the
// server and, before sending, by `<amage-service-request>`.
import type { CustomerProblem, RequestField } from '../customers.js';
import type { FieldError } from '../problem.js';
import type { CreateServiceRequestBody } from '../service-requests.js';

/** Where each category field sits in the request body, for field-pointed errors. */
export const REQUEST_FIELD_POINTERS = {
  asset: '/assetRef',
  site: '/siteRef',
  location: '/location',
  description: '/description',
  urgency: '/urgency',
  preferredDates: '/preferredDates',
  contactPhone: '/contact/phone',
  contactEmail: '/contact/email',
  attachments: '/attachments',
} as const satisfies Record<RequestField, string>;

/** A category field's value in the body; blank text and an empty file list count as not given. */
export function requestFieldValue(body: CreateServiceRequestBody, field: RequestField): unknown {
  switch (field) {
    case 'asset':
      return body.assetRef || undefined;
    case 'site':
      return body.siteRef || undefined;
    case 'contactPhone':
      return body.contact.phone?.trim() || undefined;
    case 'contactEmail':
      return body.contact.email?.trim() || undefined;
    case 'attachments':
      return body.attachments?.length ? body.attachments : undefined;
    case 'preferredDates':
      return body.preferredDates && Object.keys(body.preferredDates).length ? body.preferredDates : undefined;
    case 'location':
    case 'description':
    case 'urgency':
      return body[field]?.trim() || undefined;
  }
}

export type RequestRuleError = FieldError & { keyword: CustomerProblem };

/**
 * What a category refuses in a request: a required field left out (`request.field_required`), a field
 * it does not use (`request.field_not_used`, only when nothing is missing), a date range backwards.
 */
export function serviceRequestErrors(
  category: { fields: readonly RequestField[]; required: readonly RequestField[] },
  body: CreateServiceRequestBody,
): RequestRuleError[] {
  const fields = Object.keys(REQUEST_FIELD_POINTERS) as RequestField[];
  const missing: RequestRuleError[] = category.required
    .filter((field) => requestFieldValue(body, field) === undefined)
    .map((field) => ({
      pointer: REQUEST_FIELD_POINTERS[field],
      message: 'required for this category',
      keyword: 'request.field_required',
    }));
  if (missing.length) return missing;
  const unused: RequestRuleError[] = fields
    .filter((field) => !category.fields.includes(field) && requestFieldValue(body, field) !== undefined)
    .map((field) => ({
      pointer: REQUEST_FIELD_POINTERS[field],
      message: 'not used by this category',
      keyword: 'request.field_not_used',
    }));
  if (unused.length) return unused;
  const { from, to } = body.preferredDates ?? {};
  if (from && to && from > to)
    return [{ pointer: '/preferredDates/to', message: 'before the earliest date', keyword: 'request.dates_reversed' }];
  return [];
}
