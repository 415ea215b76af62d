// Tables as CSV files downloaded by the browser (RFC 4180 quoting, raw numbers).

export type Cell = string | number | null | undefined;

function quote(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
  return /[",\n\r]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadCsv(
  filename: string,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
): void {
  downloadText(filename, toCsv(header, rows), 'text/csv;charset=utf-8');
}

/**
 * What every downloaded table carries in its own columns (the same value on every row, so a
 * file read on its own still says where its numbers come from): scenario, conventions, Monte
 * Carlo draws and seed, dataset and whether it is a demonstration.
 */
export interface CsvProvenance {
  readonly scenario: string;
  /** The scenario request as compact JSON (what `vchain run --scenario` reads, as a file). */
  readonly scenarioJson: string;
  readonly thresholdUgm3: number | null;
  readonly vsl: number | null;
  readonly erf: string;
  readonly accounting: string;
  readonly thresholdReading: string;
  readonly cvWeighting: string;
  readonly draws: number | null;
  readonly seed: number | null;
  readonly dataset: string;
  readonly demonstration: boolean;
  readonly airModelStandIn: boolean;
}

export const PROVENANCE_HEADER = [
  'scenario',
  'scenario_json',
  'threshold_ugm3',
  'vsl',
  'erf',
  'accounting',
  'threshold_reading',
  'cv_weighting',
  'draws',
  'seed',
  'dataset',
  'demonstration',
  'air_model_stand_in',
] as const;

export function provenanceCells(p: CsvProvenance): Cell[] {
  return [
    p.scenario,
    p.scenarioJson,
    p.thresholdUgm3,
    p.vsl,
    p.erf,
    p.accounting,
    p.thresholdReading,
    p.cvWeighting,
    p.draws,
    p.seed,
    p.dataset,
    String(p.demonstration),
    String(p.airModelStandIn),
  ];
}
