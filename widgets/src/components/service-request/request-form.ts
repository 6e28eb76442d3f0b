// The request form: the category decides the fields; equipment picked from the customer's list
// (searchable, or preselected from a QR label code); photos from the phone camera.
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { serviceRequestErrors } from '@amage/contracts/rules';
import type { AttachmentSummary, FieldError, IntakeConfig, RequestField, ServiceRequestView } from '@amage/contracts';
import { validateCreateServiceRequestBody } from '@amage/contracts/validators/CreateServiceRequestBody';
import type { FormController, FormSpec } from '../../internal/form/form-controller.js';
import {
  customField,
  errorSummary,
  formStatus,
  inputField,
  requiredNote,
  restoredNote,
  selectField,
  submitButton,
  textareaField,
} from '../../internal/form/fields.js';
import type { LocalizeController } from '../../internal/localize.js';
import { subjectPath } from '../../internal/outbox.js';
import {
  CATEGORY_FIELDS,
  categoryRequires,
  categoryUses,
  fieldOf,
  requestBody,
  type FieldName,
  type ServiceRequestValues,
} from './bodies.js';

/** The request's own server codes with the texts of this form. */
const CODE_KEYS: Readonly<Record<string, string>> = {
  'request.field_required': 'required',
  'request.unknown_category': 'notOffered',
  'request.unknown_urgency': 'notOffered',
  'request.asset_not_found': 'notYours',
  'request.site_not_found': 'notYours',
  'request.site_not_allowed': 'otherSite',
  'request.asset_not_at_site': 'notAtSite',
  'request.dates_reversed': 'reversed',
  'request.field_not_used': 'notUsed',
};

export function requestSpec(o: {
  customer: () => string;
  intake: () => IntakeConfig;
  empty: () => ServiceRequestValues;
  localize: LocalizeController;
  sent: (request: ServiceRequestView, values: ServiceRequestValues) => void;
}): FormSpec<ServiceRequestValues> {
  const texts = () => {
    const table = o.localize.table('serviceRequest').fieldErrors as Record<string, string>;
    return Object.fromEntries(Object.entries(CODE_KEYS).map(([code, key]) => [code, table[key]]));
  };
  return {
    id: 'request',
    kind: 'service-request',
    empty: o.empty,
    request: (values) => {
      const intake = o.intake();
      const body = requestBody(intake, values);
      const category = intake.categories.find((c) => c.key === values.category);
      const errors: FieldError[] = category
        ? serviceRequestErrors(category, body)
        : [{ pointer: '/category', message: 'required', keyword: 'required' }];
      return {
        method: 'post',
        path: `${subjectPath({ type: 'customer', ref: o.customer() })}/service-requests`,
        body,
        validate: validateCreateServiceRequestBody,
        errors,
      };
    },
    fieldOf,
    problems: texts,
    sent: (result, item) => o.sent(result as ServiceRequestView, item.values as ServiceRequestValues),
  };
}

export interface RequestFormView {
  readonly localize: LocalizeController;
  readonly form: FormController<ServiceRequestValues>;
  readonly intake: IntakeConfig;
  /** Fields the host page hides (`hide-fields`). */
  readonly hidden: ReadonlySet<string>;
  /** The equipment chosen from the page's QR label code. */
  readonly fromCode: string;
  readonly assetQuery: string;
  search(query: string): void;
  chooseAsset(ref: string): void;
  /** Files still uploading: the request waits for them. */
  readonly uploading: number;
  uploads(pending: number): void;
  readonly client: unknown;
}

/** Whether the form shows a field (the category uses it, the host did not hide it). */
function shows(view: Pick<RequestFormView, 'intake' | 'hidden' | 'form'>, field: FieldName): boolean {
  const { intake, hidden } = view;
  const category = view.form.values.category;
  if (field === 'category') return !(hidden.has('category') && category);
  if (field === 'title' || field === 'contactName') return !hidden.has(field);
  if (!categoryUses(intake, category, field)) return false;
  const rule = (Object.keys(CATEGORY_FIELDS) as RequestField[]).find((r) => CATEGORY_FIELDS[r].includes(field))!;
  if (hidden.has(rule) || hidden.has(field)) return false;
  if ((field === 'contactPhone' || field === 'contactEmail') && hidden.has('contact')) return false;
  return true;
}

function renderAssetPicker(view: RequestFormView) {
  const { localize, form, intake } = view;
  const s = localize.table('serviceRequest');
  const v = form.values;
  const query = view.assetQuery.trim().toLowerCase();
  const siteName = (ref?: string) => intake.sites.find((x) => x.ref === ref)?.name;
  const matches = intake.assets.filter(
    (a) =>
      a.ref === v.assetRef ||
      ((!v.siteRef || !shows(view, 'site') || a.siteRef === v.siteRef) &&
        (!query ||
          [a.name, a.serialNumber, a.location, a.type, a.qrCode, a.ref, siteName(a.siteRef)].some((x) =>
            x?.toLowerCase().includes(query),
          ))),
  );
  const describe = (a: (typeof intake.assets)[number]) =>
    [a.name, a.serialNumber, a.location ?? siteName(a.siteRef)].filter(Boolean).join(' · ');
  const searchId = `${form.prefix}-asset-search`;
  return html`<div part="field" class="field">
      <label part="label" class="label" for=${searchId}>${s.assetSearch}</label>
      <p part="hint" class="hint" id="${searchId}-hint">${s.assetSearchHint}</p>
      <input
        part="input"
        class="input"
        id=${searchId}
        type="search"
        autocomplete="off"
        aria-describedby="${searchId}-hint"
        .value=${live(view.assetQuery)}
        @input=${(e: Event) => view.search((e.target as HTMLInputElement).value)}
      />
      ${query && matches.length === 0 ? html`<p class="hint" role="status">${s.noAssetMatch}</p>` : nothing}
    </div>
    ${selectField(form, {
      name: 'asset',
      label: s.asset,
      required: categoryRequires(intake, v.category, 'asset'),
      hint: view.fromCode ? s.assetChosenFromCode(view.fromCode) : undefined,
      placeholder: s.noAsset,
      value: v.assetRef,
      options: matches.map((a) => [a.ref, describe(a)] as const),
      onChange: (ref) => view.chooseAsset(ref),
    })}`;
}

function renderSite(view: RequestFormView) {
  const { localize, form, intake } = view;
  const s = localize.table('serviceRequest');
  if (intake.siteRef) {
    const site = intake.sites.find((x) => x.ref === intake.siteRef);
    return html`<p class="field"><span class="label">${s.site}</span> ${site?.name ?? intake.siteRef}</p>`;
  }
  return selectField(form, {
    name: 'site',
    label: s.site,
    required: categoryRequires(intake, form.values.category, 'site'),
    placeholder: s.chooseSite,
    value: form.values.siteRef,
    options: intake.sites.map((x) => [x.ref, x.name] as const),
    onChange: (ref) => form.set({ siteRef: ref }, 'site'),
  });
}

export function renderRequestForm(view: RequestFormView) {
  const { localize, form, intake } = view;
  const s = localize.table('serviceRequest');
  const v = form.values;
  const show = (field: FieldName) => shows(view, field);
  const required = (field: FieldName) => categoryRequires(intake, v.category, field);
  const text = (
    field: FieldName,
    key: keyof ServiceRequestValues,
    label: string,
    o: Partial<Parameters<typeof inputField>[1]> = {},
  ) =>
    inputField(form, {
      name: field,
      label,
      required: required(field),
      value: v[key] as string,
      onInput: (value) => form.set({ [key]: value } as Partial<ServiceRequestValues>, field),
      ...o,
    });
  return html`<form part="form" class="form" data-form="request" novalidate aria-labelledby="form-title" @submit=${form.handleSubmit}>
    <h2 id="form-title">${s.formTitle}</h2>
    ${restoredNote(form, localize)} ${errorSummary(form, localize)} ${requiredNote(localize)}
    <fieldset class="plain" ?disabled=${form.waiting.length > 0}>
      ${
        show('category')
          ? selectField(form, {
              name: 'category',
              label: s.category,
              required: true,
              placeholder: s.chooseCategory,
              value: v.category,
              options: intake.categories.map((c) => [c.key, c.name] as const),
              onChange: (key) => form.set({ category: key }, 'category'),
            })
          : nothing
      }
      ${show('site') ? renderSite(view) : nothing} ${show('asset') ? renderAssetPicker(view) : nothing}
      ${show('location') ? text('location', 'location', s.location, { maxLength: 200 }) : nothing}
      ${show('title') ? text('title', 'title', s.title, { maxLength: 200 }) : nothing}
      ${
        show('description')
          ? textareaField(form, {
              name: 'description',
              label: s.description,
              required: required('description'),
              rows: 4,
              maxLength: 4000,
              value: v.description,
              onInput: (value) => form.set({ description: value }, 'description'),
            })
          : nothing
      }
      ${
        show('urgency')
          ? selectField(form, {
              name: 'urgency',
              label: s.urgency,
              required: required('urgency'),
              placeholder: s.chooseUrgency,
              value: v.urgency,
              options: intake.urgencies.map((u) => [u, s.urgencies[u] ?? u] as const),
              onChange: (value) => form.set({ urgency: value }, 'urgency'),
            })
          : nothing
      }
      ${
        show('dateFrom')
          ? html`<fieldset class="group">
            <legend>${s.preferredDates}</legend>
            <div class="row">
              ${text('dateFrom', 'dateFrom', s.dateFrom, { type: 'date' })} ${text('dateTo', 'dateTo', s.dateTo, { type: 'date' })}
            </div>
            <div class="row">
              ${text('timeFrom', 'timeFrom', s.timeFrom, { type: 'time' })} ${text('timeTo', 'timeTo', s.timeTo, { type: 'time' })}
            </div>
          </fieldset>`
          : nothing
      }
      ${
        show('contactName') || show('contactPhone') || show('contactEmail')
          ? html`<fieldset class="group">
            <legend>${s.contact}</legend>
            ${show('contactName') ? text('contactName', 'contactName', s.contactName, { autocomplete: 'name', maxLength: 200 }) : nothing}
            ${show('contactPhone') ? text('contactPhone', 'contactPhone', s.contactPhone, { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxLength: 40 }) : nothing}
            ${show('contactEmail') ? text('contactEmail', 'contactEmail', s.contactEmail, { type: 'email', inputmode: 'email', autocomplete: 'email', maxLength: 254 }) : nothing}
          </fieldset>`
          : nothing
      }
      ${
        show('attachments')
          ? customField(
              form,
              {
                name: 'attachments',
                label: s.attachments,
                inner: true,
                required: required('attachments'),
                info: { kind: 'file' },
              },
              (a) => html`<amage-file-picker
                id=${a.id}
                label=${s.attachments}
                .error=${a.error ?? ''}
                ?required=${required('attachments')}
                accept="image/*,video/mp4,video/quicktime,application/pdf"
                capture="environment"
                multiple
                .client=${view.client}
                .attachments=${v.attachments as never}
                @amage-files-change=${(
                  e: CustomEvent<{ attachments: readonly AttachmentSummary[]; pending: number }>,
                ) => {
                  e.stopPropagation();
                  view.uploads(e.detail.pending);
                  form.set(
                    {
                      attachments: e.detail.attachments.map(({ id, filename, contentType, size }) => ({
                        id,
                        filename,
                        contentType,
                        size,
                      })),
                    },
                    'attachments',
                  );
                }}
              ></amage-file-picker>`,
            )
          : nothing
      }
    </fieldset>
    ${submitButton(form, s.submit, { disabled: view.uploading > 0 })}
    ${formStatus(form, localize)}
  </form>`;
}
