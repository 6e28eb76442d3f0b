import { html, nothing, type PropertyValues } from 'lit';
import { query, state } from 'lit/decorators.js';
import type { WorkOrderView } from '@amage/contracts';
import { validateCompleteWorkOrderBody } from '@amage/contracts/validators/CompleteWorkOrderBody';
import { validateCreateFindingBody } from '@amage/contracts/validators/CreateFindingBody';
import { validateCreateWorkLogBody } from '@amage/contracts/validators/CreateWorkLogBody';
import { hostStyles } from '../../styles/host.styles.js';
import { fieldStyles } from '../../styles/field.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import type { OutboxItem } from '../../internal/outbox.js';
import type { OutboxKind } from '../../internal/subcontractor/device.js';
import { WorkOrderWidget, type WorkOrderData } from '../../internal/subcontractor/work-order-base.js';
import { workOrderSharedStyles } from '../../internal/subcontractor/work-order-shared.styles.js';
import {
  choiceField,
  customField,
  errorSummary,
  formStatus,
  inputField,
  requiredNote,
  restoredNote,
  selectField,
  submitButton,
  textareaField,
} from '../../internal/form/fields.js';
import { SignaturePad } from '../../internal/signature-pad.js';
import { subjectPath } from '../../internal/outbox.js';
import {
  completion,
  emptyFinding,
  emptyLog,
  finding,
  workLog,
  type CompletionValues,
  type FindingValues,
  type LogValues,
} from './entries.js';
import styles from './work-order.styles.js';

type Tab = 'work' | 'inspection' | 'loto' | 'permits';

/**
 * @summary A subcontractor's work order, opened from a (usually one-time) link: what to do, where,
 * when, safety notes, tasks and documents; log work (time, workers, materials, notes), report
 * findings, and confirm completion with a name and a signature drawn on screen (or a typed name).
 * Tabs show the inspection, the LOTO procedure and the permits when the work order has them. Made
 * for bad signal: everything done is kept on the device and sent, in order, when the connection
 * returns.
 *
 * @fires amage-load - The work order was loaded. Detail `{ subjectType: 'work-order', ref }`. Bubbles, composed.
 * @fires amage-load-error - Loading failed. Detail `{ code, status }`. Bubbles, composed.
 * @fires amage-submit - A write is about to be queued; `preventDefault()` stops it (the form stays as it is). Detail `{ kind, ref }`. Bubbles, composed, cancelable.
 * @fires amage-submitted - The server accepted a write (same moment as `amage-action-sent`). Detail `{ subjectType, ref, kind, id }` (`id`: the record made, else the write's id). Bubbles, composed.
 * @fires amage-action-queued - A work log, finding or completion was queued. Detail `{ subjectType, ref, kind, id }`. Bubbles, composed.
 * @fires amage-action-sent - The server accepted it. Detail `{ subjectType, ref, kind, id }`. Bubbles, composed.
 * @fires amage-action-refused - The server refused it; what was typed is back in its form with the reason. Detail `{ subjectType, ref, kind, id, code }`. Bubbles, composed.
 * @fires amage-step-up-requested - A sign-off needs a confirmation code; one was sent (the prompt shows here unless that section's tab is open). Detail `{ action, recipient }`. Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 * The embedded `<amage-inspection>`, `<amage-loto-procedure>` and `<amage-permit-log>` fire theirs too.
 *
 * @csspart base - The card around everything.
 * @csspart tabs - The tab list.
 * @csspart tab - One tab.
 * @csspart form - Every form (work log, finding, completion).
 * @csspart log-form - The work log form.
 * @csspart finding-form - The finding form.
 * @csspart completion-form - The completion form.
 * @csspart field - A label + control + hint + error group.
 * @csspart label - A field's label.
 * @csspart required - The required mark (`*`) of a label.
 * @csspart hint - A field's hint, and the "fields marked * …" note.
 * @csspart input - Every input, select and textarea.
 * @csspart choice - A checkbox with its label.
 * @csspart field-error - The error under a field.
 * @csspart form-status - Under a form: saved, waiting to send, or why it was refused.
 * @csspart submit-button - The submit buttons.
 * @csspart signature - The signature canvas.
 * @csspart error-summary - The list of errors (what blocks completion among them), focused after a refused save.
 * @csspart outbox - "Waiting to send" and refusals.
 * @csspart step-up-form - The confirmation code prompt of a sign-off waiting for its code.
 * @csspart open-button - "Open" of a one-time link (the click before it is spent).
 * @csspart retry-button - "Try again" after a failed load.
 * @csspart renew-button - "Send me a new link" when the link has expired.
 * @csspart step-up - The confirmation code field and "send a new code".
 * @csspart button - Every button.
 * @csspart message - Loading, error and access messages.
 *
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: buttons, active tab, focus.
 * @cssprop [--signature-height=10rem] - Height of the signature box.
 * @cssprop [--amage-touch-target=2.75rem] - Height of controls and buttons.
 */
export default class AmageWorkOrder extends WorkOrderWidget {
  static styles = [tokenStyles, hostStyles, messageStyles, workOrderSharedStyles, fieldStyles, styles];
  protected static kinds: OutboxKind[] = ['work-log', 'finding', 'completion'];

  @query('canvas') private accessor canvas: HTMLCanvasElement | null = null;
  @state() private accessor tab: Tab = 'work';
  private pad?: SignaturePad;

  private readonly log = this.form<LogValues>({
    id: 'work-log',
    kind: 'work-log',
    mode: 'repeat',
    empty: emptyLog,
    request: (v, now) => {
      const { body, errors } = workLog(v, now);
      return {
        method: 'post',
        path: `${subjectPath({ type: 'work-order', ref: this.ref })}/work-logs`,
        body,
        validate: validateCreateWorkLogBody,
        errors: [...errors, ...this.photoErrors('log-photos')],
        ...(v.attachments.length ? { files: v.attachments } : {}),
      };
    },
    fieldOf: (p) => (p.startsWith('/attachments') ? 'attachments' : p.startsWith('/workers') ? '/workers' : p),
    messages: (e) => this.fieldProblem(e),
    problems: () => this.problems(),
    sentText: () => this.localize.table('workOrder').saved,
  });

  private readonly finding = this.form<FindingValues>({
    id: 'finding',
    kind: 'finding',
    mode: 'repeat',
    empty: emptyFinding,
    request: (v) => {
      const { body, errors } = finding(v);
      return {
        method: 'post',
        path: `${subjectPath({ type: 'work-order', ref: this.ref })}/findings`,
        body,
        validate: validateCreateFindingBody,
        errors: [...errors, ...this.photoErrors('finding-photos')],
        ...(v.attachments.length ? { files: v.attachments } : {}),
      };
    },
    fieldOf: (p) => (p.startsWith('/attachments') ? 'attachments' : p),
    messages: (e) => this.fieldProblem(e),
    problems: () => this.problems(),
    sentText: () => this.localize.table('workOrder').saved,
  });

  private readonly completion = this.form<CompletionValues>({
    id: 'completion',
    kind: 'completion',
    empty: () => ({ summary: '', remarks: '', confirmedBy: this.personName(), typed: false, typedSignature: '' }),
    request: (v, now) => {
      const { body, errors } = completion(v, this.pad && !this.pad.isEmpty ? this.pad.toDataUrl() : undefined, now);
      const blockers = this.missing(this.data.task.value!.view);
      return {
        method: 'post',
        path: `${subjectPath({ type: 'work-order', ref: this.ref })}/completion`,
        body,
        validate: validateCompleteWorkOrderBody,
        errors: [
          ...errors,
          ...(blockers.length
            ? [{ pointer: '#blockers', message: 'blocked', keyword: 'work-order.completion_blocked' }]
            : []),
        ],
      };
    },
    // The server names what blocks completion (a checklist, the LOTO, a permit): all of it is "before completion".
    fieldOf: (p) => (/^\/(checklists|loto|permits)/.test(p) ? 'blockers' : p),
    messages: (e) =>
      e.keyword === 'work-order.completion_blocked' ? this.localize.table('workOrder').missing : this.fieldProblem(e),
    problems: () => this.problems(),
  });

  protected updated(changed: PropertyValues) {
    super.updated(changed);
    // The canvas comes and goes (tabs, "type my name instead"): each new one gets its own pad.
    if (this.canvas !== (this.pad?.canvas ?? null))
      this.pad = this.canvas ? new SignaturePad(this.canvas, () => {}) : undefined;
  }

  /** The step-up prompt of a child's write shows here unless that child's tab is open. */
  protected showsStepUp(item: OutboxItem) {
    const tab: Tab = item.kind.startsWith('loto')
      ? 'loto'
      : item.kind.startsWith('permit')
        ? 'permits'
        : item.kind === 'answer' || item.kind === 'inspection-submit'
          ? 'inspection'
          : 'work';
    return this.owns(item) || this.tab !== tab;
  }

  // ── tabs ──

  private tabs(view: WorkOrderView): Tab[] {
    return [
      'work',
      ...(view.checklists.length ? (['inspection'] as const) : []),
      ...(view.loto ? (['loto'] as const) : []),
      ...(view.permits.length ? (['permits'] as const) : []),
    ];
  }

  private handleTabKey(e: KeyboardEvent, tabs: Tab[]) {
    const i = tabs.indexOf(this.tab);
    const next =
      e.key === 'ArrowRight'
        ? i + 1
        : e.key === 'ArrowLeft'
          ? i - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : undefined;
    if (next === undefined) return;
    e.preventDefault();
    this.tab = tabs[(next + tabs.length) % tabs.length]!;
    void this.updateComplete.then(() => this.shadowRoot!.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus());
  }

  /** What blocks completion, counting writes waiting to be sent (they go out first, in order). */
  private missing(view: WorkOrderView): string[] {
    const w = this.localize.table('workOrder');
    const pending = (kind: OutboxKind, target?: string) => this.pending(kind, target).length > 0;
    const missing: string[] = [];
    for (const c of view.checklists) {
      if (c.required !== false && !c.submission && !pending('inspection-submit', c.key)) {
        missing.push(w.missingInspection(c.title === 'Checklist' ? this.localize.table('inspection').title : c.title));
      }
    }
    if (
      view.loto &&
      !view.loto.released &&
      !this.pending('loto-step').some((i) => i.body.step === 'equipment-returned')
    )
      missing.push(w.missingLoto);
    for (const p of view.permits) {
      if (p.onSite.length && !pending('permit-sign-off', p.ref)) missing.push(w.missingPermit(p.ref));
    }
    return missing;
  }

  // ── rendering ──

  private renderLogForm() {
    const w = this.localize.table('workOrder');
    const form = this.log;
    const v = form.values;
    const text = (name: 'start' | 'end' | 'duration', label: string, o: Partial<Parameters<typeof inputField>[1]>) =>
      inputField(form, {
        name: name === 'duration' ? '/durationMinutes' : `/${name}`,
        label,
        value: v[name],
        onInput: (x) => form.set({ [name]: x }, name === 'duration' ? '/durationMinutes' : `/${name}`),
        ...o,
      });
    const setMaterial = (i: number, key: keyof LogValues['materials'][number], x: string) =>
      form.update((d) => (d.materials[i]![key] = x), `/materials/${i}/${key}`);
    return html`<form part="form log-form" data-form="work-log" novalidate aria-labelledby="log-title" @submit=${form.handleSubmit}>
      <h3 id="log-title">${w.logWork}</h3>
      ${errorSummary(form, this.localize)} ${restoredNote(form, this.localize)} ${requiredNote(this.localize)}
      <p part="hint" class="hint">${w.timeNeeded}</p>
      <div class="row">
        ${text('start', w.start, { type: 'datetime-local' })} ${text('end', w.end, { type: 'datetime-local' })}
        ${text('duration', w.duration, { type: 'number', min: 1, max: 1440, step: 1, inputmode: 'numeric', info: { kind: 'number', min: 1, max: 1440, whole: true, unit: 'min' } })}
      </div>
      ${textareaField(form, { name: '/workers', label: w.workers, hint: w.workersHint, required: true, maxLength: 5000, value: v.workers, onInput: (x) => form.set({ workers: x }, '/workers') })}
      <fieldset class="group">
        <legend>${w.materials}</legend>
        ${v.materials.map(
          (m, i) => html`<div class="row material">
            ${inputField(form, { name: `/materials/${i}/code`, label: `${w.materialCode} (${i + 1})`, maxLength: 64, value: m.code, onInput: (x) => setMaterial(i, 'code', x) })}
            ${inputField(form, { name: `/materials/${i}/description`, label: `${w.materialDescription} (${i + 1})`, required: true, maxLength: 300, value: m.description, onInput: (x) => setMaterial(i, 'description', x) })}
            ${inputField(form, { name: `/materials/${i}/quantity`, label: `${w.quantity} (${i + 1})`, required: true, type: 'number', step: 'any', min: 0, inputmode: 'decimal', value: m.quantity, info: { kind: 'number', min: 0 }, onInput: (x) => setMaterial(i, 'quantity', x) })}
            ${inputField(form, { name: `/materials/${i}/unit`, label: `${w.unit} (${i + 1})`, required: true, maxLength: 20, value: m.unit, onInput: (x) => setMaterial(i, 'unit', x) })}
            <button type="button" part="button" class="button button--small" @click=${() => form.update((d) => d.materials.splice(i, 1), `/materials/${i}/description`)}>${w.removeMaterial(i + 1)}</button>
          </div>`,
        )}
        <button type="button" part="button" class="button button--small" @click=${() => form.update((d) => d.materials.push({ code: '', description: '', quantity: '', unit: '' }))}>${w.addMaterial}</button>
      </fieldset>
      ${textareaField(form, { name: '/notes', label: w.notes, maxLength: 4000, value: v.notes, onInput: (x) => form.set({ notes: x }, '/notes') })}
      ${this.renderPhotos(form, { id: 'log-photos', label: w.photos, attachments: v.attachments }, (list) => form.set({ attachments: list }, 'attachments'))}
      ${submitButton(form, w.saveLog)}
      ${formStatus(form, this.localize)}
    </form>`;
  }

  private renderFindingForm() {
    const w = this.localize.table('workOrder');
    const form = this.finding;
    const v = form.values;
    return html`<form part="form finding-form" data-form="finding" novalidate aria-labelledby="finding-title" @submit=${form.handleSubmit}>
      <h3 id="finding-title">${w.reportFinding}</h3>
      ${errorSummary(form, this.localize)} ${restoredNote(form, this.localize)}
      ${textareaField(form, { name: '/what', label: w.what, required: true, maxLength: 4000, value: v.what, onInput: (x) => form.set({ what: x }, '/what') })}
      ${inputField(form, { name: '/where', label: w.where, required: true, maxLength: 300, value: v.where, onInput: (x) => form.set({ where: x }, '/where') })}
      ${selectField(form, {
        name: '/urgency',
        label: w.urgency,
        required: true,
        value: v.urgency,
        options: Object.entries(w.urgencies).map(([k, label]) => [k, label ?? k] as const),
        onChange: (x) => form.set({ urgency: x as FindingValues['urgency'] }, '/urgency'),
      })}
      ${this.renderPhotos(form, { id: 'finding-photos', label: w.photos, attachments: v.attachments }, (list) => form.set({ attachments: list }, 'attachments'))}
      ${submitButton(form, w.sendFinding)}
      ${formStatus(form, this.localize)}
    </form>`;
  }

  private renderCompletionForm(view: WorkOrderView) {
    const w = this.localize.table('workOrder');
    const form = this.completion;
    const v = form.values;
    const blockers = this.missing(view);
    return html`<form part="form completion-form" data-form="completion" novalidate aria-labelledby="completion-title" @submit=${form.handleSubmit}>
      <h3 id="completion-title">${w.completion}</h3>
      ${errorSummary(form, this.localize)} ${restoredNote(form, this.localize)} ${requiredNote(this.localize)}
      ${
        blockers.length
          ? customField(
              form,
              { name: 'blockers', label: w.missing, group: 'group' },
              () => html`<ul class="blockers">${blockers.map((m) => html`<li>${m}</li>`)}</ul>`,
            )
          : nothing
      }
      <fieldset class="plain" ?disabled=${form.waiting.length > 0}>
        ${textareaField(form, { name: '/summary', label: w.summary, required: true, maxLength: 4000, value: v.summary, onInput: (x) => form.set({ summary: x }, '/summary') })}
        ${textareaField(form, { name: '/remarks', label: w.remarks, maxLength: 4000, value: v.remarks, onInput: (x) => form.set({ remarks: x }, '/remarks') })}
        ${inputField(form, { name: '/confirmedBy', label: w.confirmedBy, required: true, autocomplete: 'name', maxLength: 200, value: v.confirmedBy, onInput: (x) => form.set({ confirmedBy: x }, '/confirmedBy') })}
        ${choiceField(form, {
          name: 'typed',
          label: w.signature,
          type: 'checkbox',
          value: v.typed ? ['typed'] : [],
          options: [['typed', w.typeInstead]],
          onChange: (_x, checked) => form.set({ typed: checked }, v.typed ? '/typedSignature' : '/signature'),
        })}
        ${
          v.typed
            ? inputField(form, {
                name: '/typedSignature',
                label: w.typedSignature,
                required: true,
                maxLength: 200,
                class: 'typed-signature',
                value: v.typedSignature,
                onInput: (x) => form.set({ typedSignature: x }, '/typedSignature'),
              })
            : customField(
                form,
                { name: '/signature', label: w.drawnSignature, hint: w.signatureHelp, required: true },
                (a) => html`<canvas
                    part="signature"
                    class="signature"
                    id=${a.id}
                    width="600"
                    height="200"
                    role="img"
                    aria-label=${w.signature}
                    aria-describedby=${a.describedBy}
                    @pointerup=${() => form.set({}, '/signature')}
                  ></canvas>
                  <button type="button" part="button" class="button button--small" @click=${() => this.pad?.clear()}>${w.clearSignature}</button>`,
              )
        }
      </fieldset>
      ${submitButton(form, w.confirm)}
      ${formStatus(form, this.localize)}
    </form>`;
  }

  private renderWork(data: WorkOrderData) {
    const w = this.localize.table('workOrder');
    const { view } = data;
    const date = (d: string) => this.localize.date(d);
    const loggedHere = this.pending('work-log');
    return html`${view.safetyNotes.length ? html`<h3>${w.safetyNotes}</h3><ul class="safety">${view.safetyNotes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
      ${view.tasks.length ? html`<h3>${w.tasks}</h3><ol>${view.tasks.map((t) => html`<li>${t.text}${t.description ? html`<br /><span class="muted">${t.description}</span>` : nothing}</li>`)}</ol>` : nothing}
      ${view.attachments.length ? html`<h3>${w.attachments}</h3><ul>${view.attachments.map((a) => html`<li>${a.filename ?? a.id}</li>`)}</ul>` : nothing}
      ${
        view.workLogs.length || loggedHere.length
          ? html`<h3>${w.workLogs}</h3>
            <ul>
              ${view.workLogs.map((l) => html`<li>${l.start ? date(l.start) : date(l.createdAt)} · ${w.minutes(l.durationMinutes)} · ${l.workers.join(', ')}${l.materials.length ? html` · ${l.materials.map((m) => `${m.description} ${this.localize.number(m.quantity)} ${m.unit}`).join(', ')}` : nothing}${l.notes ? html`<br /><span class="muted">${l.notes}</span>` : nothing}${l.attachments.length ? html` · ${w.photos}: ${l.attachments.map((a) => a.filename).join(', ')}` : nothing}</li>`)}
              ${loggedHere.map((i) => {
                const v = i.values as LogValues;
                return html`<li>${v.start ? date(new Date(v.start).toISOString()) : w.minutes(Number(v.duration))} · ${v.workers.split('\n').filter(Boolean).join(', ')}${v.notes ? html`<br /><span class="muted">${v.notes}</span>` : nothing}${v.attachments.length ? html` · ${w.photos}: ${v.attachments.map((a) => a.filename).join(', ')}` : nothing} <span class="pending">(${this.forms.outbox?.items.some((x) => x.id === i.id) ? w.waiting : w.savedShort})</span></li>`;
              })}
            </ul>`
          : nothing
      }
      ${view.findings.length ? html`<h3>${w.findings}</h3><ul>${view.findings.map((f) => html`<li>${f.what} · ${f.where} · ${w.urgencies[f.urgency] ?? f.urgency}</li>`)}</ul>` : nothing}
      ${view.completion ? html`<p class="ok">${w.completedBy(view.completion.confirmedBy, date(view.completion.confirmedAt))}</p>` : nothing}
      ${this.can(data, 'work-order:log-work') ? html`${this.renderLogForm()} ${this.renderFindingForm()}` : nothing}
      ${this.can(data, 'work-order:complete') && !view.completion && !this.forms.accepted('completion').length ? this.renderCompletionForm(view) : nothing}`;
  }

  private renderWorkOrder(data: WorkOrderData) {
    const w = this.localize.table('workOrder');
    const { view } = data;
    const tabs = this.tabs(view);
    if (!tabs.includes(this.tab)) this.tab = 'work';
    const labels: Record<Tab, string> = {
      work: w.tabOverview,
      inspection: w.tabInspection,
      loto: w.tabLoto,
      permits: w.tabPermits,
    };
    // A refused entry of another tab waits for its form there: the tab says so.
    const refusedOn = (tab: Tab) =>
      (this.forms.outbox?.refusals ?? []).filter((r) =>
        tab === 'inspection'
          ? r.item.kind === 'answer' || r.item.kind === 'inspection-submit'
          : tab === 'loto'
            ? r.item.kind.startsWith('loto')
            : tab === 'permits' && r.item.kind.startsWith('permit'),
      ).length;
    const token = this.access.sessionToken ?? this.token;
    const child = {
      inspection: () =>
        html`<amage-inspection api=${this.api} token=${token} work-order=${view.ref}></amage-inspection>`,
      loto: () =>
        html`<amage-loto-procedure api=${this.api} token=${token} work-order=${view.ref}></amage-loto-procedure>`,
      permits: () => html`<amage-permit-log api=${this.api} token=${token} work-order=${view.ref}></amage-permit-log>`,
    };
    const planned =
      view.plannedStart && view.plannedEnd
        ? `${this.localize.date(view.plannedStart)} – ${this.localize.date(view.plannedEnd)}`
        : undefined;
    const writable = data.actions.some((a) => a !== 'work-order:read');
    return html`<section part="base" class="base" aria-labelledby="wo-title">
      <p class="muted"><span class="visually-hidden">${w.number}: </span>${view.number} · <span class="badge">${w.status[view.status] ?? view.status}</span></p>
      <h2 id="wo-title">${view.description}</h2>
      <dl class="facts">
        ${[
          [w.site, view.site],
          [w.location, view.location],
          [w.asset, view.asset?.name ?? view.asset?.ref],
          [w.planned, planned],
        ]
          .filter(([, v]) => v)
          .map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}
      </dl>
      ${data.fromCache ? html`<p class="notice" role="status">${w.fromCache}</p>` : nothing}
      ${view.status === 'completed' ? html`<p class="notice">${w.closed}</p>` : view.status === 'cancelled' ? html`<p class="notice danger">${w.cancelled}</p>` : !writable ? html`<p class="notice">${w.readOnly}</p>` : nothing}
      ${this.renderOutbox()}
      ${
        tabs.length > 1
          ? html`<div part="tabs" class="tabs" role="tablist" aria-label=${w.sections} @keydown=${(e: KeyboardEvent) => this.handleTabKey(e, tabs)}>
            ${tabs.map(
              (t) => html`<button
                type="button"
                part="tab"
                class="tab"
                role="tab"
                id="tab-${t}"
                aria-selected=${this.tab === t ? 'true' : 'false'}
                aria-controls="panel-${t}"
                tabindex=${this.tab === t ? 0 : -1}
                @click=${() => (this.tab = t)}
              >
                ${labels[t]}${this.tab !== t && refusedOn(t) ? html` <span class="badge danger">${w.toCorrect(refusedOn(t))}</span>` : nothing}
              </button>`,
            )}
          </div>`
          : nothing
      }
      <div role=${tabs.length > 1 ? 'tabpanel' : nothing} id="panel-${this.tab}" aria-labelledby=${tabs.length > 1 ? `tab-${this.tab}` : nothing} class="panel">
        ${this.tab === 'work' ? this.renderWork(data) : child[this.tab]()}
      </div>
    </section>`;
  }

  render() {
    return this.data.render((data) => this.renderWorkOrder(data));
  }
}
