// Quantities of order lines, as the server and the widgets both compute them.

/**
 * Units that count pieces (Polish, English, German abbreviations and the UN/ECE Rec. 20 codes most
 * systems use): quantities in them are whole numbers. Compared case-insensitively, without a final dot.
 */
export const PIECE_UNITS = [
  'szt',
  'sztuka',
  'sztuki',
  'kpl',
  'komplet',
  'op',
  'para',
  'pary',
  'pcs',
  'pc',
  'pce',
  'piece',
  'pieces',
  'ea',
  'each',
  'unit',
  'units',
  'set',
  'sets',
  'pair',
  'pairs',
  'pr',
  'st',
  'stk',
  'stück',
  'c62',
  'h87',
] as const;

/** Whether `unit` counts pieces (`szt`, `pcs`, `EA`, …): then only whole numbers make sense. */
export const countsPieces = (unit: string) =>
  (PIECE_UNITS as readonly string[]).includes(unit.trim().toLowerCase().replace(/\.$/, ''));

/** Quantities have at most a few decimals: sums are rounded to 3 and compared with a tolerance. */
export const roundQuantity = (n: number) => Math.round(n * 1000) / 1000;
export const sameQuantity = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/** A quantity that fits its unit: any positive amount, a whole one for pieces. */
export const fitsUnit = (quantity: number, unit: string) => !countsPieces(unit) || Number.isInteger(quantity);

export interface LineQuantityInput {
  /** What deliveries count against: the agreed quantity, or the ordered one while nothing is agreed. */
  agreed: number;
  /** Declared in declarations that are not cancelled. */
  declared: number;
  /** Received without a (live) declaration: it uses up the line too. */
  receivedUndeclared: number;
  /** How much more than agreed may be declared, in percent. */
  tolerancePercent: number;
  unit: string;
}

/**
 * `remaining`: still open, what is left of the agreed quantity (never below 0). `maxDeclarable`: the most a
 * declaration may still carry, the over-delivery tolerance included (whole pieces for piece units).
 */
export function lineQuantities(input: LineQuantityInput): { remaining: number; maxDeclarable: number } {
  const used = input.declared + input.receivedUndeclared;
  const remaining = roundQuantity(Math.max(0, input.agreed - used));
  const withTolerance = roundQuantity(Math.max(0, input.agreed * (1 + input.tolerancePercent / 100) - used));
  return {
    remaining,
    maxDeclarable: countsPieces(input.unit) ? Math.floor(withTolerance + 1e-9) : withTolerance,
  };
}
