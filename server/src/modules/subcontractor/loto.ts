import type { LotoExpected, LotoProcedure, LotoStepKind } from '@amage/contracts';

const ISOLATION_STEPS: LotoStepKind[] = ['lock-applied', 'tag-applied', 'zero-energy-verified'];

/**
 * The whole procedure in the one order it may be done: per isolation point (in the order given)
 * lock applied, tag applied, zero energy verified; the isolation sign-off; then the locks come off in
 * reverse order, and the equipment is returned to service last.
 */
export function lotoSequence(loto: LotoProcedure): LotoExpected[] {
  return [
    ...loto.points.flatMap((p) =>
      ISOLATION_STEPS.map((step): LotoExpected => ({ phase: 'isolation', pointKey: p.key, step })),
    ),
    { phase: 'sign-off', pointKey: null, step: 'sign-off' },
    ...[...loto.points]
      .reverse()
      .map((p): LotoExpected => ({ phase: 'release', pointKey: p.key, step: 'lock-removed' })),
    { phase: 'release', pointKey: null, step: 'equipment-returned' },
  ];
}

export const sameStep = (a: { pointKey: string | null; step: string }, b: { pointKey: string | null; step: string }) =>
  a.step === b.step && (a.pointKey ?? null) === (b.pointKey ?? null);

/** Human words for a step, for problem details (widgets show their own translations). */
export const describeStep = (s: LotoExpected) => (s.pointKey ? `${s.step} at ${s.pointKey}` : s.step);
