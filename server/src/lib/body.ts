import express, { type RequestHandler } from 'express';

/** Deepest JSON nesting any request body may have; every contract schema is far shallower. */
const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether raw JSON text nests objects and arrays deeper than `max`: one pass over the bytes, no parsing. */
function nestsDeeper(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return false;
}

/**
 * The JSON body parser of both APIs: at most `limit`, nesting checked on the raw text before it is
 * parsed (so nothing after it, the idempotency hash included, ever walks a hostile depth).
 * Undecodable `Content-Encoding` and the depth refusal become 400s in the error handler.
 */
export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, buffer) => {
      if (nestsDeeper(buffer, MAX_JSON_DEPTH))
        throw Object.assign(new Error('JSON nested too deeply'), { type: 'entity.too.deep' });
    },
  });
}
