import type { InequalityMeasures, RunResult } from '../../analysis/runResult.ts';
import { chooseScale, formatNumber } from '../format.ts';
import { CATEGORICAL, FONT_FAMILY, zoneColours } from '../palette.ts';
import { regionAbbreviations } from '../provinceMap.ts';
import type { FigureSpec } from '../svgChart.ts';
import {
  AXIS_LABEL_STYLE,
  demoTag,
  footnote,
  type RenderApi,
  type RenderParams,
  swatchLegend,
  title,
  valueAxis,
} from './common.ts';

/**
 * Paper Fig. 2a–d: per-capita values as bars whose width is the region's population share,
 * sorted ascending (the order of the Lorenz curve), coloured by zone; dashed line = national
 * per-capita value.
 */
export function perCapitaBarsFigure(r: RunResult): FigureSpec | null {
  const measures = r.mismatch.measures;
  if (measures.length === 0) return null;
  const pop = r.population.values;
  const P = pop.reduce((a, b) => a + b, 0);
  const abbr = regionAbbreviations(r.labels.regions, r.labels.regionCodes);
  const colours = zoneColours(r.labels.zones);
  const panelH = 200;
  const top = 120;
  const gap = 70;
  const width = 1100;
  const left = 90;
  const right = 30;
  const height = top + measures.length * (panelH + gap) + 20;
  const grids: Record<string, unknown>[] = [];
  const xAxes: Record<string, unknown>[] = [];
  const yAxes: Record<string, unknown>[] = [];
  const series: Record<string, unknown>[] = [];
  const titles: Record<string, unknown>[] = [
    title(
      `Per-capita welfare and damage: bar width ∝ population${demoTag(r)}`,
      'Regions sorted by per-capita value; colour = zone; dashed line = national per-capita value.',
    ),
  ];
  measures.forEach((m, k) => {
    const v = m.perCapita.values;
    const scale = chooseScale(v, m.unit);
    const order = [...v.keys()].sort((a, b) => v[a] - v[b]);
    let cum = 0;
    const bars = order.map((i) => {
      const x0 = cum;
      cum += (100 * pop[i]) / P;
      return { i, x0, x1: cum, y: v[i] / scale.factor };
    });
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
        nameGap: 54,
        nameTextStyle: { fontSize: 11, fontWeight: 'bold' },
      }),
    );
    titles.push({
      text: `${String.fromCharCode(97 + k)}  ${m.label}   (Gini ${m.gini.toFixed(3)}, CV ${m.cv.toFixed(2)}, top-${Math.round(100 * r.conventions.topShare.fraction)} % / national = ${m.topRatio.ratio.toFixed(2)})`,
      left: left - 60,
      top: gTop - 26,
      textStyle: { fontSize: 13, fontWeight: 'bold' },
    });
    series.push({
      type: 'custom',
      xAxisIndex: k,
      yAxisIndex: k,
      silent: true,
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
        // Vertical code label above bars wide enough to hold it (≥ 10 px); the rest are in the tables.
        if (w >= 10)
          children.push({
            type: 'text',
            x: p0[0] + w / 2 + 4,
            y: p0[1] - 3,
            rotation: Math.PI / 2,
            style: {
              text: abbr[b.i],
              fontSize: 10,
              fill: '#222222',
              fontFamily: FONT_FAMILY,
              align: 'left',
              verticalAlign: 'bottom',
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
        label: { formatter: `national ${formatNumber(nat)}`, position: 'insideStartTop', fontSize: 10 },
        data: [{ yAxis: nat }],
      },
    });
  });
  return {
    id: 'per_capita_bars',
    title: 'Per-capita welfare and damage, bar width ∝ population',
    caption:
      'Each bar is a region: height = per-capita value, width = population share; regions sorted ascending. Codes (ISO 3166-2:CN) are shown above bars at least 10 px wide; all values are in the per_capita table.',
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

/** Lorenz curves of all per-capita distributions with their Gini coefficients. */
export function lorenzFigure(r: RunResult): FigureSpec | null {
  const measures = r.mismatch.measures;
  if (measures.length === 0) return null;
  const lineTypes = ['solid', 'dashed', 'dotted', 'solid'];
  return {
    id: 'lorenz',
    title: 'Lorenz curves and Gini coefficients',
    caption:
      'Cumulative share of each quantity against cumulative population share, regions sorted by per-capita value; Gini = population-weighted (paper eq. 11). Diagonal = equal per-capita distribution.',
    width: 720,
    height: 640,
    option: {
      title: title(`Lorenz curves${demoTag(r)}`, 'Regions sorted by per-capita value'),
      legend: {
        orient: 'vertical',
        left: 110,
        top: 90,
        textStyle: { fontSize: 12 },
        backgroundColor: 'rgba(255,255,255,0.85)',
        data: [...measures.map((m) => lorenzName(m)), 'Equality'],
      },
      grid: { left: 80, right: 40, top: 80, bottom: 70 },
      xAxis: valueAxis('Cumulative population share (%)', { min: 0, max: 100, nameGap: 30, interval: 20 }),
      yAxis: valueAxis('Cumulative share of the quantity (%)', {
        min: 0,
        max: 100,
        nameGap: 44,
        interval: 20,
      }),
      series: [
        ...measures.map((m, k) => ({
          type: 'line',
          name: lorenzName(m),
          showSymbol: false,
          lineStyle: {
            width: 2.2,
            type: lineTypes[k % lineTypes.length],
            color: CATEGORICAL[k % CATEGORICAL.length],
          },
          itemStyle: { color: CATEGORICAL[k % CATEGORICAL.length] },
          // The curve starts at the origin whether or not the result lists it.
          data: [
            ...(m.lorenz[0]?.populationShare === 0 ? [] : [[0, 0]]),
            ...m.lorenz.map((p) => [100 * p.populationShare, 100 * p.valueShare]),
          ],
        })),
        {
          type: 'line',
          name: 'Equality',
          showSymbol: false,
          lineStyle: { color: '#999999', width: 1, type: 'dashed' },
          itemStyle: { color: '#999999' },
          data: [
            [0, 0],
            [100, 100],
          ],
        },
      ],
      graphic: [footnote('Axis labels in %.')],
      textStyle: { ...AXIS_LABEL_STYLE, fontFamily: FONT_FAMILY },
    },
  };
}

function lorenzName(m: InequalityMeasures): string {
  return `${m.label} (Gini ${m.gini.toFixed(3)})`;
}
