import type { Precursor, RegionVector } from '../../mrio/model.ts';
import { computeDamage, type DamageCore } from '../damage.ts';
import { intervalOf, regionIntervalOf, drawTotals as totalsOfDraws } from '../drawStatistics.ts';
import type { EmissionAccounts } from '../emissionAccounts.ts';
import type { HealthEvaluator } from '../healthEvaluator.ts';
import type { PreparedAnalysis } from '../prepare.ts';
import { type Interval, notComputedFields, type ThresholdDamage } from '../runResult.ts';

/** The Monte Carlo of one run: thresholds, the headline one, draws and seed. */
export interface MonteCarloSettings {
  readonly thresholds: readonly number[];
  readonly headline: number;
  readonly draws: number;
  readonly seed: number;
  /** 'means': per-endpoint means only, no quantile rows (the explorer's live path). */
  readonly summaries?: 'all' | 'means';
}

/**
 * Stage 3 (METHODS §5–6): concentrations of the scenario and its trade counterfactual, the
 * Shapley split of ΔC, and the health damage at every threshold (full Monte Carlo, common random
 * numbers) with the baseline burden and both attributions of it to trade. The health
 * conventions (ERF, accounting, threshold reading, VSL) live in `health` and nowhere else.
 */
export function airQualityAndHealthStage(
  prepared: PreparedAnalysis,
  emissions: Readonly<Record<Precursor, EmissionAccounts>>,
  health: HealthEvaluator,
  mc: MonteCarloSettings,
): { readonly core: DamageCore; readonly damage: ThresholdDamage[] } {
  const core = computeDamage(prepared, emissions, {
    thresholds: mc.thresholds,
    draws: mc.draws,
    seed: mc.seed,
    headline: mc.headline,
    evaluator: health,
    ...(mc.summaries ? { summaries: mc.summaries } : {}),
  });
  const damage = mc.thresholds.map((threshold, t) => thresholdDamage(prepared, core, health, threshold, t));
  return { core, damage };
}

function thresholdDamage(
  prepared: PreparedAnalysis,
  core: DamageCore,
  health: HealthEvaluator,
  threshold: number,
  t: number,
): ThresholdDamage {
  const { G, regions } = prepared;
  const money = health.moneyUnit;
  const dt = core.assessment.drawTotals[t];
  const bt = core.baselineBurden.drawTotals[t];
  const nd = core.assessment.draws;
  const nat = (v: Float64Array, unit: string) => intervalOf(totalsOfDraws(v, nd, G), unit);
  const national = {
    deaths: nat(dt.deaths, 'deaths per year'),
    cases: nat(dt.morbidityCases, 'cases per year'),
    money: nat(dt.money, money),
  };
  const baselineBurden = {
    deaths: nat(bt.deaths, 'deaths per year'),
    cases: nat(bt.morbidityCases, 'cases per year'),
    money: nat(bt.money, money),
  };
  const concentrationShare = proportionalFactors(core.cBaseline, core.deltaC);
  const prop = (v: Float64Array, unit: string) =>
    intervalOf(totalsOfDraws(scaledDraws(v, concentrationShare, nd), nd, G), unit);
  const proportional = {
    deaths: prop(bt.deaths, 'deaths per year'),
    cases: prop(bt.morbidityCases, 'cases per year'),
    money: prop(bt.money, money),
  };
  return {
    threshold,
    deaths: regionIntervalOf(dt.deaths, nd, regions, 'deaths per year'),
    cases: regionIntervalOf(dt.morbidityCases, nd, regions, 'cases per year'),
    money: regionIntervalOf(dt.money, nd, regions, money),
    byEndpoint: endpointMeans(prepared, core, health, threshold, t),
    national,
    baselineBurden,
    tradeShare: shareOfBurden(national, baselineBurden, threshold),
    proportional: { ...proportional, share: shareOfBurden(proportional, baselineBurden, threshold) },
    baselineBurdenByRegion: {
      deaths: regionIntervalOf(bt.deaths, nd, regions, 'deaths per year'),
      cases: regionIntervalOf(bt.morbidityCases, nd, regions, 'cases per year'),
      money: regionIntervalOf(bt.money, nd, regions, money),
    },
  };
}

/** ΔC_i / C_base,i per receptor: the trade-related fraction of its PM2.5 (0 where C_base is 0). */
export function proportionalFactors(cBaseline: RegionVector, deltaC: Float64Array): Float64Array {
  return Float64Array.from(deltaC, (d, i) => (cBaseline.values[i] > 0 ? d / cBaseline.values[i] : 0));
}

/** draws × G values with each region's column multiplied by its factor. */
function scaledDraws(v: Float64Array, factor: Float64Array, nDraws: number): Float64Array {
  const G = factor.length;
  const out = new Float64Array(v.length);
  for (let d = 0; d < nDraws; d++) for (let i = 0; i < G; i++) out[d * G + i] = v[d * G + i] * factor[i];
  return out;
}

function endpointMeans(
  prepared: PreparedAnalysis,
  core: DamageCore,
  health: HealthEvaluator,
  threshold: number,
  t: number,
): ThresholdDamage['byEndpoint'] {
  const { G, regions } = prepared;
  const means = core.assessment.endpointMeans;
  const nE = core.assessment.endpoints.length;
  return health.endpoints.map((ep, e) => {
    if (means) {
      const o = (t * nE + e) * G;
      const values = means.slice(o, o + G);
      return { endpoint: ep.id, unit: ep.unit, values: { regions, unit: ep.unit, values } };
    }
    const values = new Float64Array(G);
    for (const row of core.assessment.rows)
      if (row.threshold === threshold && row.endpoint === ep.id && row.quantity !== 'money') {
        const r = regions.indexOf(row.region);
        if (r >= 0) values[r] = row.summary.mean;
      }
    return { endpoint: ep.id, unit: ep.unit, values: { regions, unit: ep.unit, values } };
  });
}

type Triple = { readonly deaths: Interval; readonly cases: Interval; readonly money: Interval };

/** A part's share of the baseline burden (METHODS §6); undefined when the burden is 0 (all PM2.5 at or below C₀). */
function shareOfBurden(part: Triple, burden: Triple, threshold: number): ThresholdDamage['tradeShare'] {
  const deaths = part.deaths.mean / burden.deaths.mean;
  const cases = part.cases.mean / burden.cases.mean;
  const money = part.money.mean / burden.money.mean;
  const why = (what: string) => () =>
    `the baseline burden (${what}) is 0 at ${threshold} µg/m³: no trade share of it`;
  return {
    deaths,
    cases,
    money,
    ...notComputedFields({
      deaths: [deaths, why('deaths')],
      cases: [cases, why('cases')],
      money: [money, why('money')],
    }),
  };
}
