// ECharts 6, bundled by Vite (only the chart types and components the explorer uses).
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { formatValue, type Num, unitLabel } from './format.ts';

echarts.use([
  MapChart,
  LineChart,
  BarChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export const MAP_NAME = 'china-provinces';
const live = new Set<echarts.ECharts>();

window.addEventListener('resize', () => {
  for (const c of live) c.resize();
});

/** Registers the province GeoJSON; features carry `properties.region` = dataset region name. */
export function registerProvinceMap(geojson: unknown): void {
  // biome-ignore lint/suspicious/noExplicitAny: ECharts' GeoJSON input type is loose
  echarts.registerMap(MAP_NAME, geojson as any);
}

/** Disposes every chart (before a view is redrawn). */
export function disposeCharts(): void {
  for (const c of live) c.dispose();
  live.clear();
}

function chartIn(el: HTMLElement, option: echarts.EChartsCoreOption): echarts.ECharts {
  const c = echarts.init(el, undefined, { renderer: 'canvas' });
  // No animation: a what-if redraws often, and screenshots must show the final state.
  c.setOption({ animation: false, ...option });
  live.add(c);
  return c;
}

const SEQUENTIAL = ['#fff7ec', '#fdd49e', '#fc8d59', '#d7301f', '#7f0000'];
const DIVERGING = ['#2166ac', '#92c5de', '#f7f7f7', '#f4a582', '#b2182b'];

export interface MapSpec {
  readonly title: string;
  readonly subtitle: string;
  readonly regions: readonly string[];
  readonly values: readonly Num[];
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  /** Diverging colours centred on zero (for changes). */
  readonly diverging?: boolean;
}

export function drawProvinceMap(el: HTMLElement, s: MapSpec): void {
  const data = s.regions.map((r, i) => ({ name: r, value: s.values[i] ?? Number.NaN }));
  let { min, max } = s;
  if (s.diverging) {
    const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
    min = -m;
    max = m;
  } else if (!(max > min)) max = min + 1;
  chartIn(el, {
    title: {
      text: s.title,
      subtext: s.subtitle,
      left: 'center',
      textStyle: { fontSize: 13 },
      subtextStyle: { fontSize: 11 },
    },
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number }) =>
        `${p.name}<br/>${Number.isFinite(p.value) ? `${formatValue(p.value)} ${unitLabel(s.unit)}` : 'no data'}`,
    },
    visualMap: {
      type: 'continuous',
      min,
      max,
      orient: 'horizontal',
      left: 'center',
      bottom: 4,
      itemWidth: 12,
      itemHeight: 160,
      calculable: false,
      text: [formatValue(max), formatValue(min)],
      textStyle: { fontSize: 11 },
      inRange: { color: s.diverging ? DIVERGING : SEQUENTIAL },
    },
    series: [
      {
        type: 'map',
        map: MAP_NAME,
        nameProperty: 'region',
        roam: false,
        top: 48,
        bottom: 44,
        aspectScale: 0.8,
        data,
        label: { show: false },
        emphasis: { label: { show: true, fontSize: 10 }, itemStyle: { areaColor: '#ffe066' } },
        itemStyle: { borderColor: '#8a8f98', borderWidth: 0.5, areaColor: '#e6e8eb' },
      },
    ],
  });
}

export interface LorenzSpec {
  readonly title: string;
  readonly baseline: readonly { p: number; v: number; region?: string }[];
  readonly scenario: readonly { p: number; v: number; region?: string }[];
  readonly giniBaseline: Num;
  readonly giniScenario: Num;
}

export function drawLorenz(el: HTMLElement, s: LorenzSpec): void {
  const g = (x: Num) => (x === null ? '–' : x.toFixed(3));
  chartIn(el, {
    title: { text: s.title, left: 'center', textStyle: { fontSize: 13 } },
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; data: [number, number, string?] }) =>
        `${p.seriesName}${p.data[2] ? ` — up to ${p.data[2]}` : ''}<br/>population ${(p.data[0] * 100).toFixed(1)} %, value ${(p.data[1] * 100).toFixed(1)} %`,
    },
    legend: { bottom: 0 },
    grid: { left: 56, right: 20, top: 40, bottom: 60 },
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      name: 'cumulative population share',
      nameLocation: 'middle',
      nameGap: 26,
      axisLabel: { formatter: (v: number) => `${v * 100}%` },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      name: 'cumulative value share',
      nameLocation: 'middle',
      nameGap: 40,
      axisLabel: { formatter: (v: number) => `${v * 100}%` },
    },
    series: [
      {
        name: 'equality',
        type: 'line',
        data: [
          [0, 0],
          [1, 1],
        ],
        symbol: 'none',
        lineStyle: { color: '#aaa', type: 'dotted' },
      },
      {
        name: `baseline (Gini ${g(s.giniBaseline)})`,
        type: 'line',
        data: s.baseline.map((q) => [q.p, q.v, q.region]),
        symbolSize: 4,
        lineStyle: { type: 'dashed', color: '#6b7280' },
        itemStyle: { color: '#6b7280' },
      },
      {
        name: `scenario (Gini ${g(s.giniScenario)})`,
        type: 'line',
        data: s.scenario.map((q) => [q.p, q.v, q.region]),
        symbolSize: 4,
        lineStyle: { color: '#1f6feb' },
        itemStyle: { color: '#1f6feb' },
      },
    ],
  });
}

export interface BarsSpec {
  readonly title: string;
  readonly unit: string;
  readonly categories: readonly string[];
  readonly series: readonly { name: string; values: readonly Num[]; color?: string; stack?: string }[];
  readonly horizontal?: boolean;
  /** Values are fractions shown as %. */
  readonly percent?: boolean;
}

export function drawBars(el: HTMLElement, s: BarsSpec): void {
  const fmt = (v: number) => (s.percent ? `${(v * 100).toFixed(1)} %` : formatValue(v));
  const catAxis = {
    type: 'category',
    data: s.categories,
    axisLabel: { fontSize: 11, interval: 0 },
    inverse: !!s.horizontal,
  };
  const valAxis = {
    type: 'value',
    max: s.percent ? 1 : undefined,
    axisLabel: { formatter: fmt, fontSize: 11 },
  };
  chartIn(el, {
    title: {
      text: s.title,
      subtext: s.percent ? 'share, %' : unitLabel(s.unit),
      left: 'center',
      textStyle: { fontSize: 13 },
      subtextStyle: { fontSize: 11 },
    },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number) => `${fmt(v)}${s.percent ? '' : ` ${unitLabel(s.unit)}`}`,
    },
    legend: { bottom: 0 },
    grid: s.horizontal
      ? { left: 160, right: 30, top: 52, bottom: 50 }
      : { left: 64, right: 20, top: 52, bottom: 110 },
    xAxis: s.horizontal ? valAxis : { ...catAxis, axisLabel: { ...catAxis.axisLabel, rotate: 55 } },
    yAxis: s.horizontal ? catAxis : valAxis,
    series: s.series.map((q) => ({
      name: q.name,
      type: 'bar',
      stack: q.stack,
      data: q.values.map((v) => v ?? Number.NaN),
      itemStyle: q.color ? { color: q.color } : undefined,
      barMaxWidth: 18,
    })),
  });
}
