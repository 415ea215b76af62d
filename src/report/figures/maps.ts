import type { RunResult } from '../../analysis/runResult.ts';
import { formatNumber } from '../format.ts';
import { SEQUENTIAL } from '../palette.ts';
import { mapNamesFor, PROVINCE_MAP_PANELS, type ProvinceMap, regionAbbreviations } from '../provinceMap.ts';
import type { FigureSpec } from '../svgChart.ts';
import { demoTag, footnote, MAP_CAVEAT, title } from './common.ts';

/** Map feature name per region (undefined = no outline), see mapNamesFor. */
export function featureNames(r: RunResult, map: ProvinceMap): (string | undefined)[] {
  return mapNamesFor(map, r.labels.regions, r.labels.regionCodes, r.labels.regionNamesLocal);
}

function mapPanel(
  r: RunResult,
  featureName: readonly (string | undefined)[],
  idx: readonly number[],
  values: Float64Array,
  left: string,
  panelTitle: string,
  panel: number,
) {
  const abbr = regionAbbreviations(r.labels.regions, r.labels.regionCodes);
  const abbrOf = new Map(idx.map((i) => [featureName[i], abbr[i]]));
  return {
    type: 'map',
    map: PROVINCE_MAP_PANELS[panel],
    name: panelTitle,
    left,
    top: 92,
    width: '44%',
    bottom: 110,
    aspectScale: 0.78,
    roam: false,
    selectedMode: false,
    itemStyle: { borderColor: '#ffffff', borderWidth: 0.6, areaColor: '#eeeeee' },
    label: {
      show: true,
      fontSize: 9,
      color: '#111111',
      textBorderColor: '#ffffff',
      textBorderWidth: 2,
      formatter: (p: { name: string }) => abbrOf.get(p.name) ?? '',
    },
    labelLayout: { hideOverlap: true },
    emphasis: { disabled: true },
    data: idx.map((i) => ({ name: featureName[i], value: values[i] })),
  };
}

function visualRange(values: Float64Array, idx: readonly number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const i of idx)
    if (Number.isFinite(values[i])) {
      lo = Math.min(lo, values[i]);
      hi = Math.max(hi, values[i]);
    }
  if (!Number.isFinite(lo)) return [0, 1];
  return [Math.floor(Math.min(lo, 0)), Math.ceil(hi)];
}

/** Paper Fig. 1b plus the trade effect: baseline PM2.5 and the trade-related concentration. */
export function pm25MapFigure(r: RunResult, map: ProvinceMap): FigureSpec | null {
  const featureName = featureNames(r, map);
  const idx = r.labels.regions.map((_, i) => i).filter((i) => featureName[i] !== undefined);
  if (idx.length === 0) return null;
  const c = r.concentrations;
  const base = c.baseline.values;
  const dC = c.tradeRelated.values;
  const [b0, b1] = visualRange(base, idx);
  const [d0, d1] = visualRange(dC, idx);
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
  const visual = (seriesIndex: number, min: number, max: number, left: string, text: string) => ({
    type: 'continuous',
    seriesIndex,
    min,
    max,
    orient: 'horizontal',
    left,
    bottom: 44,
    itemWidth: 14,
    itemHeight: 260,
    calculable: false,
    realtime: false,
    text: [`${formatNumber(max)}`, `${formatNumber(min)}`],
    textGap: 8,
    formatter: undefined,
    inRange: { color: SEQUENTIAL },
    textStyle: { fontSize: 11 },
    // legend title drawn separately (ECharts has none for visualMap)
    name: text,
  });
  return {
    id: 'pm25_map',
    title: 'PM2.5 concentration and the trade-related part',
    caption: `Left: annual-mean PM2.5 of the baseline (µg/m³, ${air.isStandIn ? 'stand-in air-quality model' : air.id}). Right: trade-related PM2.5 = baseline − counterfactual without inter-regional trade emissions (µg/m³). Population-weighted national means ${formatNumber(mean(base))} and ${formatNumber(mean(dC))} µg/m³.`,
    width: 1200,
    height: 640,
    option: {
      title: [
        title(
          `PM2.5 concentration and the part due to inter-regional trade${demoTag(r)}`,
          air.isStandIn
            ? 'Air-quality model: STAND-IN reduced-form surface (not a chemical transport model run); see the report header'
            : `Air-quality model: ${air.id}`,
        ),
        { text: 'a  Baseline annual-mean PM2.5 (µg/m³)', left: '4%', top: 70, textStyle: { fontSize: 14 } },
        {
          text: 'b  Trade-related PM2.5 (baseline − no-trade counterfactual, µg/m³)',
          left: '52%',
          top: 70,
          textStyle: { fontSize: 14 },
        },
      ],
      visualMap: [visual(0, b0, b1, '14%', 'µg/m³'), visual(1, d0, d1, '62%', 'µg/m³')],
      series: [
        mapPanel(r, featureName, idx, base, '3%', 'Baseline PM2.5', 0),
        mapPanel(r, featureName, idx, dC, '52%', 'Trade-related PM2.5', 1),
      ],
      graphic: [
        {
          type: 'text',
          left: '9%',
          bottom: 50,
          style: { text: 'µg/m³', fontSize: 11, fill: '#222222' },
        },
        {
          type: 'text',
          left: '57%',
          bottom: 50,
          style: { text: 'µg/m³', fontSize: 11, fill: '#222222' },
        },
        footnote(`${MAP_CAVEAT} Labels: ISO 3166-2:CN codes.`),
      ],
    },
  };
}
