import type { PriceIndex } from './types.ts';

/** Factor moving money of price year `from` to price year `to`: CPI[to]/CPI[from]. */
export function priceFactor(cpi: PriceIndex, from: number, to: number): number {
  if (from === to) return 1;
  const a = cpi.index.get(from);
  const b = cpi.index.get(to);
  if (a === undefined || b === undefined) {
    const years = [...cpi.index.keys()].sort((x, y) => x - y);
    throw new RangeError(
      `no ${cpi.currency} price index for ${a === undefined ? from : to} (available ${years[0]}–${years[years.length - 1]})`,
    );
  }
  return b / a;
}

/**
 * Income elasticities of the VSL vchain accepts (docs/health.md, "Input ranges"). Published values
 * span 0 (a uniform VSL) to about 3: 0.2–0.25 within China (Hoffmann, Krupnick & Qin 2017, J.
 * Benefit-Cost Anal.), 0.8 for benefit transfer (rfasst; the default, data/health/vsl_default.csv),
 * 1.5 with sensitivity 1.0 and 2.0 for transfers to lower-income countries (Robinson, Hammitt &
 * O'Keeffe 2019, J. Benefit-Cost Anal. 10(S1):15–50), about 3.0 implied by Chengdu surveys in
 * 2005 and 2016 (Hammitt, Geng, Guo & Nielsen 2019,
 * J. Risk Uncertain.; data/sources/health/china-literature/china_vsl_estimates.csv). Beyond that
 * the transfer factors (income ratio)^e leave any sourced range (e = 1000 overflows to Infinity).
 */
export const VSL_ELASTICITY_RANGE: readonly [number, number] = [0, 3];

/** Reference VSL bounds in plain currency units (a `--vsl` or a scenario file's `vsl`). */
export const VSL_RANGE: readonly [number, number] = [1e4, 1e10];

/**
 * Income-elasticity transfer of the VSL across regions (METHODS §6):
 * factor_i = (income_i / income_ref)^e with income_ref the population-weighted mean income,
 * i.e. the published VSL is taken to hold at the national mean income.
 */
export function vslTransferFactors(
  population: Float64Array,
  income: Float64Array | undefined,
  elasticity: number,
): { factors: Float64Array; referenceIncome: number } {
  const G = population.length;
  const factors = new Float64Array(G).fill(1);
  if (!income) return { factors, referenceIncome: Number.NaN };
  let pop = 0;
  let inc = 0;
  for (let r = 0; r < G; r++) {
    pop += population[r];
    inc += population[r] * income[r];
  }
  const ref = inc / pop;
  for (let r = 0; r < G; r++) factors[r] = (income[r] / ref) ** elasticity;
  return { factors, referenceIncome: ref };
}
