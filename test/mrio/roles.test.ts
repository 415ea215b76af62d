import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSectorRoleMap, readZoneMap } from '../../src/io/mapsReader.ts';
import { productRoles, zoneFlows, zoneTotals } from '../../src/mrio/roles.ts';
import { decomposeValueChain } from '../../src/mrio/valueChain.ts';
import { randomSystem, toyMrio } from './systems.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('product roles and zones', () => {
  it('role split adds up to Σ EX and Σ FE per exporting region', () => {
    const m = toyMrio();
    const acc = decomposeValueChain(m).indicators[0];
    const roles = productRoles(
      acc,
      m.regions,
      m.sectors,
      new Map([
        ['agri', 'resource_energy'],
        ['manu', 'other'],
      ] as const),
    );
    const G = 3;
    const N = 2;
    for (let s = 0; s < G; s++) {
      let ex = 0;
      let fe = 0;
      let exInt0 = 0;
      for (let r = 0; r < G; r++)
        for (let i = 0; i < N; i++) {
          const k = (s * G + r) * N + i;
          ex += acc.exFinal[k] + acc.exIntermediate[k];
          fe += acc.feFinal[k] + acc.feIntermediate[k];
          if (i === 0) exInt0 += acc.exIntermediate[k];
        }
      const row = (mm: typeof roles.local) => mm.data[s * 3] + mm.data[s * 3 + 1] + mm.data[s * 3 + 2];
      expect(row(roles.local)).toBeCloseTo(ex, 12);
      expect(row(roles.upstream)).toBeCloseTo(fe, 12);
      expect(roles.local.data[s * 3 + 1]).toBeCloseTo(exInt0, 12);
    }
    const sh = roles.shares;
    expect(sh.final + sh.resource_energy_intermediate + sh.other_intermediate).toBeCloseTo(1, 14);
    expect(() => productRoles(acc, m.regions, m.sectors, new Map())).toThrow(
      /sector 'agri' has no role class/,
    );
  });

  it('zone totals and zone flows preserve sums', () => {
    const sys = randomSystem(4, 2, 5);
    const acc = decomposeValueChain(sys.mrio).indicators[0];
    const zoneOf = new Map([
      ['R1', 'East'],
      ['R2', 'West'],
      ['R3', 'East'],
      ['R4', 'West'],
    ]);
    const zt = zoneTotals({ regions: sys.mrio.regions, unit: 't', values: acc.consumption }, zoneOf);
    expect(zt.regions).toEqual(['East', 'West']);
    expect(zt.values[0]).toBeCloseTo(acc.consumption[0] + acc.consumption[2], 12);
    const zf = zoneFlows({ regions: sys.mrio.regions, unit: 't', values: acc.flows }, zoneOf, [
      'West',
      'East',
    ]);
    expect(zf.values.data[1 * 2 + 0]).toBeCloseTo(
      acc.flows.data[0 * 4 + 1] +
        acc.flows.data[0 * 4 + 3] +
        acc.flows.data[2 * 4 + 1] +
        acc.flows.data[2 * 4 + 3],
      12,
    );
    expect(() =>
      zoneTotals({ regions: ['R1', 'R9'], unit: 't', values: new Float64Array(2) }, zoneOf),
    ).toThrow(/'R9' has no zone/);
  });

  it('shipped maps: 42 sectors (by code, English and Chinese name) and 31 provinces in 8 zones', () => {
    const sectors = readFileSync(join(ROOT, 'data/sources/china-io-2017/sectors_42_nbs2017.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    const codes = sectors.map((l) => l.split(',')[0]);
    const zh = sectors.map((l) => l.split(',').at(-1)!);
    const path = join(ROOT, 'data/maps/sector_roles_42.csv');
    const byCode = readSectorRoleMap(path, codes);
    const byZh = readSectorRoleMap(path, zh);
    const re = codes.filter((c) => byCode.get(c) === 'resource_energy');
    expect(re).toEqual(['01', '02', '03', '04', '05', '11', '13', '14', '24', '25', '26']);
    expect(zh.filter((c) => byZh.get(c) === 'resource_energy')).toHaveLength(11);
    expect(readSectorRoleMap(path, ['Smelting and processing of metals', '12']).get('12')).toBe('other');
    const { zoneOf, zones } = readZoneMap(join(ROOT, 'data/maps/zones_china31.csv'));
    expect(zones).toEqual([
      'Northeast',
      'Jing-Jin',
      'North Central',
      'Eastern Coast',
      'Southern Coast',
      'South Central',
      'Southwest',
      'Northwest',
    ]);
    expect(zoneOf.size).toBe(31);
    const points = readFileSync(join(ROOT, 'data/sources/china-provinces/province_points.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[2]);
    for (const p of zoneOf.keys()) expect(points).toContain(p);
    expect(zoneOf.get('Henan')).toBe('North Central');
  });
});
