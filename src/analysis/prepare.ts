import type { ResponseSurface } from '../air/responseSurface.ts';
import type { Dataset } from '../dataset/model.ts';
import { type Matrix, zeros } from '../linalg/matrix.ts';
import { type Mrio, PRECURSORS, type Precursor, type SatelliteAccount } from '../mrio/model.ts';
import type { IndicatorAccounts, ValueChainResult } from '../mrio/results.ts';
import { decomposeValueChain } from '../mrio/valueChain.ts';
import type { HealthEvaluator } from './healthEvaluator.ts';
import { buildLiveBasis, type LiveBasis } from './liveBasis.ts';

/** Name of the unit-intensity indicator added for the what-if basis (f = 1: accounts of output x). */
export const OUTPUT_INDICATOR = '__gross_output';

/** The satellites the analysis uses, found by kind (and precursor) in the dataset's MRIO. */
export interface AnalysisSatellites {
  readonly income: SatelliteAccount;
  readonly components: readonly SatelliteAccount[];
  readonly employment: SatelliteAccount;
  readonly emissions: Readonly<Record<Precursor, SatelliteAccount>>;
}

/**
 * What every scenario reuses (METHODS §7 "prepared once"): the value-chain decomposition of all
 * indicators and of gross output itself. Trade-related emissions (parts 2+3+4) and the local
 * export content EX_sr of a region depend only on that region's own intensity row, linearly
 * (METHODS §2–3), so for scaled intensities f' = f ⊙ k:
 *   trade'_p[s] = Σ_i f'_{p,s,i} · tradeOutput[s,i],  EX'_{sr,p} = Σ_i f'_{p,s,i} · exOutput[s,r,i]
 * with tradeOutput, exOutput the decomposition of x (f = 1): no refactorisation.
 * FE_sr by origin t is exact under scalings uniform across t's sectors; sector-specific
 * scalings make runScenario re-decompose the five emission rows (exact, slower).
 */
export interface PreparedAnalysis {
  readonly dataset: Dataset;
  readonly rsm: ResponseSurface;
  readonly health: HealthEvaluator;
  readonly regions: readonly string[];
  readonly sectors: readonly string[];
  readonly G: number;
  readonly N: number;
  readonly valueChain: ValueChainResult;
  readonly satellites: AnalysisSatellites;
  readonly accounts: {
    readonly income: IndicatorAccounts;
    readonly components: readonly IndicatorAccounts[];
    readonly employment: IndicatorAccounts;
    readonly emissions: Readonly<Record<Precursor, IndicatorAccounts>>;
    readonly output: IndicatorAccounts;
  };
  /** Emission intensities f_p = E_p / x (t per monetary unit), length n, per precursor. */
  readonly intensity: Readonly<Record<Precursor, Float64Array>>;
  /** Final users' direct emissions per region (t), per precursor. */
  readonly direct: Readonly<Record<Precursor, Float64Array>>;
  /** Baseline emissions per region E⁰ = production + direct (t): the reference of the ratios e. */
  readonly baselineEmissions: Readonly<Record<Precursor, Float64Array>>;
  /** Parts 2+3+4 of gross output per (region, sector) (monetary unit). */
  readonly tradeOutput: Float64Array;
  /** EX_sr of gross output per (s, r, i): exFinal + exIntermediate of the output indicator. */
  readonly exOutputFinal: Float64Array;
  readonly exOutputIntermediate: Float64Array;
  /** Gross exports s → r (intermediate + final, monetary unit), G×G, rows = exporter. */
  readonly grossExports: Matrix;
  /** Precomputed coefficients for solve-free intensity what-ifs (option `live`; see liveBasis.ts). */
  readonly live?: LiveBasis;
  readonly warnings: readonly string[];
  readonly timings: Readonly<Record<string, number>>;
}

function pickSatellites(mrio: Mrio): AnalysisSatellites {
  const sats = mrio.satellites;
  const income = sats.find((s) => s.kind === 'income');
  const employment = sats.find((s) => s.kind === 'employment');
  if (!income) throw new Error(`the MRIO has no satellite of kind 'income' (social income)`);
  if (!employment) throw new Error(`the MRIO has no satellite of kind 'employment'`);
  const emissions = {} as Record<Precursor, SatelliteAccount>;
  for (const p of PRECURSORS) {
    const s = sats.find((a) => a.kind === 'emission' && a.precursor === p);
    if (!s) throw new Error(`the MRIO has no emission satellite for precursor ${p}`);
    emissions[p] = s;
  }
  return { income, components: sats.filter((s) => s.kind === 'income_component'), employment, emissions };
}

function grossExportMatrix(mrio: Mrio): Matrix {
  const G = mrio.regions.length;
  const N = mrio.sectors.length;
  const n = G * N;
  const K = mrio.finalDemand.categories.length;
  const out = zeros(G, G);
  const Z = mrio.Z.data;
  const Y = mrio.finalDemand.Y;
  for (let row = 0; row < n; row++) {
    const s = Math.floor(row / N);
    for (let col = 0; col < n; col++) out.data[s * G + Math.floor(col / N)] += Z[row * n + col];
    for (let c = 0; c < Y.cols; c++) out.data[s * G + Math.floor(c / K)] += Y.data[row * Y.cols + c];
  }
  for (let s = 0; s < G; s++) out.data[s * G + s] = 0; // not an export
  return out;
}

/** Decomposes every indicator once and builds the what-if basis (see PreparedAnalysis). */
export function prepareAnalysis(
  dataset: Dataset,
  rsm: ResponseSurface,
  health: HealthEvaluator,
  options: {
    onStep?: (step: string, index: number, total: number) => void;
    /** Also build the live basis (one more LU and a full inverse, ~3 s on the default data). */
    live?: boolean;
  } = {},
): PreparedAnalysis {
  const t0 = performance.now();
  const mrio = dataset.mrio;
  const G = mrio.regions.length;
  const N = mrio.sectors.length;
  const n = G * N;
  const warnings: string[] = [];
  if (rsm.regions.length !== G || rsm.regions.some((r, i) => r !== mrio.regions[i]))
    throw new Error(
      'the response surface regions differ from the MRIO regions (same names, same order required)',
    );
  if (dataset.population.values.length !== G)
    throw new Error('population: one value per MRIO region expected');
  const satellites = pickSatellites(mrio);
  const outputSat: SatelliteAccount = {
    name: OUTPUT_INDICATOR,
    unit: mrio.monetaryUnit,
    kind: 'other',
    values: new Float64Array(mrio.x),
  };
  const withOutput: Mrio = { ...mrio, satellites: [...mrio.satellites, outputSat] };
  const names = [
    satellites.income.name,
    ...satellites.components.map((s) => s.name),
    satellites.employment.name,
    ...PRECURSORS.map((p) => satellites.emissions[p].name),
    OUTPUT_INDICATOR,
  ];
  const valueChain = decomposeValueChain(withOutput, { indicators: names, onStep: options.onStep });
  warnings.push(...(valueChain.warnings ?? []));
  const byName = (name: string): IndicatorAccounts =>
    valueChain.indicators.find((a) => a.indicator === name)!;
  const emissions = {} as Record<Precursor, IndicatorAccounts>;
  const intensity = {} as Record<Precursor, Float64Array>;
  const direct = {} as Record<Precursor, Float64Array>;
  const baselineEmissions = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    const sat = satellites.emissions[p];
    emissions[p] = byName(sat.name);
    const f = new Float64Array(n);
    for (let j = 0; j < n; j++) f[j] = mrio.x[j] > 0 ? sat.values[j] / mrio.x[j] : 0;
    intensity[p] = f;
    direct[p] = sat.direct ? new Float64Array(sat.direct) : new Float64Array(G);
    const base = new Float64Array(G);
    for (let j = 0; j < n; j++) base[Math.floor(j / N)] += f[j] * mrio.x[j];
    for (let s = 0; s < G; s++) base[s] += direct[p][s];
    baselineEmissions[p] = base;
    // The ratios e are relative to the dataset's baseline; a surface built on other totals still
    // takes them as relative changes (paper convention), but say so.
    const rb = rsm.baselineEmissions.byPrecursor[p];
    let worst = 0;
    for (let s = 0; s < G; s++) {
      const d = Math.max(Math.abs(base[s]), Math.abs(rb[s]));
      if (d > 0) worst = Math.max(worst, Math.abs(base[s] - rb[s]) / d);
    }
    if (worst > 0.01)
      warnings.push(
        `${p}: dataset baseline emissions differ from the response surface's baseline by up to ${(100 * worst).toFixed(1)} % in a region; emission ratios are taken relative to the dataset (paper convention)`,
      );
  }
  const output = byName(OUTPUT_INDICATOR);
  const tradeOutput = new Float64Array(n);
  for (let j = 0; j < n; j++)
    tradeOutput[j] = output.importsEmbodied[j] + output.finalExports[j] + output.intermediateExports[j];
  const t1 = performance.now();
  const grossExports = grossExportMatrix(mrio);
  const t2 = performance.now();
  const live = options.live ? buildLiveBasis(mrio) : undefined;
  return {
    dataset,
    rsm,
    health,
    regions: mrio.regions,
    sectors: mrio.sectors,
    G,
    N,
    valueChain,
    satellites,
    accounts: {
      income: byName(satellites.income.name),
      components: satellites.components.map((s) => byName(s.name)),
      employment: byName(satellites.employment.name),
      emissions,
      output,
    },
    intensity,
    direct,
    baselineEmissions,
    tradeOutput,
    exOutputFinal: output.exFinal,
    exOutputIntermediate: output.exIntermediate,
    grossExports,
    ...(live ? { live } : {}),
    warnings,
    timings: {
      ...prefixed('decomposition.', valueChain.timings),
      decomposition: (t1 - t0) / 1000,
      grossExports: (t2 - t1) / 1000,
      ...(live ? { liveBasis: live.seconds } : {}),
    },
  };
}

function prefixed(prefix: string, t: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(t)) out[prefix + k] = v;
  return out;
}
