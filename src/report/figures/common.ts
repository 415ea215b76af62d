import type { RunResult } from '../../analysis/runResult.ts';
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

/** Approximate Arial text width (px), for laying out hand-drawn legends. */
export function textWidth(text: string, fontSize = 12): number {
  return text.length * fontSize * 0.5;
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
