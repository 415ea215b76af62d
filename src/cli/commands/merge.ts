import type { Command } from 'commander';
import { AtomicOutputDir } from '../../io/atomicOutput.ts';
import { combineParts, readPart } from '../../io/uncertaintyParts.ts';
import { writeUncertaintyOutputs } from '../../report/uncertaintyReport.ts';
import { buildUncertaintyResult } from '../../uncertainty/result.ts';

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
    .action((parts: string[], opts: { out: string; quiet: boolean }) => mergeCommand(parts, opts));
}

export function mergeCommand(dirs: readonly string[], opts: { out: string; quiet: boolean }): void {
  const out = new AtomicOutputDir(opts.out, { command: 'merge', inputs: [...dirs] });
  try {
    const parts = dirs.map(readPart);
    const { plan, metas, records, reference } = combineParts(dirs, parts);
    writeUncertaintyOutputs(out, buildUncertaintyResult(plan, metas, records, reference));
    out.commit();
    if (!opts.quiet)
      process.stderr.write(`vchain merge: ${parts.length} shards, ${records.length} draws → ${out.target}\n`);
  } catch (e) {
    out.abort();
    throw e;
  }
}
