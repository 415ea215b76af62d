import { parseMoneyUnit } from '../analysis/moneyUnit.ts';
import type { Cell, ReportTable } from './table.ts';

/**
 * One money unit across the tables: amounts kept in the MRIO's unit (e.g. social income in
 * `10^4 CNY`) are converted to the run's currency label (`CNY (2017 prices)`, 1 CNY per unit,
 * the unit the damage valuation and compensation use; the analysis itself converts the same way,
 * src/analysis/stages/mismatch.ts). Rows carry their unit in a `unit` (or `per_capita_unit`)
 * column; these are the columns holding amounts in that unit. Shares, ranks and ratios are not
 * touched. paper_comparison keeps the paper's published units (billion CNY) on purpose.
 */
const AMOUNT_COLUMNS: Readonly<
  Record<string, { readonly unit: string; readonly columns: readonly string[] }>
> = {
  value_chain: { unit: 'unit', columns: ['value'] },
  value_chain_national: { unit: 'unit', columns: ['production', 'direct', 'total', 'trade_related'] },
  pairwise_flows: { unit: 'unit', columns: ['value'] },
  top_flows: { unit: 'unit', columns: ['value', 'p025', 'p975'] },
  top_importers: { unit: 'unit', columns: ['local', 'upstream'] },
  roles: { unit: 'unit', columns: ['value'] },
  per_capita: { unit: 'unit', columns: ['value'] },
  zones: { unit: 'per_capita_unit', columns: ['per_capita'] },
  // Gini, CV, Theil do not change with the scale; only the label of the per-capita variable.
  inequality: { unit: 'per_capita_unit', columns: [] },
};

/** `10^4 CNY per person` → [1e4, 'CNY (2017 prices) per person'] when the currency matches. */
function restated(unit: string, currency: { code: string; label: string }): [number, string] | null {
  const m = unit.match(
    /^\s*(10\s*\^\s*\d+|1e\d+|[\d,]+|thousand|million|billion|trillion)?\s*([A-Z]{3})\b(.*)$/i,
  );
  if (!m || m[2] !== currency.code) return null;
  const rest = m[3];
  if (rest.startsWith(' (')) return null; // already a labelled currency unit
  const scale = parseMoneyUnit(`${m[1] ?? ''} ${m[2]}`);
  if (!scale) return null;
  return [scale.multiplier, `${currency.label}${rest}`];
}

export function oneMoneyUnit(
  tables: readonly ReportTable[],
  currency: { code: string; label: string },
): ReportTable[] {
  return tables.map((t) => {
    const spec = AMOUNT_COLUMNS[t.id];
    if (!spec) return t;
    const u = t.columns.findIndex((c) => c.key === spec.unit);
    if (u < 0) return t;
    const cols = spec.columns.map((k) => t.columns.findIndex((c) => c.key === k)).filter((j) => j >= 0);
    const rows = t.rows.map((row) => {
      const unit = row[u];
      if (typeof unit !== 'string') return row;
      const r = restated(unit, currency);
      if (!r) return row;
      const out: Cell[] = [...row];
      out[u] = r[1];
      for (const j of cols) if (typeof out[j] === 'number') out[j] = (out[j] as number) * r[0];
      return out;
    });
    return { ...t, rows };
  });
}
