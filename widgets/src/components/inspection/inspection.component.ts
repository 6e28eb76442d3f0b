import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type {
  Attachment,
  ChecklistItem,
  ChecklistView,
  InspectionAnswer,
  InspectionAnswerBody,
  PassFail,
} from '@amage/contracts';
import { validateInspectionAnswerBody } from '@amage/contracts/validators/InspectionAnswerBody';
import { validateSubmitInspectionBody } from '@amage/contracts/validators/SubmitInspectionBody';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import type { OutboxItem, OutboxKind } from '../../internal/subcontractor/outbox.js';
import { remembered } from '../../internal/subcontractor/outbox.js';
import { WorkOrderWidget, type WorkOrderData } from '../../internal/subcontractor/work-order-base.js';
import { workOrderSharedStyles } from '../../internal/subcontractor/work-order-shared.styles.js';
import { fieldMessage } from '../../internal/form-state.js';

interface Draft {
  result?: PassFail;
  value?: string;
  text?: string;
  comment?: string;
  /** Uploaded photos (records, so the draft can show them after a reload). */
  attachments?: Attachment[];
}

const needsPhoto = (item: ChecklistItem) => item.type === 'photo' || Boolean(item.photoRequired);

/**
 * @summary A work order's inspection checklist: pass / fail / not applicable, measured values with
 * their limits (out-of-limit values are flagged and need a comment), text; each answer is saved on
 * its own (queued on the device while there is no signal), then the whole is submitted with the
 * inspector's name.
 *
 * @fires amage-load - The work order was loaded. Detail `{ subjectType: 'work-order', ref }`. Bubbles, composed.
 * @fires amage-load-error - Loading failed. Detail `{ code, status }`. Bubbles, composed.
 * @fires amage-submit - A write is about to be queued; `preventDefault()` stops it (the form stays as it is). Detail `{ kind, ref }`. Bubbles, composed, cancelable.
 * @fires amage-submitted - The server accepted a write (same moment as `amage-action-sent`). Detail `{ subjectType, ref, kind, id }` (`id`: the record made, else the write's id). Bubbles, composed.
 * @fires amage-action-queued - An answer or the submission was queued. Detail `{ subjectType, ref, kind, id }`. Bubbles, composed.
 * @fires amage-action-sent - The server accepted it. Detail `{ subjectType, ref, kind, id }`. Bubbles, composed.
 * @fires amage-action-refused - The server refused it. Detail `{ subjectType, ref, kind, id, code }`. Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 *
 * @csspart base - The card around everything.
 * @csspart form - Every form (each item's, the submission).
 * @csspart item - One checklist item (a form).
 * @csspart flag - The out-of-limits notice.
 * @csspart submit-form - The submission form.
 * @csspart field - A label + control + error group.
 * @csspart label - A field's label.
 * @csspart input - Every input, select and textarea.
 * @csspart submit-button - The button submitting the inspection.
 * @csspart save-button - An item's "save answer" button.
 * @csspart error-summary - The list of what blocks the submission.
 * @csspart outbox - "Waiting to send" and refusals.
 * @csspart step-up-form - The confirmation code prompt of a write waiting for its code.
 * @csspart button - Every button.
 * @csspart message - Loading, error and access messages.
 *
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: buttons, focus.
 * @cssprop [--amage-color-danger=#b42318] - Errors and out-of-limit values.
 */
export default class AmageInspection extends WorkOrderWidget {
  static styles = [tokenStyles, hostStyles, messageStyles, workOrderSharedStyles];
  protected static kinds: OutboxKind[] = ['answer', 'inspection-submit'];

  @state() private accessor drafts: Record<string, Draft> = {};
  @state() private accessor errors: Record<string, Record<string, string>> = {};
  @state() private accessor open: string[] = [];
  @state() private accessor inspector: string | undefined = undefined;
  private draftKey = '';

  /** Checklist key; defaults to the work order's first checklist. */
  @property() accessor checklist = '';

  protected onRefused(item: OutboxItem) {
    const ref = this.data.task.value?.view.ref;
    if (!ref || item.kind !== 'answer' || !item.target) return;
    const refusal = this.refusals(ref, 'answer', item.target).at(-1);
    if (!refusal) return;
    const [checklist, key] = item.target.split('/') as [string, string];
    this.errors = { ...this.errors, [key]: this.fieldErrors(refusal.errors) };
    // What was typed comes back into the field (as a draft), so it can be corrected rather than retyped.
    if (this.draftKey === `draft:inspection:${checklist}` && !this.drafts[key]) {
      const body = refusal.item.body as InspectionAnswerBody;
      this.setDraft(ref, key, {
        ...(body.result ? { result: body.result } : {}),
        ...(body.value !== undefined ? { value: String(body.value) } : {}),
        ...(body.text !== undefined ? { text: body.text } : {}),
        ...(body.comment !== undefined ? { comment: body.comment } : {}),
        ...(refusal.item.files?.length ? { attachments: [...refusal.item.files] } : {}),
      });
    }
  }

  private list(data: WorkOrderData): ChecklistView | undefined {
    const lists = data.view.checklists;
    return lists.find((c) => c.key === this.checklist) ?? lists[0];
  }

  private loadDrafts(ref: string, key: string) {
    const draftKey = `draft:inspection:${key}`;
    if (draftKey === this.draftKey) return;
    this.draftKey = draftKey;
    this.drafts = remembered.get(ref, draftKey, {});
  }

  private setDraft(ref: string, item: string, patch: Partial<Draft>) {
    this.drafts = { ...this.drafts, [item]: { ...this.drafts[item], ...patch } };
    remembered.set(ref, this.draftKey, this.drafts);
  }

  /** What the field shows: the draft, else the answer waiting to send, else the saved answer. */
  private value(ref: string, c: ChecklistView, item: ChecklistItem): Draft {
    const draft = this.drafts[item.key];
    if (draft) return draft;
    const queued = this.pending(ref, 'answer', `${c.key}/${item.key}`).at(-1);
    const pending = queued
      ? { ...(queued.body as InspectionAnswerBody), attachments: [...(queued.files ?? [])] }
      : undefined;
    const saved: Pick<InspectionAnswer, 'result' | 'value' | 'text' | 'comment' | 'attachments'> | undefined =
      pending ?? c.answers.find((a) => a.itemKey === item.key);
    if (!saved) return {};
    return {
      result: saved.result,
      value: saved.value?.toString(),
      text: saved.text,
      comment: saved.comment,
      ...(saved.attachments?.length ? { attachments: [...saved.attachments] } : {}),
    };
  }

  private outOfLimits(item: ChecklistItem, raw?: string) {
    if (item.type !== 'number' || raw === undefined || raw === '') return false;
    const v = Number(raw);
    return (item.min !== undefined && v < item.min) || (item.max !== undefined && v > item.max);
  }

  private handleSave(e: SubmitEvent, ref: string, c: ChecklistView, item: ChecklistItem) {
    e.preventDefault();
    const t = this.localize.table('inspection');
    const v = this.value(ref, c, item);
    const errors: Record<string, string> = {};
    const body: InspectionAnswerBody = { answeredAt: new Date().toISOString() };
    if (item.type === 'pass-fail' || item.type === 'pass-fail-na') {
      if (!v.result) errors['/result'] = t.resultNeeded;
      else body.result = v.result;
    }
    if (item.type === 'number') {
      if (v.value === undefined || v.value === '' || Number.isNaN(Number(v.value))) errors['/value'] = t.valueNeeded;
      else body.value = Number(v.value);
    }
    if (item.type === 'text') {
      if (!v.text?.trim()) errors['/text'] = t.textNeeded;
      else body.text = v.text;
    }
    if (v.comment?.trim()) body.comment = v.comment.trim();
    if ((this.outOfLimits(item, v.value) || v.result === 'fail') && !body.comment) errors['/comment'] = t.commentNeeded;
    if (needsPhoto(item)) {
      // Photos are uploaded when chosen (they need the connection); the answer waits until they are.
      const blocked = this.photosBlock(`${item.key}-photos`);
      if (blocked) errors['/attachments'] = blocked;
      else if (!v.attachments?.length) errors['/attachments'] = t.photoNeeded;
      else body.attachments = v.attachments.map((a) => a.id);
    }
    if (!Object.keys(errors).length && !validateInspectionAnswerBody(body)) {
      for (const err of validateInspectionAnswerBody.errors ?? [])
        errors[err.instancePath || '/value'] = fieldMessage(this.localize, err);
    }
    this.errors = { ...this.errors, [item.key]: errors };
    if (Object.keys(errors).length) {
      void this.updateComplete.then(() =>
        this.shadowRoot!.querySelector<HTMLElement>(`form[data-item="${item.key}"] [aria-invalid="true"]`)?.focus(),
      );
      return;
    }
    if (
      !this.queue(ref, {
        kind: 'answer',
        method: 'put',
        path: `/inspections/${c.key}/answers/${item.key}`,
        body,
        target: `${c.key}/${item.key}`,
        ...(v.attachments?.length ? { files: v.attachments } : {}),
      })
    )
      return;
    const { [item.key]: _sent, ...rest } = this.drafts;
    this.drafts = rest;
    remembered.set(ref, this.draftKey, this.drafts);
  }

  private handleSubmit(e: SubmitEvent, ref: string, c: ChecklistView) {
    e.preventDefault();
    const inspector = (this.inspector ?? this.personName(ref)).trim();
    const answered = new Set([
      ...c.answers.map((a) => a.itemKey),
      ...this.pending(ref, 'answer')
        .filter((i) => i.target?.startsWith(`${c.key}/`))
        .map((i) => i.target!.split('/')[1]!),
    ]);
    this.open = c.items.filter((i) => i.required !== false && !answered.has(i.key)).map((i) => i.key);
    const body = { inspector, submittedAt: new Date().toISOString() };
    const nameMissing = !inspector || !validateSubmitInspectionBody(body);
    this.errors = {
      ...this.errors,
      $submit: nameMissing ? { '/inspector': this.localize.table('workOrder').required } : {},
    };
    if (this.open.length || nameMissing) {
      void this.updateComplete.then(() =>
        this.shadowRoot!.querySelector<HTMLElement>(
          '[part~="error-summary"], #inspector[aria-invalid="true"]',
        )?.focus(),
      );
      return;
    }
    this.rememberName(ref, inspector);
    if (
      !this.queue(ref, {
        kind: 'inspection-submit',
        method: 'post',
        path: `/inspections/${c.key}/submission`,
        body,
        target: c.key,
      })
    )
      return;
  }

  private fieldError(item: string, pointer: string) {
    const message = this.errors[item]?.[pointer];
    return message ? html`<p class="error" id="${item}-err-${pointer.slice(1)}">${message}</p>` : nothing;
  }

  private describedBy(item: string, pointer: string, ...more: string[]) {
    const ids = [...more, ...(this.errors[item]?.[pointer] ? [`${item}-err-${pointer.slice(1)}`] : [])];
    return ids.length ? ids.join(' ') : nothing;
  }

  private renderItem(ref: string, c: ChecklistView, item: ChecklistItem, editable: boolean) {
    const t = this.localize.table('inspection');
    const w = this.localize.table('workOrder');
    const v = this.value(ref, c, item);
    const saved = c.answers.find((a) => a.itemKey === item.key);
    const waiting = this.pending(ref, 'answer', `${c.key}/${item.key}`).length > 0;
    const flagged = this.outOfLimits(item, v.value);
    const id = item.key;
    const invalid = (pointer: string) => (this.errors[id]?.[pointer] ? 'true' : 'false');
    const fmt = (n?: number) => (n === undefined ? undefined : this.localize.number(n));
    const set = (patch: Partial<Draft>) => this.setDraft(ref, id, { ...v, ...patch });
    const state = waiting
      ? html`<span class="pending">${w.waiting}</span>`
      : saved && !this.drafts[id]
        ? html`<span class="ok">${t.answered}${saved.outOfLimits ? html` · <span class="danger">${t.outOfLimits}</span>` : nothing}</span>`
        : nothing;
    return html`<form part="form item" class="item" data-item=${id} novalidate @submit=${(e: SubmitEvent) => this.handleSave(e, ref, c, item)}>
      <fieldset ?disabled=${!editable}>
        <legend>${item.text} ${item.required === false ? html`<span class="muted">${t.optional}</span>` : nothing}</legend>
        ${item.help ? html`<p class="muted">${item.help}</p>` : nothing}
        ${
          item.type === 'pass-fail' || item.type === 'pass-fail-na'
            ? html`<div role="radiogroup" aria-label=${item.text} aria-describedby=${this.describedBy(id, '/result')} aria-invalid=${invalid('/result')} class="row">
              ${(['pass', 'fail', ...(item.type === 'pass-fail-na' ? ['na'] : [])] as PassFail[]).map(
                (r) => html`<label part="field label" class="field field--inline">
                  <input part="input" type="radio" name="${id}-result" .checked=${v.result === r} @change=${() => set({ result: r })} />${t[r]}
                </label>`,
              )}
            </div>
            ${this.fieldError(id, '/result')}`
            : nothing
        }
        ${
          item.type === 'number'
            ? html`<div part="field" class="field">
              <label part="label" for="${id}-value">${t.value(item.unit)}</label>
              <input part="input"
                id="${id}-value"
                type="number"
                step="any"
                inputmode="decimal"
                .value=${v.value ?? ''}
                aria-invalid=${invalid('/value')}
                aria-describedby=${this.describedBy(id, '/value', `${id}-limits`, ...(flagged ? [`${id}-flag`] : []))}
                @input=${(e: Event) => set({ value: (e.target as HTMLInputElement).value })}
              />
              <span class="muted" id="${id}-limits">${t.limits(fmt(item.min), fmt(item.max), item.unit)}</span>
              ${flagged ? html`<p part="flag" class="danger" id="${id}-flag">${t.outOfLimits}</p>` : nothing} ${this.fieldError(id, '/value')}
            </div>`
            : nothing
        }
        ${
          item.type === 'text'
            ? html`<div part="field" class="field">
              <label part="label" for="${id}-text">${t.text}</label>
              <textarea part="input" id="${id}-text" maxlength="2000" .value=${v.text ?? ''} aria-invalid=${invalid('/text')} aria-describedby=${this.describedBy(id, '/text')} @input=${(e: Event) => set({ text: (e.target as HTMLTextAreaElement).value })}></textarea>
              ${this.fieldError(id, '/text')}
            </div>`
            : nothing
        }
        ${
          needsPhoto(item) && editable
            ? this.renderPhotos(`${id}-photos`, w.photos, v.attachments ?? [], (list) => set({ attachments: list }), {
                error: this.errors[id]?.['/attachments'],
              })
            : needsPhoto(item) && v.attachments?.length
              ? html`<p class="muted">${w.photos}: ${v.attachments.map((a) => a.filename).join(', ')}</p>`
              : nothing
        }
        <div part="field" class="field">
          <label part="label" for="${id}-comment">${t.comment}</label>
          <textarea part="input" id="${id}-comment" maxlength="2000" .value=${v.comment ?? ''} aria-invalid=${invalid('/comment')} aria-describedby=${this.describedBy(id, '/comment')} @input=${(e: Event) => set({ comment: (e.target as HTMLTextAreaElement).value })}></textarea>
          ${this.fieldError(id, '/comment')}
        </div>
        ${editable ? html`<button type="submit" part="button save-button" class="button">${t.save}</button>` : nothing} ${state}
      </fieldset>
    </form>`;
  }

  private renderSubmission(ref: string, c: ChecklistView, editable: boolean) {
    const t = this.localize.table('inspection');
    const w = this.localize.table('workOrder');
    const s = c.submission;
    if (s) {
      const when = this.localize.date(s.submittedAt);
      return html`<p class=${s.result === 'passed' ? 'ok' : 'danger'}>${s.result === 'passed' ? t.passed(s.inspector, when) : t.failed(s.inspector, when, s.failedItems.join(', '))}</p>`;
    }
    if (this.pending(ref, 'inspection-submit', c.key).length)
      return html`<p class="pending">${t.submit}: ${w.waiting}</p>`;
    if (!editable) return nothing;
    const nameError = this.errors.$submit?.['/inspector'];
    const name = this.inspector ?? this.personName(ref);
    return html`<form part="form submit-form" novalidate @submit=${(e: SubmitEvent) => this.handleSubmit(e, ref, c)}>
      ${
        this.open.length
          ? html`<div part="error-summary" class="error-summary" tabindex="-1" role="alert">
            <p>${t.open(this.open.length)}</p>
            <ul>
              ${this.open.map((k) => html`<li>${c.items.find((i) => i.key === k)?.text ?? k}</li>`)}
            </ul>
          </div>`
          : nothing
      }
      <div part="field" class="field">
        <label part="label" for="inspector">${t.inspector}</label>
        <input part="input" id="inspector" autocomplete="name" maxlength="200" .value=${name} aria-invalid=${nameError ? 'true' : 'false'} aria-describedby=${nameError ? 'inspector-err' : nothing} @input=${(e: Event) => (this.inspector = (e.target as HTMLInputElement).value)} />
        ${nameError ? html`<p class="error" id="inspector-err">${nameError}</p>` : nothing}
      </div>
      <button type="submit" part="button submit-button" class="button button--primary">${t.submit}</button>
    </form>`;
  }

  private renderInspection(data: WorkOrderData) {
    const t = this.localize.table('inspection');
    const { view } = data;
    const c = this.list(data);
    if (!c) return html`<div part="base" class="base"><p>${t.none}</p></div>`;
    this.loadDrafts(view.ref, c.key);
    const editable =
      this.can(data, 'inspection:submit') &&
      !c.submission &&
      !this.pending(view.ref, 'inspection-submit', c.key).length;
    return html`<section part="base" class="base" aria-labelledby="inspection-title">
      <h2 id="inspection-title">${c.title === 'Checklist' ? t.title : c.title}</h2>
      ${this.renderOutbox(view.ref)} ${c.items.map((item) => this.renderItem(view.ref, c, item, editable))}
      ${this.renderSubmission(view.ref, c, editable)}
    </section>`;
  }

  render() {
    return this.data.render((data) => this.renderInspection(data));
  }
}
