import type { SubjectType } from '@amage/contracts';

export interface AmageActionSentDetail {
  readonly subjectType: SubjectType;
  readonly ref: string;
  /** What was written: `work-log`, `finding`, `completion`, `answer`, `inspection-submit`, `loto-step`, `loto-sign-off`, `permit-ack`, `permit-sign-on`, `permit-sign-off`. */
  readonly kind: string;
  /** The write's id (also its Idempotency-Key). */
  readonly id: string;
}

/** A queued write was accepted by the server. Bubbles, composed. */
export class AmageActionSentEvent extends CustomEvent<AmageActionSentDetail> {
  static readonly type = 'amage-action-sent';
  constructor(detail: AmageActionSentDetail) {
    super(AmageActionSentEvent.type, { bubbles: true, composed: true, detail });
  }
}
