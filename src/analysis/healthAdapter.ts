import { assessDamageAndBurden } from '../health/assess.ts';
import {
  assessDamage,
  buildHealthModel,
  endpointInfo,
  type HealthModel,
  meanDamage,
} from '../health/index.ts';
import type { HealthInput } from '../health/types.ts';
import type { HealthConventionChoice, HealthEvaluator, HealthRunOptions } from './healthEvaluator.ts';

/**
 * Wraps a built health model (src/health) as the analysis's HealthEvaluator. Other draw counts,
 * seeds or thresholds rebuild the model from the same parameters (cached per setting), so a
 * scenario can ask for a quick evaluation without changing the run's Monte Carlo; other
 * conventions (ERF, accounting, threshold reading, VSL) rebuild it too (`withConventions`,
 * the last few kept).
 */
export function healthEvaluatorFrom(model: HealthModel): HealthEvaluator {
  return evaluatorOf(model, new Map());
}

/** Convention variants kept per base model (each rebuild re-draws its parameters). */
const VARIANTS = 8;

/** The reference VSL of a model: the mean of its triangular VSL distribution, output-year money. */
const referenceVslOf = (model: HealthModel) => model.parameters.vsl.central * model.vslPriceFactor;

function choiceOf(model: HealthModel): Required<HealthConventionChoice> {
  const o = model.options;
  return {
    erf: o.erf,
    accounting: o.accounting,
    thresholdReading: o.thresholdReading,
    vsl: referenceVslOf(model),
    vslIncomeElasticity: o.vslIncomeElasticity,
  };
}

function evaluatorOf(model: HealthModel, variants: Map<string, HealthEvaluator>): HealthEvaluator {
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
  const conventions = choiceOf(model);
  const withConventions = (choice: HealthConventionChoice): HealthEvaluator => {
    const want: Required<HealthConventionChoice> = {
      erf: choice.erf ?? conventions.erf,
      accounting: choice.accounting ?? conventions.accounting,
      thresholdReading: choice.thresholdReading ?? conventions.thresholdReading,
      vsl: choice.vsl ?? conventions.vsl,
      vslIncomeElasticity: choice.vslIncomeElasticity ?? conventions.vslIncomeElasticity,
    };
    if (!(want.vsl > 0) || !Number.isFinite(want.vsl))
      throw new RangeError(`VSL must be a positive number, got ${want.vsl}`);
    const k = JSON.stringify(want);
    if (k === JSON.stringify(conventions)) return self;
    let e = variants.get(k);
    if (e) {
      variants.delete(k);
      variants.set(k, e);
      return e;
    }
    // The VSL is given in output-year money; the model moves its parameters' price year by
    // vslPriceFactor, so the triangular (low, central, high) is rescaled by one factor: the
    // mean moves to `vsl`, the spread keeps its proportions.
    const v = model.parameters.vsl;
    const scale = want.vsl / referenceVslOf(model);
    const rebuilt = buildHealthModel(
      {
        ...model.parameters,
        vsl: { ...v, central: v.central * scale, low: v.low * scale, high: v.high * scale },
      },
      {
        ...model.options,
        erf: want.erf,
        accounting: want.accounting,
        thresholdReading: want.thresholdReading,
        vslIncomeElasticity: want.vslIncomeElasticity,
      },
    );
    e = evaluatorOf(rebuilt, variants);
    variants.set(k, e);
    if (variants.size > VARIANTS) variants.delete(variants.keys().next().value!);
    return e;
  };
  const self: HealthEvaluator = {
    id: `${o.erf}/${o.accounting}/${o.thresholdReading}`,
    description: `exposure–response ${o.erf}, damage accounting '${o.accounting}', threshold reading '${o.thresholdReading}', VSL ${formatMillions(conventions.vsl)} million ${model.moneyUnit} (mean), income elasticity ${o.vslIncomeElasticity}`,
    moneyUnit: model.moneyUnit,
    currency: model.currency,
    priceYear: o.priceYear,
    endpoints: endpointInfo(model),
    thresholds: model.thresholds,
    draws: model.draws,
    seed: o.seed,
    referenceVsl: conventions.vsl,
    conventions,
    withVsl: (vsl: number) => withConventions({ vsl }),
    withConventions,
    assess: (input: HealthInput, opts?: HealthRunOptions) =>
      assessDamage(modelFor(opts), input, { summaries: opts?.summaries ?? 'all' }),
    assessWithBurden: (input: HealthInput, opts?: HealthRunOptions) =>
      assessDamageAndBurden(modelFor(opts), input, { summaries: opts?.summaries ?? 'all' }),
    mean: (input: HealthInput, opts?: HealthRunOptions) => meanDamage(modelFor(opts), input),
  };
  return self;
}

const formatMillions = (x: number) => String(Number((x / 1e6).toPrecision(4)));
