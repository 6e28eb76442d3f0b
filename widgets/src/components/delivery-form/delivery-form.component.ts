import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, purchaseOrders, session } from '@amage/api-client';
import type {
  Attachment,
  Action,
  AttachmentRef,
  CorrectDeliveryBody,
  CreateDateConfirmationBody,
  DeclareDeliveryBody,
  Delivery,
  FieldError,
  LineHistoryEntry,
  LineResponse,
  PurchaseOrderLineView,
  PurchaseOrderView,
} from '@amage/contracts';
import { validateCreateDateConfirmationBody } from '@amage/contracts/validators/CreateDateConfirmationBody';
import { validateDeclareDeliveryBody } from '@amage/contracts/validators/DeclareDeliveryBody';
import { AmageElement } from '../../internal/amage-element.js';
import { openAttachment } from '../../internal/attachments.js';
import { fileButton } from '../../internal/file-button.js';
import { earliestToday } from '../../internal/date-rules.js';
import { DraftStore, errorMap, newSubmitKey, schemaErrors, submitFailure } from '../../internal/form-state.js';
import { LocalizeController } from '../../internal/localize.js';
import { PortalAccessController } from '../../internal/portal-access.js';
import { PortalDataController } from '../../internal/portal-data.js';
import { AmageLoadEvent } from '../../events/load.js';
import { AmageSubmitEvent } from '../../events/submit.js';
import { AmageSubmittedEvent } from '../../events/submitted.js';
import { formStyles } from '../../styles/form.styles.js';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import styles from './delivery-form.styles.js';

const REASONS = [
  'capacity',
  'material-shortage',
  'transport',
  'minimum-order-quantity',
  'item-discontinued',
  'price',
  'other',
] as const;

interface ScheduleDraft {
  quantity: string;
  date: string;
}
interface ConfirmLineDraft {
  mode: 'none' | 'accept' | 'propose';
  schedule: ScheduleDraft[];
  backorderQuantity: string;
  backorderDate: string;
  rejectQuantity: string;
  reasonCode: string;
  comment: string;
}
interface ConfirmDraft {
  lines: Record<number, ConfirmLineDraft>;
  supplierOrderRef: string;
  note: string;
  key?: string;
}
interface LotDraft {
  number: string;
  quantity: string;
  productionDate: string;
  expiryDate: string;
}
interface DeliveryLineDraft {
  quantity: string;
  lots: LotDraft[];
  serials: string;
}
interface DeliveryDraft {
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
  lines: Record<number, DeliveryLineDraft>;
  attachments: AttachmentRef[];
  key?: string;
}
interface Drafts {
  confirm: ConfirmDraft;
  delivery: DeliveryDraft;
}

type FormName = 'confirm' | 'delivery';
interface FormState {
  errors: Map<string, string>;
  summary: FieldError[];
  message: string;
  busy: boolean;
}

interface Loaded {
  order: PurchaseOrderView;
  actions: Action[];
}

const emptyConfirm = (): ConfirmDraft => ({ lines: {}, supplierOrderRef: '', note: '' });
const emptyDelivery = (): DeliveryDraft => ({
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
const emptyLine = (): ConfirmLineDraft => ({
  mode: 'none',
  schedule: [],
  backorderQuantity: '',
  backorderDate: '',
  rejectQuantity: '',
  reasonCode: '',
  comment: '',
});
const emptyForm = (): FormState => ({ errors: new Map(), summary: [], message: '', busy: false });
const num = (s: string) => (s.trim() === '' ? undefined : Number(s.replace(',', '.')));
const text = (s: string) => (s.trim() === '' ? undefined : s.trim());

/**
 * @summary A purchase order for its supplier: the lines with their history, date confirmation line by
 * line (accept, or propose a split, backorder or rejected part) and delivery declarations (advance
 * shipping notices with lots, serial numbers and documents), including correcting and cancelling them.
 *
 * @fires amage-load - The order was loaded. Detail `{ subjectType: 'purchase-order', ref }`. Bubbles, composed.
 * @fires amage-load-error - Loading failed. Detail `{ code, status }`. Bubbles, composed.
 * @fires amage-submit - A submit is about to be sent; cancelable. Detail `{ kind, ref }` (`date-confirmation`, `delivery`, `delivery-correction`, `delivery-cancellation`). Bubbles, composed.
 * @fires amage-submitted - The server accepted it. Detail `{ subjectType: 'purchase-order', ref, kind, id }` (`id` of the confirmation or delivery). Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 * @fires amage-link-renewal-requested - A fresh link was requested. Detail `{ recipient }`. Bubbles, composed.
 *
 * @csspart base - The card around everything.
 * @csspart lines - The lines table (cards on narrow screens).
 * @csspart line - One line.
 * @csspart history - A line's history list.
 * @csspart form - The date confirmation and delivery forms.
 * @csspart field - A label + control + error group.
 * @csspart input - Every input, select and textarea.
 * @csspart error-summary - The list of errors shown after a refused submit.
 * @csspart submit-button - The submit buttons.
 * @csspart declarations - The list of declarations.
 * @csspart declaration - One declaration.
 * @csspart message - Loading, error and access messages.
 * @csspart button - Every button.
 *
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: buttons, focus.
 * @cssprop [--amage-color-danger=#b42318] - Errors.
 * @cssprop [--amage-font-family=inherit] - Font family.
 * @cssprop [--amage-radius=6px] - Corner radius.
 */
export default class AmageDeliveryForm extends AmageElement {
  static styles = [tokenStyles, hostStyles, messageStyles, formStyles, styles];

  private readonly localize = new LocalizeController(this);
  private readonly access = new PortalAccessController(this);
  private readonly data = new PortalDataController<Loaded>(this, {
    access: this.access,
    localize: this.localize,
    args: () => [this.order],
    load: async (api, signal) => {
      const info = await session.get(api, { signal });
      const ref = this.order || info.subject.ref;
      return { order: await purchaseOrders.get(api, ref, { signal }), actions: info.actions };
    },
    loaded: ({ order }) => {
      this.restoreDraft(order.ref);
      this.emit(new AmageLoadEvent({ subjectType: 'purchase-order', ref: order.ref }));
    },
  });

  /** Where each error key is shown (`form:key` → control id and label), filled while rendering. */
  private readonly fields = new Map<string, { id: string; label: string }>();
  private store?: DraftStore<Drafts>;
  private draftRef = '';
  private cancelKeys = new Map<string, string>();

  @state() private accessor drafts: Drafts = { confirm: emptyConfirm(), delivery: emptyDelivery() };
  @state() private accessor forms: Record<FormName, FormState> = { confirm: emptyForm(), delivery: emptyForm() };
  @state() private accessor restored = false;
  @state() private accessor fileError = '';
  @state() private accessor cancelling: { id: string; reason: string; error: string } | undefined = undefined;
  @state() private accessor listMessage = '';

  /** Server base URL; defaults to the origin the script was loaded from. */
  @property() accessor api = '';
  /** Link (`amg_…`) or session (`amgs_…`) token; defaults to `#token=` of the page URL. */
  @property() accessor token = '';
  /** Purchase order reference; defaults to the subject of the token. */
  @property() accessor order = '';

  // ── drafts ────────────────────────────────────────────────────────────────

  private restoreDraft(ref: string) {
    if (this.draftRef === ref) return;
    this.draftRef = ref;
    this.store = new DraftStore<Drafts>(`purchase-order:${ref}`);
    const saved = this.store.load();
    if (saved) {
      this.drafts = {
        confirm: { ...emptyConfirm(), ...saved.confirm },
        delivery: { ...emptyDelivery(), ...saved.delivery },
      };
      this.restored = true;
    }
  }

  private change(mutate: (d: Drafts) => void) {
    const next = structuredClone(this.drafts);
    mutate(next);
    this.drafts = next;
    // An empty draft is no draft: nothing to restore after a reload.
    if (JSON.stringify(next) === JSON.stringify({ confirm: emptyConfirm(), delivery: emptyDelivery() }))
      this.store?.clear();
    else this.store?.save(next);
  }

  private confirmLine(lineNo: number): ConfirmLineDraft {
    return this.drafts.confirm.lines[lineNo] ?? emptyLine();
  }

  private editLine(lineNo: number, mutate: (l: ConfirmLineDraft) => void) {
    this.change((d) => {
      const line = d.confirm.lines[lineNo] ?? emptyLine();
      mutate(line);
      d.confirm.lines[lineNo] = line;
    });
  }

  private deliveryLine(lineNo: number): DeliveryLineDraft {
    return this.drafts.delivery.lines[lineNo] ?? { quantity: '', lots: [], serials: '' };
  }

  private editDeliveryLine(lineNo: number, mutate: (l: DeliveryLineDraft) => void) {
    this.change((d) => {
      const line = d.delivery.lines[lineNo] ?? { quantity: '', lots: [], serials: '' };
      mutate(line);
      d.delivery.lines[lineNo] = line;
    });
  }

  // ── bodies ────────────────────────────────────────────────────────────────

  /** The confirmation body, and the line number behind each `/lines/{i}` of it. */
  private confirmationBody(order: PurchaseOrderView): { body: CreateDateConfirmationBody; lineNos: number[] } {
    const c = this.drafts.confirm;
    const lines: LineResponse[] = [];
    const lineNos: number[] = [];
    for (const line of order.lines) {
      const d = c.lines[line.lineNo];
      if (!d || d.mode === 'none') continue;
      lineNos.push(line.lineNo);
      if (d.mode === 'accept') {
        lines.push({ lineNo: line.lineNo, action: 'accept' });
        continue;
      }
      const backorderQuantity = num(d.backorderQuantity);
      const rejectQuantity = num(d.rejectQuantity);
      lines.push({
        lineNo: line.lineNo,
        action: 'propose',
        schedule: d.schedule.map((s) => ({ quantity: num(s.quantity) as number, date: s.date })),
        ...(backorderQuantity !== undefined
          ? { backorder: { quantity: backorderQuantity, ...(d.backorderDate ? { date: d.backorderDate } : {}) } }
          : {}),
        ...(rejectQuantity !== undefined ? { reject: { quantity: rejectQuantity } } : {}),
        reasonCode: d.reasonCode as (typeof REASONS)[number],
        ...(text(d.comment) ? { comment: text(d.comment) } : {}),
      });
    }
    return {
      body: {
        lines,
        ...(text(c.supplierOrderRef) ? { supplierOrderRef: text(c.supplierOrderRef) } : {}),
        ...(text(c.note) ? { note: text(c.note) } : {}),
      },
      lineNos,
    };
  }

  private deliveryBody(order: PurchaseOrderView): { body: DeclareDeliveryBody; lineNos: number[] } {
    const d = this.drafts.delivery;
    const lineNos: number[] = [];
    const lines: DeclareDeliveryBody['lines'] = [];
    for (const line of order.lines) {
      const l = d.lines[line.lineNo];
      if (!l || l.quantity.trim() === '') continue;
      lineNos.push(line.lineNo);
      const serials = l.serials
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean);
      lines.push({
        lineNo: line.lineNo,
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
    const packages = num(d.packages);
    const weight = num(d.grossWeightKg);
    return {
      body: {
        dispatchDate: d.dispatchDate,
        expectedArrival: d.expectedArrival,
        deliveryNoteNumber: d.deliveryNoteNumber.trim(),
        ...(text(d.carrier) ? { carrier: text(d.carrier) } : {}),
        ...(text(d.trackingNumber) ? { trackingNumber: text(d.trackingNumber) } : {}),
        ...(packages !== undefined ? { packages } : {}),
        ...(weight !== undefined ? { grossWeightKg: weight } : {}),
        lines,
        ...(d.attachments.length ? { attachments: d.attachments.map((a) => a.id) } : {}),
        ...(text(d.note) ? { note: text(d.note) } : {}),
      },
      lineNos,
    };
  }

  /** Client-side checks the server also makes, so most mistakes show before sending. */
  private confirmationRules(body: CreateDateConfirmationBody, order: PurchaseOrderView): FieldError[] {
    const errors: FieldError[] = [];
    const today = earliestToday();
    body.lines.forEach((answer, i) => {
      if (answer.action !== 'propose') return;
      const line = order.lines.find((l) => l.lineNo === answer.lineNo)!;
      answer.schedule.forEach((s, j) => {
        if (s.date && s.date < today)
          errors.push({ pointer: `/lines/${i}/schedule/${j}/date`, message: '', keyword: 'order.date_in_past' });
      });
      const total =
        answer.schedule.reduce((s, l) => s + (l.quantity || 0), 0) +
        (answer.backorder?.quantity ?? 0) +
        (answer.reject?.quantity ?? 0);
      if (Math.abs(total - line.quantity) > 1e-6)
        errors.push({ pointer: `/lines/${i}/schedule`, message: '', keyword: 'order.quantities_do_not_add_up' });
      if (answer.reasonCode === 'other' && !answer.comment)
        errors.push({ pointer: `/lines/${i}/comment`, message: '', keyword: 'order.comment_required' });
    });
    return errors;
  }

  // ── submitting ────────────────────────────────────────────────────────────

  private setForm(form: FormName, patch: Partial<FormState>) {
    this.forms = { ...this.forms, [form]: { ...this.forms[form], ...patch } };
  }

  private translateError(e: FieldError): string {
    const t = this.localize.table('deliveryForm');
    if (e.keyword && t.errors[e.keyword]) return t.errors[e.keyword]!;
    if (e.keyword === 'required' || e.keyword === 'minLength' || e.keyword === 'minItems') return t.required;
    if (e.keyword === 'format' && e.pointer.match(/date|Date|Arrival/i)) return t.invalid;
    return t.invalid;
  }

  /** `/lines/3/quantity` → `L12/quantity` (line 12 was the 4th sent), so errors land at the line's fields. */
  private rewriter(lineNos: number[]) {
    return (pointer: string) => {
      const match = /^\/lines\/(\d+)(\/.*)?$/.exec(pointer);
      if (match) return `L${lineNos[Number(match[1])] ?? '?'}${match[2] ?? ''}`;
      if (pointer.startsWith('/attachments')) return '/attachments';
      return pointer;
    };
  }

  private showErrors(form: FormName, errors: FieldError[], lineNos: number[]) {
    this.setForm(form, {
      errors: errorMap(errors, (e) => this.translateError(e), this.rewriter(lineNos)),
      summary: errors,
      message: '',
      busy: false,
    });
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${form}-summary`)?.focus());
  }

  private async submit<T extends { id: string }>(
    form: FormName,
    kind: string,
    lineNos: number[],
    errors: FieldError[],
    call: (key: string) => Promise<T>,
    done: string,
  ) {
    const order = this.data.task.value!.order;
    if (errors.length) return this.showErrors(form, errors, lineNos);
    if (this.emit(new AmageSubmitEvent({ kind, ref: order.ref })).defaultPrevented) return;
    const key = this.drafts[form].key ?? newSubmitKey();
    this.change((d) => (d[form].key = key));
    this.setForm(form, {
      busy: true,
      message: this.localize.table('deliveryForm').sending,
      errors: new Map(),
      summary: [],
    });
    try {
      const result = await call(key);
      this.change((d) => {
        if (form === 'confirm') d.confirm = emptyConfirm();
        else d.delivery = emptyDelivery();
      });
      this.restored = false;
      this.setForm(form, { busy: false, message: done });
      this.emit(new AmageSubmittedEvent({ subjectType: 'purchase-order', ref: order.ref, kind, id: result.id }));
      await this.data.reload();
    } catch (error) {
      this.handleFailure(form, error, lineNos);
    }
  }

  private handleFailure(form: FormName, error: unknown, lineNos: number[]) {
    const t = this.localize.table('deliveryForm');
    if (error instanceof ApiError && error.status === 401) {
      this.setForm(form, { busy: false, message: '' });
      return this.access.fail(error);
    }
    const failure = submitFailure(error);
    // Field errors without their own code take the problem's (e.g. `attachment.not_found`).
    if (failure.errors.length)
      return this.showErrors(
        form,
        failure.errors.map((e) => ({ ...e, keyword: e.keyword ?? failure.code })),
        lineNos,
      );
    const message =
      failure.code === 'network'
        ? t.networkRetry
        : failure.retry
          ? t.serverRetry
          : failure.code.startsWith('token.')
            ? t.notGranted
            : (t.errors[failure.code] ?? t.serverRetry);
    this.setForm(form, { busy: false, message, errors: new Map(), summary: [] });
  }

  private handleConfirm(event: SubmitEvent) {
    event.preventDefault();
    const order = this.data.task.value!.order;
    const { body, lineNos } = this.confirmationBody(order);
    if (body.lines.length === 0) {
      this.setForm('confirm', {
        message: this.localize.table('deliveryForm').nothingAnswered,
        errors: new Map(),
        summary: [],
      });
      return;
    }
    const errors = validateCreateDateConfirmationBody(body)
      ? this.confirmationRules(body, order)
      : schemaErrors(validateCreateDateConfirmationBody.errors);
    void this.submit(
      'confirm',
      'date-confirmation',
      lineNos,
      errors,
      (key) => purchaseOrders.confirmDates(this.access.client, order.ref, body, { idempotencyKey: key }),
      this.localize.table('deliveryForm').sentConfirmation,
    );
  }

  private handleDeclare(event: SubmitEvent) {
    event.preventDefault();
    const order = this.data.task.value!.order;
    const t = this.localize.table('deliveryForm');
    const { body, lineNos } = this.deliveryBody(order);
    if (body.lines.length === 0) {
      this.setForm('delivery', { message: t.nothingShipped, errors: new Map(), summary: [] });
      return;
    }
    const errors = validateDeclareDeliveryBody(body) ? [] : schemaErrors(validateDeclareDeliveryBody.errors);
    const editing = this.drafts.delivery.editing;
    if (editing) {
      const reason = text(this.drafts.delivery.reason);
      const correction: CorrectDeliveryBody = { ...body, ...(reason ? { reason } : {}) };
      void this.submit(
        'delivery',
        'delivery-correction',
        lineNos,
        errors,
        (key) =>
          purchaseOrders.correctDelivery(this.access.client, order.ref, editing, correction, { idempotencyKey: key }),
        t.sentCorrection,
      );
    } else {
      void this.submit(
        'delivery',
        'delivery',
        lineNos,
        errors,
        (key) => purchaseOrders.declareDelivery(this.access.client, order.ref, body, { idempotencyKey: key }),
        t.sentDelivery,
      );
    }
  }

  private startCorrection(delivery: Delivery) {
    this.change((d) => {
      d.delivery = {
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
    });
    this.setForm('delivery', emptyForm());
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#delivery-title')?.focus());
  }

  private async handleCancelDeclaration(event: SubmitEvent) {
    event.preventDefault();
    const t = this.localize.table('deliveryForm');
    const order = this.data.task.value!.order;
    const cancelling = this.cancelling!;
    if (!cancelling.reason.trim()) {
      this.cancelling = { ...cancelling, error: t.required };
      return;
    }
    if (this.emit(new AmageSubmitEvent({ kind: 'delivery-cancellation', ref: order.ref })).defaultPrevented) return;
    const key = this.cancelKeys.get(cancelling.id) ?? newSubmitKey();
    this.cancelKeys.set(cancelling.id, key);
    try {
      const delivery = await purchaseOrders.cancelDelivery(
        this.access.client,
        order.ref,
        cancelling.id,
        { reason: cancelling.reason.trim() },
        { idempotencyKey: key },
      );
      this.cancelKeys.delete(cancelling.id);
      this.cancelling = undefined;
      this.listMessage = t.sentCancellation;
      this.emit(
        new AmageSubmittedEvent({
          subjectType: 'purchase-order',
          ref: order.ref,
          kind: 'delivery-cancellation',
          id: delivery.id,
        }),
      );
      await this.data.reload();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return this.access.fail(error);
      const failure = submitFailure(error);
      this.cancelling = {
        ...cancelling,
        error: failure.code === 'network' ? t.networkRetry : (t.errors[failure.code] ?? t.serverRetry),
      };
    }
  }

  /** Loads the order again (drafts stay). */
  refresh() {
    return this.data.reload();
  }

  // ── rendering helpers ─────────────────────────────────────────────────────

  private qty(n: number, unit: string) {
    return `${this.localize.number(n)} ${unit}`;
  }

  /** A labelled control with its error next to it (`aria-describedby`, `aria-invalid`). */
  private field(
    form: FormName,
    id: string,
    label: string,
    errorKey: string,
    control: (describedBy: string | typeof nothing, invalid: boolean) => TemplateResult,
    hint?: string,
  ) {
    this.fields.set(`${form}:${errorKey}`, { id, label });
    const error = this.forms[form].errors.get(errorKey);
    const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || nothing;
    return html`<div part="field" class="field">
      <label for=${id}>${label}</label>
      ${control(describedBy, Boolean(error))}
      ${hint ? html`<span class="muted" id="${id}-hint">${hint}</span>` : nothing}
      <p class="field-error" id="${id}-error">${error ?? ''}</p>
    </div>`;
  }

  private input(
    form: FormName,
    id: string,
    label: string,
    errorKey: string,
    value: string,
    onInput: (v: string) => void,
    options: {
      type?: string;
      required?: boolean;
      min?: string;
      step?: string;
      inputmode?: string;
      autocomplete?: string;
      hint?: string;
    } = {},
  ) {
    return this.field(
      form,
      id,
      label,
      errorKey,
      (describedBy, invalid) => html`<input
        part="input"
        id=${id}
        type=${options.type ?? 'text'}
        .value=${value}
        ?required=${options.required ?? false}
        min=${options.min ?? nothing}
        step=${options.step ?? nothing}
        inputmode=${options.inputmode ?? nothing}
        autocomplete=${options.autocomplete ?? 'off'}
        aria-describedby=${describedBy}
        aria-invalid=${invalid ? 'true' : 'false'}
        @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)}
      />`,
      options.hint,
    );
  }

  private errorSummary(form: FormName) {
    const f = this.forms[form];
    if (!f.summary.length) return nothing;
    const t = this.localize.table('deliveryForm');
    return html`<div part="error-summary" class="error-summary" id="${form}-summary" tabindex="-1" role="alert">
      <p>${t.errorSummary}</p>
      <ul>
        ${[...f.errors.entries()].map(([key, message]) => {
          const label = this.fields.get(`${form}:${key}`)?.label;
          return html`<li><a href="#" @click=${(e: Event) => this.focusError(e, form, key)}>${label ? `${label}: ` : ''}${message}</a></li>`;
        })}
      </ul>
    </div>`;
  }

  private focusError(event: Event, form: FormName, key: string) {
    event.preventDefault();
    const id = this.fields.get(`${form}:${key}`)?.id;
    this.renderRoot
      .querySelector<HTMLElement>(id ? `#${CSS.escape(id)}` : `#${form}-form [aria-invalid="true"]`)
      ?.focus();
  }

  private historyText(entry: LineHistoryEntry, unit: string) {
    const t = this.localize.table('deliveryForm');
    const parts: string[] = [];
    for (const s of entry.schedule ?? [])
      parts.push(t.scheduleSummary(this.qty(s.quantity, unit), this.localize.day(s.date)));
    if (entry.backorder)
      parts.push(
        t.backorderSummary(
          this.qty(entry.backorder.quantity, unit),
          entry.backorder.date && this.localize.day(entry.backorder.date),
        ),
      );
    if (entry.reject) parts.push(t.rejectSummary(this.qty(entry.reject.quantity, unit)));
    if (entry.quantity !== undefined && !entry.schedule) parts.push(this.qty(entry.quantity, unit));
    if (entry.reasonCode) parts.push(t.reasons[entry.reasonCode] ?? entry.reasonCode);
    if (entry.comment) parts.push(`„${entry.comment}”`);
    return parts.join('; ');
  }

  // ── rendering ─────────────────────────────────────────────────────────────

  private renderLines(order: PurchaseOrderView) {
    const t = this.localize.table('deliveryForm');
    return html`<table part="lines" class="lines">
      <caption class="visually-hidden">${t.lines}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">${t.item}</th>
          <th scope="col">${t.ordered}</th>
          <th scope="col">${t.requested}</th>
          <th scope="col">${t.confirmed}</th>
          <th scope="col">${t.declared} / ${t.received}</th>
          <th scope="col">${t.open}</th>
        </tr>
      </thead>
      <tbody>
        ${order.lines.map((line) => this.renderLine(line))}
      </tbody>
    </table>`;
  }

  private renderLine(line: PurchaseOrderLineView) {
    const t = this.localize.table('deliveryForm');
    const badge =
      line.confirmation === 'confirmed' || line.confirmation === 'accepted'
        ? 'badge--good'
        : line.confirmation === 'proposal-rejected'
          ? 'badge--bad'
          : '';
    return html`<tr part="line" class="line">
      <th scope="row" data-label="#">${line.lineNo}</th>
      <td data-label=${t.item}><strong>${line.itemCode}</strong>${line.description ? html`<br />${line.description}` : nothing}</td>
      <td data-label=${t.ordered}>${this.qty(line.quantity, line.unit)}</td>
      <td data-label=${t.requested}>${this.localize.day(line.requestedDate)}</td>
      <td data-label=${t.confirmed}>
        <span class="badge ${badge}">${t.state[line.confirmation] ?? line.confirmation}</span>
        ${
          line.confirmedSchedule.length
            ? html`<ul class="schedule">
              ${line.confirmedSchedule.map((s) => html`<li>${t.scheduleSummary(this.qty(s.quantity, line.unit), this.localize.day(s.date))}</li>`)}
            </ul>`
            : nothing
        }
        ${
          line.history.length
            ? html`<details>
              <summary>${t.history(line.history.length)}</summary>
              <ol part="history" class="history">
                ${line.history.map(
                  (h) => html`<li>
                    <time datetime=${h.at}>${this.localize.date(h.at, { dateStyle: 'short', timeStyle: 'short' })}</time>
                    (${t.by[h.by] ?? h.by}) ${t.historyKind[h.kind] ?? h.kind}${this.historyText(h, line.unit) ? html`: ${this.historyText(h, line.unit)}` : nothing}
                  </li>`,
                )}
              </ol>
            </details>`
            : nothing
        }
      </td>
      <td data-label="${t.declared} / ${t.received}">${this.localize.number(line.declaredQuantity)} / ${this.localize.number(line.receivedQuantity)}</td>
      <td data-label=${t.open}>${this.qty(line.openQuantity, line.unit)}</td>
    </tr>`;
  }

  private renderConfirmLine(line: PurchaseOrderLineView) {
    const t = this.localize.table('deliveryForm');
    const d = this.confirmLine(line.lineNo);
    const id = `cf-${line.lineNo}`;
    const key = `L${line.lineNo}`;
    const lineError = this.forms.confirm.errors.get(`${key}/lineNo`);
    this.fields.set(`confirm:${key}/lineNo`, { id: `${id}-${d.mode}`, label: t.line(line.lineNo) });
    this.fields.set(`confirm:${key}/schedule`, {
      id: d.schedule.length ? `${id}-s0-q` : `${id}-propose`,
      label: `${t.line(line.lineNo)}, ${t.scheduleLines}`,
    });
    const sum =
      d.schedule.reduce((s, l) => s + (num(l.quantity) ?? 0), 0) +
      (num(d.backorderQuantity) ?? 0) +
      (num(d.rejectQuantity) ?? 0);
    const modes = [
      ['none', t.answerNone],
      ['accept', t.answerAccept],
      ['propose', t.answerPropose],
    ] as const;
    return html`<fieldset class="confirm-line" data-line=${line.lineNo}>
      <legend>${t.line(line.lineNo)}: ${line.itemCode} · ${this.qty(line.quantity, line.unit)} · ${this.localize.day(line.requestedDate)}</legend>
      ${lineError ? html`<p class="field-error">${lineError}</p>` : nothing}
      <div role="radiogroup" aria-label=${t.answer}>
        ${modes.map(
          ([mode, label]) => html`<label class="choice">
            <input
              type="radio"
              name="${id}-mode"
              id="${id}-${mode}"
              value=${mode}
              .checked=${d.mode === mode}
              @change=${() =>
                this.editLine(line.lineNo, (l) => {
                  l.mode = mode;
                  if (mode === 'propose' && l.schedule.length === 0)
                    l.schedule.push({ quantity: String(line.quantity), date: line.requestedDate });
                })}
            />
            ${label}
          </label>`,
        )}
      </div>
      ${d.mode === 'propose' ? this.renderProposal(line, d, id, key, sum) : nothing}
    </fieldset>`;
  }

  private renderProposal(line: PurchaseOrderLineView, d: ConfirmLineDraft, id: string, key: string, sum: number) {
    const t = this.localize.table('deliveryForm');
    const scheduleError = this.forms.confirm.errors.get(`${key}/schedule`);
    return html`<div class="proposal">
      <h4 id="${id}-schedule-title">${t.scheduleLines}</h4>
      ${d.schedule.map(
        (s, j) => html`<div class="row schedule-line">
          ${this.input('confirm', `${id}-s${j}-q`, `${t.quantity} (${j + 1})`, `${key}/schedule/${j}/quantity`, s.quantity, (v) => this.editLine(line.lineNo, (l) => (l.schedule[j]!.quantity = v)), { type: 'number', min: '0', step: 'any', inputmode: 'decimal', required: true })}
          ${this.input('confirm', `${id}-s${j}-d`, `${t.date} (${j + 1})`, `${key}/schedule/${j}/date`, s.date, (v) => this.editLine(line.lineNo, (l) => (l.schedule[j]!.date = v)), { type: 'date', min: earliestToday(), required: true })}
          <button type="button" part="button" class="button button--small" @click=${() => this.editLine(line.lineNo, (l) => l.schedule.splice(j, 1))}>${t.removeScheduleLine(j + 1)}</button>
        </div>`,
      )}
      <button type="button" part="button" class="button button--small" @click=${() => this.editLine(line.lineNo, (l) => l.schedule.push({ quantity: '', date: '' }))}>${t.addScheduleLine}</button>
      <div class="row">
        ${this.input('confirm', `${id}-bq`, t.backorderQuantity, `${key}/backorder/quantity`, d.backorderQuantity, (v) => this.editLine(line.lineNo, (l) => (l.backorderQuantity = v)), { type: 'number', min: '0', step: 'any', inputmode: 'decimal' })}
        ${this.input('confirm', `${id}-bd`, t.backorderDate, `${key}/backorder/date`, d.backorderDate, (v) => this.editLine(line.lineNo, (l) => (l.backorderDate = v)), { type: 'date', min: earliestToday() })}
        ${this.input('confirm', `${id}-rq`, t.rejectQuantity, `${key}/reject/quantity`, d.rejectQuantity, (v) => this.editLine(line.lineNo, (l) => (l.rejectQuantity = v)), { type: 'number', min: '0', step: 'any', inputmode: 'decimal' })}
      </div>
      <p class="muted sum ${scheduleError ? 'field-error' : ''}" id="${id}-sum" role="status">
        ${scheduleError ?? t.sumHint(this.localize.number(sum), this.qty(line.quantity, line.unit))}
      </p>
      ${this.field(
        'confirm',
        `${id}-reason`,
        t.reason,
        `${key}/reasonCode`,
        (describedBy, invalid) => html`<select
        part="input"
        id="${id}-reason"
        required
        aria-describedby=${describedBy}
        aria-invalid=${invalid ? 'true' : 'false'}
        @change=${(e: Event) => this.editLine(line.lineNo, (l) => (l.reasonCode = (e.target as HTMLSelectElement).value))}
      >
        <option value="" ?selected=${!d.reasonCode}>—</option>
        ${REASONS.map((r) => html`<option value=${r} ?selected=${d.reasonCode === r}>${t.reasons[r]}</option>`)}
      </select>`,
      )}
      ${this.field(
        'confirm',
        `${id}-comment`,
        d.reasonCode === 'other' ? t.commentRequired : t.comment,
        `${key}/comment`,
        (describedBy, invalid) => html`<textarea
        part="input"
        id="${id}-comment"
        maxlength="2000"
        ?required=${d.reasonCode === 'other'}
        aria-describedby=${describedBy}
        aria-invalid=${invalid ? 'true' : 'false'}
        .value=${d.comment}
        @input=${(e: Event) => this.editLine(line.lineNo, (l) => (l.comment = (e.target as HTMLTextAreaElement).value))}
      ></textarea>`,
      )}
    </div>`;
  }

  private renderConfirmForm(order: PurchaseOrderView) {
    const t = this.localize.table('deliveryForm');
    const c = this.drafts.confirm;
    const f = this.forms.confirm;
    return html`<form part="form" id="confirm-form" novalidate aria-labelledby="confirm-title" @submit=${this.handleConfirm}>
      <h3 id="confirm-title">${t.confirmTitle}</h3>
      <p class="muted">${t.confirmIntro}</p>
      ${this.errorSummary('confirm')}
      <button
        type="button"
        part="button"
        class="button button--small"
        @click=${() =>
          this.change((d) => {
            for (const l of order.lines)
              d.confirm.lines[l.lineNo] = { ...(d.confirm.lines[l.lineNo] ?? emptyLine()), mode: 'accept' };
          })}
      >
        ${t.acceptAll}
      </button>
      ${order.lines.map((line) => this.renderConfirmLine(line))}
      <div class="row">
        ${this.input('confirm', 'cf-ref', t.supplierOrderRef, '/supplierOrderRef', c.supplierOrderRef, (v) => this.change((d) => (d.confirm.supplierOrderRef = v)))}
      </div>
      ${this.field(
        'confirm',
        'cf-note',
        t.note,
        '/note',
        (describedBy, invalid) => html`<textarea
        part="input"
        id="cf-note"
        maxlength="4000"
        aria-describedby=${describedBy}
        aria-invalid=${invalid ? 'true' : 'false'}
        .value=${c.note}
        @input=${(e: Event) => this.change((d) => (d.confirm.note = (e.target as HTMLTextAreaElement).value))}
      ></textarea>`,
      )}
      <div class="actions">
        <button type="submit" part="button submit-button" class="button button--primary" ?disabled=${f.busy}>${t.sendConfirmation}</button>
      </div>
      <p class="status-message" role="status">${f.message}</p>
    </form>`;
  }

  private renderDeliveryLine(line: PurchaseOrderLineView) {
    const t = this.localize.table('deliveryForm');
    const d = this.deliveryLine(line.lineNo);
    const id = `dl-${line.lineNo}`;
    const key = `L${line.lineNo}`;
    const lotsError = this.forms.delivery.errors.get(`${key}/lots`);
    this.fields.set(`delivery:${key}/lots`, {
      id: d.lots.length ? `${id}-l0-n` : `${id}-q`,
      label: `${t.line(line.lineNo)}, ${t.lots}`,
    });
    this.fields.set(`delivery:${key}/lineNo`, { id: `${id}-q`, label: t.line(line.lineNo) });
    const editing = this.drafts.delivery.editing;
    const mine = editing
      ? (this.data.task.value?.order.deliveries
          .find((x) => x.id === editing)
          ?.lines.find((l) => l.lineNo === line.lineNo)?.quantity ?? 0)
      : 0;
    return html`<fieldset class="delivery-line" data-line=${line.lineNo}>
      <legend>${t.line(line.lineNo)}: ${line.itemCode}${line.description ? ` · ${line.description}` : ''}</legend>
      ${this.forms.delivery.errors.get(`${key}/lineNo`) ? html`<p class="field-error">${this.forms.delivery.errors.get(`${key}/lineNo`)}</p>` : nothing}
      ${this.input(
        'delivery',
        `${id}-q`,
        `${t.shipped} (${line.unit})`,
        `${key}/quantity`,
        d.quantity,
        (v) => this.editDeliveryLine(line.lineNo, (l) => (l.quantity = v)),
        {
          type: 'number',
          min: '0',
          step: 'any',
          inputmode: 'decimal',
          hint: t.openHint(this.qty(line.openQuantity + mine, line.unit)),
        },
      )}
      <details ?open=${d.lots.length > 0 || Boolean(lotsError)}>
        <summary>${t.lots}</summary>
        ${lotsError ? html`<p class="field-error" id="${id}-lots-error">${lotsError}</p>` : nothing}
        ${d.lots.map(
          (lot, j) => html`<div class="row lot">
            ${this.input('delivery', `${id}-l${j}-n`, `${t.lotNumber} (${j + 1})`, `${key}/lots/${j}/number`, lot.number, (v) => this.editDeliveryLine(line.lineNo, (l) => (l.lots[j]!.number = v)), { required: true })}
            ${this.input('delivery', `${id}-l${j}-q`, `${t.quantity} (${j + 1})`, `${key}/lots/${j}/quantity`, lot.quantity, (v) => this.editDeliveryLine(line.lineNo, (l) => (l.lots[j]!.quantity = v)), { type: 'number', min: '0', step: 'any', inputmode: 'decimal', required: true })}
            ${this.input('delivery', `${id}-l${j}-p`, `${t.productionDate} (${j + 1})`, `${key}/lots/${j}/productionDate`, lot.productionDate, (v) => this.editDeliveryLine(line.lineNo, (l) => (l.lots[j]!.productionDate = v)), { type: 'date' })}
            ${this.input('delivery', `${id}-l${j}-e`, `${t.expiryDate} (${j + 1})`, `${key}/lots/${j}/expiryDate`, lot.expiryDate, (v) => this.editDeliveryLine(line.lineNo, (l) => (l.lots[j]!.expiryDate = v)), { type: 'date' })}
            <button type="button" part="button" class="button button--small" @click=${() => this.editDeliveryLine(line.lineNo, (l) => l.lots.splice(j, 1))}>${t.removeLot(j + 1)}</button>
          </div>`,
        )}
        <button
          type="button"
          part="button"
          class="button button--small"
          @click=${() => this.editDeliveryLine(line.lineNo, (l) => l.lots.push({ number: '', quantity: l.lots.length ? '' : l.quantity, productionDate: '', expiryDate: '' }))}
        >
          ${t.addLot}
        </button>
        ${this.field(
          'delivery',
          `${id}-sn`,
          t.serialNumbers,
          `${key}/serialNumbers`,
          (describedBy, invalid) => html`<textarea
          part="input"
          id="${id}-sn"
          rows="3"
          aria-describedby=${describedBy}
          aria-invalid=${invalid ? 'true' : 'false'}
          .value=${d.serials}
          @input=${(e: Event) => this.editDeliveryLine(line.lineNo, (l) => (l.serials = (e.target as HTMLTextAreaElement).value))}
        ></textarea>`,
        )}
      </details>
    </fieldset>`;
  }

  private renderFilePicker() {
    const t = this.localize.table('deliveryForm');
    const error = this.forms.delivery.errors.get('/attachments');
    // The attachments module's picker; without it (older bundle) the field is left out.
    if (!customElements.get('amage-file-picker')) return nothing;
    this.fields.set('delivery:/attachments', { id: 'dl-attachments', label: t.documents });
    return html`<div part="field" class="field">
      <amage-file-picker
        id="dl-attachments"
        .client=${this.access.client}
        .attachments=${this.drafts.delivery.attachments}
        label=${t.documents}
        accept="application/pdf,image/jpeg,image/png,image/heic,image/heif,image/webp"
        multiple
        @amage-files-change=${(e: CustomEvent<{ attachments: AttachmentRef[] }>) =>
          this.change((d) => (d.delivery.attachments = [...e.detail.attachments]))}
      ></amage-file-picker>
      <p class="field-error" id="dl-attachments-error">${error ?? ''}</p>
    </div>`;
  }

  private renderDeliveryForm(order: PurchaseOrderView) {
    const t = this.localize.table('deliveryForm');
    const d = this.drafts.delivery;
    const f = this.forms.delivery;
    const editing = d.editing ? order.deliveries.find((x) => x.id === d.editing) : undefined;
    const lines = order.lines.filter(
      (l) => l.openQuantity > 0 || d.lines[l.lineNo]?.quantity || editing?.lines.some((x) => x.lineNo === l.lineNo),
    );
    return html`<form part="form" id="delivery-form" novalidate aria-labelledby="delivery-title" @submit=${this.handleDeclare}>
      <h3 id="delivery-title" tabindex="-1">${editing ? t.correctTitle(editing.deliveryNoteNumber) : t.deliveryTitle}</h3>
      ${this.errorSummary('delivery')}
      <div class="row">
        ${this.input('delivery', 'dl-dispatch', t.dispatchDate, '/dispatchDate', d.dispatchDate, (v) => this.change((x) => (x.delivery.dispatchDate = v)), { type: 'date', required: true })}
        ${this.input('delivery', 'dl-arrival', t.expectedArrival, '/expectedArrival', d.expectedArrival, (v) => this.change((x) => (x.delivery.expectedArrival = v)), { type: 'date', required: true, min: earliestToday() })}
        ${this.input('delivery', 'dl-note-number', t.deliveryNoteNumber, '/deliveryNoteNumber', d.deliveryNoteNumber, (v) => this.change((x) => (x.delivery.deliveryNoteNumber = v)), { required: true })}
        ${this.input('delivery', 'dl-carrier', t.carrier, '/carrier', d.carrier, (v) => this.change((x) => (x.delivery.carrier = v)))}
        ${this.input('delivery', 'dl-tracking', t.trackingNumber, '/trackingNumber', d.trackingNumber, (v) => this.change((x) => (x.delivery.trackingNumber = v)))}
        ${this.input('delivery', 'dl-packages', t.packages, '/packages', d.packages, (v) => this.change((x) => (x.delivery.packages = v)), { type: 'number', min: '1', step: '1', inputmode: 'numeric' })}
        ${this.input('delivery', 'dl-weight', t.grossWeight, '/grossWeightKg', d.grossWeightKg, (v) => this.change((x) => (x.delivery.grossWeightKg = v)), { type: 'number', min: '0', step: 'any', inputmode: 'decimal' })}
      </div>
      ${lines.length ? lines.map((line) => this.renderDeliveryLine(line)) : html`<p>${t.nothingOpen}</p>`}
      ${this.renderFilePicker()}
      ${this.field(
        'delivery',
        'dl-note',
        t.note,
        '/note',
        (describedBy, invalid) => html`<textarea
        part="input"
        id="dl-note"
        maxlength="4000"
        aria-describedby=${describedBy}
        aria-invalid=${invalid ? 'true' : 'false'}
        .value=${d.note}
        @input=${(e: Event) => this.change((x) => (x.delivery.note = (e.target as HTMLTextAreaElement).value))}
      ></textarea>`,
      )}
      ${editing ? this.input('delivery', 'dl-reason', t.correctionReason, '/reason', d.reason, (v) => this.change((x) => (x.delivery.reason = v))) : nothing}
      <div class="actions">
        <button type="submit" part="button submit-button" class="button button--primary" ?disabled=${f.busy || lines.length === 0}>
          ${editing ? t.sendCorrection : t.sendDelivery}
        </button>
        ${
          editing
            ? html`<button type="button" part="button" class="button" @click=${() => this.change((x) => (x.delivery = emptyDelivery()))}>${t.cancelEdit}</button>`
            : nothing
        }
      </div>
      <p class="status-message" role="status">${f.message}</p>
    </form>`;
  }

  private renderDeclarations(order: PurchaseOrderView, canDeclare: boolean) {
    const t = this.localize.table('deliveryForm');
    const unit = (lineNo: number) => order.lines.find((l) => l.lineNo === lineNo)?.unit ?? '';
    return html`<section aria-labelledby="declarations-title">
      <h3 id="declarations-title">${t.declarations}</h3>
      <p class="status-message" role="status">${this.listMessage}</p>
      ${
        order.deliveries.length === 0
          ? html`<p class="muted">${t.noDeclarations}</p>`
          : html`<ul part="declarations" class="declarations">
            ${[...order.deliveries].reverse().map((d) => {
              const badge = d.status === 'received' ? 'badge--good' : d.status === 'cancelled' ? 'badge--bad' : '';
              return html`<li part="declaration" class="card declaration" data-id=${d.id}>
                <p>
                  <strong>${d.deliveryNoteNumber}</strong>
                  <span class="badge ${badge}">${t.deliveryStatus[d.status] ?? d.status}</span>
                  <span class="muted">${t.dispatchedOn(this.localize.day(d.dispatchDate))}, ${t.arrivesOn(this.localize.day(d.expectedArrival))}${d.revision > 1 ? `, ${t.revision(d.revision)}` : ''}</span>
                </p>
                <ul>
                  ${d.lines.map(
                    (l) => html`<li>
                      ${t.line(l.lineNo)}: ${this.qty(l.quantity, unit(l.lineNo))}${l.receivedQuantity ? ` (${t.received.toLowerCase()} ${this.localize.number(l.receivedQuantity)})` : ''}
                      ${l.lots?.length ? html`<span class="muted"> · ${l.lots.map((lot) => `${lot.number} × ${this.localize.number(lot.quantity)}`).join(', ')}</span>` : nothing}
                    </li>`,
                  )}
                </ul>
                ${[d.carrier, d.trackingNumber].some(Boolean) ? html`<p class="muted">${[d.carrier, d.trackingNumber].filter(Boolean).join(' · ')}</p>` : nothing}
                ${
                  d.attachments.length
                    ? html`<p class="muted">${t.documents}: ${d.attachments.map((a, i) => html`${i ? ', ' : ''}${this.fileButton(a)}`)}</p>`
                    : nothing
                }
                ${this.fileError ? html`<p class="field-error" role="alert">${this.fileError}</p>` : nothing}
                ${d.cancelReason ? html`<p class="muted">${d.cancelReason}</p>` : nothing}
                ${d.editable && canDeclare ? this.renderDeclarationActions(d) : nothing}
              </li>`;
            })}
          </ul>`
      }
    </section>`;
  }

  private renderDeclarationActions(d: Delivery) {
    const t = this.localize.table('deliveryForm');
    if (this.cancelling?.id === d.id) {
      const id = `cancel-${d.id}`;
      return html`<form class="cancel-form" novalidate @submit=${this.handleCancelDeclaration}>
        <div part="field" class="field">
          <label for=${id}>${t.cancelReason}</label>
          <input
            part="input"
            id=${id}
            required
            maxlength="2000"
            .value=${this.cancelling.reason}
            aria-invalid=${this.cancelling.error ? 'true' : 'false'}
            aria-describedby="${id}-error"
            @input=${(e: Event) => (this.cancelling = { ...this.cancelling!, reason: (e.target as HTMLInputElement).value, error: '' })}
          />
          <p class="field-error" id="${id}-error" role="alert">${this.cancelling.error}</p>
        </div>
        <div class="actions">
          <button type="submit" part="button" class="button button--primary">${t.confirmCancel}</button>
          <button type="button" part="button" class="button" @click=${() => (this.cancelling = undefined)}>${t.keep}</button>
        </div>
      </form>`;
    }
    return html`<div class="actions">
      <button type="button" part="button" class="button button--small" @click=${() => this.startCorrection(d)}>${t.correct}</button>
      <button type="button" part="button" class="button button--small" @click=${() => (this.cancelling = { id: d.id, reason: '', error: '' })}>${t.cancelDeclaration}</button>
    </div>`;
  }

  private renderOrder({ order, actions }: Loaded) {
    const t = this.localize.table('deliveryForm');
    const open = order.status === 'open';
    const status = t.orderStatus[order.status] ?? order.status;
    return html`<section part="base" class="base" aria-labelledby="title">
      <h2 id="title">${t.title(order.number)}</h2>
      <p>
        <span class="badge ${open ? '' : 'badge--bad'}">${status}</span>
        ${order.supplierOrderRef ? html`<span class="muted">${t.supplierOrderRefShown}: ${order.supplierOrderRef}</span>` : nothing}
      </p>
      ${!open ? html`<p role="status">${t.notOpen(status)}${order.statusReason ? ` ${order.statusReason}` : ''}</p>` : nothing}
      <dl class="facts">
        ${order.buyer?.name ? html`<dt>${t.buyer}</dt><dd>${order.buyer.name}${order.buyer.email ? html` · <a href="mailto:${order.buyer.email}">${order.buyer.email}</a>` : nothing}</dd>` : nothing}
        ${order.deliveryAddress ? html`<dt>${t.deliveryAddress}</dt><dd>${order.deliveryAddress}</dd>` : nothing}
      </dl>
      ${order.overDeliveryTolerancePercent ? html`<p class="muted">${t.tolerance(this.localize.number(order.overDeliveryTolerancePercent / 100, { style: 'percent' }))}</p>` : nothing}
      ${order.note ? html`<p>${order.note}</p>` : nothing}
      ${this.restored ? html`<p class="status-message" role="status">${t.draftRestored}</p>` : nothing}
      ${this.renderLines(order)}
      ${open && actions.includes('order:confirm-dates') ? this.renderConfirmForm(order) : nothing}
      ${open && actions.includes('order:declare-delivery') ? this.renderDeliveryForm(order) : nothing}
      ${this.renderDeclarations(order, open && actions.includes('order:declare-delivery'))}
    </section>`;
  }

  private fileButton(file: Pick<Attachment, 'id' | 'filename' | 'contentType'>) {
    return fileButton(
      file,
      this.localize.term('openFile', file.filename),
      () =>
        void openAttachment(this.access.client, file).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 401) return this.access.fail(error);
          this.fileError = this.localize.term('openFileFailed');
        }),
    );
  }

  render() {
    return this.data.render((loaded) => this.renderOrder(loaded));
  }
}
