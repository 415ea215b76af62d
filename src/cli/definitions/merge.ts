import type { Command } from 'commander';

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description(
      'Combines the shard folders of `vchain uncertainty --shard i/N` into its outputs: the same bytes as one run with the same --draws and --seed. Refuses shards of another plan, a shard given twice or a missing one.',
    )
    .argument('<parts...>', 'the N shard folders (any order)')
    .requiredOption('--out <dir>', 'output folder')
    .option('--quiet', 'no summary line', false)
    .addHelpText(
      'after',
      `
Example:
  $ vchain merge parts/0 parts/1 parts/2 parts/3 --out out/unc`,
    )
    .action(async (parts: string[], opts: { out: string; quiet: boolean }) =>
      (await import('../commands/merge.ts')).mergeCommand(parts, opts),
    );
}
