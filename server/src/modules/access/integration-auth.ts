import type { Request, RequestHandler } from 'express';
import type { Knex } from 'knex';
import { ProblemCode, type CreatedIntegrationKey, type IntegrationKey as IntegrationKeyDto } from '@amage/contracts';
import { AppError, notFound } from '../../lib/errors.js';
import type { IntegrationCaller } from '../../lib/route.js';
import { IntegrationKey } from './integration-key.model.js';
import type { FailedLookupLimiter } from './rate-limit.js';
import { generateToken, hashToken } from './tokens.js';

const LAST_USED_GRANULARITY_MS = 60_000;

export const integrationKeyToDto = (k: IntegrationKey): IntegrationKeyDto => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

const callers = new WeakMap<Request, IntegrationCaller>();

/** The key `integrationAuth` accepted for this request (`req.integrationKey` in handlers). */
export function integrationCallerOf(req: Request): IntegrationCaller {
  const caller = callers.get(req);
  if (!caller)
    throw new Error(`${req.method} ${req.originalUrl}: no integration key resolved (integrationAuth did not run)`);
  return caller;
}

/** The main system authenticates with an integration key (stored hashed, like link tokens). */
export function integrationAuth(db: Knex, limiter: FailedLookupLimiter): RequestHandler {
  return async (req, _res, next) => {
    // A missing or malformed header spends the budget like a wrong key: both are guesses.
    const presented = /^Bearer ([^\s]{1,200})$/.exec(req.get('authorization') ?? '')?.[1];
    const key =
      presented &&
      (await IntegrationKey.query(db)
        .findOne({ keyHash: hashToken(presented) })
        .whereNull('revokedAt'));
    if (!key) {
      await limiter.fail(req.ip ?? 'unknown');
      throw new AppError(ProblemCode.integrationKeyInvalid, 401, 'A valid integration key is required.');
    }
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
      await IntegrationKey.query(db).findById(key.id).patch({ lastUsedAt: new Date() });
    }
    callers.set(req, { id: key.id, name: key.name });
    next();
  };
}

/** Registers `AMAGE_INTEGRATION_KEY` (any string of 32+ characters) as a key, once. */
export async function seedIntegrationKey(db: Knex, clearKey: string) {
  await db('integration_keys')
    .insert({ name: 'AMAGE_INTEGRATION_KEY', prefix: clearKey.slice(0, 8), keyHash: hashToken(clearKey) })
    .onConflict('key_hash')
    .ignore();
}

export async function createIntegrationKey(db: Knex, name: string): Promise<CreatedIntegrationKey> {
  const { token, hash } = generateToken('integrationKey');
  const key = await IntegrationKey.query(db).insertAndFetch({ name, prefix: token.slice(0, 9), keyHash: hash });
  return { ...integrationKeyToDto(key), key: token };
}

export async function revokeIntegrationKey(db: Knex, id: string): Promise<IntegrationKeyDto> {
  const key = await IntegrationKey.query(db).findById(id);
  if (!key) throw notFound(`Integration key ${id}`);
  return integrationKeyToDto(key.revokedAt ? key : await key.$query(db).patchAndFetch({ revokedAt: new Date() }));
}
