import { buildHealthModel } from '../health/model.ts';
import { DEFAULT_HEALTH_OPTIONS } from '../health/types.ts';
import { ChainEvaluator, type ChainSetup } from './chain.ts';
import {
  type DrawRecord,
  evaluateDraw,
  type HeadlineMeta,
  type HeadlineValues,
  headlineMetas,
  valuesOf,
} from './draws.ts';
import { recipeInputs, shardDraws } from './plan.ts';

/** A draw that could not be evaluated: which one, with what, and why (the CLI names it, exit 2). */
export class DrawError extends Error {
  constructor(
    readonly draw: number,
    override readonly cause: unknown,
  ) {
    super(`draw ${draw}: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'DrawError';
  }
}

export interface ShardRun {
  readonly metas: readonly HeadlineMeta[];
  readonly records: DrawRecord[];
  /** The default run's headline values (computed on shard 0 only, else null). */
  readonly reference: HeadlineValues | null;
}

/** Progress callbacks: the default run is done (draws start), a draw is done. */
export interface ShardHooks {
  readonly onStart?: () => void;
  readonly onDraw?: (done: number, total: number, draw: number) => void;
}

/**
 * The draws of one shard (all draws for `{ index: 0, count: 1 }`), in draw order, plus the default
 * run on shard 0: the recipe's choices with the full health Monte Carlo of `vchain run` (1000
 * draws, its default seed).
 */
export function runShard(
  setup: ChainSetup,
  plan: { readonly seed: number; readonly draws: number },
  shard: { readonly index: number; readonly count: number },
  hooks: ShardHooks = {},
): ShardRun {
  const evaluator = new ChainEvaluator(setup);
  const planInputs = { seed: plan.seed, emissionRows: setup.emissionRows };
  let metas: readonly HeadlineMeta[] | undefined;
  let reference: HeadlineValues | null = null;
  if (shard.index === 0) {
    const model = buildHealthModel(setup.health, {
      draws: DEFAULT_HEALTH_OPTIONS.draws,
      seed: DEFAULT_HEALTH_OPTIONS.seed,
      thresholds: [setup.headlineThreshold],
    });
    const run = evaluator.evaluate(
      { ...recipeInputs(setup.emissionRows), exposureResponseSeed: 0, valuationSeed: 0 },
      model,
    );
    metas = headlineMetas(run.headline);
    reference = valuesOf(run, metas);
    evaluator.clear();
  }
  const draws = shardDraws(plan.draws, shard);
  const records: DrawRecord[] = [];
  hooks.onStart?.();
  draws.forEach((k, done) => {
    try {
      const r = evaluateDraw(planInputs, evaluator, k, metas);
      metas = r.metas;
      records.push(r.record);
    } catch (e) {
      throw new DrawError(k, e);
    }
    hooks.onDraw?.(done + 1, draws.length, k);
  });
  if (!metas) {
    // A shard without draws still names the headline rows (from one recipe run, one health draw).
    const run = evaluator.evaluate({
      ...recipeInputs(setup.emissionRows),
      exposureResponseSeed: 0,
      valuationSeed: 0,
    });
    metas = headlineMetas(run.headline);
  }
  return { metas, records, reference };
}
