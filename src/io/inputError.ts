/**
 * Bad input: names the file, the 1-based row and the column (header or 1-based index) where it
 * was found and what was expected. The CLI turns it into a message and exit code 2.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly row?: number,
    readonly column?: string | number,
    readonly expected?: string,
  ) {
    const where = [row !== undefined ? `row ${row}` : '', column !== undefined ? `column ${column}` : '']
      .filter(Boolean)
      .join(', ');
    super(`${file}${where ? ` (${where})` : ''}: ${detail}${expected ? `; expected ${expected}` : ''}`);
    this.name = 'InputError';
  }
}
