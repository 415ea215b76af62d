import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildProvincialFromInputs,
  readProvincialInputs,
} from '../../src/dataset/china2017ProvincialBuild.ts';
import { originDestinationFlows } from '../../src/dataset/originDestination.ts';
import { reconcileMargins, removeReflows } from '../../src/dataset/outflowCleaning.ts';
import { InputError } from '../../src/io/inputError.ts';

/** The trade-model variants the uncertainty analysis draws (docs/uncertainty.md), checked by hand. */
const f64 = (...v: number[]) => new Float64Array(v);
const sector = (i: number) => `sector ${i}`;

describe('re-flow fraction (cleaning step 4)', () => {
  it('removes θ times the re-flow; the skip rule uses the full re-flow', () => {
    // use 100, OF 50, IM 15, IF 45: FM 0.1, PM 0.3 → full re-flow 20 (outflowCleaning.test.ts).
    const half = removeReflows(f64(100), f64(50), f64(15), f64(45), 0.5);
    expect(Array.from(half.reflow)).toEqual([10]);
    expect(Array.from(half.OF)).toEqual([40]);
    expect(Array.from(half.IF)).toEqual([35]);
    const none = removeReflows(f64(100), f64(50), f64(15), f64(45), 0);
    expect(Array.from(none.OF)).toEqual([50]);
    // full re-flow 20 > IF 10: skipped whatever θ
    expect(removeReflows(f64(100), f64(50), f64(30), f64(10), 0.1).skipped).toBe(1);
  });
});

describe('reconciliation weight (cleaning step 5)', () => {
  it('sets the total to Σ OF^(1−w) Σ IF^w and water-fills the outflows under their capacity', () => {
    // One sector, three provinces: Σ OF 60, Σ IF 120, w = ½ → T = √7200 = 84.8528…
    const r = reconcileMargins(f64(10, 20, 30), f64(40, 40, 40), f64(12, 100, 100), 3, 1, 0.5, sector);
    const T = Math.sqrt(60 * 120);
    // province 0 would get 10·T/60 = 14.1 > 12: capped; the rest T − 12 shared 20 : 30
    expect(r.OF[0]).toBe(12);
    expect(r.OF[1]).toBeCloseTo(((T - 12) * 20) / 50, 12);
    expect(r.OF[2]).toBeCloseTo(((T - 12) * 30) / 50, 12);
    expect(r.IF.reduce((a, b) => a + b, 0)).toBeCloseTo(T, 10);
    expect(r.fallbacks).toEqual([]);
  });
  it('keeps the producers’ side where the provinces cannot ship the total', () => {
    const r = reconcileMargins(f64(10, 20), f64(100, 100), f64(15, 25), 2, 1, 0.5, sector);
    expect(r.fallbacks).toEqual([0]);
    expect(Array.from(r.OF)).toEqual([10, 20]);
    expect(r.IF[0] + r.IF[1]).toBeCloseTo(30, 12);
  });
});

describe('contiguity factor of the trade prior', () => {
  it('raises flows between neighbours and still meets both margins', () => {
    const G = 3;
    const d = f64(0, 100, 300, 100, 0, 200, 300, 200, 0);
    const out = f64(10, 20, 30);
    const inn = f64(25, 20, 15);
    const adjacent = (s: number, r: number) => (s === 0 && r === 2) || (s === 2 && r === 0);
    const plain = originDestinationFlows(out, inn, G, 1, d, [1], sector);
    const bonus = originDestinationFlows(out, inn, G, 1, d, [1], sector, 1e-13, { adjacent, factor: 1.5 });
    expect(bonus.flows[0 * G + 2]).toBeGreaterThan(plain.flows[0 * G + 2]);
    for (let s = 0; s < G; s++) {
      let row = 0;
      let col = 0;
      for (let r = 0; r < G; r++) {
        row += bonus.flows[s * G + r];
        col += bonus.flows[r * G + s];
      }
      expect(row).toBeCloseTo(out[s], 10);
      expect(col).toBeCloseTo(inn[s], 10);
    }
    // factor 1 is the recipe: the same doubles
    const one = originDestinationFlows(out, inn, G, 1, d, [1], sector, 1e-13, { adjacent, factor: 1 });
    expect(Array.from(one.flows)).toEqual(Array.from(plain.flows));
  });
});

describe('the provincial recipe under its variants', () => {
  const ROOT = join(import.meta.dirname, '..', '..');
  const inputs = readProvincialInputs(join(ROOT, 'data', 'sources'), join(ROOT, 'data', 'maps'), 'meic2017');
  const base = buildProvincialFromInputs(inputs, { scaleToNational: false });

  it('its defaults, given explicitly, are the recipe (the same doubles)', () => {
    const same = buildProvincialFromInputs(inputs, {
      scaleToNational: false,
      goodsDistanceDecay: 1.14,
      servicesDistanceDecay: 0,
      contiguityFactor: 1,
      reflowFraction: 1,
      reconciliationWeight: 0,
    });
    expect(Array.from(same.parts.table.source)).toEqual(Array.from(base.parts.table.source));
    expect(Array.from(same.parts.table.use)).toEqual(Array.from(base.parts.table.use));
    expect(same.parts.provenance.id).toBe(base.parts.provenance.id);
  });

  it('builds at the corners of the distributions the uncertainty analysis draws from', () => {
    for (const v of [
      {
        reflowFraction: 0,
        reconciliationWeight: 0.5,
        goodsDistanceDecay: 0,
        servicesDistanceDecay: 2,
        contiguityFactor: 1.5,
      },
      {
        reflowFraction: 1,
        reconciliationWeight: 0.5,
        goodsDistanceDecay: 2,
        servicesDistanceDecay: 0,
        contiguityFactor: 1,
      },
    ]) {
      const b = buildProvincialFromInputs(inputs, { scaleToNational: false, ...v });
      // sourcing shares plus the foreign share are 1 wherever a province uses a product
      const { source, foreign, regions } = b.parts.table;
      const G = regions.length;
      const N = 42;
      for (let i = 0; i < N; i++)
        for (let r = 0; r < G; r++) {
          let s = foreign[r * N + i];
          for (let q = 0; q < G; q++) s += source[(i * G + q) * G + r];
          if (s > 0) expect(s).toBeCloseTo(1, 9);
        }
      expect(b.parts.provenance.id).toMatch(/-variant$/);
    }
    // without the re-flow step more is sold to other provinces (Σ OF 61.6 vs 47.5 trillion CNY)
    const none = buildProvincialFromInputs(inputs, { scaleToNational: false, reflowFraction: 0 });
    const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    expect(sum(none.diagnostics.cleaning.OF) / 1e8).toBeCloseTo(61.6, 1);
    expect(sum(base.diagnostics.cleaning.OF) / 1e8).toBeCloseTo(47.5, 1);
  });

  it('refuses values outside their ranges', () => {
    expect(() => buildProvincialFromInputs(inputs, { scaleToNational: false, reflowFraction: 1.2 })).toThrow(
      InputError,
    );
    expect(() => buildProvincialFromInputs(inputs, { scaleToNational: false, contiguityFactor: 0 })).toThrow(
      InputError,
    );
  });
});
