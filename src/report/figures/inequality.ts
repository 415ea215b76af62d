import type { InequalityMeasures, RunResult } from '../../analysis/runResult.ts';
import { chooseScale, formatFixed, formatNumber } from '../numberFormat.ts';
import { CATEGORICAL, FONT_FAMILY, zoneColours } from '../palette.ts';
import { regionAbbreviations } from '../provinceMap.ts';
import type { FigureSpec } from '../svgChart.ts';
import {
  AXIS_LABEL_STYLE,
  demoTag,
  extremesText,
  footnote,
  niceRange,
  type RenderApi,
  type RenderParams,
  swatchLegend,
  title,
  valueAxis,
} from './common.ts';

/** 95 % interval per region of a per-capita damage distribution (from the attribution's draws). */
function perCapitaInterval(
  r: RunResult,
  m: InequalityMeasures,
): { lo: Float64Array; hi: Float64Array } | null {
  const src = m.variable.startsWith('damage_triggered')
    ? r.attribution.triggered
    : m.variable.startsWith('damage_suffered')
      ? r.attribution.suffered
      : null;
  if (!src) return null;
  const pop = r.population.values;
  return {
    lo: Float64Array.from(src.p025, (v, i) => v / pop[i]),
    hi: Float64Array.from(src.p975, (v, i) => v / pop[i]),
  };
}

interface PlacedBar {
  readonly i: number;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly lo?: number;
  readonly hi?: number;
  /** Label position (data units): x of the label's centre line, y of its foot. */
  labelX: number;
  labelY: number;
}

/**
 * Places one vertical code label per bar, none dropped: each label keeps ≥ `gap` px from its
 * neighbours, pushed left from the tallest (rightmost) bar, then right if it ran off the left
 * edge; its foot sits just above every bar or whisker under its footprint.
 */
function placeLabels(bars: PlacedBar[], pxPerX: number, pxPerY: number, gap: number, xMax: number): void {
  const n = bars.length;
  const g = gap / pxPerX;
  const centre = (b: PlacedBar) => (b.x0 + b.x1) / 2;
  for (let k = n - 1; k >= 0; k--)
    bars[k].labelX = Math.min(centre(bars[k]), k === n - 1 ? xMax - g / 2 : bars[k + 1].labelX - g);
  for (let k = 0; k < n; k++)
    bars[k].labelX = Math.max(bars[k].labelX, k === 0 ? g / 2 : bars[k - 1].labelX + g);
  const top = (b: PlacedBar) => Math.max(0, b.y, b.hi ?? 0);
  for (const b of bars) {
    let foot = top(b);
    const half = g / 2;
    for (const o of bars) if (o.x1 > b.labelX - half && o.x0 < b.labelX + half) foot = Math.max(foot, top(o));
    b.labelY = foot + 3 / pxPerY;
  }
}

/**
 * Paper Fig. 2a–d: per-capita values as bars whose width is the region's population share,
 * sorted ascending (the order of the Lorenz curve), coloured by zone; dashed line = national
 * per-capita value. Every bar carries its code (leader line where the label had to move);
 * damage panels carry 95 % intervals.
 */
export function perCapitaBarsFigure(r: RunResult): FigureSpec | null {
  const measures = r.mismatch.measures;
  if (measures.length === 0) return null;
  const pop = r.population.values;
  const P = pop.reduce((a, b) => a + b, 0);
  const abbr = regionAbbreviations(r.labels.regions, r.labels.regionCodes);
  const colours = zoneColours(r.labels.zones);
  const panelH = 210;
  const top = 120;
  const gap = 78;
  const width = 1100;
  const left = 90;
  const right = 30;
  const plotW = width - left - right;
  const height = top + measures.length * (panelH + gap) + 10;
  const grids: Record<string, unknown>[] = [];
  const xAxes: Record<string, unknown>[] = [];
  const yAxes: Record<string, unknown>[] = [];
  const series: Record<string, unknown>[] = [];
  const descriptions: string[] = [];
  const negatives: string[] = [];
  const titles: Record<string, unknown>[] = [
    title(
      `Per-capita welfare and damage: bar width ∝ population${demoTag(r)}`,
      'Regions sorted by per-capita value; colour = zone; dashed line = national per-capita value; whiskers = 95 % interval (damage).',
    ),
  ];
  measures.forEach((m, k) => {
    const v = m.perCapita.values;
    const ci = perCapitaInterval(r, m);
    const scale = chooseScale(ci ? [...v, ...ci.hi] : v, m.unit);
    const order = [...v.keys()].sort((a, b) => v[a] - v[b]);
    let cum = 0;
    const bars: PlacedBar[] = order.map((i) => {
      const x0 = cum;
      cum += (100 * pop[i]) / P;
      return {
        i,
        x0,
        x1: cum,
        y: v[i] / scale.factor,
        ...(ci ? { lo: ci.lo[i] / scale.factor, hi: ci.hi[i] / scale.factor } : {}),
        labelX: 0,
        labelY: 0,
      };
    });
    let lo = 0;
    let hi = 0;
    for (const b of bars) {
      lo = Math.min(lo, b.y, b.lo ?? 0);
      hi = Math.max(hi, b.y, b.hi ?? 0);
    }
    // Head room for the vertical labels above the tallest bar (≈ 26 px of the panel); a lower
    // end just below zero (an interval reaching under 0) keeps a little room, not a whole step.
    const [niceLo, yMax] = niceRange(lo, hi + ((hi - lo) * 26) / panelH);
    const yMin = lo < 0 && lo > niceLo / 2 ? lo - (yMax - lo) * 0.02 : niceLo;
    placeLabels(bars, plotW / 100, panelH / (yMax - yMin), 11, 100);
    let nat = 0;
    for (let i = 0; i < v.length; i++) nat += v[i] * pop[i];
    nat /= P * scale.factor;
    const gTop = top + k * (panelH + gap);
    grids.push({ left, right, top: gTop, height: panelH });
    xAxes.push(
      valueAxis(k === measures.length - 1 ? 'Cumulative population share (%)' : '', {
        gridIndex: k,
        min: 0,
        max: 100,
        nameGap: 26,
        splitLine: { show: false },
      }),
    );
    yAxes.push(
      valueAxis(scale.unit, {
        gridIndex: k,
        min: yMin,
        max: yMax,
        nameGap: 54,
        axisLabel: { ...AXIS_LABEL_STYLE, showMinLabel: yMin === niceLo },
        nameTextStyle: { fontSize: 11, fontWeight: 'bold' },
      }),
    );
    // A negative bar too small to see is named in the panel title (never left looking like 0).
    const below = order.filter((i) => v[i] < 0).map((i) => `${abbr[i]} ${formatNumber(v[i] / scale.factor)}`);
    if (below.length) negatives.push(`${m.label}: ${below.join(', ')} ${scale.unit}`);
    titles.push({
      text: `${String.fromCharCode(97 + k)}  ${m.label}   (national ${formatNumber(nat)}; Gini ${formatFixed(m.gini, 3)}, CV ${formatFixed(m.cv, 2)} ${m.cvWeighting}, top-${Math.round(100 * r.conventions.topShare.fraction)} % / national = ${formatFixed(m.topRatio.ratio, 2)}${below.length ? `; below 0: ${below.join(', ')}` : ''})`,
      left: left - 60,
      top: gTop - 28,
      textStyle: { fontSize: 13, fontWeight: 'bold' },
    });
    descriptions.push(
      `${String.fromCharCode(97 + k)}: ${m.label} per capita (${scale.unit}), Gini ${formatFixed(m.gini, 3)}; ${extremesText(
        order.map((i) => r.labels.regions[i]),
        order.map((i) => v[i] / scale.factor),
        (x) => formatNumber(x),
      )}`,
    );
    series.push({
      type: 'custom',
      xAxisIndex: k,
      yAxisIndex: k,
      silent: true,
      clip: false,
      renderItem: (params: RenderParams, api: RenderApi) => {
        const b = bars[params.dataIndex];
        const p0 = api.coord([b.x0, Math.max(0, b.y)]);
        const p1 = api.coord([b.x1, Math.min(0, b.y)]);
        const w = p1[0] - p0[0];
        const children: Record<string, unknown>[] = [
          {
            type: 'rect',
            shape: { x: p0[0], y: p0[1], width: w, height: p1[1] - p0[1] },
            style: {
              fill: colours.get(r.labels.zoneOfRegion[b.i]) ?? CATEGORICAL[0],
              stroke: '#ffffff',
              lineWidth: 0.5,
            },
          },
        ];
        const cx = p0[0] + w / 2;
        if (b.lo !== undefined && b.hi !== undefined) {
          const a = api.coord([0, b.lo])[1];
          const z = api.coord([0, b.hi])[1];
          const cap = Math.min(3, Math.max(1.5, w / 3));
          children.push(
            {
              type: 'line',
              shape: { x1: cx, y1: a, x2: cx, y2: z },
              style: { stroke: '#222222', lineWidth: 0.9 },
            },
            {
              type: 'line',
              shape: { x1: cx - cap, y1: z, x2: cx + cap, y2: z },
              style: { stroke: '#222222', lineWidth: 0.9 },
            },
            {
              type: 'line',
              shape: { x1: cx - cap, y1: a, x2: cx + cap, y2: a },
              style: { stroke: '#222222', lineWidth: 0.9 },
            },
          );
        }
        const foot = api.coord([b.labelX, b.labelY]);
        const barTop = api.coord([0, Math.max(0, b.y, b.hi ?? 0)])[1];
        if (Math.abs(foot[0] - cx) > 1.5)
          children.push({
            type: 'polyline',
            shape: {
              points: [
                [cx, barTop - 1],
                [cx, Math.min(barTop - 1, foot[1] + 2)],
                [foot[0], foot[1] + 1],
              ],
            },
            style: { stroke: '#777777', lineWidth: 0.6, fill: 'none' },
          });
        children.push({
          type: 'text',
          x: foot[0],
          y: foot[1],
          rotation: Math.PI / 2,
          style: {
            text: abbr[b.i],
            fontSize: 10,
            fill: '#222222',
            fontFamily: FONT_FAMILY,
            align: 'left',
            verticalAlign: 'middle',
          },
        });
        return { type: 'group', children };
      },
      encode: { x: [0, 1], y: 2 },
      data: bars.map((b) => [b.x0, b.x1, b.y]),
      markLine: {
        silent: true,
        symbol: 'none',
        precision: 12, // the default (2) would round small per-capita values to 0
        lineStyle: { type: 'dashed', color: '#222222', width: 1.2 },
        label: { show: false },
        data: [{ yAxis: nat }],
      },
    });
  });
  return {
    id: 'per_capita_bars',
    title: 'Per-capita welfare and damage, bar width ∝ population',
    caption: `Each bar is a region: height = per-capita value, width = population share; regions sorted ascending. Every bar carries its ISO 3166-2:CN code (a thin leader line where neighbouring labels had to make room). Damage panels: whiskers = 95 % interval over the Monte Carlo draws. CV = coefficient of variation, ${r.conventions.cv.weighting}. All values are in the per_capita table.${negatives.length ? ` Negative values, drawn below the axis and named in the panel titles: ${negatives.join('; ')} (cause: “Negative values” under Methods and conventions).` : ''}`,
    description: `Five panels of bars whose width is each province's population share and height its per-capita value, sorted ascending and coloured by zone. ${descriptions.join('. ')}.`,
    width,
    height,
    option: {
      title: titles,
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
      series,
      graphic: swatchLegend(
        r.labels.zones.map((z) => ({ name: z, color: colours.get(z) ?? CATEGORICAL[0] })),
        width / 2,
        62,
      ),
    },
  };
}

/**
 * Lorenz curves as small multiples, one panel per per-capita distribution with its Gini; the
 * other distributions' curves in light grey behind, for comparison.
 */
export function lorenzFigure(r: RunResult): FigureSpec | null {
  const measures = r.mismatch.measures;
  if (measures.length === 0) return null;
  const cols = Math.min(3, measures.length);
  const rows = Math.ceil(measures.length / cols);
  const side = 250;
  const padL = 70;
  const padT = 70;
  const cellW = side + padL + 30;
  const cellH = side + padT + 50;
  const top = 70;
  const width = cols * cellW + 20;
  const height = top + rows * cellH + 20;
  const curve = (m: InequalityMeasures) => [
    ...(m.lorenz[0]?.populationShare === 0 ? [] : [[0, 0]]),
    ...m.lorenz.map((p) => [100 * p.populationShare, 100 * p.valueShare]),
  ];
  const grids: Record<string, unknown>[] = [];
  const xAxes: Record<string, unknown>[] = [];
  const yAxes: Record<string, unknown>[] = [];
  const series: Record<string, unknown>[] = [];
  const titles: Record<string, unknown>[] = [
    title(
      `Lorenz curves${demoTag(r)}`,
      'Regions sorted by per-capita value; grey: the other distributions, for comparison; dashed: equality',
    ),
  ];
  measures.forEach((m, k) => {
    const x = 20 + (k % cols) * cellW + padL;
    const y = top + Math.floor(k / cols) * cellH + padT;
    grids.push({ left: x, top: y, width: side, height: side });
    const axis = (name: string, extra: Record<string, unknown>) =>
      valueAxis(name, { gridIndex: k, min: 0, max: 100, interval: 25, nameGap: 30, ...extra });
    xAxes.push(axis('Cumulative population (%)', { nameGap: 24 }));
    yAxes.push(axis('Cumulative share (%)', { nameGap: 34 }));
    const colour = CATEGORICAL[k % CATEGORICAL.length];
    const label = `${String.fromCharCode(97 + k)}  ${m.label}`;
    titles.push({
      text: label.length > 52 ? `${label.slice(0, 50)}…` : label,
      subtext: `Gini ${formatFixed(m.gini, 3)}`,
      left: x - 50,
      top: y - 52,
      itemGap: 4,
      textStyle: { fontSize: 12.5, fontWeight: 'bold', width: side + 70, overflow: 'truncate' },
      subtextStyle: { fontSize: 12, color: '#222222', fontWeight: 'bold' },
    });
    const line = (data: number[][], style: Record<string, unknown>, z: number) => ({
      type: 'line',
      xAxisIndex: k,
      yAxisIndex: k,
      silent: true,
      showSymbol: false,
      z,
      lineStyle: style,
      data,
    });
    series.push(
      line(
        [
          [0, 0],
          [100, 100],
        ],
        { color: '#999999', width: 1, type: 'dashed' },
        1,
      ),
      ...measures.filter((o) => o !== m).map((o) => line(curve(o), { color: '#cccccc', width: 1 }, 2)),
      // The area between equality and the curve: Gini = twice this area.
      {
        type: 'custom',
        xAxisIndex: k,
        yAxisIndex: k,
        silent: true,
        z: 0,
        renderItem: (_: RenderParams, api: RenderApi) => ({
          type: 'polygon',
          shape: { points: [...curve(m), [100, 100]].map((p) => api.coord(p)) },
          style: { fill: colour, opacity: 0.14 },
        }),
        data: [[0, 0]],
      },
      line(curve(m), { color: colour, width: 2.4 }, 3),
    );
  });
  return {
    id: 'lorenz',
    title: 'Lorenz curves and Gini coefficients',
    caption:
      'One panel per distribution: cumulative share of the quantity against cumulative population share, regions sorted by per-capita value; Gini = population-weighted (paper eq. 11) = twice the shaded area. Grey curves: the other panels’ distributions. Diagonal = equal per-capita distribution.',
    description: `Small multiples of Lorenz curves, one per per-capita distribution: ${measures.map((m) => `${m.label}, Gini ${formatFixed(m.gini, 3)}`).join('; ')}.`,
    width,
    height,
    option: {
      title: titles,
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
      series,
      graphic: [footnote('Axes in %.')],
      textStyle: { ...AXIS_LABEL_STYLE, fontFamily: FONT_FAMILY },
    },
  };
}
