import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { JobView } from '@amage/contracts';
import type { PortalAccessController } from '../../internal/portal-access.js';

/**
 * `stream`: pushed live; `poll`: the stream cannot be had, the job is checked every `pollMs`;
 * `offline`: the browser is offline, or the stream dropped and the server does not answer (the badge
 * says so instead of "live").
 */
export type LiveMode = 'off' | 'stream' | 'poll' | 'offline';

export interface JobLiveOptions {
  /** A job pushed by the server. */
  onJob: (job: JobView) => void;
  /** Loads the job again (the polling fallback); false when the server could not be reached. */
  poll: () => Promise<boolean>;
  /** Polling interval while the stream is unavailable. */
  pollMs: () => number;
}

/** Reads `event:`/`data:` blocks of a Server-Sent Events body; comments (heartbeats) are skipped. */
async function readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: string, data: string) => boolean | undefined,
  signal: AbortSignal,
) {
  const reader = body
    .pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>)
    .getReader();
  signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length && onEvent(event, data.join('\n')) === false) {
        await reader.cancel().catch(() => undefined);
        return;
      }
    }
  }
}

/**
 * Keeps a job up to date while the widget is shown: Server-Sent Events from `GET /jobs/{ref}/stream`
 * read with fetch streaming (EventSource cannot send the Authorization header), reconnecting with
 * the current session token when the server ends the stream at the token's expiry; while the stream
 * cannot be had, the job is polled and the stream tried again with growing pauses.
 */
export class JobLiveController implements ReactiveController {
  mode: LiveMode = 'off';
  private ref?: string;
  private abort?: AbortController;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private pollTimer?: ReturnType<typeof setInterval>;
  private failures = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly access: PortalAccessController,
    private readonly options: JobLiveOptions,
  ) {
    host.addController(this);
  }

  hostConnected() {
    window.addEventListener('online', this.handleOnline);
    window.addEventListener('offline', this.handleOffline);
  }

  hostDisconnected() {
    window.removeEventListener('online', this.handleOnline);
    window.removeEventListener('offline', this.handleOffline);
    this.stop();
  }

  /** The browser went offline: the stream is gone whatever it says until it errors out. */
  private readonly handleOffline = () => {
    if (this.ref) this.setMode('offline');
  };

  /** Back online: try the stream at once instead of waiting out the pause. */
  private readonly handleOnline = () => {
    if (!this.ref || this.mode === 'stream') return;
    clearTimeout(this.reconnectTimer);
    this.abort?.abort();
    void this.connect();
  };

  /** Follows the job `ref` (no-op when already following it). */
  follow(ref: string) {
    if (this.ref === ref && this.mode !== 'off') return;
    this.stop();
    this.ref = ref;
    void this.connect();
  }

  stop() {
    this.abort?.abort();
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    this.ref = undefined;
    this.setMode('off');
  }

  private setMode(mode: LiveMode) {
    if (this.mode === mode) return;
    this.mode = mode;
    this.host.requestUpdate();
  }

  private async connect() {
    const ref = this.ref;
    if (!ref || this.access.state !== 'ready') return;
    const abort = new AbortController();
    this.abort = abort;
    try {
      const response = await this.access.client.get(`jobs/${encodeURIComponent(ref)}/stream`, {
        signal: abort.signal,
        timeout: false,
        retry: 0,
        headers: { Accept: 'text/event-stream' },
      });
      if (!response.body || !response.headers.get('content-type')?.includes('text/event-stream'))
        throw new Error('not an event stream');
      this.failures = 0;
      clearInterval(this.pollTimer);
      this.pollTimer = undefined;
      this.setMode('stream');
      await readServerSentEvents(
        response.body,
        (event, data) => {
          if (event === 'job') this.options.onJob(JSON.parse(data) as JobView);
          return event !== 'expired';
        },
        abort.signal,
      );
      // The server ended the stream (the token expired, or it is shutting down): reconnect with the current token.
      if (!abort.signal.aborted) this.reconnectTimer = setTimeout(() => void this.connect(), 1_000);
    } catch {
      if (abort.signal.aborted) return;
      this.failures += 1;
      // Changes may have been missed only if a stream had been open.
      this.startPolling(this.mode === 'stream' || this.mode === 'offline');
      const pause = Math.min(60_000, 2_000 * 2 ** Math.min(this.failures, 5));
      this.reconnectTimer = setTimeout(() => void this.connect(), pause);
    }
  }

  private startPolling(now: boolean) {
    this.setMode(navigator.onLine ? 'poll' : 'offline');
    if (now) void this.check();
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => void this.check(), this.options.pollMs());
  }

  /** One poll: while the stream is down, whether the server answers decides between "checking" and "offline". */
  private async check() {
    const reached = await this.options.poll();
    if (this.mode !== 'stream' && this.ref) this.setMode(reached && navigator.onLine ? 'poll' : 'offline');
  }
}
