import cliProgress from 'cli-progress';
import { AtomicOutputDir, checkOutputFolder } from '../../io/atomicOutput.ts';
import { InputError } from '../../io/inputError.ts';
import { type MrioFormat, readMrioTable } from '../../io/mrioFormats.ts';
import { checkedJson } from '../../io/outputGuard.ts';
import { runManifest } from '../../io/runManifest.ts';
import { bilateralCsvChars, checkCsvOutputSize, inverseCsvChars } from '../../io/textLimits.ts';
import { TidyCsv } from '../../io/tidyCsv.ts';
import { prepareLinalg } from '../../linalg/gemm.ts';
import { MrioError } from '../../mrio/errors.ts';
import type { ValueChainResult } from '../../mrio/results.ts';
import { decomposeValueChainAsync, IdentityError } from '../../mrio/valueChain.ts';

const WWZ_NOTE =
  'EX_sr and FE_sr are the domestic (DVA) and foreign (MVA+OVA) content terms of the Wang-Wei-Zhu bilateral ' +
  'gross-export decomposition with value added replaced by each intensity row. For a value-added indicator the 16 WWZ ' +
  'terms (these plus the returned and double-counted terms) sum to gross exports; for emissions, employment or income ' +
  'components they need not.';

/** Writes the tidy tables of a decomposition into an (atomic) output folder. */
export function writeDecomposition(out: AtomicOutputDir, res: ValueChainResult): Record<string, number> {
  const { regions, sectors } = res;
  const G = regions.length;
  const N = sectors.length;
  const accounts = new TidyCsv(['indicator', 'unit', 'region', 'sector', 'measure', 'value'], 'accounts.csv');
  const bilateral = new TidyCsv(
    ['indicator', 'unit', 'from_region', 'to_region', 'sector', 'measure', 'value'],
    'bilateral.csv',
  );
  const origin = new TidyCsv(
    ['indicator', 'unit', 'from_region', 'to_region', 'origin_region', 'value'],
    'fe_origin.csv',
  );
  const flows = new TidyCsv(['indicator', 'unit', 'from_region', 'to_region', 'value'], 'flows.csv');
  for (const acc of res.indicators) {
    const { indicator, unit } = acc;
    const local = new Float64Array(G * N);
    const upstream = new Float64Array(G * N);
    for (let s = 0; s < G; s++)
      for (let r = 0; r < G; r++)
        for (let i = 0; i < N; i++) {
          const k = (s * G + r) * N + i;
          local[s * N + i] += acc.exFinal[k] + acc.exIntermediate[k];
          upstream[s * N + i] += acc.feFinal[k] + acc.feIntermediate[k];
        }
    const perSector: [string, Float64Array][] = [
      ['production', acc.production],
      ['intra_regional', acc.intraRegional],
      ['imports_embodied', acc.importsEmbodied],
      ['final_exports', acc.finalExports],
      ['intermediate_exports', acc.intermediateExports],
      ['local_exports', local],
      ['upstream_exports', upstream],
    ];
    for (let s = 0; s < G; s++) {
      for (const [measure, v] of perSector) {
        let tot = 0;
        for (let i = 0; i < N; i++) {
          accounts.add([indicator, unit, regions[s], sectors[i], measure, v[s * N + i]]);
          tot += v[s * N + i];
        }
        accounts.add([indicator, unit, regions[s], 'ALL', measure, tot]);
      }
      accounts.add([indicator, unit, regions[s], 'ALL', 'consumption', acc.consumption[s]]);
      if (acc.direct) accounts.add([indicator, unit, regions[s], 'ALL', 'direct', acc.direct[s]]);
    }
    const terms: [string, Float64Array][] = [
      ['ex_final', acc.exFinal],
      ['ex_intermediate', acc.exIntermediate],
      ['fe_final', acc.feFinal],
      ['fe_intermediate', acc.feIntermediate],
    ];
    for (let s = 0; s < G; s++)
      for (let r = 0; r < G; r++) {
        flows.add([indicator, unit, regions[s], regions[r], acc.flows.data[s * G + r]]);
        if (r === s) continue;
        for (const [measure, v] of terms) {
          let tot = 0;
          for (let i = 0; i < N; i++) {
            const x = v[(s * G + r) * N + i];
            bilateral.add([indicator, unit, regions[s], regions[r], sectors[i], measure, x]);
            tot += x;
          }
          bilateral.add([indicator, unit, regions[s], regions[r], 'ALL', measure, tot]);
        }
        for (let t = 0; t < G; t++)
          if (t !== s)
            origin.add([
              indicator,
              unit,
              regions[s],
              regions[r],
              regions[t],
              acc.feByOrigin[(s * G + r) * G + t],
            ]);
      }
  }
  out.write('accounts.csv', accounts.toString());
  out.write('bilateral.csv', bilateral.toString());
  out.write('fe_origin.csv', origin.toString());
  out.write('flows.csv', flows.toString());
  const counts: Record<string, number> = {
    'accounts.csv': accounts.rows,
    'bilateral.csv': bilateral.rows,
    'fe_origin.csv': origin.rows,
    'flows.csv': flows.rows,
  };
  if (res.leontiefInverse) {
    const B = res.leontiefInverse;
    const inv = new TidyCsv(
      ['from_region', 'from_sector', 'to_region', 'to_sector', 'value'],
      'leontief_inverse.csv',
    );
    const n = G * N;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        inv.add([
          regions[Math.floor(i / N)],
          sectors[i % N],
          regions[Math.floor(j / N)],
          sectors[j % N],
          B.data[i * n + j],
        ]);
    out.write('leontief_inverse.csv', inv.toString());
    counts['leontief_inverse.csv'] = inv.rows;
  }
  return counts;
}

export interface DecomposeOpts {
  mrio: string;
  format?: MrioFormat;
  sheet?: string;
  aggregate?: string;
  exportCategory?: string;
  fullInverse?: boolean;
  indicators?: string;
  lenientColumnSums?: boolean;
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
  const { mrio, format } = await readMrioTable(opts.mrio, opts.format, {
    exportCategory: opts.exportCategory,
    strictColumnSums,
    ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
    ...(opts.aggregate !== undefined ? { aggregate: opts.aggregate } : {}),
  });
  const readSeconds = (performance.now() - t0) / 1000;
  // Outputs built as one string each: refused before the work when one would not fit (textLimits.ts).
  const chosen = opts.indicators
    ? mrio.satellites.filter((s) => opts.indicators!.split(',').some((n) => n.trim() === s.name))
    : mrio.satellites;
  checkCsvOutputSize('bilateral.csv', bilateralCsvChars(mrio.regions, mrio.sectors, chosen), opts.mrio);
  if (opts.fullInverse)
    checkCsvOutputSize('leontief_inverse.csv', inverseCsvChars(mrio.regions, mrio.sectors), opts.mrio);
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
    const counts = writeDecomposition(out, res);
    const writeSeconds = (performance.now() - tw) / 1000;
    const warnings = [...new Set([...(mrio.warnings ?? []), ...(res.warnings ?? [])])];
    const manifest = runManifest(
      'decompose',
      inputs,
      {
        format,
        sheet: opts.sheet ?? null,
        aggregate: opts.aggregate ?? null,
        exportCategory: opts.exportCategory ?? null,
        fullInverse: opts.fullInverse === true,
        indicators: opts.indicators ?? null,
        strictColumnSums,
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
