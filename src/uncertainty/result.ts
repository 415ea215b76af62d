import { createHash } from 'node:crypto';
import type { DrawRecord, HeadlineMeta, HeadlineValues } from './draws.ts';
import {
  type EmissionUncertaintyRow,
  GROUP_LABELS,
  TRADE_PARAMETERS,
  type TradeParameter,
  UNCERTAINTY_GROUPS,
  type UncertaintyGroup,
} from './plan.ts';
import { type HeadlineUncertainty, summariseUncertainty } from './summary.ts';

/**
 * Everything that fixes the draws and their evaluation (docs/uncertainty.md): two runs with equal
 * plans compute the same numbers for the same draw, whichever shard computes it. `planId` (its
 * SHA-256) is what `vchain merge` compares.
 */
export interface UncertaintyPlan {
  readonly schema: 'vchain.uncertainty-plan/1';
  readonly toolVersion: string;
  readonly seed: number;
  readonly draws: number;
  readonly bootstrap: number;
  readonly headlineThreshold: number;
  readonly design: string;
  readonly groups: readonly {
    readonly id: UncertaintyGroup;
    readonly label: string;
    readonly what: string;
  }[];
  readonly tradeParameters: readonly TradeParameter[];
  readonly emissionRows: readonly EmissionUncertaintyRow[];
  readonly surface: {
    readonly validationBlock: string;
    readonly regions: readonly string[];
    readonly relativeSd: readonly number[];
    readonly correlation: string;
  };
  readonly health: Readonly<Record<string, string | number>>;
  /** How the outputs label the dataset and the air-quality model. */
  readonly labels: {
    readonly dataset: string;
    readonly airModel: string;
    readonly isDemonstration: boolean;
  };
  readonly inputs: readonly { readonly role: string; readonly path: string; readonly sha256: string }[];
}

export const DESIGN =
  'Saltelli et al. 2010 pick-freeze design: per draw k two independent joint samples A_k, B_k and, per group g, A_k with g from B_k (7 chain evaluations); first-order indices by Saltelli et al. 2010 Table 2 (b), total indices by Jansen 1999; 95 % intervals of the numbers over the 2N samples A ∪ B; percentile-bootstrap 95 % intervals of the indices over draws';

/** What each group draws (printed in the plan and the report). */
export const GROUP_CONTENT: Readonly<Record<UncertaintyGroup, string>> = {
  trade: `the MRIO rebuilt from the 31 provincial tables with ${TRADE_PARAMETERS.map((p) => p.name).join(', ')} drawn`,
  emissions: 'one lognormal factor per row of the emission-uncertainty table, on every province',
  surface:
    "the pf-ERSM's predicted change scaled by 1 + σ_i·z per receptor (σ_i from its validation, z common)",
  exposureResponse: 'an IER joint draw (or GEMM θ), the morbidity coefficients and incidences',
  valuation: 'the VSL and the unit values per case',
};

export function groupsOfPlan(): UncertaintyPlan['groups'] {
  return UNCERTAINTY_GROUPS.map((id) => ({ id, label: GROUP_LABELS[id], what: GROUP_CONTENT[id] }));
}

export function planIdOf(plan: UncertaintyPlan): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex');
}

/** The output of `vchain uncertainty` (or of `vchain merge` of its shards): one value, one set of bytes. */
export interface UncertaintyResult {
  readonly schema: 'vchain.uncertainty/1';
  readonly planId: string;
  readonly plan: UncertaintyPlan;
  readonly headlines: readonly HeadlineUncertainty[];
  readonly reference: HeadlineValues | null;
  readonly records: readonly DrawRecord[];
}

/** Summarises all draws of a plan; `records` in any order (sorted here by draw). */
export function buildUncertaintyResult(
  plan: UncertaintyPlan,
  metas: readonly HeadlineMeta[],
  records: readonly DrawRecord[],
  reference: HeadlineValues | null,
): UncertaintyResult {
  const sorted = [...records].sort((a, b) => a.draw - b.draw);
  sorted.forEach((r, k) => {
    if (r.draw !== k) throw new Error(`draw ${k} is missing (found draw ${r.draw})`);
  });
  if (sorted.length !== plan.draws) throw new Error(`${sorted.length} draws of ${plan.draws}`);
  return {
    schema: 'vchain.uncertainty/1',
    planId: planIdOf(plan),
    plan,
    headlines: summariseUncertainty(metas, sorted, reference, plan.seed, plan.bootstrap),
    reference,
    records: sorted,
  };
}
