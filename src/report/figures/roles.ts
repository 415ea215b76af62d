import type { RunResult } from '../../analysis/runResult.ts';
import type { ProductRole } from '../../mrio/model.ts';
import { chooseScale, formatNumber, formatPercent, niceTicks } from '../numberFormat.ts';
import { CATEGORICAL, FONT_FAMILY, zoneColours } from '../palette.ts';
import { regionAbbreviations } from '../provinceMap.ts';
import type { FigureSpec } from '../svgChart.ts';
import {
  categoryAxis,
  demoTag,
  extremesText,
  footnote,
  niceRange,
  swatchLegend,
  textWidth,
  title,
  valueAxis,
} from './common.ts';

const INDICATOR_NAMES: Readonly<Record<string, string>> = {
  social_income: 'Social income',
  employment: 'Employment',
  damage: 'Health damage',
};
const ROLE_NAMES: Readonly<Record<ProductRole, string>> = {
  final: 'final goods',
  resource_energy_intermediate: 'resource & energy intermediates',
  other_intermediate: 'other intermediates',
};

interface Bubble {
  readonly i: number;
  readonly px: number;
  readonly py: number;
  readonly radius: number;
}
interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const hitsCircle = (b: Box, c: Bubble) => {
  const dx = Math.max(b.x0 - c.px, 0, c.px - b.x1);
  const dy = Math.max(b.y0 - c.py, 0, c.py - b.y1);
  return dx * dx + dy * dy < c.radius * c.radius;
};

/**
 * Deterministic label placement for a bubble plot: bubbles in decreasing size each try eight
 * positions around themselves, then the same directions farther out (with a leader line), and
 * take the first whose box stays inside `frame` and clears every bubble and every label placed
 * so far. Returns the label box per bubble, or null where nothing fits.
 */
function placeBubbleLabels(
  bubbles: readonly Bubble[],
  text: (i: number) => string,
  frame: Box,
  fontSize: number,
): Map<number, { box: Box; leader: boolean } | null> {
  const placed: Box[] = [];
  const leaders: [number, number, number, number][] = [];
  const out = new Map<number, { box: Box; leader: boolean } | null>();
  const h = fontSize + 2;
  const angles = (n: number) => Array.from({ length: n }, (_, k) => (2 * Math.PI * k) / n);
  // Right, left, up, down first (no leader), then the diagonals, then farther out on 16 rays.
  const near = [0, 180, 90, 270, 45, 315, 135, 225].map((d) => (d * Math.PI) / 180);
  const crosses = (seg: [number, number, number, number], b: Box) => {
    for (let t = 0; t <= 1; t += 1 / 16) {
      const x = seg[0] + t * (seg[2] - seg[0]);
      const y = seg[1] + t * (seg[3] - seg[1]);
      if (x > b.x0 && x < b.x1 && y > b.y0 && y < b.y1) return true;
    }
    return false;
  };
  for (const b of [...bubbles].sort((a, c) => c.radius - a.radius || a.i - c.i)) {
    const w = textWidth(text(b.i), fontSize) + 2;
    let found: { box: Box; leader: boolean } | null = null;
    for (const extra of [2, 4, 10, 18, 28, 40, 54, 70]) {
      for (const a of extra <= 4 ? near : angles(16)) {
        const d = b.radius + extra;
        const cx = b.px + Math.cos(a) * (d + w / 2);
        const cy = b.py - Math.sin(a) * (d + h / 2);
        const box = { x0: cx - w / 2, y0: cy - h / 2, x1: cx + w / 2, y1: cy + h / 2 };
        if (box.x0 < frame.x0 || box.x1 > frame.x1 || box.y0 < frame.y0 || box.y1 > frame.y1) continue;
        if (placed.some((p) => overlaps(p, box))) continue;
        if (bubbles.some((c) => hitsCircle(box, c))) continue;
        if (leaders.some((l) => crosses(l, box))) continue;
        const leader = extra > 4;
        if (leader) {
          const seg: [number, number, number, number] = [b.px, b.py, cx, cy];
          if (placed.some((p) => crosses(seg, p))) continue;
          leaders.push(seg);
        }
        found = { box, leader };
        break;
      }
      if (found) break;
    }
    if (found) placed.push(found.box);
    out.set(b.i, found);
  }
  return out;
}

/** Axis range covering `values` with room for a bubble of `padPx` at either end, on nice ticks. */
function bubbleRange(values: readonly number[], lengthPx: number, padPx: number): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(hi > lo)) {
    lo -= 1;
    hi += 1;
  }
  const pad = ((hi - lo) * padPx) / Math.max(1, lengthPx - 2 * padPx);
  const [a, b] = niceRange(lo - pad, hi + pad);
  // Shares cannot be negative: below 0 only the room a bubble at 0 needs, not a whole step.
  return [a < 0 && lo >= 0 ? lo - pad : a, b];
}

/**
 * Paper Fig. 4a: each province's trade-related amount split over the three product roles;
 * x = resource-and-energy intermediate share, y = final-goods share (other intermediates =
 * the rest), bubble area ∝ GDP per capita (social income per capita when the result has no
 * GDP), colour = zone. One panel per indicator; every bubble inside its frame, labels placed
 * without collisions, a size legend.
 */
export function roleBubblesFigure(r: RunResult): FigureSpec | null {
  const panels = r.roles.shares;
  if (panels.length === 0) return null;
  const income = r.valueChain.find((a) => a.kind === 'income');
  const pop = r.population.values;
  const G = r.labels.regions.length;
  const gdp = r.gdpPerCapita;
  const size = gdp
    ? { values: gdp.values, unit: gdp.unit, name: 'GDP per capita' }
    : income
      ? {
          values: Float64Array.from({ length: G }, (_, i) => income.production[i] / pop[i]),
          unit: `${income.unit} per person`,
          name: 'production-based social income per capita',
        }
      : null;
  let maxSize = 0;
  if (size) for (const v of size.values) if (Number.isFinite(v)) maxSize = Math.max(maxSize, v);
  const dMax = 30;
  const diameter = (v: number) => (size && maxSize > 0 && v > 0 ? dMax * Math.sqrt(v / maxSize) : 10);
  const abbr = regionAbbreviations(r.labels.regions, r.labels.regionCodes);
  const colours = zoneColours(r.labels.zones);
  const panelW = 410;
  const plot = 300;
  const gridTop = 178;
  const width = panels.length * panelW + 30;
  const height = gridTop + plot + 86;
  const grids: Record<string, unknown>[] = [];
  const xAxes: Record<string, unknown>[] = [];
  const yAxes: Record<string, unknown>[] = [];
  const series: Record<string, unknown>[] = [];
  const graphic: Record<string, unknown>[] = [];
  const unlabelled = new Set<string>();
  const descriptions: string[] = [];
  const titles: Record<string, unknown>[] = [
    title(
      `Value-chain roles of provinces in inter-regional trade${demoTag(r)}`,
      `Share of each province's trade-related amount carried by ${ROLE_NAMES.resource_energy_intermediate} (x) and ${ROLE_NAMES.final} (y); the rest is ${ROLE_NAMES.other_intermediate}.`,
    ),
  ];
  panels.forEach((s, k) => {
    const left = 30 + k * panelW + 64;
    const pts = r.labels.regions.map((_, i) => {
      const f = s.byRegion.final[i];
      const re = s.byRegion.resource_energy_intermediate[i];
      const o = s.byRegion.other_intermediate[i];
      const t = f + re + o;
      return [t > 0 ? (100 * re) / t : 0, t > 0 ? (100 * f) / t : 0];
    });
    const pad = dMax / 2 + 4;
    const [x0, x1] = bubbleRange(
      pts.map((p) => p[0]),
      plot,
      pad,
    );
    const [y0, y1] = bubbleRange(
      pts.map((p) => p[1]),
      plot,
      pad,
    );
    grids.push({ left, top: gridTop, width: plot, height: plot });
    const axis = (name: string, min: number, max: number, gap: number) =>
      valueAxis(name, {
        gridIndex: k,
        nameGap: gap,
        min,
        max,
        axisLine: { show: true, onZero: false, lineStyle: { color: '#888888' } },
        axisLabel: { fontSize: 11, color: '#222222', showMinLabel: min >= 0 },
      });
    xAxes.push(axis(`${ROLE_NAMES.resource_energy_intermediate} (%)`, x0, x1, 28));
    yAxes.push(axis(`${ROLE_NAMES.final} (%)`, y0, y1, 36));
    titles.push({
      text: `${String.fromCharCode(97 + k)}  ${INDICATOR_NAMES[s.indicator] ?? s.indicator}`,
      subtext: `national: final ${formatNumber(100 * s.nationalShare.final)} %, res. & energy ${formatNumber(100 * s.nationalShare.resource_energy_intermediate)} %, other ${formatNumber(100 * s.nationalShare.other_intermediate)} %`,
      left: left - 40,
      top: gridTop - 52,
      textStyle: { fontSize: 13, fontWeight: 'bold' },
      subtextStyle: { fontSize: 10, color: '#444444' },
    });
    const toPx = (p: number[]): [number, number] => [
      left + ((p[0] - x0) / (x1 - x0)) * plot,
      gridTop + plot - ((p[1] - y0) / (y1 - y0)) * plot,
    ];
    const bubbles: Bubble[] = pts.map((p, i) => {
      const [px, py] = toPx(p);
      return { i, px, py, radius: diameter(size?.values[i] ?? 0) / 2 };
    });
    const labels = placeBubbleLabels(
      bubbles,
      (i) => abbr[i],
      { x0: left + 1, y0: gridTop + 1, x1: left + plot - 1, y1: gridTop + plot - 1 },
      10,
    );
    for (const b of bubbles) {
      const l = labels.get(b.i);
      if (!l) {
        unlabelled.add(r.labels.regions[b.i]);
        continue;
      }
      const cx = (l.box.x0 + l.box.x1) / 2;
      const cy = (l.box.y0 + l.box.y1) / 2;
      if (l.leader) {
        const a = Math.atan2(cy - b.py, cx - b.px);
        graphic.push({
          type: 'line',
          silent: true,
          z: 100,
          shape: {
            x1: b.px + Math.cos(a) * b.radius,
            y1: b.py + Math.sin(a) * b.radius,
            x2: cx - Math.cos(a) * ((l.box.x1 - l.box.x0) / 2),
            y2: cy - Math.sin(a) * ((l.box.y1 - l.box.y0) / 2),
          },
          style: { stroke: '#888888', lineWidth: 0.6 },
        });
      }
      graphic.push({
        type: 'text',
        silent: true,
        z: 101,
        x: cx,
        y: cy,
        style: {
          text: abbr[b.i],
          fontSize: 10,
          fill: '#222222',
          stroke: '#ffffff',
          lineWidth: 2.5,
          fontFamily: FONT_FAMILY,
          align: 'center',
          verticalAlign: 'middle',
        },
      });
    }
    series.push({
      type: 'scatter',
      xAxisIndex: k,
      yAxisIndex: k,
      silent: true,
      data: pts.map((p, i) => ({
        value: p,
        symbolSize: diameter(size?.values[i] ?? 0),
        itemStyle: {
          color: colours.get(r.labels.zoneOfRegion[i]) ?? CATEGORICAL[0],
          opacity: 0.78,
          borderColor: '#333333',
          borderWidth: 0.5,
        },
      })),
    });
    descriptions.push(
      `${INDICATOR_NAMES[s.indicator] ?? s.indicator}: nationally final goods ${formatPercent(s.nationalShare.final)}, resource and energy intermediates ${formatPercent(s.nationalShare.resource_energy_intermediate)}; most resource-and-energy-heavy ${extremesText(
        r.labels.regions,
        pts.map((p) => p[0]),
        (v) => `${formatNumber(v)} %`,
        2,
      )}`,
    );
  });
  // Size legend: three reference bubbles on nice values of the size variable.
  if (size && maxSize > 0) {
    const scale = chooseScale([maxSize], size.unit);
    const refs = niceTicks(0, maxSize / scale.factor, 4)
      .filter((v) => v > 0)
      .slice(-3);
    let x = width / 2 - 120 - textWidth(`Bubble area ∝ ${size.name} (${scale.unit}):`, 12) / 2;
    const y = 100;
    graphic.push({
      type: 'text',
      x,
      y,
      style: {
        text: `Bubble area ∝ ${size.name} (${scale.unit}):`,
        fontSize: 12,
        fill: '#222222',
        fontFamily: FONT_FAMILY,
        align: 'left',
        verticalAlign: 'middle',
      },
    });
    x += textWidth(`Bubble area ∝ ${size.name} (${scale.unit}):`, 12) + 16;
    for (const v of refs) {
      const d = diameter(v * scale.factor);
      graphic.push(
        {
          type: 'circle',
          shape: { cx: x + d / 2, cy: y, r: d / 2 },
          style: { fill: '#bbbbbb', stroke: '#333333', lineWidth: 0.5 },
        },
        {
          type: 'text',
          x: x + d + 5,
          y,
          style: {
            text: formatNumber(v),
            fontSize: 11,
            fill: '#222222',
            fontFamily: FONT_FAMILY,
            align: 'left',
            verticalAlign: 'middle',
          },
        },
      );
      x += d + 12 + textWidth(formatNumber(v), 11) + 14;
    }
  }
  return {
    id: 'role_bubbles',
    title: 'Value-chain roles of provinces',
    caption: `Per province and indicator: share of the trade-related amount carried by resource-and-energy intermediates (x) and by final goods (y); other intermediates make up the rest. Bubble area ∝ ${size ? size.name : 'constant'}${size && !gdp ? ' (the result carries no GDP)' : ''}; colour = zone. Labels are ISO 3166-2:CN codes, placed so that none overlaps another label or a bubble (thin leader lines where a label had to move away)${unlabelled.size ? `; no room for: ${[...unlabelled].join(', ')} (values in the roles table)` : ''}.`,
    description: `Three bubble scatter plots, one per indicator, of the final-goods share against the resource-and-energy-intermediate share of each province's trade-related amount. ${descriptions.join('. ')}.`,
    width,
    height,
    option: {
      title: titles,
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
      series,
      graphic: [
        ...swatchLegend(
          r.labels.zones.map((z) => ({ name: z, color: colours.get(z) ?? CATEGORICAL[0] })),
          width / 2,
          60,
        ),
        ...graphic,
        footnote('Labels: ISO 3166-2:CN codes (short region codes for other regions).'),
      ],
    },
  };
}

/** Light tint of a #rrggbb colour (mix with white). */
function tint(hex: string, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Paper Fig. 5: for selected exporters, the local (EX_sr, in the exporter) and upstream (FE_sr,
 * in other provinces) shares of the content of their exports to their top importers.
 */
export function localUpstreamFigure(r: RunResult, maxExporters = 6, maxImporters = 10): FigureSpec | null {
  // The exporters whose exports carry the most damage (local + upstream), else the most of the
  // first indicator: the provinces the paper's Fig. 5 is about.
  const firstIndicator = r.roles.topImporters[0]?.importers[0]?.indicator;
  const key = r.roles.topImporters.some((e) => e.importers.some((x) => x.indicator === 'damage'))
    ? 'damage'
    : firstIndicator;
  const weight = (e: (typeof r.roles.topImporters)[number]) =>
    e.importers.filter((x) => x.indicator === key).reduce((s, x) => s + x.local + x.upstream, 0);
  const exporters = [...r.roles.topImporters].sort((a, b) => weight(b) - weight(a)).slice(0, maxExporters);
  if (exporters.length === 0) return null;
  const indicators = [...new Set(exporters.flatMap((e) => e.importers.map((x) => x.indicator)))];
  const colours = new Map(
    indicators.map((ind, k) => [ind, ['#0072B2', '#009E73', '#D55E00', '#CC79A7'][k % 4]]),
  );
  const cols = Math.min(2, exporters.length);
  const rowsN = Math.ceil(exporters.length / cols);
  const panelW = 560;
  const width = cols * panelW + 20;
  const importersOf = exporters.map((e) =>
    [...new Set(e.importers.map((x) => x.importer))].slice(0, maxImporters),
  );
  const panelH = Math.max(...importersOf.map((l) => l.length)) * 34 + 40;
  const top = 120;
  const gapY = 90;
  const height = top + rowsN * (panelH + gapY);
  const grids: Record<string, unknown>[] = [];
  const xAxes: Record<string, unknown>[] = [];
  const yAxes: Record<string, unknown>[] = [];
  const series: Record<string, unknown>[] = [];
  const titles: Record<string, unknown>[] = [
    title(
      `Local and upstream content of exports to the top importers${demoTag(r)}`,
      'Solid = local (in the exporting province, EX_sr); light = upstream (in provinces supplying it, FE_sr); bars sum to 100 %.',
    ),
  ];
  exporters.forEach((e, k) => {
    const importers = importersOf[k];
    const cx = 20 + (k % cols) * panelW;
    const gTop = top + Math.floor(k / cols) * (panelH + gapY);
    grids.push({ left: cx + 110, width: panelW - 150, top: gTop, height: panelH });
    xAxes.push(
      valueAxis('Share of export content (%)', { gridIndex: k, min: 0, max: 100, nameGap: 26, interval: 25 }),
    );
    yAxes.push(categoryAxis(importers, { gridIndex: k, inverse: true }));
    titles.push({
      text: `Exports of ${e.exporter} to:`,
      left: cx + 10,
      top: gTop - 28,
      textStyle: { fontSize: 13, fontWeight: 'bold' },
    });
    for (const ind of indicators) {
      const shareOf = (imp: string) => e.importers.find((x) => x.importer === imp && x.indicator === ind);
      const c = colours.get(ind) ?? CATEGORICAL[0];
      series.push({
        type: 'bar',
        name: `${ind} local`,
        stack: `${k}-${ind}`,
        xAxisIndex: k,
        yAxisIndex: k,
        barWidth: 8,
        barGap: '15%',
        silent: true,
        itemStyle: { color: c },
        data: importers.map((imp) => {
          const x = shareOf(imp);
          return x ? 100 * x.localShare : null;
        }),
      });
      series.push({
        type: 'bar',
        name: `${ind} upstream`,
        stack: `${k}-${ind}`,
        xAxisIndex: k,
        yAxisIndex: k,
        barWidth: 8,
        silent: true,
        itemStyle: { color: tint(c, 0.65) },
        data: importers.map((imp) => {
          const x = shareOf(imp);
          return x ? 100 * (1 - x.localShare) : null;
        }),
      });
    }
  });
  return {
    id: 'local_upstream',
    title: 'Local and upstream content of exports to the top importers',
    caption:
      `The ${exporters.length} exporting provinces whose exports carry the most ${key ?? ''} content; for each, its top direct importers;` +
      ' per indicator the local share (EX_sr, generated in the exporter) and the upstream share (FE_sr, generated in the provinces that supply the exporter), METHODS §3. Absolute values are in the top_importers table.',
    description: `Stacked horizontal bars, one panel per exporting province (${exporters.map((e) => e.exporter).join(', ')}), each bar the local and upstream shares of the content of its exports to one of its top importers, per indicator (${indicators.map((i) => INDICATOR_NAMES[i] ?? i).join(', ')}).`,
    width,
    height,
    option: {
      title: titles,
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
      series,
      graphic: swatchLegend(
        indicators.flatMap((ind) => {
          const c = colours.get(ind) ?? CATEGORICAL[0];
          const name = INDICATOR_NAMES[ind] ?? ind;
          return [
            { name: `${name}: local`, color: c },
            { name: 'upstream', color: tint(c, 0.65) },
          ];
        }),
        width / 2,
        66,
      ),
    },
  };
}
