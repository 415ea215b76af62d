import type { RunResult } from '../analysis/runResult.ts';

/**
 * The scenario and health-convention lines the report's Methods and the workbook's README both
 * print. `amount` formats money and factors (scale words in the report, full doubles in the
 * workbook).
 */

/** The scenario: name, file and SHA-256, rule counts, the conventions it set and what replaced them. */
export function scenarioText(r: RunResult): string {
  const sc = r.provenance.scenario;
  if (!sc) return 'baseline (no what-if)';
  const rules = `${sc.rules.intensity} intensity, ${sc.rules.finalDemand} final-demand, ${sc.rules.trade} trade rule(s)`;
  const conv = Object.entries(sc.conventions).map(([k, v]) => `${k} ${v}`);
  return `${sc.name}${sc.file ? ` (file ${sc.file})` : ''}, SHA-256 ${sc.sha256 ?? 'none'}: ${rules}${conv.length ? `; conventions from the file: ${conv.join(', ')}` : ''}${sc.overriddenByOptions?.length ? `; replaced by command-line options: ${sc.overriddenByOptions.join(', ')}` : ''}`;
}

/** ERF, accounting, threshold reading and the VSL with its distribution and transfer. */
export function healthConventionItems(
  r: RunResult,
  amount: (value: number, unit: string) => string,
): [string, string][] {
  const h = r.provenance.healthModel.conventions;
  if (!h) return [];
  const y = `${h.vsl.sourcePriceYear} prices`;
  return [
    ['Exposure–response function', h.erf],
    ['Counterfactual accounting', h.accounting],
    ['Threshold reading', h.thresholdReading],
    [
      'VSL',
      `${amount(h.vsl.reference, r.labels.currency.label)} at the reference income (published ${amount(h.vsl.central, h.currency)} at ${y} × price factor ${h.vsl.priceFactor}); Monte Carlo: ${h.vsl.distribution}; range ${amount(h.vsl.low, h.currency)} to ${amount(h.vsl.high, h.currency)}, mode ${amount(h.vsl.mode, h.currency)} (${y}); income elasticity ${h.vslIncomeElasticity} (${h.vslTransfer}); ${h.vsl.source}`,
    ],
    ['VSL and money', r.conventions.vsl],
  ];
}
