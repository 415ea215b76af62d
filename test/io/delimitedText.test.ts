// The chunked byte scanner of large tables (src/io/delimitedText.ts) against papaparse, an
// independent RFC 4180 parser: the same records and fields for any CSV text, cut into chunks
// anywhere (down to one byte), with quotes, doubled quotes, line breaks inside quotes, CRLF,
// blank lines and a byte-order mark.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { LabelIndex, scanDelimited } from '../../src/io/delimitedText.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vchain-scan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let made = 0;

function scan(text: string, chunkBytes: number, bom = false): { fields: string[]; line: number }[] {
  const path = join(tmp, `t${++made}.csv`);
  writeFileSync(path, Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]));
  const out: { fields: string[]; line: number }[] = [];
  scanDelimited(path, { delimiter: ',', expected: 'test', chunkBytes }, (r) => {
    const fields: string[] = [];
    for (let k = 0; k < r.count; k++) fields.push(r.text(k));
    out.push({ fields, line: r.line });
  });
  return out;
}

const field = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', '1', '.', 'é', '中') }),
  fc
    .string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', ' ', '中') })
    .map((s) => `"${s.replaceAll('"', '""')}"`),
);
const record = fc.array(field, { minLength: 1, maxLength: 5 });

describe('scanDelimited', () => {
  it('gives the records and fields papaparse gives, for any chunk size', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (records, eol, chunk, bom) => {
          const text = `${records.map((r) => r.join(',')).join(eol)}${eol}`;
          // Blank lines are skipped: a record of one field that trims to nothing (csvFile.ts's rule).
          const expected = Papa.parse<string[]>(text, { delimiter: ',', skipEmptyLines: false }).data.filter(
            (r) => !(r.length === 1 && r[0].trim() === ''),
          );
          const got = scan(text, chunk, bom);
          expect(got.map((r) => r.fields)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('numbers records by their first line, counting line breaks inside quotes and blank lines', () => {
    const got = scan('a,b\n\n"x\ny",2\r\n\nlast,3\n', 3);
    expect(got.map((r) => r.line)).toEqual([1, 3, 6]);
  });

  it('refuses a last line without a line break and an unclosed quote, at any chunk size', () => {
    for (const chunk of [1, 2, 5, 1 << 20]) {
      expect(() => scan('a,b\n1,2', chunk)).toThrow(
        /\(row 2\): the file ends without a line break after '1,2'/,
      );
      expect(() => scan('a,b\n"1,2\n', chunk)).toThrow(/\(row 2\): a quoted field is never closed/);
    }
  });

  it('names an invalid UTF-8 byte with its file offset, row and column, whichever chunk holds it', () => {
    const path = join(tmp, 'latin1.csv');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from('name,value\nok,1\n'), Buffer.from([0x6d, 0xe9, 0x2c, 0x32, 0x0a])]),
    );
    for (const chunk of [1, 4, 7, 1 << 20])
      expect(() =>
        scanDelimited(
          path,
          { delimiter: ',', expected: 't', chunkBytes: chunk, headerNames: () => ['name', 'value'] },
          () => {},
        ),
      ).toThrow(/\(row 3, column name\): byte 0xE9 at byte offset 17 is not valid UTF-8/);
  });
});

describe('LabelIndex', () => {
  it('finds labels from bytes in or out of order, trimmed like trim(), and misses unknown ones', () => {
    const labels = ['AUS', 'c1 Agriculture, Hunting', 'Bélgica', '"quoted"'];
    const idx = new LabelIndex(labels);
    const text = 'AUS\n"c1 Agriculture, Hunting"\n  Bélgica \nAUS\n"""quoted"""\n\u00a0AUS\nAUSX\n';
    const found: number[] = [];
    const path = join(tmp, 'labels.csv');
    writeFileSync(path, text);
    scanDelimited(path, { delimiter: ',', expected: 't' }, (r) => found.push(idx.find(r, 0)));
    expect(found).toEqual([0, 1, 2, 0, 3, 0, -1]);
  });
});
