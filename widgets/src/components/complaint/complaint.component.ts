import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, complaints, session } from '@amage/api-client';
import type {
  Action,
  Attachment,
  AttachmentRef,
  ComplaintStageView,
  ComplaintView,
  CreateStageResponseBody,
  FieldError,
} from '@amage/contracts';
import { validateCreateAcceptanceBody } from '@amage/contracts/validators/CreateAcceptanceBody';
import { validateCreateDisputeBody } from '@amage/contracts/validators/CreateDisputeBody';
import { validateCreateStageResponseBody } from '@amage/contracts/validators/CreateStageResponseBody';
import { AmageElement } from '../../internal/amage-element.js';
import { openAttachment } from '../../internal/attachments.js';
import { stageOverdue } from '../../internal/date-rules.js';
import { fileButton } from '../../internal/file-button.js';
import { DraftStore, errorMap, newSubmitKey, schemaErrors, submitFailure } from '../../internal/form-state.js';
import { LocalizeController } from '../../internal/localize.js';
import { PortalAccessController } from '../../internal/portal-access.js';
import { PortalDataController } from '../../internal/portal-data.js';
import {
  NO_STEP_UP,
  afterStepUpRefusal,
  isCompleteCode,
  isStepUpProblem,
  renderStepUpPrompt,
  requestStepUpCode,
  type StepUpPrompt,
} from '../../internal/step-up.js';
import { AmageLoadEvent } from '../../events/load.js';
import { AmageStepUpRequestedEvent } from '../../events/step-up-requested.js';
import { AmageSubmitEvent } from '../../events/submit.js';
import { AmageSubmittedEvent } from '../../events/submitted.js';
import { formStyles } from '../../styles/form.styles.js';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import styles from './complaint.styles.js';

interface StageDraft {
  text: string;
  name: string;
  role: string;
  implementedOn: string;
  verifiedOn: string;
  attachments: AttachmentRef[];
  key?: string;
}
interface Drafts {
  stages: Record<string, StageDraft>;
  dispute: { reason: string; key?: string };
  accept: { name: string; comment: string; key?: string };
}
interface FormState {
  errors: Map<string, string>;
  summary: boolean;
  message: string;
  busy: boolean;
}
interface Loaded {
  complaint: ComplaintView;
  actions: Action[];
}

const emptyStage = (): StageDraft => ({
  text: '',
  name: '',
  role: '',
  implementedOn: '',
  verifiedOn: '',
  attachments: [],
});
const emptyDrafts = (): Drafts => ({ stages: {}, dispute: { reason: '' }, accept: { name: '', comment: '' } });
const emptyForm = (): FormState => ({ errors: new Map(), summary: false, message: '', busy: false });
const trimmed = (s: string) => (s.trim() === '' ? undefined : s.trim());

/**
 * @summary A supplier's side of a complaint: the defect, the response stages (8D D3–D7) with their
 * deadlines (overdue ones stand out), answering each stage and revising returned ones, disputing the
 * complaint, and accepting it, which may ask for a one-time confirmation code (step-up).
 *
 * @fires amage-load - The complaint was loaded. Detail `{ subjectType: 'complaint', ref }`. Bubbles, composed.
 * @fires amage-load-error - Loading failed. Detail `{ code, status }`. Bubbles, composed.
 * @fires amage-submit - A submit is about to be sent; cancelable. Detail `{ kind, ref }` (`stage-response`, `dispute`, `acceptance`). Bubbles, composed.
 * @fires amage-submitted - The server accepted it. Detail `{ subjectType: 'complaint', ref, kind, id }` (`id` of the response; the complaint ref for dispute and acceptance). Bubbles, composed.
 * @fires amage-step-up-requested - Accepting needs a confirmation code; one was sent. Detail `{ action, recipient }`. Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 * @fires amage-link-renewal-requested - A fresh link was requested. Detail `{ recipient }`. Bubbles, composed.
 *
 * @csspart base - The card around everything.
 * @csspart stages - The list of stages.
 * @csspart stage - One stage (`stage overdue` when past its deadline).
 * @csspart due - A stage's deadline.
 * @csspart form - Every form (stage answer, dispute, acceptance).
 * @csspart field - A label + control + error group.
 * @csspart input - Every input and textarea.
 * @csspart error-summary - The list of errors shown after a refused submit.
 * @csspart submit-button - The submit buttons.
 * @csspart step-up - The confirmation code prompt.
 * @csspart message - Loading, error and access messages.
 * @csspart button - Every button.
 *
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: buttons, focus.
 * @cssprop [--amage-color-danger=#b42318] - Errors and overdue deadlines.
 * @cssprop [--amage-font-family=inherit] - Font family.
 * @cssprop [--amage-radius=6px] - Corner radius.
 */
export default class AmageComplaint extends AmageElement {
  static styles = [tokenStyles, hostStyles, messageStyles, formStyles, styles];

  private readonly localize = new LocalizeController(this);
  private readonly access = new PortalAccessController(this);
  private readonly data = new PortalDataController<Loaded>(this, {
    access: this.access,
    localize: this.localize,
    args: () => [this.complaint],
    load: async (api, signal) => {
      const info = await session.get(api, { signal });
      const ref = this.complaint || info.subject.ref;
      return { complaint: await complaints.get(api, ref, { signal }), actions: info.actions };
    },
    loaded: ({ complaint }) => {
      this.restoreDraft(complaint.ref);
      this.emit(new AmageLoadEvent({ subjectType: 'complaint', ref: complaint.ref }));
    },
  });

  private readonly fields = new Map<string, { id: string; label: string }>();
  private store?: DraftStore<Drafts>;
  private draftRef = '';

  @state() private accessor drafts: Drafts = emptyDrafts();
  @state() private accessor forms: Record<string, FormState> = {};
  @state() private accessor restored = false;
  @state() private accessor fileError = '';
  @state() private accessor stepUpState: StepUpPrompt = NO_STEP_UP;

  /** Server base URL; defaults to the origin the script was loaded from. */
  @property() accessor api = '';
  /** Link (`amg_…`) or session (`amgs_…`) token; defaults to `#token=` of the page URL. */
  @property() accessor token = '';
  /** Complaint reference; defaults to the subject of the token. */
  @property() accessor complaint = '';

  /** Loads the complaint again (drafts stay). */
  refresh() {
    return this.data.reload();
  }

  // ── drafts ────────────────────────────────────────────────────────────────

  private restoreDraft(ref: string) {
    if (this.draftRef === ref) return;
    this.draftRef = ref;
    this.store = new DraftStore<Drafts>(`complaint:${ref}`);
    const saved = this.store.load();
    if (saved) {
      this.drafts = { ...emptyDrafts(), ...saved };
      this.restored = true;
    }
  }

  private change(mutate: (d: Drafts) => void) {
    const next = structuredClone(this.drafts);
    mutate(next);
    this.drafts = next;
    // An empty draft is no draft: nothing to restore after a reload.
    if (JSON.stringify(next) === JSON.stringify(emptyDrafts())) this.store?.clear();
    else this.store?.save(next);
  }

  private stage(key: string): StageDraft {
    return this.drafts.stages[key] ?? emptyStage();
  }

  private editStage(key: string, mutate: (s: StageDraft) => void) {
    this.change((d) => {
      const s = d.stages[key] ?? emptyStage();
      mutate(s);
      d.stages[key] = s;
    });
  }

  private form(name: string): FormState {
    return this.forms[name] ?? emptyForm();
  }

  private setForm(name: string, patch: Partial<FormState>) {
    this.forms = { ...this.forms, [name]: { ...this.form(name), ...patch } };
  }

  // ── submitting ────────────────────────────────────────────────────────────

  private translateError(e: FieldError) {
    const t = this.localize.table('complaint');
    if (e.keyword && t.errors[e.keyword]) return t.errors[e.keyword]!;
    if (e.keyword === 'required' || e.keyword === 'minLength') return t.required;
    return t.invalid;
  }

  private showErrors(name: string, errors: FieldError[]) {
    // `/responsible/name` is shown at the name field, `/attachments/0` at the files.
    const rewrite = (p: string) => (p.startsWith('/attachments') ? '/attachments' : p);
    this.setForm(name, {
      errors: errorMap(errors, (e) => this.translateError(e), rewrite),
      summary: true,
      message: '',
      busy: false,
    });
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-summary="${name}"]`)?.focus(),
    );
  }

  private failureMessage(name: string, error: unknown): boolean {
    const t = this.localize.table('complaint');
    if (error instanceof ApiError && error.status === 401) {
      this.setForm(name, { busy: false, message: '' });
      this.access.fail(error);
      return true;
    }
    const failure = submitFailure(error);
    if (failure.errors.length && failure.code !== 'step_up.invalid') {
      // Field errors without their own code take the problem's (e.g. `attachment.not_found`).
      this.showErrors(
        name,
        failure.errors.map((e) => ({ ...e, keyword: e.keyword ?? failure.code })),
      );
      return true;
    }
    const message =
      failure.code === 'network'
        ? t.networkRetry
        : failure.retry
          ? t.serverRetry
          : failure.code.startsWith('token.')
            ? t.notGranted
            : (t.errors[failure.code] ?? t.serverRetry);
    this.setForm(name, { busy: false, message, errors: new Map(), summary: false });
    return false;
  }

  private async send(
    name: string,
    kind: string,
    draftKey: string | undefined,
    saveKey: (key: string | undefined) => void,
    call: (key: string) => Promise<string>,
    done: string,
  ) {
    const { complaint } = this.data.task.value!;
    if (this.emit(new AmageSubmitEvent({ kind, ref: complaint.ref })).defaultPrevented) return;
    const key = draftKey ?? newSubmitKey();
    saveKey(key);
    this.setForm(name, {
      busy: true,
      message: this.localize.table('complaint').sending,
      errors: new Map(),
      summary: false,
    });
    try {
      const id = await call(key);
      saveKey(undefined);
      this.restored = false;
      this.setForm(name, { busy: false, message: done });
      this.emit(new AmageSubmittedEvent({ subjectType: 'complaint', ref: complaint.ref, kind, id }));
      await this.data.reload();
    } catch (error) {
      if (kind === 'acceptance' && (await this.handleStepUp(name, error))) return;
      this.failureMessage(name, error);
    }
  }

  private handleRespond(event: SubmitEvent, stage: ComplaintStageView) {
    event.preventDefault();
    const { complaint } = this.data.task.value!;
    const d = this.stage(stage.key);
    const body: CreateStageResponseBody = {
      text: d.text.trim(),
      responsible: { name: d.name.trim(), ...(trimmed(d.role) ? { role: trimmed(d.role) } : {}) },
      ...(d.implementedOn ? { implementedOn: d.implementedOn } : {}),
      ...(d.verifiedOn ? { verifiedOn: d.verifiedOn } : {}),
      ...(d.attachments.length ? { attachments: d.attachments.map((a) => a.id) } : {}),
    };
    const name = `stage:${stage.key}`;
    if (!validateCreateStageResponseBody(body))
      return this.showErrors(name, schemaErrors(validateCreateStageResponseBody.errors));
    void this.send(
      name,
      'stage-response',
      d.key,
      (key) =>
        this.change((x) => {
          if (key) x.stages[stage.key] = { ...(x.stages[stage.key] ?? emptyStage()), key };
          else delete x.stages[stage.key];
        }),
      async (key) =>
        (await complaints.respond(this.access.client, complaint.ref, stage.key, body, { idempotencyKey: key })).id,
      this.localize.table('complaint').sentResponse,
    );
  }

  private handleDispute(event: SubmitEvent) {
    event.preventDefault();
    const { complaint } = this.data.task.value!;
    const body = { reason: this.drafts.dispute.reason.trim() };
    if (!validateCreateDisputeBody(body))
      return this.showErrors('dispute', schemaErrors(validateCreateDisputeBody.errors));
    void this.send(
      'dispute',
      'dispute',
      this.drafts.dispute.key,
      (key) => this.change((x) => (x.dispute = key ? { ...x.dispute, key } : { reason: '' })),
      async (key) => (await complaints.dispute(this.access.client, complaint.ref, body, { idempotencyKey: key })).ref,
      this.localize.table('complaint').sentDispute,
    );
  }

  private handleAccept(event: SubmitEvent) {
    event.preventDefault();
    const { complaint } = this.data.task.value!;
    const a = this.drafts.accept;
    const body = { name: a.name.trim(), ...(trimmed(a.comment) ? { comment: trimmed(a.comment) } : {}) };
    if (!validateCreateAcceptanceBody(body))
      return this.showErrors('accept', schemaErrors(validateCreateAcceptanceBody.errors));
    if (this.stepUpState.asking && !isCompleteCode(this.stepUpState.code)) {
      this.stepUpState = { ...this.stepUpState, error: this.localize.table('complaint').errors['step_up.required']! };
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#step-up-code')?.focus());
      return;
    }
    const code = this.stepUpState.asking ? this.stepUpState.code.trim() : undefined;
    void this.send(
      'accept',
      'acceptance',
      a.key,
      (key) => this.change((x) => (x.accept = key ? { ...x.accept, key } : { name: '', comment: '' })),
      async (key) => {
        const view = await complaints.accept(this.access.client, complaint.ref, body, {
          idempotencyKey: key,
          ...(code ? { stepUpCode: code } : {}),
        });
        this.stepUpState = NO_STEP_UP;
        return view.ref;
      },
      this.localize.table('complaint').sentAccept,
    );
  }

  /** 403 `step_up.*` on acceptance: ask for a code (once), or say the code was wrong. True when handled. */
  private async handleStepUp(name: string, error: unknown): Promise<boolean> {
    if (!isStepUpProblem(error)) return false;
    this.setForm(name, { busy: false, message: '' });
    const next = afterStepUpRefusal(this.stepUpState, error, this.localize.table('complaint'));
    this.stepUpState = next.prompt;
    if (next.request) await this.requestCode();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#step-up-code')?.focus());
    return true;
  }

  private async requestCode() {
    try {
      const { prompt, challenge } = await requestStepUpCode(this.access.client, 'complaint:respond');
      this.stepUpState = prompt;
      this.emit(
        new AmageStepUpRequestedEvent({
          action: challenge.action,
          ...(challenge.recipient ? { recipient: challenge.recipient } : {}),
        }),
      );
    } catch (error) {
      this.stepUpState = { ...NO_STEP_UP, asking: true };
      this.failureMessage('accept', error);
    }
  }

  // ── rendering ─────────────────────────────────────────────────────────────

  private field(
    form: string,
    id: string,
    label: string,
    errorKey: string,
    control: (describedBy: string | typeof nothing, invalid: boolean) => TemplateResult,
  ) {
    this.fields.set(`${form}:${errorKey}`, { id, label });
    const error = this.form(form).errors.get(errorKey);
    return html`<div part="field" class="field">
      <label for=${id}>${label}</label>
      ${control(error ? `${id}-error` : nothing, Boolean(error))}
      <p class="field-error" id="${id}-error">${error ?? ''}</p>
    </div>`;
  }

  private input(
    form: string,
    id: string,
    label: string,
    errorKey: string,
    value: string,
    onInput: (v: string) => void,
    options: { type?: string; required?: boolean; autocomplete?: string } = {},
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
      autocomplete=${options.autocomplete ?? 'off'}
      aria-describedby=${describedBy}
      aria-invalid=${invalid ? 'true' : 'false'}
      @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)}
    />`,
    );
  }

  private textarea(
    form: string,
    id: string,
    label: string,
    errorKey: string,
    value: string,
    onInput: (v: string) => void,
    maxlength: number,
    required = false,
  ) {
    return this.field(
      form,
      id,
      label,
      errorKey,
      (describedBy, invalid) => html`<textarea
      part="input"
      id=${id}
      maxlength=${maxlength}
      ?required=${required}
      aria-describedby=${describedBy}
      aria-invalid=${invalid ? 'true' : 'false'}
      .value=${value}
      @input=${(e: Event) => onInput((e.target as HTMLTextAreaElement).value)}
    ></textarea>`,
    );
  }

  private summary(name: string) {
    const f = this.form(name);
    if (!f.summary || !f.errors.size) return nothing;
    const t = this.localize.table('complaint');
    return html`<div part="error-summary" class="error-summary" data-summary=${name} tabindex="-1" role="alert">
      <p>${t.errorSummary}</p>
      <ul>
        ${[...f.errors.entries()].map(([key, message]) => {
          const field = this.fields.get(`${name}:${key}`);
          return html`<li>
            <a
              href="#"
              @click=${(e: Event) => {
                e.preventDefault();
                if (field) this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(field.id)}`)?.focus();
              }}
              >${field ? `${field.label}: ` : ''}${message}</a
            >
          </li>`;
        })}
      </ul>
    </div>`;
  }

  private filePicker(
    form: string,
    id: string,
    attachments: AttachmentRef[],
    onChange: (list: AttachmentRef[]) => void,
  ) {
    // The attachments module's picker; without it (older bundle) the field is left out.
    if (!customElements.get('amage-file-picker')) return nothing;
    const error = this.form(form).errors.get('/attachments');
    this.fields.set(`${form}:/attachments`, { id, label: this.localize.table('complaint').attachments });
    return html`<div part="field" class="field">
      <amage-file-picker
        id=${id}
        .client=${this.access.client}
        .attachments=${attachments}
        label=${this.localize.table('complaint').attachments}
        accept="image/jpeg,image/png,image/heic,image/heif,image/webp,application/pdf"
        multiple
        @amage-files-change=${(e: CustomEvent<{ attachments: AttachmentRef[] }>) => onChange([...e.detail.attachments])}
      ></amage-file-picker>
      <p class="field-error" id="${id}-error">${error ?? ''}</p>
    </div>`;
  }

  private renderStageForm(stage: ComplaintStageView) {
    const t = this.localize.table('complaint');
    const name = `stage:${stage.key}`;
    const d = this.stage(stage.key);
    const id = `st-${stage.key}`;
    const f = this.form(name);
    return html`<form part="form" novalidate class="stage-form" data-stage=${stage.key} aria-label="${t.respond}: ${this.stageName(stage)}" @submit=${(e: SubmitEvent) => this.handleRespond(e, stage)}>
      ${this.summary(name)}
      ${this.textarea(name, `${id}-text`, t.text, '/text', d.text, (v) => this.editStage(stage.key, (s) => (s.text = v)), 8000, true)}
      <div class="row">
        ${this.input(name, `${id}-name`, t.responsible, '/responsible/name', d.name, (v) => this.editStage(stage.key, (s) => (s.name = v)), { required: true, autocomplete: 'name' })}
        ${this.input(name, `${id}-role`, t.role, '/responsible/role', d.role, (v) => this.editStage(stage.key, (s) => (s.role = v)), { autocomplete: 'organization-title' })}
        ${this.input(name, `${id}-impl`, t.implementedOn, '/implementedOn', d.implementedOn, (v) => this.editStage(stage.key, (s) => (s.implementedOn = v)), { type: 'date' })}
        ${this.input(name, `${id}-ver`, t.verifiedOn, '/verifiedOn', d.verifiedOn, (v) => this.editStage(stage.key, (s) => (s.verifiedOn = v)), { type: 'date' })}
      </div>
      ${this.filePicker(name, `${id}-files`, d.attachments, (list) => this.editStage(stage.key, (s) => (s.attachments = list)))}
      <div class="actions">
        <button type="submit" part="button submit-button" class="button button--primary" ?disabled=${f.busy}>
          ${stage.state === 'returned' ? t.revise : t.sendResponse}
        </button>
      </div>
      <p class="status-message" role="status">${f.message}</p>
    </form>`;
  }

  private stageName(stage: ComplaintStageView) {
    return this.localize.table('complaint').stageNames[stage.key] ?? stage.name ?? stage.key;
  }

  private renderStage(stage: ComplaintStageView, canRespond: boolean) {
    const t = this.localize.table('complaint');
    const overdue = stageOverdue(stage, canRespond);
    const badge = stage.state === 'accepted' ? 'badge--good' : stage.state === 'returned' ? 'badge--bad' : '';
    const headingId = `stage-${stage.key}-title`;
    return html`<li part="stage ${overdue ? 'overdue' : ''}" class="card stage ${overdue ? 'stage--overdue' : ''}" data-stage=${stage.key} aria-labelledby=${headingId}>
      <h4 id=${headingId}>${this.stageName(stage)}</h4>
      <p>
        <span class="badge ${badge}">${t.stageState[stage.state] ?? stage.state}</span>
        <span part="due" class="due"><time datetime=${stage.dueAt}>${t.due(this.localize.date(stage.dueAt))}</time></span>
        ${overdue ? html`<strong class="badge badge--overdue">${t.overdue}</strong>` : nothing}
      </p>
      ${stage.decision?.comment ? html`<p class="decision"><strong>${t.buyerComment}:</strong> ${stage.decision.comment}</p>` : nothing}
      ${
        stage.responses.length
          ? html`<details>
            <summary>${t.responses(stage.responses.length)}</summary>
            <ol class="history">
              ${stage.responses.map(
                (r) => html`<li>
                  <time datetime=${r.createdAt}>${this.localize.date(r.createdAt, { dateStyle: 'short', timeStyle: 'short' })}</time>:
                  ${r.text}
                  <span class="muted">
                    · ${t.responsibleShown(r.responsible.name)}${r.implementedOn ? ` · ${t.implementedShown(this.localize.day(r.implementedOn))}` : ''}${r.verifiedOn ? ` · ${t.verifiedShown(this.localize.day(r.verifiedOn))}` : ''}
                  </span>
                </li>`,
              )}
            </ol>
          </details>`
          : nothing
      }
      ${
        canRespond && stage.state === 'submitted'
          ? html`<details ?open=${Boolean(this.drafts.stages[stage.key]?.text) || this.form(`stage:${stage.key}`).summary || Boolean(this.form(`stage:${stage.key}`).message)}>
            <summary>${t.revise}</summary>
            ${this.renderStageForm(stage)}
          </details>`
          : canRespond && stage.state !== 'accepted'
            ? this.renderStageForm(stage)
            : nothing
      }
    </li>`;
  }

  private renderStepUp() {
    return renderStepUpPrompt(this.stepUpState, this.localize.table('complaint'), {
      input: (code) => (this.stepUpState = { ...this.stepUpState, code, error: '' }),
      resend: () => void this.requestCode(),
    });
  }

  private renderPositions(c: ComplaintView, canRespond: boolean) {
    const t = this.localize.table('complaint');
    const parts: TemplateResult[] = [];
    if (c.dispute) {
      parts.push(html`<p class="card">${t.disputed(this.localize.date(c.dispute.createdAt))} ${c.dispute.reason}
        ${c.dispute.decision ? html`<br /><strong>${t.disputeAnswer[c.dispute.decision.outcome] ?? c.dispute.decision.outcome}</strong> ${c.dispute.decision.comment ?? ''}` : nothing}</p>`);
    }
    if (c.acceptance)
      parts.push(
        html`<p class="card">${t.accepted(c.acceptance.name, this.localize.date(c.acceptance.createdAt))}</p>`,
      );
    if (c.closure)
      parts.push(
        html`<p class="card">${t.closed(this.localize.date(c.closure.closedAt))} ${c.closure.comment ?? ''}</p>`,
      );
    if (canRespond && c.status === 'open') {
      const f = this.form('dispute');
      parts.push(html`<details class="card" ?open=${Boolean(this.drafts.dispute.reason) || f.summary}>
        <summary>${t.dispute}</summary>
        <form part="form" id="dispute-form" novalidate aria-label=${t.dispute} @submit=${this.handleDispute}>
          <p class="muted">${t.disputeIntro}</p>
          ${this.summary('dispute')}
          ${this.textarea('dispute', 'dispute-reason', t.disputeReason, '/reason', this.drafts.dispute.reason, (v) => this.change((d) => (d.dispute.reason = v)), 4000, true)}
          <button type="submit" part="button submit-button" class="button" ?disabled=${f.busy}>${t.sendDispute}</button>
          <p class="status-message" role="status">${f.message}</p>
        </form>
      </details>`);
    }
    if (canRespond && (c.status === 'open' || c.status === 'disputed')) {
      const f = this.form('accept');
      const a = this.drafts.accept;
      parts.push(html`<form part="form" id="accept-form" class="card" novalidate aria-labelledby="accept-title" @submit=${this.handleAccept}>
        <h3 id="accept-title">${t.accept}</h3>
        <p class="muted">${t.acceptIntro}</p>
        ${this.summary('accept')}
        ${this.input('accept', 'accept-name', t.name, '/name', a.name, (v) => this.change((d) => (d.accept.name = v)), { required: true, autocomplete: 'name' })}
        ${this.textarea('accept', 'accept-comment', t.comment, '/comment', a.comment, (v) => this.change((d) => (d.accept.comment = v)), 4000)}
        ${this.renderStepUp()}
        <button type="submit" part="button submit-button" class="button button--primary" ?disabled=${f.busy}>${t.sendAccept}</button>
        <p class="status-message" role="status">${f.message}</p>
      </form>`);
    }
    return parts;
  }

  private renderComplaint({ complaint: c, actions }: Loaded) {
    const t = this.localize.table('complaint');
    const canRespond = actions.includes('complaint:respond') && c.status !== 'closed';
    return html`<section part="base" class="base" aria-labelledby="title">
      <h2 id="title">${t.title(c.number)}</h2>
      <p><span class="badge ${c.status === 'closed' ? '' : c.status === 'disputed' ? 'badge--bad' : ''}">${t.status[c.status] ?? c.status}</span></p>
      <dl class="facts">
        ${c.itemCode ? html`<dt>${t.item}</dt><dd>${c.itemCode}${c.itemDescription ? ` · ${c.itemDescription}` : ''}</dd>` : nothing}
        ${c.purchaseOrderRef ? html`<dt>${t.order}</dt><dd>${c.purchaseOrderRef}${c.lineNo ? `, ${t.line(c.lineNo)}` : ''}</dd>` : nothing}
        ${c.defectQuantity !== undefined ? html`<dt>${t.defectQuantity}</dt><dd>${this.localize.number(c.defectQuantity)} ${c.unit ?? ''}</dd>` : nothing}
        ${c.lotNumbers?.length ? html`<dt>${t.lots}</dt><dd>${c.lotNumbers.join(', ')}</dd>` : nothing}
      </dl>
      <h3>${t.description}</h3>
      <p>${c.description}</p>
      ${
        c.attachments.length
          ? html`<h3>${t.documents}</h3>
            <ul>
              ${c.attachments.map((a) => html`<li>${this.fileButton(a)}</li>`)}
            </ul>
            ${this.fileError ? html`<p class="field-error" role="alert">${this.fileError}</p>` : nothing}`
          : nothing
      }
      ${c.resolution ? html`<h3>${t.resolution}</h3><p>${c.resolution}</p>` : nothing}
      ${this.restored ? html`<p class="status-message" role="status">${t.draftRestored}</p>` : nothing}
      <h3>${t.stages}</h3>
      <ol part="stages" class="stages">
        ${c.stages.map((s) => this.renderStage(s, canRespond))}
      </ol>
      ${this.renderPositions(c, canRespond)}
    </section>`;
  }

  private fileButton(file: Pick<Attachment, 'id' | 'filename' | 'contentType'>) {
    return fileButton(
      file,
      this.localize.term('openFile', file.filename),
      () => void openAttachment(this.access.client, file).catch((error: unknown) => this.fileFailed(error)),
    );
  }

  private fileFailed(error: unknown) {
    if (error instanceof ApiError && error.status === 401) return this.access.fail(error);
    this.fileError = this.localize.term('openFileFailed');
  }

  render() {
    return this.data.render((loaded) => this.renderComplaint(loaded));
  }
}
