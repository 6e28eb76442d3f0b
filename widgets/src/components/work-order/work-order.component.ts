import { html, nothing, type PropertyValues } from 'lit';
import { query, state } from 'lit/decorators.js';
import { SIGNATURE_DATA_URL_MAX } from '@amage/contracts/constants';
import type {
  Attachment,
  CompleteWorkOrderBody,
  CreateFindingBody,
  CreateWorkLogBody,
  Material,
  WorkOrderView,
} from '@amage/contracts';
import { validateCompleteWorkOrderBody } from '@amage/contracts/validators/CompleteWorkOrderBody';
import { validateCreateFindingBody } from '@amage/contracts/validators/CreateFindingBody';
import { validateCreateWorkLogBody } from '@amage/contracts/validators/CreateWorkLogBody';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import { remembered, type OutboxItem, type OutboxKind } from '../../internal/subcontractor/outbox.js';
import { WorkOrderWidget, type WorkOrderData } from '../../internal/subcontractor/work-order-base.js';
import { workOrderSharedStyles } from '../../internal/subcontractor/work-order-shared.styles.js';
import styles from './work-order.styles.js';
import { localDateTimeToIso } from '../../internal/date-rules.js';
import { fieldMessage, lines } from '../../internal/form-state.js';
import { SignaturePad } from '../../internal/signature-pad.js';

type Tab = 'work' | 'inspection' | 'loto' | 'permits';
type Form = 'log' | 'finding' | 'completion';
interface LogDraft {
  start: string;
  end: string;
  duration: string;
  workers: string;
  materials: { code: string; description: string; quantity: string; unit: string }[];
  notes: string;
  attachments?: Attachment[];
}
interface FindingDraft {
  what: string;
  where: string;
  urgency: string;
  attachments?: Attachment[];
}
const emptyLog = (): LogDraft => ({
  start: '',
  end: '',
  duration: '',
  workers: '',
  materials: [],
  notes: '',
  attachments: [],
});
const emptyFinding = (): FindingDraft => ({ what: '', where: '', urgency: 'normal', attachments: [] });
const ids = (list?: Attachment[]) => (list?.length ? { attachments: list.map((a) => a.id) } : {});
const files = (list?: Attachment[]) => (list?.length ? { files: list } : {});

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
 * @fires amage-action-refused - The server refused it. Detail `{ subjectType, ref, kind, id, code }`. Bubbles, composed.
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
 * @csspart field - A label + control + error group.
 * @csspart label - A field's label.
 * @csspart input - Every input, select and textarea.
 * @csspart submit-button - The submit buttons.
 * @csspart signature - The signature canvas.
 * @csspart error-summary - The list of errors or of what blocks completion.
 * @csspart outbox - "Waiting to send" and refusals.
 * @csspart step-up-form - The confirmation code prompt of a sign-off waiting for its code.
 * @csspart button - Every button.
 * @csspart message - Loading, error and access messages.
 *
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: buttons, active tab, focus.
 * @cssprop [--signature-height=10rem] - Height of the signature box.
 */
export default class AmageWorkOrder extends WorkOrderWidget {
  static styles = [tokenStyles, hostStyles, messageStyles, workOrderSharedStyles, styles];
  protected static kinds: OutboxKind[] = ['work-log', 'finding', 'completion'];

  @query('canvas') private accessor canvas: HTMLCanvasElement | null = null;
  @state() private accessor tab: Tab = 'work';
  @state() private accessor log: LogDraft = emptyLog();
  @state() private accessor finding: FindingDraft = emptyFinding();
  @state() private accessor completion = {
    summary: '',
    remarks: '',
    confirmedBy: '',
    typed: false,
    typedSignature: '',
  };
  @state() private accessor errors: Partial<Record<Form, Record<string, string>>> = {};
  @state() private accessor blockers: string[] = [];
  private drafted = '';
  private pad?: SignaturePad;

  protected updated(changed: PropertyValues) {
    super.updated(changed);
    // The canvas comes and goes (tabs, "type my name instead"): each new one gets its own pad.
    if (this.canvas !== (this.pad?.canvas ?? null)) {
      this.pad = this.canvas ? new SignaturePad(this.canvas, () => {}) : undefined;
    }
  }

  protected willUpdate(changed: PropertyValues) {
    super.willUpdate(changed);
    const ref = this.data.task.value?.view.ref;
    if (ref && this.drafted !== ref) {
      this.drafted = ref;
      this.log = remembered.get(ref, 'draft:work-log', emptyLog());
      this.finding = remembered.get(ref, 'draft:finding', this.finding);
      this.completion = {
        ...this.completion,
        ...remembered.get(ref, 'draft:completion', {}),
        confirmedBy: remembered.get(ref, 'draft:completion', { confirmedBy: '' }).confirmedBy || this.personName(ref),
      };
    }
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

  private save(name: string, value: unknown) {
    const ref = this.data.task.value?.view.ref;
    if (ref) remembered.set(ref, name, value);
  }

  private setLog(patch: Partial<LogDraft>) {
    this.log = { ...this.log, ...patch };
    this.save('draft:work-log', this.log);
  }

  private fail(form: Form, errors: Record<string, string>) {
    this.errors = { ...this.errors, [form]: errors };
    void this.updateComplete.then(() =>
      this.shadowRoot!.querySelector<HTMLElement>(
        `[part~="${form === 'log' ? 'log' : form}-form"] [part~="error-summary"]`,
      )?.focus(),
    );
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

  // ── work log ──

  private handleLog(e: SubmitEvent, ref: string) {
    e.preventDefault();
    const w = this.localize.table('workOrder');
    const d = this.log;
    const errors: Record<string, string> = {};
    const start = localDateTimeToIso(d.start);
    const end = localDateTimeToIso(d.end);
    const duration = d.duration ? Number(d.duration) : undefined;
    if (!(start && end) && !duration) errors['/start'] = w.timeNeeded;
    if (start && end && Date.parse(end) <= Date.parse(start)) errors['/end'] = w.endBeforeStart;
    const workers = lines(d.workers);
    if (!workers.length) errors['/workers'] = w.required;
    const materials: Material[] = d.materials
      .filter((m) => m.description.trim() || m.quantity)
      .map((m) => ({
        ...(m.code.trim() ? { code: m.code.trim() } : {}),
        description: m.description.trim(),
        quantity: Number(m.quantity),
        unit: m.unit.trim(),
      }));
    materials.forEach((m, i) => {
      if (!m.description) errors[`/materials/${i}/description`] = w.required;
      if (!(m.quantity > 0)) errors[`/materials/${i}/quantity`] = w.required;
      if (!m.unit) errors[`/materials/${i}/unit`] = w.required;
    });
    const body: CreateWorkLogBody = {
      ...(start && end ? { start, end } : { durationMinutes: duration }),
      workers,
      ...(materials.length ? { materials } : {}),
      ...(d.notes.trim() ? { notes: d.notes.trim() } : {}),
      ...ids(d.attachments),
    };
    const photos = this.photosBlock('log-photos');
    if (photos) errors['/attachments'] = photos;
    if (!Object.keys(errors).length && !validateCreateWorkLogBody(body)) {
      for (const err of validateCreateWorkLogBody.errors ?? [])
        errors[err.instancePath || '/start'] ??= fieldMessage(this.localize, err);
    }
    if (Object.keys(errors).length) return this.fail('log', errors);
    if (!this.queue(ref, { kind: 'work-log', method: 'post', path: '/work-logs', body, ...files(d.attachments) }))
      return;
    this.errors = { ...this.errors, log: {} };
    this.setLog(emptyLog());
  }

  // ── finding ──

  private handleFinding(e: SubmitEvent, ref: string) {
    e.preventDefault();
    const w = this.localize.table('workOrder');
    const body = {
      what: this.finding.what.trim(),
      where: this.finding.where.trim(),
      urgency: this.finding.urgency,
      ...ids(this.finding.attachments),
    } as CreateFindingBody;
    const errors: Record<string, string> = {};
    const photos = this.photosBlock('finding-photos');
    if (photos) errors['/attachments'] = photos;
    if (!body.what) errors['/what'] = w.required;
    if (!body.where) errors['/where'] = w.required;
    if (!Object.keys(errors).length && !validateCreateFindingBody(body))
      errors['/what'] = validateCreateFindingBody.errors?.[0]
        ? fieldMessage(this.localize, validateCreateFindingBody.errors[0])
        : w.required;
    if (Object.keys(errors).length) return this.fail('finding', errors);
    if (
      !this.queue(ref, { kind: 'finding', method: 'post', path: '/findings', body, ...files(this.finding.attachments) })
    )
      return;
    this.errors = { ...this.errors, finding: {} };
    this.finding = emptyFinding();
    this.save('draft:finding', this.finding);
  }

  // ── completion ──

  /** What blocks completion, counting writes waiting to be sent (they go out first, in order). */
  private missing(view: WorkOrderView): string[] {
    const w = this.localize.table('workOrder');
    const pending = (kind: OutboxKind, target?: string) => this.pending(view.ref, kind, target).length > 0;
    const missing: string[] = [];
    for (const c of view.checklists) {
      if (c.required !== false && !c.submission && !pending('inspection-submit', c.key)) {
        missing.push(w.missingInspection(c.title === 'Checklist' ? this.localize.table('inspection').title : c.title));
      }
    }
    if (
      view.loto &&
      !view.loto.released &&
      !this.pending(view.ref, 'loto-step').some((i) => i.body.step === 'equipment-returned')
    )
      missing.push(w.missingLoto);
    for (const p of view.permits) {
      if (p.onSite.length && !pending('permit-sign-off', p.ref)) missing.push(w.missingPermit(p.ref));
    }
    return missing;
  }

  private setCompletion(patch: Partial<AmageWorkOrder['completion']>) {
    this.completion = { ...this.completion, ...patch };
    const { summary, remarks, confirmedBy, typed, typedSignature } = this.completion;
    this.save('draft:completion', { summary, remarks, confirmedBy, typed, typedSignature });
  }

  private handleComplete(e: SubmitEvent, view: WorkOrderView) {
    e.preventDefault();
    const w = this.localize.table('workOrder');
    this.blockers = this.missing(view);
    const c = this.completion;
    const errors: Record<string, string> = {};
    if (!c.summary.trim()) errors['/summary'] = w.required;
    if (!c.confirmedBy.trim()) errors['/confirmedBy'] = w.required;
    let signature: string | undefined;
    if (c.typed) {
      if (!c.typedSignature.trim()) errors['/typedSignature'] = w.signatureNeeded;
    } else {
      signature = this.pad?.toDataUrl();
      if (!signature || signature.length > SIGNATURE_DATA_URL_MAX) errors['/signature'] = w.signatureNeeded;
    }
    const body: CompleteWorkOrderBody = {
      summary: c.summary.trim(),
      ...(c.remarks.trim() ? { remarks: c.remarks.trim() } : {}),
      confirmedBy: c.confirmedBy.trim(),
      ...(c.typed ? { typedSignature: c.typedSignature.trim() } : { signature }),
      confirmedAt: new Date().toISOString(),
    };
    if (!Object.keys(errors).length && !validateCompleteWorkOrderBody(body)) {
      const first = validateCompleteWorkOrderBody.errors?.[0];
      errors[first?.instancePath || '/summary'] = first ? fieldMessage(this.localize, first) : w.required;
    }
    if (Object.keys(errors).length || this.blockers.length) return this.fail('completion', errors);
    this.rememberName(view.ref, body.confirmedBy);
    if (!this.queue(view.ref, { kind: 'completion', method: 'post', path: '/completion', body })) return;
    this.errors = { ...this.errors, completion: {} };
  }

  // ── rendering ──

  private field(
    form: Form,
    pointer: string,
    label: string,
    control: (attrs: { id: string; invalid: string; describedBy: string | typeof nothing }) => unknown,
  ) {
    const id = `${form}-${pointer.slice(1).replace(/\//g, '-')}`;
    const error = this.errors[form]?.[pointer];
    return html`<div part="field" class="field">
      <label part="label" for=${id}>${label}</label>
      ${control({ id, invalid: error ? 'true' : 'false', describedBy: error ? `${id}-err` : nothing })}
      ${error ? html`<p class="error" id="${id}-err">${error}</p>` : nothing}
    </div>`;
  }

  private summary(form: Form, extra: string[] = []) {
    const errors = Object.values(this.errors[form] ?? {});
    if (!errors.length && !extra.length) return nothing;
    const w = this.localize.table('workOrder');
    return html`<div part="error-summary" class="error-summary" tabindex="-1" role="alert">
      <p>${extra.length ? w.missing : w.fixErrors}</p>
      ${extra.length ? html`<ul>${extra.map((m) => html`<li>${m}</li>`)}</ul>` : nothing}
    </div>`;
  }

  private renderLogForm(ref: string) {
    const w = this.localize.table('workOrder');
    const d = this.log;
    const text = (key: 'start' | 'end' | 'duration' | 'notes') => (e: Event) =>
      this.setLog({ [key]: (e.target as HTMLInputElement).value });
    return html`<form part="form log-form" novalidate @submit=${(e: SubmitEvent) => this.handleLog(e, ref)}>
      <h3>${w.logWork}</h3>
      ${this.summary('log')}
      <div class="row">
        ${this.field('log', '/start', w.start, (a) => html`<input part="input" id=${a.id} type="datetime-local" .value=${d.start} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${text('start')} />`)}
        ${this.field('log', '/end', w.end, (a) => html`<input part="input" id=${a.id} type="datetime-local" .value=${d.end} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${text('end')} />`)}
        ${this.field('log', '/durationMinutes', w.duration, (a) => html`<input part="input" id=${a.id} type="number" min="1" max="1440" inputmode="numeric" .value=${d.duration} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${text('duration')} />`)}
      </div>
      ${this.field('log', '/workers', w.workers, (a) => html`<textarea part="input" id=${a.id} maxlength="5000" .value=${d.workers} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${(e: Event) => this.setLog({ workers: (e.target as HTMLTextAreaElement).value })}></textarea>`)}
      <fieldset>
        <legend>${w.materials}</legend>
        ${d.materials.map((m, i) => {
          const set = (key: keyof LogDraft['materials'][number]) => (e: Event) =>
            this.setLog({
              materials: this.log.materials.map((x, j) =>
                j === i ? { ...x, [key]: (e.target as HTMLInputElement).value } : x,
              ),
            });
          return html`<div class="row material">
            ${this.field('log', `/materials/${i}/code`, w.materialCode, (a) => html`<input part="input" id=${a.id} maxlength="64" .value=${m.code} @input=${set('code')} />`)}
            ${this.field('log', `/materials/${i}/description`, w.materialDescription, (a) => html`<input part="input" id=${a.id} maxlength="300" .value=${m.description} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${set('description')} />`)}
            ${this.field('log', `/materials/${i}/quantity`, w.quantity, (a) => html`<input part="input" id=${a.id} type="number" step="any" min="0" inputmode="decimal" .value=${m.quantity} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${set('quantity')} />`)}
            ${this.field('log', `/materials/${i}/unit`, w.unit, (a) => html`<input part="input" id=${a.id} maxlength="20" .value=${m.unit} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${set('unit')} />`)}
            <button type="button" part="button" class="button" @click=${() => this.setLog({ materials: this.log.materials.filter((_, j) => j !== i) })}>${w.removeMaterial(i + 1)}</button>
          </div>`;
        })}
        <button type="button" part="button" class="button" @click=${() => this.setLog({ materials: [...this.log.materials, { code: '', description: '', quantity: '', unit: '' }] })}>${w.addMaterial}</button>
      </fieldset>
      ${this.field('log', '/notes', w.notes, (a) => html`<textarea part="input" id=${a.id} maxlength="4000" .value=${d.notes} @input=${text('notes')}></textarea>`)}
      ${this.renderPhotos('log-photos', w.photos, d.attachments ?? [], (list) => this.setLog({ attachments: list }), { error: this.errors.log?.['/attachments'] })}
      <button type="submit" part="button submit-button" class="button button--primary">${w.saveLog}</button>
    </form>`;
  }

  private renderFindingForm(ref: string) {
    const w = this.localize.table('workOrder');
    const f = this.finding;
    const set = (key: 'what' | 'where' | 'urgency') => (e: Event) => {
      this.finding = { ...this.finding, [key]: (e.target as HTMLInputElement).value };
      this.save('draft:finding', this.finding);
    };
    return html`<form part="form finding-form" novalidate @submit=${(e: SubmitEvent) => this.handleFinding(e, ref)}>
      <h3>${w.reportFinding}</h3>
      ${this.summary('finding')}
      ${this.field('finding', '/what', w.what, (a) => html`<textarea part="input" id=${a.id} maxlength="4000" .value=${f.what} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${set('what')}></textarea>`)}
      ${this.field('finding', '/where', w.where, (a) => html`<input part="input" id=${a.id} maxlength="300" .value=${f.where} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${set('where')} />`)}
      ${this.field(
        'finding',
        '/urgency',
        w.urgency,
        (a) => html`<select part="input" id=${a.id} @change=${set('urgency')}>
        ${Object.entries(w.urgencies).map(([k, v]) => html`<option value=${k} ?selected=${f.urgency === k}>${v}</option>`)}
      </select>`,
      )}
      ${this.renderPhotos(
        'finding-photos',
        w.photos,
        f.attachments ?? [],
        (list) => {
          this.finding = { ...this.finding, attachments: list };
          this.save('draft:finding', this.finding);
        },
        { error: this.errors.finding?.['/attachments'] },
      )}
      <button type="submit" part="button submit-button" class="button button--primary">${w.sendFinding}</button>
    </form>`;
  }

  private renderCompletionForm(view: WorkOrderView) {
    const w = this.localize.table('workOrder');
    const c = this.completion;
    if (this.pending(view.ref, 'completion').length) return html`<p class="pending">${w.completion}: ${w.waiting}</p>`;
    const sigError = this.errors.completion?.['/signature'];
    return html`<form part="form completion-form" novalidate @submit=${(e: SubmitEvent) => this.handleComplete(e, view)}>
      <h3>${w.completion}</h3>
      ${this.summary('completion', this.blockers)}
      ${this.field('completion', '/summary', w.summary, (a) => html`<textarea part="input" id=${a.id} maxlength="4000" .value=${c.summary} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${(e: Event) => this.setCompletion({ summary: (e.target as HTMLTextAreaElement).value })}></textarea>`)}
      ${this.field('completion', '/remarks', w.remarks, (a) => html`<textarea part="input" id=${a.id} maxlength="4000" .value=${c.remarks} @input=${(e: Event) => this.setCompletion({ remarks: (e.target as HTMLTextAreaElement).value })}></textarea>`)}
      ${this.field('completion', '/confirmedBy', w.confirmedBy, (a) => html`<input part="input" id=${a.id} autocomplete="name" maxlength="200" .value=${c.confirmedBy} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${(e: Event) => this.setCompletion({ confirmedBy: (e.target as HTMLInputElement).value })} />`)}
      <fieldset>
        <legend>${w.signature}</legend>
        <label part="field label" class="field field--inline" for="completion-typed">
          <input part="input" id="completion-typed" type="checkbox" .checked=${c.typed} @change=${(e: Event) => this.setCompletion({ typed: (e.target as HTMLInputElement).checked })} />${w.typeInstead}
        </label>
        ${
          c.typed
            ? this.field(
                'completion',
                '/typedSignature',
                w.typedSignature,
                (a) =>
                  html`<input part="input" id=${a.id} class="typed-signature" maxlength="200" .value=${c.typedSignature} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @input=${(e: Event) => this.setCompletion({ typedSignature: (e.target as HTMLInputElement).value })} />`,
              )
            : html`<p class="muted" id="signature-help">${w.signatureHelp}</p>
              <canvas
                part="signature"
                class="signature"
                width="600"
                height="200"
                role="img"
                aria-label=${w.signature}
                aria-describedby="signature-help${sigError ? ' completion-signature-err' : ''}"
              ></canvas>
              ${sigError ? html`<p class="error" id="completion-signature-err">${sigError}</p>` : nothing}
              <button type="button" part="button" class="button" @click=${() => this.pad?.clear()}>${w.clearSignature}</button>`
        }
      </fieldset>
      <button type="submit" part="button submit-button" class="button button--primary">${w.confirm}</button>
    </form>`;
  }

  private renderWork(data: WorkOrderData) {
    const w = this.localize.table('workOrder');
    const { view } = data;
    const date = (d: string) => this.localize.date(d);
    return html`${view.safetyNotes.length ? html`<h3>${w.safetyNotes}</h3><ul class="safety">${view.safetyNotes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
      ${view.tasks.length ? html`<h3>${w.tasks}</h3><ol>${view.tasks.map((t) => html`<li>${t.text}${t.description ? html`<br /><span class="muted">${t.description}</span>` : nothing}</li>`)}</ol>` : nothing}
      ${view.attachments.length ? html`<h3>${w.attachments}</h3><ul>${view.attachments.map((a) => html`<li>${a.filename ?? a.id}</li>`)}</ul>` : nothing}
      ${
        view.workLogs.length
          ? html`<h3>${w.workLogs}</h3>
            <ul>
              ${view.workLogs.map((l) => html`<li>${l.start ? date(l.start) : date(l.createdAt)} · ${w.minutes(l.durationMinutes)} · ${l.workers.join(', ')}${l.materials.length ? html` · ${l.materials.map((m) => `${m.description} ${this.localize.number(m.quantity)} ${m.unit}`).join(', ')}` : nothing}</li>`)}
            </ul>`
          : nothing
      }
      ${view.findings.length ? html`<h3>${w.findings}</h3><ul>${view.findings.map((f) => html`<li>${f.what} · ${f.where} · ${w.urgencies[f.urgency] ?? f.urgency}</li>`)}</ul>` : nothing}
      ${view.completion ? html`<p class="ok">${w.completedBy(view.completion.confirmedBy, date(view.completion.confirmedAt))}</p>` : nothing}
      ${this.can(data, 'work-order:log-work') ? html`${this.renderLogForm(view.ref)} ${this.renderFindingForm(view.ref)}` : nothing}
      ${this.can(data, 'work-order:complete') ? this.renderCompletionForm(view) : nothing}`;
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
      ${this.renderOutbox(view.ref)}
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
                ${labels[t]}
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
