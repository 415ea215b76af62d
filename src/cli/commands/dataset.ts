import { join } from 'node:path';
import type { Command } from 'commander';
import {
  buildDataset,
  CONTROL_TOTALS,
  type DatasetBuildOptions,
  DEFAULT_RECIPE,
  RECIPES,
  resolveRecipe,
} from '../../dataset/build.ts';
import { tradeRelatedShares } from '../../dataset/checks.ts';
import type { ControlTotalsId } from '../../dataset/china2017Emissions.ts';
import { PROVINCIAL_LABEL } from '../../dataset/china2017ProvincialBuild.ts';
import { checkLines, provenanceMarkdown } from '../../dataset/provenanceDoc.ts';
import { AtomicOutputDir, checkOutputFolder } from '../../io/atomicOutput.ts';
import { readDataset, readDatasetManifest } from '../../io/datasetStore.ts';
import { parseDecimal } from '../../io/decimalNumber.ts';
import { DEFAULT_DATASET_DIR } from '../../io/defaultDataset.ts';
import { clipEcho, InputError } from '../../io/inputError.ts';
import { PACKAGE_DATA_DIR } from '../../io/packageData.ts';
import { PRECURSORS } from '../../mrio/model.ts';
import { registerDatasetExport } from './datasetExport.ts';

const PAPER_TRADE_SHARE = '34.3–40.6 %';

export function registerDatasetCommand(program: Command): void {
  const ds = program
    .command('dataset')
    .description('Build or inspect a dataset (MRIO + satellites + population + zones)');

  ds.command('build')
    .description(
      'Build a provincial MRIO dataset with a recipe (default: from the 31 official provincial tables) and write its folder',
    )
    .option(
      '--recipe <id>',
      `recipe: ${RECIPES.join(' | ')} (alias: china2017 = china2017-national)`,
      DEFAULT_RECIPE,
    )
    .option(
      '--sources <dir>',
      'folder of published inputs (see data/sources/PROVENANCE.md)',
      join(PACKAGE_DATA_DIR, 'sources'),
    )
    .option(
      '--maps <dir>',
      'folder with zones_china31.csv and sector_roles_42.csv',
      join(PACKAGE_DATA_DIR, 'maps'),
    )
    .option(
      '--control-totals <id>',
      `national emission control totals (${CONTROL_TOTALS.join(' | ')})`,
      'meic2017',
    )
    .option(
      '--scale-to-national',
      'china2017-provincial: scale every money value so total output equals the national table (the 31 tables sum to ~9 % more)',
      false,
    )
    .option(
      '--goods-distance-decay <beta>',
      'china2017-provincial: distance decay β of the goods sectors’ gravity prior (default 1.14, Head & Mayer 2014; a sensitivity knob)',
    )
    .option('--no-trade-share', 'skip the trade-related emission share report (needs one LU of I − A)')
    .requiredOption('--out <dir>', 'output folder (replaced atomically)')
    .addHelpText(
      'after',
      `
Examples:
  $ vchain dataset build --out data/default                                   # rebuilds the embedded default bit for bit
  $ vchain dataset build --recipe china2017-national --out /tmp/china-national  # the national-table regionalisation
  $ vchain dataset build --scale-to-national --out /tmp/china-scaled
  $ vchain dataset build --control-totals paper-implied --out /tmp/china-paper-totals
china2017-provincial is built from the 31 official provincial tables with the CEADs method; its
province-to-province split is modelled (gravity + RAS), not observed. china2017-national is a
DEMONSTRATION regionalisation of the national table. Neither is the CEADs MRIO.`,
    )
    .action(
      (opts: {
        recipe: string;
        sources: string;
        maps: string;
        controlTotals: string;
        scaleToNational: boolean;
        goodsDistanceDecay?: string;
        out: string;
        tradeShare: boolean;
      }) => {
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
        try {
          for (const [name, bytes] of files) out.write(name, bytes);
          out.commit();
        } catch (e) {
          out.abort();
          throw e;
        }
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
      },
    );

  ds.command('info')
    .description('Print a summary of a stored dataset (default: the embedded China 2017 dataset)')
    .argument('[dir]', 'dataset folder', DEFAULT_DATASET_DIR)
    .addHelpText(
      'after',
      '\nExamples:\n  $ vchain dataset info\n  $ vchain dataset info /tmp/china-paper-totals',
    )
    .action((dir: string) => {
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
      p(
        `population ${pop.toExponential(4)} ${d.population.unit}; zones: ${[...new Set(d.zones)].join(', ')}`,
      );
      p(`sources: ${d.provenance.sources.length} (see PROVENANCE.md in the folder)`);
    });

  registerDatasetExport(ds);
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
