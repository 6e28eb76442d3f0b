import { Model } from 'objection';
import { BaseModel } from '../../db/base-model.js';
import { Link } from './link.model.js';

export class Session extends BaseModel {
  id!: string;
  linkId!: string;
  tokenHash!: Buffer;
  parentId!: string | null;
  familyId!: string;
  refreshedAt!: Date | null;
  revokedAt!: Date | null;
  idempotencyKey!: string | null;
  /** The token, sealed for a retry of the same start or refresh (see the session_replay migration). */
  replayTokenSealed!: Buffer | null;
  expiresAt!: Date;
  createdAt!: Date;
  link?: Link;

  static tableName = 'sessions';
  static hasUpdatedAt = false;

  static relationMappings = () => ({
    link: { relation: Model.BelongsToOneRelation, modelClass: Link, join: { from: 'sessions.linkId', to: 'links.id' } },
  });
}
