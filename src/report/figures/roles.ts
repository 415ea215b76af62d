import type { RunResult } from '../../analysis/runResult.ts';
import type { ProductRole } from '../../mrio/model.ts';
import { formatNumber } from '../format.ts';
import { CATEGORICAL, zoneColours } from '../palette.ts';
import { regionAbbreviations } from '../provinceMap.ts';
import type { FigureSpec } from '../svgChart.ts';
import { categoryAxis, demoTag, footnote, swatchLegend, title, valueAxis } from './common.ts';

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

/**
 * Paper Fig. 4a: each province's trade-related amount split over the three product roles;
 * x = resource-and-energy intermediate share, y = final-goods share (other intermediates =
 * the rest), bubble area ∝ social income per capita, colour = zone. One panel per indicator.
 */
export function roleBubblesFigure(r: RunResult): FigureSpec | null {
  const panels = r.roles.shares;
  if (panels.length === 0) return null;
  const income = r.valueChain.find((a) => a.kind === 'income');
  const pop = r.population.values;
  const G = r.labels.regions.length;
  const perCap = new Float64Array(G).map((_, i) => (income ? income.production[i] / pop[i] : 1));
  let maxPc = 0;
  for (const v of perCap) maxPc = Math.max(maxPc, v);
  const abbr = regionAbbreviations(r.labels.regions, r.labels.regionCodes);
  const colours = zoneColours(r.labels.zones);
  const panelW = 400;
  const width = panels.length * panelW + 40;
  const grids: Record<string, unknown>[] = [];
  const xAxes: Record<string, unknown>[] = [];
  const yAxes: Record<string, unknown>[] = [];
  const series: Record<string, unknown>[] = [];
  const titles: Record<string, unknown>[] = [
    title(
      `Value-chain roles of provinces in inter-regional trade${demoTag(r)}`,
      `Share of each province's trade-related amount carried by ${ROLE_NAMES.resource_energy_intermediate} (x) and ${ROLE_NAMES.final} (y); the rest is ${ROLE_NAMES.other_intermediate}. Bubble area ∝ ${income ? 'social income per capita' : 'constant'}.`,
    ),
  ];
  panels.forEach((s, k) => {
    const left = 30 + k * panelW + 60;
    grids.push({ left, width: panelW - 90, top: 150, bottom: 80 });
    xAxes.push(
      valueAxis(`${ROLE_NAMES.resource_energy_intermediate} (%)`, { gridIndex: k, nameGap: 28, scale: true }),
    );
    yAxes.push(valueAxis(`${ROLE_NAMES.final} (%)`, { gridIndex: k, nameGap: 36, scale: true }));
    titles.push({
      text: `${String.fromCharCode(97 + k)}  ${INDICATOR_NAMES[s.indicator] ?? s.indicator}`,
      subtext: `national: final ${formatNumber(100 * s.nationalShare.final)} %, res. & energy ${formatNumber(100 * s.nationalShare.resource_energy_intermediate)} %, other ${formatNumber(100 * s.nationalShare.other_intermediate)} %`,
      left: left - 40,
      top: 86,
      textStyle: { fontSize: 13, fontWeight: 'bold' },
      subtextStyle: { fontSize: 10, color: '#444444' },
    });
    const data = r.labels.regions.map((_, i) => {
      const f = s.byRegion.final[i];
      const re = s.byRegion.resource_energy_intermediate[i];
      const o = s.byRegion.other_intermediate[i];
      const t = f + re + o;
      return {
        value: [t > 0 ? (100 * re) / t : 0, t > 0 ? (100 * f) / t : 0],
        symbolSize: 6 + 22 * Math.sqrt(maxPc > 0 ? perCap[i] / maxPc : 0),
        itemStyle: {
          color: colours.get(r.labels.zoneOfRegion[i]) ?? CATEGORICAL[0],
          opacity: 0.8,
          borderColor: '#333333',
          borderWidth: 0.5,
        },
        label: { formatter: abbr[i] },
      };
    });
    series.push({
      type: 'scatter',
      xAxisIndex: k,
      yAxisIndex: k,
      silent: true,
      label: { show: true, position: 'right', fontSize: 9, color: '#222222', distance: 3 },
      labelLayout: { hideOverlap: true },
      data,
    });
  });
  return {
    id: 'role_bubbles',
    title: 'Value-chain roles of provinces',
    caption: `Per province and indicator: share of the trade-related amount carried by resource-and-energy intermediates (x) and by final goods (y); other intermediates make up the rest. Bubble area ∝ ${income ? 'production-based social income per capita (a stand-in for the paper’s GDP per capita, which the run result does not carry)' : 'constant'}. Codes whose labels would overlap are hidden; all values are in the roles table.`,
    width,
    height: 560,
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
        footnote('Labels: short region codes (ISO 3166-2:CN for Chinese provinces).'),
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
