import type { PairwiseFlows, RunResult } from '../../analysis/runResult.ts';
import { chooseScale, formatNumber, formatPercent, formatScaled, inParentheses } from '../numberFormat.ts';
import { CATEGORICAL, PAIR, zoneColours } from '../palette.ts';
import type { FigureSpec } from '../svgChart.ts';
import {
  categoryAxis,
  demoTag,
  extremesText,
  footnote,
  type RenderApi,
  type RenderParams,
  sumByZone,
  swatchLegend,
  title,
  valueAxis,
} from './common.ts';

const FLOW_WORDS: Readonly<Record<string, string>> = {
  damage: 'health damage',
  damage_linear: 'health damage (additive per-tonne shares)',
  employment: 'employment',
  social_income: 'social income',
};

/** The damage-flow variant drawn with the main figures: per-flow removal when the run has it. */
export function mainDamageFlows(r: RunResult): PairwiseFlows | undefined {
  return (
    r.pairwise.find((p) => p.indicator === 'damage') ??
    r.pairwise.find((p) => p.indicator === 'damage_linear')
  );
}

/** Trade-related damage at the headline threshold (the total the flows are compared with). */
function totalDamage(r: RunResult): number {
  const head = r.damage.find((d) => d.threshold === r.conventions.headlineThreshold) ?? r.damage[0];
  return head ? head.national.money.mean : Number.NaN;
}

/**
 * What a damage-flow matrix adds up to and why: per-flow removal is scaled to the total
 * damage; the additive per-tonne flows count upstream tonnes once per flow they pass through,
 * so their sum exceeds it (the local part equals the damage carried by the roles).
 */
export function damageFlowTotalNote(r: RunResult, p: PairwiseFlows): string {
  const total = totalDamage(r);
  const unit = p.matrix.unit;
  if (p.indicator === 'damage')
    return `Per-flow removal: the damage of removing one export flow alone (its local EX_sr and upstream FE_sr emissions), all flows then scaled so that they add up to the trade-related damage, ${formatScaled(p.total, unit)}; unscaled, the removals add up to ${p.rawSum !== undefined ? formatScaled(p.rawSum, unit) : '–'} (the response is nonlinear, and upstream emissions are removed once per flow they pass through).`;
  if (p.indicator === 'damage_linear') {
    const roles = r.roles.shares.find((s) => s.indicator === 'damage');
    const local = roles ? roles.roles.reduce((a, k) => a + roles.national[k], 0) : Number.NaN;
    const excess = p.total / total - 1;
    const split =
      Number.isFinite(local) && local >= 0 && local <= p.total
        ? `Of the sum, ${formatScaled(local, unit)} is local content (EX_sr, emitted in the exporter; the damage carried by the value-chain roles) and ${formatScaled(p.total - local, unit)} upstream content (FE_sr). `
        : '';
    const why =
      excess > 0
        ? `, ${formatPercent(excess)} more than the trade-related damage (${formatScaled(total, unit)}): the upstream content FE_sr counts a tonne emitted in a supplying province t again in every export flow s → r it passes through, although the same tonne is already in t's own flow t → s`
        : ` (${formatPercent(p.total / total)} of the trade-related damage, ${formatScaled(total, unit)})`;
    return `Additive per-tonne flows: each flow's removed tonnes × the average Shapley damage per tonne of the emitting (province, precursor). Summed over all flows they give ${formatScaled(p.total, unit)}${why}. ${split}Shares here are of this sum, not of the total damage.`;
  }
  return '';
}

/**
 * Paper Fig. 3: the top flows s → r of one indicator as a Sankey diagram, exporters on the left
 * and importers on the right (the direction goods travel), link width ∝ flow; where the flows
 * carry Monte Carlo intervals, the same flows with their 95 % intervals beside it.
 */
export function topFlowsFigure(
  r: RunResult,
  p: PairwiseFlows,
  options: { n?: number; appendix?: boolean } = {},
): FigureSpec | null {
  const n = options.n ?? 20;
  const top = p.top.slice(0, n);
  if (top.length === 0) return null;
  const colours = zoneColours(r.labels.zones);
  const zoneOf = new Map(r.labels.regions.map((name, i) => [name, r.labels.zoneOfRegion[i]]));
  const withCi = top.every((t) => t.p025 !== undefined && t.p975 !== undefined);
  const scale = chooseScale(
    top.flatMap((t) => [t.value, t.p975 ?? 0]),
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
  const isDamage = p.indicator === 'damage' || p.indicator === 'damage_linear';
  const sankeyW = 620;
  const width = withCi ? 1420 : 1000;
  const height = Math.max(
    600,
    28 * Math.max(new Set(top.map((t) => t.from)).size, new Set(top.map((t) => t.to)).size) + 220,
  );
  const ciTop = 130;
  const ciLeft = sankeyW + 330;
  const fmt = (v: number) => formatNumber(v / scale.factor);
  const totalNote = isDamage ? damageFlowTotalNote(r, p) : '';
  const series: Record<string, unknown>[] = [
    {
      type: 'sankey',
      left: 150,
      width: withCi ? sankeyW - 150 : 700,
      top: 120,
      bottom: 50,
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
  ];
  const extra: Record<string, unknown> = {};
  if (withCi) {
    const cats = top.map((t) => `${t.from} → ${t.to}`);
    extra.grid = { left: ciLeft, top: ciTop, right: 40, bottom: 60 };
    extra.xAxis = valueAxis(`Flow ${inParentheses(scale.unit)}`, { nameGap: 28, min: 0 });
    extra.yAxis = categoryAxis(cats, {
      inverse: true,
      axisLabel: { fontSize: 11, interval: 0, color: '#222222' },
      splitLine: { show: true, lineStyle: { color: '#f0f0f0' } },
    });
    series.push({
      type: 'custom',
      silent: true,
      renderItem: (params: RenderParams, api: RenderApi) => {
        const t = top[params.dataIndex];
        const y = api.coord([0, params.dataIndex])[1];
        const lo = api.coord([(t.p025 as number) / scale.factor, params.dataIndex])[0];
        const hi = api.coord([(t.p975 as number) / scale.factor, params.dataIndex])[0];
        const c = api.coord([t.value / scale.factor, params.dataIndex])[0];
        const colour = colours.get(zoneOf.get(t.from) ?? '') ?? CATEGORICAL[0];
        return {
          type: 'group',
          children: [
            {
              type: 'line',
              shape: { x1: lo, y1: y, x2: hi, y2: y },
              style: { stroke: '#333333', lineWidth: 1.3 },
            },
            { type: 'line', shape: { x1: lo, y1: y - 3, x2: lo, y2: y + 3 }, style: { stroke: '#333333' } },
            { type: 'line', shape: { x1: hi, y1: y - 3, x2: hi, y2: y + 3 }, style: { stroke: '#333333' } },
            {
              type: 'circle',
              shape: { cx: c, cy: y, r: 4.5 },
              style: { fill: colour, stroke: '#222222', lineWidth: 0.6 },
            },
          ],
        };
      },
      encode: { x: [1, 2, 3], y: 0 },
      data: top.map((t, k) => [
        k,
        (t.p025 as number) / scale.factor,
        (t.p975 as number) / scale.factor,
        t.value / scale.factor,
      ]),
    });
  }
  const figTitle = `Top ${top.length} flows of ${word}`;
  return {
    id: `top_flows_${p.indicator}`,
    title: figTitle,
    caption: `Top ${top.length} pairwise flows of ${word} along exports s → r (left: exporting province s, right: importing province r, whose final demand drives the flow). Link width ∝ flow; node labels give the province's total over the flows shown, in ${scale.unit} (each flow is in the top_flows table). These ${top.length} flows make up ${formatPercent(totalTop)} of the sum of all flows (${formatScaled(p.total, p.matrix.unit)}). Node colour = zone.${withCi ? ` Right: the same flows with 95 % intervals over the Monte Carlo draws (${p.intervalMethod ?? 'Monte Carlo'}).` : ''}${totalNote ? ` ${totalNote}` : ''}`,
    description: `${withCi ? 'A Sankey diagram and a dot-and-whisker chart' : 'A Sankey diagram'} of the ${top.length} largest export flows of ${word} between provinces, ${inParentheses(scale.unit)}: ${top
      .slice(0, 5)
      .map(
        (t) =>
          `${t.from} to ${t.to} ${fmt(t.value)}${withCi ? ` (95 % ${fmt(t.p025 as number)}–${fmt(t.p975 as number)})` : ''}`,
      )
      .join('; ')}; together ${formatPercent(totalTop)} of the sum of all flows.`,
    width,
    height,
    ...(options.appendix ? { appendix: true } : {}),
    option: {
      title: [
        title(
          `${figTitle} ${inParentheses(scale.unit)}${demoTag(r)}`,
          `${p.label}. Exporting → importing province; these ${top.length} flows = ${formatPercent(totalTop)} of the sum of all flows`,
        ),
        ...(withCi
          ? [
              {
                text: 'b  The same flows with 95 % intervals',
                left: ciLeft - 150,
                top: ciTop - 30,
                textStyle: { fontSize: 13, fontWeight: 'bold' },
              },
              {
                text: 'a  Exporting → importing province',
                left: 16,
                top: ciTop - 30,
                textStyle: { fontSize: 13, fontWeight: 'bold' },
              },
            ]
          : []),
      ],
      ...extra,
      series,
      graphic: [
        ...swatchLegend(
          r.labels.zones.map((z) => ({ name: z, color: colours.get(z) ?? CATEGORICAL[0] })),
          width / 2,
          66,
        ),
        footnote(
          `Left: exporting (producing) province. Right: importing province. Values in ${scale.unit}${withCi ? '; whiskers = 2.5–97.5 percentiles' : ''}.`,
        ),
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
    description: `Paired stacked bars per zone ${inParentheses(scale.unit)}: damage triggered by the zone's emissions (staying local or carried elsewhere) beside damage suffered in the zone (local or received). Triggered: ${extremesText(
      zones,
      zones.map((_, k) => (local[k] + exported[k]) / scale.factor),
      (v) => formatNumber(v),
      2,
    )}. Suffered: ${extremesText(
      zones,
      zones.map((_, k) => (local[k] + imported[k]) / scale.factor),
      (v) => formatNumber(v),
      2,
    )}. ${formatPercent(a.redistributedShare)} of triggered damage is suffered outside the emitting province.`,
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
