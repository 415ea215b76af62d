import type { ProvincialBuildDiagnostics } from './china2017ProvincialBuild.ts';
import { totalUseAsPublished } from './provincialTables.ts';

/** Columns of cleaning_report.csv (docs/dataset.md, "Cleaning report"). */
export const CLEANING_REPORT_COLUMNS = [
  'province',
  'gb_code',
  'sector',
  'GO',
  'EX_raw',
  'EX',
  'IM_raw',
  'IM',
  'OF_raw',
  'OF_after_reexports',
  'OF',
  'IF_raw',
  'IF_after_reexports',
  'IF_after_reflows',
  'IF',
  'use_published',
  'use_cleaned',
] as const;

/**
 * The cleaning report: per province × sector, the tables' output and trade margins raw → after
 * each cleaning step → cleaned (outflowCleaning.ts), total use as published and as rebalanced;
 * then one row per sector and one for all sectors with the national sums (province 'China').
 * 10^4 CNY as in the tables (before any --scale-to-national), rounded to 0.1 for reading;
 * the dataset arrays keep full precision. Deterministic.
 */
export function cleaningReportCsv(d: ProvincialBuildDiagnostics): string {
  const t = d.tables;
  const c = d.cleaning;
  const G = t.provinces.length;
  const N = t.sectorCodes.length;
  const use = totalUseAsPublished(t);
  const series = [
    t.GO,
    t.EX,
    c.EX,
    t.IM,
    c.IM,
    t.OF,
    c.afterReExports.OF,
    c.OF,
    t.IF,
    c.afterReExports.IF,
    c.afterReflows.IF,
    c.IF,
    use,
    c.totalUse,
  ];
  const fmt = (v: number) => {
    const s = v.toFixed(1);
    return s === '-0.0' ? '0.0' : s;
  };
  const lines = [CLEANING_REPORT_COLUMNS.join(',')];
  for (let r = 0; r < G; r++) {
    const code = d.sources.provinces[r].code;
    for (let i = 0; i < N; i++)
      lines.push([t.provinces[r], code, t.sectorCodes[i], ...series.map((v) => fmt(v[r * N + i]))].join(','));
  }
  const all = new Float64Array(series.length);
  for (let i = 0; i < N; i++) {
    const sums = series.map((v) => {
      let s = 0;
      for (let r = 0; r < G; r++) s += v[r * N + i];
      return s;
    });
    sums.forEach((s, k) => {
      all[k] += s;
    });
    lines.push(['China', '', t.sectorCodes[i], ...sums.map(fmt)].join(','));
  }
  lines.push(['China', '', 'all', ...Array.from(all, fmt)].join(','));
  return `${lines.join('\n')}\n`;
}
