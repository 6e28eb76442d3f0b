import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AttachmentProblemCode,
  CustomerProblem,
  ProblemCode,
  SupplierProblem,
  WebhookProblem,
  WorkOrderProblem,
} from '@amage/contracts';

// docs/architecture.md: every problem code is a constant in @amage/contracts; services use the constants.
const src = new URL('../../src/', import.meta.url);
// Event types may share a name with a code (`delivery.cancelled` happened; `delivery.cancelled` refuses): drop them.
const withoutEventTypes = (text: string) =>
  text.replace(/(recordPortalEvent\([^,]+,[^,]+,|recordEvent\([^,]+,\s*\{\s*type:)\s*'[^']+'/g, '$1');
const sources = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.startsWith('db/migrations/'))
  .map((f) => ({ file: f, text: withoutEventTypes(readFileSync(new URL(f, src), 'utf8')) }));

const codes = [ProblemCode, SupplierProblem, CustomerProblem, WorkOrderProblem, AttachmentProblemCode, WebhookProblem]
  .flatMap((group) => Object.values(group))
  .map(String);

describe('problem codes', () => {
  it('when the server names a code, then it is a constant of @amage/contracts, never a string of its own', () => {
    const inline = sources.flatMap(({ file, text }) => [
      ...codes.filter((code) => text.includes(`'${code}'`) || text.includes(`"${code}"`)).map((c) => `${file}: '${c}'`),
      // A new code written inline where a refusal is made: `new AppError('…'`, `errors.add('…'`, `keyword: '….…'`.
      ...[...text.matchAll(/new AppError\(\s*['"`]|\.add\(\s*['"`][a-z-]+\.|keyword: ['"`][a-z-]+\.[a-z_]+/g)].map(
        (m) => `${file}: ${m[0]}`,
      ),
    ]);
    expect(sources.length).toBeGreaterThan(50);
    expect(inline).toEqual([]);
  });

  it('when two groups are read together, then no code is defined twice', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });
});
