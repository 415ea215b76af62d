import type { BuildSummary } from './build.ts';
import { DEMO_NOTE } from './china2017Build.ts';
import { PROVINCIAL_LABEL, provincialNote } from './china2017ProvincialBuild.ts';
import type { NationalBuildSummary } from './nationalSummary.ts';
import type { ProvincialBuildSummary } from './provincialSummary.ts';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const t1 = (v: number) => v.toFixed(1);
const e2 = (v: number) => v.toExponential(2);

/** PROVENANCE.md written next to a built dataset (deterministic: no dates, no paths). */
export function provenanceMarkdown(s: BuildSummary): string {
  const head = s.recipe === 'china2017-national' ? nationalHead(s) : provincialHead(s);
  const L = [...head, '## Checks of this build', '', ...checkLines(s).map((l) => `- ${l}`), ''];
  if (s.recipe === 'china2017-provincial') L.push(...cleaningTable(s));
  L.push(...emissionTable(s), '## Source files (sha256[0:16], see data/sources/PROVENANCE.md)', '');
  for (const [f, h] of Object.entries(s.sourceFiles)) L.push(`- \`${f}\` ${h}`);
  L.push('');
  return L.join('\n');
}

/** The check figures of a build, one sentence each (PROVENANCE.md and `vchain dataset build`). */
export function checkLines(s: BuildSummary): string[] {
  const L = s.recipe === 'china2017-national' ? nationalChecks(s) : provincialChecks(s);
  for (const [k, v] of Object.entries(s.top3))
    L.push(`Top 3 ${k}: model ${v.model.join(', ')}; data ${v.data.join(', ')}.`);
  for (const [k, v] of Object.entries(s.industrialCorrelation))
    L.push(
      `${k} of power + industry vs city-yearbook industrial sums (n = ${v.n}): Pearson ${v.pearson.toFixed(3)}, Spearman ${v.spearman.toFixed(3)}.`,
    );
  return L;
}

function nationalHead(s: NationalBuildSummary): string[] {
  const opts = s.controlTotals === 'meic2017' ? '' : ` --control-totals ${s.controlTotals}`;
  return [
    `# Dataset provenance — recipe \`${s.recipe}\`, control totals \`${s.controlTotals}\``,
    '',
    `**${DEMO_NOTE}**`,
    '',
    `Built by \`vchain dataset build --recipe china2017-national${opts} --out <dir>\` from \`data/sources/\` and \`data/maps/\`; the method, every factor and its source are in`,
    '`docs/dataset.md`. Rebuilding with the same command and inputs gives identical bytes.',
    '',
    '## Files',
    '',
    '- `dataset.json`: labels, units, provenance, region info (GB/T 2260 code, Chinese name, centroid), zones,',
    "  sector role classes, satellite metadata, this build's check figures (`buildSummary`) and the manifest of",
    '  the arrays with the SHA-256 of `arrays.f64.gz`.',
    '- `arrays.f64.gz`: little-endian IEEE-754 float64 arrays (lossless), concatenated in manifest order, gzip -9:',
    '  construction output `x0`, national domestic input coefficients `A` (42×42), sourcing shares `share`',
    '  (42×31×31), pooled final demand (rural/urban households, government, capital formation) and',
    '  own-province final demand (inventory change, exports) by province, primary-input coefficients (imports,',
    '  VA001–VA004), population (persons, CSY-2018 original), GDP (10^8 CNY, CSY-2018 original), observed',
    '  PM2.5 (µg/m³), and the satellites (social_income, compensation, net_taxes, operating_surplus in',
    "  10^4 CNY; employment in persons; SO2, NOx, NH3, VOC, PPM in t with households' direct emissions).",
    '- Derived on load (not stored): Z = share · A · x0, Y from the demand factors, x = Z1 + Y1, primary',
    '  inputs = coefficient × x0.',
    '',
  ];
}

function nationalChecks(s: NationalBuildSummary): string[] {
  return [
    `Provincial GDP (sum of VA001–VA004) vs CSY-2018 original GDP scaled by ${s.gdpScaleToNational.toFixed(4)} to the national table's value added: max relative error ${e2(s.gdpMaxRelError)}.`,
    `National output per sector vs the NBS table: max relative error ${e2(s.outputMaxRelError)}.`,
    `RAS residuals: output ${e2(s.rasMaxRelError.output)}, trade ${e2(s.rasMaxRelError.trade)}.`,
    `Own-province sourcing: goods ${pct(s.ownSourcingShare.goods)}, services ${pct(s.ownSourcingShare.services)} (a consequence of the trade parameters).`,
  ];
}

function provincialHead(s: ProvincialBuildSummary): string[] {
  const opts = `${s.controlTotals === 'meic2017' ? '' : ` --control-totals ${s.controlTotals}`}${s.scaleToNational ? ' --scale-to-national' : ''}`;
  return [
    `# Dataset provenance — recipe \`${s.recipe}\`, control totals \`${s.controlTotals}\`${s.scaleToNational ? ', scaled to national output' : ''}`,
    '',
    `**${PROVINCIAL_LABEL}**`,
    '',
    provincialNote(s.scaleToNational),
    '',
    `Built by \`vchain dataset build --recipe china2017-provincial${opts} --out <dir>\` from \`data/sources/\` and`,
    '`data/maps/`; the method, every parameter and its source are in `docs/dataset.md`. Rebuilding with the',
    'same command and inputs gives identical bytes.',
    '',
    '## Files',
    '',
    '- `dataset.json`: labels, units, provenance, region info, zones, sector role classes, satellite metadata,',
    "  this build's check figures (`buildSummary`) and the manifest of the arrays with the SHA-256 of `arrays.f64.gz`.",
    "- `arrays.f64.gz` (encoding `sourced-use`, lossless little-endian float64, gzip -9): each province's",
    '  intermediate use `use` (31 × 42 × 42) and final use `finalUse` (31 × 42 × 5: rural and urban households,',
    '  government, fixed capital, inventories) after the balance, the sourcing shares `source` (42 × 31 × 31),',
    '  the foreign-import share `foreign`, exports `ownDemand`, VA001–VA004 as published, population, GDP,',
    '  PM2.5 and the satellites. Z, Y, x and the imports row are derived on load.',
    '- `cleaning_report.csv`: per province × sector (and national sums, province `China`) output, exports,',
    '  imports, outflows and inflows raw → after each cleaning step → cleaned, total use as published and',
    '  as balanced (10^4 CNY, unscaled, rounded to 0.1).',
    '',
  ];
}

function provincialChecks(s: ProvincialBuildSummary): string[] {
  const id = s.identities;
  const tr = s.trade;
  const em = s.employment;
  return [
    `Output: the 31 tables sum to ${t1(s.output.provincialTables)} trillion CNY, the national table to ${t1(s.output.nationalTable)} (ratio ${(s.output.provincialTables / s.output.nationalTable).toFixed(4)}); ${s.scaleToNational ? `every money value scaled by ${s.moneyScale.toFixed(6)}` : 'kept as published'}.`,
    `Published identities as read: row ${e2(s.publishedIdentities.row)}, column ${e2(s.publishedIdentities.column)} (relative).`,
    `Assembled MRIO: row identity (x = Z1 + Y1 vs the tables' output) ${e2(id.row)}, column identity ${e2(id.column)}; sales to other provinces vs cleaned OF ${e2(id.outflow)}; provincial output shares by sector vs the tables ${e2(id.outputShare)}.`,
    `Use balance (RAS, ≤ ${s.useBalance.maxIterations} iterations): max relative error ${e2(s.useBalance.maxRelError)}; trade RAS ${e2(tr.rasMaxRelError)} (≤ ${tr.rasMaxIterations} iterations).`,
    `Use of products: own province ${pct(tr.useShares.own)}, other provinces ${pct(tr.useShares.otherProvinces)}, abroad ${pct(tr.useShares.foreign)}; mean shipping distance goods ${tr.meanDistanceKm.goods.toFixed(0)} km, other sectors ${tr.meanDistanceKm.services.toFixed(0)} km (goods distance decay ${tr.goodsDistanceDecay}).`,
    `Employment ${(em.total / 1e6).toFixed(1)} million (national ${(em.target / 1e6).toFixed(1)}; sectors within ${e2(em.maxSectorRelResidual)}; ${em.method}); per resident from ${em.perResident.min[0]} ${em.perResident.min[1].toFixed(2)} to ${em.perResident.max[0]} ${em.perResident.max[1].toFixed(2)}; every province at or above its urban-unit employment (smallest margin ${pct(em.minFloorMargin)}).`,
    `Cleaning: Σ OF ${t1(s.cleaning.OF.raw)} → ${t1(s.cleaning.OF.afterReExports)} → ${t1(s.cleaning.OF.afterReflows)} → ${t1(s.cleaning.OF.final)}, Σ IF ${t1(s.cleaning.IF.raw)} → ${t1(s.cleaning.IF.afterReExports)} → ${t1(s.cleaning.IF.afterReflows)} → ${t1(s.cleaning.IF.final)} trillion CNY (raw → re-exports → re-flows → reconciled).`,
  ];
}

function cleaningTable(s: ProvincialBuildSummary): string[] {
  const c = s.cleaning;
  const cq = c.chongqingOutflowShare;
  const scales = c.inflowScale;
  return [
    '### Cleaning of outflows (OF) and inflows (IF), national sums, trillion CNY',
    '',
    '| | raw | after re-exports (1) | after re-flows (4) | reconciled (5) |',
    '|---|---|---|---|---|',
    `| Σ OF | ${t1(c.OF.raw)} | ${t1(c.OF.afterReExports)} | ${t1(c.OF.afterReflows)} | ${t1(c.OF.final)} |`,
    `| Σ IF | ${t1(c.IF.raw)} | ${t1(c.IF.afterReExports)} | ${t1(c.IF.afterReflows)} | ${t1(c.IF.final)} |`,
    `| Chongqing OF / GO | ${cq.raw.toFixed(2)} | ${cq.afterReExports.toFixed(2)} | ${cq.afterReflows.toFixed(2)} | ${cq.afterReflows.toFixed(2)} |`,
    '',
    `Re-exports removed ${t1(c.reExports)}, re-flows ${t1(c.reflows)} trillion CNY (${c.reflowCellsSkipped} cells whose re-flow would exceed their inflow left unchanged); exports ${t1(c.EX.raw)} → ${t1(c.EX.final)}, imports ${t1(c.IM.raw)} → ${t1(c.IM.final)}. Step 5 scales each sector's inflows by Σ OF / Σ IF (${Math.min(...scales).toFixed(3)}–${Math.max(...scales).toFixed(3)}; per sector in \`buildSummary.cleaning.inflowScale\`). Per province and sector: \`cleaning_report.csv\`.`,
    '',
  ];
}

function emissionTable(s: BuildSummary): string[] {
  const L = [
    "| precursor | national total (Mt) | control total (Mt) | households' share of transport |",
    '|---|---|---|---|',
  ];
  for (const [k, v] of Object.entries(s.nationalTotals_t))
    L.push(
      `| ${k} | ${(v.model / 1e6).toFixed(4)} | ${(v.control / 1e6).toFixed(4)} | ${pct(s.householdTransportShare[k as keyof typeof s.householdTransportShare])} |`,
    );
  L.push('');
  return L;
}
