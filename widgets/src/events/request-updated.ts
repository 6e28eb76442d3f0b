export interface AmageRequestUpdatedDetail {
  /** The service request's id and number. */
  readonly id: string;
  readonly number: string;
  /** What the requester did: `commented` or `cancelled`. */
  readonly change: 'commented' | 'cancelled';
}

/** The requester added information to a request or cancelled it, and the server accepted. Bubbles, composed. */
export class AmageRequestUpdatedEvent extends CustomEvent<AmageRequestUpdatedDetail> {
  static readonly type = 'amage-request-updated';
  constructor(detail: AmageRequestUpdatedDetail) {
    super(AmageRequestUpdatedEvent.type, { bubbles: true, composed: true, detail });
  }
}
