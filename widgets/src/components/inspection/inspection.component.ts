import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type {
  Attachment,
  ChecklistItem,
  ChecklistView,
  FieldError,
  InspectionAnswerBody,
  PassFail,
} from '@amage/contracts';
import { validateInspectionAnswerBody } from '@amage/contracts/validators/InspectionAnswerBody';
import { validateSubmitInspectionBody } from '@amage/contracts/validators/SubmitInspectionBody';
import { hostStyles } from '../../styles/host.styles.js';
import { fieldStyles } from '../../styles/field.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import type { OutboxKind } from '../../internal/subcontractor/device.js';
import { WorkOrderWidget, type WorkOrderData } from '../../internal/subcontractor/work-order-base.js';
import { workOrderSharedStyles } from '../../internal/subcontractor/work-order-shared.styles.js';
import type { FormController } from '../../internal/form/form-controller.js';
import {
  choiceField,
  customField,
  errorSummary,
  formStatus,
  inputField,
  requiredNote,
  restoredNote,
  submitButton,
  textareaField,
} from '../../internal/form/fields.js';

interface AnswerValues {
  result: PassFail | '';
  value: string;
  text: string;
  comment: string;
  /** Uploaded photos (records, so the draft can show them after a reload). */
  attachments: Attachment[];
}

interface SubmitValues {
  inspector: string;
}

const needsPhoto = (item: ChecklistItem) => item.type === 'photo' || Boolean(item.photoRequired);
const isChoice = (item: ChecklistItem) => item.type === 'pass-fail' || item.type === 'pass-fail-na';

function outOfLimits(item: ChecklistItem, raw?: string) {
  if (item.type !== 'number' || raw === undefined || raw === '') return false;
  const v = Number(raw.replace(',', '.'));
  return (item.min !== undefined && v < item.min) || (item.max !== undefined && v > item.max);
}

/** The body of an answer, and what the browser finds wrong with it (as the server would). */
function answer(item: ChecklistItem, v: AnswerValues, now: number, photos: FieldError[]) {
  const errors: FieldError[] = [];
  const body: InspectionAnswerBody = { answeredAt: new Date(now).toISOString() };
  if (isChoice(item)) {
    if (!v.result) errors.push({ pointer: '/result', message: 'required', keyword: 'required' });
    else body.result = v.result;
  }
  if (item.type === 'number') {
    const n = Number(v.value.replace(',', '.'));
    if (v.value.trim() === '' || Number.isNaN(n))
      errors.push({ pointer: '/value', message: 'required', keyword: 'required' });
    else body.value = n;
  }
  if (item.type === 'text') {
    if (!v.text.trim()) errors.push({ pointer: '/text', message: 'required', keyword: 'required' });
    else body.text = v.text;
  }
  if (v.comment.trim()) body.comment = v.comment.trim();
  if ((outOfLimits(item, v.value) || v.result === 'fail') && !body.comment)
    errors.push({ pointer: '/comment', message: 'comment needed', keyword: 'inspection.comment_required' });
  if (needsPhoto(item)) {
    // Photos are uploaded when chosen (they need the connection); the answer waits until they are.
    if (photos.length) errors.push(...photos);
    else if (!v.attachments.length)
      errors.push({ pointer: '/attachments', message: 'photo needed', keyword: 'inspection.photo_required' });
    else body.attachments = v.attachments.map((a) => a.id);
  }
  return { body, errors };
}

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
 * @csspart field - A label + control + hint + error group.
 * @csspart label - A field's label (or legend).
 * @csspart required - The required mark (`*`) of a label.
 * @csspart hint - A field's hint (the limits of a measured value).
 * @csspart input - Every input, select and textarea.
 * @csspart choice - A pass / fail / not applicable choice with its label.
 * @csspart field-error - The error under a field.
 * @csspart form-status - Under an item: saved, waiting to send, or why it was refused.
 * @csspart submit-button - The button submitting the inspection.
 * @csspart save-button - An item's "save answer" button.
 * @csspart error-summary - The list of what to correct (what blocks the submission among it), focused after a refused save.
 * @csspart outbox - "Waiting to send" and refusals.
 * @csspart open-button - "Open" of a one-time link (the click before it is spent).
 * @csspart retry-button - "Try again" after a failed load.
 * @csspart renew-button - "Send me a new link" when the link has expired.
 * @csspart step-up - The confirmation code field and "send a new code".
 * @csspart step-up-form - The confirmation code prompt of a write waiting for its code.
 * @csspart button - Every button.
 * @csspart message - Loading, error and access messages.
 *
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: buttons, focus.
 * @cssprop [--amage-color-danger=#b42318] - Errors and out-of-limit values.
 * @cssprop [--amage-touch-target=2.75rem] - Height of controls and buttons.
 */
export default class AmageInspection extends WorkOrderWidget {
  static styles = [tokenStyles, hostStyles, messageStyles, workOrderSharedStyles, fieldStyles];
  protected static kinds: OutboxKind[] = ['answer', 'inspection-submit'];

  /** Checklist key; defaults to the work order's first checklist. */
  @property() accessor checklist = '';

  private list(data: WorkOrderData): ChecklistView | undefined {
    const lists = data.view.checklists;
    return lists.find((c) => c.key === this.checklist) ?? lists[0];
  }

  private current(checklist: string): ChecklistView | undefined {
    return this.data.task.value?.view.checklists.find((c) => c.key === checklist);
  }

  /** What an item's fields show when nothing is typed: the answer sent from here, else the one saved. */
  private saved(checklist: string, item: ChecklistItem): AnswerValues {
    const sent = this.forms.accepted('answer', `${checklist}/${item.key}`).at(-1);
    const a = sent
      ? { ...(sent.body as InspectionAnswerBody), attachments: [...(sent.files ?? [])] }
      : this.current(checklist)?.answers.find((x) => x.itemKey === item.key);
    return {
      result: a?.result ?? '',
      value: a?.value?.toString() ?? '',
      text: a?.text ?? '',
      comment: a?.comment ?? '',
      attachments: [...(a?.attachments ?? [])] as Attachment[],
    };
  }

  private answerForm(c: ChecklistView, item: ChecklistItem): FormController<AnswerValues> {
    const checklist = c.key;
    return this.form<AnswerValues>({
      id: `answer:${checklist}/${item.key}`,
      kind: 'answer',
      empty: () => this.saved(checklist, item),
      request: (v, now) => {
        const { body, errors } = answer(item, v, now, this.photoErrors(`${item.key}-photos`, '/attachments'));
        return {
          method: 'put',
          path: this.path(`/inspections/${checklist}/answers/${item.key}`),
          body,
          validate: validateInspectionAnswerBody,
          errors,
          target: `${checklist}/${item.key}`,
          ...(v.attachments.length ? { files: v.attachments } : {}),
        };
      },
      fieldOf: (p) => (p.startsWith('/attachments') ? '/attachments' : p === '/answeredAt' ? '/comment' : p),
      messages: (e, field) => {
        const t = this.localize.table('inspection');
        if (e.keyword === 'required')
          return field === '/result' ? t.resultNeeded : field === '/value' ? t.valueNeeded : t.textNeeded;
        if (e.keyword === 'inspection.comment_required') return t.commentNeeded;
        if (e.keyword === 'inspection.photo_required') return t.photoNeeded;
        return this.fieldProblem(e);
      },
      problems: () => this.problems(),
      sentText: () => this.localize.table('inspection').answered,
    });
  }

  private submitForm(c: ChecklistView): FormController<SubmitValues> {
    const checklist = c.key;
    return this.form<SubmitValues>({
      id: `inspection-submit:${checklist}`,
      kind: 'inspection-submit',
      empty: () => ({ inspector: this.personName() }),
      request: (v, now) => {
        const body = { inspector: v.inspector.trim(), submittedAt: new Date(now).toISOString() };
        const open = this.openItems(this.current(checklist) ?? c);
        return {
          method: 'post',
          path: this.path(`/inspections/${checklist}/submission`),
          body,
          validate: validateSubmitInspectionBody,
          target: checklist,
          errors: [
            ...(open.length ? [{ pointer: '#items', message: 'open', keyword: 'inspection.items_open' }] : []),
            ...(body.inspector ? [] : [{ pointer: '/inspector', message: 'required', keyword: 'required' }]),
          ],
        };
      },
      fieldOf: (p) => (p.startsWith('/items') ? 'items' : p),
      messages: (e) =>
        e.keyword === 'inspection.items_open'
          ? this.localize.table('inspection').open(this.openItems(this.current(checklist) ?? c).length)
          : this.fieldProblem(e),
      problems: () => this.problems(),
    });
  }

  /** Required items without an answer, counting answers waiting to be sent. */
  private openItems(c: ChecklistView): ChecklistItem[] {
    const answered = new Set([
      ...c.answers.map((a) => a.itemKey),
      ...this.pending('answer')
        .filter((i) => i.target?.startsWith(`${c.key}/`))
        .map((i) => i.target!.split('/')[1]!),
    ]);
    return c.items.filter((i) => i.required !== false && !answered.has(i.key));
  }

  private renderItem(c: ChecklistView, item: ChecklistItem, editable: boolean) {
    const t = this.localize.table('inspection');
    const w = this.localize.table('workOrder');
    const form = this.answerForm(c, item);
    const v = form.values;
    const savedAnswer = c.answers.find((a) => a.itemKey === item.key);
    const flagged = outOfLimits(item, v.value);
    const fmt = (n?: number) => (n === undefined ? undefined : this.localize.number(n));
    const set = (patch: Partial<AnswerValues>, field: string) => form.set(patch, field);
    const saved =
      form.pristine && savedAnswer && !form.waiting.length && !form.status
        ? html`<p class="ok">${t.answered}${savedAnswer.outOfLimits ? html` · <span class="danger">${t.outOfLimits}</span>` : nothing}</p>`
        : nothing;
    return html`<form part="form item" class="item" data-form=${form.id} data-item=${item.key} novalidate aria-labelledby="${form.prefix}-title" @submit=${form.handleSubmit}>
      <h3 id="${form.prefix}-title" class="item__title">${item.text} ${item.required === false ? html`<span class="muted">${t.optional}</span>` : nothing}</h3>
      ${item.help ? html`<p class="muted">${item.help}</p>` : nothing}
      ${errorSummary(form, this.localize)} ${restoredNote(form, this.localize)}
      <fieldset class="plain" ?disabled=${!editable || form.waiting.length > 0}>
        ${
          isChoice(item)
            ? choiceField(form, {
                name: '/result',
                label: t.result,
                type: 'radio',
                required: true,
                value: v.result,
                options: (['pass', 'fail', ...(item.type === 'pass-fail-na' ? ['na'] : [])] as PassFail[]).map(
                  (r) => [r, t[r]] as const,
                ),
                onChange: (r) => set({ result: r as PassFail }, '/result'),
              })
            : nothing
        }
        ${
          item.type === 'number'
            ? html`${inputField(form, {
                name: '/value',
                label: t.value(item.unit),
                required: true,
                type: 'number',
                step: 'any',
                inputmode: 'decimal',
                hint: t.limits(fmt(item.min), fmt(item.max), item.unit),
                info: { kind: 'number', ...(item.unit ? { unit: item.unit } : {}) },
                value: v.value,
                onInput: (x) => set({ value: x }, '/value'),
              })}${flagged ? html`<p part="flag" class="danger" role="status">${t.outOfLimits}</p>` : nothing}`
            : nothing
        }
        ${
          item.type === 'text'
            ? textareaField(form, {
                name: '/text',
                label: t.text,
                required: true,
                maxLength: 2000,
                value: v.text,
                onInput: (x) => set({ text: x }, '/text'),
              })
            : nothing
        }
        ${
          needsPhoto(item) && editable
            ? this.renderPhotos(
                form,
                {
                  id: `${item.key}-photos`,
                  name: '/attachments',
                  label: w.photos,
                  attachments: v.attachments,
                  required: true,
                },
                (list) => set({ attachments: list }, '/attachments'),
              )
            : needsPhoto(item) && v.attachments.length
              ? html`<p class="muted">${w.photos}: ${v.attachments.map((a) => a.filename).join(', ')}</p>`
              : nothing
        }
        ${textareaField(form, {
          name: '/comment',
          label: t.comment,
          required: flagged || v.result === 'fail',
          maxLength: 2000,
          value: v.comment,
          onInput: (x) => set({ comment: x }, '/comment'),
        })}
      </fieldset>
      ${editable ? html`<button type="submit" part="button save-button submit-button" class="button" ?disabled=${form.busy || form.waiting.length > 0} aria-label="${t.save}: ${item.text}">${t.save}</button>` : nothing}
      ${saved} ${formStatus(form, this.localize)}
    </form>`;
  }

  private renderSubmission(c: ChecklistView, editable: boolean) {
    const t = this.localize.table('inspection');
    const s = c.submission;
    if (s) {
      const when = this.localize.date(s.submittedAt);
      return html`<p class=${s.result === 'passed' ? 'ok' : 'danger'}>${s.result === 'passed' ? t.passed(s.inspector, when) : t.failed(s.inspector, when, s.failedItems.join(', '))}</p>`;
    }
    if (this.forms.accepted('inspection-submit', c.key).length) return html`<p class="ok">${t.submitted}</p>`;
    if (!editable && !this.pending('inspection-submit', c.key).length) return nothing;
    const form = this.submitForm(c);
    const open = this.openItems(c);
    return html`<form part="form submit-form" data-form=${form.id} novalidate aria-labelledby="submit-title" @submit=${form.handleSubmit}>
      <h3 id="submit-title">${t.submit}</h3>
      ${errorSummary(form, this.localize)} ${requiredNote(this.localize)}
      ${
        open.length
          ? customField(
              form,
              { name: 'items', label: t.itemsToAnswer, group: 'group' },
              () => html`<ul>${open.map((i) => html`<li>${i.text}</li>`)}</ul>`,
            )
          : nothing
      }
      <fieldset class="plain" ?disabled=${form.waiting.length > 0}>
        ${inputField(form, {
          name: '/inspector',
          label: t.inspector,
          required: true,
          autocomplete: 'name',
          maxLength: 200,
          value: form.values.inspector,
          onInput: (x) => form.set({ inspector: x }, '/inspector'),
        })}
      </fieldset>
      ${submitButton(form, t.submit)}
      ${formStatus(form, this.localize)}
    </form>`;
  }

  private renderInspection(data: WorkOrderData) {
    const t = this.localize.table('inspection');
    const c = this.list(data);
    if (!c) return html`<div part="base" class="base"><p>${t.none}</p></div>`;
    const editable =
      this.can(data, 'inspection:submit') && !c.submission && !this.pending('inspection-submit', c.key).length;
    return html`<section part="base" class="base" aria-labelledby="inspection-title">
      <h2 id="inspection-title">${c.title === 'Checklist' ? t.title : c.title}</h2>
      ${this.renderOutbox()} ${c.items.map((item) => this.renderItem(c, item, editable))}
      ${this.renderSubmission(c, editable)}
    </section>`;
  }

  render() {
    return this.data.render((data) => this.renderInspection(data));
  }
}
