import { type Command, Option } from 'commander';
import { VSL_ELASTICITY_RANGE, VSL_RANGE } from '../health/valuation.ts';
import { PACKAGE_DATA_DIR } from '../io/packageData.ts';
import { integerInRange, nonNegativeNumber, numberInRange } from './optionParsers.ts';

/**
 * The health conventions of `vchain health` and `vchain run`, defined once (docs/health.md):
 * exposure–response function, counterfactual accounting, threshold reading, price year, VSL
 * and its income elasticity, the Monte Carlo's optional error terms, the data folder with the
 * health parameters and the provincial overrides. Both commands register these options with
 * `addHealthConventionOptions` (loaded at start-up by cli/definitions/*) and turn them into a
 * model with `healthModelSettings` (cli/healthModelSettings.ts, loaded when the command runs).
 */
export interface HealthConventionCliOptions {
  erf: 'ier2015' | 'ier2017' | 'gemm';
  accounting: 'difference' | 'pif';
  thresholdReading: 'floor' | 'shift' | 'ratio' | 'gbd-tmrel';
  priceYear: number;
  /** Reference VSL (mean of its distribution) in plain output-year money; absent = the published one. */
  vsl?: number;
  vslElasticity?: number;
  airErrorSd: number;
  mortalityRateSd: number;
  mortalityOverride?: string;
  ageStructureOverride?: string;
  data: string;
}

/** Option names (as typed) of the conventions a scenario file may also set. */
export const SCENARIO_CONVENTION_OPTIONS = {
  erf: '--erf',
  accounting: '--accounting',
  thresholdReading: '--threshold-reading',
  vsl: '--vsl',
} as const;

/** The defaults of these options (for callers that build the options object themselves). */
export const HEALTH_CONVENTION_DEFAULTS: HealthConventionCliOptions = {
  erf: 'ier2015',
  accounting: 'difference',
  thresholdReading: 'floor',
  priceYear: 2017,
  airErrorSd: 0,
  mortalityRateSd: 0,
  data: PACKAGE_DATA_DIR,
};

export function addHealthConventionOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--erf <name>', 'mortality exposure–response function')
        .choices(['ier2015', 'ier2017', 'gemm'])
        .default(HEALTH_CONVENTION_DEFAULTS.erf),
    )
    .addOption(
      new Option('--accounting <name>', 'difference of attributable burdens or potential impact fraction')
        .choices(['difference', 'pif'])
        .default(HEALTH_CONVENTION_DEFAULTS.accounting),
    )
    .addOption(
      new Option(
        '--threshold-reading <name>',
        'how the baseline-concentration threshold enters the mortality ERF',
      )
        .choices(['floor', 'shift', 'ratio', 'gbd-tmrel'])
        .default(HEALTH_CONVENTION_DEFAULTS.thresholdReading),
    )
    .option(
      '--price-year <y>',
      'price year of every money column (CNY; a year of the CPI table, 2015–2019)',
      integerInRange('--price-year', 1900, 2100),
      HEALTH_CONVENTION_DEFAULTS.priceYear,
    )
    .option(
      '--vsl <amount>',
      `reference VSL in plain currency units of the price year, before the income transfer: the mean of its Monte Carlo distribution, whose range is rescaled with it (${VSL_RANGE[0]}–${VSL_RANGE[1]}; default the published VSL of data/health/vsl_default.csv moved to the price year)`,
      numberInRange('--vsl', VSL_RANGE, 'a VSL in plain currency units (e.g. 4530000 for 4.53 million CNY)'),
    )
    .option(
      '--vsl-elasticity <e>',
      `income elasticity of the VSL transfer, ${VSL_ELASTICITY_RANGE.join('–')} (default from data/health/vsl_default.csv: 0.8)`,
      numberInRange(
        '--vsl-elasticity',
        VSL_ELASTICITY_RANGE,
        'the published income elasticities of the VSL (docs/health.md, "Input ranges")',
      ),
    )
    .option(
      '--air-error-sd <s>',
      'relative SD of the air-quality model error on C_base − C_cf (0 = off)',
      nonNegativeNumber('--air-error-sd'),
      HEALTH_CONVENTION_DEFAULTS.airErrorSd,
    )
    .option(
      '--mortality-rate-sd <s>',
      'relative SD of baseline mortality rates (lognormal, mean 1; 0 = off)',
      nonNegativeNumber('--mortality-rate-sd'),
      HEALTH_CONVENTION_DEFAULTS.mortalityRateSd,
    )
    .option(
      '--mortality-override <file>',
      'provincial baseline mortality CSV region,endpoint,age_start,rate_per100k',
    )
    .option('--age-structure-override <file>', 'provincial age structure CSV region,age_start,share')
    .option(
      '--data <dir>',
      'data folder holding health/ and sources/health/ parameters (default: the package data/)',
      HEALTH_CONVENTION_DEFAULTS.data,
    );
}
