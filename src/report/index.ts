import { type RunResult, runResultReplacer } from '../analysis/runResult.ts';
import { datasetBannerLabel } from '../dataset/model.ts';
import {
  DATA_PACKAGE_FILE,
  type DataPackageResource,
  dataPackage,
  dataPackageJson,
  geoJsonResource,
} from '../io/dataPackage.ts';
import { checkedJson } from '../io/outputGuard.ts';
import type { WrittenTable } from '../io/tableWriter.ts';
import { healthConventionItems, scenarioText } from './conventionText.ts';
import { buildFigures } from './figures/index.ts';
import { airModelLabel, type RenderedFigure, renderReportHtml } from './html.ts';
import { PROVINCE_GEOJSON_FILE, provinceGeoJson } from './provinceGeoJson.ts';
import { loadProvinceMap, type ProvinceMap } from './provinceMap.ts';
import { buildSummary } from './summary.ts';
import { renderChartSvg } from './svgChart.ts';
import { type ReportTable, reportTableSpec, tableToCsv } from './table.ts';
import { buildTables } from './tables.ts';
import { buildWorkbook, type ReadmeLine } from './workbook.ts';

/** Where the report goes: AtomicOutputDir or anything with the same two methods. */
export interface ReportOutput {
  write(relPath: string, content: string | Uint8Array): void;
  path(relPath: string): string;
}

export interface ReportOptions {
  /** Province outlines; default data/maps/china-provinces.geojson. null = no map figure. */
  readonly map?: ProvinceMap | null;
}

/** Seconds spent on each part of the report (run.json `timings`, keys `report.<part>`). */
export interface ReportTimings {
  readonly tables: number; // building the tables and writing tables/*.csv
  readonly figures: number; // building and rendering figures/*.svg
  readonly xlsx: number;
  readonly summary: number;
  readonly html: number;
}

/**
 * Writes the publication outputs of one run into `out`:
 * tables/*.csv, results.xlsx, summary.json, figures/*.svg and a self-contained report.html.
 */
export async function writeReport(
  result: RunResult,
  out: ReportOutput,
  options: ReportOptions = {},
): Promise<ReportTimings> {
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const s = (now - t) / 1000;
    t = now;
    return s;
  };
  const tables = buildTables(result);
  const files: string[] = [];
  const written: WrittenTable[] = [];
  for (const tb of tables) {
    const csv = tableToCsv(tb);
    files.push(`tables/${tb.id}.csv`);
    out.write(`tables/${tb.id}.csv`, csv);
    written.push({
      spec: reportTableSpec(tb),
      format: 'csv',
      path: `tables/${tb.id}.csv`,
      rows: tb.rows.length,
      bytes: Buffer.byteLength(csv),
    });
  }

  const tablesSeconds = lap();

  const map = options.map === undefined ? loadProvinceMap() : options.map;
  const geo: DataPackageResource[] = [];
  if (map) {
    const g = provinceGeoJson(tables, map);
    out.write(PROVINCE_GEOJSON_FILE, g.text);
    files.push(PROVINCE_GEOJSON_FILE);
    geo.push(
      geoJsonResource({
        spec: g.spec,
        format: 'csv',
        path: PROVINCE_GEOJSON_FILE,
        rows: g.features,
        bytes: Buffer.byteLength(g.text),
      }),
    );
  }
  out.write(
    DATA_PACKAGE_FILE,
    dataPackageJson(
      dataPackage(
        'vchain-run',
        'vchain run: value chains, PM2.5 and health by province',
        `Tables of one vchain run on ${result.provenance.dataset.title} (${result.provenance.dataset.id}); units per field or in the unit column.`,
        written,
        new Date(),
        geo,
      ),
    ),
  );
  files.push(DATA_PACKAGE_FILE);
  const { figures, skipped } = buildFigures(result, map);
  const rendered: RenderedFigure[] = [];
  for (const spec of figures) {
    const f = { spec, svg: renderChartSvg(spec), file: `figures/${spec.id}.svg` };
    out.write(f.file, f.svg);
    rendered.push(f);
    files.push(f.file);
    await yieldToEventLoop(); // Ctrl-C stays responsive between figures
  }
  const figuresSeconds = lap();
  files.push('results.xlsx', 'summary.json', 'report.html');

  out.write('results.xlsx', await buildWorkbook(tables, workbookReadme(result, tables)));
  const xlsxSeconds = lap();
  out.write(
    'summary.json',
    checkedJson(buildSummary(result, files), 'summary.json', { replacer: runResultReplacer, indent: 2 }),
  );
  const summarySeconds = lap();
  out.write('report.html', renderReportHtml({ result, figures: rendered, skipped, tables, files }));
  return {
    tables: tablesSeconds,
    figures: figuresSeconds,
    xlsx: xlsxSeconds,
    summary: summarySeconds,
    html: lap(),
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function workbookReadme(r: RunResult, tables: readonly ReportTable[]): ReadmeLine[] {
  const p = r.provenance;
  const c = r.conventions;
  const lines: ReadmeLine[] = [];
  if (p.dataset.isDemonstration) lines.push(['DEMONSTRATION DATASET', datasetBannerLabel(p.dataset)]);
  lines.push(
    ['Provenance', ''],
    ['Dataset', `${p.dataset.title} (${p.dataset.id})`],
    ['Dataset note', p.dataset.note],
    ...p.dataset.sources.map((s, k): ReadmeLine => [`Source ${k + 1}`, s]),
    ...p.inputs.map((x): ReadmeLine => [`Input: ${x.role}`, `${x.path} (sha256 ${x.sha256})`]),
    ['Air-quality model', airModelLabel(r)],
    ['Health model', `${p.healthModel.id}: ${p.healthModel.description}`],
    ['Tool', `vchain ${p.toolVersion}, result schema ${p.schemaVersion}, created ${p.createdAt}`],
    ['Scenario', scenarioText(r)],
    ['Conventions', ''],
    ['Thresholds', `${c.thresholds.join(', ')} µg/m³ (headline ${c.headlineThreshold})`],
    ...healthConventionItems(r, (x, unit) => `${x} ${unit}`),
    ['Trade attribution', c.tradeAttribution],
    ['Coefficient of variation', `${c.cv.weighting}: ${c.cv.definition}`],
    ['Emission shares', c.emissionShares],
    ['Intervals', c.intervals],
    ['Counterfactual', c.counterfactual],
    ['Attribution', c.attribution],
    ['Pairwise flows', c.pairwiseFlows],
    ['Compensation', c.compensation],
    ['Top group', `${c.topShare.fraction} by ${c.topShare.by}`],
    ['Concentration index rank', c.concentrationIndexRank],
    [
      'Currency',
      `${r.labels.currency.label}; money columns are in plain currency units (1 ${r.labels.currency.code})`,
    ],
    [
      'Monte Carlo',
      `${p.monteCarlo.draws} draws, seed ${p.monteCarlo.seed}; mean = mean over the draws (the point value), median, p025/p975 = 2.5/97.5 percentiles`,
    ],
    ...c.notes.map((n, k): ReadmeLine => [`Note ${k + 1}`, n]),
    ...(p.negativeValues ?? []).map(
      (n, k): ReadmeLine => [
        `Negative values ${k + 1}`,
        `${n.what}. Cause: ${n.cause}. Where: ${n.fields.join('; ')}`,
      ],
    ),
    ['Layout', ''],
    [
      'Headers',
      'key [unit]; shares are fractions (unit 1), not percent. Long-format sheets carry a unit column instead.',
    ],
    ['Precision', `Numbers are unrounded doubles as computed. ${tables.length} data sheets follow.`],
  );
  return lines;
}
