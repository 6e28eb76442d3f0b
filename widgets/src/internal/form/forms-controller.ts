import type { ReactiveController } from 'lit';
import type { StepUpChallenge, Subject } from '@amage/contracts';
import { AmageActionQueuedEvent } from '../../events/action-queued.js';
import { AmageActionRefusedEvent } from '../../events/action-refused.js';
import { AmageActionSentEvent } from '../../events/action-sent.js';
import { AmageStepUpRequestedEvent } from '../../events/step-up-requested.js';
import { AmageSubmittedEvent } from '../../events/submitted.js';
import type { LocalizeController } from '../localize.js';
import { Outbox, type OutboxItem, type Refusal } from '../outbox.js';
import type { PortalAccessController, PortalHost } from '../portal-access.js';
import type { StepUpStrings } from '../step-up.js';
import { FormController, type FormContext, type FormSpec } from './form-controller.js';
import { describeProblem } from './messages.js';

export interface FormsOptions {
  access: PortalAccessController;
  localize: LocalizeController;
  /** The write kinds this widget makes: it fires their events and shows their step-up prompts. */
  kinds: readonly string[];
  /** Loads the subject again (after the server accepted what was queued). */
  reload: () => void;
  /** The texts of the step-up prompt (the widget's table), for widgets with risky writes. */
  stepUpStrings?: () => StepUpStrings;
  /** A write of this widget joined the queue (e.g. to remember the name it was signed with). */
  queued?: (item: OutboxItem) => void;
  /** Extra words for what the server sent back, e.g. a request's `number` in `amage-submitted`. */
  submitted?: (item: OutboxItem, result: unknown) => { id?: string; number?: string };
}

const recordId = (result: unknown) =>
  result && typeof result === 'object' && 'id' in result && typeof result.id === 'string' ? result.id : undefined;

/**
 * The forms of one widget and the outbox of its subject: creates each `FormController` once (by id),
 * loads their drafts once the subject is known, hands them what the outbox reports about their writes,
 * fires the shared write events (`amage-action-queued`, `-sent`, `-refused`, `amage-submitted`,
 * `amage-step-up-requested`) for the kinds the widget makes, sends what is queued whenever a new
 * session is ready, lets a 401 refresh the session, and reloads the subject once the queue is empty.
 */
export class FormsController implements ReactiveController {
  private readonly host: PortalHost & { updateComplete: Promise<boolean> };
  private readonly options: FormsOptions;
  private readonly forms = new Map<string, FormController<never>>();
  private box?: Outbox;
  private current?: Subject;
  private flushedFor = '';
  private reloadTimer?: ReturnType<typeof setTimeout>;
  /** Writes the server accepted after the data on screen was loaded: they count as done until a later load. */
  private unreflected: { item: OutboxItem; at: number }[] = [];
  private readonly context: FormContext;

  constructor(host: PortalHost & { updateComplete: Promise<boolean> }, options: FormsOptions) {
    this.host = host;
    this.options = options;
    this.context = {
      host,
      localize: options.localize,
      outbox: () => this.box,
      subject: () => this.current,
      quiet: (except) => {
        for (const form of this.forms.values()) if (form !== except) form.quiet();
      },
    };
    host.addController(this);
  }

  get outbox(): Outbox | undefined {
    return this.box;
  }

  /** The subject became known (data loaded): bind its outbox and load every form's draft. */
  attach(subject: Subject) {
    if (this.current?.type === subject.type && this.current.ref === subject.ref) return;
    this.current = subject;
    this.bind(Outbox.for(subject));
    for (const form of this.forms.values()) form.attach(subject);
  }

  /** The form with this spec's id, made once (a later spec of the same id is ignored). */
  form<V extends object>(spec: FormSpec<V>): FormController<V> {
    let form = this.forms.get(spec.id) as FormController<V> | undefined;
    if (!form) {
      form = new FormController<V>(this.context, spec);
      this.forms.set(spec.id, form as unknown as FormController<never>);
      if (this.current) form.attach(this.current);
    }
    return form;
  }

  /** Writes of `kind` (and `target`) not reflected in the data yet: waiting to be sent, or sent since it loaded. */
  pending(kind: string, target?: string): OutboxItem[] {
    return [...this.unreflected.map((u) => u.item), ...(this.box?.items ?? [])].filter(
      (i) => i.kind === kind && (target === undefined || i.target === target),
    );
  }

  /** Writes of `kind` the server accepted since the data on screen was loaded (not those still queued). */
  accepted(kind: string, target?: string): OutboxItem[] {
    return this.unreflected
      .map((u) => u.item)
      .filter((i) => i.kind === kind && (target === undefined || i.target === target));
  }

  /** Call when a load starts; give the result to `reflected` once it succeeded. */
  loadStarted() {
    return performance.now();
  }

  /** Data loaded after `startedAt` shows every write accepted before it. */
  reflected(startedAt: number) {
    this.unreflected = this.unreflected.filter((u) => u.at > startedAt);
  }

  hostConnected() {
    this.watch(this.box);
  }

  hostDisconnected() {
    this.unwatch(this.box);
    clearTimeout(this.reloadTimer);
  }

  hostUpdate() {
    for (const form of this.forms.values()) form.follow();
  }

  hostUpdated() {
    // What was queued before a reload goes once access is ready, and again with every new session token
    // (a refresh after the session ran out offline): once per access context and token, so after a failed
    // run the outbox waits for `online` or its timer, never retries in a tight loop.
    const { access } = this.options;
    const context = `${access.generation}:${access.sessionToken ?? ''}`;
    if (access.state === 'ready' && this.box && this.flushedFor !== context) {
      this.flushedFor = context;
      void this.box.flush(access.client);
    }
  }

  private bind(box: Outbox) {
    if (box === this.box) return;
    this.unwatch(this.box);
    this.box = box;
    this.flushedFor = '';
    if (this.options.stepUpStrings) box.stepUpStrings = this.options.stepUpStrings;
    box.describe = (code) => describeProblem(this.options.localize, code);
    this.watch(box);
  }

  private owns(item: OutboxItem) {
    return this.options.kinds.includes(item.kind);
  }

  private formOf(item: OutboxItem) {
    return item.form ? this.forms.get(item.form) : undefined;
  }

  private readonly onChange = () => this.host.requestUpdate();

  private readonly onQueued = (event: Event) => {
    const item = (event as CustomEvent<OutboxItem>).detail;
    if (!this.owns(item)) return;
    this.options.queued?.(item);
    const { type: subjectType, ref } = this.box!.subject;
    this.host.dispatchEvent(new AmageActionQueuedEvent({ subjectType, ref, kind: item.kind, id: item.id }));
  };

  private readonly onSent = (event: Event) => {
    const { item, result } = (event as CustomEvent<{ item: OutboxItem; result: unknown }>).detail;
    this.unreflected = [...this.unreflected, { item, at: performance.now() }];
    if (this.owns(item)) {
      const { type: subjectType, ref } = this.box!.subject;
      this.host.dispatchEvent(new AmageActionSentEvent({ subjectType, ref, kind: item.kind, id: item.id }));
      const extra = this.options.submitted?.(item, result) ?? {};
      this.host.dispatchEvent(
        new AmageSubmittedEvent({
          subjectType,
          ref,
          kind: item.kind,
          id: extra.id ?? recordId(result) ?? item.id,
          ...(extra.number ? { number: extra.number } : {}),
        }),
      );
      // After `amage-submitted`: a widget's own event (e.g. `amage-request-updated`) follows it.
      this.formOf(item)?.sent(item, result);
    }
    // Reload once the queue is empty, so the view shows what the server now holds.
    clearTimeout(this.reloadTimer);
    if (this.box!.items.length === 0) this.reloadTimer = setTimeout(() => this.options.reload(), 0);
  };

  private readonly onRefused = (event: Event) => {
    const refusal = (event as CustomEvent<Refusal>).detail;
    if (!this.owns(refusal.item)) return;
    const { type: subjectType, ref } = this.box!.subject;
    const { kind, id } = refusal.item;
    this.host.dispatchEvent(new AmageActionRefusedEvent({ subjectType, ref, kind, id, code: refusal.code }));
    this.formOf(refusal.item)?.refused(refusal);
    // 409: the subject's state refused it (closed, accepted, decided elsewhere): show it as it is now.
    if (refusal.status === 409) {
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => this.options.reload(), 0);
    }
  };

  /**
   * A queued write met 401: when this widget's access owns the session (it exchanged the link itself),
   * it refreshes it within the server's grace (or says the link expired); a session given by the page
   * (e.g. by `<amage-portal>` or the parent work order) is refreshed by whoever gave it.
   */
  private readonly onUnauthorized = (event: Event) => {
    const { access } = this.options;
    if (access.state === 'ready' && access.subject)
      access.fail((event as CustomEvent<{ error: unknown }>).detail.error);
  };

  private readonly onStepUp = (event: Event) => {
    const { item, challenge } = (event as CustomEvent<{ item: OutboxItem; challenge: StepUpChallenge }>).detail;
    if (!this.owns(item)) return;
    this.host.dispatchEvent(
      new AmageStepUpRequestedEvent({
        action: challenge.action,
        ...(challenge.recipient ? { recipient: challenge.recipient } : {}),
      }),
    );
    void this.host.updateComplete.then(() =>
      this.host.shadowRoot?.querySelector<HTMLElement>('[autocomplete="one-time-code"]')?.focus(),
    );
  };

  private watch(box: Outbox | undefined) {
    box?.addEventListener('change', this.onChange);
    box?.addEventListener('queued', this.onQueued);
    box?.addEventListener('sent', this.onSent);
    box?.addEventListener('refused', this.onRefused);
    box?.addEventListener('step-up', this.onStepUp);
    box?.addEventListener('unauthorized', this.onUnauthorized);
  }

  private unwatch(box: Outbox | undefined) {
    box?.removeEventListener('change', this.onChange);
    box?.removeEventListener('queued', this.onQueued);
    box?.removeEventListener('sent', this.onSent);
    box?.removeEventListener('refused', this.onRefused);
    box?.removeEventListener('step-up', this.onStepUp);
    box?.removeEventListener('unauthorized', this.onUnauthorized);
  }
}
