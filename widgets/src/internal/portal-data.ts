import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { Task, initialState } from '@lit/task';
import { ApiError, type KyInstance } from '@amage/api-client';
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

/**
 * Loads a widget's data with `@lit/task` once access is ready and renders every state: access
 * problems (expired, revoked, … with the "send me a new link" path), pending, error with retry, complete.
 * A 401 hands over to the access controller; other failures fire `amage-load-error`.
 */
export class PortalDataController<T> {
  readonly task: Task<unknown[], T>;
  private readonly access: PortalAccessController;
  private readonly localize: LocalizeController;

  constructor(host: ReactiveControllerHost & HTMLElement, options: PortalDataOptions<T>) {
    this.access = options.access;
    this.localize = options.localize;
    const access = options.access;
    this.task = new Task(host, {
      args: () => [access.state === 'ready' ? access.generation : 0, ...options.args()],
      task: async ([generation], { signal }) => {
        if (!generation) return initialState;
        try {
          const value = await options.load(access.client, signal);
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
   * The states every data-backed element shows before its content. Parts, inherited by each element:
   * @csspart message - Loading, error and access messages.
   * @csspart button - Every button.
   * @csspart open-button - "Open" on a link with a use limit, which waits for a click before spending a use.
   * @csspart retry-button - "Try again" after a failed load.
   * @csspart renew-button - "Send me a new link" on an expired link that can be renewed.
   */
  render(complete: (value: T) => TemplateResult): TemplateResult {
    const { access, localize } = this;
    if (access.state === 'failed' && access.problem) return this.renderProblem(access.problem, () => access.retry());
    if (access.state === 'confirm') {
      return html`<div part="message" class="message">
        <p>${localize.term('confirmOpen')}</p>
        <button part="button open-button" class="button button--primary" @click=${() => access.confirm()}>
          ${localize.term('open')}
        </button>
      </div>`;
    }
    const loading = () => html`<p part="message" class="message" role="status">${localize.term('loading')}</p>`;
    return this.task.render({
      initial: loading,
      pending: () => (this.task.value === undefined ? loading() : complete(this.task.value)),
      complete,
      error: (error) => this.renderProblem(toAccessProblem(error), () => void this.reload()),
    }) as TemplateResult;
  }

  private renderProblem(problem: AccessProblem, retry: () => void): TemplateResult {
    const { localize, access } = this;
    const { message, canRetry } = describe(problem, localize);
    const renewal = access.renewal;
    return html`<div part="message" class="message message--error">
      <p role="alert">${message}</p>
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
    </div>`;
  }
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
