import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { Task, initialState } from '@lit/task';
import { ApiError, session, type KyInstance } from '@amage/api-client';
import type { SessionInfo, SupportContact } from '@amage/contracts';
import { AmageLoadErrorEvent } from '../events/load-error.js';
import type { LocalizeController } from './localize.js';
import { toAccessProblem, type AccessProblem, type PortalAccessController } from './portal-access.js';

export interface PortalDataOptions<T> {
  access: PortalAccessController;
  localize: LocalizeController;
  /** Extra task arguments (e.g. the record ref); a change reloads. */
  args: () => readonly unknown[];
  load: (api: KyInstance, signal: AbortSignal) => Promise<T>;
  /** Called once per successful load, e.g. to fire `amage-load`. */
  loaded?: (value: T) => void;
}

/** Codes of a link that no longer works: shown as a banner over what was loaded, which stays (forms and their drafts). */
const DEAD_ENDS = new Set(['token.expired', 'token.used_up', 'token.revoked', 'session.revoked']);

/** Whether the element is shown by `<amage-portal>`, which then shows the dead end itself (once, with the full problem). */
const insidePortal = (host: HTMLElement) => {
  const root = host.getRootNode();
  return root instanceof ShadowRoot && root.host.localName === 'amage-portal';
};

/**
 * Loads a widget's data with `@lit/task` once access is ready and renders every state: access
 * problems (expired, revoked, … with the "send me a new link" path), pending, error with retry, complete.
 * A 401 hands over to the access controller; other failures fire `amage-load-error`.
 */
export class PortalDataController<T> {
  readonly task: Task<unknown[], T>;
  private readonly access: PortalAccessController;
  private readonly localize: LocalizeController;
  private readonly host: HTMLElement;
  /** The last data loaded in this access context: kept on screen when the link stops working mid-way. */
  private kept?: { generation: number; value: T };

  constructor(host: ReactiveControllerHost & HTMLElement, options: PortalDataOptions<T>) {
    this.access = options.access;
    this.localize = options.localize;
    this.host = host;
    const access = options.access;
    this.task = new Task(host, {
      args: () => [access.state === 'ready' ? access.generation : 0, ...options.args()],
      task: async ([generation], { signal }) => {
        if (!generation) return initialState;
        try {
          const value = await options.load(access.client, signal);
          this.kept = { generation: access.generation, value };
          options.loaded?.(value);
          return value;
        } catch (error) {
          if (signal.aborted) throw error;
          if (error instanceof ApiError && error.status === 401) {
            access.fail(error);
            return initialState;
          }
          const { code, status } = toAccessProblem(error);
          host.dispatchEvent(new AmageLoadErrorEvent({ code, status }));
          throw error;
        }
      },
    });
  }

  /** Loads again (keeps showing the current data meanwhile). */
  reload() {
    return this.task.run();
  }

  /**
   * The states every data-backed element shows before its content: at once (before its texts, session
   * and data arrive) a skeleton, then access problems, errors, or the content. Parts, inherited by each
   * element:
   * @csspart skeleton - The placeholder drawn at once, shaped like a card: title, lines, a button.
   * @csspart message - Loading, error and access messages.
   * @csspart button - Every button.
   * @csspart open-button - "Open" on a link with a use limit, which waits for a click before spending a use.
   * @csspart retry-button - "Try again" after a failed load.
   * @csspart renew-button - "Send me a new link" on an expired link that can be renewed.
   * @csspart dead-end-subject - What a link that no longer works was for (kind and number, as the server may say).
   * @csspart dead-end-contact - Whom to ask about a link that no longer works.
   * @csspart dead-end-banner - A link that stopped working mid-way: above the content, which stays.
   */
  render(complete: (value: T) => TemplateResult): TemplateResult {
    const { access, localize } = this;
    if (!localize.ready) return renderSkeleton();
    if (access.state === 'failed' && access.problem) {
      const kept = this.kept?.generation === access.generation ? this.kept.value : undefined;
      if (kept !== undefined && DEAD_ENDS.has(access.problem.code)) {
        // Revoked or expired mid-way: say so above the forms, which keep what was typed.
        return insidePortal(this.host)
          ? complete(kept)
          : html`<div part="dead-end-banner" class="dead-end-banner">
                ${this.renderProblem(access.problem, () => access.retry(), true)}
              </div>
              ${complete(kept)}`;
      }
      return this.renderProblem(access.problem, () => access.retry());
    }
    if (access.state === 'confirm') {
      return html`<div part="message" class="message">
        <p>${localize.term(access.oneTime ? 'confirmOpenOnce' : 'confirmOpen')}</p>
        <button part="button open-button" class="button button--primary" @click=${() => access.confirm()}>
          ${localize.term('open')}
        </button>
      </div>`;
    }
    const loading = () => renderSkeleton(localize.term('loading'));
    return this.task.render({
      initial: loading,
      pending: () => (this.task.value === undefined ? loading() : complete(this.task.value)),
      complete,
      error: (error) => this.renderProblem(toAccessProblem(error), () => void this.reload()),
    }) as TemplateResult;
  }

  private renderProblem(problem: AccessProblem, retry: () => void, keptBelow = false): TemplateResult {
    const { localize, access } = this;
    const { message, canRetry } = describe(problem, localize);
    const renewal = access.renewal;
    const subject = problem.subject;
    const kind = subject ? localize.table('subjectKinds')[subject.type] : undefined;
    const contact = problem.contact;
    return html`<div part="message" class="message message--error">
      <p role="alert">${message}</p>
      ${
        subject && kind
          ? html`<p part="dead-end-subject" class="message__subject">
            ${subject.number ? localize.term('subjectHeading', kind, subject.number) : kind}
          </p>`
          : nothing
      }
      ${keptBelow ? html`<p>${localize.term('deadEndKept')}</p>` : nothing}
      ${
        canRetry
          ? html`<button part="button retry-button" class="button" @click=${retry}>${localize.term('retry')}</button>`
          : nothing
      }
      ${
        problem.renewable && renewal?.state !== 'sent'
          ? html`<button
            part="button renew-button"
            class="button button--primary"
            ?disabled=${renewal?.state === 'sending'}
            @click=${() => void access.requestRenewal()}
          >
            ${renewal?.state === 'sending' ? localize.term('sendingNewLink') : localize.term('sendNewLink')}
          </button>`
          : nothing
      }
      <p role="status" class="message__status">
        ${renewal?.state === 'sent' ? localize.term('newLinkSent', renewal.recipient) : nothing}
        ${renewal?.state === 'failed' ? localize.term('newLinkFailed') : nothing}
      </p>
      ${contact ? renderContact(contact, localize) : nothing}
    </div>`;
  }
}

/** The contact of a dead end: a name, and each way to reach them as a link (`mailto:`, `tel:`, the web page). */
function renderContact(contact: SupportContact, localize: LocalizeController): TemplateResult {
  const ways = [
    contact.name ? html`<span>${contact.name}</span>` : nothing,
    contact.email ? html`<a href=${`mailto:${contact.email}`}>${contact.email}</a>` : nothing,
    contact.phone ? html`<a href=${`tel:${contact.phone.replace(/[^+0-9]/g, '')}`}>${contact.phone}</a>` : nothing,
    contact.url
      ? html`<a href=${contact.url} target="_blank" rel="noopener">${new URL(contact.url).host}</a>`
      : nothing,
  ];
  return html`<p part="dead-end-contact" class="message__contact">${localize.term('deadEndContact')} ${ways}</p>`;
}

/**
 * The session (for the actions it grants) and the record `get` reads: side by side when the element
 * knows the record's ref (the hosted page passes it), else the session first, which names it. One round
 * trip fewer before the content, on the links that matter most (slow phones, far networks).
 */
export async function withSession<T>(
  api: KyInstance,
  signal: AbortSignal,
  ref: string | undefined,
  get: (ref: string) => Promise<T>,
): Promise<[SessionInfo, T]> {
  if (ref) return Promise.all([session.get(api, { signal }), get(ref)]);
  const info = await session.get(api, { signal });
  return [info, await get(info.subject.ref)];
}

/**
 * A grey card of the layout to come, drawn before anything is known (no text needed, so it does not wait
 * for the language module). `status`: the "Loading…" text for screen readers, once the texts are there.
 */
function renderSkeleton(status?: string): TemplateResult {
  return html`<div part="skeleton" class="skeleton" role="status" aria-busy="true">
    <span class="visually-hidden">${status ?? nothing}</span>
    <span class="skeleton__line skeleton__line--title"></span>
    <span class="skeleton__line"></span>
    <span class="skeleton__line"></span>
    <span class="skeleton__line skeleton__line--short"></span>
    <span class="skeleton__button"></span>
  </div>`;
}

function describe(problem: AccessProblem, localize: LocalizeController): { message: string; canRetry: boolean } {
  switch (problem.code) {
    case 'token.missing':
      return { message: localize.term('noToken'), canRetry: false };
    case 'token.expired':
      return { message: localize.term('linkExpired'), canRetry: false };
    case 'session.expired':
      return { message: localize.term('sessionExpired'), canRetry: false };
    case 'session.revoked':
      return { message: localize.term('sessionRevoked'), canRetry: false };
    case 'token.revoked':
      return { message: localize.term('linkRevoked'), canRetry: false };
    case 'token.used_up':
      return { message: localize.term('linkUsedUp'), canRetry: false };
    case 'token.unknown':
    case 'token.malformed':
      return { message: localize.term('linkUnknown'), canRetry: false };
    case 'token.action_not_granted':
    case 'token.subject_mismatch':
      return { message: localize.term('notGranted'), canRetry: false };
    case 'origin.not_allowed':
      return { message: localize.term('originNotAllowed'), canRetry: false };
    case 'rate_limited':
      return { message: localize.term('rateLimited', problem.retryAfter), canRetry: true };
    // The server cannot reach its database (503): to the person, the same as a dropped connection.
    case 'service.unavailable':
    case 'network':
      return { message: localize.term('networkError'), canRetry: true };
    default:
      return { message: localize.term('genericError'), canRetry: true };
  }
}
