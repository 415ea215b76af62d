import type { Mrio } from '../mrio/model.ts';

/**
 * Text output of numeric tables that reads back bit for bit: numbers as the shortest decimal
 * that round-trips to the same double (ECMAScript Number-to-String; −0 kept as '-0'), lines
 * collected in chunks so that files of hundreds of MB never become one JS string.
 */

/** Thrown when a table holds something that cannot be written exactly (NaN, ±Inf, a label with a separator). */
export class ExportError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'ExportError';
  }
}

/** Shortest round-trip decimal of a finite double; `where` names the cell in the error. */
export function exactDecimal(v: number, where: () => string): string {
  if (!Number.isFinite(v)) throw new ExportError(`${where()}: ${v} cannot be exported (finite numbers only)`);
  return Object.is(v, -0) ? '-0' : String(v);
}

/** Refuses labels that a delimited text file cannot carry unchanged (readers trim and split). */
export function checkLabel(label: string, what: string, forbidden: RegExp): void {
  if (label === '' || label !== label.trim() || forbidden.test(label))
    throw new ExportError(
      `${what} '${label}' cannot be exported: empty, surrounding spaces or a separator character`,
    );
}

export function checkLabels(labels: readonly string[], what: string, forbidden: RegExp): void {
  for (const l of labels) checkLabel(l, what, forbidden);
}

/** Checks the region, sector and category labels of a table; returns its dimensions. */
export function checkTableLabels(m: Mrio, forbidden: RegExp): { G: number; N: number; K: number; n: number } {
  checkLabels(m.regions, 'region', forbidden);
  checkLabels(m.sectors, 'sector', forbidden);
  checkLabels(m.finalDemand.categories, 'final-demand category', forbidden);
  const G = m.regions.length;
  const N = m.sectors.length;
  return { G, N, K: m.finalDemand.categories.length, n: G * N };
}

const CHUNK = 1 << 20;

/** Lines of a text file (LF ends), kept as UTF-8 chunks of about 1 MB. */
export class LineBuffer {
  private readonly chunks: Buffer[] = [];
  private pending: string[] = [];
  private size = 0;

  line(s: string): void {
    this.pending.push(s);
    this.size += s.length + 1;
    if (this.size >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Buffer.from(`${this.pending.join('\n')}\n`, 'utf8'));
    this.pending = [];
    this.size = 0;
  }

  bytes(): Uint8Array {
    this.flush();
    return Buffer.concat(this.chunks);
  }
}
