import type { Command } from 'commander';
import { registerDatasetCommand } from './dataset.ts';
import { registerDecomposeCommand } from './decompose.ts';
import { registerHealthCommand } from './health.ts';
import { registerMergeCommand } from './merge.ts';
import { registerRsmCommand } from './rsm.ts';
import { registerRunCommand } from './run.ts';
import { registerScenarioCommand } from './scenario.ts';
import { registerServeCommand } from './serve.ts';
import { registerUncertaintyCommand } from './uncertainty.ts';

/**
 * Every command's options and help, one module each. A command's work lives in
 * cli/commands/<name>.ts and loads only when the command runs, so `vchain --version` and
 * `--help` start in a tenth of a second (no analysis, reader or chart module is loaded).
 */
export function registerCommands(program: Command): void {
  registerDecomposeCommand(program);
  registerServeCommand(program);
  registerDatasetCommand(program);
  registerHealthCommand(program);
  registerRunCommand(program);
  registerRsmCommand(program);
  registerUncertaintyCommand(program);
  registerMergeCommand(program);
  registerScenarioCommand(program);
}
