import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, serviceRequests, session, type KyInstance } from '@amage/api-client';
import type { IntakeConfig, ServiceRequestView } from '@amage/contracts';
import { AmageElement } from '../../internal/amage-element.js';
import { DraftStore } from '../../internal/form-state.js';
import { FormsController } from '../../internal/form/forms-controller.js';
import { LocalizeController } from '../../internal/localize.js';
import { assetCodeFromUrl } from '../../internal/page-url.js';
import { PortalAccessController } from '../../internal/portal-access.js';
import { PortalDataController } from '../../internal/portal-data.js';
import { AmageLoadEvent } from '../../events/load.js';
import { AmageRequestUpdatedEvent } from '../../events/request-updated.js';
import { fieldStyles } from '../../styles/field.styles.js';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import { emptyValues, type ServiceRequestValues } from './bodies.js';
import { LiveRequestsController } from './live-requests.js';
import { CLOSED, actionSpec, renderMyRequests, type ActionKind } from './my-requests.js';
import { renderRequestForm, requestSpec } from './request-form.js';
import styles from './service-request.styles.js';

export type { ServiceRequestValues } from './bodies.js';

const KINDS = ['service-request', 'comment', 'cancellation'] as const;

interface Loaded {
  ref: string;
  intake: IntakeConfig | null;
  requests: ServiceRequestView[] | null;
  /** The list's `ETag`, from which "My requests" follows changes. */
  etag?: string;
  startedAt: number;
}

/**
 * @summary A service and fault request form for a customer's own website, intranet or the hosted
 * page: the category decides the fields; equipment is picked from the customer's list (searchable) or
 * preselected from a QR label code in the page URL; photos are taken with the phone camera. With
 * `request:read` it also lists the requests sent from the same link, where a comment can be added or
 * a request cancelled while it is not planned.
 *
 * @fires amage-load - The form's configuration was loaded. Detail `{ subjectType: 'customer', ref }`. Bubbles, composed.
 * @fires amage-load-error - Loading failed. Detail `{ code, status }`. Bubbles, composed.
 * @fires amage-submit - A request, a comment on one of my requests or a cancellation is about to be sent, after the form's own checks passed; `preventDefault()` stops it. Detail `{ kind, ref }`, `kind` one of `service-request`, `comment`, `cancellation`. Bubbles, composed, cancelable.
 * @fires amage-action-queued - The write joined the outbox (it goes now, or when the connection is back). Detail `{ subjectType, ref, kind, id }`. Bubbles, composed.
 * @fires amage-action-sent - The server accepted a write. Detail `{ subjectType, ref, kind, id }` (`id`: the write's). Bubbles, composed.
 * @fires amage-action-refused - The server refused a write; its values are back in the form. Detail `{ subjectType, ref, kind, id, code }`. Bubbles, composed.
 * @fires amage-submitted - The server accepted it. Detail `{ subjectType: 'customer', ref, kind, id, number }`: `id` of the new request, of the new comment, or of the cancelled request; `number` the request's. Bubbles, composed.
 * @fires amage-request-updated - The specific event, fired after `amage-submitted`: a comment was added to a request or it was cancelled. Detail `{ id, number, change }` (`id` the request's). Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 * @fires amage-link-renewal-requested - A fresh link was requested. Detail `{ recipient }`. Bubbles, composed.
 *
 * @csspart base - The wrapper around form and list.
 * @csspart form - The request form.
 * @csspart field - Each field wrapper.
 * @csspart label - Each field label.
 * @csspart required - The required mark (`*`) of a label.
 * @csspart hint - A field's hint, and the "fields marked * …" note.
 * @csspart input - Each input, select and textarea.
 * @csspart field-error - An error shown under its field.
 * @csspart error-summary - The list of errors shown (and focused) after a refused submit.
 * @csspart form-status - Under a form: sending, sent, waiting to send, or why it was refused.
 * @csspart submit-button - The send buttons.
 * @csspart confirmation - The "registered as …" message.
 * @csspart requests - The list of my requests.
 * @csspart request - One request in the list.
 * @csspart status - A request's status badge.
 * @csspart job - The assigned job's number and status (as the main system shared the job).
 * @csspart open-button - "Open" of a one-time link (the click before it is spent).
 * @csspart retry-button - "Try again" after a failed load.
 * @csspart renew-button - "Send me a new link" when the link has expired.
 * @csspart message - Loading, error and access messages.
 * @csspart button - Every button.
 *
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: buttons, focus.
 * @cssprop [--amage-color-danger=#b42318] - Errors.
 * @cssprop [--amage-radius=6px] - Corner radius.
 * @cssprop [--amage-touch-target=2.75rem] - Height of controls and buttons.
 */
export default class AmageServiceRequest extends AmageElement {
  static styles = [tokenStyles, hostStyles, messageStyles, fieldStyles, styles];

  private readonly localize = new LocalizeController(this);
  private readonly access = new PortalAccessController(this);
  private readonly data = new PortalDataController<Loaded>(this, {
    access: this.access,
    localize: this.localize,
    args: () => [this.customer],
    load: (api, signal) => this.load(api, signal),
    loaded: (loaded) => this.init(loaded),
  });
  private readonly forms = new FormsController(this, {
    access: this.access,
    localize: this.localize,
    kinds: KINDS,
    reload: () => void this.data.reload(),
    submitted: (item, result) => {
      const number = (result as { number?: string } | undefined)?.number ?? item.target;
      return number ? { number } : {};
    },
  });
  private readonly request = this.forms.form(
    requestSpec({
      customer: () => this.data.task.value!.ref,
      intake: () => this.intake!,
      empty: () => this.defaults(),
      localize: this.localize,
      sent: (request, values) => {
        // The same person may report something else: who they are stays, the rest starts afresh.
        this.lastContact = {
          contactName: values.contactName,
          contactPhone: values.contactPhone,
          contactEmail: values.contactEmail,
        };
        this.request.reset();
        this.submitted = request;
        this.fromCode = '';
        void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#confirmation')?.focus());
      },
    }),
  );

  /** "My requests" follows the server while the page is open. */
  private readonly live = new LiveRequestsController(this, {
    target: () => {
      const loaded = this.data.task.value;
      return loaded?.requests && !this.noList && this.access.state === 'ready'
        ? { client: this.access.client, ref: loaded.ref }
        : undefined;
    },
    intervalMs: () => Math.max(5, this.pollInterval) * 1000,
    fail: (error) => this.access.fail(error),
  });

  @state() private accessor submitted: ServiceRequestView | undefined = undefined;
  @state() private accessor fromCode = '';
  @state() private accessor assetQuery = '';
  @state() private accessor uploading = 0;
  /** The request whose comment or cancel form is open (kept across a reload). */
  @state() private accessor openAction: { id: string; kind: ActionKind } | undefined = undefined;
  /** The request whose comment or cancellation was the last action, for its message. */
  @state() private accessor lastAction: { id: string; kind: ActionKind } | undefined = undefined;

  private initializedFor = '';
  /** The intake form's configuration as last loaded (the task's value is set only after `loaded` ran). */
  private intake?: IntakeConfig;
  private openStore?: DraftStore<{ id: string; kind: ActionKind }>;
  private lastContact?: Pick<ServiceRequestValues, 'contactName' | 'contactPhone' | 'contactEmail'>;

  /** Server base URL; defaults to the origin the script was loaded from. */
  @property() accessor api = '';
  /** Link (`amg_…`) or session (`amgs_…`) token; defaults to `#token=` of the page URL. */
  @property() accessor token = '';
  /** Customer reference; defaults to the subject of the token. */
  @property() accessor customer = '';
  /** Preselected category key (e.g. `fault`); with `hide-fields="category"` the person cannot change it. */
  @property() accessor category = '';
  /** Preselected equipment: its ref or the code on its QR label. Defaults to `?asset=` or `#asset=` of the page URL. */
  @property() accessor asset = '';
  /** Fields the host page hides (space or comma separated): `category`, `asset`, `site`, `location`, `urgency`, `preferredDates`, `contact`, `attachments`, …; preset values are still sent. */
  @property({ attribute: 'hide-fields' }) accessor hideFields = '';
  /** Hides the list of my requests even when the link may read it. */
  @property({ type: Boolean, attribute: 'no-list' }) accessor noList = false;
  /** Seconds between looks for changes to the list of my requests (at least 5). */
  @property({ type: Number, attribute: 'poll-interval' }) accessor pollInterval = 30;

  /** The form's current values (a copy). */
  get formValues(): ServiceRequestValues {
    return structuredClone(this.request.values);
  }

  // ── loading ────────────────────────────────────────────────────────────────

  private async load(api: KyInstance, signal: AbortSignal): Promise<Loaded> {
    const startedAt = this.forms.loadStarted();
    const ref = this.customer || this.access.subject?.ref || (await session.get(api, { signal })).subject.ref;
    const notGranted = (error: unknown) => {
      if (error instanceof ApiError && error.status === 403 && error.code === 'token.action_not_granted') return null;
      throw error;
    };
    const intake = await serviceRequests.intake(api, ref, { signal }).catch(notGranted);
    const canRead = intake ? intake.actions.includes('request:read') : true;
    const listed = canRead
      ? await serviceRequests.listIfChanged(api, ref, undefined, { signal }).catch(notGranted)
      : null;
    return { ref, intake, requests: listed?.list?.requests ?? null, etag: listed?.etag, startedAt };
  }

  /** Once per customer: the drafts come back, then a preset category and an asset from the page. */
  private init({ ref, intake, requests, etag, startedAt }: Loaded) {
    this.intake = intake ?? undefined;
    if (requests) this.live.loaded(ref, etag);
    this.emit(new AmageLoadEvent({ subjectType: 'customer', ref }));
    const first = this.initializedFor !== ref;
    this.initializedFor = ref;
    if (first) this.openStore = new DraftStore(`customer:${ref}:open-action`);
    this.forms.attach({ type: 'customer', ref });
    this.forms.reflected(startedAt);
    if (requests) this.restoreActions(ref, requests, first);
    if (!intake || !first) return;
    const preset = intake.categories.find((c) => c.key === this.category);
    if (preset && this.request.values.category !== preset.key) this.request.set({ category: preset.key });
    const code = this.asset || assetCodeFromUrl();
    const chosen = code ? intake.assets.find((a) => a.ref === code || a.qrCode === code) : undefined;
    if (chosen) {
      this.request.set({ assetRef: chosen.ref, ...(chosen.siteRef ? { siteRef: chosen.siteRef } : {}) });
      this.request.restored = false;
      this.fromCode = chosen.name;
    }
  }

  /** An empty form: the link's recipient (or who sent the last request) as contact, the link's site, the preset (or only) category. */
  private defaults(): ServiceRequestValues {
    const intake = this.intake;
    const values = emptyValues();
    if (!intake) return values;
    values.contactName = intake.contact.name ?? '';
    values.contactEmail = intake.contact.email ?? '';
    if (this.lastContact) Object.assign(values, this.lastContact);
    if (intake.siteRef) values.siteRef = intake.siteRef;
    const preset = intake.categories.find((c) => c.key === this.category);
    if (preset) values.category = preset.key;
    else if (intake.categories.length === 1) values.category = intake.categories[0]!.key;
    return values;
  }

  /** Drafts of requests now closed are dropped; the comment or cancel form that was open opens again. */
  private restoreActions(ref: string, requests: readonly ServiceRequestView[], first: boolean) {
    for (const r of requests.filter((x) => CLOSED.includes(x.status)))
      for (const kind of ['comment', 'cancel'] as const) new DraftStore(`customer:${ref}:${kind}:${r.id}`).clear();
    const saved = first ? this.openStore?.load() : this.openAction;
    const usable =
      saved &&
      requests.find(
        (r) => r.id === saved.id && !CLOSED.includes(r.status) && (saved.kind === 'comment' || r.cancellable),
      );
    this.setOpenAction(usable ? saved : undefined, false);
  }

  private setOpenAction(open: { id: string; kind: ActionKind } | undefined, focus = true) {
    this.openAction = open;
    if (open) this.openStore?.save(open);
    else this.openStore?.clear();
    if (open && focus)
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>(`[data-form="${open.kind}:${open.id}"] textarea`)?.focus(),
      );
  }

  private actionForm(ref: string, request: ServiceRequestView, kind: ActionKind) {
    return this.forms.form(
      actionSpec(
        () => ref,
        request,
        kind,
        this.localize,
        () => {
          this.lastAction = { id: request.id, kind };
          if (this.openAction?.id === request.id) this.setOpenAction(undefined, false);
          this.emit(
            new AmageRequestUpdatedEvent({
              id: request.id,
              number: request.number,
              change: kind === 'comment' ? 'commented' : 'cancelled',
            }),
          );
        },
      ),
    );
  }

  private another() {
    this.submitted = undefined;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[data-form="request"] select, [data-form="request"] input')?.focus(),
    );
  }

  // ── rendering ──────────────────────────────────────────────────────────────

  private renderConfirmation(request: ServiceRequestView) {
    const s = this.localize.table('serviceRequest');
    return html`<div part="confirmation" class="confirmation" id="confirmation" tabindex="-1" role="status">
      <p><strong>${s.submitted(request.number)}</strong></p>
      <p>${s.submittedHint}</p>
      <button part="button" class="button" type="button" @click=${() => this.another()}>${s.another}</button>
    </div>`;
  }

  private renderList(loaded: Loaded): TemplateResult | typeof nothing {
    if (!loaded.requests || this.noList) return nothing;
    return renderMyRequests({
      localize: this.localize,
      requests: this.live.requests ?? loaded.requests,
      open: this.openAction,
      openAction: (id, kind) => {
        this.lastAction = undefined;
        this.setOpenAction(kind ? { id, kind } : undefined);
      },
      form: (request, kind) => this.actionForm(loaded.ref, request, kind),
      last: (request) =>
        this.lastAction?.id === request.id ? this.actionForm(loaded.ref, request, this.lastAction.kind) : undefined,
      refresh: () => void this.data.reload(),
      client: this.access.client,
    });
  }

  render() {
    return this.data.render((loaded) =>
      !loaded.intake && !loaded.requests
        ? html`<div part="message" class="message message--error"><p role="alert">${this.localize.term('notGranted')}</p></div>`
        : html`<div part="base" class="base">
        ${
          loaded.intake
            ? this.submitted
              ? this.renderConfirmation(this.submitted)
              : renderRequestForm({
                  localize: this.localize,
                  form: this.request,
                  intake: loaded.intake,
                  hidden: new Set(this.hideFields.split(/[\s,]+/).filter(Boolean)),
                  fromCode: this.fromCode,
                  assetQuery: this.assetQuery,
                  search: (query) => (this.assetQuery = query),
                  chooseAsset: (ref) => {
                    this.fromCode = '';
                    this.request.set({ assetRef: ref }, 'asset');
                  },
                  uploading: this.uploading,
                  uploads: (pending) => (this.uploading = pending),
                  client: this.access.client,
                })
            : nothing
        }
        ${this.renderList(loaded)}
      </div>`,
    );
  }
}
