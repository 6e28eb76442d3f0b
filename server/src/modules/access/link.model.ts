import type { Action, Recipient, SubjectType, SupportContact } from '@amage/contracts';
import { BaseModel } from '../../db/base-model.js';

export class Link extends BaseModel {
  id!: string;
  tokenHash!: Buffer;
  subjectType!: SubjectType;
  subjectRef!: string;
  actions!: Action[];
  expiresAt!: Date;
  maxUses!: number | null;
  uses!: number;
  recipient!: Recipient | null;
  allowedOrigins!: string[];
  constraints!: Record<string, string>;
  /** Actions whose risky routes need a step-up code. */
  stepUp!: Action[];
  createdByKeyId!: string | null;
  /** `email`: the portal e-mails it (and its step-up codes); `none`: the main system delivers it. */
  delivery!: 'email' | 'none';
  renewal!: 'manual' | 'automatic';
  renewedFromId!: string | null;
  /** Whom the holder asks about this link; null: the appearance's support contact. */
  contact!: SupportContact | null;
  lastUsedAt!: Date | null;
  revokedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;

  static tableName = 'links';
  static jsonAttributes = ['recipient', 'constraints', 'contact'];

  get status() {
    if (this.revokedAt) return 'revoked' as const;
    if (this.expiresAt.getTime() <= Date.now()) return 'expired' as const;
    if (this.maxUses !== null && this.uses >= this.maxUses) return 'used-up' as const;
    return 'active' as const;
  }
}
