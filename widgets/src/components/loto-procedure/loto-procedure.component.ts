import { html, nothing } from 'lit';
import type { Attachment, LotoExpected, LotoStepBody, LotoStepRecord, LotoView } from '@amage/contracts';
import { validateLotoSignOffBody } from '@amage/contracts/validators/LotoSignOffBody';
import { validateLotoStepBody } from '@amage/contracts/validators/LotoStepBody';
import { hostStyles } from '../../styles/host.styles.js';
import { fieldStyles } from '../../styles/field.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import type { OutboxKind } from '../../internal/subcontractor/device.js';
import { WorkOrderWidget, type WorkOrderData } from '../../internal/subcontractor/work-order-base.js';
import { workOrderSharedStyles } from '../../internal/subcontractor/work-order-shared.styles.js';
import { errorSummary, formStatus, inputField } from '../../internal/form/fields.js';
import styles from './loto-procedure.styles.js';

const same = (a: { pointKey: string | null; step: string }, b: { pointKey?: string | null; step: string }) =>
  a.step === b.step && (a.pointKey ?? null) === (b.pointKey ?? null);

interface StepValues {
  by: string;
  lockNumber: string;
  /** Optional photo of the applied lock (uploaded when chosen). */
  photo: Attachment[];
}

/**
 * @summary A work order's lockout/tagout procedure: the equipment, its energy sources and isolation
 * points, and every step in the one order allowed (per point: lock applied with its number, tag
 * applied, zero energy verified; the isolation sign-off; then locks removed in reverse order and the
 * equipment returned). Only the next step can be confirmed; each records who and when. Steps made
 * without signal wait on the device and are sent in order when it returns.
 *
 * @fires amage-load - The work order was loaded. Detail `{ subjectType: 'work-order', ref }`. Bubbles, composed.
 * @fires amage-load-error - Loading failed. Detail `{ code, status }`. Bubbles, composed.
 * @fires amage-submit - A write is about to be queued; `preventDefault()` stops it (the form stays as it is). Detail `{ kind, ref }`. Bubbles, composed, cancelable.
 * @fires amage-submitted - The server accepted a write (same moment as `amage-action-sent`). Detail `{ subjectType, ref, kind, id }` (`id`: the record made, else the write's id). Bubbles, composed.
 * @fires amage-action-queued - A step was queued. Detail `{ subjectType, ref, kind, id }`. Bubbles, composed.
 * @fires amage-action-sent - The server accepted it. Detail `{ subjectType, ref, kind, id }`. Bubbles, composed.
 * @fires amage-action-refused - The server refused it (e.g. `loto.out_of_order`). Detail `{ subjectType, ref, kind, id, code }`. Bubbles, composed.
 * @fires amage-step-up-requested - A sign-off needs a confirmation code; one was sent. Detail `{ action, recipient }`. Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 *
 * @csspart base - The card around everything.
 * @csspart points - The isolation points table.
 * @csspart steps - The ordered list of steps.
 * @csspart step - One step.
 * @csspart form - The form confirming the next step (also `step-form`).
 * @csspart step-form - The form confirming the next step.
 * @csspart field - A label + control + hint + error group.
 * @csspart label - A field's label.
 * @csspart required - The required mark (`*`) of a label.
 * @csspart hint - A field's hint.
 * @csspart input - Every input, select and textarea.
 * @csspart field-error - The error under a field.
 * @csspart error-summary - The list of what to correct, focused after a refused confirmation.
 * @csspart form-status - Under the form: waiting to send, or why a step was refused.
 * @csspart submit-button - The submit buttons.
 * @csspart confirm-button - The button confirming the next step.
 * @csspart outbox - "Waiting to send" and refusals.
 * @csspart step-up-form - The confirmation code prompt of a sign-off waiting for its code.
 * @csspart open-button - "Open" of a one-time link (the click before it is spent).
 * @csspart retry-button - "Try again" after a failed load.
 * @csspart renew-button - "Send me a new link" when the link has expired.
 * @csspart confirm-button - The button confirming the next step.
 * @csspart step-up - The confirmation code field and "send a new code".
 * @csspart button - Every button.
 * @csspart message - Loading, error and access messages.
 *
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: the next step, buttons.
 * @cssprop [--amage-color-success=#1b7a3a] - Steps done.
 * @cssprop [--amage-touch-target=2.75rem] - Height of controls and buttons.
 */
export default class AmageLotoProcedure extends WorkOrderWidget {
  static styles = [tokenStyles, hostStyles, messageStyles, workOrderSharedStyles, fieldStyles, styles];
  protected static kinds: OutboxKind[] = ['loto-step', 'loto-sign-off'];

  /** One form confirms whichever step is next; steps queued offline move it on. */
  private readonly step = this.form<StepValues>({
    id: 'loto-step',
    kind: () => (this.nextStep()?.step === 'sign-off' ? 'loto-sign-off' : 'loto-step'),
    mode: 'repeat',
    empty: () => ({ by: this.personName(), lockNumber: '', photo: [] }),
    request: (v, now) => {
      const s = this.nextStep()!;
      const by = v.by.trim();
      const at = new Date(now).toISOString();
      if (s.step === 'sign-off')
        // Risky: when the link requires step-up, the outbox keeps this and asks for the code (X-Step-Up-Code).
        return {
          method: 'post',
          path: this.path('/loto/isolation-sign-off'),
          body: { by, at },
          validate: validateLotoSignOffBody,
          stepUp: 'loto:acknowledge',
        };
      const photo = s.step === 'lock-applied' ? v.photo[0] : undefined;
      const body: LotoStepBody = {
        step: s.step,
        by,
        at,
        ...(s.pointKey ? { pointKey: s.pointKey } : {}),
        ...(s.step === 'lock-applied' ? { lockNumber: v.lockNumber.trim() } : {}),
        ...(photo ? { attachment: photo.id } : {}),
      };
      return {
        method: 'post',
        path: this.path('/loto/steps'),
        body: body as unknown as Record<string, unknown>,
        validate: validateLotoStepBody,
        target: `${s.pointKey ?? ''}/${s.step}`,
        stepUp: 'loto:acknowledge',
        ...(photo ? { files: [photo] } : {}),
        errors: [
          ...(s.step === 'lock-applied' && !v.lockNumber.trim()
            ? [{ pointer: '/lockNumber', message: 'required', keyword: 'loto.lock_number_required' }]
            : []),
          ...(s.step === 'lock-applied' ? this.photoErrors('loto-photo', '/attachment') : []),
        ],
      };
    },
    fieldOf: (p) => (p === '/at' ? '/by' : p),
    messages: (e) => this.fieldProblem(e),
    problems: () => this.problems(),
  });

  private pendingFor(s: LotoExpected) {
    if (s.step === 'sign-off') return this.pending('loto-sign-off').length > 0;
    return this.pending('loto-step').some((i) =>
      same(
        {
          pointKey: (i.body as unknown as LotoStepBody).pointKey ?? null,
          step: (i.body as unknown as LotoStepBody).step,
        },
        s,
      ),
    );
  }

  /** The next step on this device: the server's next, moved past steps waiting to be sent. */
  private nextStep(): LotoExpected | undefined {
    const loto = this.data.task.value?.view.loto;
    if (!loto) return undefined;
    return loto.sequence.find(
      (s) => !(s.step === 'sign-off' ? loto.signOff : loto.steps.some((r) => same(r, s))) && !this.pendingFor(s),
    );
  }

  private label(loto: LotoView, s: LotoExpected) {
    const t = this.localize.table('lotoProcedure');
    const point = loto.points.find((p) => p.key === s.pointKey);
    return point ? t.at(t.step[s.step]!, `${point.device} (${point.key})`) : t.step[s.step]!;
  }

  private renderForm(loto: LotoView, s: LotoExpected) {
    const t = this.localize.table('lotoProcedure');
    const w = this.localize.table('workOrder');
    const form = this.step;
    const v = form.values;
    return html`<form part="form step-form" class="step-form" data-form="loto-step" novalidate aria-label="${t.confirm}: ${this.label(loto, s)}" @submit=${form.handleSubmit}>
      ${errorSummary(form, this.localize)}
      <div class="row">
        ${inputField(form, { name: '/by', label: w.yourName, required: true, autocomplete: 'name', maxLength: 200, value: v.by, onInput: (x) => form.set({ by: x }, '/by') })}
        ${s.step === 'lock-applied' ? inputField(form, { name: '/lockNumber', label: t.lockNumber, required: true, maxLength: 40, value: v.lockNumber, onInput: (x) => form.set({ lockNumber: x }, '/lockNumber') }) : nothing}
      </div>
      ${
        s.step === 'lock-applied'
          ? this.renderPhotos(
              form,
              { id: 'loto-photo', name: '/attachment', label: w.lockPhoto, attachments: v.photo, max: 1 },
              (list) => form.set({ photo: list }, '/attachment'),
            )
          : nothing
      }
      <button type="submit" part="button confirm-button submit-button" class="button button--primary" ?disabled=${form.busy} aria-label="${s.step === 'sign-off' ? t.signOff : t.confirm}: ${this.label(loto, s)}">
        ${s.step === 'sign-off' ? t.signOff : t.confirm}
      </button>
      ${formStatus(form, this.localize)}
    </form>`;
  }

  private renderStep(loto: LotoView, s: LotoExpected, next: LotoExpected | undefined, editable: boolean) {
    const t = this.localize.table('lotoProcedure');
    const w = this.localize.table('workOrder');
    const done = s.step === 'sign-off' ? loto.signOff : loto.steps.find((r) => same(r, s));
    const lock = done && 'lockNumber' in done ? (done.lockNumber as string | undefined) : undefined;
    const isNext = next === s;
    const waiting = !done && this.pendingFor(s);
    return html`<li part="step" class="step ${done ? 'step--done' : isNext ? 'step--next' : ''}" aria-current=${isNext ? 'step' : nothing}>
      <span class="step__label">${this.label(loto, s)}</span>
      ${
        done
          ? html`<span class="ok">✓ ${t.doneBy(done.by, this.localize.date(done.at))}${lock ? html` · ${t.lock(lock)}` : nothing}${done && 'attachment' in done && (done as LotoStepRecord).attachment ? html` · ${(done as LotoStepRecord).attachment!.filename}` : nothing}</span>`
          : waiting
            ? html`<span class="pending">${w.waiting}</span>`
            : isNext
              ? html`<span class="muted">${t.next}</span>${editable ? this.renderForm(loto, s) : nothing}`
              : html`<span class="muted">${t.later}</span>`
      }
    </li>`;
  }

  private renderLoto(data: WorkOrderData) {
    const t = this.localize.table('lotoProcedure');
    const { view } = data;
    const loto = view.loto;
    if (!loto) return html`<div part="base" class="base"><p>${t.none}</p></div>`;
    const editable = this.can(data, 'loto:acknowledge');
    const next = this.nextStep();
    const firstRelease = loto.sequence.findIndex((s) => s.phase === 'release');
    return html`<section part="base" class="base" aria-labelledby="loto-title">
      <h2 id="loto-title">${t.title} <span class="muted">${loto.ref}</span></h2>
      ${this.renderOutbox()} ${!editable && !view.closedForWriting ? html`<p class="notice">${t.readOnly}</p>` : nothing}
      ${!next && this.step.status ? formStatus(this.step, this.localize) : nothing}
      ${loto.equipment ? html`<p><strong>${t.equipment}:</strong> ${loto.equipment}</p>` : nothing}
      ${loto.energySources?.length ? html`<p><strong>${t.energySources}:</strong> ${loto.energySources.join(', ')}</p>` : nothing}
      <h3>${t.points}</h3>
      <div class="table-wrap">
        <table part="points">
          <thead>
            <tr><th scope="col">#</th><th scope="col">${t.energy}</th><th scope="col">${t.device}</th><th scope="col">${t.location}</th><th scope="col">${t.method}</th></tr>
          </thead>
          <tbody>
            ${loto.points.map((p) => html`<tr><td>${p.key}</td><td>${p.energy}</td><td>${p.device}</td><td>${p.location}</td><td>${p.method ?? ''}</td></tr>`)}
          </tbody>
        </table>
      </div>
      ${loto.released ? html`<p class="ok">${t.released}</p>` : loto.signOff ? html`<p class="ok">${t.isolated}</p>` : nothing}
      <h3>${t.steps}</h3>
      <ol part="steps" class="steps">
        ${loto.sequence.map(
          (s, i) =>
            html`${
              i === firstRelease && loto.releaseSteps?.length
                ? html`<li class="step step--info"><strong>${t.release}:</strong><ul>${loto.releaseSteps.map((r) => html`<li>${r}</li>`)}</ul></li>`
                : nothing
            }${this.renderStep(loto, s, next, editable)}`,
        )}
      </ol>
    </section>`;
  }

  render() {
    return this.data.render((data) => this.renderLoto(data));
  }
}
