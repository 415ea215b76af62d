// ECharts 6, bundled by Vite (only the chart types and components the explorer uses), with the
// report's palettes (src/report/palette.ts) and number formats, and ECharts' aria module on:
// every chart's container gets a text description for screen readers.
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { DIVERGING, FONT_FAMILY, SEQUENTIAL } from '../../src/report/palette.ts';
import {
  chooseScale,
  formatChange,
  formatInterval,
  formatNumber,
  formatPercent,
  formatScaled,
  type Num,
} from './format.ts';
import { displayName } from './names.ts';

echarts.use([
  MapChart,
  LineChart,
  BarChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export const MAP_NAME = 'china-provinces';
/** Baseline and scenario in every comparison chart. */
export const BASELINE_COLOUR = '#8c8c8c';
export const SCENARIO_COLOUR = '#0072B2';
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

function chartIn(el: HTMLElement, description: string, option: echarts.EChartsCoreOption): echarts.ECharts {
  const c = echarts.init(el, undefined, { renderer: 'canvas' });
  // No animation: a what-if redraws often, and screenshots must show the final state.
  c.setOption({
    animation: false,
    textStyle: { fontFamily: FONT_FAMILY },
    aria: { enabled: true, label: { description } },
    ...option,
  });
  live.add(c);
  return c;
}

/** One province's numbers for the map tooltip: both runs, the change and their intervals. */
export interface MapCell {
  readonly baseline: Num;
  readonly scenario: Num;
  readonly baselineCi?: readonly [Num, Num];
  readonly scenarioCi?: readonly [Num, Num];
  readonly changeCi?: readonly [Num, Num];
}

export interface MapSpec {
  readonly regions: readonly string[];
  readonly values: readonly Num[];
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  /** Diverging colours centred on zero (for changes). */
  readonly diverging?: boolean;
  readonly cells: readonly MapCell[];
  /** Provinces outlined (those chosen in the active picker). */
  readonly outlined?: ReadonlySet<string>;
  readonly description: string;
  readonly onClick?: (region: string) => void;
}

function ciText(ci: readonly [Num, Num] | undefined, unit: string): string {
  return ci && ci[0] !== null && ci[1] !== null
    ? ` <span class="ci">(95 %: ${formatInterval(ci[0], ci[1], unit)})</span>`
    : '';
}

/** Tooltip of a province: baseline, scenario, change, each with its 95 % interval where known. */
export function mapTooltip(region: string, c: MapCell, unit: string): string {
  const u = unit === 'fraction' ? '' : unit;
  const v = (x: Num) => (unit === 'fraction' ? formatPercent(x) : formatScaled(x, u));
  return `<strong>${displayName(region)}</strong><br/>baseline ${v(c.baseline)}${ciText(c.baselineCi, u)}<br/>scenario ${v(c.scenario)}${ciText(c.scenarioCi, u)}<br/>change ${formatChange(c.baseline, c.scenario, unit)}${ciText(c.changeCi, u)}`;
}

export function drawProvinceMap(el: HTMLElement, s: MapSpec): void {
  const data = s.regions.map((r, i) => ({
    name: r,
    value: s.values[i] ?? Number.NaN,
    ...(s.outlined?.has(r) ? { itemStyle: { borderColor: '#111111', borderWidth: 2 } } : {}),
  }));
  let { min, max } = s;
  if (s.diverging) {
    const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
    min = -m;
    max = m;
  } else if (!(max > min)) max = min + 1;
  const scale = chooseScale([min, max], s.unit === 'fraction' ? '' : s.unit);
  const tick = (v: number) => (s.unit === 'fraction' ? formatPercent(v) : formatNumber(v / scale.factor));
  const chart = chartIn(el, s.description, {
    tooltip: {
      trigger: 'item',
      confine: true,
      extraCssText: 'white-space: normal; max-width: 300px;',
      formatter: (p: { name: string; dataIndex: number }) => {
        const k = s.regions.indexOf(p.name);
        return k < 0 ? p.name : mapTooltip(p.name, s.cells[k]!, s.unit);
      },
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
      text: [tick(max), tick(min)],
      formatter: (v: number) => tick(v),
      textStyle: { fontSize: 11, color: '#222222' },
      inRange: { color: s.diverging ? DIVERGING : SEQUENTIAL },
    },
    series: [
      {
        type: 'map',
        map: MAP_NAME,
        nameProperty: 'region',
        roam: false,
        top: 8,
        bottom: 44,
        aspectScale: 0.8,
        selectedMode: false,
        data,
        label: { show: false },
        emphasis: { label: { show: true, fontSize: 10 }, itemStyle: { areaColor: '#ffd166' } },
        itemStyle: { borderColor: '#ffffff', borderWidth: 0.6, areaColor: '#e6e8eb' },
      },
    ],
  });
  if (s.onClick) chart.on('click', (p) => s.onClick?.((p as { name: string }).name));
}

export interface LorenzSpec {
  readonly baseline: readonly { p: number; v: number; region?: string }[];
  readonly scenario: readonly { p: number; v: number; region?: string }[];
  readonly giniBaseline: Num;
  readonly giniScenario: Num;
  readonly description: string;
}

export function drawLorenz(el: HTMLElement, s: LorenzSpec): void {
  const g = (x: Num) => (x === null ? '–' : x.toFixed(3));
  chartIn(el, s.description, {
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; data: [number, number, string?] }) =>
        `${p.seriesName}${p.data[2] ? ` — up to ${displayName(p.data[2])}` : ''}<br/>population ${formatPercent(p.data[0])}, value ${formatPercent(p.data[1])}`,
    },
    legend: { bottom: 0 },
    grid: { left: 56, right: 20, top: 16, bottom: 60 },
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      name: 'cumulative population share',
      nameLocation: 'middle',
      nameGap: 26,
      axisLabel: { formatter: (v: number) => formatPercent(v, 0) },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      name: 'cumulative value share',
      nameLocation: 'middle',
      nameGap: 40,
      axisLabel: { formatter: (v: number) => formatPercent(v, 0) },
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
        lineStyle: { color: '#999999', type: 'dotted' },
      },
      {
        name: `baseline (Gini ${g(s.giniBaseline)})`,
        type: 'line',
        data: s.baseline.map((q) => [q.p, q.v, q.region]),
        symbolSize: 4,
        lineStyle: { type: 'dashed', color: BASELINE_COLOUR },
        itemStyle: { color: BASELINE_COLOUR },
      },
      {
        name: `scenario (Gini ${g(s.giniScenario)})`,
        type: 'line',
        data: s.scenario.map((q) => [q.p, q.v, q.region]),
        symbolSize: 4,
        lineStyle: { color: SCENARIO_COLOUR },
        itemStyle: { color: SCENARIO_COLOUR },
      },
    ],
  });
}

export interface BarsSpec {
  readonly unit: string;
  readonly categories: readonly string[];
  readonly series: readonly { name: string; values: readonly Num[]; color?: string; stack?: string }[];
  readonly horizontal?: boolean;
  /** Values are fractions shown as %. */
  readonly percent?: boolean;
  /** Extra tooltip lines per category (e.g. the 95 % interval). */
  readonly detail?: (index: number) => string;
  readonly description: string;
}

export function drawBars(el: HTMLElement, s: BarsSpec): void {
  const scale = chooseScale(
    s.series.flatMap((q) => q.values),
    s.unit,
  );
  const fmt = (v: number) => (s.percent ? formatPercent(v) : formatNumber(v / scale.factor));
  const catAxis = {
    type: 'category',
    data: s.categories,
    axisLabel: { fontSize: 11, interval: 0, width: 150, overflow: 'truncate' },
    inverse: !!s.horizontal,
  };
  const valAxis = {
    type: 'value',
    max: s.percent ? 1 : undefined,
    name: s.percent ? '%' : scale.unit,
    nameLocation: 'middle',
    nameGap: s.horizontal ? 26 : 48,
    axisLabel: { formatter: fmt, fontSize: 11 },
  };
  chartIn(el, s.description, {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (
        ps: { name: string; seriesName: string; value: number; marker: string; dataIndex: number }[],
      ) => {
        const list = Array.isArray(ps) ? ps : [ps];
        const head = list[0]?.name ?? '';
        const lines = list.map(
          (p) =>
            `${p.marker}${p.seriesName}: ${s.percent ? formatPercent(p.value) : formatScaled(p.value, s.unit)}`,
        );
        if (list.length === 2 && !s.percent)
          lines.push(`change: ${formatChange(list[0]!.value, list[1]!.value, s.unit)}`);
        const extra = s.detail && list[0] ? s.detail(list[0].dataIndex) : '';
        return [head, ...lines, ...(extra ? [extra] : [])].join('<br/>');
      },
    },
    legend: { bottom: 0 },
    grid: s.horizontal
      ? { left: 170, right: 30, top: 10, bottom: 64 }
      : { left: 72, right: 20, top: 16, bottom: 120 },
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
