import { describe, expect, it } from 'vitest';
import {
  lognormalOfInterval,
  pickFreeze,
  sampleGroup,
  sampleInputs,
  shardDraws,
  TRADE_PARAMETERS,
  UNCERTAINTY_GROUPS,
  Z975,
} from '../../src/uncertainty/plan.ts';
import { keyedStream } from '../../src/uncertainty/streams.ts';

const rows = [
  { precursor: 'SO2' as const, sector: '*' as const, low: -0.14, high: 0.13, source: 'x' },
  { precursor: 'PPM' as const, sector: '*' as const, low: -0.17, high: 0.54, source: 'x' },
];
const plan = { seed: 20170101, emissionRows: rows };

describe('keyed random streams', () => {
  it('give the same numbers for the same key and others for any other key', () => {
    const a = keyedStream(1, 7, 'A', 'trade');
    const b = keyedStream(1, 7, 'A', 'trade');
    const seq = (s: ReturnType<typeof keyedStream>) => Array.from({ length: 5 }, () => s.uniform());
    const x = seq(a);
    expect(seq(b)).toEqual(x);
    for (const other of [
      keyedStream(2, 7, 'A', 'trade'),
      keyedStream(1, 8, 'A', 'trade'),
      keyedStream(1, 7, 'B', 'trade'),
      keyedStream(1, 7, 'A', 'surface'),
    ])
      expect(seq(other)).not.toEqual(x);
  });
});

describe('the draw plan', () => {
  it('draw k depends only on the seed and k: the same in any order, on any shard', () => {
    const forward = Array.from({ length: 12 }, (_, k) => sampleInputs(plan, k, 'A'));
    const backward = Array.from({ length: 12 }, (_, k) => sampleInputs(plan, 11 - k, 'A')).reverse();
    expect(backward).toEqual(forward);
    // shard 2 of 3 computes draws 2, 5, 8, 11 and gets the same inputs
    for (const k of shardDraws(12, { index: 2, count: 3 }))
      expect(sampleInputs(plan, k, 'A')).toEqual(forward[k]);
    expect(sampleInputs({ ...plan, seed: 1 }, 3, 'A')).not.toEqual(forward[3]);
    expect(sampleInputs(plan, 3, 'B')).not.toEqual(forward[3]);
  });

  it('a group’s inputs do not depend on the other groups (own stream per group)', () => {
    const fewer = { ...plan, emissionRows: rows.slice(0, 1) };
    for (const g of UNCERTAINTY_GROUPS.filter((x) => x !== 'emissions'))
      expect(sampleGroup(fewer, 4, 'A', g)).toEqual(sampleGroup(plan, 4, 'A', g));
  });

  it('pick-freeze hybrids take exactly one group from B', () => {
    const a = sampleInputs(plan, 0, 'A');
    const b = sampleInputs(plan, 0, 'B');
    const h = pickFreeze(a, b, 'trade');
    expect(h.trade).toEqual(b.trade);
    expect({ ...h, trade: a.trade }).toEqual(a);
    const v = pickFreeze(a, b, 'valuation');
    expect(v.valuationSeed).toBe(b.valuationSeed);
    expect({ ...v, valuationSeed: a.valuationSeed }).toEqual(a);
  });

  it('shards partition the draws', () => {
    const all = [0, 1, 2, 3].flatMap((i) => shardDraws(10, { index: i, count: 4 })).sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 10 }, (_, k) => k));
    expect(shardDraws(3, { index: 3, count: 4 })).toEqual([]);
  });

  it('trade parameters stay inside their distributions; β has its mode at the recipe’s 1.14', () => {
    const beta: number[] = [];
    for (let k = 0; k < 1500; k++) {
      const t = sampleGroup(plan, k, 'A', 'trade').trade!;
      for (const p of TRADE_PARAMETERS) {
        expect(t[p.name]).toBeGreaterThanOrEqual(p.distribution.low);
        expect(t[p.name]).toBeLessThanOrEqual(p.distribution.high);
      }
      beta.push(t.goodsDistanceDecay);
    }
    // Triangular(0, 1.14, 2): mean (0 + 1.14 + 2)/3 = 1.0467
    expect(beta.reduce((a, b) => a + b, 0) / beta.length).toBeCloseTo(3.14 / 3, 1);
  });

  it('emission factors are lognormal with the published 2.5 % and 97.5 % points', () => {
    const { mu, sigma } = lognormalOfInterval(-0.17, 0.54);
    expect(Math.exp(mu - Z975 * sigma)).toBeCloseTo(0.83, 12);
    expect(Math.exp(mu + Z975 * sigma)).toBeCloseTo(1.54, 12);
    const f = Float64Array.from(
      { length: 8000 },
      (_, k) => sampleGroup(plan, k, 'A', 'emissions').emissionFactors![1],
    ).sort();
    expect(f[Math.floor(0.025 * f.length)]).toBeCloseTo(0.83, 1);
    expect(f[Math.floor(0.975 * f.length)]).toBeCloseTo(1.54, 1);
  });
});
