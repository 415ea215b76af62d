import { escapeHtml as esc } from './escapeHtml.ts';
import { fixedScale, formatNumber, formatPercent, type UnitScale, unitPrefix } from './numberFormat.ts';
import type { ReportTable } from './table.ts';

/**
 * A unit naming money in `currency` (not a per-person or per-unit ratio): printed in billions
 * in HTML tables, whatever its stored prefix ('10^4 CNY', 'CNY (2017 prices)').
 */
export function moneyScale(unit: string | undefined, currency: string): UnitScale | null {
  if (!unit) return null;
  const { base } = unitPrefix(unit.trim());
  if (!new RegExp(`^${currency}\\b`).test(base) || /\bper\b/.test(base)) return null;
  return fixedScale(unit.trim(), 1e9, 'billion');
}

/** '10^4 CNY per person' → '10⁴ CNY per person' (a unit the reader can read). */
export function readableUnit(unit: string): string {
  const sup = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return unit.replace(
    /10\^(-?)(\d+)/g,
    (_, minus: string, d: string) => `10${minus ? '⁻' : ''}${[...d].map((c) => sup[Number(c)]).join('')}`,
  );
}

/** Columns whose numbers are counts or indices, never scaled by a row's unit. */
const PLAIN = /^(rank|threshold)$/;

/**
 * One report table as HTML: numbers rounded for reading (4 significant digits; shares in %;
 * residuals in scientific notation), money in billions of the currency, units readable; a
 * keyboard-scrollable region. The CSV beside it keeps every digit.
 */
export function htmlTable(t: ReportTable, currency: string): string {
  const unitCol = t.columns.findIndex((c) => c.key === 'unit');
  const colScale = t.columns.map((c) => moneyScale(c.unit, currency));
  const rowScale = t.rows.map((row) =>
    unitCol >= 0 && typeof row[unitCol] === 'string' ? moneyScale(row[unitCol] as string, currency) : null,
  );
  const head = t.columns
    .map((c, j) => {
      const unit = colScale[j]?.unit ?? (c.unit === '1' && /share$/.test(c.key) ? '%' : c.unit);
      return `<th scope="col">${esc(unit ? `${c.key} [${readableUnit(unit)}]` : c.key)}</th>`;
    })
    .join('');
  const body = t.rows
    .map((row, k) => {
      const cells = row.map((v, j) => {
        const c = t.columns[j];
        if (v === null) return '<td class="na">–</td>';
        if (typeof v === 'string') {
          if (j === unitCol) return `<td>${esc(readableUnit(rowScale[k]?.unit ?? v))}</td>`;
          return j === 0 ? `<th scope="row">${esc(v)}</th>` : `<td>${esc(v)}</td>`;
        }
        const scale = colScale[j] ?? (c.unit || PLAIN.test(c.key) ? null : rowScale[k]);
        const text = /residual/.test(c.key)
          ? v.toExponential(2).replace('-', '−')
          : c.unit === '1' && /share$/.test(c.key)
            ? formatPercent(v, 2)
            : PLAIN.test(c.key)
              ? String(v)
              : formatNumber(scale ? v / scale.factor : v, 4);
        return `<td class="num">${esc(text)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<section class="table" id="table-${esc(t.id)}" aria-labelledby="caption-${esc(t.id)}">
<h3 id="caption-${esc(t.id)}">${esc(t.title)}</h3>
<p class="desc">${esc(t.description)}${colScale.some(Boolean) || rowScale.some(Boolean) ? ` Money in billions of ${esc(currency)}.` : ''} Full precision: <a href="tables/${esc(t.id)}.csv">${esc(t.id)}.csv</a>.</p>
<div class="scroll" tabindex="0" role="region" aria-label="${esc(t.title)} (scrollable)"><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div></section>`;
}
