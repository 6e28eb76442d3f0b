// One 8D stage: its deadline and state, the buyer's decision, the supplier's latest answer in full (the
// one just sent too), earlier answers folded away, and the answer form while the stage takes one.
import { html, nothing } from 'lit';
import { stageResponseErrors } from '@amage/contracts/rules';
import type { AttachmentRef, ComplaintStageView, CreateStageResponseBody, StageResponse } from '@amage/contracts';
import { validateCreateStageResponseBody } from '@amage/contracts/validators/CreateStageResponseBody';
import { latestToday, stageOverdue } from '../../internal/date-rules.js';
import type { FormController, FormSpec } from '../../internal/form/form-controller.js';
import {
  customField,
  errorSummary,
  formStatus,
  inputField,
  requiredNote,
  restoredNote,
  submitButton,
  textareaField,
} from '../../internal/form/fields.js';
import type { LocalizeController } from '../../internal/localize.js';
import type { OutboxItem } from '../../internal/outbox.js';
import { subjectPath } from '../../internal/outbox.js';
import { attachmentsField, emptyStage, stageBody, type StageValues } from './bodies.js';

export function stageSpec(ref: () => string, key: string, localize: LocalizeController): FormSpec<StageValues> {
  return {
    id: `stage:${key}`,
    kind: 'stage-response',
    empty: emptyStage,
    request: (values, now) => {
      const body = stageBody(values);
      return {
        method: 'post',
        path: `${subjectPath({ type: 'complaint', ref: ref() })}/stages/${encodeURIComponent(key)}/responses`,
        body,
        target: key,
        validate: validateCreateStageResponseBody,
        errors: stageResponseErrors(body, now),
      };
    },
    fieldOf: attachmentsField,
    problems: () => localize.table('complaint').errors,
    sentText: () => localize.table('complaint').sentResponse,
  };
}

const stageName = (localize: LocalizeController, stage: ComplaintStageView) =>
  localize.table('complaint').stageNames[stage.key] ?? stage.name ?? stage.key;

export interface StageView {
  readonly localize: LocalizeController;
  readonly stage: ComplaintStageView;
  readonly canRespond: boolean;
  readonly form: FormController<StageValues>;
  /** Answers to this stage sent from here that the complaint does not show yet (newest last). */
  readonly pending: readonly OutboxItem[];
  /** Whether the item still waits in the outbox. */
  waiting(item: OutboxItem): boolean;
  /** The person asked to revise an answer the buyer has not decided yet. */
  readonly revising: boolean;
  revise(on: boolean): void;
  fileButton(file: AttachmentRef): unknown;
  readonly client: unknown;
}

function renderAnswer(
  view: StageView,
  r: Pick<StageResponse, 'text' | 'responsible' | 'implementedOn' | 'verifiedOn'> & {
    attachments?: readonly AttachmentRef[];
  },
  when: unknown,
) {
  const t = view.localize.table('complaint');
  const l = view.localize;
  return html`<p class="answer-text">${r.text}</p>
    <p class="muted">
      ${when} · ${t.responsibleShown(r.responsible.name)}${r.implementedOn ? ` · ${t.implementedShown(l.day(r.implementedOn))}` : ''}${r.verifiedOn ? ` · ${t.verifiedShown(l.day(r.verifiedOn))}` : ''}
    </p>
    ${r.attachments?.length ? html`<p class="muted">${t.attachments}: ${r.attachments.map((a, i) => html`${i ? ', ' : ''}${view.fileButton(a)}`)}</p>` : nothing}`;
}

function renderForm(view: StageView) {
  const { localize, form, stage } = view;
  const t = localize.table('complaint');
  const v = form.values;
  const name = stageName(localize, stage);
  const latest = latestToday();
  return html`<form part="form" class="stage-form" data-form=${form.id} novalidate aria-label="${t.respond}: ${name}" @submit=${form.handleSubmit}>
    ${errorSummary(form, localize)} ${restoredNote(form, localize)} ${requiredNote(localize)}
    <fieldset class="plain" ?disabled=${form.waiting.length > 0}>
      ${textareaField(form, { name: '/text', label: t.text, required: true, rows: 5, maxLength: 8000, value: v.text, onInput: (x) => form.set({ text: x }, '/text') })}
      <div class="row">
        ${inputField(form, { name: '/responsible/name', label: t.responsible, required: true, autocomplete: 'name', maxLength: 200, value: v.name, onInput: (x) => form.set({ name: x }, '/responsible/name') })}
        ${inputField(form, { name: '/responsible/role', label: t.role, autocomplete: 'organization-title', maxLength: 100, value: v.role, onInput: (x) => form.set({ role: x }, '/responsible/role') })}
        ${inputField(form, { name: '/implementedOn', label: t.implementedOn, type: 'date', max: latest, hint: t.doneDateHint, value: v.implementedOn, onInput: (x) => form.set({ implementedOn: x }, '/implementedOn') })}
        ${inputField(form, { name: '/verifiedOn', label: t.verifiedOn, type: 'date', max: latest, hint: t.doneDateHint, value: v.verifiedOn, onInput: (x) => form.set({ verifiedOn: x }, '/verifiedOn') })}
      </div>
      ${
        customElements.get('amage-file-picker')
          ? customField(
              form,
              { name: '/attachments', label: t.attachments, inner: true, info: { kind: 'file' } },
              (a) => html`<amage-file-picker
                id=${a.id}
                .error=${a.error ?? ''}
                .client=${view.client}
                .attachments=${v.attachments}
                label=${t.attachments}
                accept="image/jpeg,image/png,image/heic,image/heif,image/webp,application/pdf"
                multiple
                @amage-files-change=${(e: CustomEvent<{ attachments: AttachmentRef[] }>) =>
                  form.set({ attachments: [...e.detail.attachments] }, '/attachments')}
              ></amage-file-picker>`,
            )
          : nothing
      }
    </fieldset>
    <div class="actions">
      ${submitButton(form, stage.state === 'returned' ? t.revise : t.sendResponse)}
      ${view.revising ? html`<button type="button" part="button" class="button" @click=${() => view.revise(false)}>${t.keepAnswer}</button>` : nothing}
    </div>
    ${formStatus(form, localize)}
  </form>`;
}

export function renderStage(view: StageView) {
  const { localize, stage, form } = view;
  const t = localize.table('complaint');
  const overdue = stageOverdue(stage, view.canRespond);
  const badge = stage.state === 'accepted' ? 'badge--good' : stage.state === 'returned' ? 'badge--bad' : '';
  const headingId = `stage-${stage.key}-title`;
  const sent = view.pending.at(-1);
  const latest = stage.responses.at(-1);
  const earlier = sent ? stage.responses : stage.responses.slice(0, -1);
  // The stage takes an answer: not accepted, none waiting for the buyer (or the person revises it).
  const answered = Boolean(sent) || stage.state === 'submitted';
  const showForm =
    view.canRespond &&
    stage.state !== 'accepted' &&
    (!answered || view.revising || !form.pristine || form.waiting.length > 0);
  const state = sent
    ? view.waiting(sent)
      ? t.answerWaiting
      : t.stageState.submitted
    : (t.stageState[stage.state] ?? stage.state);
  return html`<li part="stage ${overdue ? 'overdue' : ''}" class="card stage ${overdue ? 'stage--overdue' : ''}" data-stage=${stage.key} aria-labelledby=${headingId}>
    <h4 id=${headingId}>${stageName(localize, stage)}</h4>
    <p>
      <span class="badge ${sent ? '' : badge}">${state}</span>
      <span part="due" class="due"><time datetime=${stage.dueAt}>${t.due(localize.date(stage.dueAt))}</time></span>
      ${overdue && !sent ? html`<strong class="badge badge--overdue">${t.overdue}</strong>` : nothing}
    </p>
    ${stage.decision?.comment && !sent ? html`<p class="decision"><strong>${t.buyerComment}:</strong> ${stage.decision.comment}</p>` : nothing}
    ${
      sent || latest
        ? html`<div part="answer" class="answer">
          <h5>${t.latestAnswer}</h5>
          ${
            sent
              ? renderAnswer(
                  view,
                  { ...(sent.body as unknown as CreateStageResponseBody), attachments: sent.files ?? [] },
                  view.waiting(sent) ? t.answerWaiting : t.justSent,
                )
              : renderAnswer(
                  view,
                  latest!,
                  html`<time datetime=${latest!.createdAt}>${localize.date(latest!.createdAt, { dateStyle: 'short', timeStyle: 'short' })}</time>`,
                )
          }
        </div>`
        : nothing
    }
    ${
      earlier.length
        ? html`<details>
          <summary>${t.earlierAnswers(earlier.length)}</summary>
          <ol class="history">
            ${earlier.map(
              (r) =>
                html`<li>${renderAnswer(view, r, html`<time datetime=${r.createdAt}>${localize.date(r.createdAt, { dateStyle: 'short', timeStyle: 'short' })}</time>`)}</li>`,
            )}
          </ol>
        </details>`
        : nothing
    }
    ${
      showForm
        ? renderForm(view)
        : view.canRespond && stage.state !== 'accepted'
          ? html`<div class="actions">
              <button type="button" part="button" class="button button--small" @click=${() => view.revise(true)}>${t.revise}</button>
            </div>
            ${formStatus(form, localize)}`
          : nothing
    }
  </li>`;
}
