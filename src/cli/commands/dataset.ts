import { join } from 'node:path';
import type { Command } from 'commander';
import {
  buildDataset,
  CONTROL_TOTALS,
  type DatasetBuildOptions,
  RECIPES,
  type RecipeId,
} from '../../dataset/build.ts';
import { tradeRelatedShares } from '../../dataset/checks.ts';
import type { ControlTotalsId } from '../../dataset/china2017Emissions.ts';
import { provenanceMarkdown } from '../../dataset/provenanceDoc.ts';
import { AtomicOutputDir } from '../../io/atomicOutput.ts';
import { readDataset, readDatasetManifest } from '../../io/datasetStore.ts';
import { DEFAULT_DATASET_DIR } from '../../io/defaultDataset.ts';
import { InputError } from '../../io/inputError.ts';
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
      'Regionalise a national input–output table into a provincial MRIO with a recipe and write the dataset folder',
    )
    .option('--recipe <id>', `recipe (${RECIPES.join(', ')})`, 'china2017')
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
    .option('--no-trade-share', 'skip the trade-related emission share report (needs one LU of I − A)')
    .requiredOption('--out <dir>', 'output folder (replaced atomically)')
    .addHelpText(
      'after',
      `
Examples:
  $ vchain dataset build --recipe china2017 --out data/default      # rebuilds the embedded default bit for bit
  $ vchain dataset build --control-totals paper-implied --out /tmp/china-paper-totals
The output is a DEMONSTRATION dataset regionalised from national statistics (not the CEADs MRIO).`,
    )
    .action(
      (opts: {
        recipe: string;
        sources: string;
        maps: string;
        controlTotals: string;
        out: string;
        tradeShare: boolean;
      }) => {
        if (!(RECIPES as readonly string[]).includes(opts.recipe))
          throw new InputError(
            '--recipe',
            `unknown recipe '${opts.recipe}'`,
            undefined,
            undefined,
            RECIPES.join(', '),
          );
        if (!(CONTROL_TOTALS as readonly string[]).includes(opts.controlTotals))
          throw new InputError(
            '--control-totals',
            `unknown '${opts.controlTotals}'`,
            undefined,
            undefined,
            CONTROL_TOTALS.join(' or '),
          );
        const options: DatasetBuildOptions = {
          recipe: opts.recipe as RecipeId,
          sourcesDir: opts.sources,
          mapsDir: opts.maps,
          controlTotals: opts.controlTotals as ControlTotalsId,
        };
        const t0 = performance.now();
        const { files, summary } = buildDataset(options);
        files.set('PROVENANCE.md', Buffer.from(provenanceMarkdown(summary), 'utf8'));
        const out = new AtomicOutputDir(opts.out);
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
        p('DEMONSTRATION dataset: regionalised from national statistics, NOT the CEADs MRIO.');
        p(
          `provincial GDP vs CSY-2018 (scaled ×${summary.gdpScaleToNational.toFixed(4)} to the national VA total): max rel. error ${summary.gdpMaxRelError.toExponential(2)}`,
        );
        p(
          `national output by sector vs NBS: max rel. error ${summary.outputMaxRelError.toExponential(2)}; RAS max rel. error output ${summary.rasMaxRelError.output.toExponential(2)}, trade ${summary.rasMaxRelError.trade.toExponential(2)}`,
        );
        p(
          `own-province sourcing share: goods ${(summary.ownSourcingShare.goods * 100).toFixed(1)} %, services ${(summary.ownSourcingShare.services * 100).toFixed(1)} %`,
        );
        for (const [k, v] of Object.entries(summary.top3))
          p(`top-3 ${k}: model ${v.model.join(', ')} | data ${v.data.join(', ')}`);
        for (const [k, v] of Object.entries(summary.industrialCorrelation))
          p(
            `${k} power+industry vs city-yearbook industrial sums (n=${v.n}): Pearson ${v.pearson.toFixed(3)}, Spearman ${v.spearman.toFixed(3)}`,
          );
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
    .description(
      'Print a summary of a stored dataset (default: the embedded China 2017 demonstration dataset)',
    )
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
      if (d.provenance.isDemonstration) p(`NOTE: ${d.provenance.note}`);
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
