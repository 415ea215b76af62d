/** Public API of the analysis (`vchain/analysis`, docs/analysis.md): the paper's questions composed from the core. */
export { healthEvaluatorFrom } from './healthAdapter.ts';
export type { HealthEvaluator, HealthRunOptions } from './healthEvaluator.ts';
export { PIPELINE_STAGES, runPipeline } from './pipeline.ts';
export { type PreparedAnalysis, prepareAnalysis } from './prepare.ts';
export * from './runResult.ts';
export {
  LIVE_WHAT_IF,
  QUICK_WHAT_IF,
  type RunContext,
  type RunHooks,
  runScenario,
  runScenarioAsync,
  type Scenario,
} from './scenario.ts';
