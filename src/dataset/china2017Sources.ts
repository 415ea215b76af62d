import { join } from 'node:path';
import { InputError } from '../io/inputError.ts';
import { CsvTable } from './csvTable.ts';

/**
 * The published inputs of the China 2017 recipe, read from data/sources/ (see
 * data/sources/PROVENANCE.md for every file). Values keep their source units except where a
 * field name says otherwise.
 */
export interface ProvinceRecord {
  readonly code: string; // GB/T 2260
  readonly nameEn: string;
  readonly nameZh: string;
  readonly lon: number; // planar area-weighted centroid
  readonly lat: number;
  readonly areaKm2: number;
  readonly populationOriginal: number; // persons, CSY-2018 original series
  readonly gdp: number; // 10^8 CNY, CSY-2018 original
  readonly gdpPrimary: number;
  readonly gdpSecondary: number;
  readonly gdpTertiary: number;
  readonly genThermal: number; // 10^8 kWh
  readonly genTotal: number;
  readonly crudeSteel: number; // 10^4 t (blank = 0)
  readonly pigIron: number;
  readonly cement: number;
  readonly nonferrous: number;
  readonly pm25: number; // µg/m³ population-weighted
  readonly indSo2CitySum: number; // t, NaN when blank
  readonly indNoxCitySum: number;
}

export interface NationalTable {
  readonly sectorCodes: readonly string[];
  readonly sectorNames: readonly string[];
  readonly sectorNamesZh: readonly string[];
  readonly Zdom: Float64Array; // N×N, 10^4 CNY
  readonly importsIntermediate: Float64Array; // column sums of the imported-use block, N
  readonly va: Readonly<Record<'VA001' | 'VA002' | 'VA003' | 'VA004', Float64Array>>;
  readonly TC: Float64Array; // domestic final consumption
  readonly FU201: Float64Array; // gross fixed capital formation
  readonly FU202: Float64Array; // inventory change
  readonly EX: Float64Array; // exports
  readonly GO: Float64Array; // gross output (row)
  readonly TI: Float64Array; // total input (column)
}

export interface China2017Sources {
  readonly dir: string;
  readonly provinces: readonly ProvinceRecord[];
  readonly adjacentPairs: ReadonlySet<string>; // 'codeA|codeB' both orders
  readonly table: NationalTable;
  /** Shares of rural household, urban household, government consumption in TC per sector (NBS 2015 table). */
  readonly consumptionSplit2015: readonly [Float64Array, Float64Array, Float64Array];
  /** National employment 2017 by NBS industry code (A, B01, ...), 10^4 persons. */
  readonly employment2017: ReadonlyMap<string, number>;
  /** CEADs 2017 CO2 (Mt) by province name → CEADs sector → fuel. No Tibet. */
  readonly ceads: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, number>>>;
  /** MEIC 2017 national emissions, Tg: species → MEIC sector. */
  readonly meic2017: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** REAS v3.2 2015 provincial emissions (kt) by GB code → '<species>_<sector>' column. */
  readonly reas2015: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** GAINS ECLIPSE v6b 2015 implied EFs: '<sector_group>|<species>' → value (kg/GJ or kg/t). */
  readonly gainsEf2015: ReadonlyMap<string, number>;
  /** EMEP/EEA Tier 1: '<NFR>|<Fuel>|<Pollutant>' → value in the file's unit. */
  readonly emep: ReadonlyMap<string, number>;
  /** CEDS China coke-production SO2 2017, kt. */
  readonly cokeSo2_2017_kt: number;
  /** CEDS pig-iron process EFs, kt/kt. */
  readonly pigIronEf: { readonly SO2: number; readonly NOx: number };
}

export const SOURCE_FILES = {
  io2017: 'china-io-2017/china_2017_42.csv',
  io2015: 'china-io-2017/china_2015_42.csv',
  sectors: 'china-io-2017/sectors_42_nbs2017.csv',
  employment: 'china-io-2017/china_employment.csv',
  summary: 'china-2017-provincial/province_summary_2017.csv',
  points: 'china-provinces/province_points.csv',
  adjacency: 'china-provinces/province_adjacency.csv',
  ceads: 'china-2017-provincial/ceads-co2-2017/ceads_2017_province_sector_fuel_long.csv',
  meic: 'emissions/meic_zheng2018/meic_china_2017_by_sector_Tg.csv',
  reas: 'emissions/reas_v3.2_china_provinces/reas32_china_31prov_2015_five_pollutants_kt.csv',
  gains: 'emissions/gains_eclipse_v6b_china/gains_eclipse_v6b_CHIN_PLUS_implied_emission_factors.csv',
  emep: 'emissions/emep_eea_guidebook_tier1/emep_eea_tier1_ef_main_pollutants.csv',
  cokeSo2: 'emissions/ceds_china_ef_parameters/U.SO2_China_Coke_Production.csv',
  pigIronSo2: 'emissions/ceds_china_ef_parameters/U.SO2_pig_iron_EF.csv',
  pigIronNox: 'emissions/ceds_china_ef_parameters/U.NOx_pig_iron_EF.csv',
  cityEmissions: 'china-2017-provincial/city-yearbook-2017/province_industrial_emissions_citysum_2017.csv',
} as const;

const KM_PER_DEG = 111.32;

function readProvinces(dir: string): ProvinceRecord[] {
  const s = CsvTable.read(join(dir, SOURCE_FILES.summary));
  const p = CsvTable.read(join(dir, SOURCE_FILES.points));
  const out: ProvinceRecord[] = [];
  for (let r = 0; r < s.rows.length; r++) {
    const code = s.str(r, 'gb_code');
    const pr = p.findRow('gb_code', code);
    const lat = p.num(pr, 'centroid_lat');
    const nameEn = p.str(pr, 'name_en');
    if (nameEn !== s.str(r, 'province_en'))
      throw new InputError(
        p.file,
        `name '${nameEn}' differs from summary '${s.str(r, 'province_en')}'`,
        pr + 2,
        'name_en',
      );
    out.push({
      code,
      nameEn,
      nameZh: s.str(r, 'province_zh'),
      lon: p.num(pr, 'centroid_lon'),
      lat,
      areaKm2: p.num(pr, 'planar_area_deg2') * KM_PER_DEG * KM_PER_DEG * Math.cos((lat * Math.PI) / 180),
      populationOriginal: s.num(r, 'pop_2017_csy2018_original_1e4') * 1e4,
      gdp: s.num(r, 'gdp_2017_original_1e8cny'),
      gdpPrimary: s.num(r, 'gdp_primary'),
      gdpSecondary: s.num(r, 'gdp_secondary'),
      gdpTertiary: s.num(r, 'gdp_tertiary'),
      genThermal: s.num(r, 'elec_gen_thermal_1e8kwh'),
      genTotal: s.num(r, 'elec_gen_total_1e8kwh'),
      crudeSteel: s.num(r, 'crude_steel_1e4t', 0),
      pigIron: s.num(r, 'pig_iron_1e4t', 0),
      cement: s.num(r, 'cement_1e4t', 0),
      nonferrous: s.num(r, 'ten_nonferrous_1e4t', 0),
      pm25: s.num(r, 'pm25_2017_popweighted_ugm3'),
      indSo2CitySum: s.num(r, 'ind_so2_citysum_t', Number.NaN),
      indNoxCitySum: s.num(r, 'ind_nox_citysum_t', Number.NaN),
    });
  }
  if (out.length !== 31)
    throw new InputError(s.file, `${out.length} provinces`, undefined, undefined, '31 rows');
  return out;
}

function readAdjacency(dir: string): Set<string> {
  const t = CsvTable.read(join(dir, SOURCE_FILES.adjacency));
  const set = new Set<string>();
  for (let r = 0; r < t.rows.length; r++) {
    const a = t.str(r, 'gb_code_a');
    const b = t.str(r, 'gb_code_b');
    set.add(`${a}|${b}`);
    set.add(`${b}|${a}`);
  }
  return set;
}

function readNationalTable(dir: string): NationalTable {
  const t = CsvTable.read(join(dir, SOURCE_FILES.io2017));
  const cols = t.header.slice(4, 46);
  const N = cols.length;
  for (let j = 0; j < N; j++) {
    const want = String(j + 1).padStart(2, '0');
    if (cols[j] !== want) throw new InputError(t.file, `column '${cols[j]}'`, 1, j + 5, `'${want}'`);
  }
  const codes: string[] = [];
  const names: string[] = [];
  const namesZh: string[] = [];
  const Zdom = new Float64Array(N * N);
  const imp = new Float64Array(N);
  const fd = {
    TC: new Float64Array(N),
    FU201: new Float64Array(N),
    FU202: new Float64Array(N),
    EX: new Float64Array(N),
    GO: new Float64Array(N),
  };
  for (let r = 0; r < 2 * N; r++) {
    const origin = t.str(r, 'Origin');
    const want = r < N ? 'Domestic' : 'Imports';
    if (origin !== want) throw new InputError(t.file, `Origin '${origin}'`, t.line(r), 'Origin', `'${want}'`);
    const i = r % N;
    for (let j = 0; j < N; j++) {
      const v = t.num(r, cols[j]);
      if (r < N) Zdom[i * N + j] = v;
      else imp[j] += v;
    }
    if (r < N) {
      codes.push(t.str(r, 'Code'));
      names.push(t.str(r, 'Description'));
      namesZh.push(t.str(r, 'DescriptionInChinese'));
      for (const k of ['TC', 'FU201', 'FU202', 'EX', 'GO'] as const) fd[k][i] = t.num(r, k);
    }
  }
  const vaRow = (code: string): Float64Array => {
    const r = t.findRow('Code', code);
    return Float64Array.from(cols, (c) => t.num(r, c));
  };
  return {
    sectorCodes: codes,
    sectorNames: names,
    sectorNamesZh: namesZh,
    Zdom,
    importsIntermediate: imp,
    va: { VA001: vaRow('VA001'), VA002: vaRow('VA002'), VA003: vaRow('VA003'), VA004: vaRow('VA004') },
    TC: fd.TC,
    FU201: fd.FU201,
    FU202: fd.FU202,
    EX: fd.EX,
    GO: fd.GO,
    TI: vaRow('TI'),
  };
}

function readConsumptionSplit(dir: string, N: number): [Float64Array, Float64Array, Float64Array] {
  const t = CsvTable.read(join(dir, SOURCE_FILES.io2015));
  const rural = new Float64Array(N);
  const urban = new Float64Array(N);
  const gov = new Float64Array(N);
  let tr = 0;
  let tu = 0;
  let tg = 0;
  for (let i = 0; i < N; i++) {
    const r = t.findRow('Code', String(i + 1).padStart(2, '0'));
    rural[i] = t.num(r, 'FU101');
    urban[i] = t.num(r, 'FU102');
    gov[i] = t.num(r, 'FU103');
    tr += rural[i];
    tu += urban[i];
    tg += gov[i];
  }
  for (let i = 0; i < N; i++) {
    let s = rural[i] + urban[i] + gov[i];
    // A sector with no 2015 consumption takes the all-sector split.
    if (!(s > 0)) {
      rural[i] = tr;
      urban[i] = tu;
      gov[i] = tg;
      s = tr + tu + tg;
    }
    rural[i] /= s;
    urban[i] /= s;
    gov[i] /= s;
  }
  return [rural, urban, gov];
}

function readEmployment(dir: string): Map<string, number> {
  const t = CsvTable.read(join(dir, SOURCE_FILES.employment));
  const m = new Map<string, number>();
  for (let r = 0; r < t.rows.length; r++) m.set(t.str(r, 'Code'), t.num(r, '2017'));
  return m;
}

function readCeads(dir: string): Map<string, Map<string, Map<string, number>>> {
  const t = CsvTable.read(join(dir, SOURCE_FILES.ceads));
  const m = new Map<string, Map<string, Map<string, number>>>();
  for (let r = 0; r < t.rows.length; r++) {
    const p = t.str(r, 'province_en');
    const s = t.str(r, 'sector');
    const f = t.str(r, 'fuel');
    let ps = m.get(p);
    if (!ps) m.set(p, (ps = new Map()));
    let sf = ps.get(s);
    if (!sf) ps.set(s, (sf = new Map()));
    sf.set(f, t.num(r, 'mt_co2', 0));
  }
  return m;
}

function readMeic(dir: string): Map<string, Map<string, number>> {
  const t = CsvTable.read(join(dir, SOURCE_FILES.meic));
  const m = new Map<string, Map<string, number>>();
  for (let r = 0; r < t.rows.length; r++) {
    const row = new Map<string, number>();
    for (const c of t.header.slice(1)) row.set(c, t.num(r, c));
    m.set(t.str(r, 'species'), row);
  }
  return m;
}

function readReas(dir: string): Map<string, Map<string, number>> {
  const t = CsvTable.read(join(dir, SOURCE_FILES.reas));
  const m = new Map<string, Map<string, number>>();
  for (let r = 0; r < t.rows.length; r++) {
    const row = new Map<string, number>();
    for (const c of t.header.slice(2)) row.set(c, t.num(r, c, 0));
    m.set(t.str(r, 'gb_code'), row);
  }
  return m;
}

function readGains(dir: string): Map<string, number> {
  const t = CsvTable.read(join(dir, SOURCE_FILES.gains));
  const m = new Map<string, number>();
  for (let r = 0; r < t.rows.length; r++)
    if (t.str(r, 'year') === '2015')
      m.set(`${t.str(r, 'sector_group')}|${t.str(r, 'species')}`, t.num(r, 'implied_ef'));
  return m;
}

function readEmep(dir: string): Map<string, number> {
  const t = CsvTable.read(join(dir, SOURCE_FILES.emep));
  const m = new Map<string, number>();
  for (let r = 0; r < t.rows.length; r++) {
    if (t.str(r, 'Region') !== 'NA' || t.str(r, 'Abatement') !== '') continue;
    const key = `${t.str(r, 'NFR')}|${t.str(r, 'Fuel')}|${t.str(r, 'Pollutant')}`;
    const v = t.num(r, 'Value', Number.NaN); // a few rows have no value
    if (!m.has(key) && Number.isFinite(v)) m.set(key, v);
  }
  return m;
}

function readCedsYear(dir: string, file: string, year: string): number {
  const t = CsvTable.read(join(dir, file));
  return t.num(0, `X${year}`);
}

export function readChina2017Sources(dir: string): China2017Sources {
  const table = readNationalTable(dir);
  return {
    dir,
    provinces: readProvinces(dir),
    adjacentPairs: readAdjacency(dir),
    table,
    consumptionSplit2015: readConsumptionSplit(dir, table.sectorCodes.length),
    employment2017: readEmployment(dir),
    ceads: readCeads(dir),
    meic2017: readMeic(dir),
    reas2015: readReas(dir),
    gainsEf2015: readGains(dir),
    emep: readEmep(dir),
    cokeSo2_2017_kt: readCedsYear(dir, SOURCE_FILES.cokeSo2, '2017'),
    pigIronEf: {
      // The CEDS files hold one constant value (column X2000, EMEP/EEA 2016 Tier 2).
      SO2: readCedsYear(dir, SOURCE_FILES.pigIronSo2, '2000'),
      NOx: readCedsYear(dir, SOURCE_FILES.pigIronNox, '2000'),
    },
  };
}

/** Looks up a required key, failing with an InputError naming the source file. */
export function required<K, V>(m: ReadonlyMap<K, V>, key: K, file: string, what: string): V {
  const v = m.get(key);
  if (v === undefined) throw new InputError(file, `missing ${what} '${String(key)}'`);
  return v;
}
