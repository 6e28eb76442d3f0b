import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isNetworkError, session, workOrders, type KyInstance } from '@amage/api-client';
import type { Action, Attachment, FieldError, WorkOrderView } from '@amage/contracts';
import type { AmageFilesChangeDetail } from '../../events/files-change.js';
import { AmageLoadEvent } from '../../events/load.js';
import { AmageElement } from '../amage-element.js';
import { errorIcon } from '../form/field-markup.js';
import { customField, type ControlAttrs } from '../form/fields.js';
import type { AnyForm, FormController, FormSpec } from '../form/form-controller.js';
import { FormsController } from '../form/forms-controller.js';
import { describeProblem } from '../form/messages.js';
import { LocalizeController } from '../localize.js';
import { subjectPath, type OutboxItem, type Refusal } from '../outbox.js';
import { PortalAccessController } from '../portal-access.js';
import { PortalDataController } from '../portal-data.js';
import { renderStepUpPrompt } from '../step-up.js';
import { cacheView, cachedView, remembered, type OutboxKind } from './device.js';

export interface WorkOrderData {
  view: WorkOrderView;
  actions: Action[];
  /** Shown from the copy kept on this device: the server could not be reached. */
  fromCache: boolean;
}

/** Photo uploads of one field: the entry waits until none is running and none failed. */
interface Uploads {
  pending: number;
  failed: number;
}

/**
 * Shared base of the subcontractor widgets (`<amage-work-order>`, `<amage-inspection>`,
 * `<amage-loto-procedure>`, `<amage-permit-log>`): access, the work order (with the last copy kept for
 * offline use), the form engine over the work order's outbox (shared by the four widgets on a page),
 * photo fields, and the person's name remembered per work order.
 */
export class WorkOrderWidget extends AmageElement {
  /** The write kinds this widget makes (it fires their events and shows their step-up prompts). */
  protected static kinds: OutboxKind[] = [];

  protected readonly localize = new LocalizeController(this);
  protected readonly access = new PortalAccessController(this);
  protected readonly data = new PortalDataController<WorkOrderData>(this, {
    access: this.access,
    localize: this.localize,
    args: () => [this.workOrder],
    load: (api, signal) => this.load(api, signal),
    loaded: ({ view }) => this.emit(new AmageLoadEvent({ subjectType: 'work-order', ref: view.ref })),
  });
  protected readonly forms = new FormsController(this, {
    access: this.access,
    localize: this.localize,
    kinds: (this.constructor as typeof WorkOrderWidget).kinds,
    reload: () => void this.data.reload(),
    stepUpStrings: () => this.localize.table('workOrder'),
    // The name an entry is signed with is remembered for the next one, from the moment it is queued.
    queued: (item) => {
      const body = item.body as { by?: string; inspector?: string; confirmedBy?: string };
      const name = body.by ?? body.inspector ?? body.confirmedBy;
      if (name) this.rememberName(name);
    },
  });

  /** Photos still uploading (or failed) per photo field. */
  @state() protected accessor uploads: Record<string, Uploads> = {};

  /** Server base URL; defaults to the origin the script was loaded from. */
  @property() accessor api = '';
  /** Link (`amg_…`) or session (`amgs_…`) token; defaults to `#token=` of the page URL. */
  @property() accessor token = '';
  /** Work order reference; defaults to the subject of the token. */
  @property({ attribute: 'work-order' }) accessor workOrder = '';

  private async load(api: KyInstance, signal: AbortSignal): Promise<WorkOrderData> {
    const ref = this.workOrder || this.access.subject?.ref || (await session.get(api, { signal })).subject.ref;
    this.forms.attach({ type: 'work-order', ref });
    const startedAt = this.forms.loadStarted();
    try {
      const [info, view] = await Promise.all([session.get(api, { signal }), workOrders.get(api, ref, { signal })]);
      this.forms.reflected(startedAt);
      cacheView(view);
      remembered.set(ref, 'actions', info.actions);
      return { view, actions: info.actions, fromCache: false };
    } catch (error) {
      const cached = cachedView(ref);
      if (isNetworkError(error) && cached)
        return { view: cached, actions: remembered.get(ref, 'actions', []), fromCache: true };
      throw error;
    }
  }

  protected get ref(): string {
    return this.data.task.value!.view.ref;
  }

  protected owns(item: OutboxItem) {
    return (this.constructor as typeof WorkOrderWidget).kinds.includes(item.kind as OutboxKind);
  }

  /** Whether this widget shows the step-up code prompt for `item` (by default: for its own kinds). */
  protected showsStepUp(item: OutboxItem) {
    return this.owns(item);
  }

  /** Whether the token grants `action` (and the work order still takes writes). */
  protected can(data: WorkOrderData, action: Action) {
    return data.actions.includes(action) && !data.view.closedForWriting;
  }

  /** A form of this widget (made once by its id), its writes below `/work-orders/{ref}`. */
  protected form<V extends object>(spec: FormSpec<V>): FormController<V> {
    return this.forms.form(spec);
  }

  /** The path of a write below the work order: `/loto/steps` → `work-orders/WO-1/loto/steps`. */
  protected path(below: string) {
    return `${subjectPath({ type: 'work-order', ref: this.ref })}${below}`;
  }

  /** Writes of a kind (and target) not in the view yet: waiting to be sent, or sent since it was loaded. */
  protected pending(kind: OutboxKind, target?: string): OutboxItem[] {
    return this.forms.pending(kind, target);
  }

  /** The name the person signs with, remembered per work order. */
  protected personName(): string {
    return remembered.get(this.data.task.value?.view.ref ?? this.workOrder, 'name', '');
  }

  protected rememberName(name: string) {
    const ref = this.data.task.value?.view.ref;
    if (ref && name.trim()) remembered.set(ref, 'name', name.trim());
  }

  /** The findings of a photo field whose uploads are not finished: the entry waits for them. */
  protected photoErrors(id: string, pointer = '#attachments'): FieldError[] {
    const up = this.uploads[id];
    if (up?.pending) return [{ pointer, message: 'uploading', keyword: 'photos-uploading' }];
    if (up?.failed) return [{ pointer, message: 'failed', keyword: 'photos-failed' }];
    return [];
  }

  /** Texts of the photo findings (for a spec's `messages`). */
  protected photoMessage(error: FieldError): string | undefined {
    const w = this.localize.table('workOrder');
    return error.keyword === 'photos-uploading'
      ? w.photosUploading
      : error.keyword === 'photos-failed'
        ? w.photosFailed
        : undefined;
  }

  /**
   * A photo field (`<amage-file-picker>`, rear camera on phones). Photos upload at once, so they need the
   * connection; the entry carrying them can only be saved (or queued) once they are uploaded (`photoErrors`).
   */
  protected renderPhotos(
    form: AnyForm,
    o: {
      id: string;
      name?: string;
      label: string;
      attachments: readonly Attachment[];
      max?: number;
      required?: boolean;
    },
    onChange: (list: Attachment[]) => void,
  ): TemplateResult {
    const w = this.localize.table('workOrder');
    return customField(
      form,
      { name: o.name ?? 'attachments', label: o.label, inner: true, required: o.required, info: { kind: 'file' } },
      (a: ControlAttrs) => html`<amage-file-picker
          id=${a.id}
          .client=${this.access.client}
          .error=${a.error ?? ''}
          ?required=${Boolean(o.required)}
          capture="environment"
          accept="image/*"
          ?multiple=${(o.max ?? 20) > 1}
          max-files=${o.max ?? 20}
          label=${o.label}
          .attachments=${o.attachments}
          @amage-files-change=${(e: CustomEvent<AmageFilesChangeDetail>) => {
            this.uploads = { ...this.uploads, [o.id]: { pending: e.detail.pending, failed: e.detail.failed } };
            onChange([...e.detail.attachments]);
          }}
        ></amage-file-picker>
        <p part="hint" class="hint">${w.photosNeedSignal}</p>`,
    );
  }

  /** "N waiting to send", the step-up prompt of a write waiting for its code, and refusals no form took back. */
  protected renderOutbox(): TemplateResult | typeof nothing {
    const box = this.forms.outbox;
    if (!box) return nothing;
    const t = this.localize.table('workOrder');
    const waiting = box.items.filter((i) => this.owns(i));
    const refused = box.refusals.filter((r) => this.owns(r.item));
    const wait = box.stepUp && this.showsStepUp(box.stepUp.item) ? box.stepUp : undefined;
    return html`${
      wait
        ? html`<form part="step-up-form" class="step-up-form" novalidate @submit=${(e: SubmitEvent) => {
            e.preventDefault();
            if (!box.sendCode(box.stepUp?.prompt.code ?? ''))
              void this.updateComplete.then(() =>
                this.shadowRoot?.querySelector<HTMLElement>('#step-up-code')?.focus(),
              );
          }}>
            <p class="notice">${t.stepUpWaiting(t.kinds[wait.item.kind] ?? wait.item.kind)}</p>
            ${renderStepUpPrompt(wait.prompt, t, { input: (code) => box.typeCode(code), resend: () => void box.requestCode() })}
            <button type="submit" part="button" class="button button--primary" ?disabled=${box.sending}>${t.stepUpSend}</button>
          </form>`
        : nothing
    }<div part="outbox" class="outbox" role="status" aria-live="polite">
      ${
        waiting.length
          ? html`<p class="waiting">
            ${t.waitingToSend(waiting.length)}
            <button type="button" part="button" class="button button--small" @click=${() => void box.retry()} ?disabled=${box.sending}>
              ${t.sendNow}
            </button>
          </p>`
          : nothing
      }
      ${refused.map((r) => this.renderRefusal(r))}
    </div>`;
  }

  private renderRefusal(r: Refusal) {
    const t = this.localize.table('workOrder');
    return html`<div class="refusal">
      <p class="field-error">${errorIcon}<span>${this.refusalText(r.code)}</span></p>
      <button type="button" part="button" class="button button--small" @click=${() => this.forms.outbox?.dismiss(r)}>${t.dismiss}</button>
    </div>`;
  }

  /** "Not accepted: …" for a known code of this portal, else the translated generic sentence (never the server's detail). */
  protected refusalText(code: string): string {
    const t = this.localize.table('workOrder');
    const known = t.problems[code];
    return known ? t.refused(known) : describeProblem(this.localize, code);
  }

  /** A field's message for this portal's codes and the photo findings ("A comment is needed."). */
  protected fieldProblem(error: FieldError): string | undefined {
    const known = this.localize.table('workOrder').problems[error.keyword ?? ''];
    return this.photoMessage(error) ?? (known ? known[0]!.toUpperCase() + known.slice(1) : undefined);
  }

  /** The texts of this portal's codes for a form's whole-form refusals ("Not accepted: …"). */
  protected problems(): Readonly<Record<string, string>> {
    const t = this.localize.table('workOrder');
    return Object.fromEntries(Object.entries(t.problems).map(([code, text]) => [code, t.refused(text ?? '')]));
  }
}
