import type { RandomStream } from '../health/sampling.ts';
import { PRECURSORS, type Precursor } from '../mrio/model.ts';
import { integerSeed, keyedStream } from './streams.ts';

/**
 * The draw plan of the full-chain uncertainty analysis (docs/uncertainty.md): five groups of
 * uncertain inputs, each drawn from its own keyed stream, and the pick-freeze design of Saltelli
 * et al. (2010, Comput. Phys. Commun. 181:259): per draw k two independent joint samples A_k and
 * B_k and, per group g, A_k with group g's inputs taken from B_k.
 */
export const UNCERTAINTY_GROUPS = ['trade', 'emissions', 'surface', 'exposureResponse', 'valuation'] as const;
export type UncertaintyGroup = (typeof UNCERTAINTY_GROUPS)[number];

export const GROUP_LABELS: Readonly<Record<UncertaintyGroup, string>> = {
  trade: 'trade split',
  emissions: 'emission inventory',
  surface: 'response surface',
  exposureResponse: 'exposure–response',
  valuation: 'valuation',
};

/** The evaluations of one draw: the two joint samples and one pick-freeze hybrid per group. */
export const SAMPLES = ['A', 'B'] as const;
export type Sample = (typeof SAMPLES)[number];

export type Distribution =
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'triangular'; readonly low: number; readonly mode: number; readonly high: number };

/** A trade-model parameter of the recipe china2017-provincial with its distribution and reason. */
export interface TradeParameter {
  readonly name: TradeParameterName;
  readonly label: string;
  /** The recipe's own value (docs/dataset.md). */
  readonly recipe: number;
  readonly distribution: Distribution;
  readonly why: string;
}

export type TradeParameterName =
  | 'goodsDistanceDecay'
  | 'servicesDistanceDecay'
  | 'contiguityFactor'
  | 'reflowFraction'
  | 'reconciliationWeight';

/**
 * The recipe's trade-model choices as distributions, drawn in this order from the trade stream.
 * None is estimated from data (no inter-provincial trade is published); each range spans choices
 * the recipe documents or the project's other recipe makes.
 */
export const TRADE_PARAMETERS: readonly TradeParameter[] = [
  {
    name: 'goodsDistanceDecay',
    label: 'distance decay β of goods (sectors 01–24)',
    recipe: 1.14,
    distribution: { kind: 'triangular', low: 0, mode: 1.14, high: 2 },
    why: 'mode at the recipe’s 1.14, the median of 328 structural gravity estimates (Head & Mayer 2014, Table 4); 0 is CEADs’ maximum-entropy prior, 2 the steepest decay docs/dataset.md runs as a sensitivity. The spread of the meta-analysis could not be read here: the range is an assumption',
  },
  {
    name: 'servicesDistanceDecay',
    label: 'distance decay of gas, water, construction and services (25–42)',
    recipe: 0,
    distribution: { kind: 'uniform', low: 0, high: 2 },
    why: 'from CEADs’ maximum entropy (0, the recipe) to the services decay 2.0 of vchain’s national recipe (china2017Recipe.ts)',
  },
  {
    name: 'contiguityFactor',
    label: 'prior factor for provinces sharing a border',
    recipe: 1,
    distribution: { kind: 'uniform', low: 1, high: 1.5 },
    why: 'from none (the recipe) to the contiguity bonus 1.5 of vchain’s national recipe',
  },
  {
    name: 'reflowFraction',
    label: 'share of the re-flow removed in cleaning step 4',
    recipe: 1,
    distribution: { kind: 'uniform', low: 0, high: 1 },
    why: 'without (0) and with (1, the recipe and the published CEADs code) the re-flow step; the re-flow is a proportionality estimate and nothing favours either end',
  },
  {
    name: 'reconciliationWeight',
    label: 'step-5 weight w: national trade total Σ OF^(1−w) · Σ IF^w',
    recipe: 0,
    distribution: { kind: 'uniform', low: 0, high: 0.5 },
    why: 'from the producers’ side (0, the recipe) to the geometric mean of the two sides (0.5, the alternative docs/dataset.md computed); a sector whose provinces cannot ship the total keeps the producers’ side',
  },
];

export type TradeDraw = Readonly<Record<TradeParameterName, number>>;

/** Sectors of an emission inventory, mapped to the recipe's 42 sectors and households. */
export const INVENTORY_SECTORS = ['power', 'industry', 'transport', 'agriculture', 'households'] as const;
export type InventorySector = (typeof INVENTORY_SECTORS)[number];

/** One row of the emission-uncertainty table: a 95 % interval of a precursor (and sector, or all). */
export interface EmissionUncertaintyRow {
  readonly precursor: Precursor;
  readonly sector: InventorySector | '*';
  /** 2.5 % and 97.5 % points of the emission factor as fractions: −0.14 for −14 %. */
  readonly low: number;
  readonly high: number;
  readonly source: string;
}

/**
 * The lognormal factor with 2.5 % and 97.5 % points 1 + low and 1 + high: ln F ~ N(μ, σ²) with
 * μ = (ln(1+low) + ln(1+high))/2, σ = (ln(1+high) − ln(1+low))/(2·1.95996). The published
 * intervals are skewed; a lognormal keeps the factor positive and reproduces both ends.
 */
export function lognormalOfInterval(low: number, high: number): { mu: number; sigma: number } {
  const a = Math.log1p(low);
  const b = Math.log1p(high);
  return { mu: (a + b) / 2, sigma: (b - a) / (2 * Z975) };
}

export const Z975 = 1.959963984540054;

/** Everything the chain needs from one joint sample (or a pick-freeze hybrid). */
export interface DrawInputs {
  readonly trade: TradeDraw;
  /** One factor per emission-uncertainty row, in table order. */
  readonly emissionFactors: readonly number[];
  /** Standard normal shared by the receptors' surface errors ε_i = σ_i·z. */
  readonly surfaceZ: number;
  /** Seeds of a one-draw health model: ERF draw and morbidity coefficients / VSL and unit values. */
  readonly exposureResponseSeed: number;
  readonly valuationSeed: number;
}

/** What a plan needs to know of its inputs to draw a sample. */
export interface PlanInputs {
  readonly seed: number;
  readonly emissionRows: readonly EmissionUncertaintyRow[];
}

function drawFrom(d: Distribution, s: RandomStream): number {
  return d.kind === 'uniform' ? d.low + (d.high - d.low) * s.uniform() : s.triangular(d.low, d.mode, d.high);
}

/** The inputs of group g in sample `sample` of draw k: a function of (seed, k, sample, g) only. */
export function sampleGroup(plan: PlanInputs, draw: number, sample: Sample, group: UncertaintyGroup) {
  const s = keyedStream(plan.seed, draw, sample, group);
  switch (group) {
    case 'trade': {
      const t = {} as Record<TradeParameterName, number>;
      for (const p of TRADE_PARAMETERS) t[p.name] = drawFrom(p.distribution, s);
      return { trade: t as TradeDraw };
    }
    case 'emissions':
      return {
        emissionFactors: plan.emissionRows.map((r) => {
          const { mu, sigma } = lognormalOfInterval(r.low, r.high);
          return Math.exp(mu + sigma * s.normal());
        }),
      };
    case 'surface':
      return { surfaceZ: s.normal() };
    case 'exposureResponse':
      return { exposureResponseSeed: integerSeed(s) };
    case 'valuation':
      return { valuationSeed: integerSeed(s) };
  }
}

/** A whole joint sample (all groups) of draw k. */
export function sampleInputs(plan: PlanInputs, draw: number, sample: Sample): DrawInputs {
  return Object.assign(
    {},
    ...UNCERTAINTY_GROUPS.map((g) => sampleGroup(plan, draw, sample, g)),
  ) as DrawInputs;
}

/** A_B^(g): sample A with group g's inputs taken from sample B (Saltelli 2010, §2). */
export function pickFreeze(a: DrawInputs, b: DrawInputs, group: UncertaintyGroup): DrawInputs {
  switch (group) {
    case 'trade':
      return { ...a, trade: b.trade };
    case 'emissions':
      return { ...a, emissionFactors: b.emissionFactors };
    case 'surface':
      return { ...a, surfaceZ: b.surfaceZ };
    case 'exposureResponse':
      return { ...a, exposureResponseSeed: b.exposureResponseSeed };
    case 'valuation':
      return { ...a, valuationSeed: b.valuationSeed };
  }
}

/** The recipe's own choices: no trade variation, factors 1, no surface error (the default run). */
export function recipeInputs(
  emissionRows: readonly unknown[],
): Omit<DrawInputs, 'exposureResponseSeed' | 'valuationSeed'> {
  const t = {} as Record<TradeParameterName, number>;
  for (const p of TRADE_PARAMETERS) t[p.name] = p.recipe;
  return { trade: t as TradeDraw, emissionFactors: emissionRows.map(() => 1), surfaceZ: 0 };
}

/** Draws of shard i of n (0-based): k = i, i + n, i + 2n, … < draws. */
export function shardDraws(
  draws: number,
  shard: { readonly index: number; readonly count: number },
): number[] {
  const out: number[] = [];
  for (let k = shard.index; k < draws; k += shard.count) out.push(k);
  return out;
}

/** Precursors in table order (re-exported for the emission table reader). */
export const PLAN_PRECURSORS: readonly Precursor[] = PRECURSORS;
