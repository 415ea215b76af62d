import { join } from 'node:path';
import {
  buildDataset,
  CONTROL_TOTALS,
  type DatasetBuildOptions,
  resolveRecipe,
} from '../../dataset/build.ts';
import { tradeRelatedShares } from '../../dataset/checks.ts';
import type { ControlTotalsId } from '../../dataset/china2017Emissions.ts';
import { PROVINCIAL_LABEL } from '../../dataset/china2017ProvincialBuild.ts';
import { checkLines, provenanceMarkdown } from '../../dataset/provenanceDoc.ts';
import { AtomicOutputDir, checkOutputFolder } from '../../io/atomicOutput.ts';
import { readDataset, readDatasetManifest } from '../../io/datasetStore.ts';
import { parseDecimal } from '../../io/decimalNumber.ts';
import { clipEcho, InputError } from '../../io/inputError.ts';
import { PRECURSORS } from '../../mrio/model.ts';

const PAPER_TRADE_SHARE = '34.3–40.6 %';

export interface DatasetBuildCliOptions {
  recipe: string;
  sources: string;
  maps: string;
  controlTotals: string;
  scaleToNational: boolean;
  goodsDistanceDecay?: string;
  out: string;
  tradeShare: boolean;
}

/** `vchain dataset build` (options: cli/definitions/dataset.ts). */
export function datasetBuildAction(opts: DatasetBuildCliOptions): void {
  const recipe = resolveRecipe(opts.recipe);
  if (!(CONTROL_TOTALS as readonly string[]).includes(opts.controlTotals))
    throw new InputError(
      '--control-totals',
      `unknown '${opts.controlTotals}'`,
      undefined,
      undefined,
      CONTROL_TOTALS.join(' or '),
    );
  const options: DatasetBuildOptions = {
    recipe,
    sourcesDir: opts.sources,
    mapsDir: opts.maps,
    controlTotals: opts.controlTotals as ControlTotalsId,
    scaleToNational: opts.scaleToNational,
    ...(opts.goodsDistanceDecay !== undefined
      ? { goodsDistanceDecay: decayOption(opts.goodsDistanceDecay) }
      : {}),
  };
  const outputOptions = { command: 'dataset build', inputs: [opts.sources, opts.maps] };
  checkOutputFolder(opts.out, outputOptions);
  const t0 = performance.now();
  const { files, summary } = buildDataset(options);
  files.set('PROVENANCE.md', Buffer.from(provenanceMarkdown(summary), 'utf8'));
  const out = new AtomicOutputDir(opts.out, outputOptions);
  out.commitFiles(files);
  const p = (s: string) => process.stdout.write(`${s}\n`);
  p(
    `wrote ${opts.out} (${[...files].map(([k, v]) => `${k} ${v.length} B`).join(', ')}) in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
  );
  p(
    recipe === 'china2017-national'
      ? 'DEMONSTRATION dataset: regionalised from national statistics, NOT the CEADs MRIO.'
      : `${PROVINCIAL_LABEL} Cleaning report: ${join(opts.out, 'cleaning_report.csv')}.`,
  );
  for (const line of checkLines(summary)) p(line);
  for (const q of PRECURSORS) {
    const v = summary.nationalTotals_t[q];
    p(
      `${q} national total ${(v.model / 1e6).toFixed(3)} Mt (control ${(v.control / 1e6).toFixed(3)} Mt, ${summary.controlTotals}); households' share of transport ${(summary.householdTransportShare[q] * 100).toFixed(1)} %`,
    );
  }
  if (opts.tradeShare) {
    const shares = tradeRelatedShares(readDataset(opts.out));
    p(
      `trade-related share of national emissions (parts 2+3+4 / total incl. direct; paper ${PAPER_TRADE_SHARE}, a report, not a target):`,
    );
    p(`  ${PRECURSORS.map((q) => `${q} ${(shares[q] * 100).toFixed(1)} %`).join(', ')}`);
  }
}

/** `vchain dataset info [dir]`. */
export function datasetInfoAction(dir: string): void {
  const j = readDatasetManifest(dir);
  const t0 = performance.now();
  const d = readDataset(dir);
  const ms = performance.now() - t0;
  const m = d.mrio;
  const p = (s: string) => process.stdout.write(`${s}\n`);
  p(`${d.provenance.title}`);
  p(`id ${d.provenance.id}; encoding ${j.encoding}; loaded in ${ms.toFixed(0)} ms`);
  if (d.provenance.label) p(d.provenance.label);
  if (d.provenance.isDemonstration)
    p(
      `DEMONSTRATION dataset (provenance.isDemonstration): every output is labelled so. NOTE: ${d.provenance.note}`,
    );
  p(
    `${m.regions.length} regions × ${m.sectors.length} sectors; money in ${m.monetaryUnit}; final-demand categories: ${m.finalDemand.categories.join(', ')}`,
  );
  let x = 0;
  for (const v of m.x) x += v;
  p(`total output ${x.toExponential(4)} ${m.monetaryUnit}`);
  for (const s of m.satellites) {
    let t = 0;
    for (const v of s.values) t += v;
    let dd = 0;
    for (const v of s.direct ?? []) dd += v;
    p(
      `  ${s.name.padEnd(18)} ${s.kind.padEnd(17)} ${t.toExponential(4)} ${s.unit}${s.direct ? ` + direct ${dd.toExponential(4)}` : ''}`,
    );
  }
  let pop = 0;
  for (const v of d.population.values) pop += v;
  p(`population ${pop.toExponential(4)} ${d.population.unit}; zones: ${[...new Set(d.zones)].join(', ')}`);
  p(`sources: ${d.provenance.sources.length} (see PROVENANCE.md in the folder)`);
}

function decayOption(v: string): number {
  const b = parseDecimal(v);
  if (b === undefined || !(b >= 0 && b <= 10))
    throw new InputError(
      '--goods-distance-decay',
      clipEcho(v),
      undefined,
      undefined,
      'a decimal number in [0, 10]',
    );
  return b;
}
