import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { type EmissionUncertaintyRow, INVENTORY_SECTORS, type InventorySector } from '../uncertainty/plan.ts';
import { PRECURSOR_ALIASES } from './emissionsReader.ts';
import { InputError } from './inputError.ts';
import { PACKAGE_DATA_DIR } from './packageData.ts';

/** The default `--emission-uncertainty` table (data/uncertainty/README.md). */
export const DEFAULT_EMISSION_UNCERTAINTY = `${PACKAGE_DATA_DIR}uncertainty/emission_inventory_uncertainty.csv`;

const COLUMNS = ['precursor', 'sector', 'ci95_low_pct', 'ci95_high_pct', 'source'] as const;

/**
 * Reads the emission-uncertainty table: precursor, sector (`*` or an inventory sector), the 95 %
 * interval in % and its source. Bad rows raise an InputError naming the row and column.
 */
export function readEmissionUncertainty(file: string): EmissionUncertaintyRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new InputError(file, `cannot read file (${(e as Error).message})`);
  }
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    throw new InputError(file, `CSV syntax: ${e.message}`, e.row !== undefined ? e.row + 1 : undefined);
  }
  const lines = parsed.data;
  const header = (lines[0] ?? []).map((h) => h.trim().toLowerCase());
  const col = new Map<string, number>();
  for (const c of COLUMNS) {
    const j = header.indexOf(c);
    if (j < 0)
      throw new InputError(file, `no column '${c}' in the header`, 1, c, `columns ${COLUMNS.join(',')}`);
    col.set(c, j);
  }
  const rows: EmissionUncertaintyRow[] = [];
  const seen = new Set<string>();
  for (let r = 1; r < lines.length; r++) {
    const line = lines[r];
    const cell = (c: (typeof COLUMNS)[number]) => (line[col.get(c)!] ?? '').trim();
    const precursor = PRECURSOR_ALIASES.get(cell('precursor').toLowerCase());
    if (!precursor)
      throw new InputError(
        file,
        `unknown precursor '${cell('precursor')}'`,
        r + 1,
        'precursor',
        'SO2, NOx, NH3, VOC or PPM',
      );
    const sectorText = cell('sector').toLowerCase();
    if (sectorText !== '*' && !(INVENTORY_SECTORS as readonly string[]).includes(sectorText))
      throw new InputError(
        file,
        `unknown sector '${cell('sector')}'`,
        r + 1,
        'sector',
        `* or ${INVENTORY_SECTORS.join(', ')}`,
      );
    const sector = sectorText as InventorySector | '*';
    const pct = (c: 'ci95_low_pct' | 'ci95_high_pct', lo: number, hi: number) => {
      const v = Number(cell(c));
      if (cell(c) === '' || !(v >= lo && v <= hi))
        throw new InputError(file, `'${cell(c)}'`, r + 1, c, `a percentage in [${lo}, ${hi}]`);
      return v / 100;
    };
    const low = pct('ci95_low_pct', -99.999, 0);
    const high = pct('ci95_high_pct', 0, 1000);
    const key = `${precursor}|${sector}`;
    if (seen.has(key))
      throw new InputError(
        file,
        `${precursor}, sector ${sector} given twice`,
        r + 1,
        'sector',
        'one row per precursor and sector',
      );
    seen.add(key);
    if (cell('source') === '')
      throw new InputError(file, 'no source', r + 1, 'source', 'where the interval comes from');
    rows.push({ precursor, sector, low, high, source: cell('source') });
  }
  if (rows.length === 0)
    throw new InputError(file, 'no rows', 2, undefined, 'one row per precursor at least');
  return rows;
}
