import type { SectorRoleClass } from '../mrio/model.ts';
import { readCsvRecords } from './csvFile.ts';
import { clipEcho, InputError } from './inputError.ts';

const norm = (s: string) => s.trim().toLowerCase();

/**
 * Sector → role class for the given sector labels (data/maps/sector_roles_42.csv layout:
 * code,name_en,name_zh,role_class). A label matches the code, the English or the Chinese name.
 */
export function readSectorRoleMap(path: string, sectors: readonly string[]): Map<string, SectorRoleClass> {
  const { rows, lines } = readCsvRecords(path, ['code', 'role_class']);
  const byKey = new Map<string, SectorRoleClass>();
  rows.forEach((row, k) => {
    const c = row.role_class?.trim();
    if (c !== 'resource_energy' && c !== 'other')
      throw new InputError(
        path,
        `role_class ${clipEcho(c ?? '')}`,
        lines[k],
        'role_class',
        "'resource_energy' or 'other'",
      );
    for (const key of [row.code, row.name_en, row.name_zh]) if (key) byKey.set(norm(key), c);
    if (/^\d+$/.test(row.code ?? '')) byKey.set(String(Number(row.code)), c);
  });
  const out = new Map<string, SectorRoleClass>();
  for (const s of sectors) {
    const c = byKey.get(norm(s)) ?? (/^\d+$/.test(s.trim()) ? byKey.get(String(Number(s))) : undefined);
    if (c === undefined)
      throw new InputError(
        path,
        `no role for sector ${clipEcho(s)}`,
        undefined,
        undefined,
        'a row whose code or name matches',
      );
    out.set(s, c);
  }
  return out;
}

/** Region → zone (data/maps/zones_china31.csv layout: gb_code,province,zone), with the zone order of the file. */
export function readZoneMap(path: string): { zoneOf: Map<string, string>; zones: string[] } {
  const { rows, lines } = readCsvRecords(path, ['province', 'zone']);
  const zoneOf = new Map<string, string>();
  const zones: string[] = [];
  rows.forEach((row, k) => {
    const p = row.province?.trim();
    const z = row.zone?.trim();
    if (!p || !z) throw new InputError(path, 'empty province or zone', lines[k]);
    if (zoneOf.has(p))
      throw new InputError(path, `province ${clipEcho(p)} listed twice`, lines[k], 'province');
    zoneOf.set(p, z);
    if (!zones.includes(z)) zones.push(z);
  });
  return { zoneOf, zones };
}
