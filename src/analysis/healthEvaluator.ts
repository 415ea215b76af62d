import type {
  CounterfactualAccounting,
  EndpointInfo,
  ErfName,
  HealthAssessment,
  HealthInput,
  HealthMeanDamage,
  ThresholdReading,
} from '../health/types.ts';

/**
 * The health conventions a run may choose (docs/health.md): exposure–response function,
 * counterfactual accounting, threshold reading, the reference VSL (the mean of its Monte Carlo
 * distribution, in the model's money, before the income transfer) and its income elasticity.
 */
export interface HealthConventionChoice {
  readonly erf?: ErfName;
  readonly accounting?: CounterfactualAccounting;
  readonly thresholdReading?: ThresholdReading;
  readonly vsl?: number;
  readonly vslIncomeElasticity?: number;
}

/** Monte Carlo settings a scenario may override. */
export interface HealthRunOptions {
  readonly thresholds?: readonly number[];
  readonly draws?: number;
  readonly seed?: number;
  /** Summary rows of `assess` (src/health AssessOptions; default 'all'). */
  readonly summaries?: 'all' | 'means';
}

/**
 * The health model as the analysis uses it (METHODS §6): damage of a scenario per receptor =
 * burden(baseline C) − burden(counterfactual C), with the full Monte Carlo or its mean only.
 * Built from src/health by `healthEvaluatorFrom` (healthAdapter.ts).
 */
export interface HealthEvaluator {
  readonly id: string;
  readonly description: string;
  readonly moneyUnit: string; // e.g. 'CNY (2017 prices)'
  readonly currency: string;
  readonly priceYear: number;
  readonly endpoints: readonly EndpointInfo[];
  readonly thresholds: readonly number[];
  readonly draws: number;
  readonly seed: number;
  /** Reference VSL in `moneyUnit` money, before the income-elasticity transfer (when known). */
  readonly referenceVsl?: number;
  /** The conventions this evaluator computes with (when known). */
  readonly conventions?: Required<HealthConventionChoice>;
  /**
   * The same model with the reference VSL set to `vsl` (same money unit; the Monte Carlo range
   * rescaled with it, so only the valuation changes). Absent when the model cannot be rebuilt.
   */
  withVsl?(vsl: number): HealthEvaluator;
  /**
   * The same parameters and Monte Carlo (draws, seed, thresholds) under other conventions;
   * omitted fields keep this evaluator's. Absent when the model cannot be rebuilt.
   */
  withConventions?(choice: HealthConventionChoice): HealthEvaluator;
  /** Full Monte Carlo: summaries and per-draw totals (common random numbers across calls). */
  assess(input: HealthInput, options?: HealthRunOptions): HealthAssessment;
  /**
   * `assess(input)` and `assess(input with pmCounterfactual = 0)` (the baseline burden) in one
   * pass sharing the baseline relative risks; equal to the two calls. Optional.
   */
  assessWithBurden?(
    input: HealthInput,
    options?: HealthRunOptions,
  ): { readonly damage: HealthAssessment; readonly burden: HealthAssessment };
  /** Mean over draws per threshold and region (fast path for many scenarios). */
  mean(input: HealthInput, options?: HealthRunOptions): HealthMeanDamage;
}
