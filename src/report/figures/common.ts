import type { RunResult } from '../../analysis/runResult.ts';
import { formatNumber, niceTicks } from '../numberFormat.ts';
import { FONT_FAMILY, GRID_LINE, TEXT } from '../palette.ts';

/** Minimal typing of the ECharts custom-series render API used by our renderItem functions. */
export interface RenderApi {
  value(dim: number): number;
  coord(v: readonly number[]): number[];
  size(v: readonly number[]): number[];
}
export interface RenderParams {
  coordSys: { x: number; y: number; width: number; height: number };
  dataIndex: number;
}

export const TITLE_STYLE = { fontSize: 17, fontWeight: 'bold', color: TEXT, fontFamily: FONT_FAMILY };
export const SUBTITLE_STYLE = { fontSize: 12, color: '#444444', fontFamily: FONT_FAMILY, lineHeight: 16 };
export const AXIS_NAME_STYLE = { fontSize: 12, color: TEXT, fontWeight: 'bold' };
export const AXIS_LABEL_STYLE = { fontSize: 11, color: TEXT };

export function title(text: string, subtext = '', extra: Record<string, unknown> = {}) {
  return { text, subtext, left: 16, top: 8, textStyle: TITLE_STYLE, subtextStyle: SUBTITLE_STYLE, ...extra };
}

/** A value axis with its name (and unit) centred along it. */
export function valueAxis(name: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'value',
    name,
    nameLocation: 'middle',
    nameTextStyle: AXIS_NAME_STYLE,
    axisLabel: AXIS_LABEL_STYLE,
    splitLine: { lineStyle: { color: GRID_LINE } },
    axisLine: { show: true, lineStyle: { color: '#888888' } },
    ...extra,
  };
}

export function categoryAxis(data: readonly string[], extra: Record<string, unknown> = {}) {
  return {
    type: 'category',
    data,
    axisLabel: { ...AXIS_LABEL_STYLE, interval: 0 },
    axisTick: { alignWithLabel: true },
    axisLine: { lineStyle: { color: '#888888' } },
    ...extra,
  };
}

/** A footnote line at the bottom-left of a figure. */
export function footnote(text: string, bottom = 6) {
  return {
    type: 'text',
    left: 16,
    bottom,
    style: { text, fontSize: 10, fill: '#555555', fontFamily: FONT_FAMILY },
  };
}

/** Region indices ordered by zone (zones in their RunResult order), then by name. */
export function regionsByZone(r: RunResult): number[] {
  const L = r.labels;
  const zoneRank = new Map(L.zones.map((z, k) => [z, k]));
  return L.regions
    .map((_, i) => i)
    .sort(
      (a, b) =>
        (zoneRank.get(L.zoneOfRegion[a]) ?? 0) - (zoneRank.get(L.zoneOfRegion[b]) ?? 0) ||
        L.regions[a].localeCompare(L.regions[b]),
    );
}

/** Sums a region vector by zone (presentation aggregate; zones in RunResult order). */
export function sumByZone(r: RunResult, values: Float64Array): number[] {
  const out = r.labels.zones.map(() => 0);
  const idx = new Map(r.labels.zones.map((z, k) => [z, k]));
  for (let i = 0; i < values.length; i++) out[idx.get(r.labels.zoneOfRegion[i]) ?? 0] += values[i];
  return out;
}

/** The figure-wide caveat line for map-based figures. */
export const MAP_CAVEAT =
  'Outlines: ECharts 4.9.0 china map (31 mainland provinces), for analytical display only; no official map approval number.';

export function demoTag(r: RunResult): string {
  return r.provenance.dataset.isDemonstration ? ' [DEMONSTRATION DATASET]' : '';
}

// Arial advance widths in 1/1000 em (ECharts' server-side text measure uses Arial metrics).
const ARIAL: Readonly<Record<string, number>> = (() => {
  const w: Record<string, number> = {};
  const set = (chars: string, width: number) => {
    for (const c of chars) w[c] = width;
  };
  set('abdeghnopqu0123456789$–', 556);
  set('ckstvxyzJ', 500);
  set('fjrt', 278);
  set('il', 222);
  set('r-()', 333);
  set('mM', 833);
  set('w', 722);
  set('ABEKPSVXY', 667);
  set('CDHNRUw', 722);
  set('FTZ', 611);
  set('GOQ', 778);
  set("I .,:;/·'", 278);
  set('L', 556);
  set('W', 944);
  set('%', 889);
  set('—→', 1000);
  return w;
})();

/** Arial text width (px) at `fontSize`, for laying out labels and hand-drawn legends. */
export function textWidth(text: string, fontSize = 12): number {
  let em = 0;
  for (const c of text) em += ARIAL[c] ?? 556;
  return (em / 1000) * fontSize;
}

/**
 * A horizontal colour bar drawn as graphic elements: the unit (or layer name) directly above
 * the bar, a gradient of `colours` from `min` to `max`, and ticks on nice values (≥ 4).
 */
export function colourBar(o: {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly min: number;
  readonly max: number;
  readonly colours: readonly string[];
  readonly unit: string;
  readonly height?: number;
}): Record<string, unknown>[] {
  const h = o.height ?? 12;
  const span = o.max - o.min || 1;
  const n = o.colours.length;
  const out: Record<string, unknown>[] = [
    {
      type: 'text',
      x: o.left,
      y: o.top - 4,
      style: {
        text: o.unit,
        fontSize: 12,
        fontWeight: 'bold',
        fill: TEXT,
        fontFamily: FONT_FAMILY,
        align: 'left',
        verticalAlign: 'bottom',
      },
    },
    {
      type: 'rect',
      shape: { x: o.left, y: o.top, width: o.width, height: h },
      style: {
        fill: {
          type: 'linear',
          x: 0,
          y: 0,
          x2: 1,
          y2: 0,
          colorStops: o.colours.map((color, k) => ({ offset: n > 1 ? k / (n - 1) : 0, color })),
        },
        stroke: '#777777',
        lineWidth: 0.5,
      },
    },
  ];
  for (const t of niceTicks(o.min, o.max)) {
    const x = o.left + ((t - o.min) / span) * o.width;
    out.push(
      {
        type: 'line',
        shape: { x1: x, y1: o.top + h, x2: x, y2: o.top + h + 4 },
        style: { stroke: '#555555' },
      },
      {
        type: 'text',
        x,
        y: o.top + h + 6,
        style: {
          text: formatNumber(t),
          fontSize: 11,
          fill: TEXT,
          fontFamily: FONT_FAMILY,
          align: 'center',
          verticalAlign: 'top',
        },
      },
    );
  }
  return out;
}

/** [lo, hi] widened to the nice tick step around them (colour scales that start and end on a tick). */
export function niceRange(lo: number, hi: number): [number, number] {
  if (!(hi > lo)) return [lo, lo + 1];
  const t = niceTicks(lo, hi);
  const step = t.length > 1 ? t[1] - t[0] : hi - lo;
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

/**
 * A one-row legend of colour swatches drawn as graphic elements, centred at `centreX` (used
 * where ECharts' own legend cannot show per-item colours, e.g. many pie series).
 */
export function swatchLegend(
  items: readonly { readonly name: string; readonly color: string }[],
  centreX: number,
  top: number,
): Record<string, unknown>[] {
  const gap = 22;
  const sw = 14;
  const widths = items.map((x) => sw + 6 + textWidth(x.name));
  const total = widths.reduce((a, b) => a + b, 0) + gap * (items.length - 1);
  let x = centreX - total / 2;
  const out: Record<string, unknown>[] = [];
  items.forEach((it, k) => {
    out.push({
      type: 'rect',
      left: x,
      top,
      shape: { width: sw, height: sw, r: 2 },
      style: { fill: it.color },
    });
    out.push({
      type: 'text',
      left: x + sw + 6,
      top: top + 2,
      style: { text: it.name, fontSize: 12, fill: '#222222', fontFamily: FONT_FAMILY },
    });
    x += widths[k] + gap;
  });
  return out;
}

/** 'highest: Hebei 73, Henan 72, Beijing 70; lowest: Tibet 12' for a figure's text alternative. */
export function extremesText(
  names: readonly string[],
  values: ArrayLike<number>,
  format: (v: number) => string,
  k = 3,
): string {
  const idx = Array.from({ length: values.length }, (_, i) => i).filter((i) => Number.isFinite(values[i]));
  if (idx.length === 0) return 'no values';
  idx.sort((a, b) => values[b] - values[a]);
  const list = (ix: number[]) => ix.map((i) => `${names[i]} ${format(values[i])}`).join(', ');
  const top = idx.slice(0, Math.min(k, idx.length));
  const bottom = idx.slice(Math.max(top.length, idx.length - 1)).reverse();
  return `highest: ${list(top)}${bottom.length ? `; lowest: ${list(bottom)}` : ''}`;
}
