import type { PairwiseFlows, RunResult } from '../../analysis/runResult.ts';
import { chooseScale, formatNumber, formatPercent, inParentheses } from '../format.ts';
import { CATEGORICAL, PAIR, zoneColours } from '../palette.ts';
import type { FigureSpec } from '../svgChart.ts';
import { categoryAxis, demoTag, footnote, sumByZone, swatchLegend, title, valueAxis } from './common.ts';

const FLOW_WORDS: Readonly<Record<string, string>> = {
  damage: 'health damage',
  damage_linear: 'health damage (additive per-tonne shares)',
  employment: 'employment',
  social_income: 'social income',
};

/**
 * Paper Fig. 3: the top flows s → r of one indicator as a Sankey diagram, exporters on the left
 * and importers on the right (the direction goods travel), link width ∝ flow.
 */
export function topFlowsFigure(r: RunResult, p: PairwiseFlows, n = 20): FigureSpec | null {
  const top = p.top.slice(0, n);
  if (top.length === 0) return null;
  const colours = zoneColours(r.labels.zones);
  const zoneOf = new Map(r.labels.regions.map((name, i) => [name, r.labels.zoneOfRegion[i]]));
  const scale = chooseScale(
    top.map((t) => t.value),
    p.matrix.unit,
  );
  // Separate node names per side keep the graph acyclic when a pair flows both ways.
  const fromNode = (name: string) => `${name} `;
  const toNode = (name: string) => ` ${name}`;
  const names = new Set<string>();
  for (const t of top) {
    names.add(fromNode(t.from));
    names.add(toNode(t.to));
  }
  const nodes = [...names].map((name) => ({
    name,
    itemStyle: {
      color: colours.get(zoneOf.get(name.trim()) ?? '') ?? CATEGORICAL[0],
      borderColor: '#333333',
      borderWidth: 0.3,
    },
  }));
  const totalTop = top.reduce((s, t) => s + t.share, 0);
  const word = FLOW_WORDS[p.indicator] ?? p.indicator.replace(/_/g, ' ');
  const height = Math.max(
    560,
    28 * Math.max(new Set(top.map((t) => t.from)).size, new Set(top.map((t) => t.to)).size) + 200,
  );
  return {
    id: `top_flows_${p.indicator}`,
    title: `Top ${top.length} flows of ${word}`,
    caption: `Top ${top.length} pairwise flows of ${word} along exports s → r (left: exporting province s, right: importing province r, whose final demand drives the flow). Link width ∝ flow; node labels give the province's total over the flows shown, in ${scale.unit} (each flow is in the top_flows table). These ${top.length} flows make up ${formatPercent(totalTop)} of all flows (${formatNumber(p.total / scale.factor)} ${scale.unit}). Node colour = zone.`,
    width: 1000,
    height,
    option: {
      title: title(
        `Top ${top.length} flows of ${word} ${inParentheses(scale.unit)}${demoTag(r)}`,
        `${p.label}. Exporting → importing province; these ${top.length} flows = ${formatPercent(totalTop)} of the national total`,
      ),
      series: [
        {
          type: 'sankey',
          left: 150,
          right: 150,
          top: 110,
          bottom: 40,
          nodeWidth: 14,
          nodeGap: 10,
          layoutIterations: 64,
          draggable: false,
          emphasis: { disabled: true },
          label: {
            fontSize: 12,
            color: '#222222',
            // Node label = region and its total over the links shown (edge labels would overlap).
            formatter: (x: { name: string; value: number }) => `${x.name.trim()}  ${formatNumber(x.value)}`,
          },
          levels: [
            { depth: 0, label: { position: 'left' } },
            { depth: 1, label: { position: 'right' } },
          ],
          lineStyle: { color: 'source', opacity: 0.45, curveness: 0.5 },
          labelLayout: { hideOverlap: true },
          data: nodes,
          links: top.map((t) => ({
            source: fromNode(t.from),
            target: toNode(t.to),
            value: t.value / scale.factor,
          })),
        },
      ],
      graphic: [
        ...swatchLegend(
          r.labels.zones.map((z) => ({ name: z, color: colours.get(z) ?? CATEGORICAL[0] })),
          500,
          70,
        ),
        footnote(`Left: exporting (producing) province. Right: importing province. Values in ${scale.unit}.`),
      ],
    },
  };
}

/**
 * Paper Fig. 2e: damage triggered (by emitting zone) vs suffered (by receptor zone), split into
 * the part that stays local and the part the atmosphere carries elsewhere / brings in.
 */
export function triggeredSufferedFigure(r: RunResult): FigureSpec | null {
  const a = r.attribution;
  const zones = r.labels.zones;
  if (zones.length === 0) return null;
  const local = sumByZone(r, a.local.values);
  const exported = sumByZone(r, a.exported.values);
  const imported = sumByZone(r, a.imported.values);
  const scale = chooseScale(
    zones.map((_, k) => Math.max(local[k] + exported[k], local[k] + imported[k])),
    a.unit,
  );
  const s = (v: number[]) => v.map((x) => x / scale.factor);
  const bar = (
    name: string,
    stack: string,
    data: number[],
    color: string,
    extra: Record<string, unknown> = {},
  ) => ({
    name,
    type: 'bar',
    stack,
    barWidth: 16,
    itemStyle: { color, ...extra },
    data: s(data),
  });
  return {
    id: 'triggered_vs_suffered',
    title: 'Damage triggered vs suffered, by zone',
    caption: `Left bar of each zone: damage triggered by the zone's trade-related emissions (local part + part carried elsewhere by the atmosphere). Right bar: damage suffered in the zone (local part + part received from elsewhere). Threshold ${a.threshold} µg/m³; zone sums of provincial values. ${formatPercent(a.redistributedShare)} of triggered damage is suffered outside the emitting province (paper: 53.0 %).`,
    width: 1000,
    height: 520,
    option: {
      title: title(
        `Health damage triggered vs suffered, by zone ${inParentheses(scale.unit)}${demoTag(r)}`,
        `Atmospheric redistribution: ${formatPercent(a.redistributedShare)} of triggered damage occurs outside the emitting province`,
      ),
      legend: { top: 64, left: 'center', itemGap: 20, textStyle: { fontSize: 12 } },
      grid: { left: 90, right: 30, top: 110, bottom: 80 },
      xAxis: categoryAxis(zones, { axisLabel: { fontSize: 11, interval: 0 } }),
      yAxis: valueAxis(`Damage ${inParentheses(scale.unit)}`, { nameGap: 56 }),
      series: [
        bar('Triggered: stays local', 'triggered', local, PAIR.primary),
        bar('Triggered: carried elsewhere', 'triggered', exported, '#56B4E9'),
        bar('Suffered: local', 'suffered', local, '#D55E00'),
        bar('Suffered: received from elsewhere', 'suffered', imported, '#F0A35E'),
      ],
      graphic: [
        footnote(
          'Province values summed by zone; triggered = local + carried elsewhere, suffered = local + received.',
        ),
      ],
    },
  };
}
