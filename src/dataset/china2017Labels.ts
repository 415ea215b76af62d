import { join } from 'node:path';
import { InputError } from '../io/inputError.ts';
import { readSectorRoleMap, readZoneMap } from '../io/mapsReader.ts';
import { PRECURSORS, type SatelliteAccount } from '../mrio/model.ts';
import type { EmissionAllocation, ProvinceActivity } from './china2017Emissions.ts';
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

/** Citations of the emission and employment inputs both China 2017 recipes use. */
export const CHINA2017_SATELLITE_SOURCES: readonly string[] = [
  'Shan et al. (2018, 2020), Guan et al. (2021): CEADs provincial energy/CO2 inventory 2017',
  'Zheng et al. (2018) ACP 18:14095: MEIC national emissions by sector 2017',
  'Kurokawa & Ohara (2020) ACP 20:12761: REAS v3.2 provincial emissions 2015',
  'Klimont et al. (2017) ACP 17:8681: GAINS ECLIPSE v6b implied emission factors',
  'EMEP/EEA air pollutant emission inventory guidebook, Tier 1 factors',
  'Hoesly et al. (2018) GMD 11:369 (CEDS): China coke-production SO2, pig-iron process factors',
  'IPCC (2006) Guidelines Vol. 2 Table 1.4: default CO2 emission factors',
  'Wang, Jia & Wang (2021) Statistical Research 38(12):3-18: employment by industry 2017',
  'China City Statistical Yearbook 2018 (checks), MEE/CREA city PM2.5 2017',
];

/**
 * The satellite accounts of a China 2017 dataset, in the order every output lists them
 * (docs/dataset.md): social income and its parts (10^4 CNY), employment (persons), the five
 * precursors (t, households' direct emissions in `direct`).
 */
export function china2017Satellites(
  income: {
    readonly compensation: Float64Array;
    readonly netTaxes: Float64Array;
    readonly operatingSurplus: Float64Array;
  },
  employment: Float64Array,
  em: Pick<EmissionAllocation, 'values' | 'direct'>,
): SatelliteAccount[] {
  const { compensation, netTaxes, operatingSurplus } = income;
  const social = Float64Array.from(compensation, (c, k) => c + netTaxes[k] + operatingSurplus[k]);
  return [
    { name: 'social_income', unit: '10^4 CNY', kind: 'income', values: social },
    { name: 'compensation', unit: '10^4 CNY', kind: 'income_component', values: compensation },
    { name: 'net_taxes', unit: '10^4 CNY', kind: 'income_component', values: netTaxes },
    { name: 'operating_surplus', unit: '10^4 CNY', kind: 'income_component', values: operatingSurplus },
    { name: 'employment', unit: 'persons', kind: 'employment', values: employment },
    ...PRECURSORS.map(
      (p): SatelliteAccount => ({
        name: p,
        unit: 't',
        kind: 'emission',
        precursor: p,
        values: em.values[p],
        direct: em.direct[p],
      }),
    ),
  ];
}
