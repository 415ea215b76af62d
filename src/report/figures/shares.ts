import type { RunResult } from '../../analysis/runResult.ts';
import { formatNumber } from '../format.ts';
import { PAIR } from '../palette.ts';
import { regionAbbreviations } from '../provinceMap.ts';
import type { FigureSpec } from '../svgChart.ts';
import { categoryAxis, demoTag, footnote, regionsByZone, swatchLegend, title, valueAxis } from './common.ts';

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

/**
 * Paper Fig. 1c as small multiples: per province, concentric rings giving the trade-related
 * share of social income (inner), employment (middle) and PM2.5 concentration (outer).
 */
export function tradeShareDoughnutsFigure(r: RunResult): FigureSpec | null {
  const income =
    r.valueChain.find((a) => a.kind === 'income') ??
    r.valueChain.find((a) => a.indicator === 'social_income');
  const jobs = r.valueChain.find((a) => a.kind === 'employment');
  const rings: { name: string; color: string; share: (i: number) => number; national: number }[] = [];
  const ratio = (num: Float64Array, den: Float64Array, i: number) =>
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

  const order = regionsByZone(r);
  const abbr = regionAbbreviations(r.labels.regions, r.labels.regionCodes);
  const cells = [
    { label: 'China (national)', zone: 'population-weighted', share: (k: number) => rings[k].national },
    ...order.map((i) => ({
      label: `${r.labels.regions[i]} (${abbr[i]})`,
      zone: r.labels.zoneOfRegion[i],
      share: (k: number) => rings[k].share(i),
    })),
  ];
  const cols = 8;
  const cellW = 150;
  const cellH = 150;
  const top = 110;
  const rowsN = Math.ceil(cells.length / cols);
  const width = cols * cellW + 20;
  const height = top + rowsN * cellH + 40;
  const ringWidth = 11;
  const series: Record<string, unknown>[] = [];
  const titles: Record<string, unknown>[] = [
    title(
      `Trade-related shares of welfare and pollution, by province${demoTag(r)}`,
      'Coloured arc = share attributable to inter-regional trade (of production-based income and jobs; of baseline PM2.5); grey = the rest. Ordered by zone.',
    ),
  ];
  cells.forEach((cell, k) => {
    const cx = 10 + (k % cols) * cellW + cellW / 2;
    const cy = top + Math.floor(k / cols) * cellH + 55;
    rings.forEach((ring, j) => {
      const share = cell.share(j);
      const inner = 18 + j * (ringWidth + 2);
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
    titles.push({
      text: cell.label,
      subtext:
        rings
          .map((_, j) => `${Number.isFinite(cell.share(j)) ? (100 * cell.share(j)).toFixed(0) : '–'}`)
          .join(' · ') + ' %',
      left: cx,
      top: cy + 54,
      textAlign: 'center',
      itemGap: 2,
      textStyle: { fontSize: 11, fontWeight: k === 0 ? 'bold' : 'normal' },
      subtextStyle: { fontSize: 10, color: '#444444' },
    });
  });
  return {
    id: 'trade_share_doughnuts',
    title: 'Trade-related shares by province',
    caption: `Rings from inside out: ${rings.map((x) => x.name).join('; ')}. Numbers under each name are the three shares in %, in the same order. The PM2.5 ring is a concentration share, not a health-damage share: the per-province baseline burden needed for a damage share is not in the run result.`,
    width,
    height,
    option: {
      title: titles,
      series,
      graphic: [
        ...swatchLegend(
          [
            ...rings.map((x, j) => ({
              name: `${['inner', 'middle', 'outer'][j] ?? ''}: ${x.name}`,
              color: x.color,
            })),
            { name: 'rest', color: PAIR.rest },
          ],
          width / 2,
          66,
        ),
        footnote('Numbers: shares in % (inner · middle · outer ring).'),
      ],
    },
  };
}
