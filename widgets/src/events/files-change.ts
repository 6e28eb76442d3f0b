import type { Attachment } from '@amage/contracts';

export interface AmageFilesChangeDetail {
  /** The uploaded files, in the order shown (what a submit references by id). */
  readonly attachments: readonly Attachment[];
  /** Files still being prepared or uploaded: wait before submitting. */
  readonly pending: number;
  /** Files whose upload failed and that the person may retry or remove. */
  readonly failed: number;
}

/** The person added, removed or finished uploading a file. Bubbles, composed. */
export class AmageFilesChangeEvent extends CustomEvent<AmageFilesChangeDetail> {
  static readonly type = 'amage-files-change';
  constructor(detail: AmageFilesChangeDetail) {
    super(AmageFilesChangeEvent.type, { bubbles: true, composed: true, detail });
  }
}
