import type { ReactiveControllerHost } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import type { Action, Attachment, FieldError, Subject } from '@amage/contracts';
import type { WriteMethod } from '@amage/api-client';
import { AmageSubmitEvent } from '../../events/submit.js';
import { now } from '../clock.js';
import { DraftStore } from '../form-state.js';
import type { Outbox, OutboxItem, Outcome, Refusal } from '../outbox.js';
import { describeProblem, fieldMessage, schemaErrors, type FieldInfo, type FormError } from './messages.js';

/** A precompiled ajv validator of `@amage/contracts/validators`. */
interface Validator {
  (data: unknown): boolean;
  errors?: Parameters<typeof schemaErrors>[0];
}

/** What a form sends, as its spec builds it from the values. */
interface FormRequest {
  readonly method: WriteMethod;
  /** Below the portal API, e.g. `purchase-orders/PO-1/deliveries`. */
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** The body's schema (checked in the browser before anything is sent). */
  readonly validate?: Validator;
  /** Findings of the shared rules (`@amage/contracts/rules`) and the widget's own checks, pointers into the body or `#field`. */
  readonly errors?: readonly FieldError[];
  readonly target?: string;
  readonly files?: readonly Attachment[];
  readonly stepUp?: Action;
}

export interface FormSpec<V extends object> {
  /** Unique within the subject (`confirm`, `stage:containment`): names the draft and the form's outbox items. */
  readonly id: string;
  /** The `kind` of `amage-submit` / `amage-submitted`. */
  readonly kind: string | ((values: V) => string);
  readonly empty: () => V;
  /**
   * `once` (default): a form answered once at a time; while its write waits to be sent, the form holds it
   * (read-only) and empties once the server accepted it. `repeat`: entries made one after the other (work
   * logs, LOTO steps): the form empties as soon as the write is queued.
   */
  readonly mode?: 'once' | 'repeat';
  /** The request, or form-level errors only (e.g. "answer at least one line"), from the values at `now`. */
  readonly request: (values: V, now: number) => FormRequest | { readonly errors: readonly FieldError[] };
  /** The field a pointer belongs to (default: the pointer; `#name` always names a field). */
  readonly fieldOf?: (pointer: string, body: Record<string, unknown>) => string;
  /** The widget's own texts for problem codes at a field (they may use the field's data). */
  readonly messages?: (error: FieldError, field: string, values: V) => string | undefined;
  /** The widget's texts for codes refusing the whole form. */
  readonly problems?: () => Readonly<Record<string, string | undefined>>;
  /** The text after the server accepted the write. */
  readonly sentText?: () => string;
  /** What the form holds once its write was accepted (default: empty), e.g. the signer's name for the next decision. */
  readonly afterSent?: (values: V) => V;
  /** After the server accepted the write: show what was accepted where the person looks. */
  readonly sent?: (result: unknown, item: OutboxItem) => void;
  /** After a refusal: e.g. reload when the subject's state refused it (a closed complaint). */
  readonly refused?: (refusal: Refusal) => void;
}

/** What the form shows at its bottom: sending, sent, waiting, or why it was refused. */
export interface FormStatus {
  readonly text: string;
  readonly tone: 'info' | 'success' | 'error';
}

/** What the field renderers and the widget's other forms see of a form, whatever its values. */
export type AnyForm = Pick<
  FormController<object>,
  | 'id'
  | 'prefix'
  | 'busy'
  | 'waiting'
  | 'holding'
  | 'stepUp'
  | 'status'
  | 'restored'
  | 'parked'
  | 'field'
  | 'info'
  | 'error'
  | 'errors'
  | 'reset'
  | 'sendNow'
  | 'unqueue'
  | 'focusField'
  | 'quiet'
  | 'follow'
>;

/** What a form's host gives it (see `FormsController`). */
export interface FormContext {
  readonly host: ReactiveControllerHost & HTMLElement & { updateComplete: Promise<boolean> };
  readonly localize: import('../localize.js').LocalizeController;
  outbox(): Outbox | undefined;
  subject(): Subject | undefined;
  /** Clears the messages of every other form of the widget (one action's message at a time). */
  quiet(except: AnyForm): void;
}

interface Draft<V> {
  values: V;
  /** The Idempotency-Key of a submit that may have reached the server: a retry sends it again. */
  key?: string;
  /** What was typed before a refused entry came back (`repeat` forms); it returns after that one. */
  parked?: V;
}

type Shown = FormError & { readonly field: string; readonly origin: 'browser' | 'server' };

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Schema errors that only say "the other branch of a union did not match" once a real finding exists. */
const UNION_NOISE = new Set(['anyOf', 'oneOf', 'if', 'then', 'else', 'not', 'const', 'additionalProperties']);

/**
 * One form of a widget, owning every write it makes (in the manner of Shoelace's FormControlController,
 * with a `@lit/task` submit): the values and their localStorage draft, the Idempotency-Key kept with the
 * draft, the browser's checks (schema and shared rules) before sending, the cancelable `amage-submit`,
 * the outbox (a dropped connection queues the write, sent by itself later with the same key), the field
 * errors of a refusal (at once or from the queue) with the values put back, one message per field, and
 * focus on the error summary. The widget renders it with `fields.ts`.
 */
export class FormController<V extends object> {
  readonly spec: FormSpec<V>;
  /** The submit: runs only when asked (`submit()`); pending while checking and sending. */
  readonly task: Task<[], Outcome | 'invalid' | 'cancelled'>;
  values: V;
  status?: FormStatus;
  /** The draft came back from storage (shown once, with "start over"). */
  restored = false;
  /** What was typed before a refused entry came back; it returns once that one is sent or discarded. */
  parked?: V;
  private readonly ctx: FormContext;
  private readonly fields = new Map<string, FieldInfo>();
  private shown: Shown[] = [];
  private key?: string;
  private store?: DraftStore<Draft<V>>;
  private storeKey = '';
  /** The empty values the form last held (to follow them while nothing was typed). */
  private lastEmpty: string;
  private focusSummary = false;

  constructor(ctx: FormContext, spec: FormSpec<V>) {
    this.ctx = ctx;
    this.spec = spec;
    this.values = spec.empty();
    this.lastEmpty = JSON.stringify(this.values);
    this.task = new Task<[], Outcome | 'invalid' | 'cancelled'>(ctx.host, {
      autoRun: false,
      args: () => [],
      task: (_args, { signal }) => this.run(signal),
    });
  }

  get id() {
    return this.spec.id;
  }

  /** A CSS-safe prefix for the ids of this form's controls. */
  get prefix() {
    return this.spec.id.replace(/[^A-Za-z0-9_-]+/g, '-');
  }

  /** Sending (or checking) right now. */
  get busy() {
    return this.task.status === TaskStatus.PENDING;
  }

  /** This form's writes still in the queue. */
  get waiting(): OutboxItem[] {
    return this.ctx.outbox()?.items.filter((i) => i.form === this.spec.id) ?? [];
  }

  /** A `once` form holds its waiting write (read-only until it is sent or taken back); a `repeat` form takes the next entry. */
  get holding() {
    return this.spec.mode !== 'repeat' && this.waiting.length > 0;
  }

  /** The step-up prompt, when this form's write waits for a code. */
  get stepUp() {
    const wait = this.ctx.outbox()?.stepUp;
    return wait?.item.form === this.spec.id ? wait : undefined;
  }

  /** Whether nothing was typed (the values are the empty ones). */
  get pristine() {
    return sameJson(this.values, this.spec.empty());
  }

  /** Loads the subject's draft of this form (once the subject is known), and takes back refusals waiting for it. */
  attach(subject: Subject) {
    const key = `${subject.type}:${subject.ref}:${this.spec.id}`;
    if (key === this.storeKey) return;
    this.storeKey = key;
    this.store = new DraftStore<Draft<V>>(key);
    const draft = this.store.load();
    // The empty values may depend on the data just loaded (a contact, a preset category).
    const empty = this.spec.empty();
    this.lastEmpty = JSON.stringify(empty);
    this.values = { ...empty, ...draft?.values };
    this.key = draft?.key;
    this.parked = draft?.parked;
    this.restored = Boolean(draft?.values) && !this.pristine;
    for (const refusal of this.ctx.outbox()?.refusals ?? [])
      if (refusal.item.form === this.spec.id) this.refused(refusal, { quietly: true });
  }

  /**
   * Before each render: a form where nothing was typed follows its empty values when they change (a name
   * remembered from another form, the answer saved on the server, data loaded since).
   */
  follow() {
    const empty = JSON.stringify(this.spec.empty());
    if (empty === this.lastEmpty) return;
    if (JSON.stringify(this.values) === this.lastEmpty && !this.shown.length) this.values = JSON.parse(empty) as V;
    this.lastEmpty = empty;
  }

  /** Registers a rendered field (label, id, limits) so its errors can be named and linked. */
  field(name: string, info: FieldInfo) {
    this.fields.set(name, info);
  }

  info(name: string): FieldInfo | undefined {
    return this.fields.get(name);
  }

  /** The message shown at a field, if any. */
  error(name: string): string | undefined {
    const shown = this.shown.find((e) => e.field === name);
    return shown && this.message(shown);
  }

  /** Every field with an error, once each, in the order found: for the error summary. */
  errors(): { field: string; message: string; info?: FieldInfo }[] {
    return this.shown.map((e) => ({ field: e.field, message: this.message(e), info: this.fields.get(e.field) }));
  }

  /** Changes values (a field was edited): saved as the draft; the edited field's error goes, and any the browser no longer finds. */
  set(patch: Partial<V>, field?: string) {
    this.update((v) => Object.assign(v, patch), field);
  }

  update(mutate: (values: V) => void, field?: string) {
    const next = structuredClone(this.values);
    mutate(next);
    this.values = next;
    this.restored = false;
    this.status = undefined;
    if (field) this.shown = this.shown.filter((e) => e.field !== field);
    if (this.shown.some((e) => e.origin === 'browser')) {
      const still = new Set(this.check().map((e) => e.field));
      this.shown = this.shown.filter((e) => e.origin === 'server' || still.has(e.field));
    }
    this.save();
    this.ctx.host.requestUpdate();
  }

  /** Back to an empty form (what was parked comes back), the draft and its key forgotten. */
  reset() {
    const empty = this.spec.empty();
    this.lastEmpty = JSON.stringify(empty);
    this.values = this.parked ?? empty;
    this.parked = undefined;
    this.key = undefined;
    this.shown = [];
    this.restored = false;
    this.save();
    this.ctx.host.requestUpdate();
  }

  /** Checks, then sends (or queues) the write. */
  submit() {
    return this.task.run();
  }

  /** `@submit` of the `<form novalidate>`: the browser's own bubbles never show. */
  readonly handleSubmit = (event: Event) => {
    event.preventDefault();
    const wait = this.stepUp;
    if (wait) {
      if (!this.ctx.outbox()?.sendCode(wait.prompt.code)) this.focus('[autocomplete="one-time-code"]');
      return;
    }
    if (!this.busy && !this.holding) void this.submit();
  };

  /** Tries the queue again now (the "Send now" button). */
  sendNow() {
    void this.ctx.outbox()?.retry();
  }

  /** Moves focus to a field (the error summary's links). */
  focusField(name: string) {
    const id = this.fields.get(name)?.id;
    if (!id) return;
    const root = this.ctx.host.shadowRoot;
    const target = root?.getElementById(id);
    // A fieldset: its first control; an element of ours (the file picker): the control in its shadow root.
    const control =
      target?.tagName === 'FIELDSET'
        ? target.querySelector<HTMLElement>('input, select, textarea, button')
        : (target?.shadowRoot?.querySelector<HTMLElement>('input, select, textarea, button') ?? target);
    control?.focus();
  }

  /** Takes this form's waiting write out of the queue; its values stay in the form. */
  unqueue() {
    for (const item of this.waiting) this.ctx.outbox()?.remove(item);
    this.status = undefined;
    this.ctx.host.requestUpdate();
  }

  /** The server accepted this form's write (now or from the queue). */
  sent(item: OutboxItem, result: unknown) {
    // A `repeat` form emptied when it queued; one still holding the entry (sent at once) empties now.
    if (this.spec.mode !== 'repeat' || sameJson(this.values, item.values)) {
      const parked = Boolean(this.parked);
      this.reset();
      // What stays (a name) lives on in memory only: a reload after a sent write shows an empty form.
      if (this.spec.afterSent && !parked) {
        this.values = this.spec.afterSent(item.values as V);
        this.store?.clear();
      }
    } else {
      this.key = undefined;
      this.save();
    }
    this.status = this.spec.sentText ? { text: this.spec.sentText(), tone: 'success' } : undefined;
    this.spec.sent?.(result, item);
    this.ctx.host.requestUpdate();
  }

  /** The server refused this form's write: the values come back with the reasons at their fields. */
  refused(refusal: Refusal, o: { quietly?: boolean } = {}) {
    const { item } = refusal;
    if (item.values !== undefined) {
      if (!this.pristine && !sameJson(this.values, item.values)) this.parked = this.values;
      this.values = { ...this.spec.empty(), ...(item.values as V) };
    }
    // A corrected retry is another body: it gets its own key.
    this.key = undefined;
    const errors = refusal.errors.map((e) => ({ ...e, keyword: e.keyword ?? refusal.code }));
    this.shown = this.dedupe(errors, 'server', item.body);
    this.status = errors.length
      ? undefined
      : { text: describeProblem(this.ctx.localize, refusal.code, this.spec.problems?.()), tone: 'error' };
    this.save();
    this.ctx.outbox()?.dismiss(refusal);
    this.spec.refused?.(refusal);
    if (o.quietly) return;
    this.ctx.host.requestUpdate();
    // The person waiting for this answer is taken to the summary; a refusal coming later from the queue
    // is announced by it (role=alert) without moving their focus.
    if (errors.length && this.focusSummary) this.focus('[part~="error-summary"]');
  }

  /** Forgets the form's message (another form of the widget acted). */
  quiet() {
    if (this.status?.tone !== 'error') this.status = undefined;
  }

  private message(e: Shown) {
    return (
      this.spec.messages?.(e, e.field, this.values) ??
      fieldMessage(this.ctx.localize, e, this.fields.get(e.field), this.spec.problems?.())
    );
  }

  private fieldOf(pointer: string, body: Record<string, unknown>) {
    if (pointer.startsWith('#')) return pointer.slice(1);
    return this.spec.fieldOf?.(pointer, body) ?? pointer;
  }

  /** The browser's findings for the current values: rules first, then the schema (without union noise). */
  private check(at = now()): Shown[] {
    const request = this.spec.request(this.values, at);
    const found: FormError[] = [...(request.errors ?? [])];
    const body = 'body' in request ? request.body : {};
    if ('validate' in request && request.validate && !request.validate(body)) {
      const schema = schemaErrors(request.validate.errors);
      const real = schema.filter((e) => !UNION_NOISE.has(e.keyword ?? ''));
      found.push(...(real.length ? real : schema));
    }
    return this.dedupe(found, 'browser', body);
  }

  /** One error per field, the first found (rules come before the schema, so the specific message wins). */
  private dedupe(errors: readonly FormError[], origin: Shown['origin'], body: Record<string, unknown>): Shown[] {
    const byField = new Map<string, Shown>();
    for (const e of errors) {
      const field = this.fieldOf(e.pointer, body);
      if (!byField.has(field)) byField.set(field, { ...e, field, origin });
    }
    return [...byField.values()];
  }

  private async run(signal: AbortSignal): Promise<Outcome | 'invalid' | 'cancelled'> {
    this.ctx.quiet(this);
    this.status = undefined;
    const at = now();
    const found = this.check(at);
    this.shown = found;
    const request = this.spec.request(this.values, at);
    if (found.length || !('method' in request)) {
      this.ctx.host.requestUpdate();
      if (found.length) this.focus('[part~="error-summary"]');
      return 'invalid';
    }
    const outbox = this.ctx.outbox();
    const subject = this.ctx.subject();
    if (!outbox || !subject) return 'cancelled';
    const kind = typeof this.spec.kind === 'string' ? this.spec.kind : this.spec.kind(this.values);
    if (this.ctx.host.dispatchEvent(new AmageSubmitEvent({ kind, ref: subject.ref })) === false) return 'cancelled';
    this.key ??= crypto.randomUUID();
    this.save();
    const t = this.ctx.localize.table('form');
    this.status = { text: t.sending, tone: 'info' };
    this.focusSummary = true;
    const values = structuredClone(this.values);
    const outcome = await outbox.send(
      {
        id: this.key,
        kind,
        method: request.method,
        path: request.path,
        body: request.body,
        form: this.spec.id,
        values,
        ...(request.target ? { target: request.target } : {}),
        ...(request.files?.length ? { files: request.files } : {}),
        ...(request.stepUp ? { stepUp: request.stepUp } : {}),
      },
      signal,
    );
    this.focusSummary = false;
    if (outcome.state === 'queued') {
      if (this.spec.mode === 'repeat') this.reset();
      this.status = { text: t.queued, tone: 'info' };
    } else if (outcome.state === 'step-up') {
      this.status = undefined;
      this.focus('[autocomplete="one-time-code"]');
    }
    this.ctx.host.requestUpdate();
    return outcome;
  }

  private save() {
    if (!this.store) return;
    if (this.pristine && !this.key && !this.parked) this.store.clear();
    else
      this.store.save({
        values: this.values,
        ...(this.key ? { key: this.key } : {}),
        ...(this.parked ? { parked: this.parked } : {}),
      });
  }

  private focus(selector: string) {
    void this.ctx.host.updateComplete.then(() =>
      this.ctx.host.shadowRoot
        ?.querySelector<HTMLElement>(`[data-form="${CSS.escape(this.spec.id)}"] ${selector}`)
        ?.focus(),
    );
  }
}
