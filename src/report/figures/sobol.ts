import { GROUP_LABELS, UNCERTAINTY_GROUPS } from '../../uncertainty/plan.ts';
import type { UncertaintyResult } from '../../uncertainty/result.ts';
import { significant } from '../../uncertainty/summary.ts';
import { CATEGORICAL } from '../palette.ts';
import type { FigureSpec } from '../svgChart.ts';
import { categoryAxis, footnote, title, valueAxis } from './common.ts';

const INTERACTIONS = 'interactions between groups';

/** A category label of at most `max` characters (ellipsis), so 37 rows fit beside the bars. */
function shortLabel(s: string, max = 58): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * Where the spread of each headline number comes from: stacked first-order Sobol indices of the
 * five groups and the remainder 1 − Σ S_g (interactions), each bar the whole variance; the
 * label at the right gives the number's 95 % interval. Estimates are drawn clipped to [0, 1]
 * (the tables keep them as estimated).
 */
export function sobolFigure(u: UncertaintyResult, tag: string): FigureSpec {
  const rows = u.headlines;
  const clip = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
  const colour = (k: number) => CATEGORICAL[k % CATEGORICAL.length];
  const series = UNCERTAINTY_GROUPS.map((g, k) => ({
    name: GROUP_LABELS[g],
    type: 'bar',
    stack: 'v',
    barWidth: 13,
    itemStyle: { color: colour(k) },
    data: rows.map((r) => 100 * clip(r.first[g].estimate)),
  }));
  const rest = rows.map((r) => {
    if (r.dominant === null) return 0;
    const used = UNCERTAINTY_GROUPS.reduce((a, g) => a + clip(r.first[g].estimate), 0);
    return 100 * Math.max(0, 1 - used);
  });
  const intervals = rows.map((r) =>
    r.dominant === null
      ? 'does not vary'
      : `${significant(r.p025)}–${significant(r.p975)}${r.unit === 'index' || r.unit === 'ratio' ? '' : ` ${r.unit}`}`,
  );
  const described = rows
    .filter((r) => r.dominant !== null)
    .map(
      (r) =>
        `${r.label}: ${GROUP_LABELS[r.dominant!]} ${Math.round(100 * clip(r.first[r.dominant!].estimate))} %`,
    )
    .join('; ');
  const height = 150 + 21 * rows.length;
  return {
    id: 'uncertainty_sobol',
    title: 'Which uncertainty dominates each headline number',
    caption:
      `First-order Sobol indices of the five groups of uncertain inputs (Saltelli et al. 2010), stacked: each bar is the number's whole variance over ${2 * u.plan.draws} joint draws; grey is what only interactions between groups explain (1 − Σ S). ` +
      'Right: the 95 % interval of the number. Estimates are clipped to 0–100 % for drawing; tables/sobol_indices.csv has them unclipped with bootstrap intervals.',
    description: `Stacked horizontal bars, one per headline number, of the share of its variance each source explains alone. ${described}.`,
    width: 1100,
    height,
    option: {
      title: title(
        `Where the spread of each headline number comes from${tag}`,
        `First-order Sobol indices, ${u.plan.draws} draws (${7 * u.plan.draws} chain evaluations), seed ${u.plan.seed}`,
      ),
      legend: {
        top: 58,
        left: 'center',
        itemGap: 18,
        textStyle: { fontSize: 12 },
        data: [...UNCERTAINTY_GROUPS.map((g) => GROUP_LABELS[g]), INTERACTIONS],
      },
      grid: { left: 360, right: 170, top: 95, bottom: 55 },
      xAxis: valueAxis('Share of the variance (%)', { max: 100, nameGap: 26 }),
      yAxis: [
        categoryAxis(
          rows.map((r) => shortLabel(r.label)),
          { inverse: true },
        ),
        // The number's interval beside its bar: a second category axis on the right.
        categoryAxis(intervals, {
          inverse: true,
          position: 'right',
          axisLine: { show: false },
          axisTick: { show: false },
          axisLabel: { fontSize: 10, color: '#333333', interval: 0 },
        }),
      ],
      series: [
        ...series,
        {
          name: INTERACTIONS,
          type: 'bar',
          stack: 'v',
          itemStyle: { color: '#bbbbbb' },
          data: rest,
        },
      ],
      graphic: [
        footnote(
          'Right: the number’s 2.5–97.5 % over the draws. Index estimates clipped to [0, 1] for drawing.',
        ),
      ],
    },
  };
}
