import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { Attachment, LotoExpected, LotoStepRecord, LotoStepBody, LotoView } from '@amage/contracts';
import { validateLotoSignOffBody } from '@amage/contracts/validators/LotoSignOffBody';
import { validateLotoStepBody } from '@amage/contracts/validators/LotoStepBody';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import type { OutboxKind } from '../../internal/subcontractor/outbox.js';
import { WorkOrderWidget, type WorkOrderData } from '../../internal/subcontractor/work-order-base.js';
import { workOrderSharedStyles } from '../../internal/subcontractor/work-order-shared.styles.js';
import styles from './loto-procedure.styles.js';
import { fieldMessage } from '../../internal/form-state.js';

const same = (a: { pointKey: string | null; step: string }, b: { pointKey?: string | null; step: string }) =>
  a.step === b.step && (a.pointKey ?? null) === (b.pointKey ?? null);

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
 * @csspart field - A label + control + error group.
 * @csspart label - A field's label.
 * @csspart input - Every input, select and textarea.
 * @csspart submit-button - The submit buttons.
 * @csspart confirm-button - The button confirming the next step.
 * @csspart outbox - "Waiting to send" and refusals.
 * @csspart step-up-form - The confirmation code prompt of a sign-off waiting for its code.
 * @csspart button - Every button.
 * @csspart message - Loading, error and access messages.
 *
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: the next step, buttons.
 * @cssprop [--amage-color-success=#1b7a3a] - Steps done.
 */
export default class AmageLotoProcedure extends WorkOrderWidget {
  static styles = [tokenStyles, hostStyles, messageStyles, workOrderSharedStyles, styles];
  protected static kinds: OutboxKind[] = ['loto-step', 'loto-sign-off'];

  @state() private accessor by: string | undefined = undefined;
  @state() private accessor lockNumber = '';
  /** Optional photo of the applied lock (uploaded when chosen). */
  @state() private accessor lockPhoto: Attachment[] = [];
  @state() private accessor errors: Record<string, string> = {};

  private pendingFor(ref: string, s: LotoExpected) {
    if (s.step === 'sign-off') return this.pending(ref, 'loto-sign-off').length > 0;
    return this.pending(ref, 'loto-step').some((i) =>
      same({ pointKey: (i.body as LotoStepBody).pointKey ?? null, step: (i.body as LotoStepBody).step }, s),
    );
  }

  private label(loto: LotoView, s: LotoExpected) {
    const t = this.localize.table('lotoProcedure');
    const point = loto.points.find((p) => p.key === s.pointKey);
    return point ? t.at(t.step[s.step]!, `${point.device} (${point.key})`) : t.step[s.step]!;
  }

  private handleConfirm(e: SubmitEvent, ref: string, s: LotoExpected) {
    e.preventDefault();
    const w = this.localize.table('workOrder');
    const by = (this.by ?? this.personName(ref)).trim();
    const errors: Record<string, string> = {};
    if (!by) errors.by = w.required;
    if (s.step === 'lock-applied' && !this.lockNumber.trim()) errors.lockNumber = w.required;
    const photo = s.step === 'lock-applied' ? this.lockPhoto[0] : undefined;
    if (s.step === 'lock-applied') {
      const blocked = this.photosBlock('loto-photo');
      if (blocked) errors.photo = blocked;
    }
    const at = new Date().toISOString();
    if (s.step === 'sign-off') {
      if (!errors.by && !validateLotoSignOffBody({ by, at })) errors.by = w.required;
    } else {
      const body: LotoStepBody = {
        step: s.step,
        by,
        at,
        ...(s.pointKey ? { pointKey: s.pointKey } : {}),
        ...(s.step === 'lock-applied' ? { lockNumber: this.lockNumber.trim() } : {}),
        ...(photo ? { attachment: photo.id } : {}),
      };
      if (!Object.keys(errors).length && !validateLotoStepBody(body))
        errors.lockNumber = validateLotoStepBody.errors?.[0]
          ? fieldMessage(this.localize, validateLotoStepBody.errors[0])
          : w.required;
      if (!Object.keys(errors).length) {
        this.rememberName(ref, by);
        if (
          !this.queue(ref, {
            kind: 'loto-step',
            method: 'post',
            path: '/loto/steps',
            body,
            target: `${s.pointKey ?? ''}/${s.step}`,
            ...(photo ? { files: [photo] } : {}),
          })
        )
          return;
        this.lockNumber = '';
        this.lockPhoto = [];
      }
    }
    if (s.step === 'sign-off' && !Object.keys(errors).length) {
      this.rememberName(ref, by);
      // Risky: when the link requires step-up, the outbox keeps this and asks for the code (X-Step-Up-Code).
      if (
        !this.queue(ref, { kind: 'loto-sign-off', method: 'post', path: '/loto/isolation-sign-off', body: { by, at } })
      )
        return;
    }
    this.errors = errors;
    if (Object.keys(errors).length) {
      void this.updateComplete.then(() =>
        this.shadowRoot!.querySelector<HTMLElement>('[part~="step-form"] [aria-invalid="true"]')?.focus(),
      );
    }
  }

  private renderForm(ref: string, loto: LotoView, s: LotoExpected) {
    const t = this.localize.table('lotoProcedure');
    const w = this.localize.table('workOrder');
    const field = (
      id: string,
      label: string,
      value: string,
      set: (v: string) => void,
    ) => html`<div part="field" class="field">
      <label part="label" for="loto-${id}">${label}</label>
      <input part="input"
        id="loto-${id}"
        maxlength=${id === 'by' ? 200 : 40}
        .value=${value}
        autocomplete=${id === 'by' ? 'name' : 'off'}
        aria-invalid=${this.errors[id] ? 'true' : 'false'}
        aria-describedby=${this.errors[id] ? `loto-${id}-err` : nothing}
        @input=${(e: Event) => set((e.target as HTMLInputElement).value)}
      />
      ${this.errors[id] ? html`<p class="error" id="loto-${id}-err">${this.errors[id]}</p>` : nothing}
    </div>`;
    return html`<form part="form step-form" class="step-form" novalidate @submit=${(e: SubmitEvent) => this.handleConfirm(e, ref, s)}>
      <div class="row">
        ${field('by', w.yourName, this.by ?? this.personName(ref), (v) => (this.by = v))}
        ${s.step === 'lock-applied' ? field('lockNumber', t.lockNumber, this.lockNumber, (v) => (this.lockNumber = v)) : nothing}
      </div>
      ${s.step === 'lock-applied' ? this.renderPhotos('loto-photo', w.lockPhoto, this.lockPhoto, (list) => (this.lockPhoto = list), { max: 1, error: this.errors.photo }) : nothing}
      <button type="submit" part="button confirm-button submit-button" class="button button--primary">
        ${s.step === 'sign-off' ? t.signOff : t.confirm}<span class="visually-hidden">: ${this.label(loto, s)}</span>
      </button>
    </form>`;
  }

  private renderStep(ref: string, loto: LotoView, s: LotoExpected, next: LotoExpected | undefined, editable: boolean) {
    const t = this.localize.table('lotoProcedure');
    const w = this.localize.table('workOrder');
    const done = s.step === 'sign-off' ? loto.signOff : loto.steps.find((r) => same(r, s));
    const lock = done && 'lockNumber' in done ? (done.lockNumber as string | undefined) : undefined;
    const isNext = next === s;
    const waiting = !done && this.pendingFor(ref, s);
    return html`<li part="step" class="step ${done ? 'step--done' : isNext ? 'step--next' : ''}" aria-current=${isNext ? 'step' : nothing}>
      <span class="step__label">${this.label(loto, s)}</span>
      ${
        done
          ? html`<span class="ok">✓ ${t.doneBy(done.by, this.localize.date(done.at))}${lock ? html` · ${t.lock(lock)}` : nothing}${done && 'attachment' in done && (done as LotoStepRecord).attachment ? html` · ${(done as LotoStepRecord).attachment!.filename}` : nothing}</span>`
          : waiting
            ? html`<span class="pending">${w.waiting}</span>`
            : isNext
              ? html`<span class="muted">${t.next}</span>${editable ? this.renderForm(ref, loto, s) : nothing}`
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
    // The next step on this device: the server's next, moved past steps waiting to be sent.
    const next = loto.sequence.find(
      (s) =>
        !(s.step === 'sign-off' ? loto.signOff : loto.steps.some((r) => same(r, s))) && !this.pendingFor(view.ref, s),
    );
    const firstRelease = loto.sequence.findIndex((s) => s.phase === 'release');
    return html`<section part="base" class="base" aria-labelledby="loto-title">
      <h2 id="loto-title">${t.title} <span class="muted">${loto.ref}</span></h2>
      ${this.renderOutbox(view.ref)} ${!editable && !view.closedForWriting ? html`<p class="notice">${t.readOnly}</p>` : nothing}
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
            }${this.renderStep(view.ref, loto, s, next, editable)}`,
        )}
      </ol>
    </section>`;
  }

  render() {
    return this.data.render((data) => this.renderLoto(data));
  }
}
