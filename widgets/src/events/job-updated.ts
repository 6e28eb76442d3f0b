export interface AmageJobUpdatedDetail {
  readonly ref: string;
  /** The job's status after the change. */
  readonly status: string;
  /** `stream` when pushed by the server, `poll` when found by polling. */
  readonly via: 'stream' | 'poll';
}

/** The job changed while it was open (a progress event, a new status). Bubbles, composed. */
export class AmageJobUpdatedEvent extends CustomEvent<AmageJobUpdatedDetail> {
  static readonly type = 'amage-job-updated';
  constructor(detail: AmageJobUpdatedDetail) {
    super(AmageJobUpdatedEvent.type, { bubbles: true, composed: true, detail });
  }
}
