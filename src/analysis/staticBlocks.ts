import type { Precursor, RegionVector } from '../mrio/model.ts';
import type { IndicatorAccounts } from '../mrio/results.ts';
import { incomePerCapita } from './damage.ts';
import { baselineEmissionAccounts, type EmissionAccounts } from './emissionAccounts.ts';
import { type CvWeighting, inequalityMeasures, type MismatchVariable } from './mismatch.ts';
import { bilateralContent, flowsResult } from './pairwiseFlows.ts';
import type { PreparedAnalysis } from './prepare.ts';
import { indicatorRegionAccounts, withRegions } from './regionAccounts.ts';
import { type LocalUpstream, localUpstream, roleAmounts, roleShares } from './roles.ts';
import type { IndicatorRegionAccounts, InequalityMeasures, PairwiseFlows, RoleShares } from './runResult.ts';

/**
 * Blocks no intensity, threshold, VSL or health convention can move (they depend on the table
 * and the social-income and employment rows only): computed once per prepared analysis and
 * options, reused by the explorer's live what-ifs (Scenario.mode 'live').
 */
export interface StaticBlocks {
  readonly incomeRegion: IndicatorRegionAccounts;
  readonly jobsRegion: IndicatorRegionAccounts;
  readonly componentRegions: readonly IndicatorRegionAccounts[];
  readonly flowsEmployment: PairwiseFlows;
  readonly flowsIncome: PairwiseFlows;
  readonly measures: ReadonlyMap<string, InequalityMeasures>;
  readonly roleIncome: RoleShares;
  readonly roleJobs: RoleShares;
  readonly luIncome: LocalUpstream;
  readonly luJobs: LocalUpstream;
  readonly baselineEmissions: Readonly<Record<Precursor, EmissionAccounts>>;
}

export const STATIC_BLOCKS = [
  'valueChain (income, components, employment)',
  'pairwise (employment, social_income)',
  'mismatch measures (social_income_trade, employment_trade, social_income_total)',
  'roles (social_income, employment; their local/upstream content)',
] as const;

/** Options the static blocks depend on. */
export interface StaticOptions {
  readonly topFlows: number;
  readonly topShare: { readonly fraction: number; readonly by: 'count' | 'population' };
  readonly cv: CvWeighting;
}

const staticCache = new WeakMap<PreparedAnalysis, Map<string, StaticBlocks>>();

export function staticBlocks(prepared: PreparedAnalysis, o: StaticOptions): StaticBlocks {
  const key = `${o.topFlows}|${o.topShare.fraction}|${o.topShare.by}|${o.cv}`;
  let m = staticCache.get(prepared);
  if (!m) {
    m = new Map();
    staticCache.set(prepared, m);
  }
  const hit = m.get(key);
  if (hit) return hit;
  const { G, N, regions, dataset } = prepared;
  const inc = prepared.accounts.income;
  const jobs = prepared.accounts.employment;
  const incomeRegion = indicatorRegionAccounts(inc, 'income', G, N);
  const jobsRegion = indicatorRegionAccounts(jobs, 'employment', G, N);
  const rv = (values: Float64Array, unit: string): RegionVector => ({ regions, unit, values });
  const opts = {
    topShare: o.topShare,
    cv: o.cv,
    rankBy: incomePerCapita(prepared),
    zoneOfRegion: dataset.zones,
  };
  const vars: MismatchVariable[] = [
    incomeTradeVariable(rv(incomeRegion.tradeRelated, inc.unit)),
    jobsTradeVariable(rv(jobsRegion.tradeRelated, jobs.unit)),
    incomeTotalVariable(rv(incomeRegion.production, inc.unit)),
  ];
  const cls = dataset.sectorRoleClass;
  const b: StaticBlocks = {
    incomeRegion,
    jobsRegion,
    componentRegions: componentRegionAccounts(prepared),
    flowsEmployment: employmentFlows(jobs, regions, G, N, o.topFlows),
    flowsIncome: incomeFlows(inc, regions, G, N, o.topFlows),
    measures: new Map(vars.map((v) => [v.variable, inequalityMeasures(v, dataset.population, opts)])),
    roleIncome: roleShares('social_income', inc.unit, roleAmounts(inc, cls, G, N)),
    roleJobs: roleShares('employment', jobs.unit, roleAmounts(jobs, cls, G, N)),
    luIncome: localUpstream('social_income', inc.unit, inc, G, N),
    luJobs: localUpstream('employment', jobs.unit, jobs, G, N),
    baselineEmissions: baselineEmissionAccounts(prepared),
  };
  m.set(key, b);
  return b;
}

/** The income components' region accounts (compensation, taxes, surplus, …). */
export function componentRegionAccounts(prepared: PreparedAnalysis): IndicatorRegionAccounts[] {
  const { G, N, regions } = prepared;
  return prepared.accounts.components.map((a) =>
    withRegions(indicatorRegionAccounts(a, 'income_component', G, N), regions),
  );
}

export const incomeTradeVariable = (totals: RegionVector): MismatchVariable => ({
  variable: 'social_income_trade',
  label: 'Trade-related social income (parts 2+3+4)',
  totals,
});
export const jobsTradeVariable = (totals: RegionVector): MismatchVariable => ({
  variable: 'employment_trade',
  label: 'Trade-related employment (parts 2+3+4)',
  totals,
});
export const incomeTotalVariable = (totals: RegionVector): MismatchVariable => ({
  variable: 'social_income_total',
  label: 'Social income, all (production-based)',
  totals,
});

/** Employment by export flow s → r: EX_sr + FE_sr summed over sectors (METHODS §3). */
export function employmentFlows(
  acc: IndicatorAccounts,
  regions: readonly string[],
  G: number,
  N: number,
  topK: number,
): PairwiseFlows {
  return contentFlows('employment', 'Employment', acc, regions, G, N, topK);
}

/** Social income by export flow s → r: EX_sr + FE_sr summed over sectors (METHODS §3). */
export function incomeFlows(
  acc: IndicatorAccounts,
  regions: readonly string[],
  G: number,
  N: number,
  topK: number,
): PairwiseFlows {
  return contentFlows('social_income', 'Social income', acc, regions, G, N, topK);
}

function contentFlows(
  indicator: string,
  what: string,
  acc: IndicatorAccounts,
  regions: readonly string[],
  G: number,
  N: number,
  topK: number,
): PairwiseFlows {
  const label = `${what} by export flow (EX_sr + FE_sr)`;
  return flowsResult(indicator, label, acc.unit, bilateralContent(acc, G, N), regions, topK);
}
