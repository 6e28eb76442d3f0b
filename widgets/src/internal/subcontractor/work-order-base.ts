import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isNetworkError, session, workOrders } from '@amage/api-client';
import type { Action, Attachment, FieldError, WorkOrderView } from '@amage/contracts';
import type { AmageFilesChangeDetail } from '../../events/files-change.js';
import { AmageElement } from '../amage-element.js';
import { LocalizeController } from '../localize.js';
import { PortalAccessController } from '../portal-access.js';
import { PortalDataController } from '../portal-data.js';
import { AmageActionQueuedEvent } from '../../events/action-queued.js';
import { AmageActionRefusedEvent } from '../../events/action-refused.js';
import { AmageActionSentEvent } from '../../events/action-sent.js';
import { AmageLoadEvent } from '../../events/load.js';
import { AmageStepUpRequestedEvent } from '../../events/step-up-requested.js';
import { AmageSubmitEvent } from '../../events/submit.js';
import { AmageSubmittedEvent } from '../../events/submitted.js';
import { renderStepUpPrompt } from '../step-up.js';
import { describeProblem, fieldMessage } from '../form-state.js';
import type { StepUpChallenge } from '@amage/contracts';
import { Outbox, remembered, type OutboxItem, type OutboxKind, type Refusal } from './outbox.js';

export interface WorkOrderData {
  view: WorkOrderView;
  actions: Action[];
  /** Shown from the copy kept on this device: the server could not be reached. */
  fromCache: boolean;
}

/**
 * Shared base of the subcontractor widgets (`<amage-work-order>`, `<amage-inspection>`,
 * `<amage-loto-procedure>`, `<amage-permit-log>`): access, the work order (with the last copy kept
 * for offline use), the work order's outbox, and the person's name remembered per work order.
 */
export class WorkOrderWidget extends AmageElement {
  /** The outbox kinds this widget queues (it reports their `sent` and `refused`). */
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
  private outbox?: Outbox;
  private reloadTimer?: ReturnType<typeof setTimeout>;
  private flushedFor = '';
  private readonly onOutboxChange = () => this.requestUpdate();
  /**
   * Writes the server accepted after the view on screen was loaded: they count as done (not "open")
   * until a load that started after them shows them, so nothing looks undone in between.
   */
  private unreflected: { item: OutboxItem; at: number }[] = [];
  private readonly onOutboxSent = (e: Event) => {
    const { item, result } = (e as CustomEvent<{ item: OutboxItem; result: unknown }>).detail;
    this.unreflected = [...this.unreflected, { item, at: performance.now() }];
    if (this.owns(item)) {
      const ref = this.outbox!.ref;
      this.emit(new AmageActionSentEvent({ subjectType: 'work-order', ref, kind: item.kind, id: item.id }));
      // The same moment in the words every other widget uses (`amage-submitted`, id of the record made).
      const record =
        result && typeof result === 'object' && 'id' in result && typeof result.id === 'string' ? result.id : item.id;
      this.emit(new AmageSubmittedEvent({ subjectType: 'work-order', ref, kind: item.kind, id: record }));
    }
    // Reload once the queue is empty, so the view shows what the server now holds.
    clearTimeout(this.reloadTimer);
    if (this.outbox!.items.length === 0) this.reloadTimer = setTimeout(() => void this.data.reload(), 0);
  };
  private readonly onOutboxRefused = (e: Event) => {
    const { item } = (e as CustomEvent<{ item: OutboxItem }>).detail;
    const refusal = this.outbox!.refusals.find((r) => r.item.id === item.id);
    if (this.owns(item))
      this.emit(
        new AmageActionRefusedEvent({
          subjectType: 'work-order',
          ref: this.outbox!.ref,
          kind: item.kind,
          id: item.id,
          code: refusal?.code ?? '',
        }),
      );
    this.onRefused(item);
  };
  /**
   * A queued write met 401: when this widget's access owns the session (it exchanged the link itself),
   * it refreshes it within the server's grace (or says the link expired); a session given by the page
   * (e.g. by `<amage-portal>` or the parent work order) is refreshed by whoever gave it.
   */
  private readonly onOutboxUnauthorized = (e: Event) => {
    if (this.access.state === 'ready' && this.access.subject)
      this.access.fail((e as CustomEvent<{ error: unknown }>).detail.error);
  };
  private readonly onOutboxStepUp = (e: Event) => {
    const { item, challenge } = (e as CustomEvent<{ item: OutboxItem; challenge: StepUpChallenge }>).detail;
    if (!this.showsStepUp(item)) return;
    this.emit(
      new AmageStepUpRequestedEvent({
        action: challenge.action,
        ...(challenge.recipient ? { recipient: challenge.recipient } : {}),
      }),
    );
    void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>('#step-up-code')?.focus());
  };

  /** Photos still uploading (or failed) per picker id: the entry waits until they are uploaded. */
  @state() protected accessor uploads: Record<string, { pending: number; failed: number }> = {};

  /** Server base URL; defaults to the origin the script was loaded from. */
  @property() accessor api = '';
  /** Link (`amg_…`) or session (`amgs_…`) token; defaults to `#token=` of the page URL. */
  @property() accessor token = '';
  /** Work order reference; defaults to the subject of the token. */
  @property({ attribute: 'work-order' }) accessor workOrder = '';

  disconnectedCallback() {
    super.disconnectedCallback();
    this.watch(undefined);
  }

  protected updated(changed: PropertyValues) {
    super.updated(changed);
    // Items queued before a reload go out once access is ready, and again with every new session
    // token (a refresh after the session ran out offline): once per access context and token, so after
    // a failed run the outbox waits for \`online\` or its timer, never retries in a tight loop.
    const context = `${this.access.generation}:${this.access.sessionToken ?? ''}`;
    if (this.access.state === 'ready' && this.outbox && this.flushedFor !== context) {
      this.flushedFor = context;
      void this.outbox.flush(this.access.client);
    }
  }

  private async load(api: Parameters<typeof workOrders.get>[0], signal: AbortSignal): Promise<WorkOrderData> {
    const ref = this.workOrder || this.access.subject?.ref || (await session.get(api, { signal })).subject.ref;
    const box = Outbox.for(ref);
    this.watch(box);
    const startedAt = performance.now();
    try {
      const [info, view] = await Promise.all([session.get(api, { signal }), workOrders.get(api, ref, { signal })]);
      this.unreflected = this.unreflected.filter((u) => u.at > startedAt);
      box.cacheView(view);
      remembered.set(ref, 'actions', info.actions);
      void box.flush(api);
      return { view, actions: info.actions, fromCache: false };
    } catch (error) {
      const cached = box.cachedView();
      if (isNetworkError(error) && cached)
        return { view: cached, actions: remembered.get(ref, 'actions', []), fromCache: true };
      throw error;
    }
  }

  private watch(box: Outbox | undefined) {
    if (box === this.outbox) return;
    this.outbox?.removeEventListener('change', this.onOutboxChange);
    this.outbox?.removeEventListener('sent', this.onOutboxSent);
    this.outbox?.removeEventListener('refused', this.onOutboxRefused);
    this.outbox?.removeEventListener('step-up', this.onOutboxStepUp);
    this.outbox?.removeEventListener('unauthorized', this.onOutboxUnauthorized);
    this.outbox = box;
    if (box) {
      box.stepUpStrings = this.localize.table('workOrder');
      box.describe = (code) => describeProblem(this.localize, code);
    }
    box?.addEventListener('change', this.onOutboxChange);
    box?.addEventListener('sent', this.onOutboxSent);
    box?.addEventListener('refused', this.onOutboxRefused);
    box?.addEventListener('step-up', this.onOutboxStepUp);
    box?.addEventListener('unauthorized', this.onOutboxUnauthorized);
  }

  protected owns(item: OutboxItem) {
    return (this.constructor as typeof WorkOrderWidget).kinds.includes(item.kind);
  }

  /** Whether this widget shows the step-up code prompt for `item` (by default: for its own kinds). */
  protected showsStepUp(item: OutboxItem) {
    return this.owns(item);
  }

  /** A refused write of this widget: e.g. put its field errors back next to the fields. */
  protected onRefused(_item: OutboxItem) {}

  /** Whether the token grants `action` (and the work order still takes writes). */
  protected can(data: WorkOrderData, action: Action) {
    return data.actions.includes(action) && !data.view.closedForWriting;
  }

  /**
   * Queues a write; it is sent now or as soon as the connection is back. First fires the cancelable
   * `amage-submit` (as every widget does): when the host page prevents it, nothing is queued and
   * `undefined` is returned (the caller then keeps its form as it is).
   */
  protected queue(ref: string, item: Omit<OutboxItem, 'id' | 'queuedAt'>): OutboxItem | undefined {
    if (this.emit(new AmageSubmitEvent({ kind: item.kind, ref })).defaultPrevented) return undefined;
    const queued = Outbox.for(ref).add(item);
    this.emit(new AmageActionQueuedEvent({ subjectType: 'work-order', ref, kind: item.kind, id: queued.id }));
    return queued;
  }

  /** Writes of a kind (and target) not in the view yet: waiting to be sent, or sent since it was loaded. */
  protected pending(ref: string, kind: OutboxKind, target?: string): OutboxItem[] {
    return [...this.unreflected.map((u) => u.item), ...Outbox.for(ref).items].filter(
      (i) => i.kind === kind && (target === undefined || i.target === target),
    );
  }

  protected refusals(ref: string, kind: OutboxKind, target?: string): Refusal[] {
    return Outbox.for(ref).refusals.filter(
      (r) => r.item.kind === kind && (target === undefined || r.item.target === target),
    );
  }

  /** The name the person signs with, remembered for the next form. */
  protected personName(ref: string): string {
    return remembered.get(ref, 'name', '');
  }

  protected rememberName(ref: string, name: string) {
    remembered.set(ref, 'name', name.trim());
  }

  /** "N waiting to send" and refusals to dismiss, for this widget's kinds. */
  protected renderOutbox(ref: string): TemplateResult | typeof nothing {
    const t = this.localize.table('workOrder');
    const kinds = (this.constructor as typeof WorkOrderWidget).kinds;
    const box = Outbox.for(ref);
    const waiting = box.items.filter((i) => kinds.includes(i.kind));
    const refused = box.refusals.filter((r) => kinds.includes(r.item.kind));
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
            <button type="button" part="button" class="button" @click=${() => void box.flush(this.access.client)} ?disabled=${box.sending}>
              ${t.sendNow}
            </button>
          </p>`
          : nothing
      }
      ${refused.map(
        (r) => html`<div class="refusal" role="alert">
          <p>${this.refusalText(r.code)}</p>
          <button type="button" part="button" class="button" @click=${() => box.dismiss(r)}>${t.dismiss}</button>
        </div>`,
      )}
    </div>`;
  }

  /**
   * A photo field (`<amage-file-picker>`, rear camera on phones). Photos upload at once, so they need
   * the connection; the entry that carries them can only be saved (or queued) once they are uploaded:
   * see `photosBlock`.
   */
  protected renderPhotos(
    id: string,
    label: string,
    attachments: readonly Attachment[],
    onChange: (list: Attachment[]) => void,
    options: { max?: number; error?: string } = {},
  ) {
    const w = this.localize.table('workOrder');
    const up = this.uploads[id];
    const error = options.error ?? (up?.pending ? w.photosUploading : up?.failed ? w.photosFailed : undefined);
    return html`<div class="field photos">
      <amage-file-picker
        id=${id}
        .client=${this.access.client}
        capture="environment"
        accept="image/*"
        ?multiple=${(options.max ?? 20) > 1}
        max-files=${options.max ?? 20}
        label=${label}
        .attachments=${attachments}
        @amage-files-change=${(e: CustomEvent<AmageFilesChangeDetail>) => {
          this.uploads = { ...this.uploads, [id]: { pending: e.detail.pending, failed: e.detail.failed } };
          onChange([...e.detail.attachments]);
        }}
      ></amage-file-picker>
      <p class="muted" id="${id}-note">${w.photosNeedSignal}</p>
      ${error && (this.photoErrors.has(id) || options.error) ? html`<p class="error" id="${id}-err" role="alert">${error}</p>` : nothing}
    </div>`;
  }

  private readonly photoErrors = new Set<string>();

  /**
   * Whether the photo field `id` still has uploads running or failed; when it has, the message is
   * shown at the field and the caller does not save yet (nothing is lost: the draft stays).
   */
  protected photosBlock(id: string): string | undefined {
    const w = this.localize.table('workOrder');
    const up = this.uploads[id];
    const why = up?.pending ? w.photosUploading : up?.failed ? w.photosFailed : undefined;
    if (why) this.photoErrors.add(id);
    else this.photoErrors.delete(id);
    this.requestUpdate();
    return why;
  }

  /** "Not accepted: …" for a known code of this portal, else the translated generic sentence (never the server's detail). */
  protected refusalText(code: string): string {
    const t = this.localize.table('workOrder');
    const known = t.problems[code];
    return known ? t.refused(known) : describeProblem(this.localize, code);
  }

  /** Field errors of a refusal keyed by their pointer, e.g. `/comment`. */
  protected fieldErrors(errors: readonly FieldError[]): Record<string, string> {
    return Object.fromEntries(errors.map((e) => [e.pointer, fieldMessage(this.localize, e)]));
  }
}
