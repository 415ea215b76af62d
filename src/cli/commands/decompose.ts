import cliProgress from 'cli-progress';
import { AtomicOutputDir, checkOutputFolder } from '../../io/atomicOutput.ts';
import { DATA_PACKAGE_FILE, dataPackage, dataPackageJson } from '../../io/dataPackage.ts';
import { digestInputsInBackground } from '../../io/inputDigest.ts';
import { InputError } from '../../io/inputError.ts';
import { type MrioFormat, readMrioTable } from '../../io/mrioFormats.ts';
import { checkedJson } from '../../io/outputGuard.ts';
import { runManifest } from '../../io/runManifest.ts';
import type { TablesOption } from '../../io/tableWriter.ts';
import { prepareLinalg } from '../../linalg/gemm.ts';
import { MrioError } from '../../mrio/errors.ts';
import type { ValueChainResult } from '../../mrio/results.ts';
import { decomposeValueChainAsync, IdentityError } from '../../mrio/valueChain.ts';
import { writeDecompositionTables } from '../../report/decompositionTables.ts';

const WWZ_NOTE =
  'EX_sr and FE_sr are the domestic (DVA) and foreign (MVA+OVA) content terms of the Wang-Wei-Zhu bilateral ' +
  'gross-export decomposition with value added replaced by each intensity row. For a value-added indicator the 16 WWZ ' +
  'terms (these plus the returned and double-counted terms) sum to gross exports; for emissions, employment or income ' +
  'components they need not.';

export interface DecomposeOpts {
  mrio: string;
  format?: MrioFormat;
  sheet?: string;
  aggregate?: string;
  exportCategory?: string;
  fullInverse?: boolean;
  indicators?: string;
  lenientColumnSums?: boolean;
  tables?: TablesOption;
  out: string;
}

export async function runDecompose(opts: DecomposeOpts): Promise<ValueChainResult> {
  const started = new Date();
  const t0 = performance.now();
  const tty = process.stderr.isTTY === true;
  const strictColumnSums = !opts.lenientColumnSums;
  const inputs = [opts.mrio, ...(opts.aggregate ? [opts.aggregate] : [])];
  const outputOptions = { command: 'decompose', inputs };
  checkOutputFolder(opts.out, outputOptions);
  // run.json's SHA-256 of the inputs: hashed on a worker while the table is read (the kernel
  // helper thread is idle then).
  const digests = digestInputsInBackground(inputs);
  const { mrio, format } = await readMrioTable(opts.mrio, opts.format, {
    exportCategory: opts.exportCategory,
    strictColumnSums,
    ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
    ...(opts.aggregate !== undefined ? { aggregate: opts.aggregate } : {}),
  });
  const readSeconds = (performance.now() - t0) / 1000;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: 'decompose [{bar}] {value}/{total} {step}', clearOnComplete: true, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let res: ValueChainResult;
  try {
    bar?.start(1, 0, { step: '' });
    res = await decomposeValueChainAsync(mrio, {
      fullInverse: opts.fullInverse === true,
      strictColumnSums,
      ...(opts.indicators ? { indicators: opts.indicators.split(',').map((s) => s.trim()) } : {}),
      onStep: (step, i, total) => {
        if (!bar) return;
        bar.setTotal(total);
        bar.update(i, { step });
        bar.render();
      },
    });
    bar?.stop();
  } catch (e) {
    bar?.stop();
    if (e instanceof MrioError) throw new InputError(opts.mrio, e.message);
    if (e instanceof IdentityError)
      throw new InputError(
        opts.mrio,
        `${e.message}: the decomposition of this table does not add up, so nothing was written`,
        undefined,
        undefined,
        'identities within their tolerance (docs/formats.md; check for huge or tiny entries)',
      );
    throw e;
  }
  const out = new AtomicOutputDir(opts.out, outputOptions);
  try {
    const tw = performance.now();
    const written = writeDecompositionTables(out, res, opts.tables ?? 'auto');
    const counts = Object.fromEntries(written.map((t) => [t.path, t.rows]));
    out.write(
      DATA_PACKAGE_FILE,
      dataPackageJson(
        dataPackage(
          'vchain-decompose',
          `Value-chain decomposition of ${mrio.name}`,
          `vchain decompose of ${opts.mrio}: ${mrio.regions.length} regions × ${mrio.sectors.length} sectors, monetary unit ${mrio.monetaryUnit}`,
          written,
          started,
        ),
      ),
    );
    const writeSeconds = (performance.now() - tw) / 1000;
    const warnings = [...new Set([...(mrio.warnings ?? []), ...(res.warnings ?? [])])];
    const manifest = runManifest(
      'decompose',
      await digests.result(),
      {
        format,
        sheet: opts.sheet ?? null,
        aggregate: opts.aggregate ?? null,
        exportCategory: opts.exportCategory ?? null,
        fullInverse: opts.fullInverse === true,
        indicators: opts.indicators ?? null,
        strictColumnSums,
        tables: opts.tables ?? 'auto',
      },
      {
        table: {
          name: mrio.name,
          regions: mrio.regions.length,
          sectors: mrio.sectors.length,
          finalDemandCategories: mrio.finalDemand.categories,
          monetaryUnit: mrio.monetaryUnit,
          indicators: res.indicators.map((a) => ({ name: a.indicator, unit: a.unit })),
        },
        identities: res.identities,
        identityTolerance: 1e-9,
        timings: { read: readSeconds, ...res.timings, write: writeSeconds },
        outputs: counts,
        warnings,
        tableNotes: mrio.notes ?? [],
        notes: [
          WWZ_NOTE,
          'Four parts are per emitting (region, sector); EX/FE terms per exported sector of the exporting region (docs/terminology.md).',
        ],
      },
      started,
    );
    out.write('run.json', checkedJson(manifest, 'run.json', { indent: 2, from: opts.mrio }));
    out.commit();
    for (const note of mrio.notes ?? []) process.stderr.write(`vchain: note: ${note}\n`);
    for (const w of warnings) process.stderr.write(`vchain: warning: ${w}\n`);
    const worst = Math.max(0, ...res.identities.map((c) => c.maxRelativeResidual));
    process.stderr.write(
      `vchain: decomposed ${res.indicators.length} indicator(s), ${mrio.regions.length} regions × ${mrio.sectors.length} sectors; largest identity residual ${worst.toExponential(2)}; wrote ${out.target}\n`,
    );
  } catch (e) {
    out.abort();
    throw e;
  }
  return res;
}

/** `vchain decompose` (options: cli/definitions/decompose.ts). */
export async function decomposeAction(o: DecomposeOpts): Promise<void> {
  prepareLinalg(); // kernel helper thread boots while the inputs are read
  await runDecompose(o);
}
