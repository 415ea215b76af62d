import { AtomicOutputDir } from '../../io/atomicOutput.ts';
import { combineParts, readPart } from '../../io/uncertaintyParts.ts';
import { writeUncertaintyOutputs } from '../../report/uncertaintyReport.ts';
import { buildUncertaintyResult } from '../../uncertainty/result.ts';

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
