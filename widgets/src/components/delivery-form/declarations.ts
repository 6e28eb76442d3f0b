// The supplier's declarations: status, lines with lots, documents; while one is editable, "correct" and
// "cancel" (with a reason). Declarations still waiting to be sent show first.
import { html, nothing } from 'lit';
import type { Attachment, Delivery, PurchaseOrderView } from '@amage/contracts';
import { fileButton } from '../../internal/file-button.js';
import type { FormController, FormSpec } from '../../internal/form/form-controller.js';
import { errorIcon } from '../../internal/form/field-markup.js';
import { formStatus, inputField, submitButton } from '../../internal/form/fields.js';
import type { LocalizeController } from '../../internal/localize.js';
import { subjectPath, type OutboxItem } from '../../internal/outbox.js';
import type { DeliveryValues } from './bodies.js';
import { quantity } from './order-lines.js';

export interface CancelValues {
  reason: string;
}

export function cancelSpec(
  order: () => PurchaseOrderView,
  id: string,
  localize: LocalizeController,
): FormSpec<CancelValues> {
  return {
    id: `cancel:${id}`,
    kind: 'delivery-cancellation',
    empty: () => ({ reason: '' }),
    request: (values) => {
      const reason = values.reason.trim();
      return {
        method: 'post',
        path: `${subjectPath({ type: 'purchase-order', ref: order().ref })}/deliveries/${encodeURIComponent(id)}/cancellation`,
        body: { reason },
        errors: reason ? [] : [{ pointer: '/reason', message: 'required', keyword: 'required' }],
      };
    },
    problems: () => localize.table('deliveryForm').errors,
    sentText: () => localize.table('deliveryForm').sentCancellation,
  };
}

export interface DeclarationsView {
  readonly localize: LocalizeController;
  readonly order: PurchaseOrderView;
  readonly canDeclare: boolean;
  /** Writes of this order waiting in the outbox (new declarations show as waiting). */
  readonly waiting: readonly OutboxItem[];
  /** The declaration whose cancel form is open. */
  readonly cancelling?: string;
  cancelForm(id: string): FormController<CancelValues>;
  startCancel(id: string | undefined): void;
  startCorrection(delivery: Delivery): void;
  openFile(file: Pick<Attachment, 'id' | 'filename' | 'contentType'>): void;
  /** A file that could not be opened, with why: shown at that file only. */
  readonly fileError?: { readonly id: string; readonly text: string };
}

function renderFiles(view: DeclarationsView, files: readonly Pick<Attachment, 'id' | 'filename' | 'contentType'>[]) {
  const t = view.localize.table('deliveryForm');
  if (!files.length) return nothing;
  return html`<p class="muted">
    ${t.documents}:
    ${files.map(
      (a, i) =>
        html`${i ? ', ' : ''}${fileButton(a, view.localize.term('openFile', a.filename), () => view.openFile(a))}${
          view.fileError?.id === a.id
            ? html`<span part="field-error" class="field-error" role="alert">${errorIcon}<span>${view.fileError.text}</span></span>`
            : nothing
        }`,
    )}
  </p>`;
}

function renderActions(view: DeclarationsView, d: Delivery) {
  const { localize } = view;
  const t = localize.table('deliveryForm');
  if (view.cancelling === d.id) {
    const form = view.cancelForm(d.id);
    return html`<form class="cancel-form" data-form=${form.id} novalidate aria-label="${t.cancelDeclaration}: ${d.deliveryNoteNumber}" @submit=${form.handleSubmit}>
      ${inputField(form, {
        name: '/reason',
        label: t.cancelReason,
        required: true,
        maxLength: 2000,
        value: form.values.reason,
        onInput: (v) => form.set({ reason: v }, '/reason'),
      })}
      <div class="actions">
        ${submitButton(form, t.confirmCancel)}
        <button type="button" part="button" class="button" @click=${() => view.startCancel(undefined)}>${t.keep}</button>
      </div>
      ${formStatus(form, localize)}
    </form>`;
  }
  return html`<div class="actions">
    <button type="button" part="button" class="button button--small" @click=${() => view.startCorrection(d)}>${t.correct}</button>
    <button type="button" part="button" class="button button--small" @click=${() => view.startCancel(d.id)}>${t.cancelDeclaration}</button>
  </div>`;
}

export function renderDeclarations(view: DeclarationsView) {
  const { localize, order } = view;
  const t = localize.table('deliveryForm');
  const unit = (lineNo: number) => order.lines.find((l) => l.lineNo === lineNo)?.unit ?? '';
  const pending = view.waiting.filter((i) => i.kind === 'delivery');
  return html`<section aria-labelledby="declarations-title">
    <h3 id="declarations-title">${t.declarations}</h3>
    ${
      order.deliveries.length === 0 && pending.length === 0
        ? html`<p class="muted">${t.noDeclarations}</p>`
        : html`<ul part="declarations" class="declarations">
          ${pending.map((item) => {
            const body = item.values as DeliveryValues;
            return html`<li part="declaration" class="card declaration declaration--pending">
              <p><strong>${body.deliveryNoteNumber}</strong> <span class="badge">${t.answerWaiting}</span></p>
            </li>`;
          })}
          ${[...order.deliveries].reverse().map((d) => {
            const badge = d.status === 'received' ? 'badge--good' : d.status === 'cancelled' ? 'badge--bad' : '';
            return html`<li part="declaration" class="card declaration" data-id=${d.id}>
              <p>
                <strong>${d.deliveryNoteNumber}</strong>
                <span class="badge ${badge}">${t.deliveryStatus[d.status] ?? d.status}</span>
                <span class="muted">${t.dispatchedOn(localize.day(d.dispatchDate))}, ${t.arrivesOn(localize.day(d.expectedArrival))}${d.revision > 1 ? `, ${t.revision(d.revision)}` : ''}</span>
              </p>
              <ul>
                ${d.lines.map(
                  (l) => html`<li>
                    ${t.line(l.lineNo)}: ${quantity(localize, l.quantity, unit(l.lineNo))}${l.receivedQuantity ? ` (${t.received.toLowerCase()} ${localize.number(l.receivedQuantity)})` : ''}
                    ${l.lots?.length ? html`<span class="muted"> · ${l.lots.map((lot) => `${lot.number} × ${localize.number(lot.quantity)}`).join(', ')}</span>` : nothing}
                  </li>`,
                )}
              </ul>
              ${[d.carrier, d.trackingNumber].some(Boolean) ? html`<p class="muted">${[d.carrier, d.trackingNumber].filter(Boolean).join(' · ')}</p>` : nothing}
              ${renderFiles(view, d.attachments)}
              ${d.cancelReason ? html`<p class="muted">${d.cancelReason}</p>` : nothing}
              ${d.editable && view.canDeclare ? renderActions(view, d) : nothing}
            </li>`;
          })}
        </ul>`
    }
  </section>`;
}
