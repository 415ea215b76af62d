import type { HeadlineRow, RunResult } from '../analysis/runResult.ts';
import type { ChainEvaluator } from './chain.ts';
import {
  type DrawInputs,
  type PlanInputs,
  pickFreeze,
  sampleInputs,
  UNCERTAINTY_GROUPS,
  type UncertaintyGroup,
} from './plan.ts';

/** A headline number of the paper-comparison table (src/analysis/headline.ts) as the analysis tracks it. */
export interface HeadlineMeta {
  readonly id: string;
  readonly label: string;
  readonly definition: string;
  readonly unit: string;
  readonly paper: number | null;
}

/** Headline values in HeadlineMeta order; null where a run could not compute one. */
export type HeadlineValues = readonly (number | null)[];

/** The seven evaluations of draw k: samples A and B and A with each group from B. */
export interface DrawRecord {
  readonly draw: number;
  readonly inputs: { readonly A: DrawInputs; readonly B: DrawInputs };
  readonly A: HeadlineValues;
  readonly B: HeadlineValues;
  readonly AB: Readonly<Record<UncertaintyGroup, HeadlineValues>>;
}

/** Headline rows of a run as metadata (the largest-flow label names its flow, so it is generalised). */
export function headlineMetas(rows: readonly HeadlineRow[]): HeadlineMeta[] {
  return rows.map((r) => ({
    id: r.id,
    label:
      r.id === 'top_damage_flow' ? 'Largest damage flow (additive variant; paper: Anhui → Jiangsu)' : r.label,
    definition: r.definition,
    unit: r.unit,
    paper: r.paper,
  }));
}

/** The run's headline values in the order of `metas` (a row the run lacks is null). */
export function valuesOf(result: RunResult, metas: readonly HeadlineMeta[]): HeadlineValues {
  const byId = new Map(result.headline.map((r) => [r.id, r.run]));
  return metas.map((m) => {
    const v = byId.get(m.id);
    return v === undefined || v === null || !Number.isFinite(v) ? null : v;
  });
}

/**
 * Evaluates draw k: its two joint samples (from the keyed streams of plan.ts, so the same on any
 * shard) and one pick-freeze hybrid per group. `metas` fixes the headline order; on the first
 * call pass `undefined` and the first run's rows define it (returned).
 */
export function evaluateDraw(
  plan: PlanInputs,
  evaluator: ChainEvaluator,
  draw: number,
  metas?: readonly HeadlineMeta[],
): { record: DrawRecord; metas: readonly HeadlineMeta[] } {
  evaluator.clear();
  const a = sampleInputs(plan, draw, 'A');
  const b = sampleInputs(plan, draw, 'B');
  const runA = evaluator.evaluate(a);
  const m = metas ?? headlineMetas(runA.headline);
  const A = valuesOf(runA, m);
  const B = valuesOf(evaluator.evaluate(b), m);
  const AB = {} as Record<UncertaintyGroup, HeadlineValues>;
  for (const g of UNCERTAINTY_GROUPS) AB[g] = valuesOf(evaluator.evaluate(pickFreeze(a, b, g)), m);
  evaluator.clear();
  return { record: { draw, inputs: { A: a, B: b }, A, B, AB }, metas: m };
}
