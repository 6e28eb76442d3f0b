export interface AmageSessionExpiredDetail {
  /** A fresh link can be requested (the widget offers a button for it). */
  readonly renewable: boolean;
}

/** The link or session expired; the widget shows how to get a new link. Bubbles, composed. */
export class AmageSessionExpiredEvent extends CustomEvent<AmageSessionExpiredDetail> {
  static readonly type = 'amage-session-expired';
  constructor(detail: AmageSessionExpiredDetail) {
    super(AmageSessionExpiredEvent.type, { bubbles: true, composed: true, detail });
  }
}
