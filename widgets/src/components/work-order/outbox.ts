import { ApiError, isNetworkError, workOrders, type KyInstance } from '@amage/api-client';
import type { Attachment, FieldError, WorkOrderView } from '@amage/contracts';

/** What a queued write is, so each widget can show its own pending entries. */
export type OutboxKind =
  | 'work-log'
  | 'finding'
  | 'completion'
  | 'answer'
  | 'inspection-submit'
  | 'loto-step'
  | 'loto-sign-off'
  | 'permit-ack'
  | 'permit-sign-on'
  | 'permit-sign-off';

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
const isFinal = (e: ApiError) => e.status >= 400 && e.status < 500 && ![401, 408, 429].includes(e.status) && e.code !== 'idempotency.in_progress';

/**
 * The queue of writes for one work order, kept in localStorage so nothing the technician did is lost
 * by a dead connection or a reload. Items go out one at a time in the order they were made (LOTO
 * steps depend on it), each always with its own Idempotency-Key; a network failure stops the run
 * until the browser is back `online` (or a timed retry). Shared by every widget showing that work
 * order on the page; it fires `change` whenever the queue, the refusals or `sending` change, and
 * `sent` (detail: the item) after each accepted write.
 */
export class Outbox extends EventTarget {
  private static readonly all = new Map<string, Outbox>();

  /** The outbox of a work order (one per page and ref). */
  static for(ref: string): Outbox {
    let box = Outbox.all.get(ref);
    if (!box) Outbox.all.set(ref, (box = new Outbox(ref)));
    return box;
  }

  readonly ref: string;
  refusals: Refusal[] = [];
  sending = false;
  /** The last run stopped on a network failure (shown as "waiting to send"). */
  offline = false;
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

  /** Sends what is queued with `client` (remembered for later runs); resolves when the run stops. */
  async flush(client?: KyInstance): Promise<void> {
    if (client) this.client = client;
    if (this.sending || !this.client || this.items.length === 0) return;
    clearTimeout(this.timer);
    this.sending = true;
    this.changed();
    try {
      for (let item = this.items[0]; item; item = this.items[0]) {
        try {
          const result = await workOrders.send(this.client, this.ref, item.method, item.path, item.body, { idempotencyKey: item.id });
          this.remove(item);
          this.offline = false;
          this.dispatchEvent(new CustomEvent('sent', { detail: { item, result } }));
        } catch (error) {
          if (error instanceof ApiError && isFinal(error)) {
            this.remove(item);
            this.refusals = [...this.refusals, { item, code: error.code, status: error.status, detail: error.problem.detail, errors: error.errors }];
            this.dispatchEvent(new CustomEvent('refused', { detail: { item } }));
            continue;
          }
          this.offline = isNetworkError(error) || !(error instanceof ApiError) || error.status >= 500;
          if (!(error instanceof ApiError && error.status === 401)) this.timer = setTimeout(() => void this.flush(), RETRY_MS);
          return;
        }
      }
    } finally {
      this.sending = false;
      this.changed();
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
