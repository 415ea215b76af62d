import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRegionalisedDataset } from '../io/datasetStore.ts';
import { InputError } from '../io/inputError.ts';
import type { Precursor } from '../mrio/model.ts';
import { PRECURSORS } from '../mrio/model.ts';
import { pearson, regionSums, spearman, topK } from './checks.ts';
import { type BuildDiagnostics, buildChina2017, type RegionalisedDatasetParts } from './china2017Build.ts';
import type { ControlTotalsId } from './china2017Emissions.ts';
import { MEIC_SECTORS } from './china2017Emissions.ts';
import { readChina2017Sources, SOURCE_FILES } from './china2017Sources.ts';

export const RECIPES = ['china2017'] as const;
export type RecipeId = (typeof RECIPES)[number];
export const CONTROL_TOTALS: readonly ControlTotalsId[] = ['meic2017', 'paper-implied'];

export interface DatasetBuildOptions {
  readonly recipe: RecipeId;
  readonly sourcesDir: string;
  readonly mapsDir: string;
  readonly controlTotals: ControlTotalsId;
}

/** Check figures of a built dataset (printed by the CLI, stored in dataset.json). */
export interface BuildSummary {
  readonly recipe: RecipeId;
  readonly controlTotals: ControlTotalsId;
  readonly regions: number;
  readonly sectors: number;
  readonly gdpMaxRelError: number; // model GDP vs CSY-2018 GDP scaled to the national VA total
  readonly gdpScaleToNational: number; // Σ national VA / Σ CSY provincial GDP
  readonly outputMaxRelError: number; // Σ_r x vs NBS GO per sector
  readonly rasMaxRelError: { readonly output: number; readonly trade: number };
  /** Per province: the RAS factor on its indicator-based value added (docs/dataset.md §1). */
  readonly outputRegionFactor: Record<string, number>;
  readonly ownSourcingShare: { readonly goods: number; readonly services: number };
  readonly top3: Record<string, { readonly model: string[]; readonly data: string[] }>;
  readonly industrialCorrelation: Record<
    'SO2' | 'NOx',
    { readonly pearson: number; readonly spearman: number; readonly n: number }
  >;
  readonly nationalTotals_t: Record<Precursor, { readonly model: number; readonly control: number }>;
  readonly householdTransportShare: Record<Precursor, number>;
  /** sha256[0:16] of every source file read (as in data/sources/PROVENANCE.md). */
  readonly sourceFiles: Record<string, string>;
}

export function summarise(
  parts: RegionalisedDatasetParts,
  diag: BuildDiagnostics,
  options: DatasetBuildOptions,
): BuildSummary {
  const src = readChina2017Sources(options.sourcesDir);
  const t = parts.table;
  const G = t.regions.length;
  const N = t.sectors.length;
  const vaCoef = new Float64Array(N);
  for (const p of t.primaryCoefficients)
    if (p.name.startsWith('VA')) for (let j = 0; j < N; j++) vaCoef[j] += p.values[j];
  let gdpErr = 0;
  for (let r = 0; r < G; r++) {
    let va = 0;
    for (let i = 0; i < N; i++) va += t.x0[r * N + i] * vaCoef[i];
    const target = src.provinces[r].gdp * diag.gdpScale;
    gdpErr = Math.max(gdpErr, Math.abs(va - target) / target);
  }
  let outErr = 0;
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let r = 0; r < G; r++) s += t.x0[r * N + i];
    outErr = Math.max(outErr, Math.abs(s - src.table.GO[i]) / src.table.GO[i]);
  }
  const names = (idx: number[]) => idx.map((r) => t.regions[r]);
  const col = (i: number) => Float64Array.from({ length: G }, (_, r) => t.x0[r * N + i]);
  const top3 = {
    '13 non-metallic minerals vs cement': {
      model: names(topK(col(12), 3)),
      data: names(
        topK(
          src.provinces.map((p) => p.cement),
          3,
        ),
      ),
    },
    '14 metal smelting vs crude steel': {
      model: names(topK(col(13), 3)),
      data: names(
        topK(
          src.provinces.map((p) => p.crudeSteel),
          3,
        ),
      ),
    },
    '24 electricity vs thermal generation': {
      model: names(topK(col(23), 3)),
      data: names(
        topK(
          src.provinces.map((p) => p.genThermal),
          3,
        ),
      ),
    },
  };
  // Power + industry sectors (NBS 02–27) against the city-yearbook industrial sums.
  const industrial = Array.from({ length: 26 }, (_, k) => k + 1);
  const corr = {} as BuildSummary['industrialCorrelation'];
  for (const p of ['SO2', 'NOx'] as const) {
    const sat = parts.satellites.find((s) => s.name === p);
    if (!sat) throw new Error(`missing satellite ${p}`);
    const model = regionSums(sat.values, G, N, industrial);
    const a: number[] = [];
    const b: number[] = [];
    src.provinces.forEach((pr, r) => {
      const obs = p === 'SO2' ? pr.indSo2CitySum : pr.indNoxCitySum;
      if (Number.isFinite(obs)) {
        a.push(model[r]);
        b.push(obs);
      }
    });
    corr[p] = { pearson: pearson(a, b), spearman: spearman(a, b), n: a.length };
  }
  const totals = {} as BuildSummary['nationalTotals_t'];
  for (const p of PRECURSORS) {
    const sat = parts.satellites.find((s) => s.name === p);
    let m = 0;
    for (const v of sat?.values ?? []) m += v;
    for (const v of sat?.direct ?? []) m += v;
    let c = 0;
    for (const s of MEIC_SECTORS) c += diag.control[p][s];
    totals[p] = { model: m, control: c };
  }
  const avg = (from: number, to: number) => {
    let s = 0;
    for (let i = from; i <= to; i++) s += diag.ownSourcingShare[i];
    return s / (to - from + 1);
  };
  return {
    recipe: options.recipe,
    controlTotals: options.controlTotals,
    regions: G,
    sectors: N,
    gdpMaxRelError: gdpErr,
    gdpScaleToNational: diag.gdpScale / 1e4, // 10^8 CNY = 10^4 × 10^4 CNY
    outputMaxRelError: outErr,
    rasMaxRelError: { output: diag.outputRasMaxRelError, trade: diag.tradeRasMaxRelError },
    outputRegionFactor: Object.fromEntries(t.regions.map((r, k) => [r, diag.outputRegionFactor[k]])),
    ownSourcingShare: { goods: avg(0, 22), services: avg(27, 41) },
    top3,
    industrialCorrelation: corr,
    nationalTotals_t: totals,
    householdTransportShare: diag.householdTransportShare,
    sourceFiles: Object.fromEntries(
      Object.values(SOURCE_FILES).map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(options.sourcesDir, f)))
          .digest('hex')
          .slice(0, 16),
      ]),
    ),
  };
}

/** Builds a dataset with a recipe; returns the files of its folder and the check summary. */
export function buildDataset(options: DatasetBuildOptions): {
  files: Map<string, Uint8Array>;
  summary: BuildSummary;
} {
  if (!RECIPES.includes(options.recipe))
    throw new InputError(
      '--recipe',
      `unknown recipe '${options.recipe}'`,
      undefined,
      undefined,
      RECIPES.join(', '),
    );
  if (!CONTROL_TOTALS.includes(options.controlTotals))
    throw new InputError(
      '--control-totals',
      `unknown control totals '${options.controlTotals}'`,
      undefined,
      undefined,
      CONTROL_TOTALS.join(' or '),
    );
  const { parts, diagnostics } = buildChina2017(options);
  const summary = summarise(parts, diagnostics, options);
  const files = encodeRegionalisedDataset({
    provenance: parts.provenance,
    table: parts.table,
    satellites: parts.satellites,
    population: parts.population,
    gdp: parts.gdp,
    gdpUnit: '10^8 CNY (CSY-2018 original)',
    pm25: parts.pm25,
    regionInfo: parts.regionInfo,
    zones: parts.zones,
    sectorRoleClass: parts.sectorRoleClass,
    buildSummary: summary,
  });
  return { files, summary };
}
