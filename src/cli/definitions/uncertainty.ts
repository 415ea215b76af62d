import type { Command } from 'commander';
import { InputError } from '../../io/inputError.ts';
import type { UncertaintyCliOptions } from '../commands/uncertainty.ts';
import { integerAtLeast } from '../optionParsers.ts';

/** `i/N` with 0 ≤ i < N (0-based, as Slurm array and Kubernetes completion indices are). */
export const shardOption = (v: string) => {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!(count >= 1 && index >= 0 && index < count))
    throw new InputError('--shard', `'${v}'`, undefined, undefined, 'i/N with 0 ≤ i < N (e.g. 0/4 … 3/4)');
  return { index, count };
};

export function registerUncertaintyCommand(program: Command): void {
  program
    .command('uncertainty')
    .description(
      "Full-chain uncertainty of the headline numbers: per draw the trade model of the provincial recipe (the MRIO is rebuilt), the emission inventory, the pf-ERSM's error, the exposure–response draw and the VSL are drawn jointly and the whole analysis re-run; prints every headline number with its 95 % interval and which source dominates it (grouped Sobol indices with bootstrap intervals).",
    )
    .option(
      '--draws <n>',
      'base draws N (each runs the chain 7 times: samples A, B and 5 pick-freeze hybrids)',
      integerAtLeast('--draws', 2),
      256,
    )
    .option(
      '--seed <s>',
      'random seed (draw k depends only on the seed and k)',
      integerAtLeast('--seed', 0),
      20170101,
    )
    .option(
      '--shard <i/N>',
      'compute only draws i, i+N, i+2N, … and write a shard folder for `vchain merge`',
      shardOption,
    )
    .option(
      '--emission-uncertainty <file>',
      'CSV of 95 % intervals of emission factors per precursor and sector (default data/uncertainty/emission_inventory_uncertainty.csv)',
    )
    .option('--rsm <file>', 'pf-ERSM model JSON (default: the embedded stand-in surface)')
    .option(
      '--bootstrap <b>',
      'bootstrap resamples of the Sobol indices',
      integerAtLeast('--bootstrap', 10),
      1000,
    )
    .requiredOption('--out <dir>', 'output folder (with --shard: the shard folder)')
    .option('--quiet', 'no progress output', false)
    .addHelpText(
      'after',
      `
Outputs (--out): uncertainty.json, tables/headline_intervals.csv, tables/sobol_indices.csv,
tables/draws.csv, figures/uncertainty_sobol.svg, report.html. With --shard i/N the folder holds
uncertainty-part.json only; \`vchain merge\` combines the N shard folders into the same outputs, byte for
byte, as one run with the same --draws and --seed. Method, distributions and sources:
docs/uncertainty.md. On a cluster: deploy/slurm/submit-uncertainty.sh, deploy/k8s/.

Examples:
  $ vchain uncertainty --draws 64 --out out/unc
  $ vchain uncertainty --draws 1000 --seed 7 --shard 0/4 --out parts/0   # … 3/4 on other machines
  $ vchain merge parts/0 parts/1 parts/2 parts/3 --out out/unc`,
    )
    .action(async (opts: UncertaintyCliOptions) =>
      (await import('../commands/uncertainty.ts')).uncertaintyAction(opts),
    );
}
