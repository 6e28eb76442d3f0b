import type { Knex } from 'knex';
import type { FieldError, SubjectType } from '@amage/contracts';

/** How the access module finds out whether a shared record exists; each portal module registers its kinds. */
export type SubjectExists = (db: Knex, ref: string) => Promise<boolean>;

/**
 * Checks a link's `constraints` for one subject when the link is issued (the subject exists). Answers the
 * refusals, each pointed into the request body (`/constraints/<key>`) with its code in `keyword`; none = fine.
 */
export type ValidateConstraints = (db: Knex, ref: string, constraints: Readonly<Record<string, string>>) => Promise<FieldError[]>;

/** A subject kind a module shares: its existence check and, optionally, what its links' constraints may say. */
export interface SubjectKind {
  exists: SubjectExists;
  validateConstraints?: ValidateConstraints;
}

/** A constraint key as a JSON Pointer segment (RFC 6901). */
export const constraintPointer = (key: string) => `/constraints/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;

export class SubjectRegistry {
  private readonly kinds = new Map<SubjectType, SubjectKind>();

  register(type: SubjectType, kind: SubjectExists | SubjectKind) {
    this.kinds.set(type, typeof kind === 'function' ? { exists: kind } : kind);
  }

  async exists(db: Knex, type: SubjectType, ref: string): Promise<boolean> {
    const kind = this.kinds.get(type);
    return kind ? kind.exists(db, ref) : false;
  }

  /** Refusals of a link's constraints; a kind without a validator takes any (as before the hook). */
  async constraintErrors(db: Knex, type: SubjectType, ref: string, constraints: Readonly<Record<string, string>>): Promise<FieldError[]> {
    const validate = this.kinds.get(type)?.validateConstraints;
    return validate ? validate(db, ref, constraints) : [];
  }
}
