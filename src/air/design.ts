import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * Training designs for the response surface (METHODS §5): emission-ratio scenarios, one row per
 * run, nInputs = G·5 ratios per row (index v = j·5 + p). Seeded and deterministic.
 */
export interface ScenarioDesign {
  readonly names: readonly string[];
  readonly nInputs: number;
  /** Row-major runs × nInputs emission ratios e (not Δe). */
  readonly ratios: Float64Array;
}

type Rng = ReturnType<typeof xoroshiro128plus>;

/** A seeded generator; `stream` picks an independent sequence (jump-ahead) for the same seed. */
export function designRng(seed: number, stream = 0): Rng {
  const rng = xoroshiro128plus(seed);
  for (let s = 0; s < stream; s++) rng.jump();
  return rng;
}

/**
 * Latin hypercube: each input's range [lo, hi] is cut into `runs` equal strata, each used once
 * (random permutation per input), with a uniform position inside the stratum.
 */
export function latinHypercube(
  runs: number,
  nInputs: number,
  lo: number,
  hi: number,
  rng: Rng,
): Float64Array {
  const out = new Float64Array(runs * nInputs);
  const perm = new Int32Array(runs);
  for (let v = 0; v < nInputs; v++) {
    for (let k = 0; k < runs; k++) perm[k] = k;
    for (let k = runs - 1; k > 0; k--) {
      const s = uniformInt(rng, 0, k);
      const t = perm[k];
      perm[k] = perm[s];
      perm[s] = t;
    }
    for (let k = 0; k < runs; k++)
      out[k * nInputs + v] = lo + ((hi - lo) * (perm[k] + uniformFloat64(rng))) / runs;
  }
  return out;
}

/**
 * Boundary runs: all inputs at lo and at hi (corners), and each precursor at lo and at hi in every
 * region with the others at 1 (2 + 2·5 = 12 runs for five precursors).
 */
export function boundaryRuns(
  regionCount: number,
  precursors: readonly string[],
  lo: number,
  hi: number,
): { names: string[]; ratios: Float64Array } {
  const P = precursors.length;
  const nInputs = regionCount * P;
  const rows: Float64Array[] = [];
  const names: string[] = [];
  rows.push(new Float64Array(nInputs).fill(lo));
  names.push(`corner_all_${lo}`);
  rows.push(new Float64Array(nInputs).fill(hi));
  names.push(`corner_all_${hi}`);
  for (const level of [lo, hi])
    for (let p = 0; p < P; p++) {
      const r = new Float64Array(nInputs).fill(1);
      for (let j = 0; j < regionCount; j++) r[j * P + p] = level;
      rows.push(r);
      names.push(`${precursors[p]}_all_${level}`);
    }
  const ratios = new Float64Array(rows.length * nInputs);
  for (let k = 0; k < rows.length; k++) ratios.set(rows[k], k * nInputs);
  return { names, ratios };
}

/**
 * The paper-style design: `train` runs = boundary runs + a Latin hypercube for the rest, and
 * `validate` independent Latin-hypercube runs from a separate random stream.
 */
export function trainingDesign(
  regionCount: number,
  precursors: readonly string[],
  train: number,
  validate: number,
  seed: number,
  lo = 0,
  hi = 1.5,
): { training: ScenarioDesign; validation: ScenarioDesign } {
  const nInputs = regionCount * precursors.length;
  const b = boundaryRuns(regionCount, precursors, lo, hi);
  const nb = Math.min(b.names.length, train);
  const nLhs = train - nb;
  const lhs = latinHypercube(nLhs, nInputs, lo, hi, designRng(seed, 0));
  const tr = new Float64Array(train * nInputs);
  tr.set(b.ratios.subarray(0, nb * nInputs), 0);
  tr.set(lhs, nb * nInputs);
  const names = [...b.names.slice(0, nb), ...Array.from({ length: nLhs }, (_, k) => `lhs_${k + 1}`)];
  const val = latinHypercube(validate, nInputs, lo, hi, designRng(seed, 1));
  return {
    training: { names, nInputs, ratios: tr },
    validation: { names: Array.from({ length: validate }, (_, k) => `val_${k + 1}`), nInputs, ratios: val },
  };
}
