export interface AmageStepUpRequestedDetail {
  /** The action the code is for, e.g. `complaint:respond`. */
  readonly action: string;
  /** Where the code was sent, masked. */
  readonly recipient?: string;
}

/** A risky action needs a one-time code; one was requested for the link's recipient. Bubbles, composed. */
export class AmageStepUpRequestedEvent extends CustomEvent<AmageStepUpRequestedDetail> {
  static readonly type = 'amage-step-up-requested';
  constructor(detail: AmageStepUpRequestedDetail) {
    super(AmageStepUpRequestedEvent.type, { bubbles: true, composed: true, detail });
  }
}
