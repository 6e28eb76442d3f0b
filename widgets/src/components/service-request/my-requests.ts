// The requests sent from this link, newest first: status, the assigned job, messages and the requester's
// additions; while a request is open, "add information" and (until it is planned) "cancel".
import { html, nothing } from 'lit';
import type { AttachmentSummary, JobStatus, ServiceRequestView } from '@amage/contracts';
import type { FormController, FormSpec } from '../../internal/form/form-controller.js';
import { customField, errorSummary, formStatus, submitButton, textareaField } from '../../internal/form/fields.js';
import type { LocalizeController } from '../../internal/localize.js';
import { subjectPath } from '../../internal/outbox.js';

export type ActionKind = 'comment' | 'cancel';
export const CLOSED = ['completed', 'rejected', 'cancelled'];

export interface ActionValues {
  text: string;
  files: AttachmentSummary[];
}

export function actionSpec(
  customer: () => string,
  request: Pick<ServiceRequestView, 'id' | 'number'>,
  kind: ActionKind,
  localize: LocalizeController,
  sent: () => void,
): FormSpec<ActionValues> {
  const s = () => localize.table('serviceRequest');
  return {
    id: `${kind}:${request.id}`,
    kind: kind === 'comment' ? 'comment' : 'cancellation',
    empty: () => ({ text: '', files: [] }),
    request: (values) => {
      const base = `${subjectPath({ type: 'customer', ref: customer() })}/service-requests/${encodeURIComponent(request.id)}`;
      const text = values.text.trim();
      // The request's number travels with the write: `amage-submitted` carries it.
      if (kind === 'cancel')
        return {
          method: 'post',
          path: `${base}/cancellation`,
          body: text ? { reason: text } : {},
          target: request.number,
        };
      return {
        method: 'post',
        path: `${base}/comments`,
        target: request.number,
        body: {
          ...(text ? { text } : {}),
          ...(values.files.length ? { attachments: values.files.map((f) => f.id) } : {}),
        },
        errors:
          text || values.files.length ? [] : [{ pointer: '/text', message: 'empty', keyword: 'request.comment_empty' }],
      };
    },
    fieldOf: (pointer) => (pointer.startsWith('/attachments') ? '/attachments' : '/text'),
    problems: () => ({
      'request.comment_empty': s().commentEmpty,
      'request.already_planned': s().alreadyPlanned,
      'request.closed': s().requestClosed,
    }),
    sentText: () => (kind === 'comment' ? s().commentSent : s().cancelled),
    sent,
  };
}

export interface MyRequestsView {
  readonly localize: LocalizeController;
  readonly requests: readonly ServiceRequestView[];
  /** The request whose comment or cancel form is open. */
  readonly open?: { readonly id: string; readonly kind: ActionKind };
  openAction(id: string, kind: ActionKind | undefined): void;
  form(request: ServiceRequestView, kind: ActionKind): FormController<ActionValues>;
  /** The form of the request's last action, whose message shows with the request. */
  last(request: ServiceRequestView): FormController<ActionValues> | undefined;
  refresh(): void;
  readonly client: unknown;
}

function renderActionForm(view: MyRequestsView, request: ServiceRequestView, kind: ActionKind) {
  const { localize } = view;
  const s = localize.table('serviceRequest');
  const form = view.form(request, kind);
  return html`<form class="action-form" data-form=${form.id} novalidate aria-label="${kind === 'comment' ? s.addComment : s.cancelRequest}: ${request.number}" @submit=${form.handleSubmit}>
    ${errorSummary(form, localize)}
    <fieldset class="plain" ?disabled=${form.waiting.length > 0}>
      ${textareaField(form, {
        name: '/text',
        label: kind === 'comment' ? s.commentLabel : s.cancelReason,
        hint: kind === 'comment' ? s.commentHint : undefined,
        rows: 3,
        maxLength: kind === 'comment' ? 4000 : 2000,
        value: form.values.text,
        onInput: (text) => form.set({ text }, '/text'),
      })}
      ${
        kind === 'comment'
          ? customField(
              form,
              { name: '/attachments', label: s.attachments, inner: true, info: { kind: 'file' } },
              (a) => html`<amage-file-picker
                id=${a.id}
                .error=${a.error ?? ''}
                label=${s.attachments}
                accept="image/*,video/mp4,video/quicktime,application/pdf"
                capture="environment"
                multiple
                .client=${view.client}
                .attachments=${form.values.files as never}
                @amage-files-change=${(e: CustomEvent<{ attachments: readonly AttachmentSummary[] }>) => {
                  e.stopPropagation();
                  form.set(
                    {
                      files: e.detail.attachments.map(({ id, filename, contentType, size }) => ({
                        id,
                        filename,
                        contentType,
                        size,
                      })),
                    },
                    '/attachments',
                  );
                }}
              ></amage-file-picker>`,
            )
          : nothing
      }
    </fieldset>
    <div class="actions">
      ${submitButton(form, kind === 'comment' ? s.sendComment : s.confirmCancel)}
      <button part="button" class="button button--small" type="button" @click=${() => view.openAction(request.id, undefined)}>${s.keep}</button>
    </div>
    ${formStatus(form, localize)}
  </form>`;
}

function renderRequest(view: MyRequestsView, request: ServiceRequestView) {
  const { localize } = view;
  const s = localize.table('serviceRequest');
  const open = view.open?.id === request.id ? view.open.kind : undefined;
  const closed = CLOSED.includes(request.status);
  const last = view.last(request);
  return html`<li part="request" class="request">
    <h4 class="request__head">
      <span class="request__number">${request.number}</span>
      <span>${request.title}</span>
    </h4>
    <p>
      <span class="visually-hidden">${s.status}: </span><span part="status" class="status status--${request.status}">${s.statuses[request.status] ?? request.status}</span>
      <span class="muted">${s.sentOn(localize.date(request.createdAt, { dateStyle: 'medium' }))}</span>
    </p>
    ${request.asset || request.site ? html`<p class="muted">${[request.asset?.name, request.site?.name, request.location].filter(Boolean).join(' · ')}</p>` : nothing}
    ${
      request.job
        ? html`<p part="job" class="job">${s.jobStatus(request.job.number, localize.table('jobStatus')[request.job.status as JobStatus] ?? request.job.status)}</p>`
        : request.jobRef
          ? html`<p class="muted">${s.job(request.jobRef)}</p>`
          : nothing
    }
    ${(request.job?.plannedStart ?? request.plannedStart) ? html`<p>${s.plannedFor(localize.date((request.job?.plannedStart ?? request.plannedStart)!))}</p>` : nothing}
    ${
      request.messages.length
        ? html`<h5>${s.messages}</h5>
          <ul class="thread">
            ${request.messages.map((m) => html`<li><time datetime=${m.at}>${localize.date(m.at)}</time>${m.author ? html` · ${m.author}` : nothing}<br />${m.text}</li>`)}
          </ul>`
        : nothing
    }
    ${
      request.comments.length
        ? html`<h5>${s.comments}</h5>
          <ul class="thread">
            ${request.comments.map(
              (c) =>
                html`<li><time datetime=${c.createdAt}>${localize.date(c.createdAt)}</time><br />${c.text ?? ''} ${c.attachments.length ? html`<span class="muted">(${s.files(c.attachments.length)})</span>` : nothing}</li>`,
            )}
          </ul>`
        : nothing
    }
    ${!open && last ? formStatus(last, localize) : nothing}
    ${
      !closed && !open
        ? html`<div class="actions">
          <button part="button" class="button button--small" type="button" @click=${() => view.openAction(request.id, 'comment')}>${s.addComment}</button>
          ${
            request.cancellable
              ? html`<button part="button" class="button button--small" type="button" @click=${() => view.openAction(request.id, 'cancel')}>${s.cancelRequest}</button>`
              : nothing
          }
        </div>`
        : nothing
    }
    ${open ? renderActionForm(view, request, open) : nothing}
  </li>`;
}

export function renderMyRequests(view: MyRequestsView) {
  const s = view.localize.table('serviceRequest');
  return html`<section part="requests" class="requests" aria-labelledby="requests-title">
    <div class="requests__head">
      <h3 id="requests-title">${s.myRequests}</h3>
      <button part="button" class="button button--small" type="button" @click=${() => view.refresh()}>${s.refreshList}</button>
    </div>
    ${
      view.requests.length
        ? html`<ol class="request-list">
          ${view.requests.map((r) => renderRequest(view, r))}
        </ol>`
        : html`<p class="muted">${s.noRequests}</p>`
    }
  </section>`;
}
