import { prepareLinalg } from '../linalg/gemm.ts';
import { luRelease } from '../linalg/lu.ts';
import type { Matrix } from '../linalg/matrix.ts';
import { vecMat } from '../linalg/products.ts';
import { assertDecompositionFits } from './capacity.ts';
import {
  bilateralExports,
  consumptionAccounts,
  feByOriginBatch,
  flowMatrix,
  fourPartDecomposition,
  productionAccounts,
} from './decomposition.ts';
import {
  type DemandSolves,
  demandAccounts,
  demandColumnSolve,
  finalDemandByRegion,
  type IntensitySolves,
  intensity,
  intensitySolvesStart,
} from './demand.ts';
import { MrioError } from './errors.ts';
import { leontiefFactor, leontiefInverse, localInverses, technicalCoefficients } from './leontief.ts';
import type { Mrio } from './model.ts';
import type { IdentityCheck, IndicatorAccounts, ValueChainResult } from './results.ts';
import { validateMrio } from './validation.ts';

export interface ValueChainOptions {
  /** Satellite account names to decompose; default: all. */
  readonly indicators?: readonly string[];
  /** Also form the full B = (I − A)⁻¹ (n solves); off by default. */
  readonly fullInverse?: boolean;
  /** Identity checks fail above this relative residual (default 1e-9). */
  readonly identityTolerance?: number;
  /** See ValidationOptions.strictColumnSums (default true). */
  readonly strictColumnSums?: boolean;
  /** Called before each step (for progress display). */
  readonly onStep?: (step: string, index: number, total: number) => void;
}

/** Thrown when an identity check fails: the decomposition is numerically untrustworthy. */
export class IdentityError extends Error {
  constructor(
    readonly check: IdentityCheck,
    readonly tolerance?: number,
  ) {
    super(
      `identity '${check.name}' fails for '${check.indicator}': relative residual ${check.maxRelativeResidual.toExponential(3)}${tolerance !== undefined ? ` above the tolerance ${tolerance}` : ''}`,
    );
    this.name = 'IdentityError';
  }
}

/**
 * Largest per-region relative residual: for each region s, max_i |a − b| over its entries
 * (`width` consecutive entries per region) divided by max_i |b|; regions whose reference is
 * negligible against the largest one (< 1e-12 of it) use that global scale instead.
 */
export function regionalResidual(a: ArrayLike<number>, b: ArrayLike<number>, width: number): number {
  let global = 0;
  for (let k = 0; k < b.length; k++) global = Math.max(global, Math.abs(b[k]));
  let worst = 0;
  for (let s = 0; s * width < b.length; s++) {
    let num = 0;
    let den = 0;
    for (let k = s * width; k < (s + 1) * width; k++) {
      num = Math.max(num, Math.abs(a[k] - b[k]));
      den = Math.max(den, Math.abs(b[k]));
    }
    const scale = Math.max(den, 1e-12 * global, Number.MIN_VALUE);
    if (num === 0) continue;
    worst = Math.max(worst, num / scale);
  }
  return worst;
}

function onesOf(n: number): Float64Array {
  return new Float64Array(n).fill(1);
}

function addArrays(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = a[k] + b[k];
  return out;
}

function sumBlocks(v: Float64Array, G: number, width: number): Float64Array {
  const out = new Float64Array(G);
  for (let s = 0; s < G; s++) {
    let acc = 0; // a local, not out[s]: V8 would load and store out[s] at every step
    for (let k = s * width; k < (s + 1) * width; k++) acc += v[k];
    out[s] = acc;
  }
  return out;
}

function now(): number {
  return performance.now() / 1000;
}

/** One indicator's accounts and its identity checks (METHODS §2–4), each comparing two independent solve paths. */
function indicatorAccounts(
  mrio: Mrio,
  sat: Mrio['satellites'][number],
  fq: Float64Array,
  fB: Matrix,
  fL: Float64Array,
  feByOrigin: Float64Array,
  ds: DemandSolves,
  y: Matrix,
): { accounts: IndicatorAccounts; checks: [string, number][] } {
  const G = mrio.regions.length;
  const N = mrio.sectors.length;
  const n = G * N;
  const parts = fourPartDecomposition(ds, fq);
  const flows = flowMatrix(ds, fq);
  const bil = bilateralExports(ds, fB, fL, feByOrigin);
  const consumption = consumptionAccounts(flows);
  const accounts: IndicatorAccounts = {
    indicator: sat.name,
    unit: sat.unit,
    production: productionAccounts(fq, mrio.x),
    ...parts,
    consumption,
    ...bil,
    flows,
    ...(sat.direct ? { direct: new Float64Array(sat.direct) } : {}),
  };
  // Identity checks (METHODS §2–4), each comparing two independent solve paths.
  const sumParts = new Float64Array(n);
  for (let j = 0; j < n; j++)
    sumParts[j] =
      parts.intraRegional[j] +
      parts.importsEmbodied[j] +
      parts.finalExports[j] +
      parts.intermediateExports[j];
  const fx = productionAccounts(fq, ds.xModel);
  const own = new Float64Array(n);
  const p12 = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    own[j] = fq[j] * ds.X.data[j * G + Math.floor(j / N)];
    p12[j] = parts.intraRegional[j] + parts.importsEmbodied[j];
  }
  // Sums below go through a few small shared helpers (sumBlocks, vecMat): optimised once and
  // reused, instead of one-off loops that run unoptimised on a cold start. Orders as the formulas.
  const exF = sumBlocks(bil.exFinal, G, G * N);
  const exI = sumBlocks(bil.exIntermediate, G, G * N);
  const rowM = sumBlocks(flows.data, G, G);
  // Consumption by the row path: (f·B)·y_·r with f·B = Σ_t f_t B_t·.
  const fBsum = vecMat(onesOf(G), fB);
  const consRow = vecMat(fBsum, y);
  const feSum = sumBlocks(addArrays(bil.feFinal, bil.feIntermediate), G * G, N);
  const feOrigin = sumBlocks(bil.feByOrigin, G * G, G);
  const checks: [string, number][] = [
    ['four parts = f_s x_s (per sector)', regionalResidual(sumParts, fx, N)],
    [
      'four parts = f_s x_s (region total)',
      regionalResidual(sumBlocks(sumParts, G, N), sumBlocks(fx, G, N), 1),
    ],
    ['parts 1+2 = f_s Σ_t B_st y_ts', regionalResidual(p12, own, N)],
    ['Σ_r EX_sr final term = part 3', regionalResidual(exF, sumBlocks(parts.finalExports, G, N), 1)],
    [
      'Σ_r EX_sr intermediate term = part 4',
      regionalResidual(exI, sumBlocks(parts.intermediateExports, G, N), 1),
    ],
    [
      'row sums of M = production account (Σ four parts)',
      regionalResidual(rowM, sumBlocks(sumParts, G, N), 1),
    ],
    ['column sums of M = consumption account (f·B·y_·r)', regionalResidual(consumption, consRow, 1)],
    ['Σ_t FE_sr by origin = FE_sr', regionalResidual(feOrigin, feSum, G)],
  ];
  return { accounts, checks };
}

/**
 * The complete value-chain decomposition (METHODS §1–4) of every selected satellite account at
 * once: one LU of I − A, one column solve with 3G right-hand sides, one transposed solve with
 * k·G right-hand sides, small local solves. Identity checks run every time and throw
 * IdentityError above `identityTolerance`. Direct (final-user) amounts are carried, not decomposed.
 */
export function decomposeValueChain(mrio: Mrio, options: ValueChainOptions = {}): ValueChainResult {
  const steps = valueChainSteps(mrio, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** As decomposeValueChain, yielding to the event loop between steps (so Ctrl-C and progress work). */
export async function decomposeValueChainAsync(
  mrio: Mrio,
  options: ValueChainOptions = {},
): Promise<ValueChainResult> {
  const steps = valueChainSteps(mrio, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The decomposition as a sequence of steps; yields each finished step's name. */
export function* valueChainSteps(
  mrio: Mrio,
  options: ValueChainOptions = {},
): Generator<string, ValueChainResult, void> {
  const tol = options.identityTolerance ?? 1e-9;
  const N = mrio.sectors.length;
  const timings: Record<string, number> = {};
  const steps = [
    'validation',
    'technicalCoefficients',
    'localInverses',
    'leontiefFactor',
    'demandSolves',
    'intensitySolves',
    'indicators',
  ];
  if (options.fullInverse) steps.push('fullInverse');
  let stepIndex = 0;
  let t0 = now();
  const step = (name: string) => {
    options.onStep?.(name, stepIndex++, steps.length);
    t0 = now();
  };
  const done = (name: string) => {
    timings[name] = now() - t0;
  };

  step('validation');
  // +1: the analysis adds gross output as an indicator (src/analysis/prepare.ts).
  assertDecompositionFits(
    mrio.x.length,
    mrio.regions.length,
    (options.indicators?.length ?? mrio.satellites.length) + 1,
  );
  prepareLinalg(); // the kernel's helper thread boots while the table is validated
  const warnings = validateMrio(mrio, { strictColumnSums: options.strictColumnSums });
  const sats = options.indicators
    ? options.indicators.map((name) => {
        const s = mrio.satellites.find((a) => a.name === name);
        if (!s)
          throw new MrioError(
            `indicator '${name}' not found`,
            undefined,
            undefined,
            `one of ${mrio.satellites.map((a) => `'${a.name}'`).join(', ')}`,
          );
        return s;
      })
    : mrio.satellites;
  done('validation');
  yield 'validation';

  step('technicalCoefficients');
  const tc = technicalCoefficients(mrio);
  const y = finalDemandByRegion(mrio);
  done('technicalCoefficients');
  yield 'technicalCoefficients';
  // Local factors first: with more than 48 sectors they pass through the kernel heap, and
  // factorising them later would evict the parked n × n factors (a 13.5 MB copy for 31 × 42).
  step('localInverses');
  const li = localInverses(tc);
  done('localInverses');
  yield 'localInverses';
  step('leontiefFactor');
  const lf = leontiefFactor(tc, options.strictColumnSums ?? true);
  done('leontiefFactor');
  yield 'leontiefFactor';
  step('demandSolves');
  // The column solve first, its large GEMMs shared by both threads; then the transposed solve
  // for the intensity rows runs on the helper thread (when one is idle) while this thread does
  // the demand accounting (JS loops), and joins it after.
  const solved = demandColumnSolve(tc, lf, y);
  const f = sats.map((s) => intensity(s.values, mrio.x));
  const pendingRows = intensitySolvesStart(lf, li, f);
  let is: IntensitySolves | undefined;
  let ds: DemandSolves;
  try {
    ds = demandAccounts(tc, li, y, solved);
    done('demandSolves');
    yield 'demandSolves';
    // Balance of the given x against the output implied by final demand.
    const balance = regionalResidual(ds.xModel, mrio.x, N);
    if (balance > 1e-9)
      warnings.push(
        `x differs from B·Y·1 by a relative ${balance.toExponential(2)}: the four parts add up to f·(B·Y·1); production is f·x as given`,
      );

    step('intensitySolves');
    is = pendingRows.result();
  } finally {
    // Failed or abandoned (generator return()) before the result was taken: release the helper
    // thread now rather than at the next heap use; the first error is the one that propagates.
    if (!is)
      try {
        pendingRows.result();
      } catch {}
  }
  done('intensitySolves');
  yield 'intensitySolves';

  step('indicators');
  const indicators: IndicatorAccounts[] = [];
  const identities: IdentityCheck[] = [];
  const feByOrigin = sats.length > 0 ? feByOriginBatch(ds, is.rows) : [];
  for (let q = 0; q < sats.length; q++) {
    const sat = sats[q];
    // Plain function, not generator code: V8 does not optimise loops inside a generator body.
    const { accounts, checks } = indicatorAccounts(mrio, sat, f[q], is.fB[q], is.fL[q], feByOrigin[q], ds, y);
    indicators.push(accounts);
    for (const [name, res] of checks) {
      const check = { name, indicator: sat.name, maxRelativeResidual: res };
      identities.push(check);
      if (!(res <= tol)) throw new IdentityError(check, tol);
    }
    yield `indicator ${sat.name}`;
  }
  done('indicators');
  yield 'indicators';
  let B: Matrix | undefined;
  if (options.fullInverse) {
    step('fullInverse');
    B = leontiefInverse(lf);
    done('fullInverse');
    yield 'fullInverse';
  }
  luRelease(lf.lu); // the next factorisation need not copy these out of the kernel heap
  return {
    regions: mrio.regions,
    sectors: mrio.sectors,
    indicators,
    identities,
    timings,
    warnings,
    ...(B ? { leontiefInverse: B } : {}),
  };
}
