import type { RunResult } from '../../analysis/runResult.ts';
import { formatNumber } from '../numberFormat.ts';
import { SEQUENTIAL } from '../palette.ts';
import {
  labelPoints,
  mapNamesFor,
  PROVINCE_MAP_PANELS,
  type ProvinceMap,
  regionAbbreviations,
  SMALL_REGION_LABEL_OFFSETS,
} from '../provinceMap.ts';
import type { FigureSpec } from '../svgChart.ts';
import { colourBar, demoTag, extremesText, footnote, MAP_CAVEAT, niceRange, title } from './common.ts';

/** Map feature name per region (undefined = no outline), see mapNamesFor. */
export function featureNames(r: RunResult, map: ProvinceMap): (string | undefined)[] {
  return mapNamesFor(map, r.labels.regions, r.labels.regionCodes, r.labels.regionNamesLocal);
}

interface Panel {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * One map panel: a geo component coloured by a map series (through a hidden visualMap), a
 * label for every province at its label point, and for the provinces too small to hold one a
 * label offset over the sea or a neighbour with a leader line.
 */
function mapPanel(
  r: RunResult,
  map: ProvinceMap,
  featureName: readonly (string | undefined)[],
  idx: readonly number[],
  values: Float64Array,
  box: Panel,
  k: number,
) {
  const abbr = regionAbbreviations(r.labels.regions, r.labels.regionCodes);
  const points = labelPoints(map);
  const labels: Record<string, unknown>[] = [];
  const anchors: Record<string, unknown>[] = [];
  const leaders: Record<string, unknown>[] = [];
  for (const i of idx) {
    const at = points.get(featureName[i] as string);
    if (!at) continue;
    const offset = SMALL_REGION_LABEL_OFFSETS[abbr[i]];
    if (offset) {
      const to: [number, number] = [at[0] + offset[0], at[1] + offset[1]];
      leaders.push({ coords: [at, to] });
      anchors.push({ name: abbr[i], value: at });
      labels.push({ name: abbr[i], value: to, label: { position: 'right', distance: 2 } });
    } else labels.push({ name: abbr[i], value: at });
  }
  const geo = {
    map: PROVINCE_MAP_PANELS[k],
    left: box.left,
    top: box.top,
    width: box.width,
    height: box.height,
    aspectScale: 0.78,
    roam: false,
    silent: true,
    selectedMode: false,
    label: { show: false },
    emphasis: { disabled: true },
    itemStyle: { borderColor: '#ffffff', borderWidth: 0.6, areaColor: '#eeeeee' },
  };
  const text = {
    show: true,
    fontSize: 9,
    color: '#111111',
    textBorderColor: '#ffffff',
    textBorderWidth: 2.2,
    formatter: (p: { name: string }) => p.name,
  };
  const series = [
    {
      type: 'map',
      geoIndex: k,
      name: `panel ${k}`,
      data: idx.map((i) => ({ name: featureName[i], value: values[i] })),
    },
    {
      type: 'lines',
      coordinateSystem: 'geo',
      geoIndex: k,
      silent: true,
      symbol: 'none',
      lineStyle: { color: '#333333', width: 0.8, opacity: 1, curveness: 0 },
      data: leaders,
    },
    {
      type: 'scatter',
      coordinateSystem: 'geo',
      geoIndex: k,
      silent: true,
      symbolSize: 3,
      itemStyle: { color: '#333333' },
      data: anchors,
    },
    {
      type: 'scatter',
      coordinateSystem: 'geo',
      geoIndex: k,
      silent: true,
      symbolSize: 0,
      label: { ...text, position: 'inside' },
      labelLayout: { hideOverlap: false },
      data: labels,
    },
  ];
  return { geo, series };
}

function finiteRange(values: Float64Array, idx: readonly number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const i of idx)
    if (Number.isFinite(values[i])) {
      lo = Math.min(lo, values[i]);
      hi = Math.max(hi, values[i]);
    }
  return Number.isFinite(lo) ? [Math.min(lo, 0), hi] : [0, 1];
}

/** Paper Fig. 1b plus the trade effect: baseline PM2.5 and the trade-related concentration. */
export function pm25MapFigure(r: RunResult, map: ProvinceMap): FigureSpec | null {
  const featureName = featureNames(r, map);
  const idx = r.labels.regions.map((_, i) => i).filter((i) => featureName[i] !== undefined);
  if (idx.length === 0) return null;
  const c = r.concentrations;
  const base = c.baseline.values;
  const dC = c.tradeRelated.values;
  const air = r.provenance.airModel;
  const mean = (v: Float64Array) => {
    let s = 0;
    let p = 0;
    for (const i of idx) {
      s += v[i] * r.population.values[i];
      p += r.population.values[i];
    }
    return s / p;
  };
  const width = 1200;
  const height = 680;
  const boxes: Panel[] = [
    { left: 20, top: 100, width: 560, height: 450 },
    { left: 620, top: 100, width: 560, height: 450 },
  ];
  const layers = [
    { values: base, name: 'Baseline annual-mean PM2.5', range: niceRange(...finiteRange(base, idx)) },
    { values: dC, name: 'Trade-related PM2.5', range: niceRange(...finiteRange(dC, idx)) },
  ];
  const panels = layers.map((l, k) => mapPanel(r, map, featureName, idx, l.values, boxes[k], k));
  const names = idx.map((i) => r.labels.regions[i]);
  const fmt = (v: number) => `${formatNumber(v)} µg/m³`;
  return {
    id: 'pm25_map',
    title: 'PM2.5 concentration and the trade-related part',
    caption: `Left: annual-mean PM2.5 of the baseline (µg/m³, ${air.isStandIn ? 'stand-in air-quality model' : air.id}). Right: trade-related PM2.5 = baseline − counterfactual without inter-regional trade emissions (µg/m³). Population-weighted national means ${formatNumber(mean(base))} and ${formatNumber(mean(dC))} µg/m³. Every province is labelled with its ISO 3166-2:CN code; Beijing, Tianjin and Shanghai by leader lines.`,
    description: `Two choropleth maps of China's provinces. Left, baseline PM2.5: ${extremesText(
      names,
      idx.map((i) => base[i]),
      fmt,
    )}. Right, trade-related PM2.5: ${extremesText(
      names,
      idx.map((i) => dC[i]),
      fmt,
    )}.`,
    width,
    height,
    option: {
      title: [
        title(
          `PM2.5 concentration and the part due to inter-regional trade${demoTag(r)}`,
          air.isStandIn
            ? 'Air-quality model: STAND-IN reduced-form surface (not a chemical transport model run); see the report header'
            : `Air-quality model: ${air.id}`,
        ),
        {
          text: 'a  Baseline annual-mean PM2.5',
          left: boxes[0].left + 10,
          top: 72,
          textStyle: { fontSize: 14 },
        },
        {
          text: 'b  Trade-related PM2.5 (baseline − no-trade counterfactual)',
          left: boxes[1].left + 10,
          top: 72,
          textStyle: { fontSize: 14 },
        },
      ],
      geo: panels.map((p) => p.geo),
      visualMap: layers.map((l, k) => ({
        type: 'continuous',
        show: false,
        seriesIndex: 4 * k,
        min: l.range[0],
        max: l.range[1],
        inRange: { color: SEQUENTIAL },
      })),
      series: panels.flatMap((p) => p.series),
      graphic: [
        ...layers.flatMap((l, k) =>
          colourBar({
            left: boxes[k].left + boxes[k].width / 2 - 170,
            top: boxes[k].top + boxes[k].height + 40,
            width: 340,
            min: l.range[0],
            max: l.range[1],
            colours: SEQUENTIAL,
            unit: `${l.name} (µg/m³)`,
          }),
        ),
        footnote(`${MAP_CAVEAT} Labels: ISO 3166-2:CN codes.`),
      ],
    },
  };
}
