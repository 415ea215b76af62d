import type { BuildSummary } from './build.ts';
import { DEMO_NOTE } from './china2017Build.ts';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** PROVENANCE.md written next to a built dataset (deterministic: no dates, no paths). */
export function provenanceMarkdown(s: BuildSummary): string {
  const L: string[] = [];
  L.push(`# Dataset provenance — recipe \`${s.recipe}\`, control totals \`${s.controlTotals}\``);
  L.push('');
  L.push(`**${DEMO_NOTE}**`);
  L.push('');
  L.push(
    'Built by `vchain dataset build --recipe china2017' +
      (s.controlTotals === 'meic2017' ? '' : ` --control-totals ${s.controlTotals}`) +
      ' --out <dir>` from `data/sources/` and `data/maps/`; the method, every factor and its source are in',
  );
  L.push('`docs/dataset.md`. Rebuilding with the same command and inputs gives identical bytes.');
  L.push('');
  L.push('## Files');
  L.push('');
  L.push(
    '- `dataset.json`: labels, units, provenance, region info (GB/T 2260 code, Chinese name, centroid), zones,',
  );
  L.push(
    "  sector role classes, satellite metadata, this build's check figures (`buildSummary`) and the manifest of",
  );
  L.push('  the arrays with the SHA-256 of `arrays.f64.gz`.');
  L.push(
    '- `arrays.f64.gz`: little-endian IEEE-754 float64 arrays (lossless), concatenated in manifest order, gzip -9:',
  );
  L.push(
    '  construction output `x0`, national domestic input coefficients `A` (42×42), sourcing shares `share`',
  );
  L.push('  (42×31×31), pooled final demand (rural/urban households, government, capital formation) and');
  L.push(
    '  own-province final demand (inventory change, exports) by province, primary-input coefficients (imports,',
  );
  L.push(
    '  VA001–VA004), population (persons, CSY-2018 original), GDP (10^8 CNY, CSY-2018 original), observed',
  );
  L.push('  PM2.5 (µg/m³), and the satellites (social_income, compensation, net_taxes, operating_surplus in');
  L.push(
    "  10^4 CNY; employment in persons; SO2, NOx, NH3, VOC, PPM in t with households' direct emissions).",
  );
  L.push(
    '- Derived on load (not stored): Z = share · A · x0, Y from the demand factors, x = Z1 + Y1, primary',
  );
  L.push('  inputs = coefficient × x0.');
  L.push('');
  L.push('## Checks of this build');
  L.push('');
  L.push(
    `- Provincial GDP (sum of VA001–VA004) vs CSY-2018 original GDP scaled by ${s.gdpScaleToNational.toFixed(4)} to`,
  );
  L.push(`  the national table's value added: max relative error ${s.gdpMaxRelError.toExponential(2)}.`);
  L.push(
    `- National output per sector vs the NBS table: max relative error ${s.outputMaxRelError.toExponential(2)}.`,
  );
  L.push(
    `- RAS residuals: output ${s.rasMaxRelError.output.toExponential(2)}, trade ${s.rasMaxRelError.trade.toExponential(2)}.`,
  );
  L.push(
    `- Own-province sourcing: goods ${pct(s.ownSourcingShare.goods)}, services ${pct(s.ownSourcingShare.services)} (a consequence of the trade parameters).`,
  );
  for (const [k, v] of Object.entries(s.top3))
    L.push(`- Top 3 ${k}: model ${v.model.join(', ')}; data ${v.data.join(', ')}.`);
  for (const [k, v] of Object.entries(s.industrialCorrelation))
    L.push(
      `- ${k} of power + industry vs city-yearbook industrial sums (n = ${v.n}): Pearson ${v.pearson.toFixed(3)}, Spearman ${v.spearman.toFixed(3)}.`,
    );
  L.push('');
  L.push("| precursor | national total (Mt) | control total (Mt) | households' share of transport |");
  L.push('|---|---|---|---|');
  for (const [k, v] of Object.entries(s.nationalTotals_t))
    L.push(
      `| ${k} | ${(v.model / 1e6).toFixed(4)} | ${(v.control / 1e6).toFixed(4)} | ${pct(s.householdTransportShare[k as keyof typeof s.householdTransportShare])} |`,
    );
  L.push('');
  L.push('## Source files (sha256[0:16], see data/sources/PROVENANCE.md)');
  L.push('');
  for (const [f, h] of Object.entries(s.sourceFiles)) L.push(`- \`${f}\` ${h}`);
  L.push('');
  return `${L.join('\n')}`;
}
