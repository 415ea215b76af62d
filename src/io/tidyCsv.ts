import { ImpossibleNumberError } from './outputGuard.ts';

/** Small tidy-CSV writer: RFC 4180 quoting, numbers at full precision (shortest round-trip form). */

export type CsvValue = string | number | null | undefined;

export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Inf' : v < 0 ? '-Inf' : 'NaN';
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}

/** Accumulates rows under a fixed header; `toString()` gives the file text (LF line ends). */
export class TidyCsv {
  private readonly parts: string[];
  private count = 0;

  constructor(
    readonly header: readonly string[],
    /** The file it becomes, for error messages. */
    readonly name = 'a CSV output',
  ) {
    this.parts = [csvLine(header)];
  }

  /** Appends a row; a NaN or ±Infinity is refused (ImpossibleNumberError naming `name`, row, column). */
  add(values: readonly CsvValue[]): void {
    if (values.length !== this.header.length)
      throw new Error(`TidyCsv: row has ${values.length} values, header has ${this.header.length}`);
    for (let j = 0; j < values.length; j++) {
      const v = values[j];
      if (typeof v === 'number' && !Number.isFinite(v))
        throw new ImpossibleNumberError(
          this.name,
          `row ${this.count + 2} (${values.filter((x) => typeof x === 'string').join(', ')}), column ${this.header[j]}`,
          v,
        );
    }
    this.parts.push(csvLine(values));
    this.count++;
  }

  get rows(): number {
    return this.count;
  }

  toString(): string {
    return `${this.parts.join('\n')}\n`;
  }
}

/** One-shot helper: header and rows to CSV text. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const t = new TidyCsv(header);
  for (const r of rows) t.add(r);
  return t.toString();
}
