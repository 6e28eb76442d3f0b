import type { Knex } from 'knex';
import type { FieldError, SubjectType } from '@amage/contracts';
import type { PortalAccess } from './portal-access.js';

/** How the access module finds out whether a shared record exists; each portal module registers its kinds. */
export type SubjectExists = (db: Knex, ref: string) => Promise<boolean>;

/**
 * Checks a link's `constraints` for one subject when the link is issued (the subject exists). Answers the
 * refusals, each pointed into the request body (`/constraints/<key>`) with its code in `keyword`; none = fine.
 */
type ValidateConstraints = (
  db: Knex,
  ref: string,
  constraints: Readonly<Record<string, string>>,
) => Promise<FieldError[]>;

/**
 * Whether the token holder may add a file to the subject at `now`, in the upload's transaction: throws the
 * module's own refusal (an order no longer open, a completed work order, a link outside its window…).
 */
type AssertUploadAllowed = (trx: Knex.Transaction, access: PortalAccess, now: Date) => Promise<void>;

/** How mail names a shared record: its number (a customer: its name), a title, and who to contact about it. */
export interface SubjectDescription {
  number: string;
  title?: string;
  contact?: { name?: string; email?: string };
}

/** A subject kind a module shares: its existence check and, optionally, what its links may do beyond that. */
export interface SubjectKind {
  exists: SubjectExists;
  /** For e-mail; omitted, mail names the record by its ref. */
  describe?: (db: Knex, ref: string) => Promise<SubjectDescription | undefined>;
  validateConstraints?: ValidateConstraints;
  /** Omitted: portal uploads are refused for this kind (its forms take no files). */
  assertUploadAllowed?: AssertUploadAllowed;
  /**
   * Files are private to the link that uploaded them (plus those the main system shared): a customer's
   * intake link is shared by many people and sites, who must not see each other's photos.
   */
  filesPerLink?: boolean;
}

/** A constraint key as a JSON Pointer segment (RFC 6901). */
export const constraintPointer = (key: string) => `/constraints/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;

export class SubjectRegistry {
  private readonly kinds = new Map<SubjectType, SubjectKind>();

  register(type: SubjectType, kind: SubjectExists | SubjectKind) {
    this.kinds.set(type, typeof kind === 'function' ? { exists: kind } : kind);
  }

  kind(type: SubjectType): SubjectKind | undefined {
    return this.kinds.get(type);
  }

  async exists(db: Knex, type: SubjectType, ref: string): Promise<boolean> {
    const kind = this.kinds.get(type);
    return kind ? kind.exists(db, ref) : false;
  }

  async describe(db: Knex, type: SubjectType, ref: string): Promise<SubjectDescription> {
    return (await this.kinds.get(type)?.describe?.(db, ref)) ?? { number: ref };
  }

  /** Refusals of a link's constraints; a kind without a validator takes any (as before the hook). */
  async constraintErrors(
    db: Knex,
    type: SubjectType,
    ref: string,
    constraints: Readonly<Record<string, string>>,
  ): Promise<FieldError[]> {
    const validate = this.kinds.get(type)?.validateConstraints;
    return validate ? validate(db, ref, constraints) : [];
  }
}
