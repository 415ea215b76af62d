import type { Command } from 'commander';
import type { HealthCliOptions } from '../commands/health.ts';
import { addHealthConventionOptions } from '../healthConventionOptions.ts';
import { drawCount, MAX_DRAW_THRESHOLDS, MAX_DRAWS, seedOption, thresholdList } from '../optionParsers.ts';

export function registerHealthCommand(program: Command): void {
  const cmd = program
    .command('health')
    .description(
      'Provincial PM2.5 (baseline and counterfactual) → deaths, illness and money, with Monte Carlo intervals and every convention printed (docs/health.md).',
    )
    .requiredOption(
      '--pm <file>',
      'baseline PM2.5 CSV: region,pm25 (µg/m³; region = province name or GB/T 2260 code)',
    )
    .requiredOption('--pm-counterfactual <file>', 'counterfactual PM2.5 CSV, same layout')
    .option(
      '--population <file>',
      'population CSV region,population (persons); default: CSY-2018 original 2017 population',
    )
    .option(
      '--income <file|none>',
      "income per capita CSV region,income_per_capita for the VSL transfer; default: 2017 GDP per capita; 'none' = uniform VSL",
    )
    .option(
      '--thresholds <list>',
      'baseline concentrations T in µg/m³, all computed in one run',
      thresholdList,
      [5, 10, 15],
    )
    .option(
      '--draws <n>',
      `Monte Carlo iterations (1–${MAX_DRAWS.toLocaleString('en-US')}; draws × thresholds ≤ ${MAX_DRAW_THRESHOLDS.toLocaleString('en-US')})`,
      drawCount('--draws'),
      1000,
    )
    .option(
      '--seed <s>',
      'random seed, 0 – 2^31−1 (same seed → byte-identical output)',
      seedOption('--seed'),
      20170101,
    );
  addHealthConventionOptions(cmd)
    .option(
      '--write-draws',
      'also write per-draw totals per province and threshold (health_draws.csv)',
      false,
    )
    .requiredOption('--out <dir>', 'output folder (written atomically)')
    .addHelpText(
      'after',
      `
Examples:
  vchain health --pm base.csv --pm-counterfactual notrade.csv --out out/health
  vchain health --pm base.csv --pm-counterfactual notrade.csv --erf gemm --accounting pif \\
      --threshold-reading ratio --draws 2000 --seed 7 --income none --out out/health-gemm

Input CSV (one row per mainland province, all 31 required):
  region,pm25
  Beijing,58.3
  120000,63.2
Outputs: health_summary.csv (tidy: region × endpoint × threshold × quantity with mean, median,
2.5 % and 97.5 %), run.json (conventions, seed, notes, file hashes), health_draws.csv (--write-draws).`,
    )
    .action(async (opts: HealthCliOptions) => (await import('../commands/health.ts')).runHealth(opts));
}
