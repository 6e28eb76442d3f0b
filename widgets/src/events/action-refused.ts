import type { SubjectType } from '@amage/contracts';

export interface AmageActionRefusedDetail {
  readonly subjectType: SubjectType;
  readonly ref: string;
  /** What was written: `work-log`, `finding`, `completion`, `answer`, `inspection-submit`, `loto-step`, `loto-sign-off`, `permit-ack`, `permit-sign-on`, `permit-sign-off`. */
  readonly kind: string;
  /** The write's id (also its Idempotency-Key). */
  readonly id: string;
  /** The problem code, e.g. `loto.out_of_order`. */
  readonly code: string;
}

/** The server refused a queued write (e.g. a LOTO step out of order); the widget shows why. Bubbles, composed. */
export class AmageActionRefusedEvent extends CustomEvent<AmageActionRefusedDetail> {
  static readonly type = 'amage-action-refused';
  constructor(detail: AmageActionRefusedDetail) {
    super(AmageActionRefusedEvent.type, { bubbles: true, composed: true, detail });
  }
}
