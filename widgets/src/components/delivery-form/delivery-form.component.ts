import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, purchaseOrders } from '@amage/api-client';
import type { Action, Attachment, Delivery, LineResponse, PurchaseOrderView } from '@amage/contracts';
import { AmageElement } from '../../internal/amage-element.js';
import { openAttachment } from '../../internal/attachments.js';
import { FormsController } from '../../internal/form/forms-controller.js';
import { LocalizeController } from '../../internal/localize.js';
import { PortalAccessController } from '../../internal/portal-access.js';
import { PortalDataController, withSession } from '../../internal/portal-data.js';
import { AmageLoadEvent } from '../../events/load.js';
import { fieldStyles } from '../../styles/field.styles.js';
import { formStyles } from '../../styles/form.styles.js';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import { correctionValues } from './bodies.js';
import { confirmSpec, renderConfirmForm, type SentAnswers } from './confirm-form.js';
import { deliverySpec, renderDeclarationForm } from './declaration-form.js';
import { cancelSpec, renderDeclarations, type CancelValues } from './declarations.js';
import { renderLines } from './order-lines.js';
import styles from './delivery-form.styles.js';
import type { FormController } from '../../internal/form/form-controller.js';

const KINDS = ['date-confirmation', 'delivery', 'delivery-correction', 'delivery-cancellation'] as const;

interface Loaded {
  order: PurchaseOrderView;
  actions: Action[];
  startedAt: number;
}

/**
 * @summary A purchase order for its supplier: the lines with the schedule agreed or proposed, date
 * confirmation line by line (accept, or propose a split, backorder or rejected part) and delivery
 * declarations (advance shipping notices with lots, serial numbers and documents), including correcting
 * and cancelling them. Every write goes through the form engine: checked in the browser with the
 * server's own rules, queued on the device while there is no connection, and sent by itself later.
 *
 * @fires amage-load - The order was loaded. Detail `{ subjectType: 'purchase-order', ref }`. Bubbles, composed.
 * @fires amage-load-error - Loading failed. Detail `{ code, status }`. Bubbles, composed.
 * @fires amage-submit - A write is about to be sent (after the browser's checks passed); cancelable. Detail `{ kind, ref }` (`date-confirmation`, `delivery`, `delivery-correction`, `delivery-cancellation`). Bubbles, composed.
 * @fires amage-action-queued - The write joined the outbox (it goes now, or when the connection is back). Detail `{ subjectType, ref, kind, id }`. Bubbles, composed.
 * @fires amage-action-sent - The server accepted a write. Detail `{ subjectType, ref, kind, id }` (`id`: the write's). Bubbles, composed.
 * @fires amage-action-refused - The server refused a write; its values are back in the form. Detail `{ subjectType, ref, kind, id, code }`. Bubbles, composed.
 * @fires amage-submitted - The server accepted it. Detail `{ subjectType: 'purchase-order', ref, kind, id }` (`id` of the confirmation or delivery). Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 * @fires amage-link-renewal-requested - A fresh link was requested. Detail `{ recipient }`. Bubbles, composed.
 *
 * @csspart base - The card around everything.
 * @csspart lines - The lines table (cards on narrow screens).
 * @csspart line - One line.
 * @csspart history - A line's history list.
 * @csspart form - The date confirmation, delivery and cancellation forms.
 * @csspart field - A label + control + hint + error group.
 * @csspart label - A field's label (or legend).
 * @csspart required - The required mark (`*`) of a label.
 * @csspart hint - A field's hint, and the "fields marked * …" note.
 * @csspart input - Every input, select and textarea.
 * @csspart choice - One radio button with its label.
 * @csspart field-error - The error under a field (and at a file that could not be opened).
 * @csspart error-summary - The list of errors shown (and focused) after a refused submit.
 * @csspart form-status - Under a form: sending, sent, waiting to send, or why it was refused.
 * @csspart submit-button - The submit buttons.
 * @csspart declarations - The list of declarations.
 * @csspart declaration - One declaration.
 * @csspart open-button - "Open" of a one-time link (the click before it is spent).
 * @csspart retry-button - "Try again" after a failed load.
 * @csspart renew-button - "Send me a new link" when the link has expired.
 * @csspart message - Loading, error and access messages.
 * @csspart button - Every button.
 * @csspart file-button - A document to open.
 *
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: buttons, focus.
 * @cssprop [--amage-color-danger=#b42318] - Errors and the required mark.
 * @cssprop [--amage-font-family=inherit] - Font family.
 * @cssprop [--amage-radius=6px] - Corner radius.
 * @cssprop [--amage-touch-target=2.75rem] - Height of controls and buttons.
 */
export default class AmageDeliveryForm extends AmageElement {
  static styles = [tokenStyles, hostStyles, messageStyles, formStyles, fieldStyles, styles];

  private readonly localize = new LocalizeController(this);
  private readonly access = new PortalAccessController(this);
  private readonly data = new PortalDataController<Loaded>(this, {
    access: this.access,
    localize: this.localize,
    args: () => [this.order],
    load: async (api, signal) => {
      const startedAt = this.forms.loadStarted();
      const [info, order] = await withSession(api, signal, this.order || undefined, (ref) =>
        purchaseOrders.get(api, ref, { signal }),
      );
      return { order, actions: info.actions, startedAt };
    },
    loaded: ({ order, startedAt }) => {
      this.forms.attach({ type: 'purchase-order', ref: order.ref });
      this.forms.reflected(startedAt);
      this.emit(new AmageLoadEvent({ subjectType: 'purchase-order', ref: order.ref }));
    },
  });
  private readonly forms = new FormsController(this, {
    access: this.access,
    localize: this.localize,
    kinds: KINDS,
    reload: () => void this.data.reload(),
  });
  private readonly confirm = this.forms.form(
    confirmSpec(
      () => this.current,
      this.localize,
      (lineNos) => (this.changing = new Set([...this.changing].filter((n) => !lineNos.includes(n)))),
    ),
  );
  private readonly delivery = this.forms.form(deliverySpec(() => this.current, this.localize));

  /** Answered lines the person chose to answer again. */
  @state() private accessor changing: ReadonlySet<number> = new Set();
  @state() private accessor cancelling: string | undefined = undefined;
  @state() private accessor fileError: { id: string; text: string } | undefined = undefined;

  /** Server base URL; defaults to the origin the script was loaded from. */
  @property() accessor api = '';
  /** Link (`amg_…`) or session (`amgs_…`) token; defaults to `#token=` of the page URL. */
  @property() accessor token = '';
  /** Purchase order reference; defaults to the subject of the token. */
  @property() accessor order = '';

  private get current(): PurchaseOrderView {
    return this.data.task.value!.order;
  }

  /** Loads the order again (what was typed stays). */
  refresh() {
    return this.data.reload();
  }

  /** The answers sent from here that the order does not show yet (the newest per line). */
  private sentAnswers(): SentAnswers {
    const waiting = new Set(this.forms.outbox?.items.map((i) => i.id));
    const map = new Map<number, { answer: LineResponse; waiting: boolean }>();
    for (const item of this.forms.pending('date-confirmation'))
      for (const answer of (item.body as { lines: LineResponse[] }).lines)
        map.set(answer.lineNo, { answer, waiting: waiting.has(item.id) });
    return map;
  }

  private cancelForm(id: string): FormController<CancelValues> {
    const spec = cancelSpec(() => this.current, id, this.localize);
    return this.forms.form({
      ...spec,
      sent: () => {
        if (this.cancelling === id) this.cancelling = undefined;
      },
    });
  }

  private startCorrection(delivery: Delivery) {
    this.delivery.reset();
    this.delivery.update((v) => Object.assign(v, correctionValues(delivery)));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#delivery-title')?.focus());
  }

  private openFile(file: Pick<Attachment, 'id' | 'filename' | 'contentType'>) {
    this.fileError = undefined;
    void openAttachment(this.access.client, file).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401) return this.access.fail(error);
      this.fileError = { id: file.id, text: this.localize.term('openFileFailed') };
    });
  }

  private renderOrder({ order, actions }: Loaded) {
    const t = this.localize.table('deliveryForm');
    const open = order.status === 'open';
    const status = t.orderStatus[order.status] ?? order.status;
    const canDeclare = open && actions.includes('order:declare-delivery');
    const sent = this.sentAnswers();
    return html`<section part="base" class="base" aria-labelledby="title">
      <h2 id="title">${t.title(order.number)}</h2>
      <p>
        <span class="badge ${open ? '' : 'badge--bad'}">${status}</span>
        ${order.supplierOrderRef ? html`<span class="muted">${t.supplierOrderRefShown}: ${order.supplierOrderRef}</span>` : nothing}
      </p>
      ${!open ? html`<p class="notice" role="status">${t.notOpen(status)}${order.statusReason ? ` ${order.statusReason}` : ''}</p>` : nothing}
      <dl class="facts">
        ${order.buyer?.name ? html`<dt>${t.buyer}</dt><dd>${order.buyer.name}${order.buyer.email ? html` · <a href="mailto:${order.buyer.email}">${order.buyer.email}</a>` : nothing}</dd>` : nothing}
        ${order.deliveryAddress ? html`<dt>${t.deliveryAddress}</dt><dd>${order.deliveryAddress}</dd>` : nothing}
      </dl>
      ${order.overDeliveryTolerancePercent ? html`<p class="muted">${t.tolerance(this.localize.number(order.overDeliveryTolerancePercent / 100, { style: 'percent' }))}</p>` : nothing}
      ${order.note ? html`<p>${order.note}</p>` : nothing}
      ${renderLines(this.localize, order, sent)}
      ${
        open && actions.includes('order:confirm-dates')
          ? renderConfirmForm({
              localize: this.localize,
              form: this.confirm,
              order,
              sent,
              changing: this.changing,
              change: (lineNo) => (this.changing = new Set([...this.changing, lineNo])),
            })
          : nothing
      }
      ${canDeclare ? renderDeclarationForm({ localize: this.localize, form: this.delivery, order, client: this.access.client }) : nothing}
      ${renderDeclarations({
        localize: this.localize,
        order,
        canDeclare,
        waiting: this.forms.outbox?.items ?? [],
        cancelling: this.cancelling,
        cancelForm: (id) => this.cancelForm(id),
        startCancel: (id) => (this.cancelling = id),
        startCorrection: (d) => this.startCorrection(d),
        openFile: (file) => this.openFile(file),
        fileError: this.fileError,
      })}
    </section>`;
  }

  render() {
    return this.data.render((loaded) => this.renderOrder(loaded));
  }
}
