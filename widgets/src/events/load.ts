import type { SubjectType } from '@amage/contracts';

export interface AmageLoadDetail {
  readonly subjectType: SubjectType;
  readonly ref: string;
}

/** The widget's data arrived and is shown. Bubbles, composed. */
export class AmageLoadEvent extends CustomEvent<AmageLoadDetail> {
  static readonly type = 'amage-load';
  constructor(detail: AmageLoadDetail) {
    super(AmageLoadEvent.type, { bubbles: true, composed: true, detail });
  }
}
