import { PRECURSORS } from '../mrio/model.ts';
import { concentrationsAt, type DamageCore, sourceReceptorDamage } from './damage.ts';
import { curveDamage, type DamageCurves } from './damageCurve.ts';
import { regionIntervalOf } from './drawStatistics.ts';
import type { PreparedAnalysis } from './prepare.ts';
import { type DamageAttribution, notComputedFields } from './runResult.ts';

const NO_ONE_AT_A_TIME =
  'one-at-a-time removals were not run (explorer live mode, or oneAtATime: false): no comparison figure';

export interface AttributionOptions {
  /** Run the G one-at-a-time removals (METHODS §7 comparison). Default true. */
  readonly oneAtATime?: boolean;
  /** Damage curves of the headline threshold (damageCurve.ts) used by the one-at-a-time removals. */
  readonly curves?: DamageCurves;
}

/**
 * Triggered (by emitting region, Shapley shares of ΔC) vs suffered (by receptor) damage at the
 * headline threshold, with the one-at-a-time removals for comparison (METHODS §7).
 */
export function attributeDamage(
  prepared: PreparedAnalysis,
  core: DamageCore,
  options: AttributionOptions = {},
): DamageAttribution {
  const { G, regions } = prepared;
  const unit = core.assessment.moneyUnit;
  const W = new Float64Array(G * G);
  for (const p of PRECURSORS) for (let q = 0; q < G * G; q++) W[q] += core.share[p][q];
  const sr = sourceReceptorDamage(core, core.moneyMean, G);
  // Triggered per draw: the same shares applied to each draw's receptor damage.
  const trigDraws = new Float64Array(core.draws * G);
  for (let d = 0; d < core.draws; d++)
    for (let j = 0; j < G; j++) {
      let s = 0;
      for (let i = 0; i < G; i++) s += W[j * G + i] * core.moneyDraws[d * G + i];
      trigDraws[d * G + j] = s;
    }
  const triggered = regionIntervalOf(trigDraws, core.draws, regions, unit);
  const suffered = regionIntervalOf(core.moneyDraws, core.draws, regions, unit);
  const srDeaths = sourceReceptorDamage(core, core.deathsMean, G);
  const triggeredDeaths = new Float64Array(G);
  for (let j = 0; j < G; j++) for (let i = 0; i < G; i++) triggeredDeaths[j] += srDeaths[j * G + i];

  const local = new Float64Array(G);
  const exported = new Float64Array(G);
  const imported = new Float64Array(G);
  let totTrig = 0;
  let totExp = 0;
  for (let s = 0; s < G; s++) {
    local[s] = sr[s * G + s];
    exported[s] = triggered.mean[s] - local[s];
    imported[s] = suffered.mean[s] - local[s];
    totTrig += triggered.mean[s];
    totExp += exported[s];
  }
  const pop = prepared.dataset.population.values;
  let popAll = 0;
  let popMore = 0;
  const more: string[] = [];
  for (let s = 0; s < G; s++) {
    popAll += pop[s];
    if (suffered.mean[s] > triggered.mean[s]) {
      more.push(regions[s]);
      popMore += pop[s];
    }
  }

  // One-at-a-time: only s's trade-related emissions removed (others at the scenario baseline);
  // damage from the tabulated curves (same draws as the all-source figure it is compared with).
  const curves = options.curves;
  const doOat = (options.oneAtATime ?? true) && curves !== undefined;
  const oat = new Float64Array(G);
  let allSource = 0;
  let oatSum = 0;
  if (doOat) {
    const all = curveDamage(curves, core.cCounterfactual.values);
    for (let i = 0; i < G; i++) allSource += all[i];
    for (let s = 0; s < G; s++) {
      const ratios = { regions, ratios: {} as Record<(typeof PRECURSORS)[number], Float64Array> };
      for (const p of PRECURSORS) {
        const r = Float64Array.from(core.ratiosBaseline.ratios[p]);
        r[s] = core.ratiosCounterfactual.ratios[p][s];
        ratios.ratios[p] = r;
      }
      const m = curveDamage(
        curves,
        concentrationsAt(prepared, ratios, `the one-at-a-time removal of ${regions[s]}`).values,
      );
      for (let i = 0; i < G; i++) oat[s] += m[i];
      oatSum += oat[s];
    }
  }
  const rv = (values: Float64Array, u = unit) => ({ regions, unit: u, values });
  return {
    threshold: core.headline,
    unit,
    sourceReceptor: {
      regions,
      unit,
      rowsAre: 'emitting (source) province',
      colsAre: 'receptor province (where the damage occurs)',
      values: { rows: G, cols: G, data: sr },
    },
    triggered,
    suffered,
    triggeredDeaths: rv(triggeredDeaths, 'deaths per year'),
    sufferedDeaths: rv(Float64Array.from(core.deathsMean), 'deaths per year'),
    triggeredOneAtATime: rv(oat),
    oneAtATimeSum: doOat ? oatSum : Number.NaN,
    allSource: doOat ? allSource : Number.NaN,
    local: rv(local),
    exported: rv(exported),
    imported: rv(imported),
    redistributedShare: totExp / totTrig,
    sufferMore: { regions: more, regionShare: more.length / G, populationShare: popMore / popAll },
    ...notComputedFields({
      oneAtATimeSum: [doOat ? oatSum : Number.NaN, () => NO_ONE_AT_A_TIME],
      allSource: [doOat ? allSource : Number.NaN, () => NO_ONE_AT_A_TIME],
      redistributedShare: [totExp / totTrig, () => 'no damage is triggered in total: no share of it'],
    }),
  };
}
