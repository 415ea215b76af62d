// Bad-input corpus, MRIO table files (`vchain decompose`): damaged copies of the pymrio test MRIO,
// a small long-format CSV folder and CEADs-style workbooks, each refused with exit 2, a message
// naming file, row and column, and the sandbox left exactly as it was (no output, no temp folder).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ceadsTable, writeCeadsWorkbook } from '../io/ceadsFixture.ts';
import { copyFixture, editBytes, editText, fieldSetter, fileSandbox, latin1 } from './prepare.ts';
import { expectRefused } from './sandbox.ts';

const sb = fileSandbox('files');
const OUT = sb.path('out');
const decompose = (mrio: string, ...more: string[]) => ['decompose', '--mrio', mrio, '--out', OUT, ...more];

let made = 0;
/** A fresh copy of the pymrio test MRIO (6 regions × 8 sectors; Z.txt data rows 4–51). */
function pymrio(damage: (dir: string) => void): string {
  const dir = copyFixture(sb, 'test-systems/pymrio-test-mrio', `pymrio-${++made}`);
  damage(dir);
  return dir;
}
const setField = fieldSetter('\t');

describe('pymrio text folder', () => {
  it('Z.txt cut inside its last number (40 would read as 4) is refused at its last row', () => {
    const dir = pymrio((d) => editText(sb, join(d, 'Z.txt'), (t) => t.slice(0, -4)));
    expectRefused(sb, decompose(dir), ['Z.txt (row 51)', 'ends without a line break', 'cut short']);
  });

  it('a last row with fields missing names the row and the count', () => {
    const dir = pymrio((d) =>
      editText(sb, join(d, 'Z.txt'), (t) => {
        const lines = t.split('\n');
        lines[50] = lines[50].split('\t').slice(0, -2).join('\t');
        return lines.join('\n');
      }),
    );
    expectRefused(sb, decompose(dir), ['Z.txt (row 51)', 'row has 48 fields', 'expected 50']);
  });

  it("'0x14' is not read as 20", () => {
    const dir = pymrio((d) => editText(sb, join(d, 'Z.txt'), setField(4, 3, '0x14')));
    expectRefused(sb, decompose(dir), [
      "Z.txt (row 4, column 3): '0x14' is not a decimal number",
      'hexadecimal',
    ]);
  });

  it("'Infinity' in Y.txt", () => {
    const dir = pymrio((d) => editText(sb, join(d, 'Y.txt'), setField(9, 5, 'Infinity')));
    expectRefused(sb, decompose(dir), ["Y.txt (row 9, column 5): 'Infinity'", 'not a finite number']);
  });

  it("'1_000' (digit separators)", () => {
    const dir = pymrio((d) => editText(sb, join(d, 'Z.txt'), setField(10, 5, '1_000')));
    expectRefused(sb, decompose(dir), ["Z.txt (row 10, column 5): '1_000'", "digit separators '_'"]);
  });

  it('an empty cell is an error, not 0', () => {
    const dir = pymrio((d) => editText(sb, join(d, 'Z.txt'), setField(7, 4, '')));
    expectRefused(sb, decompose(dir), ['Z.txt (row 7, column 4): empty value']);
  });

  it('a Latin-1 label names the byte, its row and column', () => {
    const dir = pymrio((d) =>
      editBytes(sb, join(d, 'Z.txt'), (b) => latin1(setField(5, 2, 'min\u00e9ing')(b.toString('utf8')))),
    );
    expectRefused(sb, decompose(dir), [
      'Z.txt (row 5, column 2)',
      'byte 0xE9 at byte offset',
      'not valid UTF-8',
    ]);
  });

  it('a UTF-16 file says so', () => {
    const dir = pymrio((d) =>
      editBytes(sb, join(d, 'Y.txt'), (b) =>
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')]),
      ),
    );
    expectRefused(sb, decompose(dir), ['Y.txt (row 1, column 1)', 'UTF-16 byte-order mark']);
  });

  it('a header-only Z.txt is an empty table, not an all-zero one', () => {
    const dir = pymrio((d) =>
      editText(sb, join(d, 'Z.txt'), (t) => `${t.split('\n').slice(0, 3).join('\n')}\n`),
    );
    expectRefused(sb, decompose(dir), ['Z.txt: no data rows']);
  });

  it('"files": null in file_parameters.json (a TypeError before)', () => {
    const dir = pymrio((d) =>
      writeFileSync(join(d, 'file_parameters.json'), '{"files": null, "systemtype": "IOSystem"}\n'),
    );
    expectRefused(sb, decompose(dir), ['file_parameters.json (column files)', "'files' is null"]);
  });

  it('a table entry with nr_header "two"', () => {
    const dir = pymrio((d) =>
      editText(sb, join(d, 'file_parameters.json'), (t) =>
        t.replace('"nr_header": "2"', '"nr_header": "two"'),
      ),
    );
    expectRefused(sb, decompose(dir), ['column files.Z.nr_header', '\'"two"\'', 'a whole number']);
  });

  it('a table entry naming a file outside the folder', () => {
    const dir = pymrio((d) =>
      editText(sb, join(d, 'file_parameters.json'), (t) => t.replace('"Z.txt"', '"../Z.txt"')),
    );
    expectRefused(sb, decompose(dir), ['column files.Z.name', 'a file inside the folder']);
  });

  it('file_parameters.json cut short (invalid JSON)', () => {
    const dir = pymrio((d) => editText(sb, join(d, 'file_parameters.json'), (t) => t.slice(0, 100)));
    expectRefused(sb, decompose(dir), ['file_parameters.json: invalid JSON']);
  });

  it('Z.txt missing', () => {
    const dir = pymrio((d) => rmSync(join(d, 'Z.txt')));
    expectRefused(sb, decompose(dir), ['Z.txt: not found', 'expected a tab-separated pymrio table']);
  });

  it('a folder where Z.txt should be (raw EISDIR before)', () => {
    const dir = pymrio((d) => {
      rmSync(join(d, 'Z.txt'));
      mkdirSync(join(d, 'Z.txt'));
    });
    expectRefused(sb, decompose(dir), ['Z.txt: is a folder, not a file']);
  });

  it('a 5 MB label is echoed clipped, not in full', () => {
    const dir = pymrio((d) => editText(sb, join(d, 'Z.txt'), setField(6, 2, 'x'.repeat(5_000_000))));
    const r = expectRefused(sb, decompose(dir), [/Z\.txt \(row \d+\)/, /…\(500000\d bytes\)/]);
    expect(r.stderr.length).toBeLessThan(1000);
  });
});

/** A valid long-format CSV MRIO (2 regions × 2 sectors) with `files` overriding its files. */
function csvMrio(files: Record<string, string | Uint8Array | null> = {}): string {
  const dir = sb.path(`csv-${++made}`);
  const R = ['R1', 'R2'];
  const S = ['agri', 'manu'];
  const z = ['from_region,from_sector,to_region,to_sector,value'];
  const y = ['from_region,from_sector,to_region,category,value'];
  const sat = ['account,unit,kind,region,sector,value'];
  for (const r of R)
    for (const s of S) {
      for (const r2 of R) {
        for (const s2 of S) z.push(`${r},${s},${r2},${s2},10`);
        y.push(`${r},${s},${r2},households,100`);
      }
      sat.push(`SO2,t,emission,${r},${s},5`);
    }
  const all: Record<string, string | Uint8Array | null> = {
    'mrio.json':
      '{"name": "two-by-two", "monetaryUnit": "10^4 CNY", "regions": ["R1", "R2"], "sectors": ["agri", "manu"]}\n',
    'Z.csv': `${z.join('\n')}\n`,
    'final_demand.csv': `${y.join('\n')}\n`,
    'satellites.csv': `${sat.join('\n')}\n`,
    ...files,
  };
  for (const [name, content] of Object.entries(all))
    if (content !== null) sb.file(join(`csv-${made}`, name), content);
  return dir;
}
const Z_HEADER = 'from_region,from_sector,to_region,to_sector,value';

describe('long-format CSV folder', () => {
  it('the undamaged folder decomposes (control: the cases below fail for their damage only)', () => {
    const dir = csvMrio();
    const r = sb.run(['decompose', '--mrio', dir, '--out', sb.path('csv-control-out')]);
    expect(r.status, r.stderr).toBe(0);
    rmSync(sb.path('csv-control-out'), { recursive: true });
  });

  it('a header-only Z.csv is an empty table, not an all-zero one', () => {
    expectRefused(sb, decompose(csvMrio({ 'Z.csv': `${Z_HEADER}\n` })), ['Z.csv (row 2): no data rows']);
  });

  it('spaces after the commas of the header are named as a header problem', () => {
    const dir = csvMrio({
      'Z.csv': `from_region, from_sector, to_region, to_sector, value\nR1,agri,R1,agri,1\n`,
    });
    expectRefused(sb, decompose(dir), [
      "Z.csv (row 1, column 2): header name ' from_sector' has spaces around it",
    ]);
  });

  it('a decimal comma is not read as a thousands separator', () => {
    const dir = csvMrio({ 'Z.csv': `${Z_HEADER}\nR1,agri,R1,agri,"1,5"\n` });
    expectRefused(sb, decompose(dir), [
      "Z.csv (row 2, column value): '1,5' is not a decimal number",
      'comma',
    ]);
  });

  it('final_demand.csv cut inside its last number', () => {
    const fd = `from_region,from_sector,to_region,category,value\nR1,agri,R1,households,100\nR2,manu,R2,households,4`;
    expectRefused(sb, decompose(csvMrio({ 'final_demand.csv': fd })), [
      'final_demand.csv (row 3)',
      'ends without a line break',
    ]);
  });

  it('a semicolon-separated file', () => {
    const dir = csvMrio({
      'Z.csv': 'from_region;from_sector;to_region;to_sector;value\nR1;agri;R1;agri;1\n',
    });
    expectRefused(sb, decompose(dir), ['Z.csv (row 1)', 'looks semicolon-separated']);
  });

  it('a quoted field never closed', () => {
    const dir = csvMrio({ 'Z.csv': `${Z_HEADER}\nR1,agri,R1,agri,1\nR1,"agri,R1,manu,2\n` });
    expectRefused(sb, decompose(dir), ['Z.csv (row 3): a quoted field is never closed']);
  });

  it('a column named twice', () => {
    const dir = csvMrio({ 'Z.csv': `${Z_HEADER},value\nR1,agri,R1,agri,1,2\n` });
    expectRefused(sb, decompose(dir), [
      "Z.csv (row 1, column 6): header names 'value' twice (columns 5 and 6)",
    ]);
  });

  it('a Latin-1 sector label', () => {
    const dir = csvMrio({ 'Z.csv': latin1(`${Z_HEADER}\nR1,agri,R1,agri,1\nR1,m\u00e9nu,R1,agri,1\n`) });
    expectRefused(sb, decompose(dir), ['Z.csv (row 3, column from_sector): byte 0xE9']);
  });

  it('a folder where Z.csv should be', () => {
    const dir = csvMrio({ 'Z.csv': null });
    mkdirSync(join(dir, 'Z.csv'));
    expectRefused(sb, decompose(dir), ['Z.csv: is a folder, not a file']);
  });

  it('"regions": null in mrio.json', () => {
    const dir = csvMrio({
      'mrio.json': '{"name": "x", "monetaryUnit": "CNY", "regions": null, "sectors": ["agri"]}\n',
    });
    expectRefused(sb, decompose(dir), [
      "mrio.json (column regions): 'regions' is not a list of non-empty strings",
    ]);
  });
});

describe('CEADs workbook', () => {
  const workbook = async (poke: [number, number, unknown][]) => {
    const path = sb.path(`ceads-${++made}.xlsx`);
    await writeCeadsWorkbook(ceadsTable(3), path, { poke });
    return path;
  };

  it("a formula without a cached value is named as such (not '[object Object]')", async () => {
    const path = await workbook([[6, 5, { formula: 'D5*2' }]]);
    expectRefused(sb, decompose(path), [
      '(row 6, column E): cell holds a formula (=D5*2) without a cached value',
      'save it again',
    ]);
  });

  it('an error value (#DIV/0!)', async () => {
    const path = await workbook([[7, 6, { error: '#DIV/0!' }]]);
    expectRefused(sb, decompose(path), ['(row 7, column F): cell holds the error value #DIV/0!']);
  });

  it('text with a thousands separator is not read as a number', async () => {
    const path = await workbook([[8, 4, '1,234']]);
    expectRefused(sb, decompose(path), ["(row 8, column D): '1,234' is not a decimal number"]);
  });
});

describe('--mrio paths', () => {
  it('a path that does not exist', () => {
    expectRefused(sb, decompose(sb.path('no-such-table')), [
      'no-such-table: not found',
      'expected an MRIO table',
    ]);
  });

  it('a file of no known format', () => {
    const f = sb.file('table.txt', 'a\tb\n');
    expectRefused(sb, decompose(f), ['table.txt: unknown table format']);
  });

  it('a folder given as a CEADs workbook', () => {
    const dir = csvMrio();
    expectRefused(sb, decompose(dir, '--format', 'ceads'), [
      `${dir}: is a folder, not a file`,
      'expected a CEADs',
    ]);
  });
});
