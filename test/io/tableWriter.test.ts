import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { ImpossibleNumberError } from '../../src/io/outputGuard.ts';
import { chooseTableFormat, openTable, type TableSpec } from '../../src/io/tableWriter.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vchain-tablewriter-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const dest = () => {
  const d = join(tmp, String(n++));
  const path = (rel: string) => {
    mkdirSync(d, { recursive: true });
    return join(d, rel);
  };
  return { dir: d, path };
};

const SPEC: TableSpec = {
  name: 't',
  description: 'test',
  fields: [
    { name: 'label', type: 'string', description: 'a label' },
    { name: 'value', type: 'number', description: 'a number', unit: 'kg' },
  ],
};

describe('CSV table writer', () => {
  it('writes what papaparse reads back: quoted labels (commas, quotes, line breaks, unicode, long), exact numbers', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ minLength: 2000, maxLength: 3000 })),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        (rows) => {
          const d = dest();
          const w = openTable(d, SPEC, 'csv');
          for (const [s, v] of rows) {
            w.text(s);
            w.num(v);
            w.end();
          }
          const t = w.close();
          expect(t.rows).toBe(rows.length);
          const text = readFileSync(join(d.dir, 't.csv'), 'utf8');
          expect(Buffer.byteLength(text)).toBe(t.bytes);
          const back = Papa.parse<string[]>(text, { delimiter: ',', skipEmptyLines: false }).data;
          expect(back[0]).toEqual(['label', 'value']);
          rows.forEach(([s, v], k) => {
            expect(back[k + 1][0]).toBe(s);
            expect(Number(back[k + 1][1])).toBe(v === 0 ? 0 : v);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses NaN and Infinity naming the file, row and column', () => {
    for (const format of ['csv', 'parquet'] as const) {
      const w = openTable(dest(), SPEC, format);
      w.text('Hebei');
      w.num(1);
      w.end();
      w.text('Beijing');
      expect(() => w.num(Number.NaN)).toThrow(ImpossibleNumberError);
      w.discard();
      const w2 = openTable(dest(), SPEC, format);
      w2.text('Shanxi');
      expect(() => w2.num(Number.POSITIVE_INFINITY)).toThrow(
        /t\.(csv|parquet): row 2 \(Shanxi\), column value would be Infinity/,
      );
      w2.discard();
    }
  });

  it('auto picks Parquet from 256 MiB of estimated CSV', () => {
    expect(chooseTableFormat('auto', 256 * 2 ** 20 - 1)).toBe('csv');
    expect(chooseTableFormat('auto', 256 * 2 ** 20)).toBe('parquet');
    expect(chooseTableFormat('csv', 1e12)).toBe('csv');
  });
});
