import { join } from 'node:path';
import { InputError } from '../io/inputError.ts';
import { EMPLOYMENT_TO_42 } from './china2017Recipe.ts';
import { CsvTable } from './csvTable.ts';

/**
 * The published inputs of the employment estimate (docs/employment.md), read from
 * data/sources/ (provenance in data/sources/PROVENANCE.md). Province order is that of
 * province_summary_2017.csv; sectors are the NBS-42 codes '01'…'42'. Every matrix is
 * province-major (index p·42 + s).
 */
export const EMPLOYMENT_SOURCE_FILES = {
  provincialIo: 'china-provincial-io-2017/provincial_io_2017_sector_summary.csv',
  provinces: 'china-2017-provincial/province_summary_2017.csv',
  nationalEmployment: 'china-io-2017/china_employment.csv',
  urbanUnit: 'china-employment/urban_unit_employment_by_province_2016_2024.csv',
  urbanUnitBySection: 'china-employment/urban_unit_employment_by_province_sector_2024.csv',
  industrialWages: 'china-employment/industrial_urban_unit_employment_by_province_io42_2016.csv',
  census: 'china-employment/ipio_census_industry_by_province_io42_2017.csv',
  householdIncome: 'china-employment/nbs_household_income_consumption_by_province_2017.csv',
  wagePressRelease: 'china-employment/nbs_wage_press_release_2017.csv',
} as const;

/** GB/T 4754 sections of the 2024 urban-unit table, in file order after TOTAL. */
export const URBAN_UNIT_SECTIONS = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
] as const;

export interface EmploymentProvince {
  readonly code: string; // GB/T 2260
  readonly name: string; // English, as in province_summary_2017.csv
}

export interface EmploymentSources {
  readonly dir: string;
  readonly provinces: readonly EmploymentProvince[];
  readonly sectors: readonly string[];
  /** VA001 compensation of employees, 10^4 CNY (provincial tables 2017). */
  readonly compensation: Float64Array;
  /** Resident population, persons (CSY-2018 original series). */
  readonly population: Float64Array;
  /** GDP, 10^8 CNY (CSY-2018 original). */
  readonly gdp: Float64Array;
  /** Urban non-private unit employment, persons. */
  readonly urbanUnit2016: Float64Array;
  readonly urbanUnit2017: Float64Array;
  /** Urban non-private unit employment 2024 by section (and 'TOTAL'), persons per province. */
  readonly urbanUnitBySection2024: ReadonlyMap<string, Float64Array>;
  /** 2016 urban-unit employment (persons, 0 where absent) and average wage (CNY, NaN where absent), sectors 02–26. */
  readonly industrialUrbanUnit2016: { readonly employment: Float64Array; readonly wage: Float64Array };
  /** Chen et al. 2023 census firm data, industrial sectors: persons (unconfirmed column) and labour compensation (CNY). */
  readonly census: { readonly persons: Float64Array; readonly compensation: Float64Array };
  /** National employment 2017 by NBS-42 sector (EMPLOYMENT_TO_42), persons. */
  readonly nationalEmployment: Float64Array;
  /** National total employed persons 2017 (row TOT), persons. */
  readonly nationalTotal: number;
  /** Per-capita disposable income of all residents 2017, CNY; and the national figure. */
  readonly householdIncome: Float64Array;
  readonly nationalHouseholdIncome: number;
  /** NBS wage press release (2018-05-15): 'indicator|region|year' → CNY per year. */
  readonly wagePressRelease: ReadonlyMap<string, number>;
}

const SECTORS = Array.from({ length: 42 }, (_, k) => String(k + 1).padStart(2, '0'));

function readProvinces(dir: string) {
  const t = CsvTable.read(join(dir, EMPLOYMENT_SOURCE_FILES.provinces));
  const provinces: EmploymentProvince[] = [];
  const population: number[] = [];
  const gdp: number[] = [];
  for (let r = 0; r < t.rows.length; r++) {
    const code = t.str(r, 'gb_code');
    if (provinces.some((p) => p.code === code))
      throw new InputError(
        t.file,
        `province ${code} given twice`,
        t.line(r),
        'gb_code',
        'one row per province',
      );
    provinces.push({ code, name: t.str(r, 'province_en') });
    population.push(positive(t, r, 'pop_2017_csy2018_original_1e4') * 1e4);
    gdp.push(positive(t, r, 'gdp_2017_original_1e8cny'));
  }
  return { provinces, population: Float64Array.from(population), gdp: Float64Array.from(gdp) };
}

function positive(t: CsvTable, r: number, col: string): number {
  const v = t.num(r, col);
  if (!(v > 0)) throw new InputError(t.file, `${v}`, t.line(r), col, 'a positive number');
  return v;
}

function nonNegative(t: CsvTable, r: number, col: string, blank?: number): number {
  const v = t.num(r, col, blank);
  if (v < 0) throw new InputError(t.file, `${v}`, t.line(r), col, 'a number ≥ 0');
  return v;
}

/** Index of a province row by GB code, checking that the name in `nameCol` agrees. */
function provinceByCode(
  t: CsvTable,
  r: number,
  byCode: ReadonlyMap<string, number>,
  provinces: readonly EmploymentProvince[],
  nameCol = 'province',
): number {
  const code = t.str(r, 'gb_code');
  const p = byCode.get(code);
  if (p === undefined)
    throw new InputError(
      t.file,
      `unknown province code '${code}'`,
      t.line(r),
      'gb_code',
      'a GB/T 2260 code of the 31 provinces',
    );
  if (t.str(r, nameCol) !== provinces[p].name)
    throw new InputError(
      t.file,
      `name '${t.str(r, nameCol)}'`,
      t.line(r),
      nameCol,
      `'${provinces[p].name}' (code ${code})`,
    );
  return p;
}

function sectorIndex(t: CsvTable, r: number, col: string): number {
  const s = SECTORS.indexOf(t.str(r, col));
  if (s < 0) throw new InputError(t.file, `sector '${t.str(r, col)}'`, t.line(r), col, "'01' … '42'");
  return s;
}

/** Fails when a (province, sector) cell of a province-major matrix is given twice or missing. */
class CellTracker {
  private readonly seen: Int32Array;
  constructor(
    readonly file: string,
    readonly n: number,
  ) {
    this.seen = new Int32Array(n);
  }
  mark(k: number, line: number): void {
    if (this.seen[k] !== 0)
      throw new InputError(
        this.file,
        `cell given twice (first in row ${this.seen[k]})`,
        line,
        undefined,
        'one row per cell',
      );
    this.seen[k] = line;
  }
  requireAll(label: (k: number) => string): void {
    const k = this.seen.indexOf(0);
    if (k >= 0)
      throw new InputError(
        this.file,
        `no row for ${label(k)}`,
        undefined,
        undefined,
        'every province × sector',
      );
  }
}

function readCompensation(dir: string, provinces: readonly EmploymentProvince[]): Float64Array {
  const t = CsvTable.read(join(dir, EMPLOYMENT_SOURCE_FILES.provincialIo));
  const byName = new Map(provinces.map((p, k) => [p.name, k]));
  const N = SECTORS.length;
  const out = new Float64Array(provinces.length * N);
  const cells = new CellTracker(t.file, out.length);
  for (let r = 0; r < t.rows.length; r++) {
    const p = byName.get(t.str(r, 'province'));
    if (p === undefined)
      throw new InputError(
        t.file,
        `unknown province '${t.str(r, 'province')}'`,
        t.line(r),
        'province',
        'a name of province_summary_2017.csv',
      );
    const k = p * N + sectorIndex(t, r, 'sector');
    cells.mark(k, t.line(r));
    out[k] = nonNegative(t, r, 'VA001');
  }
  cells.requireAll((k) => `${provinces[Math.floor(k / N)].name} / ${SECTORS[k % N]}`);
  return out;
}

function readUrbanUnit(dir: string, provinces: readonly EmploymentProvince[], byCode: Map<string, number>) {
  const t = CsvTable.read(join(dir, EMPLOYMENT_SOURCE_FILES.urbanUnit));
  const P = provinces.length;
  const y2016 = new Float64Array(P).fill(Number.NaN);
  const y2017 = new Float64Array(P).fill(Number.NaN);
  for (let r = 0; r < t.rows.length; r++) {
    const year = t.str(r, 'year');
    if (year !== '2016' && year !== '2017') continue;
    const p = provinceByCode(t, r, byCode, provinces);
    const target = year === '2016' ? y2016 : y2017;
    if (!Number.isNaN(target[p]))
      throw new InputError(
        t.file,
        `${provinces[p].name} ${year} given twice`,
        t.line(r),
        'year',
        'one row per province and year',
      );
    target[p] = positive(t, r, 'employed_urban_units_1e4') * 1e4;
  }
  for (const [v, y] of [
    [y2016, '2016'],
    [y2017, '2017'],
  ] as const) {
    const p = v.findIndex((x) => Number.isNaN(x));
    if (p >= 0)
      throw new InputError(
        t.file,
        `no ${y} row for ${provinces[p].name}`,
        undefined,
        'year',
        `a ${y} row for every province`,
      );
  }
  return { y2016, y2017 };
}

function readSections(dir: string, provinces: readonly EmploymentProvince[], byCode: Map<string, number>) {
  const t = CsvTable.read(join(dir, EMPLOYMENT_SOURCE_FILES.urbanUnitBySection));
  const P = provinces.length;
  const names = ['TOTAL', ...URBAN_UNIT_SECTIONS];
  const m = new Map<string, Float64Array>(names.map((s) => [s, new Float64Array(P).fill(Number.NaN)]));
  for (let r = 0; r < t.rows.length; r++) {
    const p = provinceByCode(t, r, byCode, provinces);
    const v = m.get(t.str(r, 'section'));
    if (!v)
      throw new InputError(
        t.file,
        `section '${t.str(r, 'section')}'`,
        t.line(r),
        'section',
        `one of ${names.join(', ')}`,
      );
    if (!Number.isNaN(v[p]))
      throw new InputError(
        t.file,
        `${provinces[p].name} ${t.str(r, 'section')} given twice`,
        t.line(r),
        'section',
      );
    v[p] = nonNegative(t, r, 'employed_urban_units_1e4') * 1e4;
  }
  for (const [s, v] of m) {
    const p = v.findIndex((x) => Number.isNaN(x));
    if (p >= 0)
      throw new InputError(
        t.file,
        `no section ${s} row for ${provinces[p].name}`,
        undefined,
        'section',
        'every section for every province',
      );
  }
  return m;
}

function readIndustrial(dir: string, provinces: readonly EmploymentProvince[], byCode: Map<string, number>) {
  const t = CsvTable.read(join(dir, EMPLOYMENT_SOURCE_FILES.industrialWages));
  const N = SECTORS.length;
  const employment = new Float64Array(provinces.length * N);
  const wage = new Float64Array(provinces.length * N).fill(Number.NaN);
  const cells = new CellTracker(t.file, employment.length);
  for (let r = 0; r < t.rows.length; r++) {
    const p = provinceByCode(t, r, byCode, provinces);
    const s = sectorIndex(t, r, 'io42_sector');
    if (s < 1 || s > 25)
      throw new InputError(
        t.file,
        `sector '${SECTORS[s]}'`,
        t.line(r),
        'io42_sector',
        "an industrial sector '02' … '26'",
      );
    const k = p * N + s;
    cells.mark(k, t.line(r));
    employment[k] = nonNegative(t, r, 'employed_persons');
    const w = t.num(r, 'avg_wage_cny', Number.NaN);
    if (employment[k] > 0) {
      if (!(w > 0))
        throw new InputError(
          t.file,
          `wage '${t.str(r, 'avg_wage_cny')}'`,
          t.line(r),
          'avg_wage_cny',
          'a positive wage where employed_persons > 0',
        );
      wage[k] = w;
    }
  }
  return { employment, wage };
}

function readCensus(dir: string, provinces: readonly EmploymentProvince[], byCode: Map<string, number>) {
  const t = CsvTable.read(join(dir, EMPLOYMENT_SOURCE_FILES.census));
  const N = SECTORS.length;
  const persons = new Float64Array(provinces.length * N);
  const compensation = new Float64Array(provinces.length * N);
  const cells = new CellTracker(t.file, persons.length);
  for (let r = 0; r < t.rows.length; r++) {
    const k = provinceByCode(t, r, byCode, provinces) * N + sectorIndex(t, r, 'io42_sector');
    cells.mark(k, t.line(r));
    persons[k] = nonNegative(t, r, 'g1_total_probably_persons', 0);
    compensation[k] = nonNegative(t, r, 'labour_comp_total_1e3_cny', 0) * 1e3;
  }
  return { persons, compensation };
}

function readNationalEmployment(dir: string) {
  const t = CsvTable.read(join(dir, EMPLOYMENT_SOURCE_FILES.nationalEmployment));
  const byCode = new Map<string, number>();
  for (let r = 0; r < t.rows.length; r++) byCode.set(t.str(r, 'Code'), r);
  const value = (code: string) => {
    const r = byCode.get(code);
    if (r === undefined)
      throw new InputError(t.file, `no industry '${code}'`, undefined, 'Code', `a row '${code}'`);
    return nonNegative(t, r, '2017') * 1e4;
  };
  const bySector = Float64Array.from(EMPLOYMENT_TO_42, (codes) => codes.reduce((s, c) => s + value(c), 0));
  return { bySector, total: value('TOT') };
}

function readHouseholdIncome(
  dir: string,
  provinces: readonly EmploymentProvince[],
  byCode: Map<string, number>,
) {
  const t = CsvTable.read(join(dir, EMPLOYMENT_SOURCE_FILES.householdIncome));
  const income = new Float64Array(provinces.length).fill(Number.NaN);
  let national = Number.NaN;
  for (let r = 0; r < t.rows.length; r++) {
    const code = t.str(r, 'gb_code');
    const v = positive(t, r, 'disposable_income_per_capita_cny');
    if (code === '000000') {
      national = v;
      continue;
    }
    income[provinceByCode(t, r, byCode, provinces, 'province_en')] = v;
  }
  const p = income.findIndex((x) => Number.isNaN(x));
  if (p >= 0)
    throw new InputError(t.file, `no row for ${provinces[p].name}`, undefined, 'gb_code', 'every province');
  if (Number.isNaN(national))
    throw new InputError(t.file, 'no national row', undefined, 'gb_code', "a row '000000'");
  return { income, national };
}

function readPressRelease(dir: string): Map<string, number> {
  const t = CsvTable.read(join(dir, EMPLOYMENT_SOURCE_FILES.wagePressRelease));
  const m = new Map<string, number>();
  for (let r = 0; r < t.rows.length; r++)
    m.set(`${t.str(r, 'indicator')}|${t.str(r, 'region')}|${t.str(r, 'year')}`, positive(t, r, 'value'));
  return m;
}

export function readEmploymentSources(dir: string): EmploymentSources {
  const { provinces, population, gdp } = readProvinces(dir);
  const byCode = new Map(provinces.map((p, k) => [p.code, k]));
  const urban = readUrbanUnit(dir, provinces, byCode);
  const national = readNationalEmployment(dir);
  const income = readHouseholdIncome(dir, provinces, byCode);
  return {
    dir,
    provinces,
    sectors: SECTORS,
    compensation: readCompensation(dir, provinces),
    population,
    gdp,
    urbanUnit2016: urban.y2016,
    urbanUnit2017: urban.y2017,
    urbanUnitBySection2024: readSections(dir, provinces, byCode),
    industrialUrbanUnit2016: readIndustrial(dir, provinces, byCode),
    census: readCensus(dir, provinces, byCode),
    nationalEmployment: national.bySector,
    nationalTotal: national.total,
    householdIncome: income.income,
    nationalHouseholdIncome: income.national,
    wagePressRelease: readPressRelease(dir),
  };
}

/** A press-release figure, or an InputError naming the file. */
export function pressReleaseWage(
  src: EmploymentSources,
  indicator: string,
  region: string,
  year: string,
): number {
  const v = src.wagePressRelease.get(`${indicator}|${region}|${year}`);
  if (v === undefined)
    throw new InputError(
      join(src.dir, EMPLOYMENT_SOURCE_FILES.wagePressRelease),
      `no row ${indicator} / ${region} / ${year}`,
      undefined,
      'indicator',
      'that row',
    );
  return v;
}
