import type { RunResult } from '../../analysis/runResult.ts';
import type { ProvinceMap } from '../provinceMap.ts';
import type { FigureSpec } from '../svgChart.ts';
import { compensationNetFigure, transferMatrixFigure } from './compensation.ts';
import { mainDamageFlows, topFlowsFigure, triggeredSufferedFigure } from './flows.ts';
import { lorenzFigure, perCapitaBarsFigure } from './inequality.ts';
import { pm25MapFigure } from './maps.ts';
import { localUpstreamFigure, roleBubblesFigure } from './roles.ts';
import { emissionSharesFigure, tradeShareDoughnutsFigure } from './shares.ts';
import { deathIntervalsFigure, paperComparisonFigure } from './uncertainty.ts';

export interface FigureSet {
  readonly figures: readonly FigureSpec[];
  /** Figures that could not be drawn from this result, with the reason (printed in the report). */
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
}

/** Every figure of the report, in the paper's order (Fig. 1 → 5, then uncertainty and checks). */
export function buildFigures(r: RunResult, map: ProvinceMap | null): FigureSet {
  const figures: FigureSpec[] = [];
  const skipped: { id: string; reason: string }[] = [];
  const add = (id: string, f: FigureSpec | null, reason: string) => {
    if (f) figures.push(f);
    else skipped.push({ id, reason });
  };
  add('emission_shares', emissionSharesFigure(r), 'no precursor emissions in the result');
  add(
    'pm25_map',
    map ? pm25MapFigure(r, map) : null,
    map ? 'no region of the result has an outline on the province map' : 'no province map loaded',
  );
  add('trade_share_doughnuts', tradeShareDoughnutsFigure(r), 'no regions');
  add('per_capita_bars', perCapitaBarsFigure(r), 'no inequality measures in the result');
  add('lorenz', lorenzFigure(r), 'no inequality measures in the result');
  add('triggered_vs_suffered', triggeredSufferedFigure(r), 'no zones');
  // One damage-flow figure with the main figures; the other variant in an appendix.
  const mainDamage = mainDamageFlows(r);
  for (const p of r.pairwise) {
    const isDamage = p.indicator === 'damage' || p.indicator === 'damage_linear';
    const appendix = isDamage && p !== mainDamage;
    add(`top_flows_${p.indicator}`, topFlowsFigure(r, p, { appendix }), `no flows of ${p.indicator}`);
  }
  add('role_bubbles', roleBubblesFigure(r), 'no role shares in the result');
  add('local_upstream', localUpstreamFigure(r), 'no top-importer splits in the result');
  add('compensation_net', compensationNetFigure(r), 'no regions');
  add('compensation_matrix', transferMatrixFigure(r), 'no regions');
  add('death_intervals', deathIntervalsFigure(r), 'no damage results');
  add('paper_comparison', paperComparisonFigure(r), 'no headline figure has both a paper and a run value');
  return { figures, skipped };
}
