// vchain as a library: SO2 embodied in each province's consumption, against what its own
// industries emit, and how unequally social income per head is spread (population-weighted
// Gini), on the embedded China 2017 demonstration dataset. Run (after `npm ci`):
//   npx tsx examples/typescript/embodiedEmissions.ts [indicator] [--json]
// In a project of your own, `npm install <path or tarball of vchain>` and the same imports work:
// they resolve through vchain's package "exports" to its compiled dist/ with .d.ts types.
import { populationWeightedGini } from 'vchain/equity';
import { loadDefaultDataset } from 'vchain/io';
import { decomposeValueChain, type IndicatorAccounts } from 'vchain/mrio';

export interface ProvinceBalance {
  readonly region: string;
  /** Emitted by the province's industries (production-based account), tonnes. */
  readonly production: number;
  /** Caused anywhere in China by the province's final demand (consumption-based account), tonnes. */
  readonly consumption: number;
}

export interface EmbodiedSummary {
  readonly indicator: string;
  readonly unit: string;
  readonly provinces: readonly ProvinceBalance[];
  readonly incomeGini: number;
}

/** Production vs consumption accounts per region (METHODS §2–4) and the income Gini. */
export function embodiedSummary(indicator = 'SO2'): EmbodiedSummary {
  const dataset = loadDefaultDataset();
  const { mrio } = dataset;
  const result = decomposeValueChain(mrio, { indicators: [indicator, 'social_income'] });
  const byName = (name: string): IndicatorAccounts => result.indicators.find((a) => a.indicator === name)!;
  const emission = byName(indicator);
  const n = mrio.sectors.length;
  const provinces = mrio.regions.map((region, r) => {
    let production = 0;
    for (let i = 0; i < n; i++) production += emission.production[r * n + i]!;
    return { region, production, consumption: emission.consumption[r]! };
  });
  const income = byName('social_income');
  const incomeByRegion = new Float64Array(mrio.regions.length);
  for (let r = 0; r < mrio.regions.length; r++)
    for (let i = 0; i < n; i++) incomeByRegion[r]! += income.production[r * n + i]!;
  const incomeGini = populationWeightedGini({
    totals: { regions: mrio.regions, unit: income.unit, values: incomeByRegion },
    population: dataset.population,
  });
  return { indicator, unit: emission.unit, provinces, incomeGini };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const s = embodiedSummary(args.find((a) => !a.startsWith('--')) ?? 'SO2');
  if (args.includes('--json')) {
    console.log(JSON.stringify(s));
    process.exit(0);
  }
  const net = [...s.provinces].sort((a, b) => b.production - b.consumption - (a.production - a.consumption));
  console.log(
    `${s.indicator} (${s.unit}): production − consumption, largest net exporters of embodied emissions`,
  );
  for (const p of net.slice(0, 5))
    console.log(
      `${p.region.padEnd(16)} ${p.production.toFixed(0).padStart(10)} ${p.consumption.toFixed(0).padStart(10)} ${(p.production - p.consumption).toFixed(0).padStart(10)}`,
    );
  console.log(`population-weighted Gini of social income per head: ${s.incomeGini.toFixed(4)}`);
}
