import { ApiError, isNetworkError, workOrders, type KyInstance } from '@amage/api-client';
import type { Action, Attachment, FieldError, WorkOrderView } from '@amage/contracts';
import {
  NO_STEP_UP,
  afterStepUpRefusal,
  isCompleteCode,
  isStepUpProblem,
  requestStepUpCode,
  type StepUpPrompt,
  type StepUpStrings,
} from '../step-up.js';

/** What a queued write is, so each widget can show its own pending entries. */
export const OUTBOX_KINDS = [
  'work-log',
  'finding',
  'completion',
  'answer',
  'inspection-submit',
  'loto-step',
  'loto-sign-off',
  'permit-ack',
  'permit-sign-on',
  'permit-sign-off',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxItem {
  /** Also the Idempotency-Key: a retry after a lost answer is recognised by the server. */
  readonly id: string;
  readonly kind: OutboxKind;
  readonly method: 'post' | 'put';
  /** Below `/work-orders/{ref}`, e.g. `/loto/steps`. */
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** Identifies what the item is about within its kind (item key, permit ref, …). */
  readonly target?: string;
  /** The uploaded files the body references by id (already on the server), to show while waiting. */
  readonly files?: readonly Attachment[];
  readonly queuedAt: string;
}

export interface Refusal {
  readonly item: OutboxItem;
  readonly code: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors: readonly FieldError[];
}

/** A write waiting for its step-up code: the queue stops there (later items depend on order). */
export interface StepUpWait {
  readonly item: OutboxItem;
  readonly action: Action;
  readonly prompt: StepUpPrompt;
}

/** The action a kind's step-up code is asked for. */
const STEP_UP_ACTION: Partial<Record<OutboxKind, Action>> = {
  'loto-sign-off': 'loto:acknowledge',
  'loto-step': 'loto:acknowledge',
  'permit-sign-off': 'permit:sign',
  'permit-sign-on': 'permit:sign',
  'permit-ack': 'permit:sign',
};

const PREFIX = 'amage-portals:work-order:';
const RETRY_MS = 15_000;

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

/** Answers that will not change by sending again: the item is dropped and the refusal shown. */
const isFinal = (e: ApiError) =>
  e.status >= 400 && e.status < 500 && ![401, 408, 429].includes(e.status) && e.code !== 'idempotency.in_progress';

/**
 * The queue of writes for one work order, kept in localStorage so nothing the technician did is lost
 * by a dead connection or a reload. Items go out one at a time in the order they were made (LOTO
 * steps depend on it), each always with its own Idempotency-Key; a network failure stops the run
 * until the browser is back `online` (or a timed retry). Shared by every widget showing that work
 * order on the page; it fires `change` whenever the queue, the refusals or `sending` change, and
 * `sent` (detail: the item) after each accepted write, `refused` after a final refusal, `step-up` when
 * a code was asked for, and `unauthorized` (detail: the error) when the session no longer works.
 */
export class Outbox extends EventTarget {
  private static readonly all = new Map<string, Outbox>();

  /** The outbox of a work order (one per page and ref). */
  static for(ref: string): Outbox {
    let box = Outbox.all.get(ref);
    if (!box) {
      box = new Outbox(ref);
      Outbox.all.set(ref, box);
    }
    return box;
  }

  readonly ref: string;
  refusals: Refusal[] = [];
  sending = false;
  /** The last run stopped on a network failure (shown as "waiting to send"). */
  offline = false;
  /**
   * The first queued item needs a step-up code (403 `step_up.required`): it is kept, a code is asked
   * for, and nothing after it is sent until the code is given (`sendCode`). Kept in memory only: after
   * a reload the item is sent again and the server asks again.
   */
  stepUp?: StepUpWait;
  /** The strings for step-up messages, set by the widgets (the outbox speaks no language itself). */
  stepUpStrings?: StepUpStrings;
  /** Translates a problem code for the step-up prompt (set by the widget owning the outbox). */
  describe?: (code: string) => string;
  private client?: KyInstance;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly key: string;

  private constructor(ref: string) {
    super();
    this.ref = ref;
    this.key = `${PREFIX}${ref}:outbox`;
    window.addEventListener('online', () => void this.flush());
    window.addEventListener('storage', (e) => e.key === this.key && this.changed());
  }

  /** The queued items, oldest first (read from storage, so tabs and widgets agree). */
  get items(): OutboxItem[] {
    return read<OutboxItem[]>(this.key, []);
  }

  /** Queues a write and starts sending. */
  add(item: Omit<OutboxItem, 'id' | 'queuedAt'>): OutboxItem {
    const queued: OutboxItem = { ...item, id: crypto.randomUUID(), queuedAt: new Date().toISOString() };
    write(this.key, [...this.items, queued]);
    this.changed();
    void this.flush();
    return queued;
  }

  /** Forgets a refusal once the person has seen it. */
  dismiss(refusal: Refusal) {
    this.refusals = this.refusals.filter((r) => r !== refusal);
    this.changed();
  }

  /** The person typed the step-up code for the waiting item: send it (and what follows) now. */
  sendCode(code: string): boolean {
    if (!this.stepUp) return false;
    if (!isCompleteCode(code)) {
      this.stepUp = {
        ...this.stepUp,
        prompt: { ...this.stepUp.prompt, code, error: this.stepUpStrings?.stepUpWrong ?? 'step_up.invalid' },
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
  async flush(client?: KyInstance): Promise<void> {
    if (client) this.client = client;
    if (this.sending || !this.client || this.items.length === 0) return;
    clearTimeout(this.timer);
    this.sending = true;
    this.changed();
    let askCode = false;
    try {
      for (let item = this.items[0]; item; item = this.items[0]) {
        const wait = this.stepUp?.item.id === item.id ? this.stepUp : undefined;
        // Waiting for the person's code: nothing is sent until it is typed.
        if (wait && !isCompleteCode(wait.prompt.code)) return;
        if (this.stepUp && !wait) this.stepUp = undefined; // its item left the queue (dismissed elsewhere)
        try {
          const result = await workOrders.send(this.client, this.ref, item.method, item.path, item.body, {
            idempotencyKey: item.id,
            ...(wait ? { stepUpCode: wait.prompt.code.trim() } : {}),
          });
          this.remove(item);
          this.offline = false;
          if (wait) this.stepUp = undefined;
          this.dispatchEvent(new CustomEvent('sent', { detail: { item, result } }));
        } catch (error) {
          if (isStepUpProblem(error)) {
            // Risky action: keep the item at the head of the queue and ask for the code.
            const prompt = wait?.prompt ?? NO_STEP_UP;
            const next = this.stepUpStrings
              ? afterStepUpRefusal(prompt, error, this.stepUpStrings)
              : { prompt, request: true };
            this.stepUp = {
              item,
              action: STEP_UP_ACTION[item.kind] ?? 'work-order:read',
              prompt: next.request ? { ...prompt, asking: true, code: '' } : { ...next.prompt, code: '' },
            };
            askCode = next.request;
            this.offline = false;
            return;
          }
          if (error instanceof ApiError && isFinal(error)) {
            this.remove(item);
            this.refusals = [
              ...this.refusals,
              { item, code: error.code, status: error.status, detail: error.problem.detail, errors: error.errors },
            ];
            this.dispatchEvent(new CustomEvent('refused', { detail: { item } }));
            continue;
          }
          this.offline = isNetworkError(error) || !(error instanceof ApiError) || error.status >= 500;
          if (error instanceof ApiError && error.status === 401) {
            // The session ran out (e.g. offline longer than its lifetime): whoever owns it refreshes
            // it, and the widgets flush again with the new token.
            this.dispatchEvent(new CustomEvent('unauthorized', { detail: { error } }));
          } else {
            this.timer = setTimeout(() => void this.flush(), RETRY_MS);
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

  /** The last work order seen, for showing it while offline. */
  cachedView(): WorkOrderView | undefined {
    return read<WorkOrderView | undefined>(`${PREFIX}${this.ref}:view`, undefined);
  }

  cacheView(view: WorkOrderView) {
    write(`${PREFIX}${this.ref}:view`, view);
  }

  private remove(item: OutboxItem) {
    write(
      this.key,
      this.items.filter((i) => i.id !== item.id),
    );
    this.changed();
  }

  private changed() {
    this.dispatchEvent(new Event('change'));
  }
}

/** A value remembered per work order (the person's name, drafts), in localStorage. */
export const remembered = {
  get: <T>(ref: string, name: string, fallback: T): T => read(`${PREFIX}${ref}:${name}`, fallback),
  set: (ref: string, name: string, value: unknown) => write(`${PREFIX}${ref}:${name}`, value),
};
