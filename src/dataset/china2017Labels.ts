import { join } from 'node:path';
import { InputError } from '../io/inputError.ts';
import { readSectorRoleMap, readZoneMap } from '../io/mapsReader.ts';
import type { ProvinceActivity } from './china2017Emissions.ts';
import type { China2017Sources } from './china2017Sources.ts';
import type { Dataset } from './model.ts';

/**
 * What both China 2017 recipes attach to their tables besides money and satellites: region info,
 * zones and sector role classes (data/maps), and the physical activity the emission split uses.
 */
export interface China2017Labels {
  readonly regionInfo: Dataset['regionInfo'];
  readonly zones: readonly string[];
  readonly sectorRoleClass: Dataset['sectorRoleClass'];
}

export function china2017Labels(src: China2017Sources, mapsDir: string): China2017Labels {
  const provs = src.provinces;
  const zonesFile = join(mapsDir, 'zones_china31.csv');
  const { zoneOf } = readZoneMap(zonesFile);
  const zones = provs.map((p) => {
    const z = zoneOf.get(p.nameEn);
    if (!z) throw new InputError(zonesFile, `no zone for province '${p.nameEn}'`);
    return z;
  });
  const roleMap = readSectorRoleMap(join(mapsDir, 'sector_roles_42.csv'), src.table.sectorCodes);
  const sectorRoleClass = src.table.sectorCodes.map((c) => roleMap.get(c) as 'resource_energy' | 'other');
  return {
    regionInfo: provs.map((p) => ({
      name: p.nameEn,
      code: p.code,
      nameLocal: p.nameZh,
      lon: p.lon,
      lat: p.lat,
    })),
    zones,
    sectorRoleClass,
  };
}

/** Physical output by province in tonnes (CSY-2018, 10^4 t in the source), for process emissions. */
export function provinceActivities(src: China2017Sources): ProvinceActivity[] {
  return src.provinces.map((p) => ({
    code: p.code,
    nameEn: p.nameEn,
    crudeSteelT: p.crudeSteel * 1e4,
    pigIronT: p.pigIron * 1e4,
    cementT: p.cement * 1e4,
    nonferrousT: p.nonferrous * 1e4,
  }));
}
