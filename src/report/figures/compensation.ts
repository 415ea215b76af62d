import type { RunResult } from '../../analysis/runResult.ts';
import { chooseScale, formatFixed, formatNumber, formatPercent, inParentheses } from '../numberFormat.ts';
import { DIVERGING, SEQUENTIAL_LIGHT } from '../palette.ts';
import { regionAbbreviations } from '../provinceMap.ts';
import type { FigureSpec } from '../svgChart.ts';
import {
  categoryAxis,
  colourBar,
  demoTag,
  extremesText,
  footnote,
  niceRange,
  swatchLegend,
  title,
  valueAxis,
} from './common.ts';

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
    caption: `Net position = transfers received (for damage suffered that other provinces' final demand caused) − transfers paid (for damage this province's final demand caused elsewhere). ${r.conventions.compensation.replace(/\.?$/, '.')} Σ net = ${formatNumber(k.netSum)} ${k.unit}. ${compensationGiniNote(r)}`,
    description: `Horizontal bars of each province's net beneficiary-pays position ${inParentheses(scale.unit)}, recipients positive and payers negative, sorted: ${extremesText(
      r.labels.regions,
      Float64Array.from(k.net.values, (v) => v / scale.factor),
      (v) => formatNumber(v),
      3,
    )}. Gini of welfare net of damage per capita ${formatFixed(w.giniBefore, 4)} before and ${formatFixed(w.giniAfter, 4)} after the transfers.`,
    width: 900,
    height: 28 * G + 190,
    option: {
      title: title(
        `Net compensation position ${inParentheses(scale.unit)}${demoTag(r)}`,
        `Gini of welfare net of damage per capita: ${formatFixed(w.giniBefore, 4)} → ${formatFixed(w.giniAfter, 4)} after transfers`,
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
  const [, top] = niceRange(0, max > 0 ? max : 1);
  // The largest payers and recipients by row and column sums, for the text alternative.
  const rowSums = Array.from({ length: G }, (_, i) => {
    let a = 0;
    for (let j = 0; j < G; j++) a += t.values.data[i * G + j];
    return a / scale.factor;
  });
  let largest = { i: 0, j: 0, v: -1 };
  for (const [j, i, v] of data) if (v > largest.v) largest = { i, j, v };
  return {
    id: 'compensation_matrix',
    title: 'Beneficiary-pays transfer matrix',
    caption: `T[r→i]: ${t.rowsAre} (rows) pays ${t.colsAre} (columns), in ${scale.unit}: the monetised damage suffered in i caused by production driven by r's final demand, r ≠ i. Blank = zero. Codes are ISO 3166-2:CN.`,
    description: `Heat map of the ${G} × ${G} transfer matrix ${inParentheses(scale.unit)}, payers in rows and recipients in columns, darker = larger. Largest single transfer: ${t.regions[largest.i]} pays ${t.regions[largest.j]} ${formatNumber(largest.v)}. Total paid by province: ${extremesText(t.regions, rowSums, (v) => formatNumber(v), 3)}.`,
    width: side + 340,
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
        show: false,
        min: 0,
        max: top,
        inRange: { color: SEQUENTIAL_LIGHT },
      },
      series: [
        { type: 'heatmap', silent: true, data, itemStyle: { borderColor: '#ffffff', borderWidth: 0.5 } },
      ],
      graphic: [
        ...colourBar({
          left: 70 + side + 40,
          top: 150,
          width: 220,
          min: 0,
          max: top,
          colours: SEQUENTIAL_LIGHT,
          unit: `Transfer ${inParentheses(scale.unit)}`,
        }),
        footnote('Diagonal is empty by construction (r ≠ i).'),
      ],
    },
  };
}

/**
 * Why the Gini of welfare net of damage moves as it does under the beneficiary-pays transfers
 * (docs/analysis.md, compensation): the transfers follow who caused the damage, not who is
 * poorer. Uses the result's first-order split of the change by province.
 */
export function compensationGiniNote(r: RunResult): string {
  const k = r.compensation;
  const w = k.welfareNetOfDamage;
  const c = w.giniContributions?.values;
  const change = w.giniAfter - w.giniBefore;
  const dir = change > 0 ? 'rises' : change < 0 ? 'falls' : 'does not move';
  const signed = (v: number) => `${v >= 0 ? '+' : '−'}${formatNumber(Math.abs(v), 2)}`;
  const head = `Why the Gini ${dir} (${formatFixed(w.giniBefore, 4)} → ${formatFixed(w.giniAfter, 4)}): the transfers follow who caused the damage (the final demand that drove the emissions), not who is poorer.`;
  if (!c) return head;
  const names = r.labels.regions;
  const idx = Array.from(c, (_, i) => i);
  const up = idx.filter((i) => c[i] > 0).sort((a, b) => c[b] - c[a]);
  const down = idx.filter((i) => c[i] < 0).sort((a, b) => c[a] - c[b]);
  const total = (ix: number[]) => ix.reduce((a, i) => a + c[i], 0);
  const role = (i: number) => (k.net.values[i] > 0 ? 'receives' : 'pays');
  const list = (ix: number[]) =>
    ix
      .slice(0, 3)
      .map((i) => `${names[i]} ${role(i)}, ${signed(c[i])}`)
      .join('; ');
  const first = total(idx);
  return `${head} Holding the ranking fixed, a province's transfer moves the Gini by (2/μ)·p_i·Δw_i·(R_i − ½): a net recipient above the population median, or a net payer below it, raises it. Here those add ${signed(total(up))} (${list(up)}), the rest ${signed(total(down))} (${list(down)}); first-order total ${signed(first)} of the actual ${signed(change)}${Math.abs(change - first) > 1e-6 ? ' (the remainder: provinces changing rank)' : ''}.${change > 0 ? ' Poorer provinces pay because their final demand drives emissions in the industrial provinces while little of the damage reaches them; richer industrial provinces receive because they suffer the damage of production that others buy.' : ''} The transfers are small against welfare (at most ${formatPercent(maxAbsShare(k.net.values, w.before.values, r.population.values), 2)} of a province's welfare net of damage). A scheme meant to narrow the gap would weight transfers by need, not by damage caused.`;
}

function maxAbsShare(net: Float64Array, welfarePerCapita: Float64Array, pop: Float64Array): number {
  let m = 0;
  for (let i = 0; i < net.length; i++) {
    const total = welfarePerCapita[i] * pop[i];
    if (total > 0) m = Math.max(m, Math.abs(net[i]) / total);
  }
  return m;
}
