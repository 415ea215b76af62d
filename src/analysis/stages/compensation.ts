import type { Precursor } from '../../mrio/model.ts';
import { beneficiaryPaysMatrix, compensationResult, tradeDriverShares } from '../compensation.ts';
import type { DamageCore } from '../damage.ts';
import type { EmissionAccounts } from '../emissionAccounts.ts';
import type { PreparedAnalysis } from '../prepare.ts';
import type { CompensationResult, IndicatorRegionAccounts } from '../runResult.ts';

/**
 * Stage 8 (METHODS §7): the beneficiary-pays matrix (damage suffered in i passed to the final
 * demand r that drove the emitting tonnes), net positions, welfare net of damage before and
 * after. `full` keeps the self-caused diagonal (for the identities).
 */
export function compensationStage(
  prepared: PreparedAnalysis,
  em: Readonly<Record<Precursor, EmissionAccounts>>,
  core: DamageCore,
  incomeRegion: IndicatorRegionAccounts,
  money: { readonly unit: string; readonly incomeToMoney: number; readonly unitNote?: string },
): { readonly compensation: CompensationResult; readonly full: Float64Array } {
  const { G, regions, dataset } = prepared;
  const full = beneficiaryPaysMatrix(core.share, tradeDriverShares(em, G), core.moneyMean, G);
  const welfare = {
    regions,
    unit: money.unit,
    values: Float64Array.from(incomeRegion.production, (x) => x * money.incomeToMoney),
  };
  const result = compensationResult(
    full,
    core.moneyMean,
    welfare,
    dataset.population,
    money.unit,
    money.unitNote,
  );
  const drivenBy = new Float64Array(G);
  for (let r = 0; r < G; r++) for (let i = 0; i < G; i++) drivenBy[r] += full[r * G + i];
  return { compensation: { ...result, drivenBy: { regions, unit: money.unit, values: drivenBy } }, full };
}
