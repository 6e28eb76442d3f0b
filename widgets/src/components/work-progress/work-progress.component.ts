import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { TaskStatus } from '@lit/task';
import { jobs, session } from '@amage/api-client';
import type { JobStage, JobStatus, JobView, StageState } from '@amage/contracts';
import { AmageElement } from '../../internal/amage-element.js';
import { LocalizeController } from '../../internal/localize.js';
import { PortalAccessController } from '../../internal/portal-access.js';
import { PortalDataController } from '../../internal/portal-data.js';
import { AmageLoadEvent } from '../../events/load.js';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import styles from './work-progress.styles.js';

/**
 * @summary Shows a customer how their job is going: status, what happens next, progress, stages,
 * history, dates and the technician.
 *
 * @fires amage-load - The job was loaded and is shown. Detail `{ subjectType: 'job', ref }`. Bubbles, composed.
 * @fires amage-load-error - Loading failed. Detail `{ code, status }` (`status` 0 for network errors). Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 * @fires amage-link-renewal-requested - A fresh link was requested. Detail `{ recipient }` (masked). Bubbles, composed.
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
 * @csspart timeline - The history list, newest first.
 * @csspart event - One history entry.
 * @csspart message - Loading, error and access messages.
 * @csspart button - Every button (retry, open, send new link).
 *
 * @cssprop [--track-height=0.75rem] - Height of the progress bar.
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: progress, active stage, buttons.
 * @cssprop [--amage-font-family=inherit] - Font family.
 * @cssprop [--amage-radius=6px] - Corner radius.
 */
export default class AmageWorkProgress extends AmageElement {
  static styles = [tokenStyles, hostStyles, messageStyles, styles];

  private readonly localize = new LocalizeController(this);
  private readonly access = new PortalAccessController(this);
  private readonly data = new PortalDataController<JobView>(this, {
    access: this.access,
    localize: this.localize,
    args: () => [this.job],
    load: async (api, signal) => {
      const ref = this.job || this.access.subject?.ref || (await session.get(api, { signal })).subject.ref;
      return jobs.get(api, ref, { signal });
    },
    loaded: (job) => this.emit(new AmageLoadEvent({ subjectType: 'job', ref: job.ref })),
  });

  /** Server base URL; defaults to the origin the script was loaded from. */
  @property() accessor api = '';
  /** Link (`amg_…`) or session (`amgs_…`) token; defaults to `#token=` of the page URL. */
  @property() accessor token = '';
  /** Job reference; defaults to the subject of the token. */
  @property() accessor job = '';

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
    // styleMap writes the width through the CSSOM, which strict host-page CSPs (no 'unsafe-inline') allow.
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
        <div part="indicator" class="indicator" style=${styleMap({ width: `${percent}%` })}></div>
      </div>
      <span aria-hidden="true">${this.localize.number(percent / 100, { style: 'percent' })}</span>
    </div>`;
  }

  private renderFacts(job: JobView) {
    const t = this.localize;
    const facts: [string, string | undefined][] = [
      [t.term('plannedDates'), this.dateRange(job.plannedStart, job.plannedEnd)],
      [t.term('actualDates'), this.dateRange(job.actualStart, job.actualEnd)],
      [t.term('estimatedCompletion'), job.estimatedCompletion && t.date(job.estimatedCompletion)],
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

  private renderJob(job: JobView) {
    const t = this.localize;
    const timeline = [...job.timeline].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    return html`<section part="base" class="base" aria-labelledby="title" aria-busy=${this.data.task.status === TaskStatus.PENDING}>
      <p part="number" class="number"><span class="visually-hidden">${t.term('jobNumber')}: </span>${job.number}</p>
      <h2 part="title" id="title">${job.title}</h2>
      <p>
        ${t.term('status')}:
        <span part="status" class="status status--${job.status}">${t.table('jobStatus')[job.status as JobStatus] ?? job.status}</span>
      </p>
      <p part="next" class="next">${this.nextLine(job)}</p>
      ${this.renderProgress(job)} ${this.renderFacts(job)}
      ${job.stages.length
        ? html`<h3>${t.term('stages')}</h3>
            <ol part="stages">
              ${job.stages.map((stage) => this.renderStage(stage))}
            </ol>`
        : nothing}
      <h3>${t.term('timeline')}</h3>
      ${timeline.length
        ? html`<ol part="timeline">
            ${timeline.map(
              (entry) => html`<li part="event" class="event">
                <time datetime=${entry.at}>${t.date(entry.at)}</time>
                ${entry.text ?? entry.type}
              </li>`,
            )}
          </ol>`
        : html`<p class="muted">${t.term('noTimeline')}</p>`}
      <p class="muted updated">${t.term('updatedAt', t.date(job.updatedAt))}</p>
    </section>`;
  }

  render() {
    return this.data.render((job) => this.renderJob(job));
  }
}
