import { DATA_PACKAGE_FILE, dataPackage, dataPackageJson } from '../io/dataPackage.ts';
import { checkedJson } from '../io/outputGuard.ts';
import { type TableSpec, tableField, type WrittenTable } from '../io/tableWriter.ts';
import { type CsvValue, TidyCsv } from '../io/tidyCsv.ts';

import {
  type DrawInputs,
  GROUP_LABELS,
  pickFreeze,
  TRADE_PARAMETERS,
  UNCERTAINTY_GROUPS,
  type UncertaintyGroup,
} from '../uncertainty/plan.ts';
import type { UncertaintyResult } from '../uncertainty/result.ts';
import { type HeadlineUncertainty, significant } from '../uncertainty/summary.ts';
import { escapeHtml as esc } from './escapeHtml.ts';
import { sobolFigure } from './figures/sobol.ts';
import { renderChartSvg } from './svgChart.ts';

/** Anything files can be written into (an AtomicOutputDir). */
export interface OutputWriter {
  write(relative: string, content: string | Uint8Array): void;
}

/**
 * Writes the outputs of `vchain uncertainty` / `vchain merge` (docs/uncertainty.md, "Outputs"):
 * uncertainty.json, tables/headline_intervals.csv, tables/sobol_indices.csv, tables/draws.csv,
 * figures/uncertainty_sobol.svg and report.html. Everything is a function of `u` (no clock, no
 * host), so the merge of shards writes the same bytes as one run.
 */
export function writeUncertaintyOutputs(out: OutputWriter, u: UncertaintyResult): void {
  const labels = u.plan.labels;
  out.write('uncertainty.json', checkedJson(u, 'uncertainty.json', { indent: 1 }));
  const written: WrittenTable[] = [];
  const put = (spec: TableSpec, t: TidyCsv) => {
    const text = t.toString();
    out.write(`${spec.name}.csv`, text);
    written.push({
      spec,
      format: 'csv',
      path: `${spec.name}.csv`,
      rows: t.rows,
      bytes: Buffer.byteLength(text),
    });
  };
  put(HEADLINE_INTERVALS_TABLE, headlineIntervalsTable(u));
  put(SOBOL_INDICES_TABLE, sobolIndicesTable(u));
  put(drawsTableSpec(u), drawsTable(u));
  // No creation time: the merge of shards writes the same bytes as one run.
  out.write(
    DATA_PACKAGE_FILE,
    dataPackageJson(
      dataPackage(
        'vchain-uncertainty',
        'vchain uncertainty',
        'Full-chain uncertainty of the headline numbers',
        written,
      ),
    ),
  );
  const fig = sobolFigure(u, labels.isDemonstration ? ' (DEMONSTRATION)' : '');
  const svg = renderChartSvg(fig);
  out.write(`figures/${fig.id}.svg`, svg);
  out.write('report.html', uncertaintyReportHtml(u, labels, svg, fig.caption));
}

const num = (x: number | null): CsvValue => (x !== null && Number.isFinite(x) ? x : null);

const field = tableField;
const NOTE = field('note', 'string', 'why cells are blank, if any');

export const HEADLINE_INTERVALS_TABLE: TableSpec = {
  name: 'tables/headline_intervals',
  description:
    'Each headline number: its default-run value, the distribution over the draws and its dominant source of uncertainty',
  fields: [
    field('id', 'string', 'headline id'),
    field('label', 'string', 'what the headline is'),
    field('unit', 'string', "unit of this row's paper, default_run, mean, median, p2_5 and p97_5"),
    field('paper', 'number', 'the value the paper reports, in `unit`'),
    field('default_run', 'number', 'the value of the default (undrawn) run, in `unit`'),
    field('draws', 'integer', 'chain evaluations with a value'),
    field('mean', 'number', 'mean over the draws, in `unit`'),
    field('median', 'number', 'median of the draws, in `unit`'),
    field('p2_5', 'number', '2.5 percentile of the draws, in `unit`'),
    field('p97_5', 'number', '97.5 percentile of the draws, in `unit`'),
    field('dominant_source', 'string', 'group of inputs with the largest first-order Sobol index'),
    field('dominant_first_order', 'number', 'its first-order Sobol index', '1'),
    field('interactions', 'number', '1 − Σ first-order indices', '1'),
    field('sentence', 'string', 'the interval in words'),
    NOTE,
  ],
};

export const SOBOL_INDICES_TABLE: TableSpec = {
  name: 'tables/sobol_indices',
  description:
    'First-order and total Sobol indices (with confidence intervals) of each headline per group of inputs',
  fields: [
    field('id', 'string', 'headline id'),
    field('label', 'string', 'what the headline is'),
    field('group', 'string', 'group of uncertain inputs'),
    ...[
      'first_order',
      'first_order_ci_low',
      'first_order_ci_high',
      'total',
      'total_ci_low',
      'total_ci_high',
    ].map((n) => field(n, 'number', `${n.replace(/_/g, ' ')} Sobol index`, '1')),
    NOTE,
  ],
};

/** snake_case ASCII column name of a parameter or headline id ('goodsDistanceDecay' → 'goods_distance_decay'). */
const snake = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');

export function drawsTableSpec(u: UncertaintyResult): TableSpec {
  const rows = u.plan.emissionRows;
  return {
    name: 'tables/draws',
    description: 'Every chain evaluation of the Saltelli design: its drawn inputs and its headline numbers',
    fields: [
      field('draw', 'integer', 'draw number'),
      field('sample', 'string', 'A, B or A_B:<group> (A with one group of inputs from B)'),
      ...TRADE_PARAMETERS.map((p) => field(snake(p.name), 'number', p.label)),
      ...rows.map((r) =>
        field(
          snake(`emission_factor_${r.precursor}_${r.sector === '*' ? 'all' : r.sector}`),
          'number',
          `multiplier of ${r.precursor} emissions${r.sector === '*' ? '' : ` of sector ${r.sector}`}`,
          '1',
        ),
      ),
      field('surface_z', 'number', 'standard-normal draw of the response-surface error'),
      field('exposure_response_seed', 'number', 'seed of the exposure–response draws'),
      field('valuation_seed', 'number', 'seed of the valuation draws'),
      ...u.headlines.map((h) => field(snake(h.id), 'number', h.label, h.unit)),
    ],
  };
}

function headlineIntervalsTable(u: UncertaintyResult): TidyCsv {
  const t = new TidyCsv(
    HEADLINE_INTERVALS_TABLE.fields.map((f) => f.name),
    'tables/headline_intervals.csv',
  );
  for (const r of u.headlines)
    t.add([
      r.id,
      r.label,
      r.unit,
      num(r.paper),
      num(r.reference),
      r.draws,
      num(r.mean),
      num(r.median),
      num(r.p025),
      num(r.p975),
      r.dominant ? GROUP_LABELS[r.dominant] : null,
      r.dominant ? num(r.first[r.dominant].estimate) : null,
      num(r.interactions),
      r.sentence,
      blankNote(r),
    ]);
  return t;
}

function blankNote(r: HeadlineUncertainty): string {
  const why = r.notComputed ? Object.values(r.notComputed)[0] : '';
  return [r.note, why ? `blank cells: ${why}` : ''].filter(Boolean).join('; ');
}

function sobolIndicesTable(u: UncertaintyResult): TidyCsv {
  const t = new TidyCsv(
    SOBOL_INDICES_TABLE.fields.map((f) => f.name),
    'tables/sobol_indices.csv',
  );
  for (const r of u.headlines)
    for (const g of UNCERTAINTY_GROUPS)
      t.add([
        r.id,
        r.label,
        GROUP_LABELS[g],
        num(r.first[g].estimate),
        num(r.first[g].low),
        num(r.first[g].high),
        num(r.total[g].estimate),
        num(r.total[g].low),
        num(r.total[g].high),
        blankNote(r),
      ]);
  return t;
}

/** Every chain evaluation: its drawn inputs and its headline numbers (for re-analysis elsewhere). */
function drawsTable(u: UncertaintyResult): TidyCsv {
  const t = new TidyCsv(
    drawsTableSpec(u).fields.map((f) => f.name),
    'tables/draws.csv',
  );
  const line = (draw: number, sample: string, x: DrawInputs, values: readonly (number | null)[]) =>
    t.add([
      draw,
      sample,
      ...TRADE_PARAMETERS.map((p) => x.trade[p.name]),
      ...x.emissionFactors,
      x.surfaceZ,
      x.exposureResponseSeed,
      x.valuationSeed,
      ...values.map(num),
    ]);
  for (const r of u.records) {
    line(r.draw, 'A', r.inputs.A, r.A);
    line(r.draw, 'B', r.inputs.B, r.B);
    for (const g of UNCERTAINTY_GROUPS)
      line(r.draw, `A_B:${g}`, pickFreeze(r.inputs.A, r.inputs.B, g), r.AB[g]);
  }
  return t;
}

const STYLE = `
body { font-family: Arial, 'Liberation Sans', Helvetica, sans-serif; color: #222; margin: 0 auto; max-width: 1280px; padding: 0 24px 48px; line-height: 1.45; }
header { border-bottom: 2px solid #0072B2; margin-bottom: 12px; }
h1 { font-size: 1.6em; margin: 20px 0 4px; } h2 { font-size: 1.3em; margin-top: 32px; border-bottom: 1px solid #ddd; } h3 { font-size: 1.05em; }
.banner { background: #fff3cd; border: 2px solid #D55E00; padding: 10px 14px; margin: 12px 0; }
.reading { border-left: 5px solid #0072B2; background: #f7fafc; padding: 6px 12px; margin: 6px 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border: 1px solid #ddd; padding: 3px 7px; vertical-align: top; } thead th { background: #f3f6fa; }
tbody th { font-weight: normal; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 20px 0; } figure svg { width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.92em; margin-bottom: 6px; } .desc { font-size: 0.9em; color: #444; }
`;

const pctOf = (x: number) => (Number.isFinite(x) ? `${Math.round(100 * x)} %` : '—');
const fmt = (x: number | null) => (x !== null && Number.isFinite(x) ? significant(x) : '—');

function indexCell(r: HeadlineUncertainty, g: UncertaintyGroup): string {
  if (r.dominant === null) return '<td class="num">—</td>';
  const f = r.first[g];
  const t = r.total[g];
  const strong = g === r.dominant;
  const text = `${pctOf(f.estimate)} <span class="desc">(${pctOf(f.low)}–${pctOf(f.high)}; total ${pctOf(t.estimate)})</span>`;
  return `<td class="num">${strong ? `<strong>${text}</strong>` : text}</td>`;
}

/** The keys a reader looks for first, when the plan has them. */
const KEY_ROWS = [
  'gini_jobs',
  'gini_income',
  'trade_deaths',
  'trade_share_deaths',
  'trade_loss',
  'redistributed',
];

export function uncertaintyReportHtml(
  u: UncertaintyResult,
  labels: UncertaintyResult['plan']['labels'],
  svg: string,
  caption: string,
): string {
  const p = u.plan;
  const keys = KEY_ROWS.map((id) => u.headlines.find((h) => h.id === id)).filter(
    (h): h is HeadlineUncertainty => h !== undefined,
  );
  const banner = labels.isDemonstration
    ? `<p class="banner"><strong>Demonstration.</strong> ${esc(labels.dataset)} Air-quality model: ${esc(labels.airModel)}. The intervals show how far the chain's own inputs move the results; they do not make the demonstration data an estimate for China.</p>`
    : '';
  const tradeRows = p.tradeParameters
    .map((t) => {
      const d = t.distribution;
      const dist =
        d.kind === 'uniform' ? `uniform ${d.low}–${d.high}` : `triangular ${d.low}–${d.high}, mode ${d.mode}`;
      return `<tr><th scope="row">${esc(t.label)}</th><td>${esc(dist)}</td><td class="num">${t.recipe}</td><td>${esc(t.why)}</td></tr>`;
    })
    .join('');
  const emissionRows = p.emissionRows
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.precursor)}</th><td>${esc(r.sector === '*' ? 'all sectors without a row of their own' : r.sector)}</td><td class="num">${Math.round(100 * r.low)} % to +${Math.round(100 * r.high)} %</td><td>${esc(r.source)}</td></tr>`,
    )
    .join('');
  const sd = p.surface.relativeSd.filter((x) => x > 0);
  const sdRange = sd.length
    ? `${(100 * Math.min(...sd)).toFixed(1)}–${(100 * Math.max(...sd)).toFixed(1)} %`
    : 'none';
  const groupHead = UNCERTAINTY_GROUPS.map((g) => `<th scope="col">${esc(GROUP_LABELS[g])}</th>`).join('');
  const body = u.headlines
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.label)}</th><td>${esc(r.unit)}</td><td class="num">${fmt(r.paper)}</td><td class="num">${fmt(r.reference)}</td><td class="num">${fmt(r.mean)}</td><td class="num">${fmt(r.p025)}–${fmt(r.p975)}</td>${UNCERTAINTY_GROUPS.map((g) => indexCell(r, g)).join('')}<td class="num">${pctOf(r.interactions)}</td></tr>`,
    )
    .join('\n');
  const groups = p.groups.map((g) => `<li><strong>${esc(g.label)}</strong>: ${esc(g.what)}</li>`).join('');
  const health = Object.entries(p.health)
    .map(([k, v]) => `<li>${esc(k)}: ${esc(String(v))}</li>`)
    .join('');
  const inputs = p.inputs
    .map(
      (i) =>
        `<li>${esc(i.role)}: <code>${esc(i.path)}</code> sha256 <code>${esc(i.sha256.slice(0, 16))}</code></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>vchain — full-chain uncertainty</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body>
<header><h1>Full-chain uncertainty of the headline numbers</h1>
<p>${p.draws} draws × 7 chain evaluations (${7 * p.draws} rebuilds of the MRIO and runs of the analysis), seed ${p.seed}, vchain ${esc(p.toolVersion)}. Plan ${esc(u.planId.slice(0, 16))}.</p>
${banner}</header>
<main>
<section id="reading"><h2>How to read it</h2>
${keys.map((h) => `<p class="reading">${esc(h.sentence)}</p>`).join('\n')}
<p class="desc">Intervals: 2.5–97.5 % of the ${2 * p.draws} joint draws (samples A and B). “Comes from X alone” is X's first-order Sobol index: the share of the variance that fixing X would remove; “with its interactions” is the total index. Brackets: bootstrap 95 % intervals of the index over draws (${p.bootstrap} resamples). With few draws the indices are rough; their intervals say how rough.</p>
</section>
<section id="figure"><h2>Which uncertainty dominates</h2>
<figure><figcaption>${esc(caption)}</figcaption>${svg}</figure>
</section>
<section id="table"><h2>Every headline number</h2>
<p class="desc">Default run: the recipe's own choices, the inventory as published, no surface error, the full health Monte Carlo (1000 draws) — what <code>vchain run</code> reports, with additive damage flows. Per group: first-order index (bootstrap 95 % interval; total index); the dominant group in bold. Last column: 1 − Σ first-order indices (what only interactions explain).</p>
<div class="scroll"><table>
<thead><tr><th scope="col">Headline number</th><th scope="col">Unit</th><th scope="col">Paper</th><th scope="col">Default run</th><th scope="col">Mean</th><th scope="col">95 % interval</th>${groupHead}<th scope="col">Interactions</th></tr></thead>
<tbody>
${body}
</tbody></table></div>
</section>
<section id="inputs"><h2>What was drawn</h2>
<ul>${groups}</ul>
<h3>Trade split (the MRIO is rebuilt from the provincial tables in every draw)</h3>
<div class="scroll"><table><thead><tr><th scope="col">Parameter</th><th scope="col">Distribution</th><th scope="col">Recipe</th><th scope="col">Why</th></tr></thead><tbody>${tradeRows}</tbody></table></div>
<h3>Emission inventory (lognormal factors with these 95 % points)</h3>
<div class="scroll"><table><thead><tr><th scope="col">Precursor</th><th scope="col">Sector</th><th scope="col">95 % interval</th><th scope="col">Source</th></tr></thead><tbody>${emissionRows}</tbody></table></div>
<h3>Response surface</h3>
<p>Each receptor's predicted change scaled by 1 + σ_i·z, σ_i = √(π/2) × NME of the change in the model file's “${esc(p.surface.validationBlock)}” validation (${sdRange}); ${esc(p.surface.correlation)}. This is the surface's error against its CTM, not the CTM's error against the atmosphere.</p>
<h3>Health</h3><ul>${health}</ul>
</section>
<section id="provenance"><h2>Method and inputs</h2>
<p>${esc(p.design)}. Per-flow removal damage flows are not recomputed per draw (the largest damage flow uses the additive per-tonne variant). docs/uncertainty.md has the method, the sources and the limits.</p>
<ul>${inputs}</ul>
</section>
</main>
<footer>Written by vchain uncertainty / merge: the same bytes from one run or from merged shards.</footer>
</body></html>
`;
}
