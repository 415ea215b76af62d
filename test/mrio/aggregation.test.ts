import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPymrioFolder } from '../../src/io/pymrioReader.ts';
import { fromRows } from '../../src/linalg/matrix.ts';
import { aggregateMrio, type Concordance } from '../../src/mrio/aggregation.ts';
import { assembleMrio } from '../../src/mrio/construct.ts';
import type { Mrio } from '../../src/mrio/model.ts';
import { decomposeValueChain } from '../../src/mrio/valueChain.ts';
import { FIXTURES } from './systems.ts';

/** 2 regions (A, B) × 2 sectors (s1, s2), one final-demand category, one satellite. */
function small(): Mrio {
  return assembleMrio({
    name: 'small',
    regions: ['A', 'B'],
    sectors: ['s1', 's2'],
    monetaryUnit: 'M',
    Z: fromRows([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
      [13, 14, 15, 16],
    ]),
    categories: ['final'],
    Y: fromRows([
      [10, 20],
      [30, 40],
      [50, 60],
      [70, 80],
    ]),
    satellites: [
      {
        name: 'CO2',
        unit: 't',
        kind: 'emission',
        values: Float64Array.from([1, 2, 3, 4]),
        direct: Float64Array.from([5, 6]),
      },
    ],
    primaryInputs: [{ name: 'wages', values: Float64Array.from([7, 8, 9, 10]) }],
  });
}

const oneRegion: Concordance = {
  source: 'test',
  regions: {
    targets: ['W'],
    entries: [
      { from: 'A', to: 'W', share: 1 },
      { from: 'B', to: 'W', share: 1 },
    ],
  },
};

describe('aggregateMrio', () => {
  it('sums regions into one, as computed by hand', () => {
    const m = aggregateMrio(small(), oneRegion);
    expect(m.regions).toEqual(['W']);
    expect(m.sectors).toEqual(['s1', 's2']);
    // Z'(s1,s1) = 1 + 3 + 9 + 11, Z'(s1,s2) = 2 + 4 + 10 + 12, Z'(s2,s1) = 5 + 7 + 13 + 15, Z'(s2,s2) = 6 + 8 + 14 + 16.
    expect(Array.from(m.Z.data)).toEqual([24, 28, 40, 44]);
    // Y'(s1) = 10 + 20 + 50 + 60, Y'(s2) = 30 + 40 + 70 + 80.
    expect(Array.from(m.finalDemand.Y.data)).toEqual([140, 220]);
    // x = Z·1 + Y·1 of the fine table: 40, 96, 152, 208.
    expect(Array.from(m.x)).toEqual([40 + 152, 96 + 208]);
    expect(Array.from(m.satellites[0].values)).toEqual([1 + 3, 2 + 4]);
    expect(Array.from(m.satellites[0].direct!)).toEqual([11]);
    expect(Array.from(m.primaryInputs![0].values)).toEqual([16, 18]);
    expect(m.notes?.at(-1)).toBe('aggregated with test: 2 regions → 1');
  });

  it('splits a sector in fixed shares, keeping totals', () => {
    const m = aggregateMrio(small(), {
      source: 'split',
      sectors: {
        targets: ['t1', 't2'],
        entries: [
          { from: 's1', to: 't1', share: 0.25 },
          { from: 's1', to: 't2', share: 0.75 },
          { from: 's2', to: 't2', share: 1 },
        ],
      },
    });
    // Z'(A t1, A t1) = 0.25 · 0.25 · Z(A s1, A s1); Z'(A t2, A t2) = 0.75·0.75·1 + 0.75·2 + 0.75·5 + 6.
    expect(m.Z.data[0]).toBe(0.0625);
    expect(m.Z.data[1 * 4 + 1]).toBe(0.5625 + 1.5 + 3.75 + 6);
    const total = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    expect(total(m.Z.data)).toBe(136);
    expect(total(m.x)).toBe(496);
    expect(m.notes?.at(-1)).toMatch(/split in fixed shares \(an assumption\): s1 → t1 0\.25, t2 0\.75/);
  });

  it('refuses a concordance that leaves a label out, names an unknown one, or splits into shares not summing to 1', () => {
    expect(() =>
      aggregateMrio(small(), {
        source: 't',
        regions: { targets: ['W'], entries: [{ from: 'A', to: 'W', share: 1 }] },
      }),
    ).toThrow(/does not map the region 'B'/);
    expect(() =>
      aggregateMrio(small(), {
        source: 't',
        regions: {
          targets: ['W'],
          entries: [...oneRegion.regions!.entries, { from: 'C', to: 'W', share: 1 }],
        },
      }),
    ).toThrow(/maps region 'C', which the table does not have/);
    expect(() =>
      aggregateMrio(small(), {
        source: 't',
        sectors: {
          targets: ['t'],
          entries: [
            { from: 's1', to: 't', share: 0.5 },
            { from: 's2', to: 't', share: 1 },
          ],
        },
      }),
    ).toThrow(/shares of sector 's1' sum to 0.5/);
  });

  it("pymrio's test MRIO: aggregated production accounts equal the sums of the fine ones; world consumption equals world production", () => {
    const fine = readPymrioFolder(join(FIXTURES, 'pymrio-test-mrio'));
    const north = ['reg1', 'reg2', 'reg3'];
    const groups: Record<string, string> = {
      food: 'primary',
      mining: 'primary',
      manufactoring: 'industry',
      electricity: 'industry',
      construction: 'industry',
      trade: 'services',
      transport: 'services',
      other: 'services',
    };
    const c: Concordance = {
      source: 'test',
      regions: {
        targets: ['North', 'South'],
        entries: fine.regions.map((r) => ({ from: r, to: north.includes(r) ? 'North' : 'South', share: 1 })),
      },
      sectors: {
        targets: ['primary', 'industry', 'services'],
        entries: fine.sectors.map((s) => ({ from: s, to: groups[s], share: 1 })),
      },
    };
    const coarse = aggregateMrio(fine, c, { strictColumnSums: false });
    const opts = { indicators: ['Value Added', 'emission_type1/air'], strictColumnSums: false };
    const f = decomposeValueChain(fine, opts);
    const g = decomposeValueChain(coarse, opts);
    f.indicators.forEach((a, k) => {
      const b = g.indicators[k];
      const sumOver = (v: Float64Array, pick: (j: number) => boolean) =>
        v.reduce((s, x, j) => (pick(j) ? s + x : s), 0);
      for (const [R, members] of [
        ['North', north],
        ['South', fine.regions.filter((r) => !north.includes(r))],
      ] as const) {
        const r = coarse.regions.indexOf(R);
        const fineSum = sumOver(a.production, (j) => members.includes(fine.regions[Math.floor(j / 8)]));
        const coarseSum = sumOver(b.production, (j) => Math.floor(j / 3) === r);
        expect(Math.abs(coarseSum - fineSum) / Math.abs(fineSum)).toBeLessThan(1e-12);
      }
      const world = (v: Float64Array) => v.reduce((s, x) => s + x, 0);
      expect(Math.abs(world(b.consumption) - world(a.consumption)) / world(a.consumption)).toBeLessThan(1e-9);
    });
  });

  it('keeps every total and is the identity under the identity concordance (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 200, maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
        (G, N, pool, groupOf) => {
          const n = G * N;
          const at = (k: number) => pool[k % pool.length] + 1;
          const regions = Array.from({ length: G }, (_, k) => `R${k}`);
          const sectors = Array.from({ length: N }, (_, k) => `S${k}`);
          const m = assembleMrio({
            name: 'p',
            regions,
            sectors,
            monetaryUnit: 'M',
            Z: { rows: n, cols: n, data: Float64Array.from({ length: n * n }, (_, k) => at(k) / 100) },
            categories: ['c'],
            Y: { rows: n, cols: G, data: Float64Array.from({ length: n * G }, (_, k) => at(k + 7) * 10) },
            satellites: [
              {
                name: 'e',
                unit: 't',
                kind: 'other',
                values: Float64Array.from({ length: n }, (_, k) => at(k + 3)),
              },
            ],
          });
          const identity = aggregateMrio(m, {
            source: 'id',
            regions: { targets: regions, entries: regions.map((r) => ({ from: r, to: r, share: 1 })) },
          });
          expect(Array.from(identity.Z.data)).toEqual(Array.from(m.Z.data));
          expect(Array.from(identity.finalDemand.Y.data)).toEqual(Array.from(m.finalDemand.Y.data));
          const used = [...new Set(regions.map((_, k) => `G${groupOf[k]}`))];
          const c = aggregateMrio(m, {
            source: 'groups',
            regions: {
              targets: used,
              entries: regions.map((r, k) => ({ from: r, to: `G${groupOf[k]}`, share: 1 })),
            },
          });
          const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
          const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
          expect(close(sum(c.Z.data), sum(m.Z.data))).toBe(true);
          expect(close(sum(c.finalDemand.Y.data), sum(m.finalDemand.Y.data))).toBe(true);
          expect(close(sum(c.x), sum(m.x))).toBe(true);
          expect(close(sum(c.satellites[0].values), sum(m.satellites[0].values))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
