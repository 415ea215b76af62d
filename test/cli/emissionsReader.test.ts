import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEmissionsCsv } from '../../src/io/emissionsReader.ts';
import { InputError } from '../../src/io/inputError.ts';

const dir = mkdtempSync(join(tmpdir(), 'vchain-emissions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REGIONS = ['North', 'South'];
const SECTORS = ['Power, heat', 'Farming'];
const CODES = new Map([['110000', 'North']]);
const ALL = ['SO2', 'NOx', 'NH3', 'VOC', 'PPM'].map((p) => `South,Farming,${p},1`).join('\n');

let k = 0;
function read(text: string) {
  const file = join(dir, `e${k++}.csv`);
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`); // every line ends with a line break
  return { file, run: () => readEmissionsCsv(file, REGIONS, SECTORS, CODES) };
}
function inputError(text: string): InputError {
  const { run } = read(text);
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('no error');
}

describe('readEmissionsCsv', () => {
  it('places tonnes by region and sector, direct emissions per region, aliases and codes', () => {
    const { run } = read(
      `Region,Sector,Pollutant,Value,Unit\n"North","Power, heat",so2,12.5,t\n110000,HOUSEHOLDS,NMVOC,3,tonnes\nSouth,direct,PM2.5,4,t\n\n${ALL.split(
        '\n',
      )
        .map((l) => `${l},t`)
        .join('\n')}\n`,
    );
    const t = run();
    expect(t.rows).toBe(8);
    const by = Object.fromEntries(t.satellites.map((s) => [s.precursor, s]));
    expect(Object.keys(by)).toEqual(['SO2', 'NOx', 'NH3', 'VOC', 'PPM']);
    expect([...by.SO2.values]).toEqual([12.5, 0, 0, 1]); // index r·N + i
    expect([...by.VOC.direct!]).toEqual([3, 0]);
    expect([...by.PPM.direct!]).toEqual([0, 4]);
    expect([...by.PPM.values]).toEqual([0, 0, 0, 1]);
    for (const s of t.satellites) expect(s).toMatchObject({ unit: 't', kind: 'emission', name: s.precursor });
  });

  it.each([
    [
      'unknown region',
      `region,sector,pollutant,value\nEast,Farming,SO2,1\n${ALL}`,
      2,
      'region',
      /unknown region 'East'/,
    ],
    [
      'unknown sector',
      `region,sector,pollutant,value\nNorth,Mining,SO2,1\n${ALL}`,
      2,
      'sector',
      /unknown sector/,
    ],
    [
      'unknown pollutant',
      `region,sector,pollutant,value\nNorth,Farming,CO2,1\n${ALL}`,
      2,
      'pollutant',
      /CO2/,
    ],
    ['negative', `region,sector,pollutant,value\n${ALL}\nNorth,Farming,SO2,-1`, 7, 'value', /-1/],
    ['not a number', `region,sector,pollutant,value\n${ALL}\nNorth,Farming,SO2,abc`, 7, 'value', /abc/],
    ['empty value', `region,sector,pollutant,value\n${ALL}\nNorth,Farming,SO2,`, 7, 'value', /empty value/],
    ['NaN', `region,sector,pollutant,value\n${ALL}\nNorth,Farming,SO2,NaN`, 7, 'value', /NaN/],
    [
      'duplicate',
      `region,sector,pollutant,value\n${ALL}\nSouth,Farming,PM2.5,2`,
      7,
      'pollutant',
      /first given in row 6/,
    ],
    ['wrong unit', `region,sector,pollutant,value,unit\nNorth,Farming,SO2,1,kg`, 2, 'unit', /kg/],
    ['ragged row', `region,sector,pollutant,value\nNorth,Farming,SO2`, 2, undefined, /3 fields/],
  ])('%s: names row and column', (_, text, row, column, detail) => {
    const e = inputError(text);
    expect(e.row).toBe(row);
    expect(e.column).toBe(column);
    expect(e.message).toMatch(detail);
    expect(e.expected).toBeTruthy();
  });

  it('a missing column or a pollutant with no rows is an error', () => {
    expect(inputError('region,sector,value\nNorth,Farming,1').column).toBe('pollutant');
    const e = inputError('region,sector,pollutant,value\nNorth,Farming,SO2,1\n');
    expect(e.message).toMatch(/no rows for NOx, NH3, VOC, PPM/);
  });
});
