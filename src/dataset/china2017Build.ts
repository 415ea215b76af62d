import { join } from 'node:path';
import type { Dataset, DatasetProvenance } from '../dataset/model.ts';
import { InputError } from '../io/inputError.ts';
import type { Precursor, SatelliteAccount } from '../mrio/model.ts';
import {
  allocateEmissions,
  type ControlTotalsId,
  type EmissionAllocation,
  MEIC_SECTORS,
} from './china2017Emissions.ts';
import {
  CHINA2017_SATELLITE_SOURCES,
  china2017Labels,
  china2017Satellites,
  provinceActivities,
} from './china2017Labels.ts';
import {
  CEADS_TO_42,
  CHINA2017_CONTIGUITY_BONUS,
  CHINA2017_HOME_BIAS,
  CHINA2017_INDICATORS,
  CHINA2017_TRADE_DECAY,
  OWN_CATEGORIES,
  POOLED_CATEGORIES,
} from './china2017Recipe.ts';
import { type China2017Sources, readChina2017Sources, SOURCE_FILES } from './china2017Sources.ts';
import { nationalEmploymentBySector } from './employmentByOutput.ts';
import { regionaliseValueAdded, sharesOf } from './regionalise.ts';
import type { RegionalisedTable } from './regionalTable.ts';
import { gravityTrade, regionDistances } from './tradeModel.ts';

export interface BuildOptions {
  readonly sourcesDir: string;
  readonly mapsDir: string;
  readonly controlTotals: ControlTotalsId;
}

/** Everything a stored regionalised dataset holds besides Z and Y (which the table factors give). */
export interface RegionalisedDatasetParts {
  readonly provenance: DatasetProvenance;
  readonly table: RegionalisedTable;
  readonly satellites: readonly SatelliteAccount[];
  readonly population: Float64Array; // persons
  readonly gdp: Float64Array; // 10^8 CNY, CSY-2018 original
  readonly pm25: Float64Array;
  readonly regionInfo: Dataset['regionInfo'];
  readonly zones: readonly string[];
  readonly sectorRoleClass: Dataset['sectorRoleClass'];
}

export interface BuildDiagnostics {
  readonly outputRasIterations: number;
  /** Per province: RAS factor on its indicator-based value added. */
  readonly outputRegionFactor: Float64Array;
  readonly outputRasMaxRelError: number;
  readonly tradeRasMaxRelError: number;
  readonly tradeRasMaxIterations: number;
  /** Own-province share of pooled domestic use, national, per sector (length N). */
  readonly ownSourcingShare: Float64Array;
  readonly householdTransportShare: Record<Precursor, number>;
  readonly control: EmissionAllocation['control'];
  readonly gdpScale: number; // Σ national VA / Σ provincial CSY GDP (×10^4 → same unit)
}

export const DEMO_NOTE =
  'DEMONSTRATION dataset: a 31-province × 42-sector MRIO for China 2017 REGIONALISED by vchain from the NBS ' +
  'national 2017 input–output table with provincial indicators (output, energy, generation, GDP), a gravity ' +
  'trade model and RAS balancing (docs/dataset.md). It is NOT the CEADs 2017 multi-regional input–output ' +
  'table used in the paper; inter-provincial trade in particular is modelled, not observed. For real ' +
  'analyses load a published MRIO with --mrio (see docs/dataset.md, "Using a real table").';

export function buildChina2017(options: BuildOptions): {
  parts: RegionalisedDatasetParts;
  diagnostics: BuildDiagnostics;
} {
  const src = readChina2017Sources(options.sourcesDir);
  const T = src.table;
  const N = T.sectorCodes.length;
  const provs = src.provinces;
  const G = provs.length;
  if (N !== CHINA2017_INDICATORS.length)
    throw new InputError(
      join(src.dir, SOURCE_FILES.io2017),
      `${N} sectors`,
      undefined,
      undefined,
      '42 sectors',
    );

  // National value added per sector (VA001..VA004) and coefficients (national technology).
  const vaTot = new Float64Array(N);
  for (const k of ['VA001', 'VA002', 'VA003', 'VA004'] as const)
    for (let j = 0; j < N; j++) vaTot[j] += T.va[k][j];

  // Step 1: indicator shares per sector.
  const shares = CHINA2017_INDICATORS.map((ind, i) => indicatorShares(src, ind, i));
  let vaSum = 0;
  let gdpSum = 0;
  for (let j = 0; j < N; j++) vaSum += vaTot[j];
  for (const p of provs) gdpSum += p.gdp;
  const gdpScale = vaSum / gdpSum; // 10^4 CNY per 10^8 CNY of CSY GDP, incl. the 2.9 % provincial excess
  const gdpTarget = Float64Array.from(provs, (p) => p.gdp * gdpScale);
  const reg = regionaliseValueAdded(shares, vaTot, gdpTarget);
  const x0 = new Float64Array(G * N);
  for (let r = 0; r < G; r++)
    for (let i = 0; i < N; i++) x0[r * N + i] = (reg.valueAdded[r * N + i] / vaTot[i]) * T.GO[i];

  // Step 2: technology.
  const A = new Float64Array(N * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) A[i * N + j] = T.Zdom[i * N + j] / T.GO[j];
  const coef = (v: Float64Array) => Float64Array.from(v, (a, j) => a / T.GO[j]);
  const primaryCoefficients = [
    { name: 'imports', values: coef(T.importsIntermediate) },
    { name: 'VA001 compensation of employees', values: coef(T.va.VA001) },
    { name: 'VA002 net taxes on production', values: coef(T.va.VA002) },
    { name: 'VA003 depreciation of fixed assets', values: coef(T.va.VA003) },
    { name: 'VA004 operating surplus', values: coef(T.va.VA004) },
  ];

  // Step 4: final demand. Households by population, government and capital formation by GDP;
  // inventory change and exports stay with the producing province (in proportion to output).
  const popShare = sharesOf(
    provs.map((p) => p.populationOriginal),
    'population',
  );
  const gdpShare = sharesOf(
    provs.map((p) => p.gdp),
    'GDP',
  );
  const [cRural, cUrban, cGov] = src.consumptionSplit2015;
  const Kp = POOLED_CATEGORIES.length;
  const Ko = OWN_CATEGORIES.length;
  const pooled = new Float64Array(G * N * Kp);
  const own = new Float64Array(G * N * Ko);
  for (let r = 0; r < G; r++)
    for (let i = 0; i < N; i++) {
      const o = (r * N + i) * Kp;
      pooled[o] = T.TC[i] * cRural[i] * popShare[r];
      pooled[o + 1] = T.TC[i] * cUrban[i] * popShare[r];
      pooled[o + 2] = T.TC[i] * cGov[i] * gdpShare[r];
      pooled[o + 3] = T.FU201[i] * gdpShare[r];
      const w = x0[r * N + i] / T.GO[i];
      own[(r * N + i) * Ko] = T.FU202[i] * w;
      own[(r * N + i) * Ko + 1] = T.EX[i] * w;
    }

  // Step 3: pooled supply and demand, gravity trade, RAS.
  const supply = new Float64Array(G * N);
  const demand = new Float64Array(G * N);
  for (let r = 0; r < G; r++)
    for (let i = 0; i < N; i++) {
      const k = r * N + i;
      supply[k] = x0[k] - own[k * Ko] - own[k * Ko + 1];
      let d = 0;
      for (let j = 0; j < N; j++) d += A[i * N + j] * x0[r * N + j];
      for (let c = 0; c < Kp; c++) d += pooled[k * Kp + c];
      demand[k] = d;
    }
  const dist = regionDistances(
    provs.map((p) => p.lon),
    provs.map((p) => p.lat),
    provs.map((p) => p.areaKm2),
  );
  const trade = gravityTrade(
    supply,
    demand,
    G,
    N,
    dist,
    (s, r) => src.adjacentPairs.has(`${provs[s].code}|${provs[r].code}`),
    {
      decay: Float64Array.from(CHINA2017_TRADE_DECAY),
      contiguityBonus: CHINA2017_CONTIGUITY_BONUS,
      homeBias: CHINA2017_HOME_BIAS,
    },
  );
  const ownSourcingShare = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let own_ = 0;
    let all = 0;
    for (let r = 0; r < G; r++) {
      own_ += trade.share[(i * G + r) * G + r] * demand[r * N + i];
      all += demand[r * N + i];
    }
    ownSourcingShare[i] = all > 0 ? own_ / all : 0;
  }

  const regions = provs.map((p) => p.nameEn);
  const sectors = T.sectorNames.slice();
  const table: RegionalisedTable = {
    regions,
    sectors,
    monetaryUnit: '10^4 CNY',
    x0,
    A: { rows: N, cols: N, data: A },
    share: trade.share,
    pooledCategories: [...POOLED_CATEGORIES],
    pooledDemand: pooled,
    ownCategories: [...OWN_CATEGORIES],
    ownDemand: own,
    primaryCoefficients,
  };

  // Step 5: satellites.
  const times = (c: Float64Array) => Float64Array.from(x0, (x, k) => x * c[k % N]);
  const comp = times(primaryCoefficients[1].values);
  const tax = times(primaryCoefficients[2].values);
  const surplus = times(primaryCoefficients[4].values);
  const empNational = nationalEmploymentBySector(src);
  const employment = Float64Array.from(x0, (x, k) => (empNational[k % N] * x) / T.GO[k % N]);
  const em = allocateEmissions(src, provinceActivities(src), N, x0, options.controlTotals);
  const satellites = china2017Satellites(
    { compensation: comp, netTaxes: tax, operatingSurplus: surplus },
    employment,
    em,
  );

  // Step 6: zones, roles, region info.
  const labels = china2017Labels(src, options.mapsDir);

  const provenance: DatasetProvenance = {
    id: options.controlTotals === 'meic2017' ? 'china-2017-demo' : 'china-2017-demo-paper-implied',
    title: `China 2017, 31 provinces × 42 sectors — DEMONSTRATION regionalisation of the NBS national table (emission control totals: ${options.controlTotals})`,
    isDemonstration: true,
    note: DEMO_NOTE,
    sources: [
      'NBS (2019) 2017 Input–Output Table of China, 42 sectors (via R package ionet 0.2.2)',
      'NBS China Statistical Yearbook 2018: provincial GDP (original), population (original), production of crude steel, pig iron, cement, non-ferrous metals, electricity (via CREA china_co2, gcam-china)',
      ...CHINA2017_SATELLITE_SOURCES,
    ],
  };

  return {
    parts: {
      provenance,
      table,
      satellites,
      population: Float64Array.from(provs, (p) => p.populationOriginal),
      gdp: Float64Array.from(provs, (p) => p.gdp),
      pm25: Float64Array.from(provs, (p) => p.pm25),
      ...labels,
    },
    diagnostics: {
      outputRasIterations: reg.rasIterations,
      outputRegionFactor: reg.regionFactor,
      outputRasMaxRelError: reg.rasMaxRelError,
      tradeRasMaxRelError: trade.maxRelError,
      tradeRasMaxIterations: trade.maxIterations,
      ownSourcingShare,
      householdTransportShare: em.householdTransportShare,
      control: em.control,
      gdpScale,
    },
  };
}

function indicatorShares(
  src: China2017Sources,
  ind: (typeof CHINA2017_INDICATORS)[number],
  i: number,
): Float64Array {
  const provs = src.provinces;
  const G = provs.length;
  const what = `sector ${i + 1}`;
  if (ind.kind === 'value_added')
    return sharesOf(
      provs.map((p) => p[ind.part]),
      `${what} ${ind.part}`,
    );
  if (ind.kind === 'physical') {
    const out = new Float64Array(G);
    for (const [field, w] of ind.mix) {
      const s = sharesOf(
        provs.map((p) => p[field]),
        `${what} ${field}`,
      );
      for (let r = 0; r < G; r++) out[r] += w * s[r];
    }
    return out;
  }
  // CEADs scope-1 energy CO2 of the matching CEADs sectors. Provinces without CEADs data
  // (Tibet) take their share of national secondary value added; the others are scaled down.
  const raw = new Float64Array(G);
  const missing: number[] = [];
  for (let r = 0; r < G; r++) {
    const prov = src.ceads.get(provs[r].nameEn);
    if (!prov) {
      missing.push(r);
      continue;
    }
    for (const s of ind.ceadsSectors) {
      if (!CEADS_TO_42.has(s)) throw new Error(`unknown CEADs sector '${s}'`);
      raw[r] += prov.get(s)?.get('Scope 1 Total') ?? 0;
    }
  }
  const sec = sharesOf(
    provs.map((p) => p.gdpSecondary),
    'gdpSecondary',
  );
  let fill = 0;
  for (const r of missing) fill += sec[r];
  const base = sharesOf(raw, `${what} CEADs`);
  return Float64Array.from(base, (v, r) => (missing.includes(r) ? sec[r] : v * (1 - fill)));
}

export { MEIC_SECTORS };
