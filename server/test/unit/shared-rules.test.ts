import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  countsPieces,
  earliestToday,
  isFutureDate,
  isFutureTime,
  isPastDate,
  latestToday,
  lineQuantities,
} from '@amage/contracts/rules';

// The rules the widgets apply before sending are the server's own (docs/forms.md); the browser gets them
// without any schema runtime, so the compiled rules import nothing but each other (and types).
describe('@amage/contracts/rules', () => {
  it('compiles to plain modules: no import outside the rules folder survives in the JavaScript', () => {
    const dir = new URL('../../../packages/contracts/dist/rules/', import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      const imports = [...readFileSync(new URL(file, dir), 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      expect(
        imports.filter((i) => !i!.startsWith('./')),
        file,
      ).toEqual([]);
    }
  });

  it('today runs from UTC−12 to UTC+14: at 00:30 and 23:30 UTC the edges move a day', () => {
    const early = Date.parse('2026-12-31T00:30:00Z');
    expect([earliestToday(early), latestToday(early)]).toEqual(['2026-12-30', '2026-12-31']);
    const late = Date.parse('2026-12-31T23:30:00Z');
    expect([earliestToday(late), latestToday(late)]).toEqual(['2026-12-31', '2027-01-01']);
    expect([isPastDate('2026-12-30', late), isPastDate('2026-12-31', late)]).toEqual([true, false]);
    expect([isFutureDate('2027-01-01', late), isFutureDate('2027-01-02', late)]).toEqual([false, true]);
  });

  it('a time may lie up to five minutes ahead (phone clocks drift), not more', () => {
    const now = Date.parse('2027-01-10T07:00:00Z');
    expect(isFutureTime('2027-01-10T07:05:00Z', now)).toBe(false);
    expect(isFutureTime('2027-01-10T07:05:01Z', now)).toBe(true);
  });

  it('pieces are counted whole, whatever the spelling; "still open" leaves the tolerance out', () => {
    expect(['szt', 'Szt.', 'PCS', 'EA', 'c62'].map(countsPieces)).toEqual([true, true, true, true, true]);
    expect(['kg', 'm', 'l', 'm2'].some(countsPieces)).toBe(false);
    const line = { agreed: 100, declared: 0, receivedUndeclared: 0, tolerancePercent: 5 };
    expect(lineQuantities({ ...line, unit: 'szt' })).toEqual({ remaining: 100, maxDeclarable: 105 });
    expect(lineQuantities({ ...line, agreed: 12, unit: 'szt' })).toEqual({ remaining: 12, maxDeclarable: 12 });
    expect(lineQuantities({ ...line, agreed: 12, unit: 'kg' })).toEqual({ remaining: 12, maxDeclarable: 12.6 });
    expect(lineQuantities({ ...line, declared: 80, receivedUndeclared: 30, unit: 'szt' })).toEqual({
      remaining: 0,
      maxDeclarable: 0,
    });
  });
});
