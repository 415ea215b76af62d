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
    const where = [
      row !== undefined ? `row ${row}` : '',
      column !== undefined ? `column ${clipText(String(column), 80)}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    super(
      `${clipText(file, 300)}${where ? ` (${where})` : ''}: ${clipText(detail, MESSAGE_PART_MAX)}${expected ? `; expected ${clipText(expected, MESSAGE_PART_MAX)}` : ''}`,
    );
    this.name = 'InputError';
  }
}

/** Longest detail or expectation kept in a message (a safety net under clipEcho). */
const MESSAGE_PART_MAX = 600;
/** Longest echoed value. */
const ECHO_MAX = 80;

/**
 * `text` cut to `max` characters, with what was left out: `abc…(5242880 bytes)`. Values echoed in
 * messages go through this, so a 5 MB label costs one line, not 5 MB of terminal.
 */
export function clipText(text: string, max = ECHO_MAX): string {
  if (text.length <= max) return text;
  const bytes = new TextEncoder().encode(text).length;
  return `${text.slice(0, max)}…(${bytes} bytes)`;
}

/** A value echoed in a message: quoted, clipped, control characters shown as escapes. */
export function clipEcho(text: string, max = ECHO_MAX): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
  const visible = clipText(text, max).replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\t'
      ? '\\t'
      : c === '\n'
        ? '\\n'
        : c === '\r'
          ? '\\r'
          : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `'${visible}'`;
}

/**
 * Quoted values ('…' or "…", opened after a space or bracket, closed before one or punctuation)
 * longer than the echo limit clipped, for messages built elsewhere (commander, papaparse).
 */
export function clipQuotedRuns(message: string): string {
  return message.replace(
    /(^|[\s(])(['"])([^'"\n]{81,})\2(?=$|[\s.,;:)])/g,
    (_m, before: string, q: string, body: string) => `${before}${q}${clipText(body)}${q}`,
  );
}
