import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_EMISSION_UNCERTAINTY,
  readEmissionUncertainty,
} from '../../src/io/emissionUncertaintyFile.ts';
import { InputError } from '../../src/io/inputError.ts';

const dir = mkdtempSync(join(tmpdir(), 'vchain-emission-uncertainty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const HEADER = 'precursor,sector,ci95_low_pct,ci95_high_pct,source\n';

describe('the emission-uncertainty table', () => {
  it('default: Zhao et al. 2011 for SO2, NOx, PM2.5; the sourced VOC rows; NH3 marked as an assumption', () => {
    const rows = readEmissionUncertainty(DEFAULT_EMISSION_UNCERTAINTY);
    const get = (p: string, s = '*') => rows.find((r) => r.precursor === p && r.sector === s)!;
    expect([get('SO2').low, get('SO2').high]).toEqual([-0.14, 0.13]);
    expect([get('NOx').low, get('NOx').high]).toEqual([-0.13, 0.37]);
    expect([get('PPM').low, get('PPM').high]).toEqual([-0.17, 0.54]);
    expect([get('VOC').low, get('VOC').high]).toEqual([-0.51, 1.33]);
    expect([get('VOC', 'industry').low, get('VOC', 'industry').high]).toEqual([-0.32, 0.48]);
    expect(get('NH3').source).toMatch(/^ASSUMPTION/);
    expect(rows).toHaveLength(6);
  });

  it('names the row and column of a bad cell', () => {
    const cases: [string, RegExp][] = [
      [`${HEADER}SO3,*,-10,10,x\n`, /row 2, column precursor\): unknown precursor 'SO3'/],
      [`${HEADER}SO2,mining,-10,10,x\n`, /row 2, column sector\): unknown sector 'mining'/],
      [
        `${HEADER}SO2,*,10,10,x\n`,
        /row 2, column ci95_low_pct\): '10'; expected a percentage in \[-99.999, 0\]/,
      ],
      [`${HEADER}SO2,*,-10,abc,x\n`, /row 2, column ci95_high_pct\)/],
      [`${HEADER}SO2,*,-10,10,x\nso2,*,-5,5,y\n`, /row 3, column sector\): SO2, sector \* given twice/],
      [`${HEADER}NMVOC,power,-10,10,\n`, /row 2, column source\): no source/],
      ['precursor,sector,low,high,source\n', /row 1, column ci95_low_pct\): no column/],
    ];
    cases.forEach(([text, message], k) => {
      const p = file(`bad${k}.csv`, text);
      expect(() => readEmissionUncertainty(p)).toThrow(InputError);
      expect(() => readEmissionUncertainty(p)).toThrow(message);
    });
  });
});
