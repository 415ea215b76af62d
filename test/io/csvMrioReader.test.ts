import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvMrio } from '../../src/io/csvMrioReader.ts';
import { InputError } from '../../src/io/inputError.ts';
import { decomposeValueChain } from '../../src/mrio/valueChain.ts';
import { toyMrio } from '../mrio/systems.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vchain-csv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes the toy system in the long CSV layout (docs/formats.md), with optional edits. */
function writeToy(name: string, edit: (files: Record<string, string>) => void = () => {}): string {
  const m = toyMrio();
  const { regions: R, sectors: S } = m;
  const N = S.length;
  const n = R.length * N;
  const lab = (j: number) => [R[Math.floor(j / N)], S[j % N]];
  const files: Record<string, string> = {};
  files['mrio.json'] = JSON.stringify({ name: 'toy', monetaryUnit: 'unit', regions: R, sectors: S });
  const z = ['from_region,from_sector,to_region,to_sector,value'];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (m.Z.data[i * n + j] !== 0) z.push([...lab(i), ...lab(j), m.Z.data[i * n + j]].join(','));
  files['Z.csv'] = z.join('\n');
  const y = ['from_region,from_sector,to_region,category,value'];
  for (let i = 0; i < n; i++)
    for (let r = 0; r < R.length; r++)
      y.push([...lab(i), R[r], 'final', m.finalDemand.Y.data[i * 3 + r]].join(','));
  files['final_demand.csv'] = y.join('\n');
  const s = ['account,unit,kind,region,sector,value'];
  for (let j = 0; j < n; j++) s.push(['F', 't', 'emission', ...lab(j), m.satellites[0].values[j]].join(','));
  s.push('F,t,emission,R2,,7.5');
  files['satellites.csv'] = s.join('\n');
  files['output.csv'] = ['region,sector,value', ...Array.from(m.x, (v, j) => [...lab(j), v].join(','))].join(
    '\n',
  );
  edit(files);
  const dir = join(tmp, name);
  mkdirSync(dir);
  for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t.endsWith('\n') ? t : `${t}\n`);
  return dir;
}

describe('readCsvMrio (long-format CSV layout)', () => {
  it('reads the toy system identically to the fixture and decomposes to the same numbers', () => {
    const m = readCsvMrio(writeToy('ok'));
    const ref = toyMrio();
    expect(m.regions).toEqual(ref.regions);
    expect(Array.from(m.Z.data)).toEqual(Array.from(ref.Z.data));
    expect(Array.from(m.x)).toEqual(Array.from(ref.x));
    expect(Array.from(m.satellites[0].direct!)).toEqual([0, 7.5, 0]);
    const a = decomposeValueChain(m).indicators[0];
    const b = decomposeValueChain(ref).indicators[0];
    expect(Array.from(a.exIntermediate)).toEqual(Array.from(b.exIntermediate));
    expect(Array.from(a.flows.data)).toEqual(Array.from(b.flows.data));
  });

  const bad: [string, (f: Record<string, string>) => void, RegExp][] = [
    [
      'unknown region',
      (f) => (f['Z.csv'] += '\nR9,agri,R1,agri,1'),
      /Z\.csv \(row \d+, column from_region\): unknown region 'R9'/,
    ],
    [
      'duplicate entry',
      (f) => (f['Z.csv'] += '\nR1,agri,R1,agri,1'),
      /Z\.csv \(row \d+\): entry given twice/,
    ],
    [
      'non-number',
      (f) => (f['final_demand.csv'] = f['final_demand.csv'].replace(/,30(\.0)?\n/, ',abc\n')),
      /final_demand\.csv \(row 2, column value\): 'abc'/,
    ],
    [
      'missing column',
      (f) => (f['Z.csv'] = f['Z.csv'].replace('to_sector', 'sector_to')),
      /Z\.csv \(row 1, column to_sector\): missing column/,
    ],
    [
      'bad kind',
      (f) => (f['satellites.csv'] = f['satellites.csv'].replace(',emission,', ',smoke,')),
      /satellites\.csv \(row 2, column kind\)/,
    ],
    ['missing mrio.json', (f) => delete f['mrio.json'], /mrio\.json/],
    [
      'infinite output',
      (f) => (f['output.csv'] = f['output.csv'].replace(/,65(\.0)?\n/, ',Infinity\n')),
      /output\.csv \(row 2, column value\)/,
    ],
  ];
  for (const [what, edit, re] of bad)
    it(`rejects ${what}`, () => {
      const dir = writeToy(what.replace(/\W+/g, '_'), edit);
      let err: unknown;
      try {
        readCsvMrio(dir);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(re);
    });
});
