export interface AmageJobDecidedDetail {
  readonly ref: string;
  /** `approve-quote`, `reject-quote`, `accept-work`, `report-problem` or `rate`. */
  readonly decision: string;
  /** The id of the stored approval or rating. */
  readonly id: string;
}

/** The customer approved or rejected a quote, accepted the work, reported a problem or rated the service. Bubbles, composed. */
export class AmageJobDecidedEvent extends CustomEvent<AmageJobDecidedDetail> {
  static readonly type = 'amage-job-decided';
  constructor(detail: AmageJobDecidedDetail) {
    super(AmageJobDecidedEvent.type, { bubbles: true, composed: true, detail });
  }
}
