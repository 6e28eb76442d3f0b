import { ApiError, isNetworkError, writes, type KyInstance, type WriteMethod } from '@amage/api-client';
import type { Action, Attachment, FieldError, Subject } from '@amage/contracts';
import {
  NO_STEP_UP,
  afterStepUpRefusal,
  isCompleteCode,
  isStepUpProblem,
  requestStepUpCode,
  type StepUpPrompt,
  type StepUpStrings,
} from './step-up.js';

export interface OutboxItem {
  /** Also the Idempotency-Key: a retry after a lost answer is recognised by the server. */
  readonly id: string;
  /** What is written (`delivery`, `work-log`, …): the `kind` of `amage-submit` / `amage-submitted`. */
  readonly kind: string;
  readonly method: WriteMethod;
  /** Below the portal API, e.g. `purchase-orders/PO-1/deliveries`. */
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** Identifies what the item is about within its kind (item key, permit ref, …). */
  readonly target?: string;
  /** The uploaded files the body references by id (already on the server), to show while waiting. */
  readonly files?: readonly Attachment[];
  /** The form that made it and what it held: a refusal puts these values back into its fields. */
  readonly form?: string;
  readonly values?: unknown;
  /** The action whose one-time code the server may ask for (403 `step_up.required`). */
  readonly stepUp?: Action;
  readonly queuedAt: string;
}

/** A write the server refused for good: kept (in storage too) until its form took the values back. */
export interface Refusal {
  readonly item: OutboxItem;
  readonly code: string;
  readonly status: number;
  readonly errors: readonly FieldError[];
}

/** A write waiting for its step-up code: the queue stops there (later items may depend on order). */
export interface StepUpWait {
  readonly item: OutboxItem;
  readonly action: Action;
  readonly prompt: StepUpPrompt;
}

/** What became of a write when its first run stopped. */
export type Outcome =
  | { readonly state: 'sent'; readonly result: unknown }
  | { readonly state: 'refused'; readonly refusal: Refusal }
  | { readonly state: 'queued' }
  | { readonly state: 'step-up' };

const PREFIX = 'amage-portals:';
const RETRY_MS = 15_000;

/** Step-up actions of queued work-order writes stored before items named their own. */
const LEGACY_STEP_UP: Record<string, Action> = {
  'loto-sign-off': 'loto:acknowledge',
  'loto-step': 'loto:acknowledge',
  'permit-sign-off': 'permit:sign',
  'permit-sign-on': 'permit:sign',
  'permit-ack': 'permit:sign',
};

function read<T>(key: string, fallback: T): T {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? 'null') as T | null) ?? fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown) {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or blocked: the queue then lives only in memory */
  }
}

/**
 * Answers that will not change by sending again: the item leaves the queue as a refusal. 503 and other
 * 5xx (the database away), 408, 429 and an idempotency record still in progress count as a dropped
 * connection: the item stays and goes again.
 */
const isFinal = (e: ApiError) =>
  e.status >= 400 && e.status < 500 && ![401, 408, 429].includes(e.status) && e.code !== 'idempotency.in_progress';

/** The portal API path of a subject: `work-orders/WO-1`. */
export const subjectPath = (subject: Subject) => `${subject.type}s/${encodeURIComponent(subject.ref)}`;

/**
 * The queue of writes for one subject (a purchase order, a complaint, a work order, a customer, a job),
 * kept in localStorage so nothing a person did is lost by a dead connection or a reload. Every write of
 * every widget goes through it: items go out one at a time in the order they were made (LOTO steps
 * depend on it), each always with its own Idempotency-Key; a dropped connection (no answer, 5xx) stops
 * the run until the browser is back `online` (or a timed retry). Shared by every widget showing the
 * subject on the page. It fires `change` whenever the queue, the refusals or `sending` change; `queued`
 * (detail: the item) when a write joins the queue; `sent`
 * (detail: `{ item, result }`) after each accepted write; `refused` (detail: the refusal); `step-up`
 * (detail: `{ item, challenge }`) when a code was asked for; `unauthorized` (detail: `{ error }`) when the
 * session no longer works.
 */
export class Outbox extends EventTarget {
  private static readonly all = new Map<string, Outbox>();

  /** The outbox of a subject (one per page and subject). */
  static for(subject: Subject): Outbox {
    const key = `${subject.type}:${subject.ref}`;
    let box = Outbox.all.get(key);
    if (!box) {
      box = new Outbox(subject);
      Outbox.all.set(key, box);
    }
    return box;
  }

  readonly subject: Subject;
  sending = false;
  /** The last run stopped on a dropped connection (shown as "waiting to send"). */
  offline = false;
  /**
   * The first queued item needs a step-up code (403 `step_up.required`): it is kept, a code is asked
   * for, and nothing after it is sent until the code is given (`sendCode`). Kept in memory only: after
   * a reload the item is sent again and the server asks again.
   */
  stepUp?: StepUpWait;
  /**
   * The strings for step-up messages, set by the widgets (the outbox speaks no language itself); read
   * when needed, as the widget's language module may arrive after the outbox is bound.
   */
  stepUpStrings?: () => StepUpStrings;
  /** Translates a problem code for the step-up prompt (set by the widget owning the outbox). */
  describe?: (code: string) => string;
  private client?: KyInstance;
  private timer?: ReturnType<typeof setTimeout>;
  private run?: Promise<void>;
  /** Back online (or "send now") while a run was failing: run again once it ends. */
  private rerun = false;
  private readonly outcomes = new Map<string, Outcome>();
  private readonly key: string;
  private readonly refusedKey: string;

  private constructor(subject: Subject) {
    super();
    this.subject = subject;
    // Work orders keep the key their outbox always had (items queued by an older version still go).
    this.key = `${PREFIX}${subject.type}:${subject.ref}:outbox`;
    this.refusedKey = `${PREFIX}${subject.type}:${subject.ref}:refused`;
    window.addEventListener('online', () => void this.retry());
    window.addEventListener('storage', (e) => (e.key === this.key || e.key === this.refusedKey) && this.changed());
  }

  /** The queued items, oldest first (read from storage, so tabs and widgets agree). */
  get items(): OutboxItem[] {
    const base = subjectPath(this.subject);
    return read<OutboxItem[]>(this.key, []).map((item) =>
      // Items of older versions: a path below the work order, the step-up action by kind.
      item.path.startsWith('/')
        ? { ...item, path: `${base}${item.path}`, stepUp: item.stepUp ?? LEGACY_STEP_UP[item.kind] }
        : item,
    );
  }

  /** Refused writes whose values no form has taken back yet. */
  get refusals(): Refusal[] {
    return read<Refusal[]>(this.refusedKey, []);
  }

  /** Queues a write (once per id: a reload while it was sending does not queue it twice) and starts sending. */
  add(item: Omit<OutboxItem, 'id' | 'queuedAt'> & { id?: string }): OutboxItem {
    const queued: OutboxItem = { ...item, id: item.id ?? crypto.randomUUID(), queuedAt: new Date().toISOString() };
    if (!this.items.some((i) => i.id === queued.id)) {
      write(this.key, [...this.items, queued]);
      this.dispatchEvent(new CustomEvent('queued', { detail: queued }));
    }
    this.changed();
    void this.flush();
    return queued;
  }

  /** Queues a write and waits until the run sending it stops: sent, refused, queued (offline) or waiting for a code. */
  async send(item: Omit<OutboxItem, 'id' | 'queuedAt'> & { id?: string }, signal?: AbortSignal): Promise<Outcome> {
    const queued = this.add(item);
    while (!signal?.aborted) {
      await (this.run ?? this.flush());
      const outcome = this.outcomes.get(queued.id);
      if (outcome) {
        this.outcomes.delete(queued.id);
        return outcome;
      }
      if (this.stepUp?.item.id === queued.id) return { state: 'step-up' };
      if (!this.sending) return { state: 'queued' };
    }
    return { state: 'queued' };
  }

  /** Takes a write out of the queue unsent (the person chose not to send it). */
  remove(item: OutboxItem) {
    if (this.stepUp?.item.id === item.id) this.stepUp = undefined;
    write(
      this.key,
      this.items.filter((i) => i.id !== item.id),
    );
    this.changed();
  }

  /** Forgets a refusal once its form took the values back (or the person dismissed it). */
  dismiss(refusal: Refusal) {
    const rest = this.refusals.filter((r) => r.item.id !== refusal.item.id);
    write(this.refusedKey, rest.length ? rest : undefined);
    this.changed();
  }

  /** The person typed the step-up code for the waiting item: send it (and what follows) now. */
  sendCode(code: string): boolean {
    if (!this.stepUp) return false;
    if (!isCompleteCode(code)) {
      this.stepUp = {
        ...this.stepUp,
        prompt: { ...this.stepUp.prompt, code, error: this.stepUpStrings?.().stepUpWrong ?? 'step_up.invalid' },
      };
      this.changed();
      return false;
    }
    this.stepUp = { ...this.stepUp, prompt: { ...this.stepUp.prompt, code: code.trim(), error: '' } };
    void this.flush();
    return true;
  }

  /** Keeps what the person is typing into the code field (so every widget showing it agrees). */
  typeCode(code: string) {
    if (!this.stepUp) return;
    this.stepUp = { ...this.stepUp, prompt: { ...this.stepUp.prompt, code, error: '' } };
    this.changed();
  }

  /** Asks for a (new) code for the waiting item; fires `step-up` with the challenge. */
  async requestCode(): Promise<void> {
    const wait = this.stepUp;
    if (!wait || !this.client) return;
    try {
      const { prompt, challenge } = await requestStepUpCode(this.client, wait.action);
      if (this.stepUp?.item.id !== wait.item.id) return;
      this.stepUp = { ...wait, prompt };
      this.dispatchEvent(new CustomEvent('step-up', { detail: { item: wait.item, challenge } }));
    } catch (error) {
      if (this.stepUp?.item.id !== wait.item.id) return;
      // No code could be asked for (no signal, too many requests): the prompt offers "send a new code".
      this.offline = isNetworkError(error);
      const why = error instanceof ApiError ? (this.describe?.(error.code) ?? error.code) : '';
      this.stepUp = { ...wait, prompt: { ...NO_STEP_UP, asking: true, error: why } };
    }
    this.changed();
  }

  /** Sends what is queued with `client` (remembered for later runs); resolves when the run stops. */
  flush(client?: KyInstance): Promise<void> {
    if (client) this.client = client;
    if (this.run) return this.run;
    if (!this.client || this.items.length === 0) return Promise.resolve();
    this.run = this.drain(this.client).finally(() => {
      this.run = undefined;
      if (this.rerun) {
        this.rerun = false;
        void this.flush();
      }
    });
    return this.run;
  }

  /** Tries again now (the connection came back, "send now"), also when a run is under way: then once it ends. */
  retry(): Promise<void> {
    if (this.run) this.rerun = true;
    return this.flush();
  }

  private async drain(client: KyInstance): Promise<void> {
    clearTimeout(this.timer);
    this.sending = true;
    this.changed();
    let askCode = false;
    try {
      for (let item = this.items[0]; item; item = this.items[0]) {
        const wait = this.stepUp?.item.id === item.id ? this.stepUp : undefined;
        // Waiting for the person's code: nothing is sent until it is typed.
        if (wait && !isCompleteCode(wait.prompt.code)) return;
        if (this.stepUp && !wait) this.stepUp = undefined; // its item left the queue (removed elsewhere)
        try {
          const result = await writes.send(client, item.method, item.path, item.body, {
            idempotencyKey: item.id,
            ...(wait ? { stepUpCode: wait.prompt.code.trim() } : {}),
          });
          this.take(item);
          this.offline = false;
          if (wait) this.stepUp = undefined;
          this.outcomes.set(item.id, { state: 'sent', result });
          this.dispatchEvent(new CustomEvent('sent', { detail: { item, result } }));
        } catch (error) {
          if (isStepUpProblem(error)) {
            // Risky action: keep the item at the head of the queue and ask for the code.
            const prompt = wait?.prompt ?? NO_STEP_UP;
            const next = this.stepUpStrings
              ? afterStepUpRefusal(prompt, error, this.stepUpStrings())
              : { prompt, request: true };
            this.stepUp = {
              item,
              action: item.stepUp ?? 'work-order:read',
              prompt: next.request ? { ...prompt, asking: true, code: '' } : { ...next.prompt, code: '' },
            };
            askCode = next.request;
            this.offline = false;
            return;
          }
          if (error instanceof ApiError && isFinal(error)) {
            this.take(item);
            const refusal: Refusal = { item, code: error.code, status: error.status, errors: error.errors };
            write(this.refusedKey, [...this.refusals, refusal]);
            this.outcomes.set(item.id, { state: 'refused', refusal });
            this.dispatchEvent(new CustomEvent('refused', { detail: refusal }));
            continue;
          }
          this.offline = isNetworkError(error) || !(error instanceof ApiError) || error.status >= 500;
          if (error instanceof ApiError && error.status === 401) {
            // The session ran out (e.g. offline longer than its lifetime): whoever owns it refreshes
            // it, and the widgets flush again with the new token.
            this.dispatchEvent(new CustomEvent('unauthorized', { detail: { error } }));
          } else {
            this.timer = setTimeout(() => void this.retry(), RETRY_MS);
          }
          return;
        }
      }
    } finally {
      this.sending = false;
      this.changed();
      if (askCode) void this.requestCode();
    }
  }

  private take(item: OutboxItem) {
    write(
      this.key,
      this.items.filter((i) => i.id !== item.id),
    );
  }

  private changed() {
    this.dispatchEvent(new Event('change'));
  }
}
