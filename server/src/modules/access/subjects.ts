import type { Knex } from 'knex';
import type { SubjectType } from '@amage/contracts';

/** How the access module finds out whether a shared record exists; each portal module registers its kinds. */
export type SubjectExists = (db: Knex, ref: string) => Promise<boolean>;

export class SubjectRegistry {
  private readonly kinds = new Map<SubjectType, SubjectExists>();

  register(type: SubjectType, exists: SubjectExists) {
    this.kinds.set(type, exists);
  }

  async exists(db: Knex, type: SubjectType, ref: string): Promise<boolean> {
    const exists = this.kinds.get(type);
    return exists ? exists(db, ref) : false;
  }
}
