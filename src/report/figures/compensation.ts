import type { RunResult } from '../../analysis/runResult.ts';
import { chooseScale, formatNumber, inParentheses } from '../format.ts';
import { DIVERGING, SEQUENTIAL_LIGHT } from '../palette.ts';
import { regionAbbreviations } from '../provinceMap.ts';
import type { FigureSpec } from '../svgChart.ts';
import { categoryAxis, demoTag, footnote, swatchLegend, title, valueAxis } from './common.ts';

/** Net beneficiary-pays position per province (received − paid), sorted. */
export function compensationNetFigure(r: RunResult): FigureSpec | null {
  const k = r.compensation;
  const G = k.net.values.length;
  if (G === 0) return null;
  const order = [...k.net.values.keys()].sort((a, b) => k.net.values[b] - k.net.values[a]);
  const scale = chooseScale(k.net.values, k.net.unit);
  const w = k.welfareNetOfDamage;
  const receive = DIVERGING[4];
  const pay = DIVERGING[0];
  return {
    id: 'compensation_net',
    title: 'Beneficiary-pays compensation: net position per province',
    caption: `Net position = transfers received (for damage suffered that other provinces' final demand caused) − transfers paid (for damage this province's final demand caused elsewhere), ${r.conventions.compensation}. Σ net = ${formatNumber(k.netSum)} ${k.unit}. Gini of welfare net of damage per capita: ${w.giniBefore.toFixed(4)} before, ${w.giniAfter.toFixed(4)} after the transfers.`,
    width: 900,
    height: 28 * G + 190,
    option: {
      title: title(
        `Net compensation position ${inParentheses(scale.unit)}${demoTag(r)}`,
        `Gini of welfare net of damage per capita: ${w.giniBefore.toFixed(4)} → ${w.giniAfter.toFixed(4)} after transfers`,
      ),
      grid: { left: 130, right: 90, top: 110, bottom: 60 },
      xAxis: valueAxis(`Received − paid ${inParentheses(scale.unit)}`, { nameGap: 28, position: 'bottom' }),
      yAxis: categoryAxis(
        order.map((i) => r.labels.regions[i]),
        { inverse: true, axisTick: { show: false }, axisLine: { show: false } },
      ),
      series: [
        {
          type: 'bar',
          silent: true,
          barWidth: 16,
          label: {
            show: true,
            fontSize: 10,
            color: '#222222',
            formatter: (p: { value: number }) => formatNumber(p.value),
          },
          data: order.map((i) => {
            const v = k.net.values[i] / scale.factor;
            return {
              value: v,
              itemStyle: { color: v >= 0 ? receive : pay },
              label: { position: v >= 0 ? 'right' : 'left' },
            };
          }),
        },
      ],
      graphic: [
        ...swatchLegend(
          [
            { name: 'net recipient', color: receive },
            { name: 'net payer', color: pay },
          ],
          450,
          72,
        ),
        footnote(`Values in ${scale.unit}.`),
      ],
    },
  };
}

/** The beneficiary-pays transfer matrix T[r→i] as a heatmap (payer rows, recipient columns). */
export function transferMatrixFigure(r: RunResult): FigureSpec | null {
  const t = r.compensation.transfers;
  const G = t.regions.length;
  if (G === 0) return null;
  const abbr = regionAbbreviations(t.regions, r.labels.regionCodes);
  const scale = chooseScale(t.values.data, t.unit);
  const data: [number, number, number][] = [];
  let max = 0;
  for (let i = 0; i < G; i++)
    for (let j = 0; j < G; j++) {
      const v = t.values.data[i * G + j] / scale.factor;
      if (v === 0) continue;
      data.push([j, i, v]);
      max = Math.max(max, v);
    }
  const cell = Math.max(14, Math.min(26, Math.floor(720 / G)));
  const side = cell * G;
  return {
    id: 'compensation_matrix',
    title: 'Beneficiary-pays transfer matrix',
    caption: `T[r→i]: ${t.rowsAre} (rows) pays ${t.colsAre} (columns), in ${scale.unit}: the monetised damage suffered in i caused by production driven by r's final demand, r ≠ i. Blank = zero. Codes are ISO 3166-2:CN.`,
    width: side + 230,
    height: side + 190,
    option: {
      title: title(
        `Transfer matrix T[payer → recipient] ${inParentheses(scale.unit)}${demoTag(r)}`,
        'Rows: paying province (final demand); columns: receiving province (damage suffered)',
      ),
      grid: { left: 70, top: 120, width: side, height: side },
      xAxis: categoryAxis(abbr, {
        position: 'top',
        name: 'Recipient',
        nameLocation: 'middle',
        nameGap: 24,
        nameTextStyle: { fontWeight: 'bold' },
        axisLabel: { fontSize: 9, interval: 0, rotate: 90 },
        splitArea: { show: false },
      }),
      yAxis: categoryAxis(abbr, {
        inverse: true,
        name: 'Payer',
        nameLocation: 'middle',
        nameGap: 40,
        nameTextStyle: { fontWeight: 'bold' },
        axisLabel: { fontSize: 9, interval: 0 },
      }),
      visualMap: {
        type: 'continuous',
        min: 0,
        max: max > 0 ? max : 1,
        orient: 'vertical',
        left: side + 100,
        top: 140,
        itemHeight: Math.min(300, side - 40),
        text: [formatNumber(max), '0'],
        inRange: { color: SEQUENTIAL_LIGHT },
        textStyle: { fontSize: 11 },
        calculable: false,
      },
      series: [
        { type: 'heatmap', silent: true, data, itemStyle: { borderColor: '#ffffff', borderWidth: 0.5 } },
      ],
      graphic: [
        {
          type: 'text',
          left: side + 92,
          top: 118,
          style: { text: scale.unit, fontSize: 11, fill: '#222222' },
        },
        footnote('Diagonal is empty by construction (r ≠ i).'),
      ],
    },
  };
}
