import type { RunResult } from '../analysis/runResult.ts';
import { escapeHtml as esc } from './escapeHtml.ts';
import { formatNumber, formatPercent, formatScaled } from './numberFormat.ts';
import type { FigureSpec } from './svgChart.ts';
import { columnHeader, type ReportTable } from './table.ts';

export interface RenderedFigure {
  readonly spec: FigureSpec;
  readonly svg: string;
  readonly file: string; // relative path of the standalone SVG
}

/** Tables printed in full in the HTML (the rest are linked as CSV and are in the workbook). */
const INLINE_TABLES = [
  'value_chain_national',
  'damage_national',
  'inequality',
  'top_flows',
  'paper_comparison',
  'identities',
  'timings',
] as const;

/**
 * ECharts names clip paths, gradients and hover classes zr<N>-c0, zr<N>-cls-0, ... with a
 * per-process counter; inlined SVGs from different processes or runs could collide, so every
 * such name gets a per-figure prefix (ids, url(#…), href, class attributes and style rules).
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg.replace(/\bzr(\d+)-/g, `${prefix}-zr$1-`);
}

function cell(v: string | number | null, column: string): string {
  if (v === null) return '<td class="na">–</td>';
  if (typeof v === 'number') {
    const text = /residual/.test(column)
      ? v.toExponential(2)
      : /share$/.test(column)
        ? formatPercent(v, 2)
        : formatNumber(v, 4);
    return `<td class="num">${esc(text)}</td>`;
  }
  return `<td>${esc(v)}</td>`;
}

function htmlTable(t: ReportTable): string {
  const head = t.columns
    .map((c) => {
      const h = /share$/.test(c.key) && c.unit === '1' ? `${c.key} [%]` : columnHeader(c);
      return `<th>${esc(h)}</th>`;
    })
    .join('');
  const body = t.rows
    .map((row) => `<tr>${row.map((v, j) => cell(v, t.columns[j].key)).join('')}</tr>`)
    .join('\n');
  return `<section class="table" id="table-${esc(t.id)}">
<h3>${esc(t.title)}</h3>
<p class="desc">${esc(t.description)} <a href="tables/${esc(t.id)}.csv">CSV</a></p>
<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div></section>`;
}

function dl(items: readonly (readonly [string, string])[]): string {
  return `<dl>${items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

/** The air-quality model as it must be named: a stand-in is never called a CTM run. */
export function airModelLabel(r: RunResult): string {
  const m = r.provenance.airModel;
  return m.isStandIn
    ? `Stand-in reduced-form air-quality model (${m.id}): ${m.description}`
    : `${m.id}: ${m.description}`;
}

export interface ReportHtmlInput {
  readonly result: RunResult;
  readonly figures: readonly RenderedFigure[];
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
  readonly tables: readonly ReportTable[];
  readonly files: readonly string[];
}

/** One self-contained HTML file: inline CSS and SVG, no script, no external resource. */
export function renderReportHtml(input: ReportHtmlInput): string {
  const { result: r, figures, tables } = input;
  const p = r.provenance;
  const c = r.conventions;
  const L = r.labels;
  const demo = p.dataset.isDemonstration;
  const head = r.damage.find((d) => d.threshold === c.headlineThreshold) ?? r.damage[0];
  const title = `vchain report — ${p.dataset.title}`;

  const banner = demo
    ? `<div class="banner" role="alert"><strong>Demonstration dataset.</strong> Regionalised from national statistics — not the CEADs MRIO. Numbers illustrate the method; they are not estimates for China’s provinces.</div>`
    : '';
  const airBanner = p.airModel.isStandIn
    ? `<div class="banner soft"><strong>Air quality from a stand-in model.</strong> Concentrations come from a reduced-form stand-in surface, not from chemical-transport-model simulations.</div>`
    : '';

  const headlineItems: [string, string][] = [];
  const paper = (id: string) => r.headline.find((h) => h.id === id)?.paper ?? null;
  if (r.emissions.length > 0) {
    // METHODS §3: share of E⁰ = production-based + final users' direct emissions.
    const sum = (v: Float64Array | readonly number[]) => {
      let t = 0;
      for (const x of v) t += x;
      return t;
    };
    const shares = r.emissions
      .map(
        (e) =>
          `${e.precursor} ${formatPercent(e.nationalTradeShare)} (${formatScaled(sum(e.tradeRelated.values), e.unit)} of ${formatScaled(sum(e.baseline.values), e.unit)})`,
      )
      .join(', ');
    const lo = paper('trade_share_emissions_min');
    const hi = paper('trade_share_emissions_max');
    headlineItems.push([
      'Trade-related share of national emissions (of production-based plus final users’ direct emissions; PPM = primary PM2.5)',
      `${shares}${lo !== null && hi !== null ? ` — paper: ${lo}–${hi} % across the five precursors` : ''}`,
    ]);
  }
  // Emission indicators are in the line above (their share's denominator includes direct emissions).
  for (const v of r.valueChain.filter((x) => x.kind !== 'emission'))
    headlineItems.push([
      `${v.label}: trade-related share`,
      `${formatPercent(v.national.tradeShare)} (${formatScaled(v.national.tradeRelated, v.unit)} of ${formatScaled(v.national.production, v.unit)})`,
    ]);
  if (head) {
    const d = head.national.deaths;
    const m = head.national.money;
    headlineItems.push([
      `Trade-related deaths (z_cf ${head.threshold} µg/m³)`,
      `${formatScaled(d.central, d.unit)} (95 % interval ${formatScaled(d.p025, d.unit)} – ${formatScaled(d.p975, d.unit)}); ${formatPercent(head.tradeShare.deaths)} of the PM2.5 burden (${formatScaled(head.baselineBurden.deaths.central, d.unit)})${paper('trade_share_deaths') !== null ? `; paper: ${paper('trade_share_deaths')} % at 10 µg/m³` : ''}`,
    ]);
    headlineItems.push([
      'Trade-related health damage',
      `${formatScaled(m.central, L.currency.code)} (95 % interval ${formatScaled(m.p025, L.currency.code)} – ${formatScaled(m.p975, L.currency.code)}), ${L.currency.label}; ${formatPercent(head.tradeShare.money)} of the total`,
    ]);
  }
  headlineItems.push([
    'Damage carried outside the emitting province',
    formatPercent(r.attribution.redistributedShare),
  ]);
  headlineItems.push([
    'Sum of one-at-a-time removals vs all-source damage',
    `${formatScaled(r.attribution.oneAtATimeSum, r.attribution.unit)} vs ${formatScaled(r.attribution.allSource, r.attribution.unit)}`,
  ]);
  for (const m of r.mismatch.measures) headlineItems.push([`Gini, ${m.label}`, m.gini.toFixed(3)]);
  headlineItems.push([
    'Gini of welfare net of damage, before → after compensation',
    `${r.compensation.welfareNetOfDamage.giniBefore.toFixed(4)} → ${r.compensation.welfareNetOfDamage.giniAfter.toFixed(4)}`,
  ]);

  const conventions: [string, string][] = [
    [
      'Thresholds z_cf (counterfactual concentration)',
      `${c.thresholds.join(', ')} µg/m³; headline ${c.headlineThreshold} µg/m³`,
    ],
    ['Counterfactual', c.counterfactual],
    ['Attribution of damage to sources', c.attribution],
    ['Pairwise flows', c.pairwiseFlows],
    ['Compensation', c.compensation],
    ['Top group', `top ${formatPercent(c.topShare.fraction, 0)} by ${c.topShare.by}`],
    ['Concentration index ranked by', c.concentrationIndexRank],
    [
      'Currency and price year',
      `${L.currency.label} (code ${L.currency.code}, price year ${L.currency.priceYear})`,
    ],
    ['Health model (exposure–response, valuation)', `${p.healthModel.id}: ${p.healthModel.description}`],
    ['Air-quality model', airModelLabel(r)],
    [
      'Monte Carlo',
      `${p.monteCarlo.draws} draws, seed ${p.monteCarlo.seed}; intervals are 2.5–97.5 percentiles`,
    ],
    ...c.notes.map((n, k): [string, string] => [`Note ${k + 1}`, n]),
  ];

  const figureHtml = figures
    .map(
      (f, k) => `<figure class="fig" id="fig-${esc(f.spec.id)}">
<figcaption><strong>Figure ${k + 1}. ${esc(f.spec.title)}.</strong> ${esc(f.spec.caption)} <a href="${esc(f.file)}">SVG</a></figcaption>
<div class="chart" style="max-width:${f.spec.width}px">${scopeSvgIds(f.svg, `f${k + 1}`)}</div>
</figure>`,
    )
    .join('\n');
  const skippedHtml =
    input.skipped.length > 0
      ? `<p class="warn">Figures not drawn: ${input.skipped.map((s) => `${esc(s.id)} (${esc(s.reason)})`).join('; ')}.</p>`
      : '';

  const inline = INLINE_TABLES.map((id) => tables.find((t) => t.id === id)).filter(
    (t): t is ReportTable => !!t,
  );
  const others = tables.filter((t) => !inline.includes(t));
  const otherList = others
    .map(
      (t) =>
        `<li><a href="tables/${esc(t.id)}.csv">${esc(t.id)}.csv</a> — ${esc(t.title)} (${t.rows.length} rows)</li>`,
    )
    .join('');

  const inputsList = p.inputs
    .map((x) => `<li>${esc(x.role)}: <code>${esc(x.path)}</code> sha256 <code>${esc(x.sha256)}</code></li>`)
    .join('');
  const sources = p.dataset.sources.map((s) => `<li>${esc(s)}</li>`).join('');
  const warnings = p.warnings.length
    ? `<section><h2>Warnings</h2><ul>${p.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>`
    : '';

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font-family: Arial, 'Liberation Sans', Helvetica, sans-serif; color: #222; margin: 0 auto; max-width: 1280px; padding: 0 24px 48px; line-height: 1.45; }
header { border-bottom: 2px solid #0072B2; margin-bottom: 16px; }
h1 { font-size: 1.6em; margin: 20px 0 4px; } h2 { font-size: 1.3em; margin-top: 32px; border-bottom: 1px solid #ddd; } h3 { font-size: 1.05em; margin-bottom: 4px; }
.banner { background: #fff3cd; border: 2px solid #D55E00; padding: 10px 14px; margin: 12px 0; font-size: 1.05em; }
.banner.soft { border-color: #E69F00; background: #fffaf0; font-size: 0.95em; }
dl { display: grid; grid-template-columns: minmax(220px, 32%) 1fr; gap: 4px 16px; margin: 8px 0; }
dt { font-weight: bold; } dd { margin: 0; }
figure.fig { margin: 28px 0; page-break-inside: avoid; }
figure.fig .chart svg { width: 100%; height: auto; display: block; border: 1px solid #eee; }
figcaption { font-size: 0.92em; margin-bottom: 6px; }
.scroll { overflow-x: auto; max-height: 520px; overflow-y: auto; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border: 1px solid #ddd; padding: 3px 7px; } th { background: #f3f6fa; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } td.na { color: #999; text-align: center; }
.desc { font-size: 0.9em; color: #444; margin: 2px 0 6px; }
.warn { color: #8a4b00; }
code { font-size: 0.9em; }
nav { font-size: 0.9em; margin: 8px 0; }
footer { margin-top: 40px; font-size: 0.85em; color: #555; }
</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p>Who gains (social income, employment) and who pays (PM2.5 health damage) along the value chains of inter-regional trade — ${L.regions.length} regions × ${L.sectors.length} sectors. Created ${esc(p.createdAt)} by vchain ${esc(p.toolVersion)} (result schema ${p.schemaVersion}).</p>
${banner}
${airBanner}
</header>
<nav><strong>Contents:</strong> <a href="#headline">headline numbers</a> · <a href="#provenance">provenance</a> · <a href="#conventions">conventions</a> · <a href="#figures">figures</a> (${figures.map((f, k) => `<a href="#fig-${esc(f.spec.id)}">${k + 1}</a>`).join(' ')}) · <a href="#tables">tables</a></nav>
<section id="headline"><h2>Headline numbers</h2>
<p class="desc">National totals of this run at the headline threshold; the paper’s published values are compared row by row in <a href="#table-paper_comparison">the paper comparison table</a> and figure.</p>
${dl(headlineItems)}
</section>
<section id="provenance"><h2>Dataset and provenance</h2>
${dl([
  ['Dataset', `${p.dataset.title} (${p.dataset.id})`],
  ['Note', p.dataset.note],
  ['Air-quality model', airModelLabel(r)],
  ['Health model', `${p.healthModel.id}: ${p.healthModel.description}`],
])}
<h3>Sources</h3><ul>${sources}</ul>
<h3>Inputs</h3><ul>${inputsList}</ul>
</section>
<section id="conventions"><h2>Run conventions</h2>
${dl(conventions)}
</section>
${warnings}
<section id="figures"><h2>Figures</h2>
${skippedHtml}
${figureHtml}
</section>
<section id="tables"><h2>Tables</h2>
<p>Every table is also a CSV file in <code>tables/</code> and a sheet of <a href="results.xlsx">results.xlsx</a> (units in the headers, README sheet with provenance); national headline numbers are in <a href="summary.json">summary.json</a>.</p>
${inline.map(htmlTable).join('\n')}
<h3>Other tables</h3><ul>${otherList}</ul>
</section>
<footer>
<p>Map outlines: ECharts 4.9.0 china map (Apache-2.0), 31 mainland provinces, for analytical display only; a map of China shown in public may need an official map approval number. Colours: Okabe–Ito and viridis palettes (colour-blind safe).</p>
<p>Files: ${input.files.map((f) => `<code>${esc(f)}</code>`).join(', ')}</p>
</footer>
</body>
</html>
`;
}
