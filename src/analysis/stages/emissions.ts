import { PRECURSORS, type Precursor, type RegionVector } from '../../mrio/model.ts';
import {
  type EmissionAccounts,
  type IntensityScaling,
  liveEmissionAccounts,
  scalingFactors,
  scenarioEmissionAccounts,
} from '../emissionAccounts.ts';
import type { PreparedAnalysis } from '../prepare.ts';
import { sumOf } from '../regionAccounts.ts';
import { notComputedFields, type PrecursorCounterfactual, type RunProvenance } from '../runResult.ts';

export type EmissionsHow = NonNullable<RunProvenance['evaluation']>['emissions'];

/** Stage 1–2 (METHODS §2, §7): the scenario's emission accounts and its trade counterfactual. */
export interface EmissionsStage {
  readonly accounts: Record<Precursor, EmissionAccounts>;
  /** Intensity factors per (precursor, region·sector) (1 = unchanged). */
  readonly factors: Readonly<Record<Precursor, Float64Array>>;
  readonly how: EmissionsHow;
  readonly counterfactual: PrecursorCounterfactual[];
}

/**
 * Emission accounts of the intensity scalings (live basis when given: no solve; else linear
 * rescaling or a re-decomposition of the five emission rows) and, per precursor, the baseline,
 * trade-related and counterfactual emissions with the ratios e = cf / E⁰.
 */
export function emissionsStage(
  prepared: PreparedAnalysis,
  scalings: readonly IntensityScaling[],
  live?: { readonly baseline: Readonly<Record<Precursor, EmissionAccounts>> },
): EmissionsStage {
  const scaled = scalingFactors(prepared, scalings);
  let how: EmissionsHow;
  let accounts: Record<Precursor, EmissionAccounts>;
  if (live && prepared.live) {
    accounts = liveEmissionAccounts(prepared, prepared.live, scaled.factors, live.baseline);
    how = scalings.length ? 'live basis (no solve)' : 'baseline';
  } else {
    accounts = scenarioEmissionAccounts(prepared, scalings);
    how =
      scalings.length === 0 ? 'baseline' : scaled.sectorSpecific ? 're-decomposition' : 'linear rescaling';
  }
  const { regions } = prepared;
  const counterfactual = PRECURSORS.map((p): PrecursorCounterfactual => {
    const e = accounts[p];
    const nationalTradeShare = sumOf(e.tradeRelated) / sumOf(e.baseline);
    const rv = (values: Float64Array, unit = e.unit): RegionVector => ({ regions, unit, values });
    return {
      precursor: p,
      indicator: e.indicator,
      unit: e.unit,
      baseline: rv(e.baseline),
      tradeRelated: rv(e.tradeRelated),
      counterfactual: rv(e.counterfactual),
      ratio: rv(
        Float64Array.from(e.counterfactual, (c, s) => (e.baseline[s] > 0 ? c / e.baseline[s] : 1)),
        'ratio',
      ),
      nationalTradeShare,
      ...notComputedFields({
        nationalTradeShare: [nationalTradeShare, () => `${p} emissions are 0 in total: no trade share`],
      }),
    };
  });
  return { accounts, factors: scaled.factors, how, counterfactual };
}
