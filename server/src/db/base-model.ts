import { Model } from 'objection';

/** Shared model behaviour: `updatedAt` kept on update (tables without it say so), the rest by DB defaults. */
export class BaseModel extends Model {
  static useLimitInFirst = true;
  static hasUpdatedAt = true;

  $beforeUpdate() {
    if ((this.constructor as typeof BaseModel).hasUpdatedAt) (this as { updatedAt?: Date }).updatedAt = new Date();
  }
}
