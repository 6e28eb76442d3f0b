import { BaseModel } from '../../db/base-model.js';

export class IntegrationKey extends BaseModel {
  id!: string;
  name!: string;
  prefix!: string;
  keyHash!: Buffer;
  lastUsedAt!: Date | null;
  revokedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;

  static tableName = 'integration_keys';
}
