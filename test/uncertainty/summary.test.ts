import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../../src/health/summary.ts';
import { checkedJson } from '../../src/io/outputGuard.ts';
import type { DrawRecord, HeadlineMeta } from '../../src/uncertainty/draws.ts';
import { type DrawInputs, pickFreeze, sampleInputs, UNCERTAINTY_GROUPS } from '../../src/uncertainty/plan.ts';
import { summariseUncertainty } from '../../src/uncertainty/summary.ts';

/**
 * The summary on a toy chain whose answer is known: y = 3β + F (β the goods distance decay,
 * Triangular(0, 1.14, 2); F the SO2 factor, lognormal with 95 % points 0.86–1.13). Var(3β) =
 * 9·(1.14² + 2² − 1.14·2)/18 = 1.5098, Var(F) ≈ 0.0047: the trade split explains ~99.7 %.
 */
const rows = [{ precursor: 'SO2' as const, sector: '*' as const, low: -0.14, high: 0.13, source: 'x' }];
const plan = { seed: 3, emissionRows: rows };
const metas: HeadlineMeta[] = [
  { id: 'toy', label: 'Toy number', definition: '', unit: 'index', paper: 0.3 },
  { id: 'flat', label: 'Flat number', definition: '', unit: '%', paper: null },
  { id: 'gappy', label: 'Gappy number', definition: '', unit: 'Mt', paper: null },
  { id: 'mixed', label: 'Mixed number', definition: '', unit: 'Mt', paper: null },
];
const f = (x: DrawInputs, draw: number) => [
  3 * x.trade.goodsDistanceDecay + x.emissionFactors[0],
  42,
  draw % 10 === 0 ? null : x.surfaceZ,
  // Var(3β) = 1.51, Var(0.6 z) = 0.36: the trade split explains 81 % of the variance
  3 * x.trade.goodsDistanceDecay + 0.6 * x.surfaceZ,
];

function records(N: number): DrawRecord[] {
  return Array.from({ length: N }, (_, k) => {
    const A = sampleInputs(plan, k, 'A');
    const B = sampleInputs(plan, k, 'B');
    const AB = Object.fromEntries(
      UNCERTAINTY_GROUPS.map((g) => [g, f(pickFreeze(A, B, g), k)]),
    ) as unknown as DrawRecord['AB'];
    return { draw: k, inputs: { A, B }, A: f(A, k), B: f(B, k), AB };
  });
}

describe('summary of the draws', () => {
  const recs = records(256);
  const [toy, flat, gappy, mixed] = summariseUncertainty(metas, recs, [2.5, 42, null, 3], plan.seed, 200);

  it('intervals are the type-7 2.5 / 97.5 % points of the 2N joint samples', () => {
    const all = Float64Array.from([
      ...recs.map((r) => r.A[0] as number),
      ...recs.map((r) => r.B[0] as number),
    ]).sort();
    expect(toy.p025).toBe(quantileSorted(all, 0.025));
    expect(toy.p975).toBe(quantileSorted(all, 0.975));
    expect(toy.reference).toBe(2.5);
    expect(toy.draws).toBe(256);
  });

  it('names the dominant source with its first-order index and bootstrap interval', () => {
    expect(toy.dominant).toBe('trade');
    expect(toy.first.trade.estimate).toBeGreaterThan(0.9);
    expect(toy.first.trade.low).toBeLessThan(toy.first.trade.estimate);
    expect(toy.first.trade.high).toBeGreaterThan(toy.first.trade.estimate);
    expect(Math.abs(toy.first.valuation.estimate)).toBeLessThan(0.05);
    expect(toy.sentence).toMatch(
      /^Toy number is [\d.]+–[\d.]+ \(95 % of 512 draws\); practically all of that spread comes from the trade split alone \(first-order Sobol index \d+ %, bootstrap 95 % CI \d+ %–\d+ %/,
    );
    const share = 1.5098 / (1.5098 + 0.36);
    expect(Math.abs(mixed.first.trade.estimate - share)).toBeLessThan(0.08);
    expect(mixed.sentence).toMatch(
      /; (7\d|8\d) % of that spread comes from the trade split alone \(first-order Sobol index, bootstrap 95 % CI \d+ %–\d+ %\), (7\d|8\d|9\d) % with its interactions \(total index\)\.$/,
    );
  });

  it('a number that does not vary says so, and its blank indices carry the reason', () => {
    expect(flat.dominant).toBeNull();
    expect(flat.sentence).toMatch(/does not vary over the draws/);
    expect(flat.notComputed?.first).toMatch(/does not vary/);
    expect(() => checkedJson([toy, flat, gappy, mixed], 'uncertainty.json')).not.toThrow();
  });

  it('draws in which the run could not compute a number are left out, and the row says how many', () => {
    expect(gappy.draws).toBe(256 - 26);
    expect(gappy.note).toMatch(/^26 of 256 draws left out/);
    expect(gappy.dominant).toBe('surface');
  });
});
