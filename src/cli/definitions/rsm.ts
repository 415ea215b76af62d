import type { Command } from 'commander';
import type {
  RsmBaselineEmissionsOptions,
  RsmBuildOptions,
  RsmPredictOptions,
  RsmValidateOptions,
} from '../commands/rsm.ts';

export function registerRsmCommand(program: Command): void {
  const rsm = program
    .command('rsm')
    .description('Emissions → PM2.5 response surface (pf-ERSM): build, validate, predict (docs/air.md)');

  rsm
    .command('build')
    .description('fit a pf-ERSM from the stand-in CTM or from imported CTM runs')
    .option('--ctm <kind>', 'training CTM: "standin" (reduced-form stand-in, NOT CMAQ)')
    .option(
      '--runs <dir>',
      'folder of CTM runs (emission_ratios.csv, concentrations.csv, baseline_emissions.csv)',
    )
    .option('--seed <n>', 'random seed of the design (stand-in)', '2017')
    .option('--train <n>', 'training runs (stand-in: total incl. 12 boundary runs)', '755')
    .option(
      '--validate <n>',
      'independent validation runs (stand-in: extra runs; --runs: last n scenarios held out)',
      '50',
    )
    .option('--ridge <lambda>', 'ridge weight relative to column norms', '1e-9')
    .option('--no-selection', 'fit every candidate term (no stepwise selection)')
    .option('--term-set <file>', 'JSON term library (subset of TermSetConfig fields; docs/air.md)')
    .requiredOption('--out <file>', 'model JSON to write')
    .addHelpText(
      'after',
      `
Examples:
  vchain rsm build --ctm standin --seed 2017 --train 755 --validate 50 --out model.json
  vchain rsm build --runs my_cmaq_runs/ --validate 50 --out my-pf-ersm.json
  vchain rsm build --ctm standin --term-set terms.json --out model.json
    terms.json, e.g. {"nearbyCount": 8, "nearbyPairs": true}; fields (defaults):
    localDegree 0–3 (3), nearbyCount ≥ 0 (5), nearbyDegree 1–3 (2),
    nearbyCrossWithReceptor ["SO2","NOx","NH3"], farLinear (true), nearbyPairs (false)`,
    )
    .action(async (o: RsmBuildOptions) => (await import('../commands/rsm.ts')).rsmBuildAction(o));

  rsm
    .command('validate')
    .description('print the validation metrics of a model, or compute them on CTM runs')
    .option('--model <file>', 'model JSON (default: the embedded stand-in default)')
    .option('--runs <dir>', 'CTM runs folder to validate against (all its non-baseline scenarios)')
    .addHelpText(
      'after',
      `
Examples:
  vchain rsm validate
  vchain rsm validate --model my-pf-ersm.json --runs my_validation_runs/`,
    )
    .action(async (o: RsmValidateOptions) => (await import('../commands/rsm.ts')).rsmValidateAction(o));

  rsm
    .command('predict')
    .description('emissions or emission ratios (CSV) → PM2.5 per province (CSV)')
    .option('--model <file>', 'model JSON (default: the embedded stand-in default)')
    .requiredOption(
      '--emissions <file>',
      'CSV: province,precursor,emissions_t (t/yr) or province,precursor,emission_ratio',
    )
    .option('--out <file>', 'write the CSV here instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  vchain rsm predict --emissions cuts.csv
  vchain rsm predict --model model.json --emissions scenario_emissions.csv --out pm25.csv`,
    )
    .action(async (o: RsmPredictOptions) => (await import('../commands/rsm.ts')).rsmPredictAction(o));

  rsm
    .command('baseline-emissions')
    .description(
      "write the stand-in baseline emissions: the embedded dataset's provincial totals (Σ sectors + households' direct)",
    )
    .option(
      '--out <file>',
      'write the CSV here instead of stdout (a new file: vchain never overwrites a CSV)',
    )
    .addHelpText(
      'after',
      `
E⁰[province, precursor] = Σ over the 42 sectors of the dataset's emission satellite (SO2, NOx, NH3,
VOC, PPM) + households' direct emissions: exactly the baseline the analysis takes ratios against.
Columns gb_code,province,precursor,emissions_t (t/yr, shortest round-trip decimals).

Examples:
  vchain rsm baseline-emissions > baseline.csv
  vchain rsm baseline-emissions --out /tmp/baseline_emissions.csv
To regenerate the embedded file (data/air/PROVENANCE.md) remove it first: vchain never
overwrites a CSV it cannot tell it wrote.`,
    )
    .action(async (o: RsmBaselineEmissionsOptions) =>
      (await import('../commands/rsm.ts')).rsmBaselineEmissionsAction(o),
    );
}
