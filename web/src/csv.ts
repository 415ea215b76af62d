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
