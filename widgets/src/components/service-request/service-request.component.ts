import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ApiError, isNetworkError, serviceRequests, session, type KyInstance } from '@amage/api-client';
import type {
  AttachmentSummary,
  CreateServiceRequestBody,
  FieldError,
  IntakeConfig,
  JobStatus,
  RequestField,
  ServiceRequestView,
} from '@amage/contracts';
import { validateCreateServiceRequestBody } from '@amage/contracts/validators/CreateServiceRequestBody';
import { AmageElement } from '../../internal/amage-element.js';
import { LocalizeController } from '../../internal/localize.js';
import { PortalAccessController } from '../../internal/portal-access.js';
import { PortalDataController } from '../../internal/portal-data.js';
import { AmageLoadEvent } from '../../events/load.js';
import { AmageSubmitEvent } from '../../events/submit.js';
import { AmageSubmittedEvent } from '../../events/submitted.js';
import { AmageRequestUpdatedEvent } from '../../events/request-updated.js';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import { assetCodeFromUrl } from '../../internal/page-url.js';
import { DraftStore, fieldMessage, newSubmitKey, schemaErrors } from '../../internal/form-state.js';
import styles from './service-request.styles.js';

/** The form's own field names (ids are `f-<name>`). */
type FieldName =
  | 'category'
  | 'asset'
  | 'site'
  | 'location'
  | 'title'
  | 'description'
  | 'urgency'
  | 'dateFrom'
  | 'dateTo'
  | 'timeFrom'
  | 'timeTo'
  | 'contactName'
  | 'contactPhone'
  | 'contactEmail'
  | 'attachments';

export interface ServiceRequestValues {
  category: string;
  assetRef: string;
  siteRef: string;
  location: string;
  title: string;
  description: string;
  urgency: string;
  dateFrom: string;
  dateTo: string;
  timeFrom: string;
  timeTo: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  attachments: AttachmentSummary[];
}

interface Draft {
  values: ServiceRequestValues;
  /** The Idempotency-Key of a submit that may have reached the server: a retry sends it again. */
  key?: string;
}

type ActionKind = 'comment' | 'cancel';

/** The comment and cancel forms of my requests: what was typed per request and form, and which form is open. */
interface ActionDrafts {
  open?: { id: string; kind: ActionKind };
  forms: Record<string, { text: string; files?: AttachmentSummary[]; key: string }>;
}

interface Loaded {
  ref: string;
  intake: IntakeConfig | null;
  requests: ServiceRequestView[] | null;
}

/** The fields a category may show, in form order, with the form fields each stands for. */
const CATEGORY_FIELDS: Record<RequestField, FieldName[]> = {
  asset: ['asset'],
  site: ['site'],
  location: ['location'],
  description: ['description'],
  urgency: ['urgency'],
  preferredDates: ['dateFrom', 'dateTo', 'timeFrom', 'timeTo'],
  contactPhone: ['contactPhone'],
  contactEmail: ['contactEmail'],
  attachments: ['attachments'],
};

/** Which form field a body pointer (from ajv or the server) belongs to. */
function fieldOf(pointer: string): FieldName {
  const map: Array<[RegExp, FieldName]> = [
    [/^\/category/, 'category'],
    [/^\/assetRef/, 'asset'],
    [/^\/siteRef/, 'site'],
    [/^\/location/, 'location'],
    [/^\/title/, 'title'],
    [/^\/description/, 'description'],
    [/^\/urgency/, 'urgency'],
    [/^\/preferredDates\/to/, 'dateTo'],
    [/^\/preferredDates\/timeFrom/, 'timeFrom'],
    [/^\/preferredDates\/timeTo/, 'timeTo'],
    [/^\/preferredDates/, 'dateFrom'],
    [/^\/contact\/phone/, 'contactPhone'],
    [/^\/contact\/email/, 'contactEmail'],
    [/^\/contact/, 'contactName'],
    [/^\/attachments/, 'attachments'],
  ];
  return map.find(([re]) => re.test(pointer))?.[1] ?? 'title';
}

/** This form's own server codes → keys of `serviceRequest.fieldErrors`; the rest are translated by `fieldMessage`. */
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
  'attachment.not_found': 'file',
  reversed: 'reversed',
};

const emptyValues = (): ServiceRequestValues => ({
  category: '',
  assetRef: '',
  siteRef: '',
  location: '',
  title: '',
  description: '',
  urgency: '',
  dateFrom: '',
  dateTo: '',
  timeFrom: '',
  timeTo: '',
  contactName: '',
  contactPhone: '',
  contactEmail: '',
  attachments: [],
});

const CLOSED = ['completed', 'rejected', 'cancelled'];

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
 * @fires amage-submitted - The server accepted it. Detail `{ subjectType: 'customer', ref, kind, id, number }`: `id` of the new request, of the new comment, or of the cancelled request; `number` the request's. Bubbles, composed.
 * @fires amage-request-updated - The specific event, fired after `amage-submitted`: a comment was added to a request or it was cancelled. Detail `{ id, number, change }` (`id` the request's). Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 * @fires amage-link-renewal-requested - A fresh link was requested. Detail `{ recipient }`. Bubbles, composed.
 *
 * @csspart base - The wrapper around form and list.
 * @csspart form - The request form.
 * @csspart field - Each field wrapper.
 * @csspart label - Each field label.
 * @csspart input - Each input, select and textarea.
 * @csspart field-error - An error shown under its field.
 * @csspart error-summary - The list of errors shown (and focused) after a refused submit.
 * @csspart submit-button - The send button.
 * @csspart confirmation - The "registered as …" message.
 * @csspart requests - The list of my requests.
 * @csspart request - One request in the list.
 * @csspart status - A request's status badge.
 * @csspart job - The assigned job's number and status (as the main system shared the job).
 * @csspart message - Loading, error and access messages.
 * @csspart button - Every button.
 *
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: buttons, focus.
 * @cssprop [--amage-color-danger=#b42318] - Errors.
 * @cssprop [--amage-radius=6px] - Corner radius.
 */
export default class AmageServiceRequest extends AmageElement {
  static styles = [tokenStyles, hostStyles, messageStyles, styles];

  private readonly localize = new LocalizeController(this);
  private readonly access = new PortalAccessController(this);
  private readonly data = new PortalDataController<Loaded>(this, {
    access: this.access,
    localize: this.localize,
    args: () => [this.customer],
    load: (api, signal) => this.load(api, signal),
    loaded: (loaded) => this.init(loaded),
  });

  @state() private accessor values: ServiceRequestValues = emptyValues();
  @state() private accessor errors: FieldError[] = [];
  @state() private accessor sending = false;
  @state() private accessor failure: 'network' | 'other' | undefined = undefined;
  @state() private accessor submitted: ServiceRequestView | undefined = undefined;
  @state() private accessor restored = false;
  @state() private accessor fromCode = '';
  @state() private accessor assetQuery = '';
  @state() private accessor uploading = 0;
  /** The request whose comment or cancel form is open. */
  @state() private accessor openAction: { id: string; kind: 'comment' | 'cancel' } | undefined = undefined;
  @state() private accessor actionText = '';
  @state() private accessor actionFiles: AttachmentSummary[] = [];
  @state() private accessor actionBusy = false;
  @state() private accessor actionNote: { id: string; text: string; error?: boolean } | undefined = undefined;

  private draftStore?: DraftStore<Draft>;
  private submitKey?: string;
  private actionKey?: string;
  private initializedFor = '';
  private actionStore?: DraftStore<ActionDrafts>;
  private actionDrafts: ActionDrafts = { forms: {} };
  private actionsFor = '';

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

  /** The form's current values (a copy). */
  get formValues(): ServiceRequestValues {
    return structuredClone(this.values);
  }

  // ── loading ────────────────────────────────────────────────────────────────

  private async load(api: KyInstance, signal: AbortSignal): Promise<Loaded> {
    const ref = this.customer || this.access.subject?.ref || (await session.get(api, { signal })).subject.ref;
    const notGranted = (error: unknown) => {
      if (error instanceof ApiError && error.status === 403 && error.code === 'token.action_not_granted') return null;
      throw error;
    };
    const intake = await serviceRequests.intake(api, ref, { signal }).catch(notGranted);
    const canRead = intake ? intake.actions.includes('request:read') : true;
    const requests = canRead
      ? ((await serviceRequests.list(api, ref, { signal }).catch(notGranted))?.requests ?? null)
      : null;
    return { ref, intake, requests };
  }

  /** Fills the form once per customer: defaults, then the saved draft, then an asset from the page. */
  private init({ ref, intake, requests }: Loaded) {
    this.emit(new AmageLoadEvent({ subjectType: 'customer', ref }));
    if (requests) this.restoreActions(ref, requests);
    if (!intake || this.initializedFor === ref) return;
    this.initializedFor = ref;
    this.draftStore = new DraftStore<Draft>(`service-request:${ref}`);
    const values = this.defaults(intake);
    const preset = intake.categories.find((c) => c.key === this.category);

    const draft = this.draftStore.load();
    if (draft?.values && JSON.stringify(draft.values) !== JSON.stringify(values)) {
      Object.assign(values, draft.values);
      if (preset) values.category = preset.key;
      this.submitKey = draft.key;
      this.restored = true;
    }
    const code = this.asset || assetCodeFromUrl();
    const chosen = code ? intake.assets.find((a) => a.ref === code || a.qrCode === code) : undefined;
    if (chosen) {
      values.assetRef = chosen.ref;
      if (chosen.siteRef) values.siteRef = chosen.siteRef;
      this.fromCode = chosen.name;
    }
    this.values = values;
  }

  /** An empty form: the link's recipient as contact, the link's site, the preset (or only) category. */
  private defaults(intake: IntakeConfig): ServiceRequestValues {
    const values = emptyValues();
    values.contactName = intake.contact.name ?? '';
    values.contactEmail = intake.contact.email ?? '';
    if (intake.siteRef) values.siteRef = intake.siteRef;
    const preset = intake.categories.find((c) => c.key === this.category);
    if (preset) values.category = preset.key;
    else if (intake.categories.length === 1) values.category = intake.categories[0]!.key;
    return values;
  }

  // ── form state ─────────────────────────────────────────────────────────────

  private categoryOf(intake: IntakeConfig) {
    return intake.categories.find((c) => c.key === this.values.category);
  }

  private hiddenFields(): Set<string> {
    return new Set(this.hideFields.split(/[\s,]+/).filter(Boolean));
  }

  /** Whether the form shows a field (the category uses it, the host did not hide it). */
  private shows(intake: IntakeConfig, field: FieldName): boolean {
    const hidden = this.hiddenFields();
    if (field === 'category') return !(hidden.has('category') && this.values.category);
    if (field === 'title' || field === 'contactName') return !hidden.has(field);
    const category = this.categoryOf(intake);
    if (!category) return false;
    const rule = (Object.keys(CATEGORY_FIELDS) as RequestField[]).find((r) => CATEGORY_FIELDS[r].includes(field))!;
    if (!category.fields.includes(rule)) return false;
    if (hidden.has(rule) || hidden.has(field)) return false;
    if ((field === 'contactPhone' || field === 'contactEmail') && hidden.has('contact')) return false;
    return true;
  }

  private isRequired(intake: IntakeConfig, field: FieldName): boolean {
    if (field === 'title' || field === 'contactName' || field === 'category') return true;
    const category = this.categoryOf(intake);
    const rule = (Object.keys(CATEGORY_FIELDS) as RequestField[]).find((r) => CATEGORY_FIELDS[r].includes(field));
    if (!category || !rule || !category.required.includes(rule)) return false;
    // A date range is required as a whole: the earliest date stands for it.
    return rule !== 'preferredDates' || field === 'dateFrom';
  }

  private set<K extends keyof ServiceRequestValues>(key: K, value: ServiceRequestValues[K]) {
    this.values = { ...this.values, [key]: value };
    if (key === 'assetRef') this.fromCode = '';
    this.saveDraft();
  }

  private saveDraft() {
    this.draftStore?.save({ values: this.values, ...(this.submitKey ? { key: this.submitKey } : {}) });
  }

  /** The request body: only the fields the category uses, trimmed, empty ones left out. */
  private body(intake: IntakeConfig): CreateServiceRequestBody {
    const v = this.values;
    const category = this.categoryOf(intake);
    const uses = (rule: RequestField) => Boolean(category?.fields.includes(rule));
    const text = (s: string) => s.trim() || undefined;
    const preferredDates = uses('preferredDates')
      ? Object.fromEntries(
          Object.entries({ from: v.dateFrom, to: v.dateTo, timeFrom: v.timeFrom, timeTo: v.timeTo }).filter(
            ([, x]) => x,
          ),
        )
      : {};
    const body: Record<string, unknown> = {
      category: v.category,
      assetRef: uses('asset') ? text(v.assetRef) : undefined,
      siteRef: uses('site') ? text(v.siteRef) : undefined,
      location: uses('location') ? text(v.location) : undefined,
      title: v.title.trim(),
      description: uses('description') ? text(v.description) : undefined,
      urgency: uses('urgency') ? text(v.urgency) : undefined,
      preferredDates: Object.keys(preferredDates).length ? preferredDates : undefined,
      contact: Object.fromEntries(
        Object.entries({
          name: v.contactName.trim(),
          phone: uses('contactPhone') ? text(v.contactPhone) : undefined,
          email: uses('contactEmail') ? text(v.contactEmail) : undefined,
        }).filter(([, x]) => x !== undefined),
      ),
      attachments: uses('attachments') && v.attachments.length ? v.attachments.map((a) => a.id) : undefined,
    };
    return Object.fromEntries(Object.entries(body).filter(([, x]) => x !== undefined)) as CreateServiceRequestBody;
  }

  /** The same checks the server makes that the browser can make: the schema and the category's required fields. */
  private check(intake: IntakeConfig, body: CreateServiceRequestBody): FieldError[] {
    const errors: FieldError[] = [];
    if (!body.category) errors.push({ pointer: '/category', message: 'required', keyword: 'required' });
    const category = this.categoryOf(intake);
    for (const rule of category?.required ?? []) {
      const field = CATEGORY_FIELDS[rule][0]!;
      if (this.valueFor(body, rule) === undefined)
        errors.push({ pointer: `#${field}`, message: 'required', keyword: 'required' });
    }
    if (!validateCreateServiceRequestBody(body)) errors.push(...schemaErrors(validateCreateServiceRequestBody.errors));
    const { from, to } = body.preferredDates ?? {};
    if (from && to && from > to)
      errors.push({ pointer: '/preferredDates/to', message: 'reversed', keyword: 'reversed' });
    return errors;
  }

  private valueFor(body: CreateServiceRequestBody, rule: RequestField): unknown {
    switch (rule) {
      case 'asset':
        return body.assetRef;
      case 'site':
        return body.siteRef;
      case 'contactPhone':
        return body.contact.phone;
      case 'contactEmail':
        return body.contact.email;
      default:
        return (body as Record<string, unknown>)[rule];
    }
  }

  /** One message per field, first error wins. */
  private fieldErrors(code?: string): Map<FieldName, string> {
    const table = this.localize.table('serviceRequest').fieldErrors as Record<string, string>;
    const known = Object.fromEntries(Object.entries(CODE_KEYS).map(([code, key]) => [code, table[key]!]));
    const byField = new Map<FieldName, string>();
    for (const e of this.errors) {
      const field = e.pointer.startsWith('#') ? (e.pointer.slice(1) as FieldName) : fieldOf(e.pointer);
      if (byField.has(field)) continue;
      byField.set(field, fieldMessage(this.localize, { keyword: e.keyword ?? code ?? this.errorCode }, known));
    }
    return byField;
  }

  private errorCode?: string;

  // ── actions ────────────────────────────────────────────────────────────────

  private async handleSubmit(event: SubmitEvent, loaded: Loaded) {
    event.preventDefault();
    const intake = loaded.intake!;
    if (this.sending || this.uploading > 0) return;
    const body = this.body(intake);
    this.errorCode = undefined;
    this.errors = this.check(intake, body);
    this.failure = undefined;
    if (this.errors.length) return this.focusSummary();
    if (this.emit(new AmageSubmitEvent({ kind: 'service-request', ref: loaded.ref })).defaultPrevented) return;
    this.submitKey ??= newSubmitKey();
    this.saveDraft();
    this.sending = true;
    try {
      const request = await serviceRequests.create(this.access.client, loaded.ref, body, {
        idempotencyKey: this.submitKey,
      });
      this.draftStore?.clear();
      this.submitKey = undefined;
      this.restored = false;
      this.submitted = request;
      const keep = this.values;
      // The same person may report something else: keep who they are, start the rest afresh.
      this.values = {
        ...this.defaults(intake),
        contactName: keep.contactName,
        contactPhone: keep.contactPhone,
        contactEmail: keep.contactEmail,
      };
      this.fromCode = '';
      this.emit(
        new AmageSubmittedEvent({
          subjectType: 'customer',
          ref: loaded.ref,
          kind: 'service-request',
          id: request.id,
          number: request.number,
        }),
      );
      void this.data.reload();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#confirmation')?.focus();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return this.access.fail(error);
      if (error instanceof ApiError && error.errors?.length) {
        this.errorCode = error.code;
        this.errors = error.errors;
        return this.focusSummary();
      }
      this.failure = isNetworkError(error) ? 'network' : 'other';
      // Refused without field errors (not a lost answer): a corrected retry may use a new key.
      if (error instanceof ApiError && error.status < 500) this.submitKey = undefined;
      this.saveDraft();
    } finally {
      this.sending = false;
    }
  }

  private async focusSummary() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#error-summary')?.focus();
  }

  private startOver(intake: IntakeConfig, ref: string) {
    this.draftStore?.clear();
    this.submitKey = undefined;
    this.restored = false;
    this.errors = [];
    this.initializedFor = '';
    this.init({ ref, intake, requests: null });
  }

  private another() {
    this.submitted = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#f-title, #f-category')?.focus());
  }

  /**
   * Once per customer: drops drafts of requests that are gone or closed, and reopens the comment or
   * cancel form that was open, with what was typed.
   */
  private restoreActions(ref: string, requests: readonly ServiceRequestView[]) {
    if (this.actionsFor === ref) return;
    this.actionsFor = ref;
    this.actionStore = new DraftStore<ActionDrafts>(`service-request:${ref}:actions`);
    const saved = this.actionStore.load();
    const usable = (id: string, kind: string) => {
      const request = requests.find((r) => r.id === id);
      return Boolean(request && !CLOSED.includes(request.status) && (kind === 'comment' || request.cancellable));
    };
    const forms = Object.fromEntries(
      Object.entries(saved?.forms ?? {}).filter(([k]) => {
        const [kind, id] = k.split(':') as [string, string];
        return usable(id, kind);
      }),
    );
    this.actionDrafts = { forms };
    if (saved?.open && usable(saved.open.id, saved.open.kind) && !this.openAction)
      this.openRequestAction(saved.open.id, saved.open.kind, false);
    else this.saveActions();
  }

  private saveActions() {
    if (this.openAction && this.actionKey) {
      const { id, kind } = this.openAction;
      const forms = { ...this.actionDrafts.forms };
      if (this.actionText || this.actionFiles.length)
        forms[`${kind}:${id}`] = {
          text: this.actionText,
          ...(this.actionFiles.length ? { files: this.actionFiles } : {}),
          key: this.actionKey,
        };
      else delete forms[`${kind}:${id}`];
      this.actionDrafts = { open: { id, kind }, forms };
    } else {
      this.actionDrafts = { forms: this.actionDrafts.forms };
    }
    if (this.actionDrafts.open || Object.keys(this.actionDrafts.forms).length)
      this.actionStore?.save(this.actionDrafts);
    else this.actionStore?.clear();
  }

  /** Forgets the draft of a comment or cancellation that was sent (or can no longer be). */
  private dropAction(id: string, kind: ActionKind) {
    const { [`${kind}:${id}`]: _done, ...forms } = this.actionDrafts.forms;
    this.actionDrafts = { forms };
    this.saveActions();
  }

  private openRequestAction(id: string, kind: ActionKind, focus = true) {
    const draft = this.actionDrafts.forms[`${kind}:${id}`];
    this.openAction = { id, kind };
    this.actionText = draft?.text ?? '';
    this.actionFiles = draft?.files ?? [];
    this.actionKey = draft?.key ?? newSubmitKey();
    this.actionNote = undefined;
    this.saveActions();
    if (focus)
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#action-${id}`)?.focus());
  }

  private closeRequestAction() {
    this.openAction = undefined;
    this.saveActions();
  }

  private async handleAction(event: SubmitEvent, ref: string, request: ServiceRequestView) {
    event.preventDefault();
    const kind = this.openAction?.kind;
    if (!kind || this.actionBusy) return;
    const s = this.localize.table('serviceRequest');
    if (kind === 'comment' && !this.actionText.trim() && this.actionFiles.length === 0) {
      this.actionNote = { id: request.id, text: s.fieldErrors.required, error: true };
      return;
    }
    const submitKind = kind === 'comment' ? 'comment' : 'cancellation';
    if (this.emit(new AmageSubmitEvent({ kind: submitKind, ref })).defaultPrevented) return;
    this.actionBusy = true;
    try {
      const options = { idempotencyKey: this.actionKey };
      let id: string;
      if (kind === 'comment') {
        ({ id } = await serviceRequests.comment(
          this.access.client,
          ref,
          request.id,
          {
            ...(this.actionText.trim() ? { text: this.actionText.trim() } : {}),
            ...(this.actionFiles.length ? { attachments: this.actionFiles.map((f) => f.id) } : {}),
          },
          options,
        ));
      } else {
        ({ id } = await serviceRequests.cancel(
          this.access.client,
          ref,
          request.id,
          this.actionText.trim() ? { reason: this.actionText.trim() } : {},
          options,
        ));
      }
      this.openAction = undefined;
      this.dropAction(request.id, kind);
      this.actionNote = { id: request.id, text: kind === 'comment' ? s.commentSent : s.cancelled };
      this.emit(
        new AmageSubmittedEvent({ subjectType: 'customer', ref, kind: submitKind, id, number: request.number }),
      );
      this.emit(
        new AmageRequestUpdatedEvent({
          id: request.id,
          number: request.number,
          change: kind === 'comment' ? 'commented' : 'cancelled',
        }),
      );
      void this.data.reload();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return this.access.fail(error);
      const planned = error instanceof ApiError && error.code === 'request.already_planned';
      this.actionNote = { id: request.id, text: planned ? s.alreadyPlanned : s.actionFailed, error: true };
      if (planned) {
        this.openAction = undefined;
        this.dropAction(request.id, kind);
        void this.data.reload();
      }
    } finally {
      this.actionBusy = false;
    }
  }

  // ── rendering ──────────────────────────────────────────────────────────────

  private label(intake: IntakeConfig, field: FieldName, text: string) {
    const required = this.isRequired(intake, field);
    return html`<label part="label" class="label" for="f-${field}"
      >${text}${required ? html` <span class="required">(${this.localize.table('serviceRequest').required})</span>` : nothing}</label
    >`;
  }

  private fieldError(errors: Map<FieldName, string>, field: FieldName) {
    const message = errors.get(field);
    return message ? html`<p part="field-error" class="field-error" id="e-${field}">${message}</p>` : nothing;
  }

  private described(errors: Map<FieldName, string>, field: FieldName, hint?: string) {
    const ids = [hint, errors.has(field) ? `e-${field}` : undefined].filter(Boolean).join(' ');
    return ids || nothing;
  }

  private textField(
    intake: IntakeConfig,
    errors: Map<FieldName, string>,
    field: FieldName,
    key: keyof ServiceRequestValues,
    text: string,
    type = 'text',
    extra: { autocomplete?: string; max?: number } = {},
  ) {
    return html`<div part="field" class="field">
      ${this.label(intake, field, text)}
      <input
        part="input"
        class="input"
        id="f-${field}"
        type=${type}
        .value=${live(this.values[key] as string)}
        maxlength=${extra.max ?? nothing}
        autocomplete=${extra.autocomplete ?? nothing}
        aria-invalid=${errors.has(field) ? 'true' : 'false'}
        aria-describedby=${this.described(errors, field)}
        ?required=${this.isRequired(intake, field)}
        @input=${(e: Event) => this.set(key, (e.target as HTMLInputElement).value as never)}
      />
      ${this.fieldError(errors, field)}
    </div>`;
  }

  private renderAssetPicker(intake: IntakeConfig, errors: Map<FieldName, string>) {
    const s = this.localize.table('serviceRequest');
    const query = this.assetQuery.trim().toLowerCase();
    const site = this.values.siteRef;
    const siteName = (ref?: string) => intake.sites.find((x) => x.ref === ref)?.name;
    const matches = intake.assets.filter(
      (a) =>
        a.ref === this.values.assetRef ||
        ((!site || !this.shows(intake, 'site') || a.siteRef === site) &&
          (!query ||
            [a.name, a.serialNumber, a.location, a.type, a.qrCode, a.ref, siteName(a.siteRef)].some((x) =>
              x?.toLowerCase().includes(query),
            ))),
    );
    const describe = (a: (typeof intake.assets)[number]) =>
      [a.name, a.serialNumber, a.location ?? siteName(a.siteRef)].filter(Boolean).join(' · ');
    return html`<div part="field" class="field">
      <label part="label" class="label" for="f-asset-search">${s.assetSearch}</label>
      <input
        part="input"
        class="input"
        id="f-asset-search"
        type="search"
        autocomplete="off"
        aria-describedby="h-asset-search"
        aria-controls="f-asset"
        .value=${live(this.assetQuery)}
        @input=${(e: Event) => (this.assetQuery = (e.target as HTMLInputElement).value)}
      />
      <p class="hint" id="h-asset-search">${s.assetSearchHint}</p>
      ${this.label(intake, 'asset', s.asset)}
      <select
        part="input"
        class="input"
        id="f-asset"
        aria-invalid=${errors.has('asset') ? 'true' : 'false'}
        aria-describedby=${this.described(errors, 'asset', this.fromCode ? 'h-asset-code' : undefined)}
        ?required=${this.isRequired(intake, 'asset')}
        @change=${(e: Event) => this.set('assetRef', (e.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${!this.values.assetRef}>${s.noAsset}</option>
        ${matches.map((a) => html`<option value=${a.ref} ?selected=${a.ref === this.values.assetRef}>${describe(a)}</option>`)}
      </select>
      ${query && matches.length === 0 ? html`<p class="hint" role="status">${s.noAssetMatch}</p>` : nothing}
      ${this.fromCode ? html`<p class="hint" id="h-asset-code">${s.assetChosenFromCode(this.fromCode)}</p>` : nothing}
      ${this.fieldError(errors, 'asset')}
    </div>`;
  }

  private renderSite(intake: IntakeConfig, errors: Map<FieldName, string>) {
    const s = this.localize.table('serviceRequest');
    if (intake.siteRef) {
      const site = intake.sites.find((x) => x.ref === intake.siteRef);
      return html`<p class="field"><span class="label">${s.site}</span> ${site?.name ?? intake.siteRef}</p>`;
    }
    return html`<div part="field" class="field">
      ${this.label(intake, 'site', s.site)}
      <select
        part="input"
        class="input"
        id="f-site"
        aria-invalid=${errors.has('site') ? 'true' : 'false'}
        aria-describedby=${this.described(errors, 'site')}
        ?required=${this.isRequired(intake, 'site')}
        @change=${(e: Event) => this.set('siteRef', (e.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${!this.values.siteRef}>${s.chooseSite}</option>
        ${intake.sites.map((x) => html`<option value=${x.ref} ?selected=${x.ref === this.values.siteRef}>${x.name}</option>`)}
      </select>
      ${this.fieldError(errors, 'site')}
    </div>`;
  }

  private renderForm(loaded: Loaded, intake: IntakeConfig): TemplateResult {
    const s = this.localize.table('serviceRequest');
    const errors = this.fieldErrors();
    const show = (field: FieldName) => this.shows(intake, field);
    const summary = [...errors.entries()];
    const labels: Record<FieldName, string> = {
      category: s.category,
      asset: s.asset,
      site: s.site,
      location: s.location,
      title: s.title,
      description: s.description,
      urgency: s.urgency,
      dateFrom: s.dateFrom,
      dateTo: s.dateTo,
      timeFrom: s.timeFrom,
      timeTo: s.timeTo,
      contactName: s.contactName,
      contactPhone: s.contactPhone,
      contactEmail: s.contactEmail,
      attachments: s.attachments,
    };
    return html`<form part="form" class="form" novalidate aria-labelledby="form-title" @submit=${(e: SubmitEvent) => this.handleSubmit(e, loaded)}>
      <h2 id="form-title">${s.formTitle}</h2>
      ${
        this.restored
          ? html`<p class="note" role="status">
            ${s.draftRestored}
            <button type="button" part="button" class="button button--small" @click=${() => this.startOver(intake, loaded.ref)}>${s.discardDraft}</button>
          </p>`
          : nothing
      }
      ${
        summary.length
          ? html`<div part="error-summary" class="error-summary" id="error-summary" tabindex="-1" role="alert">
            <p>${s.errorSummary(summary.length)}</p>
            <ul>
              ${summary.map(([field, message]) => html`<li><a href="#f-${field}" @click=${(e: Event) => this.focusField(e, field)}>${labels[field]}: ${message}</a></li>`)}
            </ul>
          </div>`
          : nothing
      }
      ${
        show('category')
          ? html`<div part="field" class="field">
            ${this.label(intake, 'category', s.category)}
            <select
              part="input"
              class="input"
              id="f-category"
              required
              aria-invalid=${errors.has('category') ? 'true' : 'false'}
              aria-describedby=${this.described(errors, 'category')}
              @change=${(e: Event) => this.set('category', (e.target as HTMLSelectElement).value)}
            >
              <option value="" ?selected=${!this.values.category}>${s.chooseCategory}</option>
              ${intake.categories.map((c) => html`<option value=${c.key} ?selected=${c.key === this.values.category}>${c.name}</option>`)}
            </select>
            ${this.fieldError(errors, 'category')}
          </div>`
          : nothing
      }
      ${show('site') ? this.renderSite(intake, errors) : nothing} ${show('asset') ? this.renderAssetPicker(intake, errors) : nothing}
      ${show('location') ? this.textField(intake, errors, 'location', 'location', s.location, 'text', { max: 200 }) : nothing}
      ${this.textField(intake, errors, 'title', 'title', s.title, 'text', { max: 200 })}
      ${
        show('description')
          ? html`<div part="field" class="field">
            ${this.label(intake, 'description', s.description)}
            <textarea
              part="input"
              class="input"
              id="f-description"
              rows="4"
              maxlength="4000"
              .value=${live(this.values.description)}
              aria-invalid=${errors.has('description') ? 'true' : 'false'}
              aria-describedby=${this.described(errors, 'description')}
              ?required=${this.isRequired(intake, 'description')}
              @input=${(e: Event) => this.set('description', (e.target as HTMLTextAreaElement).value)}
            ></textarea>
            ${this.fieldError(errors, 'description')}
          </div>`
          : nothing
      }
      ${
        show('urgency')
          ? html`<div part="field" class="field">
            ${this.label(intake, 'urgency', s.urgency)}
            <select
              part="input"
              class="input"
              id="f-urgency"
              aria-invalid=${errors.has('urgency') ? 'true' : 'false'}
              aria-describedby=${this.described(errors, 'urgency')}
              ?required=${this.isRequired(intake, 'urgency')}
              @change=${(e: Event) => this.set('urgency', (e.target as HTMLSelectElement).value)}
            >
              <option value="" ?selected=${!this.values.urgency}>${s.chooseUrgency}</option>
              ${intake.urgencies.map((u) => html`<option value=${u} ?selected=${u === this.values.urgency}>${s.urgencies[u] ?? u}</option>`)}
            </select>
            ${this.fieldError(errors, 'urgency')}
          </div>`
          : nothing
      }
      ${
        show('dateFrom')
          ? html`<fieldset class="group">
            <legend>${s.preferredDates}</legend>
            <div class="row">
              ${this.textField(intake, errors, 'dateFrom', 'dateFrom', s.dateFrom, 'date')} ${this.textField(intake, errors, 'dateTo', 'dateTo', s.dateTo, 'date')}
            </div>
            <div class="row">
              ${this.textField(intake, errors, 'timeFrom', 'timeFrom', s.timeFrom, 'time')} ${this.textField(intake, errors, 'timeTo', 'timeTo', s.timeTo, 'time')}
            </div>
          </fieldset>`
          : nothing
      }
      ${
        show('contactName') || show('contactPhone') || show('contactEmail')
          ? html`<fieldset class="group">
            <legend>${s.contact}</legend>
            ${show('contactName') ? this.textField(intake, errors, 'contactName', 'contactName', s.contactName, 'text', { autocomplete: 'name', max: 200 }) : nothing}
            ${show('contactPhone') ? this.textField(intake, errors, 'contactPhone', 'contactPhone', s.contactPhone, 'tel', { autocomplete: 'tel', max: 40 }) : nothing}
            ${show('contactEmail') ? this.textField(intake, errors, 'contactEmail', 'contactEmail', s.contactEmail, 'email', { autocomplete: 'email', max: 254 }) : nothing}
          </fieldset>`
          : nothing
      }
      ${
        show('attachments')
          ? html`<div part="field" class="field">
            <amage-file-picker
              id="f-attachments"
              label=${s.attachments + (this.isRequired(intake, 'attachments') ? ` (${s.required})` : '')}
              accept="image/*,video/mp4,video/quicktime,application/pdf"
              capture="environment"
              multiple
              .client=${this.access.client}
              .attachments=${this.values.attachments as never}
              aria-describedby=${this.described(errors, 'attachments', 'h-attachments')}
              @amage-files-change=${(
                e: CustomEvent<{ attachments: readonly AttachmentSummary[]; pending: number }>,
              ) => {
                e.stopPropagation();
                this.uploading = e.detail.pending;
                this.set(
                  'attachments',
                  e.detail.attachments.map(({ id, filename, contentType, size }) => ({
                    id,
                    filename,
                    contentType,
                    size,
                  })),
                );
              }}
            ></amage-file-picker>
            <p class="hint" id="h-attachments">${s.attachmentsHint}</p>
            ${this.fieldError(errors, 'attachments')}
          </div>`
          : nothing
      }
      ${
        this.failure
          ? html`<p class="failure" role="alert">${this.failure === 'network' ? s.notSent : s.sendFailed}</p>`
          : nothing
      }
      <button part="button submit-button" class="button button--primary" type="submit" ?disabled=${this.sending || this.uploading > 0} aria-busy=${this.sending}>
        ${this.sending ? s.sending : this.failure ? s.retrySubmit : s.submit}
      </button>
    </form>`;
  }

  private focusField(event: Event, field: FieldName) {
    event.preventDefault();
    const target = this.renderRoot.querySelector<HTMLElement>(`#f-${field}`);
    target?.focus();
  }

  private renderConfirmation(request: ServiceRequestView) {
    const s = this.localize.table('serviceRequest');
    return html`<div part="confirmation" class="confirmation" id="confirmation" tabindex="-1" role="status">
      <p><strong>${s.submitted(request.number)}</strong></p>
      <p>${s.submittedHint}</p>
      <button part="button" class="button" type="button" @click=${() => this.another()}>${s.another}</button>
    </div>`;
  }

  private renderRequest(ref: string, request: ServiceRequestView) {
    const s = this.localize.table('serviceRequest');
    const t = this.localize;
    const open = this.openAction?.id === request.id ? this.openAction.kind : undefined;
    const note = this.actionNote?.id === request.id ? this.actionNote : undefined;
    const closed = CLOSED.includes(request.status);
    return html`<li part="request" class="request">
      <h4 class="request__head">
        <span class="request__number">${request.number}</span>
        <span>${request.title}</span>
      </h4>
      <p>
        <span class="visually-hidden">${s.status}: </span><span part="status" class="status status--${request.status}">${s.statuses[request.status] ?? request.status}</span>
        <span class="muted">${s.sentOn(t.date(request.createdAt, { dateStyle: 'medium' }))}</span>
      </p>
      ${request.asset || request.site ? html`<p class="muted">${[request.asset?.name, request.site?.name, request.location].filter(Boolean).join(' · ')}</p>` : nothing}
      ${
        request.job
          ? html`<p part="job" class="job">${s.jobStatus(request.job.number, t.table('jobStatus')[request.job.status as JobStatus] ?? request.job.status)}</p>`
          : request.jobRef
            ? html`<p class="muted">${s.job(request.jobRef)}</p>`
            : nothing
      }
      ${(request.job?.plannedStart ?? request.plannedStart) ? html`<p>${s.plannedFor(t.date((request.job?.plannedStart ?? request.plannedStart)!))}</p>` : nothing}
      ${
        request.messages.length
          ? html`<h5>${s.messages}</h5>
            <ul class="thread">
              ${request.messages.map((m) => html`<li><time datetime=${m.at}>${t.date(m.at)}</time>${m.author ? html` · ${m.author}` : nothing}<br />${m.text}</li>`)}
            </ul>`
          : nothing
      }
      ${
        request.comments.length
          ? html`<h5>${s.comments}</h5>
            <ul class="thread">
              ${request.comments.map(
                (c) =>
                  html`<li><time datetime=${c.createdAt}>${t.date(c.createdAt)}</time><br />${c.text ?? ''} ${c.attachments.length ? html`<span class="muted">(${s.files(c.attachments.length)})</span>` : nothing}</li>`,
              )}
            </ul>`
          : nothing
      }
      ${note ? html`<p class=${note.error ? 'failure' : 'note'} role=${note.error ? 'alert' : 'status'}>${note.text}</p>` : nothing}
      ${
        !closed && !open
          ? html`<div class="actions">
            <button part="button" class="button button--small" type="button" @click=${() => this.openRequestAction(request.id, 'comment')}>${s.addComment}</button>
            ${
              request.cancellable
                ? html`<button part="button" class="button button--small" type="button" @click=${() => this.openRequestAction(request.id, 'cancel')}>${s.cancelRequest}</button>`
                : nothing
            }
          </div>`
          : nothing
      }
      ${
        open
          ? html`<form class="action-form" novalidate @submit=${(e: SubmitEvent) => this.handleAction(e, ref, request)}>
            <label class="label" for="action-${request.id}">${open === 'comment' ? s.commentLabel : s.cancelReason}</label>
            <textarea
              part="input"
              class="input"
              id="action-${request.id}"
              rows="3"
              maxlength=${open === 'comment' ? 4000 : 2000}
              .value=${live(this.actionText)}
              @input=${(e: Event) => {
                this.actionText = (e.target as HTMLTextAreaElement).value;
                this.saveActions();
              }}
            ></textarea>
            ${
              open === 'comment'
                ? html`<amage-file-picker
                  label=${s.attachments}
                  accept="image/*,video/mp4,video/quicktime,application/pdf"
                  capture="environment"
                  multiple
                  .client=${this.access.client}
                  .attachments=${this.actionFiles as never}
                  @amage-files-change=${(
                    e: CustomEvent<{ attachments: readonly AttachmentSummary[]; pending: number }>,
                  ) => {
                    e.stopPropagation();
                    this.actionFiles = e.detail.attachments.map(({ id, filename, contentType, size }) => ({
                      id,
                      filename,
                      contentType,
                      size,
                    }));
                    this.saveActions();
                  }}
                ></amage-file-picker>`
                : nothing
            }
            <div class="actions">
              <button part="button" class="button button--primary button--small" type="submit" ?disabled=${this.actionBusy}>
                ${open === 'comment' ? s.sendComment : s.confirmCancel}
              </button>
              <button part="button" class="button button--small" type="button" @click=${() => this.closeRequestAction()}>${s.keep}</button>
            </div>
          </form>`
          : nothing
      }
    </li>`;
  }

  private renderList(loaded: Loaded) {
    const s = this.localize.table('serviceRequest');
    const requests = loaded.requests;
    if (!requests || this.noList) return nothing;
    return html`<section part="requests" class="requests" aria-labelledby="requests-title">
      <div class="requests__head">
        <h3 id="requests-title">${s.myRequests}</h3>
        <button part="button" class="button button--small" type="button" @click=${() => void this.data.reload()}>${s.refreshList}</button>
      </div>
      ${
        requests.length
          ? html`<ol class="request-list">
            ${requests.map((r) => this.renderRequest(loaded.ref, r))}
          </ol>`
          : html`<p class="muted">${s.noRequests}</p>`
      }
    </section>`;
  }

  render() {
    return this.data.render((loaded) =>
      !loaded.intake && !loaded.requests
        ? html`<div part="message" class="message message--error"><p role="alert">${this.localize.term('notGranted')}</p></div>`
        : html`<div part="base" class="base">
        ${loaded.intake ? (this.submitted ? this.renderConfirmation(this.submitted) : this.renderForm(loaded, loaded.intake)) : nothing}
        ${this.renderList(loaded)}
      </div>`,
    );
  }
}
