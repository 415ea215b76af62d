import type { Command } from 'commander';
import { AtomicOutputDir } from '../../io/atomicOutput.ts';
import { csvMrioFolderFiles } from '../../io/csvMrioWriter.ts';
import { readDataset } from '../../io/datasetStore.ts';
import { DEFAULT_DATASET_DIR } from '../../io/defaultDataset.ts';
import { ExportError } from '../../io/exactText.ts';
import { InputError } from '../../io/inputError.ts';
import { pymrioFolderFiles } from '../../io/pymrioWriter.ts';

const FORMATS = ['pymrio', 'csv'] as const;
type ExportFormat = (typeof FORMATS)[number];

/** `vchain dataset export`: the dataset's MRIO, satellites and primary inputs for pymrio, MARIO or the CSV reader. */
export function registerDatasetExport(ds: Command): void {
  ds.command('export')
    .description(
      "Write a dataset's MRIO with its satellites and primary inputs as a pymrio text folder or vchain's CSV layout",
    )
    .option('--dataset <dir>', 'dataset folder (default: the embedded default dataset)', DEFAULT_DATASET_DIR)
    .requiredOption('--format <format>', `output layout (${FORMATS.join(' | ')})`)
    .requiredOption('--out <dir>', 'output folder (written atomically)')
    .addHelpText(
      'after',
      `
Examples:
  $ vchain dataset export --format pymrio --out /tmp/china-pymrio   # then in Python: pymrio.load_all('/tmp/china-pymrio')
  $ vchain dataset export --format csv --out /tmp/china-csv
  $ vchain dataset export --dataset /tmp/china-paper-totals --format pymrio --out /tmp/paper-pymrio
  $ vchain decompose --mrio /tmp/china-pymrio --out /tmp/decomposed   # same value chains as the dataset
Numbers are written as shortest round-trip decimals: reading the export back gives the same doubles.
pymrio layout: Z.txt, Y.txt, x.txt, unit.txt, population.txt, one extension folder per satellite kind
(final users' direct amounts in F_Y.txt under the first final-demand category), primary_inputs/.
See docs/formats.md §5.`,
    )
    .action((opts: { dataset: string; format: string; out: string }) => {
      if (!(FORMATS as readonly string[]).includes(opts.format))
        throw new InputError(
          '--format',
          `unknown format '${opts.format}'`,
          undefined,
          undefined,
          FORMATS.join(' or '),
        );
      const format = opts.format as ExportFormat;
      const t0 = performance.now();
      const d = readDataset(opts.dataset);
      const description = `${d.provenance.title}. ${d.provenance.note}`;
      let files: Map<string, Uint8Array>;
      try {
        files =
          format === 'pymrio'
            ? pymrioFolderFiles(d.mrio, { population: d.population, description, version: d.provenance.id })
            : csvMrioFolderFiles(d.mrio, { meta: { provenance: d.provenance } });
      } catch (e) {
        // A value that cannot be written exactly is a defect of the dataset folder.
        if (e instanceof ExportError) throw new InputError(opts.dataset, e.message);
        throw e;
      }
      const out = new AtomicOutputDir(opts.out);
      try {
        for (const [name, bytes] of files) out.write(name, bytes);
        out.commit();
      } catch (e) {
        out.abort();
        throw e;
      }
      let bytes = 0;
      for (const b of files.values()) bytes += b.length;
      const m = d.mrio;
      process.stdout.write(
        `wrote ${opts.out} (${format}: ${files.size} files, ${(bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(2)} s\n` +
          `${m.regions.length} regions × ${m.sectors.length} sectors, ${m.finalDemand.categories.length} final-demand categories, ` +
          `${m.satellites.length} satellites, ${m.primaryInputs?.length ?? 0} primary inputs; money in ${m.monetaryUnit}\n`,
      );
      if (d.provenance.isDemonstration) process.stdout.write(`NOTE: ${d.provenance.note}\n`);
    });
}
