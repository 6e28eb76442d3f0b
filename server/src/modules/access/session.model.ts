import { BaseModel } from '../../db/base-model.js';

export class Session extends BaseModel {
  id!: string;
  linkId!: string;
  tokenHash!: Buffer;
  parentId!: string | null;
  idempotencyKey!: string | null;
  expiresAt!: Date;
  createdAt!: Date;

  static tableName = 'sessions';
  static hasUpdatedAt = false;
}
