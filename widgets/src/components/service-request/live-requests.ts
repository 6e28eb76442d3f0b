import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, serviceRequests, type KyInstance } from '@amage/api-client';
import type { ServiceRequestView } from '@amage/contracts';

export interface LiveRequestsOptions {
  /** The access client and the customer, when the list is shown; undefined: nothing to follow. */
  target: () => { client: KyInstance; ref: string } | undefined;
  /** Time between looks. */
  intervalMs: () => number;
  /** A 401 (the link stopped working) goes to the access controller. */
  fail: (error: unknown) => void;
}

/**
 * Keeps "My requests" current while the page is open (docs/architecture.md "Live My requests"): it asks
 * for the list every `intervalMs` with the last `ETag` (`If-None-Match`), which costs the server one
 * small query and a 304 while nothing changed, and at once when the page becomes visible again or the
 * connection returns. A hidden page is not polled. `requests` is the newer list, if any.
 */
export class LiveRequestsController implements ReactiveController {
  requests?: readonly ServiceRequestView[];
  private etag?: string;
  private timer?: ReturnType<typeof setTimeout>;
  private running = false;
  private following?: string;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: LiveRequestsOptions,
  ) {
    host.addController(this);
  }

  hostConnected() {
    document.addEventListener('visibilitychange', this.handleWake);
    window.addEventListener('online', this.handleWake);
    this.schedule();
  }

  hostDisconnected() {
    clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.handleWake);
    window.removeEventListener('online', this.handleWake);
  }

  /** A fresh load showed the list as it is now (its `ETag`): follow it from there. */
  loaded(ref: string, etag: string | undefined) {
    this.following = ref;
    this.requests = undefined;
    this.etag = etag;
    this.schedule();
  }

  private readonly handleWake = () => {
    if (document.visibilityState === 'visible' && navigator.onLine) void this.poll();
  };

  private schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), this.options.intervalMs());
  }

  private async poll() {
    const target = this.options.target();
    if (this.running || !target || target.ref !== this.following || document.visibilityState === 'hidden') {
      this.schedule();
      return;
    }
    this.running = true;
    try {
      const { etag, list } = await serviceRequests.listIfChanged(target.client, target.ref, this.etag);
      if (list) {
        this.requests = list.requests;
        this.host.requestUpdate();
      }
      this.etag = etag;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.options.fail(error);
      // Offline or a passing server problem: the next look tries again.
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}
