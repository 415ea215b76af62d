import { type CommonBuildChecks, emissionTotals, industrialCorrelation, productionTop3 } from './checks.ts';
import type { BuildDiagnostics, RegionalisedDatasetParts } from './china2017Build.ts';
import type { ControlTotalsId } from './china2017Emissions.ts';
import { readChina2017Sources, SOURCE_FILES } from './china2017Sources.ts';
import { sourceFileHashes } from './sourceHashes.ts';

/** Check figures of a china2017-national build (printed by the CLI, stored in dataset.json). */
export interface NationalBuildSummary extends CommonBuildChecks {
  readonly recipe: 'china2017-national';
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
}

export function nationalSummary(
  parts: RegionalisedDatasetParts,
  diag: BuildDiagnostics,
  options: { readonly sourcesDir: string; readonly controlTotals: ControlTotalsId },
): NationalBuildSummary {
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
  const avg = (from: number, to: number) => {
    let s = 0;
    for (let i = from; i <= to; i++) s += diag.ownSourcingShare[i];
    return s / (to - from + 1);
  };
  return {
    recipe: 'china2017-national',
    controlTotals: options.controlTotals,
    regions: G,
    sectors: N,
    gdpMaxRelError: gdpErr,
    gdpScaleToNational: diag.gdpScale / 1e4, // 10^8 CNY = 10^4 × 10^4 CNY
    outputMaxRelError: outErr,
    rasMaxRelError: { output: diag.outputRasMaxRelError, trade: diag.tradeRasMaxRelError },
    outputRegionFactor: Object.fromEntries(t.regions.map((r, k) => [r, diag.outputRegionFactor[k]])),
    ownSourcingShare: { goods: avg(0, 22), services: avg(27, 41) },
    top3: productionTop3(t.x0, t.regions, src.provinces, N),
    industrialCorrelation: industrialCorrelation(parts.satellites, src.provinces, N),
    nationalTotals_t: emissionTotals(parts.satellites, diag.control),
    householdTransportShare: diag.householdTransportShare,
    sourceFiles: sourceFileHashes(options.sourcesDir, Object.values(SOURCE_FILES)),
  };
}
