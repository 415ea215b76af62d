import type { RegionVector } from '../../mrio/model.ts';
import { incomePerCapita } from '../damage.ts';
import { type CvWeighting, type MismatchVariable, mismatchAnalysis } from '../mismatch.ts';
import { moneyConversion } from '../moneyUnit.ts';
import type { PreparedAnalysis } from '../prepare.ts';
import { indicatorRegionAccounts } from '../regionAccounts.ts';
import type { DamageAttribution, IndicatorRegionAccounts, MismatchResult } from '../runResult.ts';
import {
  incomeTotalVariable,
  incomeTradeVariable,
  jobsTradeVariable,
  type StaticBlocks,
} from '../staticBlocks.ts';

/** The inequality conventions: top-10 % group and CV weighting. */
export interface InequalitySettings {
  readonly topShare: { readonly fraction: number; readonly by: 'count' | 'population' };
  readonly cv: CvWeighting;
}

export interface MismatchStage {
  readonly mismatch: MismatchResult;
  readonly incomeRegion: IndicatorRegionAccounts;
  readonly jobsRegion: IndicatorRegionAccounts;
  /** Factor from the income unit to the damage's money unit (NaN when they cannot be compared). */
  readonly incomeToMoney: number;
  /** Why incomeToMoney is NaN, when it is. */
  readonly unitNote?: string;
}

/**
 * Stage 6 (METHODS §7): inequality of trade-related income and jobs, damage triggered and
 * suffered and all social income per capita; zone shares; damage per unit of welfare.
 */
export function mismatchStage(
  prepared: PreparedAnalysis,
  attribution: DamageAttribution,
  money: string,
  o: InequalitySettings,
  st?: StaticBlocks,
): MismatchStage {
  const { G, N, regions, dataset } = prepared;
  const incomeAcc = prepared.accounts.income;
  const jobsAcc = prepared.accounts.employment;
  const incomeRegion = st?.incomeRegion ?? indicatorRegionAccounts(incomeAcc, 'income', G, N);
  const jobsRegion = st?.jobsRegion ?? indicatorRegionAccounts(jobsAcc, 'employment', G, N);
  const rv = (values: Float64Array, unit: string): RegionVector => ({ regions, unit, values });
  const variables: MismatchVariable[] = [
    incomeTradeVariable(rv(incomeRegion.tradeRelated, incomeAcc.unit)),
    jobsTradeVariable(rv(jobsRegion.tradeRelated, jobsAcc.unit)),
    {
      variable: 'damage_triggered',
      label: 'Health damage triggered (by emitting province)',
      totals: rv(attribution.triggered.mean, money),
    },
    {
      variable: 'damage_suffered',
      label: 'Health damage suffered (by receptor province)',
      totals: rv(attribution.suffered.mean, money),
    },
    incomeTotalVariable(rv(incomeRegion.production, incomeAcc.unit)),
  ];
  let incomeToMoney = Number.NaN;
  let unitNote: string | undefined;
  try {
    incomeToMoney = moneyConversion(incomeAcc.unit, money);
  } catch (e) {
    unitNote = `welfare and damage cannot be put on one money scale: ${(e as Error).message}`;
  }
  const perIncome = `${money} per ${money} of trade-related social income`;
  const mismatch = mismatchAnalysis(
    variables,
    dataset.population,
    { topShare: o.topShare, cv: o.cv, rankBy: incomePerCapita(prepared), zoneOfRegion: dataset.zones },
    [
      {
        variable: 'triggered_per_income',
        numerator: 'damage_triggered',
        denominator: 'social_income_trade',
        unit: perIncome,
        factor: incomeToMoney,
        unitNote,
      },
      {
        variable: 'suffered_per_income',
        numerator: 'damage_suffered',
        denominator: 'social_income_trade',
        unit: perIncome,
        factor: incomeToMoney,
        unitNote,
      },
      {
        variable: 'triggered_per_job',
        numerator: 'damage_triggered',
        denominator: 'employment_trade',
        unit: `${money} per trade-related job (${jobsAcc.unit})`,
        factor: 1,
      },
    ],
    st?.measures,
  );
  return { mismatch, incomeRegion, jobsRegion, incomeToMoney, ...(unitNote ? { unitNote } : {}) };
}
