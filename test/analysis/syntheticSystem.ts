/**
 * A small hand-made system for end-to-end analysis tests: 4 regions × 2 sectors MRIO with every
 * satellite the analysis needs, a hand-made pf-ERSM surface with nonlinear local chemistry and
 * cross-region interaction terms, and a tiny health parameter set built with the real
 * buildHealthModel. Numbers are arbitrary but strongly coupled (large off-diagonal trade).
 */
import type { MonomialTerm, ResponseSurface } from '../../src/air/responseSurface.ts';
import { DEFAULT_TERM_SET } from '../../src/air/responseSurface.ts';
import { healthEvaluatorFrom } from '../../src/analysis/healthAdapter.ts';
import type { HealthEvaluator } from '../../src/analysis/healthEvaluator.ts';
import type { Dataset } from '../../src/dataset/model.ts';
import { buildHealthModel } from '../../src/health/index.ts';
import { type HealthParameters, MORTALITY_CAUSES, type MortalityCause } from '../../src/health/types.ts';
import { fromRows } from '../../src/linalg/matrix.ts';
import { type Mrio, PRECURSORS, type Precursor, type SatelliteAccount } from '../../src/mrio/model.ts';

export const REGIONS = ['North', 'Coast', 'Inland', 'West'];
export const SECTORS = ['mining', 'manufacturing'];
const G = 4;
const N = 2;
const n = G * N;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function syntheticDataset(): Dataset {
  const rnd = lcg(11);
  const Z: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      const same = Math.floor(i / N) === Math.floor(j / N);
      row.push((same ? 30 : 12) * (0.5 + rnd()));
    }
    Z.push(row);
  }
  // Final demand: one category 'household' per consuming region, strong inter-regional part.
  const Y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let r = 0; r < G; r++) row.push((Math.floor(i / N) === r ? 80 : 25) * (0.5 + rnd()));
    Y.push(row);
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Z[i].reduce((a, b) => a + b, 0) + Y[i].reduce((a, b) => a + b, 0);
  const sat = (
    name: string,
    unit: string,
    kind: SatelliteAccount['kind'],
    scale: number,
    precursor?: Precursor,
  ): SatelliteAccount => {
    const values = Float64Array.from(x, (v) => v * scale * (0.2 + rnd()));
    return {
      name,
      unit,
      kind,
      values,
      ...(precursor ? { precursor, direct: Float64Array.from({ length: G }, () => 50 * rnd()) } : {}),
    };
  };
  const comp = sat('compensation', '10^4 CNY', 'income_component', 0.2);
  const tax = sat('net_taxes', '10^4 CNY', 'income_component', 0.05);
  const surplus = sat('operating_surplus', '10^4 CNY', 'income_component', 0.1);
  const income: SatelliteAccount = {
    name: 'social_income',
    unit: '10^4 CNY',
    kind: 'income',
    values: Float64Array.from(comp.values, (v, j) => v + tax.values[j] + surplus.values[j]),
  };
  const emissions = PRECURSORS.map((p, q) => sat(p, 't', 'emission', 2 + q, p));
  const mrio: Mrio = {
    name: 'synthetic 4×2',
    regions: REGIONS,
    sectors: SECTORS,
    monetaryUnit: '10^4 CNY',
    Z: fromRows(Z),
    finalDemand: { categories: ['household'], Y: fromRows(Y) },
    x,
    satellites: [income, comp, tax, surplus, sat('employment', 'persons', 'employment', 0.01), ...emissions],
  };
  return {
    provenance: {
      id: 'synthetic',
      title: 'synthetic test system',
      isDemonstration: true,
      note: 'test only',
      sources: [],
    },
    mrio,
    population: { regions: REGIONS, unit: 'persons', values: Float64Array.from([3e6, 5e6, 8e6, 2e6]) },
    regionInfo: REGIONS.map((name) => ({ name })),
    zones: ['Jing-Jin', 'Eastern Coast', 'North Central', 'Northwest'],
    sectorRoleClass: ['resource_energy', 'other'],
  };
}

/** Baseline emissions per region (production + direct), as the analysis computes them. */
export function baselineEmissions(d: Dataset): Record<Precursor, Float64Array> {
  const out = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    const s = d.mrio.satellites.find((a) => a.precursor === p)!;
    const e = new Float64Array(G);
    for (let j = 0; j < n; j++) e[Math.floor(j / N)] += s.values[j];
    for (let r = 0; r < G; r++) e[r] += s.direct![r];
    out[p] = e;
  }
  return out;
}

/**
 * A hand-made surface: for receptor i, linear terms of its own and every other region's
 * precursors (decaying with |i − j|), local NH3×SO2 and NH3×NOx interactions, a cubic own-PPM term
 * and a cross-region term Δe_{j,SO2}·Δe_{i,NH3}. `linear` keeps only the linear terms.
 */
export function syntheticSurface(d: Dataset, linear = false): ResponseSurface {
  const v = (j: number, p: Precursor) => j * 5 + PRECURSORS.indexOf(p);
  const weight: Record<Precursor, number> = { SO2: 6, NOx: 5, NH3: 4, VOC: 1.5, PPM: 8 };
  const receptors = REGIONS.map((_, i) => {
    const terms: MonomialTerm[] = [];
    const coefficients: number[] = [];
    const add = (vars: number[], exps: number[], c: number) => {
      terms.push({ vars, exps });
      coefficients.push(c);
    };
    for (let j = 0; j < G; j++)
      for (const p of PRECURSORS) add([v(j, p)], [1], weight[p] / (1 + 2 * Math.abs(i - j)));
    if (!linear) {
      add([v(i, 'NH3'), v(i, 'SO2')], [1, 1], 3);
      add([v(i, 'NH3'), v(i, 'NOx')], [1, 1], 2.5);
      add([v(i, 'PPM')], [3], 1.2);
      add([v(i, 'NOx')], [2], -1.5);
      const j = (i + 1) % G;
      add([v(j, 'SO2'), v(i, 'NH3')], [1, 1], 1.1);
      add([v(j, 'NOx'), v(j, 'NH3'), v(i, 'NH3')], [1, 1, 1], 0.7);
    }
    return { terms, coefficients: Float64Array.from(coefficients) };
  });
  const base = baselineEmissions(d);
  return {
    schema: 'vchain.pf-ersm/1',
    regions: REGIONS,
    precursors: [...PRECURSORS],
    unit: 'µg/m³',
    baselineEmissions: { regions: REGIONS, unit: 't', byPrecursor: base },
    baselineConcentration: { regions: REGIONS, unit: 'µg/m³', values: Float64Array.from([62, 48, 55, 30]) },
    receptors,
    trainingRange: { min: new Float64Array(G * 5).fill(0), max: new Float64Array(G * 5).fill(1.5) },
    termSet: DEFAULT_TERM_SET,
    ridge: 0,
    validation: {},
    provenance: {
      ctmKind: 'standin',
      label: 'SYNTHETIC TEST SURFACE',
      description: 'hand-made polynomial for tests',
      baselineEmissionsSource: 'synthetic',
      trainingRuns: 0,
      validationRuns: 0,
      design: 'none',
      fitting: 'none',
      builtWith: 'test',
    },
  };
}

/** Tiny IER parameter set (3 joint draws per cause, all-age curves) and flat baseline rates. */
export function syntheticHealth(draws = 20, seed = 7): HealthEvaluator {
  const rates = new Map<MortalityCause, Map<number, number>>();
  const ageStarts = Array.from({ length: 17 }, (_, k) => 5 * k);
  const curve = (cause: MortalityCause, k: number) => ({
    cause,
    ageStart: null,
    alpha: Float64Array.from([0.8, 1.0, 1.3].map((a) => a * (1 + 0.1 * k))),
    gamma: Float64Array.from([0.01, 0.012, 0.009]),
    delta: Float64Array.from([0.9, 1.0, 1.1]),
    zcf: Float64Array.from([2.4, 4.0, 5.9]),
  });
  MORTALITY_CAUSES.forEach((c, k) => {
    rates.set(c, new Map(ageStarts.map((a) => [a, 20 + 10 * k + a])));
  });
  const params: HealthParameters = {
    ier2015: {
      name: 'ier2015',
      draws: 3,
      topAgeBand: 80,
      curves: MORTALITY_CAUSES.map(curve),
      source: 'synthetic',
    },
    mortality: { unit: 'deaths per 100000 per year', rates, source: 'synthetic' },
    ageStructure: { ageStarts, shares: new Float64Array(17).fill(1 / 17), source: 'synthetic' },
    morbidity: [
      {
        id: 'chronic_bronchitis',
        label: 'Chronic bronchitis',
        beta: { central: 0.009, low: 0.004, high: 0.014 },
        coefficientPollutant: 'PM2.5',
        coefficientRegion: 'China',
        coefficientSource: 'synthetic',
        ageFrom: 0,
        ageTo: null,
        incidence: { central: 0.01, low: 0.008, high: 0.012 },
        incidenceRegion: 'China',
        incidenceSource: 'synthetic',
        unitValue: {
          central: 5e4,
          low: 3e4,
          high: 7e4,
          currency: 'CNY',
          priceYear: 2017,
          source: 'synthetic',
        },
        notes: '',
      },
    ],
    excludedMorbidity: [],
    vsl: { central: 2e6, low: 1e6, high: 3e6, currency: 'CNY', priceYear: 2017, source: 'synthetic' },
    cpi: { currency: 'CNY', index: new Map([[2017, 100]]), source: 'synthetic' },
    fileHashes: {},
  };
  return healthEvaluatorFrom(
    buildHealthModel(params, { draws, seed, erf: 'ier2015', thresholds: [5, 10, 15] }),
  );
}
