import { join } from 'node:path';
import type { HealthOptions, HealthParameters } from '../health/types.ts';
import { loadHealthParameters } from '../io/healthParameters.ts';
import { InputError } from '../io/inputError.ts';
import type { HealthConventionCliOptions } from './healthConventionOptions.ts';

// The work half of the shared health conventions: the options themselves are registered by
// cli/healthConventionOptions.ts, which the command definitions load at start-up.

/** The files these options read (inputs of the output folder's safety checks). */
export function healthConventionInputs(o: HealthConventionCliOptions): (string | undefined)[] {
  return [o.mortalityOverride, o.ageStructureOverride, o.data];
}

/**
 * Reads the health parameters these options name (only the chosen ERF's draws) and returns the
 * model options: price year checked against the CPI table (InputError naming --price-year), the
 * VSL moved to `--vsl` when given (the triangular range rescaled with it).
 */
export function healthModelSettings(
  o: HealthConventionCliOptions,
  regions: readonly string[],
  regionCodes?: ReadonlyMap<string, string>,
): { parameters: HealthParameters; options: Partial<HealthOptions> } {
  const loaded = loadHealthParameters({
    dataDir: o.data,
    regionalMortalityFile: o.mortalityOverride,
    regionalAgeStructureFile: o.ageStructureOverride,
    regions,
    regionCodes,
    erf: o.erf,
  });
  const cpiYears = [...loaded.cpi.index.keys()].sort((a, b) => a - b);
  if (!loaded.cpi.index.has(o.priceYear))
    throw new InputError(
      '--price-year',
      `${o.priceYear} is not in the price index table`,
      undefined,
      undefined,
      `a year the CPI table covers, ${cpiYears[0]}–${cpiYears[cpiYears.length - 1]} (${join(o.data, 'health', 'china_cpi_annual.csv')})`,
    );
  let parameters: HealthParameters = loaded;
  if (o.vsl !== undefined) {
    // The published VSL at the output price year, then one factor for central, low and high.
    const v = loaded.vsl;
    const atPriceYear = (v.central * loaded.cpi.index.get(o.priceYear)!) / loaded.cpi.index.get(v.priceYear)!;
    if (!Number.isFinite(atPriceYear) || !(atPriceYear > 0))
      throw new InputError(
        join(o.data, 'health', 'vsl_default.csv'),
        `its price year ${v.priceYear} is not in the CPI table`,
        undefined,
        'price_year',
        `a year the CPI table covers, ${cpiYears[0]}–${cpiYears[cpiYears.length - 1]}`,
      );
    const k = o.vsl / atPriceYear;
    parameters = { ...loaded, vsl: { ...v, central: v.central * k, low: v.low * k, high: v.high * k } };
  }
  return {
    parameters,
    options: {
      erf: o.erf,
      accounting: o.accounting,
      thresholdReading: o.thresholdReading,
      priceYear: o.priceYear,
      ...(o.vslElasticity !== undefined ? { vslIncomeElasticity: o.vslElasticity } : {}),
      airModelRelativeSd: o.airErrorSd,
      mortalityRateRelativeSd: o.mortalityRateSd,
    },
  };
}
