import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ref } from 'lit/directives/ref.js';
import { TaskStatus } from '@lit/task';
import { ApiError, jobs } from '@amage/api-client';
import type { AttachmentSummary, JobProgressEvent, JobStage, JobStatus, JobView, StageState } from '@amage/contracts';
import { AmageJobDecidedEvent } from '../../events/job-decided.js';
import { AmageJobUpdatedEvent } from '../../events/job-updated.js';
import { JobLiveController, type LiveMode } from './job-live.js';
import { SignaturePad } from '../../internal/signature-pad.js';
import { AmageElement } from '../../internal/amage-element.js';
import { openAttachment } from '../../internal/attachments.js';
import { errorIcon } from '../../internal/form/field-markup.js';
import { FormsController } from '../../internal/form/forms-controller.js';
import { fieldStyles } from '../../styles/field.styles.js';
import { decisionSpec, hasDecisions, ratingSpec, renderDecisions } from './decisions.js';
import { LocalizeController } from '../../internal/localize.js';
import { PortalAccessController } from '../../internal/portal-access.js';
import { PortalDataController, withSession } from '../../internal/portal-data.js';
import { AmageLoadEvent } from '../../events/load.js';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import styles from './work-progress.styles.js';

const KINDS = ['approve-quote', 'reject-quote', 'accept-work', 'report-problem', 'rating'] as const;

/** A job from a server that predates progress events still renders. */
const withDefaults = (job: JobView): JobView => ({
  ...job,
  progress: job.progress ?? [],
  inspections: job.inspections ?? [],
  documents: job.documents ?? [],
});

/**
 * @summary Shows a customer how their job is going: status, what happens next, progress, stages,
 * history, dates and the technician.
 *
 * @fires amage-load - The job was loaded and is shown. Detail `{ subjectType: 'job', ref }`. Bubbles, composed.
 * @fires amage-load-error - Loading failed. Detail `{ code, status }` (`status` 0 for network errors). Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 * @fires amage-link-renewal-requested - A fresh link was requested. Detail `{ recipient }` (masked). Bubbles, composed.
 * @fires amage-job-updated - The job changed while shown (pushed live or found by polling). Detail `{ ref, status, via }`. Bubbles, composed.
 * @fires amage-submit - With `job:approve`: a decision is about to be sent, after the form's own checks passed. Detail `{ kind, ref }`, `kind` one of `approve-quote`, `reject-quote`, `accept-work`, `report-problem`, `rating`. `preventDefault()` stops it. Bubbles, composed, cancelable.
 * @fires amage-action-queued - A decision or rating joined the outbox (it goes now, or when the connection is back). Detail `{ subjectType, ref, kind, id }`. Bubbles, composed.
 * @fires amage-action-sent - The server accepted a decision or rating. Detail `{ subjectType, ref, kind, id }` (`id`: the write's). Bubbles, composed.
 * @fires amage-action-refused - The server refused a decision or rating; its values are back in the form. Detail `{ subjectType, ref, kind, id, code }`. Bubbles, composed.
 * @fires amage-submitted - The server accepted a decision. Detail `{ subjectType: 'job', ref, kind, id }` (`id` of the stored approval or rating). Bubbles, composed.
 * @fires amage-job-decided - The specific event, fired after `amage-submitted`: a quote decided, the work accepted, a problem reported or the service rated. Detail `{ ref, decision, id }` (`decision` `rate` for a rating). Bubbles, composed.
 *
 * @csspart base - The card around everything.
 * @csspart number - The job number.
 * @csspart title - The job title.
 * @csspart status - The status badge.
 * @csspart next - The "now / next" line.
 * @csspart progress - The progress row (bar and percentage).
 * @csspart track - The progress bar track.
 * @csspart indicator - The filled part of the progress bar.
 * @csspart facts - The dates and technician list.
 * @csspart stages - The stages list.
 * @csspart stage - One stage.
 * @csspart timeline - The history list (shared entries and progress events), newest first.
 * @csspart event - One history entry.
 * @csspart live - The "live" indicator.
 * @csspart documents - The list of documents and photos.
 * @csspart inspections - The inspection results per asset.
 * @csspart decisions - The customer's decisions (quotes, acceptance, rating), with `job:approve`.
 * @csspart signature - The signature canvas.
 * @csspart input - Inputs and text areas of the decisions.
 * @csspart open-button - "Open" of a one-time link (the click before it is spent).
 * @csspart retry-button - "Try again" after a failed load.
 * @csspart renew-button - "Send me a new link" when the link has expired.
 * @csspart form - The decision and rating forms.
 * @csspart field - A label + control + hint + error group.
 * @csspart label - A field's label (or legend).
 * @csspart required - The required mark (`*`) of a label.
 * @csspart hint - A field's hint.
 * @csspart choice - A rating choice with its label.
 * @csspart field-error - The error under a field.
 * @csspart error-summary - The list of what to correct, focused after a refused decision.
 * @csspart form-status - Under a form: sending, sent, waiting to send, or why it was refused.
 * @csspart submit-button - The decision and rating buttons.
 * @csspart file-button - A document or photo to open.
 * @csspart message - Loading, error and access messages.
 * @csspart button - Every button (retry, open, send new link).
 *
 * @cssprop [--track-height=0.75rem] - Height of the progress bar.
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: progress, active stage, buttons.
 * @cssprop [--amage-font-family=inherit] - Font family.
 * @cssprop [--amage-radius=6px] - Corner radius.
 * @cssprop [--amage-touch-target=2.75rem] - Height of controls and buttons.
 */
export default class AmageWorkProgress extends AmageElement {
  static styles = [tokenStyles, hostStyles, messageStyles, fieldStyles, styles];

  private readonly localize = new LocalizeController(this);
  private readonly access = new PortalAccessController(this);
  private readonly data = new PortalDataController<JobView>(this, {
    access: this.access,
    localize: this.localize,
    args: () => [this.job],
    load: async (api, signal) => {
      const ref = this.job || this.access.subject?.ref;
      const startedAt = this.forms.loadStarted();
      // A session token from the page says nothing of its actions; the session does.
      let view: JobView;
      if (ref && this.access.actions) view = await jobs.get(api, ref, { signal });
      else {
        const [info, got] = await withSession(api, signal, ref, (r) => jobs.get(api, r, { signal }));
        this.access.actions ??= info.actions;
        view = got;
      }
      const job = withDefaults(view);
      this.forms.attach({ type: 'job', ref: job.ref });
      this.forms.reflected(startedAt);
      return job;
    },
    loaded: (job) => this.handleLoaded(job),
  });
  private readonly live = new JobLiveController(this, this.access, {
    onJob: (job) => this.handleLiveJob(withDefaults(job)),
    poll: async () => {
      await this.data.reload();
      return this.data.task.status !== TaskStatus.ERROR;
    },
    pollMs: () => Math.max(5, this.pollInterval) * 1000,
  });

  @query('canvas') private accessor canvas: HTMLCanvasElement | null = null;

  /** The newest job pushed over the stream (newer than the loaded one until the next load). */
  @state() private accessor pushed: JobView | undefined = undefined;
  @state() private accessor announcement = '';
  @state() private accessor signed = false;
  @state() private accessor fileError: { id: string; text: string } | undefined = undefined;
  private pad?: SignaturePad;
  private shownUpdatedAt?: string;
  private readonly forms = new FormsController(this, {
    access: this.access,
    localize: this.localize,
    kinds: KINDS,
    reload: () => void this.data.reload(),
  });
  private readonly decision = this.forms.form(
    decisionSpec({
      job: () => this.current(this.data.task.value)!.ref,
      localize: this.localize,
      signature: () => (this.pad && !this.pad.isEmpty ? this.pad.toDataUrl() : undefined),
      sent: (decision, id) => {
        this.pad?.clear();
        this.emit(new AmageJobDecidedEvent({ ref: this.current(this.data.task.value)!.ref, decision, id }));
      },
    }),
  );
  private readonly rating = this.forms.form(
    ratingSpec({
      job: () => this.current(this.data.task.value)!.ref,
      localize: this.localize,
      sent: (id) =>
        this.emit(new AmageJobDecidedEvent({ ref: this.current(this.data.task.value)!.ref, decision: 'rate', id })),
    }),
  );

  /** Server base URL; defaults to the origin the script was loaded from. */
  @property() accessor api = '';
  /** Link (`amg_…`) or session (`amgs_…`) token; defaults to `#token=` of the page URL. */
  @property() accessor token = '';
  /** Job reference; defaults to the subject of the token. */
  @property() accessor job = '';
  /** Seconds between checks when live updates (Server-Sent Events) cannot be had. */
  @property({ type: Number, attribute: 'poll-interval' }) accessor pollInterval = 30;
  /** Shows the job as loaded, without live updates. */
  @property({ type: Boolean, attribute: 'no-live' }) accessor noLive = false;

  disconnectedCallback() {
    super.disconnectedCallback();
    this.pad = undefined;
  }

  protected updated(changed: PropertyValues) {
    super.updated(changed);
    // The canvas comes and goes (the acceptance is shown only while the job asks for it): each new one gets a pad.
    if (this.canvas !== (this.pad?.canvas ?? null)) {
      this.pad = this.canvas ? new SignaturePad(this.canvas, () => (this.signed = !this.pad!.isEmpty)) : undefined;
      this.signed = false;
    }
  }

  private handleLoaded(job: JobView) {
    const changed = this.shownUpdatedAt !== undefined && this.shownUpdatedAt !== job.updatedAt;
    if (changed && this.live.mode === 'poll') this.announce(job, 'poll');
    this.shownUpdatedAt = job.updatedAt;
    if (this.pushed && this.pushed.updatedAt <= job.updatedAt) this.pushed = undefined;
    this.emit(new AmageLoadEvent({ subjectType: 'job', ref: job.ref }));
    if (!this.noLive) this.live.follow(job.ref);
  }

  private handleLiveJob(job: JobView) {
    const shown = this.current(this.data.task.value);
    if (shown && job.updatedAt <= shown.updatedAt && job.ref === shown.ref) return;
    this.pushed = job;
    this.shownUpdatedAt = job.updatedAt;
    this.announce(job, 'stream');
  }

  /** Tells screen readers (politely) and the host page what changed. */
  private announce(job: JobView, via: 'stream' | 'poll') {
    const latest = [...job.progress].sort((a, b) => a.at.localeCompare(b.at)).at(-1);
    const what = latest
      ? this.progressLine(latest, job)
      : (this.localize.table('jobStatus')[job.status as JobStatus] ?? job.status);
    this.announcement = this.localize.table('workProgress').updated(what);
    this.emit(new AmageJobUpdatedEvent({ ref: job.ref, status: job.status, via }));
  }

  /** The newer of the loaded and the pushed job. */
  private current(job: JobView | undefined): JobView | undefined {
    if (!job) return this.pushed;
    return this.pushed && this.pushed.ref === job.ref && this.pushed.updatedAt > job.updatedAt ? this.pushed : job;
  }

  /** Loads the job again, keeping the current view until the answer arrives. */
  refresh() {
    return this.data.reload();
  }

  private percent(job: JobView): number | undefined {
    if (job.percentComplete !== undefined) return Math.min(100, Math.max(0, job.percentComplete));
    if (job.status === 'completed') return 100;
    const counted = job.stages.filter((s) => s.state !== 'skipped');
    if (counted.length === 0) return undefined;
    return Math.round((100 * counted.filter((s) => s.state === 'done').length) / counted.length);
  }

  private nextLine(job: JobView): string {
    const t = this.localize;
    if (job.status === 'completed') return t.term('jobCompleted');
    if (job.status === 'cancelled') return t.term('jobCancelled');
    if (job.status === 'on-hold') return t.term('jobOnHold');
    const active = job.stages.find((s) => s.state === 'active');
    if (active) return t.term('nowStage', active.name);
    const pending = job.stages.find((s) => s.state === 'pending');
    if (pending) return t.term('nextStage', pending.name);
    return t.term('jobWaiting');
  }

  private dateRange(from?: string, to?: string) {
    const t = this.localize;
    const day = (d: string) => t.date(d, { dateStyle: 'medium', timeStyle: 'short' });
    if (from && to) return t.term('dateRange', day(from), day(to));
    if (from) return t.term('from', day(from));
    return to ? t.term('until', day(to)) : undefined;
  }

  private renderProgress(job: JobView) {
    const percent = this.percent(job);
    if (percent === undefined) return nothing;
    const label = this.localize.term('percentDone', percent);
    // The width goes through the CSSOM on every render, the first included: a strict host CSP (style-src
    // without 'unsafe-inline') blocks style attributes, and styleMap writes one on its first render.
    const width = (el?: Element) => (el as HTMLElement | undefined)?.style.setProperty('width', `${percent}%`);
    return html`<div part="progress" class="progress">
      <div
        part="track"
        class="track"
        role="progressbar"
        aria-label=${this.localize.term('progress')}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${percent}
        aria-valuetext=${label}
      >
        <div part="indicator" class="indicator" ${ref(width)}></div>
      </div>
      <span aria-hidden="true">${this.localize.number(percent / 100, { style: 'percent' })}</span>
    </div>`;
  }

  private renderFacts(job: JobView) {
    const t = this.localize;
    const facts: [string, string | undefined][] = [
      [t.term('plannedDates'), this.dateRange(job.plannedStart, job.plannedEnd)],
      [t.term('actualDates'), this.dateRange(job.actualStart, job.actualEnd)],
      // Finished work shows when it finished, never an expected completion.
      job.status === 'completed'
        ? [t.term('finishedOn'), job.actualEnd && t.date(job.actualEnd)]
        : [
            t.term('estimatedCompletion'),
            job.status !== 'cancelled' && job.estimatedCompletion ? t.date(job.estimatedCompletion) : undefined,
          ],
      [t.term('technician'), job.technician?.firstName],
    ];
    const shown = facts.filter(([, value]) => value);
    if (shown.length === 0) return nothing;
    return html`<dl part="facts" class="facts">
      ${shown.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}
    </dl>`;
  }

  private renderStage(stage: JobStage) {
    return html`<li part="stage" class="stage stage--${stage.state}" aria-current=${stage.state === 'active' ? 'step' : nothing}>
      <span class="stage__name">${stage.name}</span>
      <span class="muted">${this.localize.table('stageState')[stage.state as StageState] ?? stage.state}</span>
    </li>`;
  }

  /** One line for a progress event: what happened, with its details. */
  private progressLine(event: JobProgressEvent, job: JobView): string {
    const w = this.localize.table('workProgress');
    const t = this.localize;
    const stage = event.stageKey
      ? (job.stages.find((s) => s.key === event.stageKey)?.name ?? event.stageKey)
      : undefined;
    const parts: string[] = [w.progressTypes[event.type] ?? event.type];
    if (event.type === 'status-changed' && event.status)
      parts[0] = `${t.term('status')}: ${t.table('jobStatus')[event.status as JobStatus] ?? event.status}`;
    if (stage) parts.push(stage);
    if (event.type === 'percent-complete' && event.percentComplete !== undefined)
      parts.push(t.term('percentDone', event.percentComplete));
    if (event.type === 'eta' && event.estimatedCompletion) parts.push(t.date(event.estimatedCompletion));
    if (event.severity) parts.push(`(${w.severity[event.severity] ?? event.severity})`);
    if (event.inspection)
      parts.push(
        `${event.inspection.assetName ?? event.inspection.assetRef}: ${w.results[event.inspection.result] ?? event.inspection.result}`,
      );
    const head = parts.join(' · ');
    return event.text ? `${head}: ${event.text}` : head;
  }

  private async openFile(file: AttachmentSummary) {
    this.fileError = undefined;
    try {
      await openAttachment(this.access.client, file);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return this.access.fail(error);
      this.fileError = { id: file.id, text: this.localize.table('workProgress').openFailed };
    }
  }

  private fileButton(file: AttachmentSummary, label?: string) {
    const w = this.localize.table('workProgress');
    return html`<button part="button file-button" class="link" type="button" aria-label=${w.open(file.filename)} @click=${() => void this.openFile(file)}>
      ${label ?? file.filename}
    </button>${
      this.fileError?.id === file.id
        ? html`<span part="field-error" class="field-error" role="alert">${errorIcon}<span>${this.fileError.text}</span></span>`
        : nothing
    }`;
  }

  private renderTimeline(job: JobView) {
    const t = this.localize;
    type Entry = { at: string; text: string; files: AttachmentSummary[] };
    const entries: Entry[] = [
      ...job.timeline.map((e) => ({ at: e.at, text: e.text ?? e.type, files: [] })),
      ...job.progress.map((e) => ({
        at: e.at,
        text: this.progressLine(e, job),
        files: [...(e.inspection?.report ? [e.inspection.report] : []), ...e.attachments],
      })),
    ].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    return html`<h3>${t.term('timeline')}</h3>
      ${
        entries.length
          ? html`<ol part="timeline">
            ${entries.map(
              (entry) => html`<li part="event" class="event">
                <time datetime=${entry.at}>${t.date(entry.at)}</time>
                ${entry.text}
                ${entry.files.length ? html`<span class="files">${entry.files.map((f) => this.fileButton(f))}</span>` : nothing}
              </li>`,
            )}
          </ol>`
          : html`<p class="muted">${t.term('noTimeline')}</p>`
      }`;
  }

  private renderInspections(job: JobView) {
    if (!job.inspections.length) return nothing;
    const w = this.localize.table('workProgress');
    return html`<h3>${w.inspections}</h3>
      <ul part="inspections" class="inspections">
        ${job.inspections.map(
          (i) => html`<li class="inspection inspection--${i.result}">
            <span class="inspection__asset">${i.assetName ?? job.assets?.find((a) => a.ref === i.assetRef)?.name ?? i.assetRef}</span>
            <span class="inspection__result">${w.results[i.result] ?? i.result}</span>
            ${i.remarks ? html`<span class="muted">${i.remarks}</span>` : nothing}
            ${i.report ? html`<span>${w.report}: ${this.fileButton(i.report)}</span>` : nothing}
          </li>`,
        )}
      </ul>`;
  }

  private renderDocuments(job: JobView) {
    if (!job.documents.length) return nothing;
    const w = this.localize.table('workProgress');
    return html`<h3>${w.documents}</h3>
      <ul part="documents" class="documents">
        ${job.documents.map((d) => html`<li>${this.fileButton(d)} <span class="muted">${this.localize.number(Math.max(1, Math.round(d.size / 1024)))} kB</span></li>`)}
      </ul>`;
  }

  private renderDecisions(job: JobView) {
    if (!this.access.actions?.includes('job:approve') || !hasDecisions(job)) return nothing;
    return renderDecisions({
      localize: this.localize,
      job,
      decision: this.decision,
      rating: this.rating,
      accepted: [...KINDS].flatMap((kind) => this.forms.accepted(kind)),
      signed: this.signed,
      clearSignature: () => this.pad?.clear(),
    });
  }

  /** The live badge, truthful: "Live" on the stream, "Offline" when nothing reaches the server, a quiet dot while polling. */
  private renderLive(mode: Exclude<LiveMode, 'off'>) {
    const w = this.localize.table('workProgress');
    const [shown, said] = {
      stream: [w.live, w.liveStream],
      poll: ['', w.livePoll],
      offline: [w.offline, w.liveOffline],
    }[mode];
    return html`<span part="live" class="live live--${mode}" title=${said}
      >${shown}<span class="visually-hidden">${said}</span></span
    >`;
  }

  private renderJob(loaded: JobView) {
    const job = this.current(loaded)!;
    const t = this.localize;
    return html`<section part="base" class="base" aria-labelledby="title" aria-busy=${this.data.task.status === TaskStatus.PENDING}>
      <p part="number" class="number"><span class="visually-hidden">${t.term('jobNumber')}: </span>${job.number}</p>
      <h2 part="title" id="title">${job.title}</h2>
      <p>
        ${t.term('status')}:
        <span part="status" class="status status--${job.status}">${t.table('jobStatus')[job.status as JobStatus] ?? job.status}</span>
        ${this.live.mode !== 'off' ? this.renderLive(this.live.mode) : nothing}
      </p>
      <p part="next" class="next">${this.nextLine(job)}</p>
      ${this.renderProgress(job)} ${this.renderFacts(job)}
      ${
        job.stages.length
          ? html`<h3>${t.term('stages')}</h3>
            <ol part="stages">
              ${job.stages.map((stage) => this.renderStage(stage))}
            </ol>`
          : nothing
      }
      ${this.renderInspections(job)} ${this.renderDocuments(job)} ${this.renderDecisions(job)}
      ${this.renderTimeline(job)}
      <p class="muted updated">${t.term('updatedAt', t.date(job.updatedAt))}</p>
      <p class="visually-hidden" aria-live="polite">${this.announcement}</p>
    </section>`;
  }

  render() {
    return this.data.render((job) => this.renderJob(job));
  }
}
