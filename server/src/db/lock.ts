import { notFound } from '../lib/errors.js';

/** A query (knex or objection) that yields one row or `undefined` and can take a row lock. */
export interface LockableQuery<T> extends PromiseLike<T | undefined> {
  forUpdate(): PromiseLike<T | undefined>;
}

/**
 * Loads the one row `query` selects, locked `FOR UPDATE` unless `lock` is false (a plain read sharing
 * the same lookup), or throws 404 `<label> was not found.`.
 */
export async function lockOrNotFound<T>(
  query: LockableQuery<T>,
  label: string,
  options: { lock?: boolean } = {},
): Promise<T> {
  const row = await (options.lock === false ? query : query.forUpdate());
  if (!row) throw notFound(label);
  return row;
}
