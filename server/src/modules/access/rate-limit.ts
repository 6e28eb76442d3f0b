import type { Knex } from 'knex';
import { type IRateLimiterStoreOptions, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { ProblemCode } from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import type { AccessLimits } from './policy.js';

const tooMany = (
  msBeforeNext: number,
  detail = 'Too many attempts with links that do not work. Wait a moment and try again.',
) => {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError(ProblemCode.rateLimited, 429, detail, {
    extensions: { retryAfter },
    headers: { 'Retry-After': String(retryAfter) },
  });
};

/** A limiter on the shared `rate_limits` table (made by a migration), one key prefix per budget. */
const postgresLimiter = (db: Knex, keyPrefix: string, options: Omit<IRateLimiterStoreOptions, 'storeClient'>) =>
  new RateLimiterPostgres({
    storeClient: db,
    storeType: 'knex',
    tableName: 'rate_limits',
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix,
    ...options,
  });

/**
 * Budget of failed token look-ups per client address, kept in PostgreSQL so that every instance
 * behind a load balancer shares it (rate-limiter-flexible; the table comes from a migration).
 */
export class FailedLookupLimiter {
  private readonly limiter: RateLimiterPostgres;

  constructor(db: Knex, limits: AccessLimits['failedLookups']) {
    this.limiter = postgresLimiter(db, 'lookup', {
      points: limits.points,
      duration: limits.durationSec,
      blockDuration: limits.blockSec,
      // Once an address is blocked, this instance answers it from memory without asking PostgreSQL.
      inMemoryBlockOnConsumed: limits.points + 1,
      inMemoryBlockDuration: limits.blockSec,
    });
  }

  /** Counts one failure; throws 429 when that was one too many. */
  async fail(ip: string) {
    try {
      await this.limiter.consume(ip);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw tooMany(error.msBeforeNext);
      throw error;
    }
  }
}

/**
 * Fair use: a budget of requests per link and per session, shared by all instances (the same PostgreSQL table, its
 * own key prefix). A link over it is answered from this instance's memory until its window ends.
 */
export class LinkRequestLimiter {
  private readonly limiter: RateLimiterPostgres;

  constructor(db: Knex, limits: AccessLimits['linkRequests']) {
    this.limiter = postgresLimiter(db, 'link', {
      points: limits.points,
      duration: limits.durationSec,
      inMemoryBlockOnConsumed: limits.points + 1,
      inMemoryBlockDuration: limits.durationSec,
    });
  }

  /** Counts one request of a link or a session (`session:<id>`); throws 429 when it is over its budget. */
  async spend(key: string) {
    try {
      await this.limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw tooMany(
          error.msBeforeNext,
          `This link has made too many requests. Retry in ${Math.max(1, Math.ceil(error.msBeforeNext / 1000))} s.`,
        );
      }
      throw error;
    }
  }
}
