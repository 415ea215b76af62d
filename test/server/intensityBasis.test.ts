// The explorer's solve-free path for sector-specific intensity what-ifs (src/server/
// intensityBasis.ts) against a full re-decomposition of the scaled satellite with a fresh LU
// (decomposeValueChain), on the pymrio test system: every account must agree to rounding.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPymrioFolder } from '../../src/io/pymrioReader.ts';
import { intensity } from '../../src/mrio/demand.ts';
import type { IndicatorAccounts } from '../../src/mrio/results.ts';
import { decomposeValueChain } from '../../src/mrio/valueChain.ts';
import { accountsForIntensity, buildIntensityBasis } from '../../src/server/intensityBasis.ts';

const SRC = join(import.meta.dirname, '..', 'fixtures', 'test-systems', 'pymrio-test-mrio');

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (scale || 1));
  return worst;
}

describe('intensity basis (no solve per what-if)', () => {
  const mrio = readPymrioFolder(SRC);
  const basis = buildIntensityBasis(
    mrio,
    mrio.satellites.map((s) => ({ name: s.name, f: intensity(s.values, mrio.x) })),
  );
  const G = mrio.regions.length;
  const N = mrio.sectors.length;

  for (const sat of mrio.satellites.slice(0, 3))
    it(`equals a re-decomposition for '${sat.name}' scaled per sector`, () => {
      // Sector- and region-specific factors in [0, 2], some sectors switched off entirely.
      const k = Float64Array.from({ length: G * N }, (_, j) => ((j * 7919) % 13) / 6.5);
      const scaled = {
        ...sat,
        values: Float64Array.from(sat.values, (v, j) => v * k[j]!),
        direct: undefined,
      };
      const ref = decomposeValueChain({ ...mrio, satellites: [scaled] }, { indicators: [sat.name] })
        .indicators[0]!;
      const f = intensity(scaled.values, mrio.x);
      const got = accountsForIntensity(basis, sat.name, f, sat.unit);
      const fields: (keyof IndicatorAccounts)[] = [
        'production',
        'intraRegional',
        'importsEmbodied',
        'finalExports',
        'intermediateExports',
        'consumption',
        'exFinal',
        'exIntermediate',
        'feFinal',
        'feIntermediate',
        'feByOrigin',
      ];
      for (const key of fields)
        expect(maxRel(got[key] as Float64Array, ref[key] as Float64Array), key).toBeLessThan(1e-10);
      expect(maxRel(got.flows.data, ref.flows.data)).toBeLessThan(1e-10);
    });
});
