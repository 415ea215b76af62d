import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { SectorRoleClass } from '../mrio/model.ts';
import { InputError } from './inputError.ts';

function readTable(path: string, required: readonly string[]): Record<string, string>[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(path, `cannot read file (${(e as Error).message})`);
  }
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    throw new InputError(path, e.message, e.row !== undefined ? e.row + 2 : undefined);
  }
  for (const c of required)
    if (!parsed.meta.fields?.includes(c))
      throw new InputError(path, `missing column '${c}'`, 1, c, `columns ${required.join(', ')}`);
  return parsed.data;
}

const norm = (s: string) => s.trim().toLowerCase();

/**
 * Sector → role class for the given sector labels (data/maps/sector_roles_42.csv layout:
 * code,name_en,name_zh,role_class). A label matches the code, the English or the Chinese name.
 */
export function readSectorRoleMap(path: string, sectors: readonly string[]): Map<string, SectorRoleClass> {
  const rows = readTable(path, ['code', 'role_class']);
  const byKey = new Map<string, SectorRoleClass>();
  rows.forEach((row, k) => {
    const c = row.role_class?.trim();
    if (c !== 'resource_energy' && c !== 'other')
      throw new InputError(path, `role_class '${c}'`, k + 2, 'role_class', "'resource_energy' or 'other'");
    for (const key of [row.code, row.name_en, row.name_zh]) if (key) byKey.set(norm(key), c);
    if (/^\d+$/.test(row.code ?? '')) byKey.set(String(Number(row.code)), c);
  });
  const out = new Map<string, SectorRoleClass>();
  for (const s of sectors) {
    const c = byKey.get(norm(s)) ?? (/^\d+$/.test(s.trim()) ? byKey.get(String(Number(s))) : undefined);
    if (c === undefined)
      throw new InputError(
        path,
        `no role for sector '${s}'`,
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
  const rows = readTable(path, ['province', 'zone']);
  const zoneOf = new Map<string, string>();
  const zones: string[] = [];
  rows.forEach((row, k) => {
    const p = row.province?.trim();
    const z = row.zone?.trim();
    if (!p || !z) throw new InputError(path, 'empty province or zone', k + 2);
    if (zoneOf.has(p)) throw new InputError(path, `province '${p}' listed twice`, k + 2, 'province');
    zoneOf.set(p, z);
    if (!zones.includes(z)) zones.push(z);
  });
  return { zoneOf, zones };
}
