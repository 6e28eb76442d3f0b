export interface AmageLoadErrorDetail {
  /** A problem code such as `token.expired`, `rate_limited`, or `network` when no answer came. */
  readonly code: string;
  /** HTTP status; 0 for network errors. */
  readonly status: number;
}

/** Loading failed (access denied, server error, network). Bubbles, composed. */
export class AmageLoadErrorEvent extends CustomEvent<AmageLoadErrorDetail> {
  static readonly type = 'amage-load-error';
  constructor(detail: AmageLoadErrorDetail) {
    super(AmageLoadErrorEvent.type, { bubbles: true, composed: true, detail });
  }
}
