import {
  assessDamage,
  buildHealthModel,
  endpointInfo,
  type HealthModel,
  meanDamage,
} from '../health/index.ts';
import type { HealthInput } from '../health/types.ts';
import type { HealthEvaluator, HealthRunOptions } from './healthEvaluator.ts';

/**
 * Wraps a built health model (src/health) as the analysis's HealthEvaluator. Other draw counts,
 * seeds or thresholds rebuild the model from the same parameters (cached per setting), so a
 * scenario can ask for a quick evaluation without changing the run's Monte Carlo.
 */
export function healthEvaluatorFrom(model: HealthModel): HealthEvaluator {
  const cache = new Map<string, HealthModel>();
  const key = (o: HealthRunOptions) =>
    `${o.draws ?? model.draws}|${o.seed ?? model.options.seed}|${(o.thresholds ?? model.thresholds).join(',')}`;
  cache.set(key({}), model);
  const modelFor = (o: HealthRunOptions = {}): HealthModel => {
    const k = key(o);
    let m = cache.get(k);
    if (!m) {
      m = buildHealthModel(model.parameters, {
        ...model.options,
        draws: o.draws ?? model.draws,
        seed: o.seed ?? model.options.seed,
        thresholds: o.thresholds ?? model.thresholds,
      });
      cache.set(k, m);
    }
    return m;
  };
  const o = model.options;
  return {
    id: `${o.erf}/${o.accounting}/${o.thresholdReading}`,
    description: `exposure–response ${o.erf}, damage accounting '${o.accounting}', threshold reading '${o.thresholdReading}', VSL income elasticity ${o.vslIncomeElasticity}`,
    moneyUnit: model.moneyUnit,
    currency: model.currency,
    priceYear: o.priceYear,
    endpoints: endpointInfo(model),
    thresholds: model.thresholds,
    draws: model.draws,
    seed: o.seed,
    assess: (input: HealthInput, opts?: HealthRunOptions) => assessDamage(modelFor(opts), input),
    mean: (input: HealthInput, opts?: HealthRunOptions) => meanDamage(modelFor(opts), input),
  };
}
