import type { RunResult } from '../../analysis/runResult.ts';
import { formatNumber, formatPercent } from '../numberFormat.ts';
import { FONT_FAMILY, PAIR, zoneColours } from '../palette.ts';
import { regionAbbreviations } from '../provinceMap.ts';
import type { FigureSpec } from '../svgChart.ts';
import {
  categoryAxis,
  demoTag,
  extremesText,
  footnote,
  regionsByZone,
  swatchLegend,
  title,
  valueAxis,
} from './common.ts';

/** Paper Fig. 1a: share of each precursor's emissions that inter-regional trade triggers. */
export function emissionSharesFigure(r: RunResult): FigureSpec | null {
  if (r.emissions.length === 0) return null;
  const rows = r.emissions.map((e) => {
    let base = 0;
    let trade = 0;
    for (let i = 0; i < e.baseline.values.length; i++) {
      base += e.baseline.values[i];
      trade += e.tradeRelated.values[i];
    }
    return { p: e.precursor, base, trade, share: e.nationalTradeShare, unit: e.unit };
  });
  const tonnes = rows.every((x) => x.unit === 't');
  const amount = (v: number) =>
    tonnes ? `${formatNumber(v / 1e6)} Mt` : `${formatNumber(v)} ${rows[0].unit}`;
  return {
    id: 'emission_shares',
    title: 'Trade-related share of precursor emissions',
    caption:
      'Share of each precursor’s national emissions (production + final users’ direct) that is trade-related (parts 2+3+4 of the four-part decomposition); labels give the trade-related amount.',
    description: `Stacked horizontal bars, one per precursor: the trade-related share of national emissions — ${rows.map((x) => `${x.p} ${formatPercent(x.share)} (${amount(x.trade)} of ${amount(x.base)})`).join(', ')}.`,
    width: 900,
    height: 380,
    option: {
      title: title(
        `Emissions triggered by inter-regional trade${demoTag(r)}`,
        'National, by precursor (PPM = primary PM2.5)',
      ),
      legend: { top: 62, left: 'center', itemGap: 24, textStyle: { fontSize: 12 } },
      grid: { left: 90, right: 140, top: 100, bottom: 60 },
      xAxis: valueAxis('Share of national emissions (%)', { max: 100, nameGap: 28 }),
      yAxis: categoryAxis(
        rows.map((x) => x.p),
        { inverse: true },
      ),
      series: [
        {
          name: 'Trade-related',
          type: 'bar',
          stack: 's',
          barWidth: 26,
          itemStyle: { color: PAIR.primary },
          label: {
            show: true,
            position: 'insideLeft',
            color: '#ffffff',
            fontSize: 11,
            formatter: (p: { dataIndex: number }) =>
              `${(100 * rows[p.dataIndex].share).toFixed(1)} % (${amount(rows[p.dataIndex].trade)})`,
          },
          data: rows.map((x) => 100 * x.share),
        },
        {
          name: 'Other (intra-regional and direct)',
          type: 'bar',
          stack: 's',
          itemStyle: { color: PAIR.rest },
          label: {
            show: true,
            position: 'right',
            color: '#333333',
            fontSize: 11,
            formatter: (p: { dataIndex: number }) => `total ${amount(rows[p.dataIndex].base)}`,
          },
          data: rows.map((x) => 100 * (1 - x.share)),
        },
      ],
    },
  };
}

interface Ring {
  readonly name: string;
  readonly color: string;
  readonly share: (i: number) => number;
  readonly national: number;
}

/**
 * The three rings of Fig. 1c: trade-related share of production-based social income and
 * employment, and of the health damage suffered in the province (trade-related damage / PM2.5
 * burden at the headline threshold). Results without the per-province burden fall back to the
 * share of PM2.5 concentration, and say so.
 */
function doughnutRings(r: RunResult): { rings: Ring[]; damageShare: boolean } {
  const income =
    r.valueChain.find((a) => a.kind === 'income') ??
    r.valueChain.find((a) => a.indicator === 'social_income');
  const jobs = r.valueChain.find((a) => a.kind === 'employment');
  const rings: Ring[] = [];
  const ratio = (num: ArrayLike<number>, den: ArrayLike<number>, i: number) =>
    den[i] > 0 ? num[i] / den[i] : Number.NaN;
  if (income)
    rings.push({
      name: income.label,
      color: '#0072B2',
      share: (i) => ratio(income.tradeRelated, income.production, i),
      national: income.national.tradeShare,
    });
  if (jobs)
    rings.push({
      name: jobs.label,
      color: '#009E73',
      share: (i) => ratio(jobs.tradeRelated, jobs.production, i),
      national: jobs.national.tradeShare,
    });
  const head = r.damage.find((d) => d.threshold === r.conventions.headlineThreshold) ?? r.damage[0];
  const burden = head?.baselineBurdenByRegion;
  if (head && burden) {
    rings.push({
      name: 'health damage',
      color: '#D55E00',
      share: (i) => ratio(head.money.mean, burden.money.mean, i),
      national: head.tradeShare.money,
    });
    return { rings, damageShare: true };
  }
  const c = r.concentrations;
  let cw = 0;
  let bw = 0;
  for (let i = 0; i < c.baseline.values.length; i++) {
    cw += c.tradeRelated.values[i] * r.population.values[i];
    bw += c.baseline.values[i] * r.population.values[i];
  }
  rings.push({
    name: 'PM2.5 concentration',
    color: '#D55E00',
    share: (i) => ratio(c.tradeRelated.values, c.baseline.values, i),
    national: cw / bw,
  });
  return { rings, damageShare: false };
}

/**
 * Paper Fig. 1c as small multiples, one row per zone (labelled, in the zone's colour): per
 * province, concentric rings of the trade-related share of social income (inner), employment
 * (middle) and health damage (outer); ▲ marks provinces whose damage share exceeds both welfare
 * shares ("more damage than welfare").
 */
export function tradeShareDoughnutsFigure(r: RunResult): FigureSpec | null {
  if (r.labels.regions.length === 0) return null;
  const { rings, damageShare } = doughnutRings(r);
  const L = r.labels;
  const abbr = regionAbbreviations(L.regions, L.regionCodes);
  const colours = zoneColours(L.zones);
  const outer = rings.length - 1;
  const worse = (share: (k: number) => number) =>
    damageShare && rings.length === 3 && share(outer) > Math.max(share(0), share(1));
  const order = regionsByZone(r);
  const rowsOf: { zone: string; cells: { label: string; share: (k: number) => number }[] }[] = [
    {
      zone: 'China',
      cells: [{ label: 'China (national)', share: (k: number) => rings[k].national }],
    },
  ];
  for (const z of L.zones) {
    const cells = order
      .filter((i) => L.zoneOfRegion[i] === z)
      .map((i) => ({ label: `${L.regions[i]} (${abbr[i]})`, share: (k: number) => rings[k].share(i) }));
    const perRow = 8;
    for (let k = 0; k < cells.length; k += perRow)
      rowsOf.push({ zone: k === 0 ? z : '', cells: cells.slice(k, k + perRow) });
  }
  const cols = Math.max(...rowsOf.map((x) => x.cells.length));
  const cellW = 138;
  const cellH = 132;
  const labelW = 150;
  const top = 112;
  const width = labelW + cols * cellW + 20;
  const height = top + rowsOf.length * cellH + 36;
  const ringWidth = 10;
  const series: Record<string, unknown>[] = [];
  const graphic: Record<string, unknown>[] = [];
  const titles: Record<string, unknown>[] = [
    title(
      `Trade-related shares of welfare and health damage, by province${demoTag(r)}`,
      damageShare
        ? `Arc = share due to inter-regional trade: of production-based income and jobs, and of the PM2.5 health damage suffered (z_cf ${r.conventions.headlineThreshold} µg/m³)`
        : 'Arc = share attributable to inter-regional trade (of production-based income and jobs; of baseline PM2.5)',
    ),
  ];
  let marked = 0;
  rowsOf.forEach((row, rk) => {
    const y0 = top + rk * cellH;
    if (row.zone) {
      const colour = row.zone === 'China' ? '#222222' : (colours.get(row.zone) ?? '#555555');
      graphic.push(
        { type: 'rect', shape: { x: 14, y: y0 + 18, width: 6, height: cellH - 40 }, style: { fill: colour } },
        {
          type: 'text',
          x: 28,
          y: y0 + cellH / 2 - 8,
          style: {
            text: row.zone,
            fontSize: 13,
            fontWeight: 'bold',
            fill: '#222222',
            fontFamily: FONT_FAMILY,
            align: 'left',
            verticalAlign: 'middle',
            width: labelW - 34,
            overflow: 'break',
          },
        },
      );
    }
    row.cells.forEach((cell, ck) => {
      const cx = labelW + ck * cellW + cellW / 2;
      const cy = y0 + 50;
      rings.forEach((ring, j) => {
        const share = cell.share(j);
        const inner = 17 + j * (ringWidth + 2);
        series.push({
          type: 'pie',
          name: ring.name,
          center: [cx, cy],
          radius: [inner, inner + ringWidth],
          startAngle: 90,
          silent: true,
          label: { show: false },
          labelLine: { show: false },
          data: [
            { name: ring.name, value: Number.isFinite(share) ? share : 0, itemStyle: { color: ring.color } },
            { name: 'Rest', value: Number.isFinite(share) ? 1 - share : 1, itemStyle: { color: PAIR.rest } },
          ],
        });
      });
      const mark = worse(cell.share);
      if (mark) marked++;
      titles.push({
        text: cell.label,
        subtext: `${rings.map((_, j) => (Number.isFinite(cell.share(j)) ? (100 * cell.share(j)).toFixed(0) : '–')).join(' · ')} %${mark ? ' ▲' : ''}`,
        left: cx,
        top: cy + 48,
        textAlign: 'center',
        itemGap: 2,
        textStyle: { fontSize: 11, fontWeight: rk === 0 ? 'bold' : 'normal' },
        subtextStyle: {
          fontSize: 10,
          color: mark ? '#8a3300' : '#444444',
          fontWeight: mark ? 'bold' : 'normal',
        },
      });
    });
  });
  const names = ['inner', 'middle', 'outer'];
  const cells = order.map((i) => ({ name: L.regions[i], share: (k: number) => rings[k].share(i) }));
  const describeRing = (k: number) =>
    `${rings[k].name} ${formatPercent(rings[k].national, 0)} nationally (${extremesText(
      cells.map((c) => c.name),
      cells.map((c) => c.share(k)),
      (v) => formatPercent(v, 0),
      2,
    )})`;
  return {
    id: 'trade_share_doughnuts',
    title: 'Trade-related shares of welfare and health damage by province',
    caption: `Rings from inside out: ${rings.map((x) => x.name).join('; ')}; the numbers under each name are the three shares in %, in the same order. ${
      damageShare
        ? `Damage share = trade-related damage suffered in the province / its whole PM2.5 damage burden (threshold ${r.conventions.headlineThreshold} µg/m³, mean over the Monte Carlo draws). ▲: the damage share exceeds both welfare shares (${marked} of ${L.regions.length} provinces).`
        : 'The outer ring is a concentration share, not a damage share: this result carries no per-province PM2.5 burden.'
    } Rows are zones.`,
    description: `Doughnut charts, one per province grouped in rows by zone plus the national one, each with three rings giving the share attributable to inter-regional trade: ${rings.map((_, k) => describeRing(k)).join('; ')}.`,
    width,
    height,
    option: {
      title: titles,
      series,
      graphic: [
        ...graphic,
        ...swatchLegend(
          [
            ...rings.map((x, j) => ({ name: `${names[j] ?? ''}: ${x.name}`, color: x.color })),
            { name: 'rest', color: PAIR.rest },
          ],
          width / 2,
          70,
        ),
        footnote(
          `Numbers: shares in % (inner · middle · outer ring)${damageShare ? '; ▲ = the damage share exceeds both welfare shares' : ''}. Zone rows in the colours used in every figure.`,
        ),
      ],
    },
  };
}
