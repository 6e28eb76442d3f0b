import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, complaints } from '@amage/api-client';
import type { Action, Attachment, AttachmentRef, ComplaintView } from '@amage/contracts';
import { AmageElement } from '../../internal/amage-element.js';
import { openAttachment } from '../../internal/attachments.js';
import { fileButton } from '../../internal/file-button.js';
import { errorIcon } from '../../internal/form/field-markup.js';
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
import { acceptSpec, disputeSpec, renderAccept, renderDispute } from './positions.js';
import { renderStage, stageSpec } from './stage.js';
import styles from './complaint.styles.js';

const KINDS = ['stage-response', 'dispute', 'acceptance'] as const;

interface Loaded {
  complaint: ComplaintView;
  actions: Action[];
  startedAt: number;
}

/**
 * @summary A supplier's side of a complaint: the defect, the response stages (8D D3–D7) with their
 * deadlines (overdue ones stand out), answering each stage and revising returned ones, disputing the
 * complaint, and accepting it, which may ask for a one-time confirmation code (step-up). Once accepted
 * (or closed) it is read-only. Answers made without a connection wait on the device and go by themselves.
 *
 * @fires amage-load - The complaint was loaded. Detail `{ subjectType: 'complaint', ref }`. Bubbles, composed.
 * @fires amage-load-error - Loading failed. Detail `{ code, status }`. Bubbles, composed.
 * @fires amage-submit - A write is about to be sent (after the browser's checks passed); cancelable. Detail `{ kind, ref }` (`stage-response`, `dispute`, `acceptance`). Bubbles, composed.
 * @fires amage-action-queued - The write joined the outbox (it goes now, or when the connection is back). Detail `{ subjectType, ref, kind, id }`. Bubbles, composed.
 * @fires amage-action-sent - The server accepted a write. Detail `{ subjectType, ref, kind, id }` (`id`: the write's). Bubbles, composed.
 * @fires amage-action-refused - The server refused a write; its values are back in the form. Detail `{ subjectType, ref, kind, id, code }`. Bubbles, composed.
 * @fires amage-submitted - The server accepted it. Detail `{ subjectType: 'complaint', ref, kind, id }` (`id` of the response; the complaint ref for dispute and acceptance). Bubbles, composed.
 * @fires amage-step-up-requested - Accepting needs a confirmation code; one was sent. Detail `{ action, recipient }`. Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 * @fires amage-link-renewal-requested - A fresh link was requested. Detail `{ recipient }`. Bubbles, composed.
 *
 * @csspart base - The card around everything.
 * @csspart stages - The list of stages.
 * @csspart stage - One stage (`stage overdue` when past its deadline).
 * @csspart due - A stage's deadline.
 * @csspart answer - A stage's latest answer (also the one just sent).
 * @csspart form - Every form (stage answer, dispute, acceptance).
 * @csspart field - A label + control + hint + error group.
 * @csspart label - A field's label.
 * @csspart required - The required mark (`*`) of a label.
 * @csspart hint - A field's hint, and the "fields marked * …" note.
 * @csspart input - Every input and textarea.
 * @csspart field-error - The error under a field (and at a file that could not be opened).
 * @csspart error-summary - The list of errors shown (and focused) after a refused submit.
 * @csspart form-status - Under a form: sending, sent, waiting to send, or why it was refused.
 * @csspart submit-button - The submit buttons.
 * @csspart file-button - A photo or document to open.
 * @csspart step-up - The confirmation code prompt.
 * @csspart open-button - "Open" of a one-time link (the click before it is spent).
 * @csspart retry-button - "Try again" after a failed load.
 * @csspart renew-button - "Send me a new link" when the link has expired.
 * @csspart message - Loading, error and access messages.
 * @csspart button - Every button.
 *
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: buttons, focus.
 * @cssprop [--amage-color-danger=#b42318] - Errors and overdue deadlines.
 * @cssprop [--amage-font-family=inherit] - Font family.
 * @cssprop [--amage-radius=6px] - Corner radius.
 * @cssprop [--amage-touch-target=2.75rem] - Height of controls and buttons.
 */
export default class AmageComplaint extends AmageElement {
  static styles = [tokenStyles, hostStyles, messageStyles, formStyles, fieldStyles, styles];

  private readonly localize = new LocalizeController(this);
  private readonly access = new PortalAccessController(this);
  private readonly data = new PortalDataController<Loaded>(this, {
    access: this.access,
    localize: this.localize,
    args: () => [this.complaint],
    load: async (api, signal) => {
      const startedAt = this.forms.loadStarted();
      const [info, complaint] = await withSession(api, signal, this.complaint || undefined, (ref) =>
        complaints.get(api, ref, { signal }),
      );
      return { complaint, actions: info.actions, startedAt };
    },
    loaded: ({ complaint, startedAt }) => {
      this.forms.attach({ type: 'complaint', ref: complaint.ref });
      this.forms.reflected(startedAt);
      this.emit(new AmageLoadEvent({ subjectType: 'complaint', ref: complaint.ref }));
    },
  });
  private readonly forms = new FormsController(this, {
    access: this.access,
    localize: this.localize,
    kinds: KINDS,
    reload: () => void this.data.reload(),
    stepUpStrings: () => this.localize.table('complaint'),
  });
  private readonly ref = () => this.data.task.value!.complaint.ref;
  private readonly dispute = this.forms.form(disputeSpec(this.ref, this.localize, () => {}));
  private readonly accept = this.forms.form(acceptSpec(this.ref, this.localize, () => {}));

  /** Stages whose (undecided) answer the person chose to revise. */
  @state() private accessor revising: ReadonlySet<string> = new Set();
  @state() private accessor fileError: { id: string; text: string } | undefined = undefined;

  /** Server base URL; defaults to the origin the script was loaded from. */
  @property() accessor api = '';
  /** Link (`amg_…`) or session (`amgs_…`) token; defaults to `#token=` of the page URL. */
  @property() accessor token = '';
  /** Complaint reference; defaults to the subject of the token. */
  @property() accessor complaint = '';

  /** Loads the complaint again (what was typed stays). */
  refresh() {
    return this.data.reload();
  }

  private stageForm(key: string) {
    return this.forms.form({
      ...stageSpec(this.ref, key, this.localize),
      sent: () => this.revise(key, false),
    });
  }

  private revise(key: string, on: boolean) {
    const next = new Set(this.revising);
    if (on) next.add(key);
    else next.delete(key);
    this.revising = next;
  }

  private fileButton(file: Pick<Attachment, 'id' | 'filename' | 'contentType'>): TemplateResult {
    return html`${fileButton(file, this.localize.term('openFile', file.filename), () => {
      this.fileError = undefined;
      void openAttachment(this.access.client, file).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) return this.access.fail(error);
        this.fileError = { id: file.id, text: this.localize.term('openFileFailed') };
      });
    })}${
      this.fileError?.id === file.id
        ? html`<span part="field-error" class="field-error" role="alert">${errorIcon}<span>${this.fileError.text}</span></span>`
        : nothing
    }`;
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
        html`<p class="card" role="status">${t.accepted(c.acceptance.name, this.localize.date(c.acceptance.createdAt))} ${t.acceptedReadOnly}</p>`,
      );
    if (c.closure)
      parts.push(
        html`<p class="card">${t.closed(this.localize.date(c.closure.closedAt))} ${c.closure.comment ?? ''}</p>`,
      );
    if (canRespond && c.status === 'open') parts.push(renderDispute(this.localize, this.dispute));
    if (canRespond) parts.push(renderAccept(this.localize, this.accept, this.forms.outbox));
    return parts;
  }

  private renderComplaint({ complaint: c, actions }: Loaded) {
    const t = this.localize.table('complaint');
    // Accepting ends the complaint on the supplier's side; a closed one takes nothing more (the server refuses both).
    const canRespond = actions.includes('complaint:respond') && (c.status === 'open' || c.status === 'disputed');
    const waiting = new Set(this.forms.outbox?.items.map((i) => i.id));
    return html`<section part="base" class="base" aria-labelledby="title">
      <h2 id="title">${t.title(c.number)}</h2>
      <p><span class="badge ${c.status === 'disputed' ? 'badge--bad' : c.status === 'accepted' ? 'badge--good' : ''}">${t.status[c.status] ?? c.status}</span></p>
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
            </ul>`
          : nothing
      }
      ${c.resolution ? html`<h3>${t.resolution}</h3><p>${c.resolution}</p>` : nothing}
      <h3>${t.stages}</h3>
      <ol part="stages" class="stages">
        ${c.stages.map((stage) =>
          renderStage({
            localize: this.localize,
            stage,
            canRespond,
            form: this.stageForm(stage.key),
            pending: this.forms.pending('stage-response', stage.key),
            waiting: (item) => waiting.has(item.id),
            revising: this.revising.has(stage.key),
            revise: (on) => this.revise(stage.key, on),
            fileButton: (file: AttachmentRef) => this.fileButton(file),
            client: this.access.client,
          }),
        )}
      </ol>
      ${this.renderPositions(c, canRespond)}
    </section>`;
  }

  render() {
    return this.data.render((loaded) => this.renderComplaint(loaded));
  }
}
