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

/** Each command lives in its own module and registers itself here (one line each). */
export function registerCommands(program: Command): void {
  void program;
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
