import { shapleyBySource } from '../air/attribution.ts';
import { predictValidConcentrations } from '../air/prediction.ts';
import type { EmissionRatios } from '../air/responseSurface.ts';
import type { HealthAssessment, HealthInput } from '../health/types.ts';
import { PRECURSORS, type Precursor, type RegionVector } from '../mrio/model.ts';
import type { EmissionAccounts } from './emissionAccounts.ts';
import type { HealthEvaluator, HealthRunOptions } from './healthEvaluator.ts';
import type { PreparedAnalysis } from './prepare.ts';

/**
 * The trade counterfactual's air quality and health damage with its Shapley attribution to
 * emitting (region, precursor) inputs (METHODS §5–7). Money and deaths are per receptor.
 */
export interface DamageCore {
  readonly ratiosBaseline: EmissionRatios;
  readonly ratiosCounterfactual: EmissionRatios;
  readonly cBaseline: RegionVector;
  readonly cCounterfactual: RegionVector;
  /** C_base − C_cf per receptor (µg/m³). */
  readonly deltaC: Float64Array;
  /**
   * kappa[p][j·G + i]: Shapley contribution of input (j, p) to deltaC_i (µg/m³), exact split:
   * φ(e_base) − φ(e_cf) with players = (region, precursor) inputs; Σ_{j,p} = deltaC_i.
   */
  readonly kappa: Readonly<Record<Precursor, Float64Array>>;
  /** Damage share of input (j, p) in receptor i: kappa / deltaC (0 where deltaC_i = 0). */
  readonly share: Readonly<Record<Precursor, Float64Array>>;
  /** Full Monte Carlo of the trade damage (burden(C_base) − burden(C_cf)). */
  readonly assessment: HealthAssessment;
  /** Burden of the baseline concentrations against 0 µg/m³ (for trade shares). */
  readonly baselineBurden: HealthAssessment;
  readonly headline: number;
  readonly headlineIndex: number;
  /** Per draw × receptor at the headline threshold (index d·G + i). */
  readonly moneyDraws: Float64Array;
  readonly deathsDraws: Float64Array;
  readonly draws: number;
  /** Means over draws per receptor at the headline threshold. */
  readonly moneyMean: Float64Array;
  readonly deathsMean: Float64Array;
  readonly warnings: readonly string[];
}

/** How ExtrapolationError and NegativeConcentrationError name the two emission sets of a run. */
export const BASELINE_EMISSIONS = "the run's emissions";
export const TRADE_COUNTERFACTUAL = 'the trade counterfactual';

/** e = E / E⁰ with E⁰ the dataset's baseline emissions (METHODS §7). */
export function emissionRatios(
  prepared: PreparedAnalysis,
  emissions: (p: Precursor) => Float64Array,
): EmissionRatios {
  const { G, regions } = prepared;
  const ratios = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    const e0 = prepared.baselineEmissions[p];
    const e = emissions(p);
    const r = new Float64Array(G);
    for (let s = 0; s < G; s++) r[s] = e0[s] > 0 ? Math.max(0, e[s]) / e0[s] : 1;
    ratios[p] = r;
  }
  return { regions, ratios };
}

/**
 * Predicted concentrations (METHODS §5) where the surface is valid: ratios inside its training
 * range and no receptor below 0 µg/m³, else ExtrapolationError / NegativeConcentrationError
 * naming `scenario` (src/air/validity.ts; never clamped, never extrapolated).
 */
export function concentrationsAt(
  prepared: PreparedAnalysis,
  ratios: EmissionRatios,
  scenario: string,
): RegionVector {
  return predictValidConcentrations(prepared.rsm, ratios, scenario);
}

export function healthInput(prepared: PreparedAnalysis, base: RegionVector, cf: RegionVector): HealthInput {
  return {
    regions: prepared.regions,
    population: prepared.dataset.population,
    pmBaseline: base,
    pmCounterfactual: cf,
    incomePerCapita: incomePerCapita(prepared),
  };
}

/** Social income per capita (production-based), the VSL transfer's income and the CI's rank variable. */
export function incomePerCapita(prepared: PreparedAnalysis): RegionVector {
  const { G, N } = prepared;
  const pop = prepared.dataset.population.values;
  const inc = prepared.accounts.income.production;
  const v = new Float64Array(G);
  for (let j = 0; j < G * N; j++) v[Math.floor(j / N)] += inc[j];
  for (let s = 0; s < G; s++) v[s] = pop[s] > 0 ? v[s] / pop[s] : 0;
  return { regions: prepared.regions, unit: `${prepared.satellites.income.unit} per person`, values: v };
}

/**
 * Concentrations, Shapley split and health Monte Carlo of a scenario's emissions and its trade
 * counterfactual. `health.evaluator` is the run's health model (its conventions); default the
 * prepared analysis's.
 */
export function computeDamage(
  prepared: PreparedAnalysis,
  emissions: Readonly<Record<Precursor, EmissionAccounts>>,
  health: HealthRunOptions & { readonly headline: number; readonly evaluator?: HealthEvaluator },
): DamageCore {
  const evaluator = health.evaluator ?? prepared.health;
  const { G, regions } = prepared;
  const warnings: string[] = [];
  const ratiosBaseline = emissionRatios(prepared, (p) => emissions[p].baseline);
  const ratiosCounterfactual = emissionRatios(prepared, (p) => emissions[p].counterfactual);
  const cBaseline = concentrationsAt(prepared, ratiosBaseline, BASELINE_EMISSIONS);
  const cCounterfactual = concentrationsAt(prepared, ratiosCounterfactual, TRADE_COUNTERFACTUAL);
  const deltaC = new Float64Array(G);
  for (let i = 0; i < G; i++) deltaC[i] = cBaseline.values[i] - cCounterfactual.values[i];

  // METHODS §7: exact Shapley split of ΔC by input; differences of two splits with the same
  // reference (the surface's baseline) add up to C(e_base) − C(e_cf).
  const phiCf = shapleyBySource(prepared.rsm, ratiosCounterfactual, 'input');
  const isBaseline = PRECURSORS.every((p) => ratiosBaseline.ratios[p].every((x) => x === 1));
  const phiBase = isBaseline ? null : shapleyBySource(prepared.rsm, ratiosBaseline, 'input');
  const kappa = {} as Record<Precursor, Float64Array>;
  const share = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    const k = new Float64Array(G * G);
    const cf = phiCf.bySourcePrecursor![p].values.data;
    const b = phiBase ? phiBase.bySourcePrecursor![p].values.data : null;
    for (let q = 0; q < G * G; q++) k[q] = (b ? b[q] : 0) - cf[q];
    kappa[p] = k;
    const s = new Float64Array(G * G);
    for (let j = 0; j < G; j++)
      for (let i = 0; i < G; i++) if (deltaC[i] !== 0) s[j * G + i] = k[j * G + i] / deltaC[i];
    share[p] = s;
  }

  const thresholds = health.thresholds ?? evaluator.thresholds;
  const headlineIndex = thresholds.indexOf(health.headline);
  if (headlineIndex < 0)
    throw new Error(`headline threshold ${health.headline} µg/m³ is not among ${thresholds.join(', ')}`);
  const runOpts: HealthRunOptions = {
    thresholds,
    draws: health.draws,
    seed: health.seed,
    ...(health.summaries ? { summaries: health.summaries } : {}),
  };
  // Damage and the baseline burden (against 0 µg/m³): one pass when the evaluator can share the
  // baseline relative risks (equal to the two separate assessments).
  const input = healthInput(prepared, cBaseline, cCounterfactual);
  const zero: RegionVector = { regions, unit: cBaseline.unit, values: new Float64Array(G) };
  const both = evaluator.assessWithBurden?.(input, runOpts);
  const assessment = both?.damage ?? evaluator.assess(input, runOpts);
  const baselineBurden = both?.burden ?? evaluator.assess(healthInput(prepared, cBaseline, zero), runOpts);
  const dt = assessment.drawTotals[headlineIndex];
  const draws = assessment.draws;
  const moneyMean = new Float64Array(G);
  const deathsMean = new Float64Array(G);
  for (let d = 0; d < draws; d++)
    for (let i = 0; i < G; i++) {
      moneyMean[i] += dt.money[d * G + i] / draws;
      deathsMean[i] += dt.deaths[d * G + i] / draws;
    }
  return {
    ratiosBaseline,
    ratiosCounterfactual,
    cBaseline,
    cCounterfactual,
    deltaC,
    kappa,
    share,
    assessment,
    baselineBurden,
    headline: health.headline,
    headlineIndex,
    moneyDraws: dt.money,
    deathsDraws: dt.deaths,
    draws,
    moneyMean,
    deathsMean,
    warnings,
  };
}

/**
 * Source → receptor damage per draw-independent share: sr[j·G + i] = Σ_p share_p[j,i] · damage_i
 * (METHODS §7: damage shared in proportion to each source's share of the receptor's ΔC).
 */
export function sourceReceptorDamage(
  core: DamageCore,
  damageByReceptor: Float64Array,
  G: number,
): Float64Array {
  const out = new Float64Array(G * G);
  for (const p of PRECURSORS) {
    const s = core.share[p];
    for (let j = 0; j < G; j++)
      for (let i = 0; i < G; i++) out[j * G + i] += s[j * G + i] * damageByReceptor[i];
  }
  return out;
}

/** Triggered damage of input (s, p), summed over receptors (mean money at the headline threshold). */
export function triggeredByInput(core: DamageCore, G: number): Record<Precursor, Float64Array> {
  const out = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    const v = new Float64Array(G);
    const s = core.share[p];
    for (let j = 0; j < G; j++) for (let i = 0; i < G; i++) v[j] += s[j * G + i] * core.moneyMean[i];
    out[p] = v;
  }
  return out;
}

/**
 * Average damage per tonne of trade-related emission of input (s, p) (money per t): the Shapley
 * damage triggered by (s, p) divided by the tonnes removed. Carries damage onto flows and roles
 * linearly (a stated convention: the average, not the marginal, damage per tonne).
 */
export function damagePerTonne(
  core: DamageCore,
  emissions: Readonly<Record<Precursor, EmissionAccounts>>,
  G: number,
): Record<Precursor, Float64Array> {
  const trig = triggeredByInput(core, G);
  const out = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) {
    const v = new Float64Array(G);
    for (let s = 0; s < G; s++) {
      const t = emissions[p].baseline[s] - emissions[p].counterfactual[s];
      v[s] = t > 0 ? trig[p][s] / t : 0;
    }
    out[p] = v;
  }
  return out;
}
