import { html, nothing } from 'lit';
import type { PermitAcknowledgeBody, PermitSignOffBody, PermitView } from '@amage/contracts';
import { validatePermitSignOffBody } from '@amage/contracts/validators/PermitSignOffBody';
import { validatePermitSignOnBody } from '@amage/contracts/validators/PermitSignOnBody';
import { hostStyles } from '../../styles/host.styles.js';
import { fieldStyles } from '../../styles/field.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import type { OutboxKind } from '../../internal/subcontractor/device.js';
import { WorkOrderWidget, type WorkOrderData } from '../../internal/subcontractor/work-order-base.js';
import { workOrderSharedStyles } from '../../internal/subcontractor/work-order-shared.styles.js';
import { permitInvalidity } from '../../internal/date-rules.js';
import { lines } from '../../internal/form-state.js';
import type { FormController } from '../../internal/form/form-controller.js';
import {
  choiceField,
  errorSummary,
  formStatus,
  inputField,
  selectField,
  submitButton,
  textareaField,
} from '../../internal/form/fields.js';

interface AckValues {
  by: string;
  /** The precaution acknowledged (the button pressed). */
  precaution: number;
}
interface SignOnValues {
  by: string;
  workers: string;
}
interface SignOffValues {
  by: string;
  /** Who leaves; `null` until the person changes it: everybody on site. */
  leaving: string[] | null;
  reason: PermitSignOffBody['reason'];
}

/**
 * @summary The permit(s) to work of a work order: type, validity, location, hazards, precautions,
 * protective equipment, gas tests; the contractor acknowledges each precaution, signs workers on and
 * off, and sees the log of every entry with time and name. A permit outside its validity window,
 * suspended or cancelled offers no sign-on and says why.
 *
 * @fires amage-load - The work order was loaded. Detail `{ subjectType: 'work-order', ref }`. Bubbles, composed.
 * @fires amage-load-error - Loading failed. Detail `{ code, status }`. Bubbles, composed.
 * @fires amage-submit - A write is about to be queued; `preventDefault()` stops it (the form stays as it is). Detail `{ kind, ref }`. Bubbles, composed, cancelable.
 * @fires amage-submitted - The server accepted a write (same moment as `amage-action-sent`). Detail `{ subjectType, ref, kind, id }` (`id`: the record made, else the write's id). Bubbles, composed.
 * @fires amage-action-queued - An entry was queued. Detail `{ subjectType, ref, kind, id }`. Bubbles, composed.
 * @fires amage-action-sent - The server accepted it. Detail `{ subjectType, ref, kind, id }`. Bubbles, composed.
 * @fires amage-action-refused - The server refused it (e.g. `permit.not_valid`). Detail `{ subjectType, ref, kind, id, code }`. Bubbles, composed.
 * @fires amage-step-up-requested - A sign-off needs a confirmation code; one was sent. Detail `{ action, recipient }`. Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 *
 * @csspart base - The card around everything.
 * @csspart permit - One permit.
 * @csspart form - The sign-on and sign-off forms.
 * @csspart sign-on-form - The sign-on form.
 * @csspart sign-off-form - The sign-off form.
 * @csspart field - A label + control + hint + error group.
 * @csspart label - A field's label (or legend).
 * @csspart required - The required mark (`*`) of a label.
 * @csspart hint - A field's hint.
 * @csspart input - Every input, select and textarea.
 * @csspart choice - A worker leaving, with the checkbox.
 * @csspart field-error - The error under a field.
 * @csspart error-summary - The list of what to correct, focused after a refused entry.
 * @csspart form-status - Under a form: saved, waiting to send, or why it was refused.
 * @csspart precautions-form - The acknowledgement of the precautions.
 * @csspart submit-button - The submit buttons.
 * @csspart log - The permit's log.
 * @csspart outbox - "Waiting to send" and refusals.
 * @csspart step-up-form - The confirmation code prompt of a sign-off waiting for its code.
 * @csspart open-button - "Open" of a one-time link (the click before it is spent).
 * @csspart retry-button - "Try again" after a failed load.
 * @csspart renew-button - "Send me a new link" when the link has expired.
 * @csspart step-up - The confirmation code field and "send a new code".
 * @csspart button - Every button.
 * @csspart message - Loading, error and access messages.
 *
 * @cssprop [--amage-touch-target=2.75rem] - Height of controls and buttons.
 */
export default class AmagePermitLog extends WorkOrderWidget {
  static styles = [tokenStyles, hostStyles, messageStyles, workOrderSharedStyles, fieldStyles];
  protected static kinds: OutboxKind[] = ['permit-ack', 'permit-sign-on', 'permit-sign-off'];

  private permit(ref: string): PermitView | undefined {
    return this.data.task.value?.view.permits.find((p) => p.ref === ref);
  }

  private nameField<V extends { by: string }>(form: FormController<V>) {
    return inputField(form, {
      name: '/by',
      label: this.localize.table('workOrder').yourName,
      required: true,
      autocomplete: 'name',
      maxLength: 200,
      value: form.values.by,
      onInput: (x) => form.update((v) => (v.by = x), '/by'),
    });
  }

  private ackForm(p: PermitView) {
    const ref = p.ref;
    return this.form<AckValues>({
      id: `permit-ack:${ref}`,
      kind: 'permit-ack',
      mode: 'repeat',
      empty: () => ({ by: this.personName(), precaution: -1 }),
      request: (v, now) => {
        const body: PermitAcknowledgeBody = {
          precaution: v.precaution,
          by: v.by.trim(),
          at: new Date(now).toISOString(),
        };
        return {
          method: 'post',
          path: this.path(`/permits/${encodeURIComponent(ref)}/acknowledgements`),
          body: body as unknown as Record<string, unknown>,
          target: `${ref}/${v.precaution}`,
          stepUp: 'permit:sign',
          errors: body.by ? [] : [{ pointer: '/by', message: 'required', keyword: 'required' }],
        };
      },
      // A name typed once stays for the next precaution.
      afterSent: (v) => ({ by: v.by, precaution: -1 }),
      messages: (e) => this.fieldProblem(e),
      problems: () => this.problems(),
    });
  }

  private signOnForm(p: PermitView) {
    const ref = p.ref;
    return this.form<SignOnValues>({
      id: `permit-sign-on:${ref}`,
      kind: 'permit-sign-on',
      mode: 'repeat',
      empty: () => ({ by: this.personName(), workers: '' }),
      request: (v, now) => {
        const body = { workers: lines(v.workers), by: v.by.trim(), at: new Date(now).toISOString() };
        return {
          method: 'post',
          path: this.path(`/permits/${encodeURIComponent(ref)}/sign-ons`),
          body,
          validate: validatePermitSignOnBody,
          target: ref,
          stepUp: 'permit:sign',
          errors: [
            ...(body.by ? [] : [{ pointer: '/by', message: 'required', keyword: 'required' }]),
            ...(body.workers.length ? [] : [{ pointer: '/workers', message: 'required', keyword: 'required' }]),
          ],
        };
      },
      fieldOf: (p) => (p.startsWith('/workers') ? '/workers' : p),
      messages: (e) => this.fieldProblem(e),
      problems: () => this.problems(),
      sentText: () => this.localize.table('workOrder').saved,
    });
  }

  private signOffForm(p: PermitView) {
    const ref = p.ref;
    return this.form<SignOffValues>({
      id: `permit-sign-off:${ref}`,
      kind: 'permit-sign-off',
      mode: 'repeat',
      empty: () => ({ by: this.personName(), leaving: null, reason: 'end-of-shift' }),
      request: (v, now) => {
        const body = {
          workers: v.leaving ?? this.permit(ref)?.onSite ?? [],
          reason: v.reason,
          by: v.by.trim(),
          at: new Date(now).toISOString(),
        };
        return {
          method: 'post',
          path: this.path(`/permits/${encodeURIComponent(ref)}/sign-offs`),
          body,
          validate: validatePermitSignOffBody,
          target: ref,
          // Risky: when the link requires step-up, the outbox keeps this and asks for the code (X-Step-Up-Code).
          stepUp: 'permit:sign',
          errors: [
            ...(body.by ? [] : [{ pointer: '/by', message: 'required', keyword: 'required' }]),
            ...(body.workers.length ? [] : [{ pointer: '/workers', message: 'required', keyword: 'minItems' }]),
          ],
        };
      },
      fieldOf: (p) => (p.startsWith('/workers') ? '/workers' : p),
      messages: (e) => this.fieldProblem(e),
      problems: () => this.problems(),
      sentText: () => this.localize.table('workOrder').saved,
    });
  }

  private renderPermit(data: WorkOrderData, p: PermitView) {
    const t = this.localize.table('permitLog');
    const w = this.localize.table('workOrder');
    const editable = this.can(data, 'permit:sign');
    const date = (d: string) => this.localize.date(d);
    const invalid = permitInvalidity(p);
    const ackPending = (i: number) => this.pending('permit-ack', `${p.ref}/${i}`).length > 0;
    const ackEntry = (i: number) => p.log.find((e) => e.kind === 'precaution-acknowledged' && e.precaution === i);
    const allAcknowledged = p.precautions.every((_, i) => ackEntry(i) || ackPending(i));
    const onSite = [...p.onSite, ...this.pending('permit-sign-on', p.ref).flatMap((i) => i.body.workers as string[])];
    const signOnPending = this.pending('permit-sign-on', p.ref).length + this.pending('permit-sign-off', p.ref).length;
    const ack = this.ackForm(p);
    const signOn = this.signOnForm(p);
    const signOff = this.signOffForm(p);
    return html`<article part="permit" class="permit" aria-labelledby="${p.ref}-title">
      <h3 id="${p.ref}-title">${t.type[p.type] ?? p.type} <span class="muted">${p.ref}</span></h3>
      <p>
        <span class="badge ${p.state === 'active' ? 'ok' : 'danger'}">${t.state[p.state]}</span>
        ${t.valid(date(p.validFrom), date(p.validTo))}${p.location ? html` · ${p.location}` : nothing}
      </p>
      ${invalid ? html`<p class="notice danger" role="note">${t.notValid[invalid]}${p.stateReason && p.state !== 'active' ? ` (${p.stateReason})` : ''}</p>` : nothing}
      ${p.hazards.length ? html`<h4>${t.hazards}</h4><ul>${p.hazards.map((h) => html`<li>${h}</li>`)}</ul>` : nothing}
      ${
        p.precautions.length
          ? html`<form part="form precautions-form" data-form=${ack.id} novalidate aria-labelledby="${p.ref}-precautions" @submit=${ack.handleSubmit}>
            <h4 id="${p.ref}-precautions">${t.precautions}</h4>
            ${errorSummary(ack, this.localize)}
            ${editable && !allAcknowledged ? this.nameField(ack) : nothing}
            <ul class="precautions">
              ${p.precautions.map((text, i) => {
                const entry = ackEntry(i);
                return html`<li>
                  ${text}
                  ${
                    entry
                      ? html`<span class="ok">✓ ${t.acknowledgedBy(entry.by, date(entry.at))}</span>`
                      : ackPending(i)
                        ? html`<span class="pending">${w.waiting}</span>`
                        : editable
                          ? html`<button type="submit" part="button submit-button" class="button button--small" aria-label=${t.acknowledgeItem(text)} ?disabled=${ack.busy} @click=${() => ack.set({ precaution: i })}>${t.acknowledge}</button>`
                          : nothing
                  }
                </li>`;
              })}
            </ul>
            ${formStatus(ack, this.localize)}
          </form>`
          : nothing
      }
      ${p.ppe?.length ? html`<h4>${t.ppe}</h4><ul>${p.ppe.map((x) => html`<li>${x}</li>`)}</ul>` : nothing}
      ${
        p.gasTests?.length
          ? html`<h4>${t.gasTests}</h4>
            <ul>
              ${p.gasTests.map((g) => html`<li>${g.gas}: ${this.localize.number(g.value)} ${g.unit}${g.result ? ` (${g.result})` : ''}${g.at ? ` · ${date(g.at)}` : ''}</li>`)}
            </ul>`
          : nothing
      }
      <h4>${t.onSite}</h4>
      <p>${onSite.length ? onSite.join(', ') : t.nobody}${signOnPending ? html` <span class="pending">(${w.waiting})</span>` : nothing}</p>
      ${
        editable && !invalid
          ? allAcknowledged
            ? html`<form part="form sign-on-form" data-form=${signOn.id} novalidate aria-label="${t.signOn}: ${p.ref}" @submit=${signOn.handleSubmit}>
              ${errorSummary(signOn, this.localize)}
              ${this.nameField(signOn)}
              ${textareaField(signOn, { name: '/workers', label: t.signOnWorkers, hint: w.workersHint, required: true, maxLength: 5000, value: signOn.values.workers, onInput: (x) => signOn.set({ workers: x }, '/workers') })}
              ${submitButton(signOn, t.signOn)}
              ${formStatus(signOn, this.localize)}
            </form>`
            : html`<p class="muted">${t.acknowledgeFirst}</p>`
          : nothing
      }
      ${
        editable && p.onSite.length
          ? html`<form part="form sign-off-form" data-form=${signOff.id} novalidate aria-label="${t.signOff}: ${p.ref}" @submit=${signOff.handleSubmit}>
            ${errorSummary(signOff, this.localize)}
            ${this.nameField(signOff)}
            ${choiceField(signOff, {
              name: '/workers',
              label: t.signOffWorkers,
              type: 'checkbox',
              required: true,
              value: signOff.values.leaving ?? p.onSite,
              options: p.onSite.map((n) => [n, n] as const),
              onChange: (name, on) =>
                signOff.update((v) => {
                  const current = v.leaving ?? p.onSite;
                  v.leaving = on ? [...current, name] : current.filter((n) => n !== name);
                }, '/workers'),
            })}
            ${selectField(signOff, {
              name: '/reason',
              label: t.reason,
              required: true,
              value: signOff.values.reason,
              options: Object.entries(t.reasons).map(([k, v]) => [k, v ?? k] as const),
              onChange: (x) => signOff.set({ reason: x as SignOffValues['reason'] }, '/reason'),
            })}
            ${submitButton(signOff, t.signOff, { primary: false })}
            ${formStatus(signOff, this.localize)}
          </form>`
          : nothing
      }
      ${
        p.log.length
          ? html`<h4>${t.log}</h4>
            <ol part="log">
              ${p.log.map(
                (e) => html`<li>
                  <time datetime=${e.at}>${date(e.at)}</time> · ${t.entry[e.kind]} · ${e.by}
                  ${e.workers?.length ? html` · ${e.workers.join(', ')}` : nothing}${e.precaution !== undefined ? html` · ${p.precautions[e.precaution] ?? ''}` : nothing}
                  ${e.reason ? html` · ${t.reasons[e.reason] ?? e.reason}` : nothing}
                </li>`,
              )}
            </ol>`
          : nothing
      }
    </article>`;
  }

  private renderPermits(data: WorkOrderData) {
    const t = this.localize.table('permitLog');
    const { view } = data;
    if (!view.permits.length) return html`<div part="base" class="base"><p>${t.none}</p></div>`;
    return html`<section part="base" class="base" aria-labelledby="permits-title">
      <h2 id="permits-title">${t.title}</h2>
      ${this.renderOutbox()} ${view.permits.map((p) => this.renderPermit(data, p))}
    </section>`;
  }

  render() {
    return this.data.render((data) => this.renderPermits(data));
  }
}
