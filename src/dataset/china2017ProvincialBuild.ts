import type { DatasetProvenance } from '../dataset/model.ts';
import { InputError } from '../io/inputError.ts';
import type { SatelliteAccount } from '../mrio/model.ts';
import { allocateEmissions, type ControlTotalsId, type EmissionAllocation } from './china2017Emissions.ts';
import {
  CHINA2017_SATELLITE_SOURCES,
  type China2017Labels,
  china2017Labels,
  china2017Satellites,
  provinceActivities,
} from './china2017Labels.ts';
import {
  GOODS_DISTANCE_DECAY,
  PROVINCIAL_FINAL_USE_CATEGORIES,
  PROVINCIAL_OWN_CATEGORIES,
  provincialTradeDecay,
} from './china2017ProvincialRecipe.ts';
import { type China2017Sources, readChina2017Sources } from './china2017Sources.ts';
import { chinaEmploymentInput } from './employmentEarnings.ts';
import { type EmploymentEstimate, estimateEmployment } from './employmentEstimate.ts';
import { readEmploymentSources } from './employmentSources.ts';
import { importSplit } from './importSplit.ts';
import { type OriginDestination, originDestinationFlows } from './originDestination.ts';
import { cleanOutflows, type OutflowCleaning } from './outflowCleaning.ts';
import {
  FINAL_USE_CODES,
  type ProvincialTables,
  readProvincialTables,
  totalUseAsPublished,
  VALUE_ADDED_CODES,
} from './provincialTables.ts';
import { balanceProvincialUse, type UseBalance } from './provincialUseBalance.ts';
import type { SourcedUseTable } from './sourcedUseTable.ts';
import { regionDistances } from './tradeModel.ts';

/**
 * The trade-model choices of the recipe that the uncertainty analysis varies (docs/uncertainty.md);
 * each default is the recipe's own choice (docs/dataset.md).
 */
export interface ProvincialTradeVariant {
  /** Distance decay β of the goods sectors' gravity prior (default GOODS_DISTANCE_DECAY, 1.14). */
  readonly goodsDistanceDecay?: number;
  /** Distance decay of sectors 25–42 (default 0: CEADs' maximum entropy). */
  readonly servicesDistanceDecay?: number;
  /** Prior factor for provinces sharing a border (default 1: none). */
  readonly contiguityFactor?: number;
  /** Share of each cell's re-flow removed in cleaning step 4 (default 1: the published step). */
  readonly reflowFraction?: number;
  /** Step-5 weight w: national total Σ OF^(1−w) · Σ IF^w (default 0: the producers' side). */
  readonly reconciliationWeight?: number;
}

export interface ProvincialBuildOptions extends ProvincialTradeVariant {
  readonly sourcesDir: string;
  readonly mapsDir: string;
  readonly controlTotals: ControlTotalsId;
  /** Scale every money value so national output equals the NBS national table's (docs/dataset.md). */
  readonly scaleToNational: boolean;
}

/**
 * What the recipe reads and estimates before the trade model: the tables, the other sources, labels,
 * distances, and the employment and emission estimates (they depend on the tables' output and
 * compensation, not on who trades with whom). Read once, it builds any trade variant.
 */
export interface ProvincialInputs {
  readonly src: China2017Sources;
  readonly tables: ProvincialTables;
  readonly labels: China2017Labels;
  readonly distances: Float64Array;
  readonly adjacent: (s: number, r: number) => boolean;
  readonly controlTotals: ControlTotalsId;
  readonly emissions: EmissionAllocation;
  readonly employment: EmploymentEstimate;
}

export function readProvincialInputs(
  sourcesDir: string,
  mapsDir: string,
  controlTotals: ControlTotalsId,
): ProvincialInputs {
  const src = readChina2017Sources(sourcesDir);
  const tables = readProvincialTables(sourcesDir);
  checkProvinceOrder(tables, src);
  const provs = src.provinces;
  const distances = regionDistances(
    provs.map((p) => p.lon),
    provs.map((p) => p.lat),
    provs.map((p) => p.areaKm2),
  );
  const N = tables.sectorCodes.length;
  return {
    src,
    tables,
    labels: china2017Labels(src, mapsDir),
    distances,
    adjacent: (s, r) => src.adjacentPairs.has(`${provs[s].code}|${provs[r].code}`),
    controlTotals,
    emissions: allocateEmissions(src, provinceActivities(src), N, tables.GO, controlTotals),
    employment: provincialEmployment(tables, sourcesDir),
  };
}

/** Checks a trade variant's values against their ranges (InputError naming the option). */
function checkVariant(v: ProvincialTradeVariant): void {
  const check = (name: string, x: number | undefined, lo: number, hi: number) => {
    if (x !== undefined && !(x >= lo && x <= hi))
      throw new InputError(name, `${x}`, undefined, undefined, `a number in [${lo}, ${hi}]`);
  };
  check('--goods-distance-decay', v.goodsDistanceDecay, 0, 10);
  check('servicesDistanceDecay', v.servicesDistanceDecay, 0, 10);
  check('contiguityFactor', v.contiguityFactor, 0.1, 10);
  check('reflowFraction', v.reflowFraction, 0, 1);
  check('reconciliationWeight', v.reconciliationWeight, 0, 1);
}

/** Everything a stored sourced-use dataset holds (Z and Y are implied by `table`). */
export interface ProvincialDatasetParts extends China2017Labels {
  readonly provenance: DatasetProvenance;
  readonly table: SourcedUseTable;
  readonly satellites: readonly SatelliteAccount[];
  readonly population: Float64Array; // persons, CSY-2018 original
  readonly gdp: Float64Array; // 10^8 CNY, CSY-2018 original
  readonly pm25: Float64Array;
}

export interface ProvincialBuildDiagnostics {
  readonly tables: ProvincialTables;
  readonly cleaning: OutflowCleaning;
  /** Per province: the use balance (without its arrays). */
  readonly useBalance: readonly Omit<UseBalance, 'use' | 'finalUse'>[];
  readonly trade: OriginDestination;
  /** Money factor applied to every value (1, or national ÷ provincial output under --scale-to-national). */
  readonly moneyScale: number;
  readonly goodsDistanceDecay: number;
  readonly nationalOutput: Float64Array; // NBS national table GO per sector, 10^4 CNY
  readonly emissions: Pick<EmissionAllocation, 'control' | 'householdTransportShare'>;
  /** The employment estimate with its diagnostics (docs/employment.md). */
  readonly employment: EmploymentEstimate;
  readonly sources: China2017Sources;
}

export const PROVINCIAL_LABEL =
  'Built from the 31 official provincial input–output tables of 2017 with the CEADs method; the province-to-province split is modelled (gravity + RAS), not observed. Not the CEADs MRIO itself.';

export function provincialNote(scaled: boolean): string {
  return (
    'China 2017, 31 provinces × 42 sectors, built by vchain from the 31 official provincial input–output tables ' +
    'of 2017 with the CEADs method (Zheng et al. 2021): outflows and inflows cleaned (re-exports, re-flows) and ' +
    'reconciled, each province’s use split into own-province, other-province and foreign parts by ' +
    'proportionality. The province-to-province split is MODELLED (gravity prior with an assumed distance decay, ' +
    'maximum entropy for services, RAS to the cleaned flows), not observed; employment and the emission split ' +
    'are estimates (docs/dataset.md). It is not the CEADs MRIO the paper used. ' +
    (scaled
      ? 'Money values are scaled to the national table’s total output. '
      : 'Provincial output sums to about 9 % more than the national table (kept as published). ') +
    'For real analyses with a published MRIO use --mrio (docs/dataset.md, "Using a real table").'
  );
}

export function buildChina2017Provincial(options: ProvincialBuildOptions): {
  parts: ProvincialDatasetParts;
  diagnostics: ProvincialBuildDiagnostics;
} {
  checkVariant(options);
  return buildProvincialFromInputs(
    readProvincialInputs(options.sourcesDir, options.mapsDir, options.controlTotals),
    options,
  );
}

/** The recipe on inputs read before (readProvincialInputs): cleaning, use balance, trade, assembly. */
export function buildProvincialFromInputs(
  inputs: ProvincialInputs,
  options: ProvincialTradeVariant & { readonly scaleToNational: boolean },
): {
  parts: ProvincialDatasetParts;
  diagnostics: ProvincialBuildDiagnostics;
} {
  checkVariant(options);
  const { src, tables, emissions, employment } = inputs;
  const G = tables.provinces.length;
  const N = tables.sectorCodes.length;
  const code = (i: number) => tables.sectorCodes[i];
  const label = (k: number) => `${tables.provinces[Math.floor(k / N)]}, sector ${code(k % N)}`;

  // Step 2: clean OF and IF (re-exports, re-flows, reconciliation); step 3: rebalance use.
  const cleaning = cleanOutflows(
    {
      GO: tables.GO,
      EX: tables.EX,
      OF: tables.OF,
      IM: tables.IM,
      IF: tables.IF,
      use: totalUseAsPublished(tables),
    },
    G,
    N,
    label,
    (i) => `sector ${code(i)}`,
    { reflowFraction: options.reflowFraction, reconciliationWeight: options.reconciliationWeight },
  );
  const balanced = balanceAll(tables, cleaning);

  // Step 4: own / other-province / foreign shares; step 5: origin–destination flows.
  const shares = importSplit(cleaning.localSupply, cleaning.IF, cleaning.IM);
  const beta = options.goodsDistanceDecay ?? GOODS_DISTANCE_DECAY;
  const kappa = options.contiguityFactor ?? 1;
  const trade = originDestinationFlows(
    cleaning.OF,
    cleaning.IF,
    G,
    N,
    inputs.distances,
    provincialTradeDecay(beta, options.servicesDistanceDecay ?? 0),
    (i) => `sector ${code(i)}`,
    undefined,
    kappa === 1 ? undefined : { adjacent: inputs.adjacent, factor: kappa },
  );
  const source = sourcingShares(trade.flows, shares.own, cleaning.totalUse, G, N);

  let nationalTotal = 0;
  let provincialTotal = 0;
  for (const v of src.table.GO) nationalTotal += v;
  for (const v of tables.GO) provincialTotal += v;
  const moneyScale = options.scaleToNational ? nationalTotal / provincialTotal : 1;
  const money = (v: Float64Array) => (moneyScale === 1 ? v : Float64Array.from(v, (a) => a * moneyScale));
  const table: SourcedUseTable = {
    regions: tables.provinces,
    sectors: src.table.sectorNames.slice(),
    monetaryUnit: '10^4 CNY',
    use: money(balanced.use),
    finalUseCategories: [...PROVINCIAL_FINAL_USE_CATEGORIES],
    finalUse: money(balanced.finalUse),
    source,
    foreign: shares.foreign,
    ownCategories: [...PROVINCIAL_OWN_CATEGORIES],
    ownDemand: money(cleaning.EX),
    valueAdded: VALUE_ADDED_CODES.map((c) => ({
      name: VALUE_ADDED_NAMES[c],
      values: money(tables.valueAdded[c]),
    })),
  };

  const satellites = satelliteAccounts(tables, employment.employment.values, emissions, moneyScale);
  const scaled = options.scaleToNational;
  const controlTotals = inputs.controlTotals;
  const betaNote = beta === GOODS_DISTANCE_DECAY ? '' : `; goods distance decay ${beta}`;
  const variantNote = tradeVariantNote(options);
  const id = `china-2017-provincial${controlTotals === 'meic2017' ? '' : `-${controlTotals}`}${scaled ? '-scaled' : ''}${betaNote ? `-beta${beta}` : ''}${variantNote ? '-variant' : ''}`;
  const provenance: DatasetProvenance = {
    id,
    title: `China 2017, 31 provinces × 42 sectors — from the 31 official provincial tables (CEADs method, modelled inter-provincial split; emission control totals: ${controlTotals}${scaled ? '; scaled to national output' : ''}${betaNote}${variantNote})`,
    isDemonstration: true,
    label: PROVINCIAL_LABEL,
    note: provincialNote(scaled),
    sources: PROVINCIAL_SOURCES,
  };
  return {
    parts: {
      provenance,
      table,
      satellites,
      population: Float64Array.from(src.provinces, (p) => p.populationOriginal),
      gdp: Float64Array.from(src.provinces, (p) => p.gdp),
      pm25: Float64Array.from(src.provinces, (p) => p.pm25),
      ...inputs.labels,
    },
    diagnostics: {
      tables,
      cleaning,
      useBalance: balanced.reports,
      trade,
      moneyScale,
      goodsDistanceDecay: beta,
      nationalOutput: src.table.GO,
      emissions: { control: emissions.control, householdTransportShare: emissions.householdTransportShare },
      employment,
      sources: src,
    },
  };
}

/** Title note for trade-model choices other than the recipe's (empty for the recipe). */
function tradeVariantNote(v: ProvincialTradeVariant): string {
  const parts: string[] = [];
  if ((v.servicesDistanceDecay ?? 0) !== 0) parts.push(`services distance decay ${v.servicesDistanceDecay}`);
  if ((v.contiguityFactor ?? 1) !== 1) parts.push(`contiguity factor ${v.contiguityFactor}`);
  if ((v.reflowFraction ?? 1) !== 1) parts.push(`re-flow fraction ${v.reflowFraction}`);
  if ((v.reconciliationWeight ?? 0) !== 0) parts.push(`reconciliation weight ${v.reconciliationWeight}`);
  return parts.length ? `; ${parts.join(', ')}` : '';
}

const VALUE_ADDED_NAMES: Readonly<Record<(typeof VALUE_ADDED_CODES)[number], string>> = {
  VA001: 'VA001 compensation of employees',
  VA002: 'VA002 net taxes on production',
  VA003: 'VA003 depreciation of fixed assets',
  VA004: 'VA004 operating surplus',
};

const PROVINCIAL_SOURCES: readonly string[] = [
  'Provincial statistical bureaus (2020) 2017 input–output tables of the 31 provinces, 42 sectors (via R package CHNIO, common2016/CHNIO)',
  'Zheng et al. (2021) Sci Data 8:244: the CEADs 2017 MRIO and its construction from the provincial tables (method followed here)',
  'Head & Mayer (2014) Handbook of International Economics vol. 4, Table 4: distance elasticity of structural gravity (assumed decay)',
  'NBS (2019) 2017 Input–Output Table of China, 42 sectors (national totals; via R package ionet 0.2.2)',
  'NBS China Statistical Yearbook 2018: provincial GDP and population (original), production of crude steel, pig iron, cement, non-ferrous metals (via CREA china_co2, gcam-china)',
  ...CHINA2017_SATELLITE_SOURCES,
];

/** The tables and the province summary must list the same provinces in the same order. */
function checkProvinceOrder(tables: ProvincialTables, src: China2017Sources): void {
  src.provinces.forEach((p, r) => {
    if (tables.provinces[r] !== p.nameEn)
      throw new InputError(
        tables.file,
        `province ${r + 1} is '${tables.provinces[r]}'`,
        undefined,
        'province',
        `'${p.nameEn}' (GB/T 2260 order of the province summary)`,
      );
  });
}

/** Rebalances every province's use table to the cleaned total use (provincialUseBalance.ts). */
function balanceAll(
  t: ProvincialTables,
  c: OutflowCleaning,
): { use: Float64Array; finalUse: Float64Array; reports: Omit<UseBalance, 'use' | 'finalUse'>[] } {
  const G = t.provinces.length;
  const N = t.sectorCodes.length;
  const K = FINAL_USE_CODES.length;
  const use = new Float64Array(G * N * N);
  const finalUse = new Float64Array(G * N * K);
  const reports: Omit<UseBalance, 'use' | 'finalUse'>[] = [];
  for (let r = 0; r < G; r++) {
    const intermediateTargets = new Float64Array(N);
    for (let j = 0; j < N; j++) {
      let va = 0;
      for (const v of VALUE_ADDED_CODES) va += t.valueAdded[v][r * N + j];
      intermediateTargets[j] = t.GO[r * N + j] - va;
    }
    const b = balanceProvincialUse(
      {
        N,
        K,
        use: t.use.subarray(r * N * N, (r + 1) * N * N),
        finalUse: t.finalUse.subarray(r * N * K, (r + 1) * N * K),
        rowTargets: c.totalUse.subarray(r * N, (r + 1) * N),
        intermediateTargets,
      },
      `${t.file}: ${t.provinces[r]}`,
    );
    use.set(b.use, r * N * N);
    finalUse.set(b.finalUse, r * N * K);
    const { use: _u, finalUse: _f, ...report } = b;
    reports.push(report);
  }
  return { use, finalUse, reports };
}

/**
 * source[i][s][r]: share of province r's use of product i supplied by province s — the own share
 * L/T on the diagonal, flow/T off it (so the off-diagonal shares add to IF/T, the other-province
 * share of importSplit.ts).
 */
function sourcingShares(
  flows: Float64Array,
  own: Float64Array,
  totalUse: Float64Array,
  G: number,
  N: number,
): Float64Array {
  const source = new Float64Array(N * G * G);
  for (let i = 0; i < N; i++)
    for (let r = 0; r < G; r++) {
      const t = totalUse[r * N + i];
      source[(i * G + r) * G + r] = own[r * N + i];
      if (!(t > 0)) continue;
      for (let s = 0; s < G; s++) if (s !== r) source[(i * G + s) * G + r] = flows[(i * G + s) * G + r] / t;
    }
  return source;
}

/**
 * Employment by province × sector: compensation (VA001, as read from the tables) ÷ a wage that
 * varies by sector and province, fitted to national employment by sector, never below a
 * province's urban-unit employment (employmentEstimate.ts, docs/employment.md). Unscaled VA001:
 * the fitted sector wage absorbs any common money factor.
 */
function provincialEmployment(t: ProvincialTables, sourcesDir: string): EmploymentEstimate {
  const src = readEmploymentSources(sourcesDir);
  const input = chinaEmploymentInput(src);
  if (input.compensation.provinces.join('|') !== t.provinces.join('|'))
    throw new InputError(t.file, 'provinces differ from the employment sources', undefined, 'province');
  return estimateEmployment({
    ...input,
    compensation: { ...input.compensation, values: t.valueAdded.VA001 },
  });
}

function satelliteAccounts(
  t: ProvincialTables,
  employment: Float64Array,
  em: EmissionAllocation,
  moneyScale: number,
): SatelliteAccount[] {
  const scaled = (v: Float64Array) => (moneyScale === 1 ? v : Float64Array.from(v, (a) => a * moneyScale));
  const va = t.valueAdded;
  return china2017Satellites(
    { compensation: scaled(va.VA001), netTaxes: scaled(va.VA002), operatingSurplus: scaled(va.VA004) },
    employment,
    em,
  );
}
