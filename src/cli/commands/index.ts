import type { Command } from 'commander';
import { registerDatasetCommand } from './dataset.ts';
import { registerDecomposeCommand } from './decompose.ts';

/** Each command lives in its own module and registers itself here (one line each). */
export function registerCommands(program: Command): void {
  void program;
  registerDecomposeCommand(program);
  registerDatasetCommand(program);
}
