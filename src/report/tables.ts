import type { NotComputed, RegionInterval, RunResult } from '../analysis/runResult.ts';
import type { Matrix } from '../linalg/matrix.ts';
import { oneMoneyUnit } from './moneyColumns.ts';
import type { Cell, ReportColumn, ReportTable } from './table.ts';

/** Human names of the value-chain parts (METHODS §2–3), keyed by IndicatorRegionAccounts field. */
const VALUE_CHAIN_PARTS = [
  ['production', 'production-based account f_s x_s'],
  ['intraRegional', 'part 1: intra-regional'],
  ['importsEmbodied', 'part 2: embodied in imports'],
  ['finalExports', 'part 3: final-goods exports'],
  ['intermediateExports', 'part 4: intermediate exports'],
  ['tradeRelated', 'trade-related (parts 2+3+4)'],
  ['consumption', 'consumption-based account'],
  ['exLocal', 'EX_s: local content of exports'],
  ['feUpstream', 'FE_s: upstream content of exports'],
  ['direct', 'final users’ direct amounts'],
] as const;

const col = (key: string, unit?: string, description?: string): ReportColumn => ({ key, unit, description });

function longMatrix(regions: readonly string[], m: Matrix, skipZero: boolean): [string, string, number][] {
  const out: [string, string, number][] = [];
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) {
      const v = m.data[i * m.cols + j];
      if (skipZero && v === 0) continue;
      out.push([regions[i], regions[j], v]);
    }
  return out;
}

/** Why a row has blank cells: the reasons its blocks declare (RunResult `notComputed`), or null. */
function noteOf(...holders: readonly ({ readonly notComputed?: NotComputed } | undefined)[]): string | null {
  const reasons = new Set<string>();
  for (const h of holders)
    if (h?.notComputed) for (const why of Object.values(h.notComputed)) reasons.add(why);
  return reasons.size > 0 ? [...reasons].join('; ') : null;
}

/** The `note` column of tables whose rows may hold a value that cannot be computed. */
const NOTE = col('note', undefined, 'why a cell of this row is blank (a value that cannot be computed)');

function intervalCells(x: RegionInterval, i: number): (number | null)[] {
  return [x.mean[i], x.median?.[i] ?? null, x.p025[i], x.p975[i]];
}

/** The columns of an uncertain quantity (RunConventions.intervals): no separate mean-parameter run. */
const intervalColumns = (prefix = '', unit?: string): ReportColumn[] => [
  col(`${prefix}mean`, unit, 'mean over the Monte Carlo draws (the point value)'),
  col(`${prefix}median`, unit, 'median of the draws'),
  col(`${prefix}p025`, unit, '2.5 percentile of the draws'),
  col(`${prefix}p975`, unit, '97.5 percentile of the draws'),
];

/** Every table of a run, in report order. Values are the RunResult's, unrounded. */
export function buildTables(r: RunResult): ReportTable[] {
  return oneMoneyUnit(
    [
      ...accountTables(r),
      ...damageTables(r),
      ...flowTables(r),
      ...inequalityTables(r),
      ...roleTables(r),
      ...compensationTables(r),
      ...runTables(r),
    ],
    r.labels.currency,
  );
}

/** Regions, value-chain accounts and emissions. */
function accountTables(r: RunResult): ReportTable[] {
  const L = r.labels;
  const G = r.labels.regions.length;
  const c = r.concentrations;
  const tables: ReportTable[] = [];
  tables.push({
    id: 'regions',
    title: 'Regions, population and PM2.5',
    description:
      'One row per region: zone, population, population-weighted annual-mean PM2.5 of the baseline, of the trade counterfactual, and their difference (the trade-related concentration).',
    columns: [
      col('region'),
      col('code', undefined, 'GB/T 2260'),
      col('name_local'),
      col('zone'),
      col('population', r.population.unit),
      col('pm25_baseline', c.unit),
      col('pm25_counterfactual', c.unit),
      col('pm25_trade_related', c.unit),
      col('pm25_observed', c.unit),
    ],
    rows: L.regions.map((name, i) => [
      name,
      L.regionCodes[i] ?? null,
      L.regionNamesLocal[i] ?? null,
      L.zoneOfRegion[i],
      r.population.values[i],
      c.baseline.values[i],
      c.counterfactual.values[i],
      c.tradeRelated.values[i],
      c.observed ? c.observed.values[i] : null,
    ]),
  });

  const vcRows: Cell[][] = [];
  for (const a of r.valueChain)
    for (const [field, part] of VALUE_CHAIN_PARTS)
      for (let i = 0; i < G; i++) vcRows.push([a.indicator, a.regions[i], field, part, a[field][i], a.unit]);
  tables.push({
    id: 'value_chain',
    title: 'Value-chain accounts by region (METHODS §2–3)',
    description:
      'Long format: indicator × region × account part. Parts 1–4 add up to the production-based account; trade-related = parts 2+3+4.',
    columns: [col('indicator'), col('region'), col('part'), col('part_label'), col('value'), col('unit')],
    rows: vcRows,
  });
  tables.push({
    id: 'value_chain_national',
    title: 'Value-chain accounts, national totals',
    description: `National totals: production-based account, final users' direct amounts (households' own emissions; 0 for income and jobs), total = production + direct, trade-related (parts 2+3+4) and trade share = trade_related / total. ${r.conventions.emissionShares}`,
    columns: [
      col('indicator'),
      col('label'),
      col('production', undefined, 'production-based account, Σ_s f_s x_s'),
      col('direct', undefined, "final users' direct amounts (households' own emissions)"),
      col('total', undefined, 'production + direct: the denominator of trade_share'),
      col('trade_related', undefined, 'parts 2+3+4: the numerator of trade_share'),
      col('trade_share', '1', 'trade_related / total'),
      col('unit'),
      NOTE,
    ],
    rows: r.valueChain.map((a) => [
      a.indicator,
      a.label,
      a.national.production,
      a.national.direct,
      a.national.total,
      a.national.tradeRelated,
      a.national.tradeShare,
      a.unit,
      noteOf(a.national),
    ]),
  });

  const emRows: Cell[][] = [];
  for (const e of r.emissions)
    for (let i = 0; i < G; i++)
      emRows.push([
        e.precursor,
        e.baseline.regions[i],
        e.baseline.values[i],
        e.tradeRelated.values[i],
        e.counterfactual.values[i],
        e.ratio.values[i],
        e.unit,
      ]);
  tables.push({
    id: 'emissions',
    title: 'Precursor emissions and the trade counterfactual',
    description:
      'Per precursor and region: baseline (production + direct), trade-related part, counterfactual and ratio e = counterfactual / baseline.',
    columns: [
      col('precursor'),
      col('region'),
      col('baseline'),
      col('trade_related'),
      col('counterfactual'),
      col('ratio', '1'),
      col('unit'),
    ],
    rows: emRows,
  });
  return tables;
}

/** Health damage, its attribution and the source–receptor matrix. */
function damageTables(r: RunResult): ReportTable[] {
  const L = r.labels;
  const G = r.labels.regions.length;
  const money = r.labels.currency.label;
  const tables: ReportTable[] = [];
  const dRows: Cell[][] = [];
  for (const d of r.damage)
    for (const [q, x] of [
      ['deaths', d.deaths],
      ['cases', d.cases],
      ['money', d.money],
    ] as const)
      for (let i = 0; i < G; i++) dRows.push([d.threshold, x.regions[i], q, ...intervalCells(x, i), x.unit]);
  tables.push({
    id: 'damage',
    title: 'Trade-related health damage suffered, by threshold and region',
    description: `Burden(baseline) − burden(counterfactual) per receptor region: mean, median and 2.5/97.5 percentiles over ${r.provenance.monteCarlo.draws} Monte Carlo draws (seed ${r.provenance.monteCarlo.seed}); the mean is the point value. Money in ${money}.`,
    columns: [col('threshold', 'µg/m³'), col('region'), col('quantity'), ...intervalColumns(), col('unit')],
    rows: dRows,
  });

  const dnRows: Cell[][] = [];
  for (const d of r.damage)
    for (const q of ['deaths', 'cases', 'money'] as const) {
      const t = d.national[q];
      const b = d.baselineBurden[q];
      const pr = d.proportional[q];
      dnRows.push([
        d.threshold,
        q,
        t.mean,
        t.median ?? null,
        t.p025,
        t.p975,
        b.mean,
        b.p025,
        b.p975,
        d.tradeShare[q],
        pr.mean,
        pr.p025,
        pr.p975,
        d.proportional.share[q],
        t.unit,
        noteOf(d.tradeShare, d.proportional.share),
      ]);
    }
  tables.push({
    id: 'damage_national',
    title: 'Trade-related and total health burden, national',
    description: `National trade-related damage (counterfactual attribution: burden(C_base) − burden(C_cf)), the total burden of the baseline and the trade share of it, and the proportional attribution (each province's burden × ΔC/C_base), per threshold; mean, median and 2.5/97.5 percentiles over the Monte Carlo draws. ${r.conventions.tradeAttribution}`,
    columns: [
      col('threshold', 'µg/m³'),
      col('quantity'),
      ...intervalColumns('trade_'),
      col(
        'burden_mean',
        undefined,
        'baseline burden (against 0 µg/m³ with the threshold), mean over the draws',
      ),
      col('burden_p025'),
      col('burden_p975'),
      col('trade_share', '1', 'trade_mean / burden_mean (counterfactual attribution)'),
      col('proportional_mean', undefined, 'Σ_i burden_i × ΔC_i / C_base,i, mean over the draws'),
      col('proportional_p025'),
      col('proportional_p975'),
      col('proportional_share', '1', 'proportional_mean / burden_mean'),
      col('unit'),
      NOTE,
    ],
    rows: dnRows,
  });

  const epRows: Cell[][] = [];
  for (const d of r.damage)
    for (const ep of d.byEndpoint)
      for (let i = 0; i < G; i++)
        epRows.push([d.threshold, ep.endpoint, ep.values.regions[i], ep.values.values[i], ep.unit]);
  tables.push({
    id: 'damage_by_endpoint',
    title: 'Trade-related damage by health endpoint (mean over the draws)',
    description: 'Mean over the Monte Carlo draws per endpoint, threshold and receptor region.',
    columns: [col('threshold', 'µg/m³'), col('endpoint'), col('region'), col('value'), col('unit')],
    rows: epRows,
  });

  const a = r.attribution;
  tables.push({
    id: 'attribution',
    title: `Damage triggered vs suffered (threshold ${a.threshold} µg/m³)`,
    description: `Triggered = damage anywhere caused by the region's trade-related emissions (Shapley attribution); suffered = damage occurring in the region. ${r.conventions.attribution}`,
    columns: [
      col('region'),
      col('triggered_mean', a.unit),
      col('triggered_p025', a.unit),
      col('triggered_p975', a.unit),
      col('suffered_mean', a.unit),
      col('suffered_p025', a.unit),
      col('suffered_p975', a.unit),
      col('triggered_deaths', a.triggeredDeaths.unit),
      col('suffered_deaths', a.sufferedDeaths.unit),
      col('triggered_one_at_a_time', a.triggeredOneAtATime.unit),
      col('local', a.local.unit),
      col('exported', a.exported.unit),
      col('imported', a.imported.unit),
    ],
    rows: L.regions.map((name, i) => [
      name,
      a.triggered.mean[i],
      a.triggered.p025[i],
      a.triggered.p975[i],
      a.suffered.mean[i],
      a.suffered.p025[i],
      a.suffered.p975[i],
      a.triggeredDeaths.values[i],
      a.sufferedDeaths.values[i],
      a.triggeredOneAtATime.values[i],
      a.local.values[i],
      a.exported.values[i],
      a.imported.values[i],
    ]),
  });
  tables.push({
    id: 'source_receptor',
    title: 'Source → receptor damage matrix',
    description: `Long format of the G×G matrix: rows are ${a.sourceReceptor.rowsAre}, columns ${a.sourceReceptor.colsAre}.`,
    columns: [col('source'), col('receptor'), col('value', a.sourceReceptor.unit)],
    rows: longMatrix(a.sourceReceptor.regions, a.sourceReceptor.values, false),
  });
  return tables;
}

/** Pairwise export flows. */
function flowTables(r: RunResult): ReportTable[] {
  const tables: ReportTable[] = [];
  const pwRows: Cell[][] = [];
  const topRows: Cell[][] = [];
  for (const p of r.pairwise) {
    const norm = p.normalised.values;
    for (let i = 0; i < p.matrix.values.rows; i++)
      for (let j = 0; j < p.matrix.values.cols; j++) {
        const v = p.matrix.values.data[i * p.matrix.values.cols + j];
        if (v === 0) continue;
        pwRows.push([
          p.indicator,
          p.matrix.regions[i],
          p.matrix.regions[j],
          v,
          p.matrix.unit,
          norm.data[i * norm.cols + j],
        ]);
      }
    p.top.forEach((t, k) => {
      topRows.push([
        p.indicator,
        k + 1,
        t.from,
        t.to,
        t.value,
        t.p025 ?? null,
        t.p975 ?? null,
        p.matrix.unit,
        t.share,
      ]);
    });
  }
  tables.push({
    id: 'pairwise_flows',
    title: 'Pairwise export flows s → r',
    description: `Nonzero entries of each flow matrix (${r.conventions.pairwiseFlows}); share = entry / matrix total.`,
    columns: [col('indicator'), col('from'), col('to'), col('value'), col('unit'), col('share', '1')],
    rows: pwRows,
  });
  tables.push({
    id: 'top_flows',
    title: 'Top flows per indicator',
    description:
      'Largest pairwise flows, ranked; p025/p975 = 95 % interval over the Monte Carlo draws (damage flows only, see intervalMethod in result.json).',
    columns: [
      col('indicator'),
      col('rank'),
      col('from'),
      col('to'),
      col('value'),
      col('p025'),
      col('p975'),
      col('unit'),
      col('share', '1'),
    ],
    rows: topRows,
  });
  return tables;
}

/** Inequality, zones and damage per welfare. */
function inequalityTables(r: RunResult): ReportTable[] {
  const tables: ReportTable[] = [];
  const m = r.mismatch;
  tables.push({
    id: 'inequality',
    title: 'Inequality of per-capita distributions',
    description: `Population-weighted Gini (paper eq. 11), CV (${r.conventions.cv.weighting}: ${r.conventions.cv.definition}), top-${100 * r.conventions.topShare.fraction} % ratio (by ${r.conventions.topShare.by}), concentration index ranked by ${r.conventions.concentrationIndexRank}, Theil decomposition by zone.`,
    columns: [
      col('variable'),
      col('label'),
      col('per_capita_unit'),
      col('gini', '1'),
      col('cv', '1', 'coefficient of variation σ/μ, weighted as cv_weighting says'),
      col('cv_weighting', undefined, "'unweighted' (the paper's) or 'population-weighted'"),
      col('top_ratio', '1'),
      col('top_regions'),
      col('top_population_share', '1'),
      col('concentration_index', '1'),
      col('theil_total', '1'),
      col('theil_between', '1'),
      col('theil_within', '1'),
      NOTE,
    ],
    rows: m.measures.map((x) => [
      x.variable,
      x.label,
      x.unit,
      x.gini,
      x.cv,
      x.cvWeighting,
      x.topRatio.ratio,
      x.topRatio.regions.join('; '),
      x.topRatio.populationShare,
      x.concentrationIndex,
      x.theil.total,
      x.theil.between,
      x.theil.within,
      noteOf(x, x.topRatio, x.theil),
    ]),
  });
  const pcRows: Cell[][] = [];
  const lzRows: Cell[][] = [];
  const thRows: Cell[][] = [];
  for (const x of m.measures) {
    for (let i = 0; i < x.perCapita.regions.length; i++)
      pcRows.push([x.variable, x.perCapita.regions[i], x.perCapita.values[i], x.unit]);
    x.lorenz.forEach((p, k) => {
      lzRows.push([x.variable, k, p.region ?? null, p.populationShare, p.valueShare]);
    });
    for (const z of x.theil.byZone) thRows.push([x.variable, z.zone, z.theil, z.contribution, noteOf(z)]);
  }
  tables.push({
    id: 'per_capita',
    title: 'Per-capita values by region',
    description: 'The distributions behind the inequality measures.',
    columns: [col('variable'), col('region'), col('value'), col('unit')],
    rows: pcRows,
  });
  tables.push({
    id: 'lorenz',
    title: 'Lorenz curve points',
    description:
      'Cumulative population share and value share, regions sorted by per-capita value; point 0 is the origin.',
    columns: [
      col('variable'),
      col('point'),
      col('region'),
      col('population_share', '1'),
      col('value_share', '1'),
    ],
    rows: lzRows,
  });
  tables.push({
    id: 'theil_by_zone',
    title: 'Theil index by zone',
    description: 'Within-zone Theil index and the zone’s contribution to the total.',
    columns: [col('variable'), col('zone'), col('theil', '1'), col('contribution', '1'), NOTE],
    rows: thRows,
  });
  const zRows: Cell[][] = [];
  for (const z of m.zones)
    for (const key of Object.keys(z.shares))
      zRows.push([
        z.zone,
        z.regions.join('; '),
        z.population,
        key,
        z.shares[key],
        z.perCapita[key] ?? null,
        z.units[key] ?? null,
      ]);
  tables.push({
    id: 'zones',
    title: 'Zones: shares of national trade-related totals and per-capita values',
    description: 'share = zone total / national total; per_capita in the unit given per row.',
    columns: [
      col('zone'),
      col('regions'),
      col('population', r.population.unit),
      col('variable'),
      col('share', '1'),
      col('per_capita'),
      col('per_capita_unit'),
    ],
    rows: zRows,
  });
  const dpwRows: Cell[][] = [];
  for (const d of m.damagePerWelfare)
    for (let i = 0; i < d.values.regions.length; i++)
      dpwRows.push([
        d.variable,
        d.values.regions[i],
        d.values.values[i],
        d.unit,
        Number.isFinite(d.values.values[i]) ? null : noteOf(d.values),
      ]);
  tables.push({
    id: 'damage_per_welfare',
    title: 'Damage per unit of welfare',
    description:
      'Mismatch between the damage a region bears or triggers and the welfare it gains from trade.',
    columns: [col('variable'), col('region'), col('value'), col('unit'), NOTE],
    rows: dpwRows,
  });
  return tables;
}

/** Value-chain roles and local vs upstream content. */
function roleTables(r: RunResult): ReportTable[] {
  const L = r.labels;
  const G = r.labels.regions.length;
  const tables: ReportTable[] = [];
  const roleRows: Cell[][] = [];
  for (const s of r.roles.shares)
    for (const role of s.roles) {
      const v = s.byRegion[role];
      for (let i = 0; i < G; i++) roleRows.push([s.indicator, role, L.regions[i], v[i], s.unit]);
      roleRows.push([s.indicator, role, 'national', s.national[role], s.unit]);
    }
  tables.push({
    id: 'roles',
    title: 'Value-chain roles: trade-related amounts carried by each product role',
    description:
      'final goods, resource-and-energy intermediates, other intermediates (paper §3.4); region "national" is the sum.',
    columns: [col('indicator'), col('role'), col('region'), col('value'), col('unit')],
    rows: roleRows,
  });
  const tiRows: Cell[][] = [];
  for (const e of r.roles.topImporters)
    for (const x of e.importers)
      tiRows.push([
        e.exporter,
        x.importer,
        x.indicator,
        x.local,
        x.upstream,
        x.localShare,
        x.unit,
        noteOf(x),
      ]);
  tables.push({
    id: 'top_importers',
    title: 'Local vs upstream content of exports to the top importers',
    description:
      'local = EX_sr (in the exporter s), upstream = FE_sr (in provinces upstream of s), METHODS §3.',
    columns: [
      col('exporter'),
      col('importer'),
      col('indicator'),
      col('local'),
      col('upstream'),
      col('local_share', '1'),
      col('unit'),
      NOTE,
    ],
    rows: tiRows,
  });
  return tables;
}

/** Beneficiary-pays compensation. */
function compensationTables(r: RunResult): ReportTable[] {
  const L = r.labels;
  const tables: ReportTable[] = [];
  const k = r.compensation;
  const w = k.welfareNetOfDamage;
  tables.push({
    id: 'compensation',
    title: 'Beneficiary-pays compensation: positions by region',
    description: `${r.conventions.compensation}. net = received − paid (Σ net = ${k.netSum}). Welfare net of damage per capita before/after the transfers (Gini ${w.giniBefore} → ${w.giniAfter}).`,
    columns: [
      col('region'),
      col('paid', k.paid.unit),
      col('received', k.received.unit),
      col('net', k.net.unit),
      col('welfare_net_of_damage_before', w.unit),
      col('welfare_net_of_damage_after', w.unit),
      NOTE,
    ],
    rows: L.regions.map((name, i) => [
      name,
      k.paid.values[i],
      k.received.values[i],
      k.net.values[i],
      w.before.values[i],
      w.after.values[i],
      Number.isFinite(w.before.values[i]) && Number.isFinite(w.after.values[i]) ? null : noteOf(w),
    ]),
  });
  tables.push({
    id: 'transfers',
    title: 'Beneficiary-pays transfer matrix',
    description: `Long format, nonzero entries: rows are ${k.transfers.rowsAre}, columns ${k.transfers.colsAre}.`,
    columns: [col('payer'), col('recipient'), col('value', k.transfers.unit)],
    rows: longMatrix(k.transfers.regions, k.transfers.values, true),
  });
  return tables;
}

/** The paper comparison, negative values, identities and timings. */
function runTables(r: RunResult): ReportTable[] {
  const tables: ReportTable[] = [];
  tables.push({
    id: 'paper_comparison',
    title: 'Comparison with the paper’s published figures',
    description:
      'run / paper is the ratio of this run’s value to the paper’s (blank where either is missing).',
    columns: [
      col('id'),
      col('label'),
      col('definition'),
      col('paper'),
      col('run'),
      col('unit'),
      col('run_over_paper', '1'),
    ],
    rows: r.headline.map((h) => [
      h.id,
      h.label,
      h.definition,
      h.paper,
      h.run,
      h.unit,
      h.paper !== null && h.run !== null && h.paper !== 0 ? h.run / h.paper : null,
    ]),
  });
  tables.push({
    id: 'negative_values',
    title: 'Negative values and their cause',
    description:
      'Every negative value of the run (intervals reaching below zero, negative damage triggered or carried by a flow), where it is and why.',
    columns: [col('id'), col('what'), col('cause'), col('fields')],
    rows: (r.provenance.negativeValues ?? []).map((n) => [n.id, n.what, n.cause, n.fields.join('; ')]),
  });
  tables.push({
    id: 'identities',
    title: 'Identity checks',
    description: 'Largest relative residual of each accounting identity (0 = exact).',
    columns: [col('name'), col('indicator'), col('max_relative_residual', '1')],
    rows: r.provenance.identities.map((x) => [x.name, x.indicator, x.maxRelativeResidual]),
  });
  tables.push({
    id: 'timings',
    title: 'Timings',
    description: 'Wall-clock seconds per stage of the run.',
    columns: [col('stage'), col('seconds', 's')],
    rows: Object.entries(r.provenance.timings).map(([s, v]) => [s, v]),
  });
  return tables;
}
