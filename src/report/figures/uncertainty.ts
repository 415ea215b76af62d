import type { RunResult } from '../../analysis/runResult.ts';
import { chooseScale, formatNumber, inParentheses } from '../numberFormat.ts';
import { CATEGORICAL } from '../palette.ts';
import type { FigureSpec } from '../svgChart.ts';
import {
  categoryAxis,
  demoTag,
  extremesText,
  footnote,
  type RenderApi,
  type RenderParams,
  title,
  valueAxis,
} from './common.ts';

/**
 * Trade-related deaths by receptor province with 95 % intervals (2.5–97.5 percentiles of the
 * Monte Carlo draws), one marker per threshold; provinces sorted by the headline mean.
 */
export function deathIntervalsFigure(r: RunResult): FigureSpec | null {
  const ds = [...r.damage].sort((a, b) => a.threshold - b.threshold);
  if (ds.length === 0) return null;
  const head = ds.find((d) => d.threshold === r.conventions.headlineThreshold) ?? ds[0];
  const G = head.deaths.regions.length;
  const order = [...head.deaths.mean.keys()].sort((a, b) => head.deaths.mean[b] - head.deaths.mean[a]);
  const all: number[] = [];
  let lowest = 0;
  for (const d of ds)
    for (let i = 0; i < G; i++) {
      all.push(d.deaths.p975[i]);
      lowest = Math.min(lowest, d.deaths.p025[i], d.deaths.mean[i]);
    }
  const scale = chooseScale(all, head.deaths.unit);
  // A negative end is drawn where it is (the axis extends below 0), never clipped to the origin.
  const negative = lowest < 0;
  const band = 0.62; // fraction of a category's height used by the threshold markers
  const shapes = ['circle', 'rect', 'triangle', 'diamond'];
  const series = ds.map((d, k) => {
    const offset = ds.length === 1 ? 0 : (k / (ds.length - 1) - 0.5) * band;
    const colour = CATEGORICAL[k % CATEGORICAL.length];
    return {
      type: 'custom',
      name: `threshold ${d.threshold} µg/m³: ${formatNumber(d.national.deaths.mean / scale.factor)} (${formatNumber(d.national.deaths.p025 / scale.factor)}–${formatNumber(d.national.deaths.p975 / scale.factor)}) nationally`,
      silent: true,
      itemStyle: { color: colour },
      renderItem: (params: RenderParams, api: RenderApi) => {
        const row = params.dataIndex;
        const h = api.size([0, 1])[1];
        const y = api.coord([0, row])[1] + offset * h;
        const lo = api.coord([api.value(1), row])[0];
        const hi = api.coord([api.value(2), row])[0];
        const c = api.coord([api.value(3), row])[0];
        const sym = shapes[k % shapes.length];
        const marker =
          sym === 'circle'
            ? { type: 'circle', shape: { cx: c, cy: y, r: 3.5 }, style: { fill: colour } }
            : sym === 'rect'
              ? {
                  type: 'rect',
                  shape: { x: c - 3.2, y: y - 3.2, width: 6.4, height: 6.4 },
                  style: { fill: colour },
                }
              : {
                  type: 'polygon',
                  shape: {
                    points: [
                      [c, y - 4.2],
                      [c + 4, y + 3],
                      [c - 4, y + 3],
                    ],
                  },
                  style: { fill: colour },
                };
        return {
          type: 'group',
          children: [
            {
              type: 'line',
              shape: { x1: lo, y1: y, x2: hi, y2: y },
              style: { stroke: colour, lineWidth: 1.6 },
            },
            {
              type: 'line',
              shape: { x1: lo, y1: y - 3, x2: lo, y2: y + 3 },
              style: { stroke: colour, lineWidth: 1.2 },
            },
            {
              type: 'line',
              shape: { x1: hi, y1: y - 3, x2: hi, y2: y + 3 },
              style: { stroke: colour, lineWidth: 1.2 },
            },
            marker,
          ],
        };
      },
      encode: { y: 0, x: [1, 2, 3] },
      data: order.map((i, row) => [
        row,
        d.deaths.p025[i] / scale.factor,
        d.deaths.p975[i] / scale.factor,
        d.deaths.mean[i] / scale.factor,
      ]),
    };
  });
  return {
    id: 'death_intervals',
    title: 'Trade-related deaths by province with 95 % intervals',
    caption: `Premature deaths attributable to trade-related PM2.5 in each receptor province ${inParentheses(scale.unit)}: marker = mean over the draws, whiskers = 2.5–97.5 percentiles over ${r.provenance.monteCarlo.draws} Monte Carlo draws (seed ${r.provenance.monteCarlo.seed}), one row per counterfactual threshold z_cf; headline threshold ${r.conventions.headlineThreshold} µg/m³. Sorted by the headline mean.${negative ? ' Some intervals reach below zero (the axis extends below 0): see “Negative values” under Methods and conventions for the cause.' : ''}`,
    description: `Dot-and-whisker chart of trade-related premature deaths by receptor province ${inParentheses(scale.unit)}, one marker per threshold (${ds.map((d) => `${d.threshold} µg/m³`).join(', ')}), whiskers the 95 % intervals. At ${head.threshold} µg/m³: ${extremesText(
      head.deaths.regions,
      Float64Array.from(head.deaths.mean, (v) => v / scale.factor),
      (v) => formatNumber(v),
      3,
    )}; nationally ${formatNumber(head.national.deaths.mean / scale.factor)} (95 % ${formatNumber(head.national.deaths.p025 / scale.factor)}–${formatNumber(head.national.deaths.p975 / scale.factor)}).`,
    width: 1000,
    height: 26 * G + 220,
    option: {
      title: title(
        `Trade-related premature deaths with 95 % intervals ${inParentheses(scale.unit)}${demoTag(r)}`,
        `Monte Carlo: ${r.provenance.monteCarlo.draws} draws, seed ${r.provenance.monteCarlo.seed}; ${healthLine(r)}`,
      ),
      legend: {
        top: 62,
        left: 'center',
        orient: 'vertical',
        textStyle: { fontSize: 12 },
        data: series.map((s, k) => ({ name: s.name, icon: shapes[k % shapes.length] })),
      },
      grid: { left: 130, right: 40, top: 80 + 22 * ds.length + 20, bottom: 70 },
      xAxis: valueAxis(`Deaths ${inParentheses(scale.unit)}`, {
        nameGap: 28,
        ...(negative ? {} : { min: 0 }),
      }),
      yAxis: categoryAxis(
        order.map((i) => head.deaths.regions[i]),
        { inverse: true, splitLine: { show: true, lineStyle: { color: '#f0f0f0' } } },
      ),
      series,
      graphic: [
        footnote(
          'Marker = mean over the Monte Carlo draws; whiskers = 95 % interval (2.5–97.5 percentiles).',
        ),
      ],
    },
  };
}

/** The paper comparison as a dot plot of run / paper (log scale), one row per headline figure. */
export function paperComparisonFigure(r: RunResult): FigureSpec | null {
  const rows = r.headline.filter(
    (h) => h.paper !== null && h.run !== null && h.paper !== 0 && h.run / h.paper > 0,
  );
  if (rows.length === 0) return null;
  // A log axis has no room for a ratio ≤ 0: such figures are named in the caption, not drawn at an edge.
  const signed = r.headline.filter(
    (h) => h.paper !== null && h.run !== null && h.paper !== 0 && !(h.run / h.paper > 0),
  );
  const ratios = rows.map((h) => (h.run as number) / (h.paper as number));
  // Axis ends on powers of ten so the log axis labels stay round.
  const lo = 10 ** Math.floor(Math.log10(Math.min(0.5, ...ratios) * 0.8));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(2, ...ratios) * 1.25));
  return {
    id: 'paper_comparison',
    title: 'This run compared with the paper',
    caption: `Ratio of this run’s value to the paper’s published value for each headline figure (log scale; 1 = agreement, dashed band = within a factor of 1.25). Figures without a comparable value are listed in the table only.${signed.length ? ` Not drawn, because this run’s value has the opposite sign or is 0 (no place on a log scale): ${signed.map((h) => `${h.label} (run ${formatNumber(h.run as number)} vs paper ${formatNumber(h.paper as number)} ${h.unit})`).join('; ')}.` : ''}`,
    description: `Dot plot on a log scale of this run's value divided by the paper's for ${rows.length} headline figures: ${rows
      .map((h, k) => `${h.label} ${formatNumber(ratios[k])}`)
      .join('; ')}.`,
    width: 1000,
    height: 30 * rows.length + 190,
    option: {
      title: title(
        `This run vs the paper (run / paper)${demoTag(r)}`,
        'Log scale; 1 = same value as published',
      ),
      grid: { left: 400, right: 210, top: 90, bottom: 70 },
      xAxis: valueAxis('run / paper (ratio)', { type: 'log', min: lo, max: hi, nameGap: 28, logBase: 10 }),
      // Values in a column right of the plot (labels beside the points ran into the reference lines).
      yAxis: [
        categoryAxis(
          rows.map((h) => (h.label.length > 64 ? `${h.label.slice(0, 62)}…` : h.label)),
          { inverse: true },
        ),
        categoryAxis(
          rows.map((h) => `${formatNumber(h.run as number)} vs ${formatNumber(h.paper as number)} ${h.unit}`),
          { inverse: true, position: 'right', axisLine: { show: false }, axisTick: { show: false } },
        ),
      ],
      series: [
        {
          type: 'scatter',
          silent: true,
          symbolSize: 10,
          itemStyle: { color: CATEGORICAL[0] },
          data: ratios.map((x, k) => [x, k]),
          markLine: {
            silent: true,
            symbol: 'none',
            label: { show: false },
            data: [
              { xAxis: 1, lineStyle: { color: '#222222', type: 'solid', width: 1.2 } },
              { xAxis: 0.8, lineStyle: { color: '#999999', type: 'dashed' } },
              { xAxis: 1.25, lineStyle: { color: '#999999', type: 'dashed' } },
            ],
          },
        },
      ],
      graphic: [footnote('Right-hand column: this run vs the paper, in the unit of the row.')],
    },
  };
}

/** ERF, accounting, threshold reading and VSL in a figure subtitle's few words. */
function healthLine(r: RunResult): string {
  const h = r.provenance.healthModel.conventions;
  if (!h) return r.provenance.healthModel.id;
  return `${h.erf}, ${h.accounting}, threshold reading ${h.thresholdReading}; VSL ${formatNumber(h.vsl.reference / 1e6)} million ${r.labels.currency.label}`;
}
