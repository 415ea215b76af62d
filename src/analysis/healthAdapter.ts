import { assessDamageAndBurden } from '../health/assess.ts';
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
  return evaluatorOf(model, new Map());
}

/** VSL variants kept per base model (each rebuild re-draws its parameters). */
const VSL_VARIANTS = 8;

function evaluatorOf(model: HealthModel, variants: Map<number, HealthEvaluator>): HealthEvaluator {
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
  const v = model.parameters.vsl;
  const referenceVsl = v.central * model.vslPriceFactor;
  const withVsl = (vsl: number): HealthEvaluator => {
    if (!(vsl > 0) || !Number.isFinite(vsl))
      throw new RangeError(`VSL must be a positive number, got ${vsl}`);
    if (vsl === referenceVsl) return self;
    let e = variants.get(vsl);
    if (e) {
      variants.delete(vsl);
      variants.set(vsl, e);
      return e;
    }
    // Given in output-year money; the model converts its parameters' price year by
    // vslPriceFactor, so rescale the triangular (low, central, high) by one factor k.
    const k = vsl / referenceVsl;
    const rebuilt = buildHealthModel(
      { ...model.parameters, vsl: { ...v, central: v.central * k, low: v.low * k, high: v.high * k } },
      model.options,
    );
    e = evaluatorOf(rebuilt, variants);
    variants.set(vsl, e);
    if (variants.size > VSL_VARIANTS) variants.delete(variants.keys().next().value!);
    return e;
  };
  const self: HealthEvaluator = {
    id: `${o.erf}/${o.accounting}/${o.thresholdReading}`,
    description: `exposure–response ${o.erf}, damage accounting '${o.accounting}', threshold reading '${o.thresholdReading}', VSL income elasticity ${o.vslIncomeElasticity}`,
    moneyUnit: model.moneyUnit,
    currency: model.currency,
    priceYear: o.priceYear,
    endpoints: endpointInfo(model),
    thresholds: model.thresholds,
    draws: model.draws,
    seed: o.seed,
    referenceVsl,
    withVsl,
    assess: (input: HealthInput, opts?: HealthRunOptions) =>
      assessDamage(modelFor(opts), input, { summaries: opts?.summaries ?? 'all' }),
    assessWithBurden: (input: HealthInput, opts?: HealthRunOptions) =>
      assessDamageAndBurden(modelFor(opts), input, { summaries: opts?.summaries ?? 'all' }),
    mean: (input: HealthInput, opts?: HealthRunOptions) => meanDamage(modelFor(opts), input),
  };
  return self;
}
