/**
 * A small but complete RunResult for the report tests: 31 mainland provinces (so the map has
 * every shape), populations and PM2.5 from data/sources/china-2017-provincial, everything else
 * drawn from a seeded generator and made internally consistent (row/column sums, shares).
 * It is test input for the writer, not a model of China.
 */
import { readFileSync } from 'node:fs';
import type {
  FlowMatrix,
  FlowRank,
  ImporterSplit,
  IndicatorRegionAccounts,
  InequalityMeasures,
  Interval,
  PairwiseFlows,
  PrecursorCounterfactual,
  RegionInterval,
  RoleShares,
  RunResult,
  ThresholdDamage,
} from '../../src/analysis/runResult.ts';
import { giniTransferContributions } from '../../src/equity/giniChange.ts';
import type { Matrix } from '../../src/linalg/matrix.ts';
import type { Precursor, ProductRole, RegionVector, SectorRoleClass } from '../../src/mrio/model.ts';

const ZONE: Record<string, string> = {
  Heilongjiang: 'Northeast',
  Jilin: 'Northeast',
  Liaoning: 'Northeast',
  Beijing: 'Jing-Jin',
  Tianjin: 'Jing-Jin',
  Hebei: 'North Central',
  Shanxi: 'North Central',
  Shandong: 'North Central',
  Henan: 'North Central',
  Shanghai: 'Eastern Coast',
  Jiangsu: 'Eastern Coast',
  Zhejiang: 'Eastern Coast',
  Fujian: 'Southern Coast',
  Guangdong: 'Southern Coast',
  Hainan: 'Southern Coast',
  Anhui: 'South Central',
  Jiangxi: 'South Central',
  Hubei: 'South Central',
  Hunan: 'South Central',
  Guangxi: 'Southwest',
  Chongqing: 'Southwest',
  Sichuan: 'Southwest',
  Guizhou: 'Southwest',
  Yunnan: 'Southwest',
  'Inner Mongolia': 'Northwest',
  Shaanxi: 'Northwest',
  Gansu: 'Northwest',
  Qinghai: 'Northwest',
  Ningxia: 'Northwest',
  Xinjiang: 'Northwest',
  Tibet: 'Northwest',
};

/** Park–Miller style LCG: deterministic, good enough for test input. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 48271) >>> 0) % 2147483647;
    return s / 2147483647;
  };
}

const rv = (regions: readonly string[], unit: string, values: Float64Array): RegionVector => ({
  regions,
  unit,
  values,
});
const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);

function interval(unit: string, central: number, spread = 0.3): Interval {
  return {
    unit,
    mean: central * 1.01,
    median: central,
    p025: central * (1 - spread),
    p975: central * (1 + spread),
  };
}

function regionInterval(regions: readonly string[], unit: string, central: Float64Array, spread = 0.3) {
  const r: RegionInterval = {
    regions,
    unit,
    mean: central.map((v) => v * 1.01),
    median: central,
    p025: central.map((v) => v * (1 - spread)),
    p975: central.map((v) => v * (1 + spread)),
  };
  return r;
}

function matrix(G: number, f: (i: number, j: number) => number): Matrix {
  const data = new Float64Array(G * G);
  for (let i = 0; i < G; i++) for (let j = 0; j < G; j++) data[i * G + j] = f(i, j);
  return { rows: G, cols: G, data };
}

function rowSums(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[i] += m.data[i * m.cols + j];
  return out;
}
function colSums(m: Matrix): Float64Array {
  const out = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j] += m.data[i * m.cols + j];
  return out;
}

function topFlows(regions: readonly string[], m: Matrix, n: number): FlowRank[] {
  const total = sum(m.data);
  const all: FlowRank[] = [];
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++)
      if (i !== j) {
        const value = m.data[i * m.cols + j];
        all.push({ from: regions[i], to: regions[j], value, share: value / total });
      }
  return all.sort((a, b) => b.value - a.value).slice(0, n);
}

/** Population-weighted Lorenz points and Gini (paper eq. 11) of a per-capita distribution. */
function lorenzGini(regions: readonly string[], pop: Float64Array, perCapita: Float64Array) {
  const order = [...regions.keys()].sort((a, b) => perCapita[a] - perCapita[b]);
  const P = sum(pop);
  const total = order.reduce((s, i) => s + pop[i] * perCapita[i], 0);
  let cumP = 0;
  let cumY = 0;
  let giniTerm = 0;
  const lorenz: { populationShare: number; valueShare: number; region?: string }[] = [
    { populationShare: 0, valueShare: 0 },
  ];
  for (const i of order) {
    const p = pop[i] / P;
    const y = (pop[i] * perCapita[i]) / total;
    cumP += p;
    cumY += y;
    // Gini = 1 − Σ p_i (T_{i−1} + T_i)
    giniTerm += p * (2 * cumY - y);
    lorenz.push({ populationShare: cumP, valueShare: cumY, region: regions[i] });
  }
  return { lorenz, gini: 1 - giniTerm };
}

export function syntheticRunResult(opts: { demonstration?: boolean } = {}): RunResult {
  const rand = rng(20170101);
  const csv = readFileSync(
    new URL('../../data/sources/china-2017-provincial/province_summary_2017.csv', import.meta.url),
    'utf8',
  )
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const regions = csv.map((c) => c[1]);
  const G = regions.length;
  const codes = csv.map((c) => c[0]);
  const local = csv.map((c) => c[2]);
  const popValues = new Float64Array(csv.map((c) => Number(c[4]) * 1e4));
  const pm = new Float64Array(csv.map((c) => Number(c[5])));
  const gdp = new Float64Array(csv.map((c) => Number(c[8]) * 1e8));
  const zoneOfRegion = regions.map((r) => ZONE[r]);
  const zones = [...new Set(zoneOfRegion)];
  const population = rv(regions, 'persons', popValues);
  const currency = { code: 'CNY', priceYear: 2017, label: 'CNY (2017 prices)' };

  const indicators: [string, string, string, IndicatorRegionAccounts['kind'], Float64Array][] = [
    ['social_income', 'Social income', 'CNY', 'income', gdp.map((v) => v * 0.85)],
    ['employment', 'Employment', 'persons', 'employment', popValues.map((v) => v * (0.45 + 0.2 * rand()))],
  ];
  const valueChain: IndicatorRegionAccounts[] = indicators.map(
    ([indicator, label, unit, kind, production]) => {
      const part = (lo: number, hi: number) => production.map((v) => v * (lo + (hi - lo) * rand()));
      const importsEmbodied = part(0.01, 0.03);
      const finalExports = part(0.08, 0.2);
      const intermediateExports = part(0.1, 0.25);
      const tradeRelated = importsEmbodied.map((v, i) => v + finalExports[i] + intermediateExports[i]);
      const intraRegional = production.map((v, i) => v - tradeRelated[i]);
      const tr = sum(tradeRelated);
      const prod = sum(production);
      return {
        indicator,
        label,
        unit,
        kind,
        regions,
        production,
        intraRegional,
        importsEmbodied,
        finalExports,
        intermediateExports,
        tradeRelated,
        consumption: production.map((v) => v * (0.8 + 0.4 * rand())),
        exLocal: finalExports.map((v, i) => v + intermediateExports[i]),
        feUpstream: part(0.05, 0.15),
        direct: new Float64Array(G),
        national: { production: prod, direct: 0, total: prod, tradeRelated: tr, tradeShare: tr / prod },
      };
    },
  );

  const precursors: Precursor[] = ['SO2', 'NOx', 'NH3', 'VOC', 'PPM'];
  const emissions: PrecursorCounterfactual[] = precursors.map((p) => {
    const baseline = popValues.map((v) => v * (0.002 + 0.006 * rand()));
    const tradeRelated = baseline.map((v) => v * (0.25 + 0.2 * rand()));
    const counterfactual = baseline.map((v, i) => v - tradeRelated[i]);
    return {
      precursor: p,
      indicator: p,
      unit: 't',
      baseline: rv(regions, 't', baseline),
      tradeRelated: rv(regions, 't', tradeRelated),
      counterfactual: rv(regions, 't', counterfactual),
      ratio: rv(
        regions,
        '1',
        counterfactual.map((v, i) => v / baseline[i]),
      ),
      nationalTradeShare: sum(tradeRelated) / sum(baseline),
    };
  });

  const dC = pm.map((v) => v * (0.15 + 0.2 * rand()));
  const concentrations: RunResult['concentrations'] = {
    unit: 'µg/m³',
    baseline: rv(regions, 'µg/m³', pm),
    counterfactual: rv(
      regions,
      'µg/m³',
      pm.map((v, i) => v - dC[i]),
    ),
    tradeRelated: rv(regions, 'µg/m³', dC),
    observed: rv(regions, 'µg/m³', pm),
  };

  const vsl = 2.5e6;
  const damage: ThresholdDamage[] = [5, 10, 15].map((threshold) => {
    const deaths = dC.map((c, i) => (popValues[i] * 7e-3 * 0.012 * Math.max(0, c - threshold / 5)) / 3);
    const cases = deaths.map((d) => d * 55);
    const money = deaths.map((d) => d * vsl);
    const nd = sum(deaths);
    return {
      threshold,
      deaths: regionInterval(regions, 'persons', deaths),
      cases: regionInterval(regions, 'cases', cases, 0.4),
      money: regionInterval(regions, currency.code, money, 0.5),
      byEndpoint: [
        {
          endpoint: 'IHD',
          unit: 'persons',
          values: rv(
            regions,
            'persons',
            deaths.map((d) => d * 0.4),
          ),
        },
        {
          endpoint: 'stroke',
          unit: 'persons',
          values: rv(
            regions,
            'persons',
            deaths.map((d) => d * 0.6),
          ),
        },
      ],
      national: {
        deaths: interval('persons', nd),
        cases: interval('cases', sum(cases), 0.4),
        money: interval(currency.code, sum(money), 0.5),
      },
      baselineBurden: {
        deaths: interval('persons', nd / 0.35),
        cases: interval('cases', sum(cases) / 0.36, 0.4),
        money: interval(currency.code, sum(money) / 0.35, 0.5),
      },
      tradeShare: { deaths: 0.35, cases: 0.36, money: 0.35 },
      proportional: {
        deaths: interval('persons', nd / 0.35 / 2),
        cases: interval('cases', sum(cases) / 0.36 / 2, 0.4),
        money: interval(currency.code, sum(money) / 0.35 / 2, 0.5),
        share: { deaths: 0.5, cases: 0.5, money: 0.5 },
      },
      baselineBurdenByRegion: {
        deaths: regionInterval(
          regions,
          'persons',
          deaths.map((d, i) => d / (0.2 + (0.3 * ((i * 7) % 11)) / 10)),
        ),
        cases: regionInterval(
          regions,
          'cases',
          cases.map((d) => d / 0.36),
        ),
        money: regionInterval(
          regions,
          currency.code,
          money.map((d, i) => d / (0.2 + (0.3 * ((i * 7) % 11)) / 10)),
        ),
      },
    };
  });

  const headline = damage[1];
  const money10 = headline.money.mean;
  // Source→receptor damage: a share stays local, the rest decays with index distance (a proxy
  // for geography that keeps neighbours in the MRIO order close).
  const kernel = matrix(G, (i, j) => (i === j ? 3 : 1 / (1 + Math.abs(i - j)) ** 2) * (0.5 + rand()));
  const kCol = colSums(kernel);
  const sourceReceptor: FlowMatrix = {
    regions,
    unit: currency.code,
    rowsAre: 'emitting (source) province',
    colsAre: 'receptor province',
    values: matrix(G, (i, j) => (kernel.data[i * G + j] / kCol[j]) * money10[j]),
  };
  const triggered = rowSums(sourceReceptor.values);
  const suffered = colSums(sourceReceptor.values);
  const diag = new Float64Array(G).map((_, i) => sourceReceptor.values.data[i * G + i]);
  const exported = triggered.map((v, i) => v - diag[i]);
  const sufferMore = regions.filter((_, i) => suffered[i] > triggered[i]);
  const attribution: RunResult['attribution'] = {
    threshold: 10,
    unit: currency.code,
    sourceReceptor,
    triggered: regionInterval(regions, currency.code, triggered, 0.5),
    suffered: regionInterval(regions, currency.code, suffered, 0.5),
    triggeredDeaths: rv(
      regions,
      'persons',
      triggered.map((v) => v / vsl),
    ),
    sufferedDeaths: rv(
      regions,
      'persons',
      suffered.map((v) => v / vsl),
    ),
    triggeredOneAtATime: rv(
      regions,
      currency.code,
      triggered.map((v) => v * 0.93),
    ),
    oneAtATimeSum: sum(triggered) * 0.93,
    allSource: sum(triggered),
    local: rv(regions, currency.code, diag),
    exported: rv(regions, currency.code, exported),
    imported: rv(
      regions,
      currency.code,
      suffered.map((v, i) => v - diag[i]),
    ),
    redistributedShare: sum(exported) / sum(triggered),
    sufferMore: {
      regions: sufferMore,
      regionShare: sufferMore.length / G,
      populationShare: sum(popValues.filter((_, i) => suffered[i] > triggered[i])) / sum(popValues),
    },
  };

  const flowOf = (indicator: string, label: string, unit: string, scale: number): PairwiseFlows => {
    const m = matrix(G, (i, j) => (i === j ? 0 : scale * rand() ** 4 * Math.sqrt(gdp[i] * gdp[j]) * 1e-12));
    const total = sum(m.data);
    const fm = (values: Matrix, u: string): FlowMatrix => ({
      regions,
      unit: u,
      rowsAre: 'exporting province s',
      colsAre: 'importing province r',
      values,
    });
    const isDamage = indicator.startsWith('damage');
    return {
      indicator,
      label,
      matrix: fm(m, unit),
      normalised: fm({ rows: G, cols: G, data: m.data.map((v) => v / total) }, '1'),
      top: topFlows(regions, m, 20).map((t) =>
        isDamage ? { ...t, p025: t.value * 0.78, p975: t.value * 1.3 } : t,
      ),
      total,
      ...(indicator === 'damage' ? { rawSum: total * 1.04 } : {}),
      ...(isDamage ? { intervalMethod: '200 synthetic draws' } : {}),
    };
  };
  const pairwise = [
    flowOf('damage', 'Health damage', currency.code, 2e6),
    flowOf('damage_linear', 'Health damage (additive per tonne)', currency.code, 2.6e6),
    flowOf('employment', 'Employment', 'persons', 1e3),
    flowOf('social_income', 'Social income', currency.code, 1e8),
  ];

  const perCapitaOf = (variable: string, label: string, unit: string, values: Float64Array) => {
    const { lorenz, gini } = lorenzGini(regions, popValues, values);
    const m: InequalityMeasures = {
      variable,
      label,
      unit,
      perCapita: rv(regions, unit, values),
      gini,
      cv: 0.3 + 0.3 * rand(),
      cvWeighting: 'unweighted',
      lorenz,
      topRatio: { ratio: 2 + rand(), regions: ['Beijing', 'Shanghai', 'Tianjin'], populationShare: 0.05 },
      concentrationIndex: 0.1 * rand(),
      theil: {
        total: 0.1,
        between: 0.06,
        within: 0.04,
        byZone: zones.map((zone) => ({ zone, theil: 0.05 * rand(), contribution: 0.01 * rand() })),
      },
    };
    return m;
  };
  const incomeTrade = valueChain[0].tradeRelated.map((v, i) => v / popValues[i]);
  const jobsTrade = valueChain[1].tradeRelated.map((v, i) => (1000 * v) / popValues[i]);
  const mismatch: RunResult['mismatch'] = {
    measures: [
      perCapitaOf(
        'social_income_trade_per_capita',
        'Social income from trade',
        'CNY per person',
        incomeTrade,
      ),
      perCapitaOf('employment_trade_per_capita', 'Employment from trade', 'jobs per 1000 persons', jobsTrade),
      perCapitaOf(
        'damage_triggered_per_capita',
        'Health damage triggered',
        'CNY per person',
        triggered.map((v, i) => v / popValues[i]),
      ),
      perCapitaOf(
        'damage_suffered_per_capita',
        'Health damage suffered',
        'CNY per person',
        suffered.map((v, i) => v / popValues[i]),
      ),
    ],
    zones: zones.map((zone) => {
      const idx = regions.map((_, i) => i).filter((i) => zoneOfRegion[i] === zone);
      const pop = idx.reduce((s, i) => s + popValues[i], 0);
      return {
        zone,
        regions: idx.map((i) => regions[i]),
        population: pop,
        shares: {
          social_income:
            idx.reduce((s, i) => s + incomeTrade[i] * popValues[i], 0) /
            sum(incomeTrade.map((v, i) => v * popValues[i])),
        },
        perCapita: { social_income: idx.reduce((s, i) => s + incomeTrade[i] * popValues[i], 0) / pop },
        units: { social_income: 'CNY per person' },
      };
    }),
    damagePerWelfare: [
      {
        variable: 'damage_per_income',
        unit: 'CNY damage per CNY income',
        values: rv(
          regions,
          'CNY/CNY',
          triggered.map((v, i) => v / valueChain[0].tradeRelated[i]),
        ),
      },
    ],
  };

  const roles: ProductRole[] = ['final', 'resource_energy_intermediate', 'other_intermediate'];
  const shareOf = (indicator: string, unit: string, base: Float64Array): RoleShares => {
    const w = regions.map(() => {
      const a = rand() + 0.2;
      const b = rand() + 0.2;
      const c = rand() + 0.2;
      const t = a + b + c;
      return [a / t, b / t, c / t];
    });
    const byRegion = Object.fromEntries(
      roles.map((role, k) => [role, base.map((v, i) => v * w[i][k])]),
    ) as Record<ProductRole, Float64Array>;
    const national = Object.fromEntries(roles.map((role) => [role, sum(byRegion[role])])) as Record<
      ProductRole,
      number
    >;
    const tot = sum(base);
    return {
      indicator,
      unit,
      roles,
      byRegion,
      national,
      nationalShare: Object.fromEntries(roles.map((r) => [r, national[r] / tot])) as Record<
        ProductRole,
        number
      >,
    };
  };
  const topImporters: ImporterSplit[] = ['Shanxi', 'Shandong', 'Hebei', 'Henan'].map((exporter) => ({
    exporter,
    importers: regions
      .filter((r) => r !== exporter)
      .slice(0, 6)
      .flatMap((importer) =>
        [
          ['social_income', 'CNY'],
          ['employment', 'persons'],
          ['damage', 'CNY'],
        ].map(([indicator, unit]) => {
          const l = 1e6 * (1 + 10 * rand());
          const u = 1e6 * (1 + 5 * rand());
          return { importer, indicator, unit, local: l, upstream: u, localShare: l / (l + u) };
        }),
      ),
  }));

  const transfers: FlowMatrix = {
    regions,
    unit: currency.code,
    rowsAre: 'paying province r (final demand)',
    colsAre: 'receiving province i (damage suffered)',
    values: matrix(G, (i, j) => (i === j ? 0 : 1e7 * rand() ** 3 * (gdp[i] / 1e12))),
  };
  const paid = rowSums(transfers.values);
  const received = colSums(transfers.values);
  const net = received.map((v, i) => v - paid[i]);
  const before = incomeTrade.map((v, i) => v - suffered[i] / popValues[i]);
  const after = before.map((v, i) => v + net[i] / popValues[i]);

  const sectors = ['Agriculture', 'Coal mining', 'Manufacturing', 'Services'];
  const sectorRoleClass: SectorRoleClass[] = ['resource_energy', 'resource_energy', 'other', 'other'];
  const demo = opts.demonstration ?? true;
  return {
    provenance: {
      schemaVersion: 1,
      toolVersion: '0.1.0',
      createdAt: '2026-11-28T12:00:00.000Z',
      dataset: {
        id: demo ? 'china-2017-demo' : 'synthetic-test',
        title: demo ? 'China 2017, 31 provinces (demonstration)' : 'Synthetic test dataset',
        isDemonstration: demo,
        note: 'Synthetic RunResult built by test/report/syntheticRunResult.ts for the report tests.',
        sources: ['NBS China Statistical Yearbook 2018 (populations)', 'MEE city PM2.5 2017'],
      },
      airModel: {
        id: 'standin-ersm',
        description: 'Reduced-form stand-in surface (source–receptor by distance and wind)',
        isStandIn: true,
      },
      healthModel: {
        id: 'gbd-ier-2017',
        description: 'GBD 2017 integrated exposure–response, 1000 joint draws',
      },
      inputs: [{ role: 'dataset', path: 'embedded:china-2017-demo', sha256: 'abc123' }],
      monteCarlo: { draws: 200, seed: 42 },
      timings: { decomposition: 0.41, air: 1.2, health: 0.8, attribution: 0.3, flows: 2.1 },
      warnings: ['synthetic warning: gross output differs from row sums by 1e-9 in 2 sectors'],
      identities: [
        { name: 'four parts = f_s x_s', indicator: 'social_income', maxRelativeResidual: 3e-15 },
        { name: 'Shapley sum = all-source', indicator: 'damage', maxRelativeResidual: 2e-13 },
      ],
    },
    labels: {
      regions,
      regionCodes: codes,
      regionNamesLocal: local,
      zoneOfRegion,
      zones,
      sectors,
      sectorRoleClass,
      precursors,
      currency,
      endpoints: [
        { id: 'IHD', label: 'Ischaemic heart disease', kind: 'mortality' },
        { id: 'stroke', label: 'Stroke', kind: 'mortality' },
      ],
    },
    conventions: {
      thresholds: [5, 10, 15],
      headlineThreshold: 10,
      counterfactual: "remove each region's trade-related emissions (parts 2+3+4), keep the rest",
      attribution: 'Shapley share of ΔC per receptor, damage in proportion',
      pairwiseFlows: 'per-flow removal, normalised to the total',
      compensation: 'beneficiary pays, r ≠ i',
      topShare: { fraction: 0.1, by: 'count' },
      concentrationIndexRank: 'per-capita social income',
      tradeAttribution: 'counterfactual (difference of burdens) and proportional (burden × ΔC/C)',
      cv: { weighting: 'unweighted', definition: 'σ/μ over provinces, each once' },
      emissionShares: 'trade-related / (production + direct)',
      intervals: 'mean over the draws, median, 2.5 and 97.5 percentiles',
      vsl: 'VSL 2.5 million CNY, mean of its distribution',
      notes: ['international exports kept as local final demand'],
    },
    population,
    gdpPerCapita: rv(
      regions,
      'CNY per person',
      gdp.map((g, i) => g / popValues[i]),
    ),
    valueChain,
    emissions,
    concentrations,
    damage,
    attribution,
    pairwise,
    mismatch,
    roles: {
      shares: [
        shareOf('social_income', 'CNY', valueChain[0].tradeRelated),
        shareOf('employment', 'persons', valueChain[1].tradeRelated),
        shareOf('damage', 'CNY', triggered),
      ],
      topImporters,
    },
    compensation: {
      unit: currency.code,
      transfers,
      paid: rv(regions, currency.code, paid),
      received: rv(regions, currency.code, received),
      net: rv(regions, currency.code, net),
      netSum: sum(net),
      welfareNetOfDamage: {
        unit: 'CNY per person',
        before: rv(regions, 'CNY per person', before),
        after: rv(regions, 'CNY per person', after),
        giniBefore: lorenzGini(regions, popValues, before).gini,
        giniAfter: lorenzGini(regions, popValues, after).gini,
        giniContributions: rv(
          regions,
          'Gini (0–1)',
          giniTransferContributions(
            {
              totals: rv(
                regions,
                currency.code,
                before.map((v, i) => v * popValues[i]),
              ),
              population: rv(regions, 'persons', popValues),
            },
            rv(regions, currency.code, net),
          ),
        ),
      },
    },
    headline: [
      {
        id: 'trade_share_deaths',
        label: 'Trade share of PM2.5 deaths',
        definition: '§3.1, Fig. 1c',
        paper: 35.2,
        run: 100 * headline.tradeShare.deaths,
        unit: '%',
      },
      {
        id: 'redistributed',
        label: 'Damage redistributed by the atmosphere',
        definition: '§3.2',
        paper: 53.0,
        run: 100 * attribution.redistributedShare,
        unit: '%',
      },
      {
        id: 'gini_income',
        label: 'Gini, social income per capita',
        definition: '§3.2',
        paper: 0.38,
        run: null,
        unit: 'ratio',
      },
    ],
  };
}
