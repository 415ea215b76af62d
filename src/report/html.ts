import type { RunResult } from '../analysis/runResult.ts';
import { datasetBannerLabel } from '../dataset/model.ts';
import { healthConventionItems, scenarioText } from './conventionText.ts';
import { escapeHtml as esc } from './escapeHtml.ts';
import { compensationGiniNote } from './figures/compensation.ts';
import { damageFlowTotalNote, mainDamageFlows } from './figures/flows.ts';
import { htmlTable, readableUnit } from './htmlTables.ts';
import { headlineTriple, type KeyNumber } from './keyNumbers.ts';
import { formatFixed, formatPercent, formatScaled, roundNumbersInText } from './numberFormat.ts';
import type { FigureSpec } from './svgChart.ts';
import type { ReportTable } from './table.ts';

export interface RenderedFigure {
  readonly spec: FigureSpec;
  readonly svg: string;
  readonly file: string; // relative path of the standalone SVG
}

/** Tables printed in the body, in this order (the rest are linked as CSV and are in the workbook). */
const BODY_TABLES = [
  'value_chain_national',
  'damage_national',
  'inequality',
  'top_flows',
  'compensation',
  'paper_comparison',
] as const;
/** Tables printed in collapsible appendices. */
const APPENDIX_TABLES = ['identities', 'timings'] as const;

/**
 * ECharts names clip paths, gradients and hover classes zr<N>-c0, zr<N>-cls-0, ... with a
 * per-process counter; inlined SVGs from different processes or runs could collide, so every
 * such name gets a per-figure prefix (ids, url(#…), href, class attributes and style rules).
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg.replace(/\bzr(\d+)-/g, `${prefix}-zr$1-`);
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

/** The three headline numbers with the paper's value beside each, where it has one. */
function keyNumbers(r: RunResult): KeyNumber[] {
  return headlineTriple(r).map((x) => {
    const paper = x.ids
      .map((id) => r.headline.find((h) => h.id === id))
      .filter((h) => h?.paper != null)
      .map((h) => `${h?.paper}${h?.unit === '%' ? ' %' : ` ${h?.unit}`}`);
    return paper.length ? { ...x, detail: `${x.detail}; paper: ${paper.join(', ')}` } : x;
  });
}

/** The headline numbers after the three key ones. */
function headlineItems(r: RunResult): [string, string][] {
  const items: [string, string][] = [];
  const paper = (id: string) => r.headline.find((h) => h.id === id)?.paper ?? null;
  if (r.emissions.length > 0) {
    // METHODS §3: share of E⁰ = production-based + final users' direct emissions.
    const sum = (v: Float64Array) => v.reduce((a, b) => a + b, 0);
    const shares = r.emissions
      .map(
        (e) =>
          `${e.precursor} ${formatPercent(e.nationalTradeShare)} (${formatScaled(sum(e.tradeRelated.values), e.unit)})`,
      )
      .join(', ');
    const lo = paper('trade_share_emissions_min');
    const hi = paper('trade_share_emissions_max');
    items.push([
      'Trade-related share of national emissions (trade-related / (production-based + households’ direct emissions); PPM = primary PM2.5)',
      `${shares}${lo !== null && hi !== null ? `; paper: ${lo}–${hi} % across the five precursors` : ''}`,
    ]);
  }
  for (const v of r.valueChain.filter((x) => x.kind === 'income' || x.kind === 'employment'))
    items.push([
      `Trade-related ${v.label}`,
      `${formatPercent(v.national.tradeShare)} of the national total (${formatScaled(v.national.tradeRelated, v.unit)} of ${formatScaled(v.national.total, v.unit)})`,
    ]);
  for (const m of r.mismatch.measures)
    items.push([
      `Gini and CV, ${m.label}`,
      `Gini ${formatFixed(m.gini, 3)}; CV ${formatFixed(m.cv, 3)} (${m.cvWeighting})`,
    ]);
  const w = r.compensation.welfareNetOfDamage;
  items.push([
    'Gini of welfare net of damage, before → after beneficiary-pays compensation',
    `${formatFixed(w.giniBefore, 4)} → ${formatFixed(w.giniAfter, 4)} (why: Methods and conventions, “Compensation and inequality”)`,
  ]);
  if (Number.isFinite(r.attribution.oneAtATimeSum))
    items.push([
      'Sum of one-at-a-time removals vs all-source damage',
      `${formatScaled(r.attribution.oneAtATimeSum, r.attribution.unit)} vs ${formatScaled(r.attribution.allSource, r.attribution.unit)}`,
    ]);
  return items;
}

function figureHtml(f: RenderedFigure, label: string, prefix: string): string {
  return `<figure class="fig" id="fig-${esc(f.spec.id)}" aria-labelledby="cap-${esc(f.spec.id)}">
<figcaption id="cap-${esc(f.spec.id)}"><strong>${esc(label)}. ${esc(f.spec.title)}.</strong> ${esc(f.spec.caption)} <a href="${esc(f.file)}">SVG</a></figcaption>
<div class="chart" style="max-width:${f.spec.width}px">${scopeSvgIds(f.svg, prefix)}</div>
</figure>`;
}

function conventionsItems(r: RunResult): [string, string][] {
  const c = r.conventions;
  const p = r.provenance;
  const L = r.labels;
  return [
    [
      'Thresholds z_cf (counterfactual concentration)',
      `${c.thresholds.join(', ')} µg/m³; headline ${c.headlineThreshold} µg/m³`,
    ],
    ['Scenario', scenarioText(r)],
    ['Counterfactual', c.counterfactual],
    ['Attribution of the burden to trade', c.tradeAttribution],
    ['Attribution of damage to sources', c.attribution],
    ['Pairwise flows', c.pairwiseFlows],
    ['Compensation', c.compensation],
    ['Top group', `top ${formatPercent(c.topShare.fraction, 0)} by ${c.topShare.by}`],
    ['Concentration index ranked by', c.concentrationIndexRank],
    ['Coefficient of variation', `${c.cv.weighting}: ${c.cv.definition}`],
    ['Emission shares', c.emissionShares],
    [
      'Currency and price year',
      `${L.currency.label} (code ${L.currency.code}, price year ${L.currency.priceYear})`,
    ],
    ['Health model (exposure–response, valuation)', `${p.healthModel.id}: ${p.healthModel.description}`],
    ...healthConventionItems(r, formatScaled),
    ['VSL and money', c.vsl],
    ['Air-quality model', airModelLabel(r)],
    ['Monte Carlo', `${p.monteCarlo.draws} draws, seed ${p.monteCarlo.seed}. ${c.intervals}`],
  ];
}

/** Every negative value with its cause (RunProvenance.negativeValues). */
function negativeValuesHtml(r: RunResult): string {
  const n = r.provenance.negativeValues ?? [];
  if (n.length === 0) return '<p>No value of this run is negative.</p>';
  return `<ul>${n.map((x) => `<li><strong>${esc(roundNumbersInText(x.what))}.</strong> Cause: ${esc(x.cause)}.</li>`).join('')}</ul>`;
}

const STYLE = `
body { font-family: Arial, 'Liberation Sans', Helvetica, sans-serif; color: #222; margin: 0 auto; max-width: 1280px; padding: 0 24px 48px; line-height: 1.45; }
header { border-bottom: 2px solid #0072B2; margin-bottom: 12px; }
h1 { font-size: 1.6em; margin: 20px 0 4px; } h2 { font-size: 1.3em; margin-top: 36px; border-bottom: 1px solid #ddd; } h3 { font-size: 1.05em; margin-bottom: 4px; }
.banner { background: #fff3cd; border: 2px solid #D55E00; padding: 10px 14px; margin: 12px 0; font-size: 1.05em; }
.banner.soft { border-color: #E69F00; background: #fffaf0; font-size: 0.95em; }
.keynums { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; margin: 12px 0 18px; }
.keynum { border: 1px solid #cfd8e3; border-left: 5px solid #0072B2; padding: 8px 12px; background: #f7fafc; }
.keynum .k { font-size: 0.9em; color: #444; } .keynum .v { font-size: 1.35em; font-weight: bold; margin: 2px 0; } .keynum .d { font-size: 0.88em; color: #333; }
dl { display: grid; grid-template-columns: minmax(220px, 32%) 1fr; gap: 4px 16px; margin: 8px 0; }
dt { font-weight: bold; } dd { margin: 0; }
figure.fig { margin: 28px 0; page-break-inside: avoid; }
figure.fig .chart svg { width: 100%; height: auto; display: block; border: 1px solid #eee; }
figcaption { font-size: 0.92em; margin-bottom: 6px; }
.scroll { overflow-x: auto; max-height: 520px; overflow-y: auto; }
.scroll:focus { outline: 2px solid #0072B2; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border: 1px solid #ddd; padding: 3px 7px; } thead th { background: #f3f6fa; position: sticky; top: 0; }
tbody th { font-weight: normal; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } td.na { color: #666; text-align: center; }
.desc { font-size: 0.9em; color: #444; margin: 2px 0 6px; }
.warn { color: #8a4b00; }
details { margin: 10px 0; border: 1px solid #ddd; padding: 6px 12px; }
details > summary { cursor: pointer; font-weight: bold; font-size: 1.05em; }
code { font-size: 0.9em; overflow-wrap: anywhere; }
nav { font-size: 0.9em; margin: 8px 0; }
footer { margin-top: 40px; font-size: 0.85em; color: #555; }
a { color: #005a8c; }
`;

/**
 * One self-contained HTML file (inline CSS and SVG, no script, no external resource), ordered
 * like a study: title, banners, headline numbers, figures, tables; then methods and
 * conventions, provenance with hashes, warnings, and collapsible appendices (the second
 * damage-flow variant, identity checks, timings, the list of all tables).
 */
export function renderReportHtml(input: ReportHtmlInput): string {
  const { result: r, figures, tables } = input;
  const p = r.provenance;
  const L = r.labels;
  const currency = L.currency.code;
  const title = `vchain report — ${p.dataset.title}`;

  const banner = p.dataset.isDemonstration
    ? `<div class="banner" role="note"><strong>Demonstration dataset.</strong> ${esc(datasetBannerLabel(p.dataset))} Numbers illustrate the method; they are not estimates for China’s provinces.</div>`
    : '';
  const airBanner = p.airModel.isStandIn
    ? `<div class="banner soft" role="note"><strong>Air quality from a stand-in model.</strong> Concentrations come from a reduced-form stand-in surface, not from chemical-transport-model simulations.</div>`
    : '';

  const main = figures.filter((f) => !f.spec.appendix);
  const appendixFigures = figures.filter((f) => f.spec.appendix);
  const mainHtml = main.map((f, k) => figureHtml(f, `Figure ${k + 1}`, `f${k + 1}`)).join('\n');
  const figureNumber = new Map(main.map((f, k) => [f.spec.id, k + 1]));
  const skippedHtml =
    input.skipped.length > 0
      ? `<p class="warn">Figures not drawn: ${input.skipped.map((s) => `${esc(s.id)} (${esc(s.reason)})`).join('; ')}.</p>`
      : '';
  const byId = (id: string) => tables.find((t) => t.id === id);
  const bodyTables = BODY_TABLES.map(byId).filter((t): t is ReportTable => !!t);
  const appendixTables = APPENDIX_TABLES.map(byId).filter((t): t is ReportTable => !!t);

  const keynums = keyNumbers(r)
    .map(
      (x) =>
        `<div class="keynum"><div class="k">${esc(x.label)}</div><div class="v">${esc(x.value)}</div><div class="d">${esc(x.detail)}</div></div>`,
    )
    .join('');

  const mainFlows = mainDamageFlows(r);
  const flowNotes = r.pairwise
    .filter((f) => f.indicator === 'damage' || f.indicator === 'damage_linear')
    .map((f) => {
      const fig = figureNumber.get(`top_flows_${f.indicator}`);
      const where = fig ? `Figure ${fig}` : f === mainFlows ? 'the flow figure' : 'Appendix A';
      return `<p><strong>${esc(f.label)}</strong> (${esc(where)}). ${esc(damageFlowTotalNote(r, f))}</p>`;
    })
    .join('\n');

  const inputsRows = p.inputs
    .map(
      (x) =>
        `<tr><th scope="row">${esc(x.role)}</th><td><code>${esc(x.path)}</code></td><td><code>${esc(x.sha256)}</code></td></tr>`,
    )
    .join('');
  const sources = p.dataset.sources.map((s) => `<li>${esc(s)}</li>`).join('');
  const notes = r.conventions.notes.map((n) => `<li>${esc(n)}</li>`).join('');
  const warnings = p.warnings.length
    ? `<ul>${p.warnings.map((w) => `<li>${esc(roundNumbersInText(w))}</li>`).join('')}</ul>`
    : '<p>None.</p>';
  const identityWorst = p.identities.reduce((m, x) => Math.max(m, x.maxRelativeResidual), 0);
  const appendixLetter = (k: number) => String.fromCharCode(65 + k);
  const appendices: string[] = [];
  for (const f of appendixFigures) {
    const letter = appendixLetter(appendices.length);
    // The figure's caption explains what its total means (damageFlowTotalNote).
    appendices.push(`<details id="appendix-${esc(f.spec.id)}"><summary>Appendix ${letter}. ${esc(f.spec.title)}</summary>
${figureHtml(f, `Figure ${letter}1`, `a${appendices.length + 1}`)}
</details>`);
  }
  for (const t of appendixTables) {
    const letter = appendixLetter(appendices.length);
    const summary =
      t.id === 'identities'
        ? `Identity checks (${t.rows.length}; largest relative residual ${identityWorst.toExponential(1).replace('-', '−')})`
        : t.id === 'timings'
          ? 'Stage timings'
          : t.title;
    appendices.push(`<details id="appendix-${esc(t.id)}"><summary>Appendix ${letter}. ${esc(summary)}</summary>
${htmlTable(t, currency)}
</details>`);
  }
  const others = tables.filter((t) => !bodyTables.includes(t) && !appendixTables.includes(t));
  appendices.push(`<details id="appendix-files"><summary>Appendix ${appendixLetter(appendices.length)}. All tables and files</summary>
<p>Every table is a CSV file in <code>tables/</code> and a sheet of <a href="results.xlsx">results.xlsx</a> (units in <a href="datapackage.json">datapackage.json</a> and the workbook's headers, README sheet with provenance); outlines with results for GIS in <a href="provinces.geojson">provinces.geojson</a>; national numbers in <a href="summary.json">summary.json</a>.</p>
<ul>${others.map((t) => `<li><a href="tables/${esc(t.id)}.csv">${esc(t.id)}.csv</a> — ${esc(t.title)} (${t.rows.length} rows)</li>`).join('')}</ul>
<p>Files: ${input.files.map((f) => `<code>${esc(f)}</code>`).join(', ')}</p>
</details>`);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p>Who gains (social income, employment) and who pays (PM2.5 health damage) along the value chains of inter-regional trade — ${L.regions.length} regions × ${L.sectors.length} sectors. Created ${esc(p.createdAt)} by vchain ${esc(p.toolVersion)} (result schema ${p.schemaVersion}).</p>
<p><strong>Scenario:</strong> ${esc(scenarioText(r))}.</p>
${banner}
${airBanner}
</header>
<nav aria-label="Contents"><strong>Contents:</strong> <a href="#headline">headline numbers</a> · <a href="#figures">figures</a> (${main.map((f, k) => `<a href="#fig-${esc(f.spec.id)}">${k + 1}</a>`).join(' ')}) · <a href="#tables">tables</a> · <a href="#methods">methods and conventions</a> · <a href="#provenance">provenance</a> · <a href="#warnings">warnings</a> · <a href="#appendices">appendices</a></nav>
<main>
<section id="headline" aria-labelledby="h-headline"><h2 id="h-headline">Headline numbers</h2>
<div class="keynums">${keynums}</div>
${dl(headlineItems(r))}
<p class="desc">At the headline threshold; values are means over the Monte Carlo draws, with 95 % intervals (2.5–97.5 percentiles). Every published value of the paper is compared in <a href="#table-paper_comparison">the paper comparison table</a>.${(p.negativeValues ?? []).length > 0 ? ' Some values or intervals are negative: <a href="#negative-values">why</a>.' : ''}</p>
</section>
<section id="figures" aria-labelledby="h-figures"><h2 id="h-figures">Figures</h2>
${skippedHtml}
${mainHtml}
</section>
<section id="tables" aria-labelledby="h-tables"><h2 id="h-tables">Tables</h2>
${bodyTables.map((t) => htmlTable(t, currency)).join('\n')}
</section>
<section id="methods" aria-labelledby="h-methods"><h2 id="h-methods">Methods and conventions</h2>
${dl(conventionsItems(r))}
<h3>Damage flows: two accountings</h3>
${flowNotes || '<p>No damage flows in this run.</p>'}
<h3 id="compensation-gini">Compensation and inequality</h3>
<p>${esc(compensationGiniNote(r))}</p>
<h3 id="negative-values">Negative values</h3>
${negativeValuesHtml(r)}
<h3>Notes</h3><ul>${notes}</ul>
</section>
<section id="provenance" aria-labelledby="h-provenance"><h2 id="h-provenance">Provenance</h2>
${dl([
  ['Dataset', `${p.dataset.title} (${p.dataset.id})`],
  ['Note', p.dataset.note],
  ['Air-quality model', airModelLabel(r)],
  ['Health model', `${p.healthModel.id}: ${p.healthModel.description}`],
  ['Tool', `vchain ${p.toolVersion}, result schema ${p.schemaVersion}`],
])}
<h3>Sources</h3><ul>${sources}</ul>
<h3>Inputs and their SHA-256</h3>
<div class="scroll" tabindex="0" role="region" aria-label="Inputs and hashes (scrollable)"><table><thead><tr><th scope="col">role</th><th scope="col">path</th><th scope="col">sha256</th></tr></thead><tbody>${inputsRows}</tbody></table></div>
</section>
<section id="warnings" aria-labelledby="h-warnings"><h2 id="h-warnings">Warnings (${p.warnings.length})</h2>
<p class="desc">From the data and the models, numbers rounded to 3 significant digits (run.json keeps them in full).</p>
${warnings}
</section>
<section id="appendices" aria-labelledby="h-appendices"><h2 id="h-appendices">Appendices</h2>
${appendices.join('\n')}
</section>
</main>
<footer>
<p>Map outlines: ECharts 4.9.0 china map (Apache-2.0), 31 mainland provinces, for analytical display only; a map of China shown in public may need an official map approval number. Colours: Okabe–Ito and viridis palettes (colour-blind safe). Units: ${esc(readableUnit(L.currency.label))} for money.</p>
</footer>
</body>
</html>
`;
}
