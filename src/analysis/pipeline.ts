import type { ResponseSurface } from '../air/responseSurface.ts';
import type { Dataset } from '../dataset/model.ts';
import type { HealthEvaluator } from './healthEvaluator.ts';
import { type PreparedAnalysis, prepareAnalysis } from './prepare.ts';
import type { RunResult } from './runResult.ts';
import { type RunContext, type RunHooks, runScenarioAsync, type Scenario } from './scenario.ts';

/** The stages of `vchain run` in order (names as in run.json timings). */
export const PIPELINE_STAGES = [
  'decomposition',
  'emissions',
  'airQualityAndHealth',
  'damageCurves',
  'attribution',
  'pairwiseFlows',
  'mismatch',
  'roles',
  'compensation',
  'assembly',
] as const;

/**
 * The whole analysis (METHODS §7), I/O-free: prepare (decomposition once), then the baseline
 * scenario with the full Monte Carlo and all pairwise flows. The caller loads the inputs and
 * passes their hashes in `context`.
 */
export async function runPipeline(
  dataset: Dataset,
  rsm: ResponseSurface,
  health: HealthEvaluator,
  scenario: Scenario = {},
  hooks: RunHooks = {},
  context: RunContext = {},
): Promise<{ prepared: PreparedAnalysis; result: RunResult }> {
  hooks.onStage?.('decomposition');
  await new Promise<void>((resolve) => setImmediate(resolve));
  const prepared = prepareAnalysis(dataset, rsm, health);
  const result = await runScenarioAsync(prepared, scenario, hooks, context);
  return { prepared, result };
}
