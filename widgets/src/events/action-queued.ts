import type { SubjectType } from '@amage/contracts';

export interface AmageActionQueuedDetail {
  readonly subjectType: SubjectType;
  readonly ref: string;
  /** What was written: `work-log`, `finding`, `completion`, `answer`, `inspection-submit`, `loto-step`, `loto-sign-off`, `permit-ack`, `permit-sign-on`, `permit-sign-off`. */
  readonly kind: string;
  /** The write's id (also its Idempotency-Key). */
  readonly id: string;
}

/** A write was queued: it is sent now, or when the connection is back (shown as waiting to send). Bubbles, composed. */
export class AmageActionQueuedEvent extends CustomEvent<AmageActionQueuedDetail> {
  static readonly type = 'amage-action-queued';
  constructor(detail: AmageActionQueuedDetail) {
    super(AmageActionQueuedEvent.type, { bubbles: true, composed: true, detail });
  }
}
