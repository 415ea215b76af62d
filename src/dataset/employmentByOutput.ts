import { join } from 'node:path';
import { InputError } from '../io/inputError.ts';
import { EMPLOYMENT_TO_42 } from './china2017Recipe.ts';
import { type China2017Sources, SOURCE_FILES } from './china2017Sources.ts';

/** National employment 2017 (persons) by NBS-42 sector via EMPLOYMENT_TO_42 (docs/dataset.md §5). */
export function nationalEmploymentBySector(src: China2017Sources): Float64Array {
  const file = join(src.dir, SOURCE_FILES.employment);
  return Float64Array.from(EMPLOYMENT_TO_42, (codes) => {
    let s = 0;
    for (const c of codes) {
      const v = src.employment2017.get(c);
      if (v === undefined) throw new InputError(file, `no industry '${c}'`, undefined, 'Code');
      s += v;
    }
    return s * 1e4;
  });
}

/**
 * Employment at national labour productivity: each sector's national employment split over
 * provinces in proportion to their output, e[r,i] = E_i · x[r,i] / Σ_s x[s,i]. Every province
 * then has the national jobs per unit of output (issue 12: 1.10 jobs per resident in Beijing on
 * the national recipe). Kept as the provincial recipe's employment until the wage-based estimator
 * (compensation ÷ provincial wage, constrained to national employment) is integrated; it is the
 * one call to replace.
 */
export function employmentAtNationalProductivity(
  output: Float64Array, // G·N region-major
  nationalBySector: Float64Array, // N, persons
  G: number,
  N: number,
): Float64Array {
  const out = new Float64Array(G * N);
  for (let i = 0; i < N; i++) {
    let total = 0;
    for (let r = 0; r < G; r++) total += output[r * N + i];
    if (!(total > 0)) continue;
    for (let r = 0; r < G; r++) out[r * N + i] = (nationalBySector[i] * output[r * N + i]) / total;
  }
  return out;
}
