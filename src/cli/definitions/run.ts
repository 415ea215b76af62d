import { type Command, Option } from 'commander';
import { CV_WEIGHTINGS, DEFAULT_CV_WEIGHTING } from '../../analysis/cvWeighting.ts';
import type { RunCliOptions } from '../commands/run.ts';
import { addHealthConventionOptions } from '../healthConventionOptions.ts';
import {
  drawCount,
  MAX_DRAW_THRESHOLDS,
  MAX_DRAWS,
  nonNegativeNumber,
  seedOption,
  thresholdList,
} from '../optionParsers.ts';
import { addMrioTableOptions } from './mrioTableOptions.ts';

export function registerRunCommand(program: Command): void {
  const cmd = program
    .command('run')
    .description(
      "The paper's whole analysis: value-chain accounts, the trade counterfactual, PM2.5 and health damage with Monte Carlo intervals, triggered vs suffered damage, pairwise flows, inequality, value-chain roles, compensation, and the paper's headline figures beside this run's. With no inputs it runs the embedded default (a DEMONSTRATION dataset and a pf-ERSM fitted to a STAND-IN CTM).",
    )
    .option(
      '--mrio <path>',
      "MRIO table replacing the dataset's (pymrio folder, CEADs .xlsx, long CSV folder or wide layout); regions and sectors must match the dataset (or --aggregate onto them)",
    );
  addMrioTableOptions(cmd, "maps --mrio's regions and sectors onto the dataset's (docs/formats.md §8)");
  cmd
    .option(
      '--dataset <dir>',
      'dataset folder written by `vchain dataset build` (default: the embedded demonstration dataset)',
    )
    .option(
      '--scenario <file>',
      'a what-if scenario file (vchain scenario schema / example; the explorer’s Save): its policy levers and conventions, run at full precision; an option given here replaces the convention the file sets',
    )
    .option('--rsm <file>', 'pf-ERSM model JSON (default: the embedded stand-in surface)')
    .option('--population <file>', "CSV region,population (persons) replacing the dataset's population")
    .option(
      '--emissions <file>',
      "long CSV region,sector,pollutant,value (tonnes; sector HOUSEHOLDS = final users' direct emissions; pollutants SO2, NOx, NH3, VOC|NMVOC, PPM|PM2.5) replacing the emission satellites",
    )
    .option(
      '--income <row>',
      'a primary-input (value-added) row or satellite of --mrio counted as social income; repeat to sum several rows (e.g. --income VA001 --income VA002 --income VA004)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      '--draws <n>',
      `Monte Carlo draws (1–${MAX_DRAWS.toLocaleString('en-US')}; draws × thresholds ≤ ${MAX_DRAW_THRESHOLDS.toLocaleString('en-US')})`,
      drawCount('--draws'),
      1000,
    )
    .option('--seed <s>', 'random seed (0 – 2^31−1)', seedOption('--seed'), 20170101)
    .option('--thresholds <list>', 'counterfactual concentrations C0, µg/m³', thresholdList, [5, 10, 15])
    .option(
      '--headline <c>',
      'headline threshold, µg/m³ (one of --thresholds)',
      nonNegativeNumber('--headline'),
      10,
    )
    .addOption(
      new Option(
        '--pairwise <mode>',
        'damage of export flows: per-flow removal, additive per-tonne shares, or none',
      )
        .choices(['removal', 'linear', 'none'])
        .default('removal'),
    )
    .option(
      '--curve-draws <n>',
      'draws of the damage curves behind per-flow and one-at-a-time removals (default min(draws, 100))',
      drawCount('--curve-draws'),
    )
    .addOption(
      new Option('--top-by <how>', 'top-10 % group: regions by count or by population')
        .choices(['count', 'population'])
        .default('count'),
    )
    .addOption(
      new Option(
        '--cv <weighting>',
        "coefficient of variation: 'unweighted' (the paper's: each province once) or 'population-weighted'",
      )
        .choices(CV_WEIGHTINGS)
        .default(DEFAULT_CV_WEIGHTING),
    );
  addHealthConventionOptions(cmd)
    .option('--out <dir>', 'output folder (replaced atomically)', './vchain-out')
    .option('--no-report', 'skip figures, workbook and report.html (run.json and result.json only)')
    .option('--quiet', 'no progress output', false)
    .option('--json', 'print a JSON summary to stdout', false)
    .addHelpText(
      'after',
      `
Outputs (in --out): run.json (inputs with SHA-256, options, conventions, timings, identity checks,
headline table), result.json (the full labelled result), tables/*.csv, results.xlsx, figures/*.svg,
report.html. Money in CNY of the health model's price year; concentrations in µg/m³.

Your own MRIO (--mrio): its regions and sectors must be the dataset's, in the same order (zones,
population, sector roles and the air-quality model are per region/sector). Z, Y and x come from
your table; its satellites replace the dataset's by kind: social income (kind income, with its
components), employment, and each precursor's emissions. A CEADs workbook gives social income
from its value-added rows (VA001 + VA002 + VA004); pymrio extensions carry no kind, so name the
value-added rows with --income and give emissions with --emissions. Whatever your table does not
provide stays the dataset's and is listed in run.json (satelliteSources) — with the embedded
dataset the run then stays labelled a demonstration.

--emissions CSV: header region,sector,pollutant,value[,unit]; one row per region, sector and
pollutant, tonnes per year; region = MRIO label or GB/T 2260 code; sector = MRIO sector label or
HOUSEHOLDS (or direct) for final users' direct emissions; absent pairs are 0; every pollutant must
appear. Bad rows stop the run with the file, row, column and what was expected (exit code 2).

Conventions (run.json "conventions" and "healthModel.conventions", the workbook's README, the
report's Methods): --erf, --accounting, --threshold-reading, --vsl, --vsl-elasticity,
--price-year, --thresholds/--headline, --cv, --top-by, the health data folder (--data) and its
provincial overrides — the same definitions as \`vchain health\`.

--scenario FILE (\`vchain scenario schema\` prints its JSON Schema, \`vchain scenario example\` an
example; the explorer's Save writes one): its intensity, final-demand and trade rules are run at
full precision (all draws, per-flow removal) under the conventions it sets (threshold = the
headline, VSL, ERF, accounting, threshold reading); an option given on the command line
replaces the file's and run.json says so. run.json, the report and the workbook name the
scenario and the SHA-256 of the file.

Examples:
  $ vchain run                                  # embedded demonstration default
  $ vchain run --draws 200 --seed 7 --out out/quick
  $ vchain run --erf gemm --accounting pif --threshold-reading shift --cv population-weighted
  $ vchain scenario example > ule.json && vchain run --scenario ule.json --out out/ule
  $ vchain run --mrio ceads2017.xlsx --emissions emissions.csv --population pop.csv --rsm my_model.json
  $ vchain run --mrio my_mrio/ --format pymrio --income "Value Added" --emissions emissions.csv
  $ vchain run --json --quiet > summary.json`,
    )
    .action(async (opts: RunCliOptions, command: Command) => {
      const given = new Set(
        command.options
          .map((o) => o.attributeName())
          .filter((name) => command.getOptionValueSource(name) === 'cli'),
      );
      await (await import('../commands/run.ts')).runAction(opts, given);
    });
}
