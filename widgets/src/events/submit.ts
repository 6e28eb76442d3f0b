export interface AmageSubmitDetail {
  /** What is about to be sent, e.g. `date-confirmation`, `delivery`, `stage-response`. */
  readonly kind: string;
  readonly ref: string;
}

/** A submit is about to be sent; `preventDefault()` stops it. Bubbles, composed, cancelable. */
export class AmageSubmitEvent extends CustomEvent<AmageSubmitDetail> {
  static readonly type = 'amage-submit';
  constructor(detail: AmageSubmitDetail) {
    super(AmageSubmitEvent.type, { bubbles: true, composed: true, cancelable: true, detail });
  }
}
