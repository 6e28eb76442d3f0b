export interface AmageLinkRenewalRequestedDetail {
  /** The masked address the new link goes to, e.g. `j***@supplier.pl`. */
  readonly recipient: string;
}

/** The person asked for a fresh link and the server accepted. Bubbles, composed. */
export class AmageLinkRenewalRequestedEvent extends CustomEvent<AmageLinkRenewalRequestedDetail> {
  static readonly type = 'amage-link-renewal-requested';
  constructor(detail: AmageLinkRenewalRequestedDetail) {
    super(AmageLinkRenewalRequestedEvent.type, { bubbles: true, composed: true, detail });
  }
}
