import type { SubjectType } from '@amage/contracts';

export interface AmageSubmittedDetail {
  readonly subjectType: SubjectType;
  /** The subject's ref (the purchase order, the complaint, …). */
  readonly ref: string;
  /** What was created or changed, e.g. `date-confirmation`, `delivery`, `delivery-correction`. */
  readonly kind: string;
  /** The id of the record the server created or changed. */
  readonly id: string;
  /** The number people quote, where the record has one (e.g. a service request's `SR-2026-00042`). */
  readonly number?: string;
}

/** The server accepted a submit. Bubbles, composed. */
export class AmageSubmittedEvent extends CustomEvent<AmageSubmittedDetail> {
  static readonly type = 'amage-submitted';
  constructor(detail: AmageSubmittedDetail) {
    super(AmageSubmittedEvent.type, { bubbles: true, composed: true, detail });
  }
}
