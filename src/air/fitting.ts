import type { PrecursorEmissions, RegionVector } from '../mrio/model.ts';
import { PRECURSORS } from '../mrio/model.ts';
import { forwardStepwise, householderLeastSquares } from './leastSquares.ts';
import { metricsBlock } from './metrics.ts';
import { predictScenarioBatch } from './prediction.ts';
import {
  CONCENTRATION_UNIT,
  DEFAULT_TERM_SET,
  type MetricsBlock,
  type MonomialTerm,
  PRECURSOR_COUNT,
  type ReceptorSurface,
  type ResponseSurface,
  type ResponseSurfaceProvenance,
  type TermSetConfig,
  type ValidationReport,
} from './responseSurface.ts';
import { candidateTerms, evaluateTerm, monomialsUpTo } from './termLibrary.ts';
import { insideValidRange } from './validity.ts';

/** CTM scenario results: emission ratios in, concentrations out (one row per run). */
export interface CtmRunSet {
  readonly regions: readonly string[];
  readonly scenarios: readonly string[];
  /** Row-major runs × (G·5) emission ratios e (index v = j·5 + p). */
  readonly ratios: Float64Array;
  /** Row-major runs × G annual-mean PM2.5, µg/m³. */
  readonly concentrations: Float64Array;
}

export interface FitOptions {
  readonly termSet?: TermSetConfig;
  /** Ridge weight λ relative to each column's squared norm (0 = plain least squares). */
  readonly ridge?: number;
  /** 'stepwise': forward selection stopped on held-out error; 'none': fit every candidate. */
  readonly selection?: 'stepwise' | 'none';
  /** Every k-th training run is held out to stop the stepwise selection (default 5). */
  readonly heldOutEvery?: number;
  /** Max selected terms as a fraction of training runs (default 0.4): unknowns ≪ runs. */
  readonly maxTermsFraction?: number;
  /** Collinearity cap: a candidate joins only if ‖x_c residualised‖² > tol·‖x_c‖² (default 1e-8). */
  readonly collinearityTol?: number;
  /** Smallest term count whose held-out RMSE is within (1 + tol) of the minimum (default 0.002). */
  readonly parsimonyTol?: number;
  /** Stop the stepwise search after this many steps without a new held-out minimum (default 40). */
  readonly patience?: number;
  /** k-fold cross-validation on the training runs (default 5; 0 = skip). */
  readonly folds?: number;
  /** Fixed term list per receptor (bypasses the library and selection; for tests and refits). */
  readonly fixedTerms?: readonly (readonly MonomialTerm[])[];
  readonly onProgress?: (done: number, total: number) => void;
}

export interface FitContext {
  readonly baselineEmissions: PrecursorEmissions;
  /** Concentrations of the baseline run (all ratios = 1), µg/m³. */
  readonly baselineConcentration: RegionVector;
  readonly provenance: Omit<ResponseSurfaceProvenance, 'trainingRuns' | 'fitting'>;
  readonly validation?: ValidationReport;
}

const yieldToEventLoop = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** Column-major design matrix (rows × terms) of the given runs. */
function designMatrix(
  terms: readonly MonomialTerm[],
  deltas: Float64Array,
  nInputs: number,
  rows: readonly number[],
) {
  const m = rows.length;
  const X = new Float64Array(m * terms.length);
  for (let c = 0; c < terms.length; c++) {
    const t = terms[c];
    for (let a = 0; a < m; a++) X[c * m + a] = evaluateTerm(t, deltas, rows[a] * nInputs);
  }
  return X;
}

function rowSubset(X: Float64Array, m: number, n: number, rows: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length * n);
  for (let c = 0; c < n; c++)
    for (let a = 0; a < rows.length; a++) out[c * rows.length + a] = X[c * m + rows[a]];
  return out;
}

/**
 * Fits the pf-ERSM: one least-squares problem per receptor (METHODS §5). Per receptor: a
 * preliminary fit (local terms + linear terms of every other region) ranks source regions by
 * linear influence Σ_p |c_{j,p}| to pick the nearby ones; the candidate library is then reduced
 * by forward stepwise selection stopped on held-out error, and the chosen terms are refitted on
 * all training runs by Householder QR with ridge.
 */
export async function fitResponseSurface(
  training: CtmRunSet,
  ctx: FitContext,
  options: FitOptions = {},
): Promise<ResponseSurface> {
  const termSet = options.termSet ?? DEFAULT_TERM_SET;
  const ridge = options.ridge ?? 1e-9;
  const selection = options.selection ?? 'stepwise';
  const every = options.heldOutEvery ?? 5;
  const collTol = options.collinearityTol ?? 1e-8;
  const parsTol = options.parsimonyTol ?? 0.002;
  const folds = options.folds ?? 5;
  const G = training.regions.length;
  const nInputs = G * PRECURSOR_COUNT;
  const runs = training.scenarios.length;
  if (training.ratios.length !== runs * nInputs || training.concentrations.length !== runs * G)
    throw new Error('fitResponseSurface: run arrays do not match the scenario and region counts');
  const base = ctx.baselineConcentration.values;
  const deltas = new Float64Array(training.ratios.length);
  for (let k = 0; k < deltas.length; k++) deltas[k] = training.ratios[k] - 1;
  const allRows = Array.from({ length: runs }, (_, k) => k);
  const fitRows = allRows.filter((k) => k % every !== every - 1);
  const hoRows = allRows.filter((k) => k % every === every - 1);
  const maxTerms = Math.max(1, Math.floor((options.maxTermsFraction ?? 0.4) * runs));

  const receptors: ReceptorSurface[] = [];
  const oof = new Float64Array(runs * G); // out-of-fold predictions (cross-validation)
  for (let i = 0; i < G; i++) {
    const y = new Float64Array(runs);
    for (let k = 0; k < runs; k++) y[k] = training.concentrations[k * G + i] - base[i];
    let terms: MonomialTerm[];
    if (options.fixedTerms) terms = [...options.fixedTerms[i]];
    else {
      const nearby = termSet.nearbyCount > 0 ? rankNearby(i, G, termSet, deltas, nInputs, y, ridge) : [];
      const cands = candidateTerms(i, nearby, G, termSet);
      if (selection === 'none') terms = cands;
      else {
        const X = designMatrix(cands, deltas, nInputs, allRows);
        const p = cands.length;
        const step = forwardStepwise(
          rowSubset(X, runs, p, fitRows),
          fitRows.length,
          Float64Array.from(fitRows, (k) => y[k]),
          rowSubset(X, runs, p, hoRows),
          hoRows.length,
          Float64Array.from(hoRows, (k) => y[k]),
          p,
          maxTerms,
          collTol,
          options.patience ?? 40,
        );
        const best = Math.min(...step.heldOutRmse);
        let kStar = step.heldOutRmse.findIndex((e) => e <= best * (1 + parsTol)) + 1;
        if (kStar <= 0) kStar = step.order.length;
        terms = step.order
          .slice(0, kStar)
          .sort((a, b) => a - b)
          .map((c) => cands[c]);
      }
    }
    if (terms.length >= runs)
      throw new RangeError(
        `receptor ${training.regions[i]}: ${terms.length} terms for ${runs} training runs; a least-squares fit needs fewer terms than runs`,
      );
    const X = designMatrix(terms, deltas, nInputs, allRows);
    const sol = householderLeastSquares(X, runs, terms.length, y, ridge);
    receptors.push({ terms, coefficients: sol.coefficients });
    if (folds > 1) {
      for (let f = 0; f < folds; f++) {
        const inFold = allRows.filter((k) => k % folds === f);
        const outFold = allRows.filter((k) => k % folds !== f);
        const Xo = rowSubset(X, runs, terms.length, outFold);
        const yo = Float64Array.from(outFold, (k) => y[k]);
        const b = householderLeastSquares(Xo, outFold.length, terms.length, yo, ridge).coefficients;
        for (const k of inFold) {
          let s = base[i];
          for (let c = 0; c < terms.length; c++) s += b[c] * X[c * runs + k];
          oof[k * G + i] = s;
        }
      }
    }
    options.onProgress?.(i + 1, G);
    await yieldToEventLoop();
  }

  const min = new Float64Array(nInputs).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(nInputs).fill(Number.NEGATIVE_INFINITY);
  for (let k = 0; k < runs; k++)
    for (let v = 0; v < nInputs; v++) {
      const e = training.ratios[k * nInputs + v];
      if (e < min[v]) min[v] = e;
      if (e > max[v]) max[v] = e;
    }
  const cv: MetricsBlock | undefined =
    folds > 1
      ? metricsBlock(
          `${folds}-fold cross-validation on the training runs`,
          training.regions,
          training.concentrations,
          oof,
          base,
        )
      : undefined;
  const fitting =
    `${selection === 'stepwise' ? `forward stepwise selection (every ${every}th run held out; parsimony ${parsTol}; collinearity cap ${collTol}; ≤ ${maxTerms} terms), then ` : ''}` +
    `Householder QR least squares on all ${runs} training runs, ridge λ = ${ridge} (relative to column norms)`;
  return {
    schema: 'vchain.pf-ersm/1',
    regions: training.regions,
    precursors: PRECURSORS,
    unit: CONCENTRATION_UNIT,
    baselineEmissions: ctx.baselineEmissions,
    baselineConcentration: ctx.baselineConcentration,
    receptors,
    trainingRange: { min, max },
    termSet,
    ridge,
    validation: { ...(ctx.validation ?? {}), crossValidation: cv },
    provenance: { ...ctx.provenance, trainingRuns: runs, fitting },
  };
}

/** Source regions ranked by Σ_p |c_{j,p}| in a preliminary local + all-linear fit. */
function rankNearby(
  i: number,
  G: number,
  termSet: TermSetConfig,
  deltas: Float64Array,
  nInputs: number,
  y: Float64Array,
  ridge: number,
): number[] {
  const runs = y.length;
  const local = monomialsUpTo(
    PRECURSORS.map((_, p) => i * PRECURSOR_COUNT + p),
    termSet.localDegree,
  );
  const linear: MonomialTerm[] = [];
  const owner: number[] = [];
  for (let j = 0; j < G; j++) {
    if (j === i) continue;
    for (let p = 0; p < PRECURSOR_COUNT; p++) {
      linear.push({ vars: [j * PRECURSOR_COUNT + p], exps: [1] });
      owner.push(j);
    }
  }
  const terms = [...local, ...linear];
  if (terms.length >= runs) return [];
  const X = designMatrix(
    terms,
    deltas,
    nInputs,
    Array.from({ length: runs }, (_, k) => k),
  );
  const b = householderLeastSquares(X, runs, terms.length, y, ridge).coefficients;
  const influence = new Float64Array(G);
  linear.forEach((_, k) => {
    influence[owner[k]] += Math.abs(b[local.length + k]);
  });
  return Array.from({ length: G }, (_, j) => j)
    .filter((j) => j !== i)
    .sort((a, c) => influence[c] - influence[a])
    .slice(0, termSet.nearbyCount);
}

/**
 * Out-of-sample metrics of a fitted surface on CTM runs (METHODS §5). Validation measures the
 * surface's error against the CTM and writes no prediction, so runs outside the training range
 * are evaluated too; the label says how many there are (docs/air.md).
 */
export function evaluateOnRuns(model: ResponseSurface, runs: CtmRunSet, label: string): MetricsBlock {
  const G = model.regions.length;
  if (runs.regions.length !== G || runs.regions.some((r, i) => r !== model.regions[i]))
    throw new Error('evaluateOnRuns: run regions differ from the model regions');
  const deltas = new Float64Array(runs.ratios.length);
  for (let k = 0; k < deltas.length; k++) deltas[k] = runs.ratios[k] - 1;
  const pred = predictScenarioBatch(model, deltas).values;
  const nInputs = G * PRECURSOR_COUNT;
  let outside = 0;
  for (let k = 0; k * nInputs < runs.ratios.length; k++) {
    for (let v = 0; v < nInputs; v++)
      if (!insideValidRange(model, v, runs.ratios[k * nInputs + v])) {
        outside++;
        break;
      }
  }
  const shown =
    outside > 0 ? `${label} (${outside} of them outside the training range: extrapolated)` : label;
  return metricsBlock(shown, model.regions, runs.concentrations, pred, model.baselineConcentration.values);
}
