import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { PermitAcknowledgeBody, PermitView } from '@amage/contracts';
import { validatePermitSignOffBody } from '@amage/contracts/validators/PermitSignOffBody';
import { validatePermitSignOnBody } from '@amage/contracts/validators/PermitSignOnBody';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import type { OutboxKind } from '../../internal/subcontractor/outbox.js';
import { WorkOrderWidget, type WorkOrderData } from '../../internal/subcontractor/work-order-base.js';
import { workOrderSharedStyles } from '../../internal/subcontractor/work-order-shared.styles.js';
import { permitInvalidity } from '../../internal/date-rules.js';
import { fieldMessage, lines } from '../../internal/form-state.js';

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
 * @csspart field - A label + control + error group.
 * @csspart label - A field's label.
 * @csspart input - Every input, select and textarea.
 * @csspart submit-button - The submit buttons.
 * @csspart log - The permit's log.
 * @csspart outbox - "Waiting to send" and refusals.
 * @csspart step-up-form - The confirmation code prompt of a sign-off waiting for its code.
 * @csspart button - Every button.
 * @csspart message - Loading, error and access messages.
 */
export default class AmagePermitLog extends WorkOrderWidget {
  static styles = [tokenStyles, hostStyles, messageStyles, workOrderSharedStyles];
  protected static kinds: OutboxKind[] = ['permit-ack', 'permit-sign-on', 'permit-sign-off'];

  @state() private accessor by: string | undefined = undefined;
  @state() private accessor workers: Record<string, string> = {};
  @state() private accessor leaving: Record<string, string[]> = {};
  @state() private accessor reason: Record<string, string> = {};
  @state() private accessor errors: Record<string, string> = {};

  private name(ref: string) {
    return (this.by ?? this.personName(ref)).trim();
  }

  private fail(errors: Record<string, string>) {
    this.errors = errors;
    void this.updateComplete.then(() => this.shadowRoot!.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  private acknowledge(ref: string, p: PermitView, index: number) {
    const by = this.name(ref);
    if (!by) return this.fail({ by: this.localize.table('workOrder').required });
    this.rememberName(ref, by);
    const body: PermitAcknowledgeBody = { precaution: index, by, at: new Date().toISOString() };
    if (
      !this.queue(ref, {
        kind: 'permit-ack',
        method: 'post',
        path: `/permits/${p.ref}/acknowledgements`,
        body,
        target: `${p.ref}/${index}`,
      })
    )
      return;
    this.errors = {};
  }

  private handleSignOn(e: SubmitEvent, ref: string, p: PermitView) {
    e.preventDefault();
    const w = this.localize.table('workOrder');
    const by = this.name(ref);
    const workers = lines(this.workers[p.ref] ?? '');
    const errors: Record<string, string> = {};
    if (!by) errors.by = w.required;
    if (!workers.length) errors[`${p.ref}-workers`] = w.required;
    const body = { workers, by, at: new Date().toISOString() };
    if (!Object.keys(errors).length && !validatePermitSignOnBody(body))
      errors[`${p.ref}-workers`] = validatePermitSignOnBody.errors?.[0]
        ? fieldMessage(this.localize, validatePermitSignOnBody.errors[0])
        : w.required;
    if (Object.keys(errors).length) return this.fail(errors);
    this.rememberName(ref, by);
    if (
      !this.queue(ref, {
        kind: 'permit-sign-on',
        method: 'post',
        path: `/permits/${p.ref}/sign-ons`,
        body,
        target: p.ref,
      })
    )
      return;
    this.workers = { ...this.workers, [p.ref]: '' };
    this.errors = {};
  }

  private handleSignOff(e: SubmitEvent, ref: string, p: PermitView) {
    e.preventDefault();
    const w = this.localize.table('workOrder');
    const by = this.name(ref);
    const leaving = this.leaving[p.ref] ?? p.onSite;
    const errors: Record<string, string> = {};
    if (!by) errors.by = w.required;
    if (!leaving.length) errors[`${p.ref}-leaving`] = w.required;
    const body = {
      workers: leaving,
      reason: (this.reason[p.ref] ?? 'end-of-shift') as 'end-of-shift' | 'work-complete',
      by,
      at: new Date().toISOString(),
    };
    if (!Object.keys(errors).length && !validatePermitSignOffBody(body)) errors[`${p.ref}-leaving`] = w.required;
    if (Object.keys(errors).length) return this.fail(errors);
    this.rememberName(ref, by);
    // Risky: when the link requires step-up, the outbox keeps this and asks for the code (X-Step-Up-Code).
    if (
      !this.queue(ref, {
        kind: 'permit-sign-off',
        method: 'post',
        path: `/permits/${p.ref}/sign-offs`,
        body,
        target: p.ref,
      })
    )
      return;
    this.leaving = { ...this.leaving, [p.ref]: [] };
    this.errors = {};
  }

  private error(id: string) {
    return this.errors[id] ? html`<p class="error" id="${id}-err">${this.errors[id]}</p>` : nothing;
  }

  private attrs(id: string) {
    return { invalid: this.errors[id] ? 'true' : 'false', describedBy: this.errors[id] ? `${id}-err` : nothing };
  }

  private renderPermit(data: WorkOrderData, p: PermitView) {
    const t = this.localize.table('permitLog');
    const w = this.localize.table('workOrder');
    const ref = data.view.ref;
    const editable = this.can(data, 'permit:sign');
    const date = (d: string) => this.localize.date(d);
    const invalid = permitInvalidity(p);
    const ackPending = (i: number) => this.pending(ref, 'permit-ack', `${p.ref}/${i}`).length > 0;
    const ackEntry = (i: number) => p.log.find((e) => e.kind === 'precaution-acknowledged' && e.precaution === i);
    const allAcknowledged = p.precautions.every((_, i) => ackEntry(i) || ackPending(i));
    const onSite = [
      ...p.onSite,
      ...this.pending(ref, 'permit-sign-on', p.ref).flatMap((i) => i.body.workers as string[]),
    ];
    const signOnPending =
      this.pending(ref, 'permit-sign-on', p.ref).length + this.pending(ref, 'permit-sign-off', p.ref).length;
    const wk = this.attrs(`${p.ref}-workers`);
    const lv = this.attrs(`${p.ref}-leaving`);
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
          ? html`<h4>${t.precautions}</h4>
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
                          ? html`<button type="button" part="button" class="button" aria-label=${t.acknowledgeItem(text)} @click=${() => this.acknowledge(ref, p, i)}>${t.acknowledge}</button>`
                          : nothing
                  }
                </li>`;
              })}
            </ul>`
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
            ? html`<form part="form sign-on-form" novalidate @submit=${(e: SubmitEvent) => this.handleSignOn(e, ref, p)}>
              <div part="field" class="field">
                <label part="label" for="${p.ref}-workers">${t.signOnWorkers}</label>
                <textarea part="input" id="${p.ref}-workers" maxlength="5000" .value=${this.workers[p.ref] ?? ''} aria-invalid=${wk.invalid} aria-describedby=${wk.describedBy} @input=${(e: Event) => (this.workers = { ...this.workers, [p.ref]: (e.target as HTMLTextAreaElement).value })}></textarea>
                ${this.error(`${p.ref}-workers`)}
              </div>
              <button type="submit" part="button submit-button" class="button button--primary">${t.signOn}</button>
            </form>`
            : html`<p class="muted">${t.acknowledgeFirst}</p>`
          : nothing
      }
      ${
        editable && p.onSite.length
          ? html`<form part="form sign-off-form" novalidate @submit=${(e: SubmitEvent) => this.handleSignOff(e, ref, p)}>
            <fieldset aria-invalid=${lv.invalid} aria-describedby=${lv.describedBy}>
              <legend>${t.signOffWorkers}</legend>
              ${p.onSite.map(
                (name, i) => html`<label part="field label" class="field field--inline" for="${p.ref}-off-${i}">
                  <input part="input"
                    id="${p.ref}-off-${i}"
                    type="checkbox"
                    .checked=${(this.leaving[p.ref] ?? p.onSite).includes(name)}
                    @change=${(e: Event) => {
                      const current = this.leaving[p.ref] ?? p.onSite;
                      const on = (e.target as HTMLInputElement).checked;
                      this.leaving = {
                        ...this.leaving,
                        [p.ref]: on ? [...current, name] : current.filter((n) => n !== name),
                      };
                    }}
                  />${name}
                </label>`,
              )}
              ${this.error(`${p.ref}-leaving`)}
            </fieldset>
            <div part="field" class="field">
              <label part="label" for="${p.ref}-reason">${t.reason}</label>
              <select part="input" id="${p.ref}-reason" @change=${(e: Event) => (this.reason = { ...this.reason, [p.ref]: (e.target as HTMLSelectElement).value })}>
                ${Object.entries(t.reasons).map(([k, v]) => html`<option value=${k} ?selected=${(this.reason[p.ref] ?? 'end-of-shift') === k}>${v}</option>`)}
              </select>
            </div>
            <button type="submit" part="button submit-button" class="button">${t.signOff}</button>
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
    const w = this.localize.table('workOrder');
    const { view } = data;
    if (!view.permits.length) return html`<div part="base" class="base"><p>${t.none}</p></div>`;
    const by = this.attrs('by');
    return html`<section part="base" class="base" aria-labelledby="permits-title">
      <h2 id="permits-title">${t.title}</h2>
      ${this.renderOutbox(view.ref)}
      ${
        this.can(data, 'permit:sign')
          ? html`<div part="field" class="field">
            <label part="label" for="by">${w.yourName}</label>
            <input part="input" id="by" autocomplete="name" maxlength="200" .value=${this.by ?? this.personName(view.ref)} aria-invalid=${by.invalid} aria-describedby=${by.describedBy} @input=${(e: Event) => (this.by = (e.target as HTMLInputElement).value)} />
            ${this.error('by')}
          </div>`
          : nothing
      }
      ${view.permits.map((p) => this.renderPermit(data, p))}
    </section>`;
  }

  render() {
    return this.data.render((data) => this.renderPermits(data));
  }
}
