import { describe, expect, it } from 'vitest';
import { mergeSatellites } from '../../src/cli/commands/run.ts';
import { InputError } from '../../src/io/inputError.ts';
import type { Mrio, SatelliteAccount } from '../../src/mrio/model.ts';

const v = (...xs: number[]) => new Float64Array(xs);
const DATASET: SatelliteAccount[] = [
  { name: 'social_income', unit: '10^4 CNY', kind: 'income', values: v(1, 1) },
  { name: 'compensation', unit: '10^4 CNY', kind: 'income_component', values: v(1, 1) },
  { name: 'employment', unit: 'persons', kind: 'employment', values: v(5, 5) },
  { name: 'SO2', unit: 't', kind: 'emission', precursor: 'SO2', values: v(7, 7), direct: v(1) },
];
const mrio = (satellites: SatelliteAccount[], primaryInputs?: Mrio['primaryInputs']) =>
  ({ x: v(10, 10), monetaryUnit: 'M.EUR', satellites, primaryInputs }) as unknown as Mrio;

describe('mergeSatellites (vchain run --mrio)', () => {
  it('keeps the dataset’s accounts for roles the table does not provide', () => {
    const m = mergeSatellites(
      DATASET,
      mrio([{ name: 'CO2/air', unit: 'kg', kind: 'other', values: v(1, 2) }]),
      'f',
      [],
    );
    expect(m.sources).toEqual({ income: 'dataset', employment: 'dataset', emissions: 'dataset' });
    expect(m.satellites.map((s) => s.name)).toEqual([...DATASET.map((s) => s.name), 'CO2/air']);
  });

  it("keeps a table's role-less account named like one taken from the dataset as 'mrio:NAME' (a pymrio export read back)", () => {
    const m = mergeSatellites(
      DATASET,
      mrio([{ name: 'SO2', unit: 't', kind: 'other', values: v(7, 7) }]),
      'f',
      [],
    );
    const names = m.satellites.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...DATASET.map((s) => s.name), 'mrio:SO2']);
  });

  it('--income sums the named primary-input rows (by exact name or code prefix) into social income', () => {
    const m = mergeSatellites(
      DATASET,
      mrio(
        [],
        [
          { name: 'VA001 compensation of employees', values: v(3, 4) },
          { name: 'VA003 depreciation of fixed assets', values: v(100, 100) },
          { name: 'VA004 operating surplus', values: v(0.5, 0.25) },
        ],
      ),
      'f',
      ['VA001', 'va004 operating surplus'],
    );
    const income = m.satellites.filter((s) => s.kind === 'income');
    expect(income).toHaveLength(1);
    expect([...income[0].values]).toEqual([3.5, 4.25]);
    expect(income[0].unit).toBe('M.EUR');
    // The dataset's components go with its income; the picked rows are the new components.
    expect(m.satellites.filter((s) => s.kind === 'income_component').map((s) => s.name)).toEqual([
      'VA001 compensation of employees',
      'VA004 operating surplus',
    ]);
    expect(m.sources.income).toBe('f (--income VA001 + va004 operating surplus)');
    expect(m.sources.employment).toBe('dataset');
  });

  it('the table’s own typed accounts replace the dataset’s; an unknown --income row is an InputError', () => {
    const own: SatelliteAccount = { name: 'jobs', unit: 'persons', kind: 'employment', values: v(2, 3) };
    const m = mergeSatellites(DATASET, mrio([own]), 'table.xlsx', []);
    expect(m.satellites.filter((s) => s.kind === 'employment')).toEqual([own]);
    expect(m.sources.employment).toBe('table.xlsx');
    expect(() =>
      mergeSatellites(DATASET, mrio([], [{ name: 'Value Added', values: v(1, 1) }]), 'f', ['GVA']),
    ).toThrow(InputError);
  });
});
