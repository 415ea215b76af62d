import { moneyConversion } from './moneyUnit.ts';
import type { HeadlineRow, RunResult } from './runResult.ts';

/** Zones the paper calls "the three Coastal areas" (§3.2), matched by name. */
export function isCoastalZone(zone: string): boolean {
  const z = zone.toLowerCase();
  return (
    z.includes('coast') || z.includes('jing-jin') || z.includes('jingjin') || z.includes('beijing-tianjin')
  );
}

const pct = (x: number) => 100 * x;

/**
 * The paper's headline figures (Tian et al., sections cited per row) beside this run's. Paper
 * values are the published 2017 results with CEADs data, CMAQ-based pf-ERSM and the authors'
 * inventory; this run's depend on its inputs (see provenance.dataset.isDemonstration).
 */
export function headlineTable(r: RunResult): HeadlineRow[] {
  const rows: HeadlineRow[] = [];
  const add: AddRow = (id, label, definition, paper, run, unit) =>
    rows.push({ id, label, definition, paper, run: run !== null && Number.isFinite(run) ? run : null, unit });
  let toBillion = Number.NaN;
  try {
    toBillion = moneyConversion(r.labels.currency.label, `billion ${r.labels.currency.code}`);
  } catch {
    // leave NaN: rows print as null
  }
  emissionRows(r, add);
  damageRows(r, add, toBillion);
  welfareRows(r, add);
  inequalityRows(r, add);
  transportRows(r, add);
  zoneRows(r, add);
  roleRows(r, add);
  flowAndConcentrationRows(r, add, toBillion);
  return rows;
}

type AddRow = (
  id: string,
  label: string,
  definition: string,
  paper: number | null,
  run: number | null,
  unit: string,
) => void;

/** §3.1: trade-related emissions and their shares. */
function emissionRows(r: RunResult, add: AddRow): void {
  const paperTradeMt: Record<string, number> = { SO2: 4.1, NOx: 7.3, PPM: 2.4, VOC: 7.3, NH3: 3.2 };
  const shares: number[] = [];
  for (const e of r.emissions) {
    const total = e.tradeRelated.values.reduce((a, b) => a + b, 0);
    const mt = e.unit === 't' ? total / 1e6 : Number.NaN;
    add(
      `trade_emissions_${e.precursor}`,
      `Trade-related ${e.precursor} emissions`,
      '§3.1: emissions triggered by inter-regional trade (parts 2+3+4), national',
      paperTradeMt[e.precursor] ?? null,
      mt,
      'Mt',
    );
    shares.push(pct(e.nationalTradeShare));
  }
  add(
    'trade_share_emissions_min',
    'Trade share of emissions, lowest precursor',
    '§3.1: 34.3%–40.6% of the five pollutants',
    34.3,
    Math.min(...shares),
    '%',
  );
  add(
    'trade_share_emissions_max',
    'Trade share of emissions, highest precursor',
    '§3.1: 34.3%–40.6% of the five pollutants',
    40.6,
    Math.max(...shares),
    '%',
  );
}

/** §3.1: deaths, morbidity and money due to trade, by both attributions. */
function damageRows(r: RunResult, add: AddRow, toBillion: number): void {
  const h = r.damage.find((d) => d.threshold === r.conventions.headlineThreshold);
  if (h) {
    const accounting = r.provenance.healthModel.conventions?.accounting ?? 'difference';
    const counterfactual = `counterfactual attribution: burden(C_base) − burden(C_cf), accounting '${accounting}'`;
    const proportional =
      "proportional attribution: each province's burden × its trade-related share of PM2.5 (ΔC/C)";
    add(
      'trade_share_deaths',
      'Trade share of PM2.5 deaths (counterfactual)',
      `§3.1, at ${h.threshold} µg/m³; ${counterfactual}`,
      35.2,
      pct(h.tradeShare.deaths),
      '%',
    );
    add(
      'trade_share_deaths_proportional',
      'Trade share of PM2.5 deaths (proportional)',
      `§3.1, at ${h.threshold} µg/m³; ${proportional}`,
      35.2,
      pct(h.proportional.share.deaths),
      '%',
    );
    add(
      'trade_deaths',
      'Deaths due to trade (counterfactual)',
      `§3.1: premature deaths attributable to trade-related emissions; ${counterfactual}`,
      168.8,
      h.national.deaths.mean / 1e3,
      'thousand deaths',
    );
    add(
      'trade_deaths_proportional',
      'Deaths due to trade (proportional)',
      `§3.1: premature deaths attributable to trade-related emissions; ${proportional}`,
      168.8,
      h.proportional.deaths.mean / 1e3,
      'thousand deaths',
    );
    add(
      'trade_share_morbidity',
      'Trade share of PM2.5 morbidity',
      '§3.1 (endpoints available here may differ: see notes)',
      36.6,
      pct(h.tradeShare.cases),
      '%',
    );
    add(
      'trade_morbidity',
      'Morbidity cases due to trade',
      '§3.1',
      9.1,
      h.national.cases.mean / 1e6,
      'million cases',
    );
    add(
      'trade_loss',
      'Health economic loss due to trade',
      '§3.1: monetised deaths and morbidity',
      760.6,
      h.national.money.mean * toBillion,
      `billion ${r.labels.currency.code}`,
    );
  }
}

/** §3.1: trade shares of jobs, household income, taxes and social income. */
function welfareRows(r: RunResult, add: AddRow): void {
  const vc = (pred: (ind: RunResult['valueChain'][number]) => boolean) => r.valueChain.find(pred);
  const jobs = vc((a) => a.kind === 'employment');
  const comp = vc((a) => a.kind === 'income_component' && /compens|wage|labou?r/i.test(a.indicator));
  const tax = vc((a) => a.kind === 'income_component' && /tax/i.test(a.indicator));
  const inc = vc((a) => a.kind === 'income');
  add(
    'trade_share_jobs',
    'Trade share of employment',
    '§3.1: parts 2+3+4 of employment / total',
    35.2,
    jobs ? pct(jobs.national.tradeShare) : null,
    '%',
  );
  add(
    'trade_share_household_income',
    'Trade share of household income',
    '§3.1: compensation of employees',
    34.8,
    comp ? pct(comp.national.tradeShare) : null,
    '%',
  );
  add(
    'trade_share_taxes',
    'Trade share of tax revenue',
    '§3.1: net taxes on production',
    39.9,
    tax ? pct(tax.national.tradeShare) : null,
    '%',
  );
  add(
    'trade_share_social_income',
    'Trade share of social income',
    'not printed in the paper',
    null,
    inc ? pct(inc.national.tradeShare) : null,
    '%',
  );
}

/** §3.2: Gini and top-10 % ratios. */
function inequalityRows(r: RunResult, add: AddRow): void {
  const m = (v: string) => r.mismatch.measures.find((x) => x.variable === v);
  add(
    'gini_jobs',
    'Gini of employment per capita',
    '§3.2: eq. 11, trade-related employment per person',
    0.32,
    m('employment_trade')?.gini ?? null,
    'index',
  );
  add(
    'gini_income',
    'Gini of social income per capita',
    '§3.2: eq. 11, trade-related social income per person',
    0.38,
    m('social_income_trade')?.gini ?? null,
    'index',
  );
  add(
    'top10_income',
    'Top-10 % regions: social income per capita / national',
    `§3.2 (top ${r.conventions.topShare.fraction * 100} % by ${r.conventions.topShare.by})`,
    2.9,
    m('social_income_trade')?.topRatio.ratio ?? null,
    'ratio',
  );
  add(
    'top10_jobs',
    'Top-10 % regions: employment per capita / national',
    '§3.2',
    2.1,
    m('employment_trade')?.topRatio.ratio ?? null,
    'ratio',
  );
  add(
    'top10_damage',
    'Top-10 % regions: damage triggered per capita / national',
    '§3.2',
    2.1,
    m('damage_triggered')?.topRatio.ratio ?? null,
    'ratio',
  );
}

/** §3.2: damage carried by the atmosphere. */
function transportRows(r: RunResult, add: AddRow): void {
  const a = r.attribution;
  add(
    'redistributed',
    'Damage redistributed by atmospheric transport',
    '§3.2: share of triggered damage occurring outside the emitting province',
    53.0,
    pct(a.redistributedShare),
    '%',
  );
  add(
    'suffer_more_regions',
    'Provinces suffering more than they trigger',
    '§3.2: after atmospheric transport',
    58.1,
    pct(a.sufferMore.regionShare),
    '%',
  );
  add(
    'suffer_more_population',
    'Population in provinces suffering more than they trigger',
    '§3.2',
    65.0,
    pct(a.sufferMore.populationShare),
    '%',
  );
}

/** §3.2–3.3: coastal and North Central shares. */
function zoneRows(r: RunResult, add: AddRow): void {
  const zones = r.mismatch.zones;
  const coastal = zones.filter((z) => isCoastalZone(z.zone));
  const zsum = (key: string) =>
    coastal.length ? coastal.reduce((s, z) => s + (z.shares[key] ?? 0), 0) : Number.NaN;
  add(
    'coastal_damage',
    'Three coastal zones: share of damage',
    '§3.2: Jing-Jin, Eastern Coast, Southern Coast; damage triggered',
    17.5,
    pct(zsum('damage_triggered')),
    '%',
  );
  add(
    'coastal_jobs',
    'Three coastal zones: share of trade-related jobs',
    '§3.2',
    34.4,
    pct(zsum('employment_trade')),
    '%',
  );
  add(
    'coastal_income',
    'Three coastal zones: share of trade-related social income',
    '§3.2',
    38.3,
    pct(zsum('social_income_trade')),
    '%',
  );
  const nc = zones.find((z) => z.zone.toLowerCase().replace(/[\s_-]/g, '') === 'northcentral');
  add(
    'north_central_damage',
    'North Central: share of damage',
    '§3.2: damage triggered',
    44.4,
    nc ? pct(nc.shares.damage_triggered) : null,
    '%',
  );
  const driven = r.compensation.drivenBy?.values ?? new Float64Array(r.labels.regions.length);
  const drivenTotal = driven.reduce((s, v) => s + v, 0);
  let drivenCoastal = 0;
  r.labels.zoneOfRegion.forEach((z, s) => {
    if (isCoastalZone(z)) drivenCoastal += driven[s];
  });
  add(
    'coastal_driven_damage',
    'Damage driven by coastal final demand',
    '§3.3: share of trade damage driven by the three coastal zones',
    38.3,
    pct(drivenCoastal / drivenTotal),
    '%',
  );
}

/** §3.4: value-chain roles. */
function roleRows(r: RunResult, add: AddRow): void {
  const role = (ind: string) => r.roles.shares.find((s) => s.indicator === ind);
  const inter = (ind: string) => {
    const s = role(ind);
    return s ? pct(1 - s.nationalShare.final) : null;
  };
  const resEn = (ind: string) => {
    const s = role(ind);
    return s ? pct(s.nationalShare.resource_energy_intermediate) : null;
  };
  add(
    'intermediate_income',
    'Intermediate products: share of social income',
    '§3.4: of inter-regional trade (EX, local content)',
    59.5,
    inter('social_income'),
    '%',
  );
  add(
    'intermediate_jobs',
    'Intermediate products: share of employment',
    '§3.4',
    59.1,
    inter('employment'),
    '%',
  );
  add(
    'intermediate_damage',
    'Intermediate products: share of health loss',
    '§3.4',
    71.1,
    inter('damage'),
    '%',
  );
  add(
    'resource_energy_income',
    'Resource-and-energy intermediates: share of social income',
    '§3.4',
    25.2,
    resEn('social_income'),
    '%',
  );
  add(
    'resource_energy_jobs',
    'Resource-and-energy intermediates: share of employment',
    '§3.4',
    23.7,
    resEn('employment'),
    '%',
  );
  add(
    'resource_energy_damage',
    'Resource-and-energy intermediates: share of health loss',
    '§3.4',
    49.2,
    resEn('damage'),
    '%',
  );
  add(
    'final_damage',
    'Final goods: share of health loss',
    '§3.4',
    28.9,
    role('damage') ? pct(role('damage')!.nationalShare.final) : null,
    '%',
  );
}

/** §3.1, §3.3: the largest damage flow and trade-related PM2.5. */
function flowAndConcentrationRows(r: RunResult, add: AddRow, toBillion: number): void {
  const flow =
    r.pairwise.find((p) => p.indicator === 'damage') ??
    r.pairwise.find((p) => p.indicator === 'damage_linear');
  if (flow?.top[0])
    add(
      'top_damage_flow',
      `Largest damage flow (paper: Anhui → Jiangsu; run: ${flow.top[0].from} → ${flow.top[0].to})`,
      '§3.3, Fig. 3a',
      14.0,
      flow.top[0].value * toBillion,
      `billion ${r.labels.currency.code}`,
    );
  let maxDc = 0;
  for (const v of r.concentrations.tradeRelated.values) maxDc = Math.max(maxDc, v);
  add(
    'max_trade_pm25',
    'Largest trade-related PM2.5 in a province',
    '§3.1: 2.8–26.8 µg/m³ over 29 provinces',
    26.8,
    maxDc,
    'µg/m³',
  );
}
