import { AtomicOutputDir } from '../../io/atomicOutput.ts';
import { csvMrioFolderFiles } from '../../io/csvMrioWriter.ts';
import { readDataset } from '../../io/datasetStore.ts';
import { ExportError } from '../../io/exactText.ts';
import { InputError } from '../../io/inputError.ts';
import { pymrioFolderFiles } from '../../io/pymrioWriter.ts';
import { type ExportFormat, EXPORT_FORMATS as FORMATS } from '../definitions/dataset.ts';

/** `vchain dataset export` (options: cli/definitions/dataset.ts). */
export function datasetExportAction(opts: { dataset: string; format: string; out: string }): void {
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
  out.commitFiles(files);
  let bytes = 0;
  for (const b of files.values()) bytes += b.length;
  const m = d.mrio;
  process.stdout.write(
    `wrote ${opts.out} (${format}: ${files.size} files, ${(bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(2)} s\n` +
      `${m.regions.length} regions × ${m.sectors.length} sectors, ${m.finalDemand.categories.length} final-demand categories, ` +
      `${m.satellites.length} satellites, ${m.primaryInputs?.length ?? 0} primary inputs; money in ${m.monetaryUnit}\n`,
  );
  if (d.provenance.isDemonstration) process.stdout.write(`NOTE: ${d.provenance.note}\n`);
}
