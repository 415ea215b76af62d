import type { Precursor } from '../../mrio/model.ts';
import type { DamageCore } from '../damage.ts';
import type { DamageContent } from '../damageContent.ts';
import type { DamageCurves } from '../damageCurve.ts';
import type { EmissionAccounts } from '../emissionAccounts.ts';
import {
  damageFlowsByRemovalSteps,
  damageFlowsLinear,
  flowsResult,
  linearFlowIntervals,
  linearFlowReceptorWeights,
  removalByReceptor,
  removalFlowIntervals,
  withTopIntervals,
} from '../pairwiseFlows.ts';
import type { PreparedAnalysis } from '../prepare.ts';
import type { PairwiseFlows } from '../runResult.ts';
import { employmentFlows, incomeFlows, type StaticBlocks } from '../staticBlocks.ts';

export interface PairwiseSettings {
  /** 'removal': per-flow removal (G(G−1) surface predictions, damage curves); 'linear': additive per-tonne; 'none'. */
  readonly mode: 'removal' | 'linear' | 'none';
  readonly topFlows: number;
  /** Damage curves of the headline threshold (needed by 'removal'). */
  readonly curves?: DamageCurves;
  /** Average Shapley damage per tonne of each (province, precursor) input. */
  readonly perTonne: Readonly<Record<Precursor, Float64Array>>;
  /** The live path's fused damage content (damageContent.ts), when computed. */
  readonly content?: DamageContent;
  readonly onFlow?: (done: number, total: number) => void;
}

/**
 * Stage 5 (METHODS §7): damage by export flow s → r (per-flow removal and/or the additive
 * per-tonne variant, top flows with 95 % intervals), employment and social income by export
 * flow. A generator: yields between exporters during the removals.
 */
export function* pairwiseStage(
  prepared: PreparedAnalysis,
  em: Readonly<Record<Precursor, EmissionAccounts>>,
  core: DamageCore,
  o: PairwiseSettings,
  st?: StaticBlocks,
): Generator<void, PairwiseFlows[]> {
  const { G, N, regions } = prepared;
  const money = core.assessment.moneyUnit;
  const pairwise: PairwiseFlows[] = [];
  if (o.mode === 'removal') {
    const curves = o.curves;
    if (!curves) throw new Error('per-flow removal needs the damage curves of the headline threshold');
    const flows = yield* damageFlowsByRemovalSteps(prepared, em, core, { curves, onFlow: o.onFlow });
    const removal = flowsResult(
      'damage',
      'Health damage by export flow (per-flow removal, scaled to the all-source damage)',
      money,
      flows.scaled,
      regions,
      o.topFlows,
      flows.rawSum,
    );
    const byReceptor = removal.top.map((t) =>
      removalByReceptor(prepared, em, curves, regions.indexOf(t.from), regions.indexOf(t.to)),
    );
    pairwise.push(
      withTopIntervals(
        removal,
        removalFlowIntervals(
          byReceptor,
          flows.rawByReceptor,
          core.moneyDraws,
          core.moneyMean,
          core.draws,
          money,
        ),
        `${core.draws} Monte Carlo draws; each receptor's removal damage moves with its all-source damage draw by draw, then scaled to that draw's all-source damage`,
      ),
    );
  }
  if (o.mode !== 'none') {
    const linear = flowsResult(
      'damage_linear',
      'Health damage by export flow (tonnes × average Shapley damage per tonne; additive)',
      money,
      o.content?.linear ?? damageFlowsLinear(em, o.perTonne, G, N),
      regions,
      o.topFlows,
    );
    const weights = linear.top.map((t) =>
      linearFlowReceptorWeights(em, core.share, G, N, regions.indexOf(t.from), regions.indexOf(t.to)),
    );
    pairwise.push(
      withTopIntervals(
        linear,
        linearFlowIntervals(weights, core.moneyDraws, core.draws, money),
        `${core.draws} Monte Carlo draws (exact: the flow is linear in each receptor's damage)`,
      ),
    );
  }
  const { income, employment } = prepared.accounts;
  pairwise.push(
    st?.flowsEmployment ?? employmentFlows(employment, regions, G, N, o.topFlows),
    st?.flowsIncome ?? incomeFlows(income, regions, G, N, o.topFlows),
  );
  return pairwise;
}
