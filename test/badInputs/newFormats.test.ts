// Bad-input corpus, the input formats of issue 15 (`vchain decompose`): the wide labelled layout
// (CSV folder and .xlsx), pymrio Parquet folders, gzip-compressed tables, folders with A and x,
// CEADs workbooks as published (--sheet), and --aggregate concordances. Each case is refused
// with exit 2, a message naming file, row and column, and the sandbox left exactly as it was.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readPymrioFolder } from '../../src/io/pymrioReader.ts';
import { ceadsTable, writePublishedCeadsWorkbook } from '../io/ceadsFixture.ts';
import { pandasParquet, writeWideFolder } from '../io/mrioConversions.ts';
import { copyFixture, editText, fieldSetter, fileSandbox } from './prepare.ts';
import { expectRefused, FIXTURES } from './sandbox.ts';

const sb = fileSandbox('formats');
const OUT = sb.path('out');
const decompose = (mrio: string, ...more: string[]) => ['decompose', '--mrio', mrio, '--out', OUT, ...more];
const TEST_MRIO = join(FIXTURES, 'test-systems', 'pymrio-test-mrio');
const ref = readPymrioFolder(TEST_MRIO);

let made = 0;
/** A wide CSV folder of pymrio's test MRIO (6 regions × 8 sectors: Z.csv data rows 4–51), damaged. */
function wide(damage: (dir: string) => void): string {
  const dir = sb.path(`wide-${++made}`);
  writeWideFolder(ref, dir);
  damage(dir);
  return dir;
}
const setField = fieldSetter(',');

describe('wide CSV folder', () => {
  it('the undamaged folder decomposes (control)', () => {
    const r = sb.run(['decompose', '--mrio', wide(() => {}), '--out', sb.path('wide-control-out')]);
    expect(r.status, r.stderr).toBe(0);
    rmSync(sb.path('wide-control-out'), { recursive: true });
  });

  it('an empty numeric cell is an error, not 0', () => {
    const dir = wide((d) => editText(sb, join(d, 'Z.csv'), setField(6, 5, '')));
    expectRefused(sb, decompose(dir), ['Z.csv (row 6, column 5): empty value']);
  });

  it("'1,5' split by the comma gives a row with one field too many", () => {
    const dir = wide((d) => editText(sb, join(d, 'Y.csv'), setField(9, 4, '1,5')));
    expectRefused(sb, decompose(dir), [
      'Y.csv (row 9): row has 45 fields',
      'expected 44 (2 labels + 42 numbers)',
    ]);
  });

  it('a quoted decimal comma is named as such', () => {
    const dir = wide((d) => editText(sb, join(d, 'Z.csv'), setField(7, 3, '"1,5"')));
    expectRefused(sb, decompose(dir), ["Z.csv (row 7, column 3): '1,5' is not a decimal number", 'comma']);
  });

  it('rows out of region-major order', () => {
    const dir = wide((d) =>
      editText(sb, join(d, 'Z.csv'), (t) => {
        const l = t.split('\n');
        [l[11], l[12]] = [l[12], l[11]];
        return l.join('\n');
      }),
    );
    expectRefused(sb, decompose(dir), ["Z.csv (row 12): row 9 is 'reg2 / mining'", 'region-major order']);
  });

  it('Z.csv cut inside its last number', () => {
    const dir = wide((d) => editText(sb, join(d, 'Z.csv'), (t) => t.slice(0, -3)));
    expectRefused(sb, decompose(dir), ['Z.csv (row 51)', 'ends without a line break']);
  });

  it('an unknown satellite kind', () => {
    const dir = wide((d) => editText(sb, join(d, 'satellites.csv'), setField(4, 3, 'emissions')));
    expectRefused(sb, decompose(dir), [
      "satellites.csv (row 4, column 3): kind 'emissions'",
      'income | income_component',
    ]);
  });

  it('A.csv without x.csv', () => {
    const dir = wide((d) => {
      cpSync(join(d, 'Z.csv'), join(d, 'A.csv'));
      rmSync(join(d, 'Z.csv'));
      rmSync(join(d, 'x.csv'));
    });
    expectRefused(sb, decompose(dir), ['A without x', 'expected a table x beside A']);
  });
});

describe('wide .xlsx workbook', () => {
  async function workbook(poke: (ws: ExcelJS.Worksheet) => void): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const z = wb.addWorksheet('Z');
    z.addRow(['region', '', 'R1', null, 'R2', null]);
    z.addRow(['sector', '', 'a', 'b', 'a', 'b']);
    const rows = [
      ['R1', 'a', 1, 2, 3, 4],
      [null, 'b', 5, 6, 7, 8],
      ['R2', 'a', 9, 10, 11, 12],
      [null, 'b', 13, 14, 15, 16],
    ];
    for (const r of rows) z.addRow(r);
    const y = wb.addWorksheet('Y');
    y.addRow(['region', '', 'R1', 'R2']);
    y.addRow(['category', '', 'hh', 'hh']);
    for (const r of rows) y.addRow([r[0], r[1], 100, 100]);
    poke(z);
    const path = sb.path(`wide-${++made}.xlsx`);
    // Written from a buffer: the file is complete when the promise resolves (the stream writer may still be closing it).
    writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
    return path;
  }

  it('an empty data cell names the sheet, row and column', async () => {
    const path = await workbook((ws) => {
      ws.getCell('E4').value = null;
    });
    expectRefused(sb, decompose(path), ["sheet 'Z' (row 4, column E): empty cell", 'write 0 for zero']);
  });

  it('a formula without a cached value', async () => {
    const path = await workbook((ws) => {
      ws.getCell('D5').value = { formula: 'C5*2' } as ExcelJS.CellValue;
    });
    expectRefused(sb, decompose(path), [
      "sheet 'Z' (row 5, column D): cell holds a formula (=C5*2) without a cached value",
    ]);
  });

  it("text '1 000' in a number cell", async () => {
    const path = await workbook((ws) => {
      ws.getCell('C6').value = '1 000';
    });
    expectRefused(sb, decompose(path), [
      "sheet 'Z' (row 6, column C): '1 000' is not a decimal number",
      'spaces inside',
    ]);
  });
});

describe('pymrio Parquet folder', () => {
  const parquetFolder = (damage: (dir: string) => void) => {
    const dir = copyFixture(sb, 'test-systems/pymrio-test-mrio-parquet', `parquet-${++made}`);
    rmSync(join(dir, 'make_fixture.mjs'));
    damage(dir);
    return dir;
  };

  it('the undamaged folder decomposes (control)', () => {
    const r = sb.run(['decompose', '--mrio', parquetFolder(() => {}), '--out', sb.path('pq-control-out')]);
    expect(r.status, r.stderr).toBe(0);
    rmSync(sb.path('pq-control-out'), { recursive: true });
  });

  it('a Parquet file cut short', () => {
    const dir = parquetFolder((d) => {
      const b = readFileSync(join(d, 'Z.parquet'));
      writeFileSync(join(d, 'Z.parquet'), b.subarray(0, b.length - 100));
    });
    expectRefused(sb, decompose(dir), ['Z.parquet: not a readable Parquet file']);
  });

  it('pandas NaN (stored as null) in Y names the row and the column', () => {
    const dir = parquetFolder((d) => {
      const idx = ref.regions.flatMap((r) => ref.sectors.map((s) => [r, s]));
      const cats = ref.finalDemand.categories;
      const columns = ref.regions.flatMap((r, ri) =>
        cats.map((c, k) => {
          const values = Float64Array.from(
            idx,
            (_, i) => ref.finalDemand.Y.data[i * ref.finalDemand.Y.cols + ri * cats.length + k],
          );
          return { labels: [r, c], values };
        }),
      );
      // A null where pandas had NaN: hyparquet-writer writes null for a null entry of a plain array.
      const withNull = columns.map((c, j) =>
        j === 2 ? { labels: c.labels, values: Array.from(c.values, (v, i) => (i === 4 ? null : v)) } : c,
      );
      writeFileSync(
        join(d, 'Y.parquet'),
        pandasParquet({
          indexNames: ['region', 'sector'],
          index: idx,
          columnNames: ['region', 'category'],
          columns: withNull,
        }),
      );
    });
    expectRefused(sb, decompose(dir), ['Y.parquet (row 5, column reg1 / ', 'NaN in pandas']);
  });

  it('columns with fewer label levels than file_parameters.json states', () => {
    const dir = parquetFolder((d) =>
      editText(sb, join(d, 'file_parameters.json'), (t) => t.replace('"nr_header": "2"', '"nr_header": "3"')),
    );
    expectRefused(sb, decompose(dir), [
      'Z.parquet (column 1): column ',
      'has 2 label level(s)',
      'expected 3 as file_parameters.json states',
    ]);
  });
});

describe('gzip-compressed tables', () => {
  it('a .txt.gz that is not gzip', () => {
    const dir = copyFixture(sb, 'test-systems/pymrio-test-mrio', `gz-${++made}`);
    writeFileSync(join(dir, 'Z.txt.gz'), readFileSync(join(dir, 'Z.txt')));
    editText(sb, join(dir, 'file_parameters.json'), (t) => t.replace('"Z.txt"', '"Z.txt.gz"'));
    expectRefused(sb, decompose(dir), ['Z.txt.gz: cannot decompress']);
  });

  it('a gzip-compressed Z.txt cut inside its last number', () => {
    const dir = copyFixture(sb, 'test-systems/pymrio-test-mrio', `gz-${++made}`);
    writeFileSync(join(dir, 'Z.txt.gz'), gzipSync(readFileSync(join(dir, 'Z.txt')).subarray(0, -4)));
    editText(sb, join(dir, 'file_parameters.json'), (t) => t.replace('"Z.txt"', '"Z.txt.gz"'));
    expectRefused(sb, decompose(dir), ['Z.txt.gz (row 51)', 'ends without a line break']);
  });
});

describe('CEADs workbook as published', () => {
  it('--sheet naming no sheet lists the sheets', async () => {
    const path = sb.path(`ceads-${++made}.xlsx`);
    await writePublishedCeadsWorkbook(ceadsTable(5, 2, 2), path);
    expectRefused(sb, decompose(path, '--sheet', 'Sheet1'), [
      "no worksheet 'Sheet1' (--sheet)",
      "expected one of: '中文版', 'English_Version'",
    ]);
  });

  it('--sheet with a table that is not a CEADs workbook', () => {
    expectRefused(sb, decompose(TEST_MRIO, '--sheet', 'English_Version'), [
      '--sheet: applies to CEADs workbooks, not to the pymrio format',
    ]);
  });
});

describe('--aggregate concordance', () => {
  const concordance = (text: string) => sb.file(`concordance-${++made}.csv`, text);
  const regions = ref.regions.map((r, k) => `region,${r},${k < 3 ? 'North' : 'South'}`);

  it('the undamaged concordance aggregates (control)', () => {
    const c = concordance(`kind,from,to\n${regions.join('\n')}\n`);
    const r = sb.run([
      'decompose',
      '--mrio',
      TEST_MRIO,
      '--aggregate',
      c,
      '--out',
      sb.path('agg-control-out'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('note: aggregated with');
    const run = JSON.parse(readFileSync(sb.path('agg-control-out', 'run.json'), 'utf8'));
    expect(run.table.regions).toBe(2);
    expect(run.tableNotes.join(' ')).toMatch(/6 regions → 2/);
    rmSync(sb.path('agg-control-out'), { recursive: true });
  });

  it('a region of the table left out', () => {
    const c = concordance(`kind,from,to\n${regions.slice(1).join('\n')}\n`);
    expectRefused(sb, decompose(TEST_MRIO, '--aggregate', c), ["does not map the region 'reg1'"]);
  });

  it('a label the table does not have (a typo)', () => {
    const c = concordance(`kind,from,to\n${regions.join('\n')}\nsector,fod,primary\n`);
    expectRefused(sb, decompose(TEST_MRIO, '--aggregate', c), [
      "maps sector 'fod', which the table does not have",
    ]);
  });

  it('shares of a split not summing to 1', () => {
    const c = concordance(`kind,from,to,share\nsector,food,primary,0.5\nsector,food,industry,0.6\n`);
    expectRefused(sb, decompose(TEST_MRIO, '--aggregate', c), ["the shares of sector 'food' sum to 1.1"]);
  });

  it('a kind that is neither region nor sector', () => {
    const c = concordance('kind,from,to\ncountry,reg1,North\n');
    expectRefused(sb, decompose(TEST_MRIO, '--aggregate', c), [
      "(row 2, column kind): kind 'country'",
      "expected 'region' or 'sector'",
    ]);
  });

  it('a concordance file that does not exist', () => {
    expectRefused(sb, decompose(TEST_MRIO, '--aggregate', sb.path('nope.csv')), ['nope.csv: not found']);
  });
});

describe('run: MRIO-input options', () => {
  it('--aggregate without --mrio', () => {
    const c = sb.file('run-concordance.csv', 'kind,from,to\nregion,Beijing,North\n');
    expectRefused(
      sb,
      ['run', '--no-report', '--quiet', '--draws', '5', '--out', sb.path('run-out'), '--aggregate', c],
      ['--aggregate: needs --mrio'],
    );
  });
});
