import { html, type TemplateResult } from 'lit';
import type { SubjectType } from '@amage/contracts';

export interface WidgetInputs {
  api: string;
  /** The portal's session token; the portal keeps it refreshed. */
  token: string;
  lang: string;
  /** The subject's ref. */
  ref: string;
}

interface WidgetEntry {
  /** Loads the widget's define file (code-split in the CDN build). */
  load: () => Promise<unknown>;
  render: (inputs: WidgetInputs) => TemplateResult;
}

/**
 * The widget `<amage-portal>` shows for each subject type: every type of the contracts has one (a newer
 * server may still name a type this version does not know, hence `Partial` for the lookup).
 */
export const widgetsBySubject: Partial<Record<SubjectType, WidgetEntry>> = {
  job: {
    load: () => import('../work-progress/amage-work-progress.js'),
    render: (i) =>
      html`<amage-work-progress api=${i.api} token=${i.token} lang=${i.lang} job=${i.ref}></amage-work-progress>`,
  },
  'purchase-order': {
    load: () => import('../delivery-form/amage-delivery-form.js'),
    render: (i) =>
      html`<amage-delivery-form api=${i.api} token=${i.token} lang=${i.lang} order=${i.ref}></amage-delivery-form>`,
  },
  complaint: {
    load: () => import('../complaint/amage-complaint.js'),
    render: (i) =>
      html`<amage-complaint api=${i.api} token=${i.token} lang=${i.lang} complaint=${i.ref}></amage-complaint>`,
  },
  'work-order': {
    load: () => import('../work-order/amage-work-order.js'),
    render: (i) =>
      html`<amage-work-order api=${i.api} token=${i.token} lang=${i.lang} work-order=${i.ref}></amage-work-order>`,
  },
  customer: {
    load: () => import('../service-request/amage-service-request.js'),
    render: (i) =>
      html`<amage-service-request api=${i.api} token=${i.token} lang=${i.lang} customer=${i.ref}></amage-service-request>`,
  },
} satisfies Record<SubjectType, WidgetEntry>;
