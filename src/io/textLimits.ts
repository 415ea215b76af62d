import { constants } from 'node:buffer';
import { InputError } from './inputError.ts';

/**
 * The largest string V8 makes (Node 20: 2^29 − 24 ≈ 537 M UTF-16 code units). vchain's CSV
 * writers join an output into one string, so a CSV output beyond this fails inside Node ("Cannot
 * create a string longer than …"). At EXIOBASE size (~8,000 sectors) this, not the 4 GiB
 * WebAssembly heap, is the first limit (docs/uncertainty.md, "Scale"). The table readers stream
 * and have no such limit.
 */
export const MAX_TEXT_CHARS: number = constants.MAX_STRING_LENGTH;

const fmtMB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Characters of a number as the CSV writers print it (shortest round trip), a typical upper value. */
const NUMBER_CHARS = 22;

/**
 * Expected size of the largest output of `vchain decompose` (bilateral.csv: per indicator, exporter,
 * importer and exported sector 4 EX/FE terms, plus an ALL row per term), in characters.
 */
export function bilateralCsvChars(
  regions: readonly string[],
  sectors: readonly string[],
  indicators: readonly { readonly name: string; readonly unit: string }[],
): number {
  const G = regions.length;
  const avg = (xs: readonly string[]) => xs.reduce((a, s) => a + s.length, 0) / Math.max(1, xs.length);
  const region = avg(regions);
  const sector = (avg(sectors) * sectors.length + 3) / (sectors.length + 1);
  let chars = 0;
  for (const ind of indicators) {
    const row = ind.name.length + ind.unit.length + 2 * region + sector + 16 + NUMBER_CHARS + 7;
    chars += G * (G - 1) * 4 * (sectors.length + 1) * row;
  }
  return chars;
}

/** Expected size of leontief_inverse.csv (--full-inverse): one row per pair of region-sectors. */
export function inverseCsvChars(regions: readonly string[], sectors: readonly string[]): number {
  const avg = (xs: readonly string[]) => xs.reduce((a, s) => a + s.length, 0) / Math.max(1, xs.length);
  const n = regions.length * sectors.length;
  return n * n * (2 * avg(regions) + 2 * avg(sectors) + NUMBER_CHARS + 5);
}

/** Refuses (before the decomposition) an output that would exceed one string: names the file and the limit. */
export function checkCsvOutputSize(file: string, chars: number, source: string): void {
  if (chars > MAX_TEXT_CHARS)
    throw new InputError(
      source,
      `${file} would be about ${fmtMB(chars)} of text; vchain builds each CSV output as one string, and Node's largest string is ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters (${fmtMB(MAX_TEXT_CHARS)})`,
      undefined,
      undefined,
      'fewer indicators per run (--indicators a,b) or fewer regions × sectors (docs/uncertainty.md, "Scale")',
    );
}
