// readLabelledTable's storage sizing (src/io/labelledTable.ts, `expectedRows`): whatever the hint
// (too few, exact, too many rows), the numbers read are the ones written.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readLabelledTable } from '../../src/io/labelledTable.ts';

const dir = mkdtempSync(join(tmpdir(), 'vchain-labelled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readLabelledTable storage', () => {
  it('reads the written numbers with any expected row count', () => {
    let k = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 300 }),
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        (rows, cols, hint, seed) => {
          const value = (r: number, c: number) => seed / (1 + r * cols + c) + 0; // + 0: no -0 (it prints as 0)
          const lines = [['region', ...Array.from({ length: cols }, (_, c) => `C${c}`)].join('\t')];
          for (let r = 0; r < rows; r++)
            lines.push([`R${r}`, ...Array.from({ length: cols }, (_, c) => String(value(r, c)))].join('\t'));
          const file = join(dir, `t${k++}.txt`);
          writeFileSync(file, `${lines.join('\n')}\n`);
          for (const expectedRows of [undefined, () => hint, () => rows]) {
            const t = readLabelledTable(file, {
              delimiter: '\t',
              nrIndex: 1,
              nrHeader: 1,
              expected: 'a test table',
              ...(expectedRows ? { expectedRows } : {}),
            });
            expect(t.rowLabels.length).toBe(rows);
            expect(t.data.length).toBe(rows * cols);
            for (let r = 0; r < rows; r++)
              for (let c = 0; c < cols; c++) expect(Object.is(t.data[r * cols + c], value(r, c))).toBe(true);
          }
        },
      ),
      { numRuns: 60, seed: 31 },
    );
  });
});
