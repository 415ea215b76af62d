import { createHash } from 'node:crypto';
import { join, relative, resolve } from 'node:path';
import { vslMode } from '../health/model.ts';
import type {
  AgeStructure,
  BaselineMortality,
  ExcludedEndpoint,
  GemmCurve,
  GemmParameterSet,
  HealthParameters,
  IerCurveDraws,
  IerParameterSet,
  MorbidityEndpoint,
  MortalityCause,
  PriceIndex,
  VslParameters,
} from '../health/types.ts';
import { MORTALITY_CAUSES } from '../health/types.ts';
import { VSL_ELASTICITY_RANGE } from '../health/valuation.ts';
import type { RegionVector } from '../mrio/model.ts';
import { csvRecords, parseCsvText } from './csvFile.ts';
import { decimalAt, parseDecimal } from './decimalNumber.ts';
import { clipEcho, InputError } from './inputError.ts';
import { PACKAGE_DATA_DIR } from './packageData.ts';
import { decodeUtf8, readInputBytes } from './textFile.ts';

/** A parsed CSV: header names and rows as records; `lines[i]` is the 1-based file row of record i. */
interface Table {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly Record<string, string>[];
  readonly lines: readonly number[];
  readonly hash: string;
}

const rowNo = (t: Table, i: number) => t.lines[i];

function readTable(file: string, required: readonly string[], hashes?: Record<string, string>): Table {
  const bytes = readInputBytes(file, `a CSV with columns ${required.join(', ')}`);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  if (hashes) hashes[displayPath(file)] = hash;
  const t = parseCsvText(decodeUtf8(bytes, file, ','), file, {
    expected: `a CSV with columns ${required.join(', ')}`,
    required,
  });
  return { file, header: t.header, rows: csvRecords(t), lines: t.lines, hash };
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel.startsWith('..') ? resolve(file) : rel;
}

/**
 * Highest baseline mortality rate accepted, deaths per 100,000 per year: 10⁵, i.e. one death per
 * person-year (a rate is a probability per person-year; docs/health.md "Input ranges").
 */
const MORTALITY_RATE_MAX_PER100K = 1e5;

function num(
  t: Table,
  i: number,
  col: string,
  opts: { min?: number; max?: number; optional?: boolean } = {},
): number {
  const raw = (t.rows[i][col] ?? '').trim();
  if (raw === '' || raw === 'NA') {
    if (opts.optional) return Number.NaN;
    throw new InputError(t.file, 'empty value', rowNo(t, i), col, 'a number');
  }
  const v = decimalAt(raw, t.file, rowNo(t, i), col);
  if (opts.min !== undefined && v < opts.min) {
    throw new InputError(t.file, `${v} is below ${opts.min}`, rowNo(t, i), col, `a number ≥ ${opts.min}`);
  }
  if (opts.max !== undefined && v > opts.max) {
    throw new InputError(t.file, `${v} is above ${opts.max}`, rowNo(t, i), col, `a number ≤ ${opts.max}`);
  }
  return v;
}

function str(t: Table, i: number, col: string): string {
  return (t.rows[i][col] ?? '').trim();
}

function ageOf(t: Table, i: number, col: string): number | null {
  const raw = str(t, i, col);
  if (raw === 'ALL') return null;
  const v = parseDecimal(raw) ?? Number.NaN;
  if (!Number.isInteger(v) || v < 0 || v > 95 || v % 5 !== 0) {
    throw new InputError(
      t.file,
      `age band ${clipEcho(raw)}`,
      rowNo(t, i),
      col,
      "a 5-year band start 0..95 or 'ALL'",
    );
  }
  return v;
}

function causeOf(t: Table, i: number, col: string): MortalityCause | null {
  const c = str(t, i, col);
  return (MORTALITY_CAUSES as readonly string[]).includes(c) ? (c as MortalityCause) : null;
}

/** The mortality cause in column `col` of row i, or a located error. */
function causeAt(t: Table, i: number, col: string, file: string): MortalityCause {
  const cause = causeOf(t, i, col);
  if (!cause)
    throw new InputError(
      file,
      `unknown ${col} ${clipEcho(str(t, i, col))}`,
      rowNo(t, i),
      col,
      MORTALITY_CAUSES.join('|'),
    );
  return cause;
}

/** GBD IER joint draws (ier2015_draws.csv / ier2017_draws.csv). */
export function readIerDraws(
  file: string,
  name: 'ier2015' | 'ier2017',
  hashes?: Record<string, string>,
): IerParameterSet {
  const t = readTable(file, ['draw', 'cause', 'age_start', 'alpha', 'gamma', 'delta', 'zcf'], hashes);
  const groups = new Map<string, { cause: MortalityCause; age: number | null; rows: number[] }>();
  for (let i = 0; i < t.rows.length; i++) {
    const cause = causeAt(t, i, 'cause', file);
    const age = ageOf(t, i, 'age_start');
    const key = `${cause}|${age}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { cause, age, rows: [] }));
    g.rows.push(i);
  }
  let draws = -1;
  const curves: IerCurveDraws[] = [];
  let top = 0;
  for (const g of groups.values()) {
    const n = g.rows.length;
    if (draws < 0) draws = n;
    if (n !== draws)
      throw new InputError(file, `${g.cause} ${g.age ?? 'ALL'} has ${n} draws, others ${draws}`);
    const alpha = new Float64Array(n);
    const gamma = new Float64Array(n);
    const delta = new Float64Array(n);
    const zcf = new Float64Array(n);
    for (const i of g.rows) {
      const d = num(t, i, 'draw', { min: 1, max: n }) - 1;
      if (!Number.isInteger(d) || zcf[d] !== 0)
        throw new InputError(file, 'duplicate or bad draw index', rowNo(t, i), 'draw');
      alpha[d] = num(t, i, 'alpha', { min: 0 });
      gamma[d] = num(t, i, 'gamma', { min: 0 });
      delta[d] = num(t, i, 'delta', { min: 0 });
      zcf[d] = num(t, i, 'zcf', { min: Number.MIN_VALUE });
    }
    if (g.age !== null) top = Math.max(top, g.age);
    curves.push({ cause: g.cause, ageStart: g.age, alpha, gamma, delta, zcf });
  }
  return {
    name,
    draws,
    topAgeBand: top,
    curves,
    source: `${displayPath(file)} (${name === 'ier2015' ? 'GBD 2015 IER, Cohen et al. 2017 Lancet 389:1907' : 'GBD 2017 IER'}; via evanliu3594/PM2.5-attr-mort)`,
  };
}

/** GEMM parameters (gemm_parameters.csv); NCD+LRI rows are not one of the five causes and are skipped. */
export function readGemmParameters(file: string, hashes?: Record<string, string>): GemmParameterSet {
  const t = readTable(file, ['cause', 'age_start', 'theta', 'se_theta', 'alpha', 'mu', 'nu', 'cf'], hashes);
  const curves: GemmCurve[] = [];
  let top = 0;
  for (let i = 0; i < t.rows.length; i++) {
    const cause = causeOf(t, i, 'cause');
    if (!cause) continue;
    const ageStart = ageOf(t, i, 'age_start');
    if (ageStart !== null) top = Math.max(top, ageStart);
    curves.push({
      cause,
      ageStart,
      theta: num(t, i, 'theta'),
      seTheta: num(t, i, 'se_theta', { min: 0 }),
      alpha: num(t, i, 'alpha', { min: Number.MIN_VALUE }),
      mu: num(t, i, 'mu'),
      nu: num(t, i, 'nu', { min: Number.MIN_VALUE }),
      cf: num(t, i, 'cf', { min: 0 }),
    });
  }
  return {
    name: 'gemm',
    topAgeBand: top,
    curves,
    source: `${displayPath(file)} (Burnett et al. 2018 PNAS 115:9592, with the Chinese cohort)`,
  };
}

/** National GBD baseline mortality (china_mortality_rate_per100k_by_endpoint_age_2015.csv, column base2015). */
export function readNationalMortality(file: string, hashes?: Record<string, string>): BaselineMortality {
  const t = readTable(file, ['endpoint', 'agegroup', 'base2015'], hashes);
  const rates = new Map<MortalityCause, Map<number, number>>();
  for (let i = 0; i < t.rows.length; i++) {
    const cause = causeOf(t, i, 'endpoint');
    if (!cause) continue;
    const age = ageOf(t, i, 'agegroup');
    if (age === null) throw new InputError(file, 'all-age row', rowNo(t, i), 'agegroup', 'a 5-year band');
    let m = rates.get(cause);
    if (!m) rates.set(cause, (m = new Map()));
    m.set(age, num(t, i, 'base2015', { min: 0, max: MORTALITY_RATE_MAX_PER100K }));
  }
  return {
    unit: 'deaths per 100000 per year',
    rates,
    source: `${displayPath(file)} (GBD 2015, China, national)`,
  };
}

/** National age structure (china_age_structure_share_2015.csv, column base2015). */
export function readNationalAgeStructure(file: string, hashes?: Record<string, string>): AgeStructure {
  const t = readTable(file, ['agegroup', 'base2015'], hashes);
  const pairs: [number, number][] = [];
  for (let i = 0; i < t.rows.length; i++) {
    const a = ageOf(t, i, 'agegroup');
    if (a === null) throw new InputError(file, 'all-age row', rowNo(t, i), 'agegroup', 'a 5-year band');
    pairs.push([a, num(t, i, 'base2015', { min: 0, max: 1 })]);
  }
  return ageStructureFrom(file, pairs, `${displayPath(file)} (GBD 2015, China, national)`);
}

function ageStructureFrom(
  file: string,
  pairs: [number, number][],
  source: string,
  region?: string,
): AgeStructure {
  pairs.sort((x, y) => x[0] - y[0]);
  const expected = Array.from({ length: 20 }, (_, k) => k * 5);
  const starts = pairs.map((p) => p[0]);
  const missing = expected.filter((a) => !starts.includes(a));
  if (missing.length > 0 || starts.length !== 20) {
    throw new InputError(
      file,
      `${region ? `${region}: ` : ''}age bands incomplete (missing ${missing.join(', ') || 'duplicates'})`,
      undefined,
      'age_start',
      'bands 0, 5, …, 95 once each',
    );
  }
  const shares = Float64Array.from(pairs.map((p) => p[1]));
  const sum = shares.reduce((s, x) => s + x, 0);
  if (Math.abs(sum - 1) > 1e-6) {
    throw new InputError(
      file,
      `${region ? `${region}: ` : ''}shares sum to ${sum}`,
      undefined,
      'share',
      'a sum of 1 (±1e-6)',
    );
  }
  return { ageStarts: starts, shares, source };
}

/** Morbidity endpoints (data/health/morbidity_parameters.csv) and the excluded ones. */
export function readMorbidity(
  file: string,
  excludedFile: string,
  hashes?: Record<string, string>,
): { included: MorbidityEndpoint[]; excluded: ExcludedEndpoint[] } {
  const t = readTable(
    file,
    [
      'endpoint_id',
      'label',
      'included',
      'beta_per_ugm3',
      'beta_low',
      'beta_high',
      'coefficient_pollutant',
      'coefficient_region',
      'coefficient_source',
      'age_from',
      'age_to',
      'incidence_per_person_year',
      'incidence_low',
      'incidence_high',
      'incidence_region',
      'incidence_source',
      'unit_value',
      'unit_value_low',
      'unit_value_high',
      'unit_currency',
      'unit_price_year',
      'unit_value_source',
      'notes',
    ],
    hashes,
  );
  const included: MorbidityEndpoint[] = [];
  const excluded: ExcludedEndpoint[] = [];
  for (let i = 0; i < t.rows.length; i++) {
    if (str(t, i, 'included') !== 'yes') continue;
    const pol = str(t, i, 'coefficient_pollutant');
    if (pol !== 'PM2.5' && pol !== 'PM10')
      throw new InputError(
        file,
        `pollutant ${clipEcho(pol)}`,
        rowNo(t, i),
        'coefficient_pollutant',
        'PM2.5 or PM10',
      );
    const beta = {
      central: num(t, i, 'beta_per_ugm3'),
      low: num(t, i, 'beta_low'),
      high: num(t, i, 'beta_high'),
    };
    if (!(beta.low <= beta.central && beta.central <= beta.high)) {
      throw new InputError(
        file,
        'beta not inside its interval',
        rowNo(t, i),
        'beta_per_ugm3',
        'beta_low ≤ beta ≤ beta_high',
      );
    }
    const ageTo = num(t, i, 'age_to', { min: 0, optional: true });
    const inc = range(t, i, 'incidence_per_person_year', 'incidence_low', 'incidence_high', false)!;
    const uv = range(t, i, 'unit_value', 'unit_value_low', 'unit_value_high', true);
    included.push({
      id: str(t, i, 'endpoint_id'),
      label: str(t, i, 'label'),
      beta,
      coefficientPollutant: pol,
      coefficientRegion: str(t, i, 'coefficient_region'),
      coefficientSource: str(t, i, 'coefficient_source'),
      ageFrom: num(t, i, 'age_from', { min: 0 }),
      ageTo: Number.isNaN(ageTo) ? null : ageTo,
      incidence: inc,
      incidenceRegion: str(t, i, 'incidence_region'),
      incidenceSource: str(t, i, 'incidence_source'),
      unitValue: uv
        ? {
            ...uv,
            currency: str(t, i, 'unit_currency') || failEmpty(t, i, 'unit_currency'),
            priceYear: num(t, i, 'unit_price_year', { min: 1900, max: 2100 }),
            source: str(t, i, 'unit_value_source') || failEmpty(t, i, 'unit_value_source'),
          }
        : undefined,
      notes: str(t, i, 'notes'),
    });
  }
  const x = readTable(excludedFile, ['endpoint_id', 'label', 'reason'], hashes);
  for (let i = 0; i < x.rows.length; i++) {
    excluded.push({ id: str(x, i, 'endpoint_id'), label: str(x, i, 'label'), reason: str(x, i, 'reason') });
  }
  return { included, excluded };
}

function failEmpty(t: Table, i: number, col: string): never {
  throw new InputError(t.file, 'empty value', rowNo(t, i), col, 'a value when a unit value is given');
}

function range(
  t: Table,
  i: number,
  c: string,
  lo: string,
  hi: string,
  optional: boolean,
): { central: number; low?: number; high?: number } | undefined {
  const central = num(t, i, c, { min: 0, optional });
  if (Number.isNaN(central)) return undefined;
  const low = num(t, i, lo, { min: 0, optional: true });
  const high = num(t, i, hi, { min: 0, optional: true });
  if (Number.isNaN(low) !== Number.isNaN(high))
    throw new InputError(t.file, 'give both bounds or neither', rowNo(t, i), lo);
  if (Number.isNaN(low)) return { central };
  if (!(low <= central && central <= high))
    throw new InputError(t.file, 'value outside its range', rowNo(t, i), c, `${lo} ≤ ${c} ≤ ${hi}`);
  return { central, low, high };
}

/** Annual CPI % changes chained to an index (first year = 100). */
export function readPriceIndex(file: string, hashes?: Record<string, string>): PriceIndex {
  const t = readTable(file, ['year', 'cpi_change_pct', 'source'], hashes);
  const years = t.rows.map((_, i) => num(t, i, 'year', { min: 1900, max: 2100 }));
  const index = new Map<number, number>();
  let level = 100;
  for (let i = 0; i < years.length; i++) {
    if (i > 0) {
      if (years[i] !== years[i - 1] + 1)
        throw new InputError(file, 'years not consecutive', rowNo(t, i), 'year');
      level *= 1 + num(t, i, 'cpi_change_pct', { min: -50, max: 100 }) / 100;
    }
    index.set(years[i], level);
  }
  return { currency: 'CNY', index, source: `${displayPath(file)} (China CPI, NBS, as cited per row)` };
}

/** Default VSL (data/health/vsl_default.csv), checked against the literature table it cites. */
export function readVsl(
  file: string,
  literatureFile: string,
  hashes?: Record<string, string>,
): { vsl: VslParameters; elasticity: number } {
  const t = readTable(file, ['quantity', 'value', 'currency', 'price_year', 'source'], hashes);
  const get = (q: string) => {
    const i = t.rows.findIndex((r) => r.quantity === q);
    if (i < 0) throw new InputError(file, `missing quantity '${q}'`, undefined, 'quantity');
    return i;
  };
  const ic = get('vsl_central');
  const vsl: VslParameters = {
    central: num(t, ic, 'value', { min: 0 }),
    low: num(t, get('vsl_low'), 'value', { min: 0 }),
    high: num(t, get('vsl_high'), 'value', { min: 0 }),
    currency: str(t, ic, 'currency'),
    priceYear: num(t, ic, 'price_year', { min: 1900, max: 2100 }),
    source: str(t, ic, 'source'),
  };
  const lit = readTable(literatureFile, ['study', 'vsl_value', 'currency', 'price_year'], hashes);
  const match = lit.rows.some(
    (r) =>
      parseDecimal(r.vsl_value) === vsl.central &&
      r.currency === vsl.currency &&
      parseDecimal(r.price_year) === vsl.priceYear,
  );
  if (!match) {
    throw new InputError(
      file,
      `VSL ${vsl.central} ${vsl.currency} ${vsl.priceYear} not found in ${displayPath(literatureFile)}`,
      rowNo(t, ic),
      'value',
    );
  }
  // docs/health.md "Input ranges": a VSL is a positive amount and the range brackets the central value.
  if (!(vsl.central > 0 && vsl.low <= vsl.central && vsl.central <= vsl.high))
    throw new InputError(
      file,
      `VSL low ${vsl.low}, central ${vsl.central}, high ${vsl.high}`,
      rowNo(t, ic),
      'value',
      'a positive central VSL with 0 ≤ low ≤ central ≤ high',
    );
  // docs/health.md "Valuation": the Monte Carlo's triangle has mean = central on [low, high].
  try {
    vslMode(vsl);
  } catch (e) {
    throw new InputError(
      file,
      (e as Error).message,
      rowNo(t, ic),
      'value',
      'a central VSL within [(2·low + high)/3, (low + 2·high)/3], so a triangular distribution on [low, high] has it as its mean',
    );
  }
  const [eLo, eHi] = VSL_ELASTICITY_RANGE;
  const ie = get('income_elasticity_default');
  return { vsl, elasticity: num(t, ie, 'value', { min: eLo, max: eHi }) };
}

export interface HealthParameterFiles {
  /** Data folder (default: the package's own data/). */
  readonly dataDir?: string;
  readonly regionalMortalityFile?: string;
  readonly regionalAgeStructureFile?: string;
  /** Known region names (for the override files); GB/T codes map through `regionCodes`. */
  readonly regions?: readonly string[];
  readonly regionCodes?: ReadonlyMap<string, string>;
  /** Load only this ERF's parameters (default: all three). */
  readonly erf?: 'ier2015' | 'ier2017' | 'gemm';
}

/** Reads every health parameter file into one typed set (with file hashes for run.json). */
export function loadHealthParameters(
  files: HealthParameterFiles = {},
): HealthParameters & { defaultVslElasticity: number } {
  const dir = files.dataDir ?? PACKAGE_DATA_DIR;
  const src = join(dir, 'sources', 'health');
  const own = join(dir, 'health');
  const hashes: Record<string, string> = {};
  const mortality = readNationalMortality(
    join(src, 'china_mortality_rate_per100k_by_endpoint_age_2015.csv'),
    hashes,
  );
  const ageStructure = readNationalAgeStructure(join(src, 'china_age_structure_share_2015.csv'), hashes);
  const morb = readMorbidity(
    join(own, 'morbidity_parameters.csv'),
    join(own, 'excluded_morbidity.csv'),
    hashes,
  );
  const { vsl, elasticity } = readVsl(
    join(own, 'vsl_default.csv'),
    join(src, 'china-literature', 'china_vsl_estimates.csv'),
    hashes,
  );
  const resolveRegion = regionResolver(files.regions, files.regionCodes);
  const want = (e: 'ier2015' | 'ier2017' | 'gemm') => files.erf === undefined || files.erf === e;
  return {
    ier2015: want('ier2015') ? readIerDraws(join(src, 'ier2015_draws.csv'), 'ier2015', hashes) : undefined,
    ier2017: want('ier2017') ? readIerDraws(join(src, 'ier2017_draws.csv'), 'ier2017', hashes) : undefined,
    gemm: want('gemm') ? readGemmParameters(join(src, 'gemm_parameters.csv'), hashes) : undefined,
    mortality,
    ageStructure,
    regionalMortality: files.regionalMortalityFile
      ? readRegionalMortality(files.regionalMortalityFile, resolveRegion, hashes)
      : undefined,
    regionalAgeStructure: files.regionalAgeStructureFile
      ? readRegionalAgeStructure(files.regionalAgeStructureFile, resolveRegion, hashes)
      : undefined,
    morbidity: morb.included,
    excludedMorbidity: morb.excluded,
    vsl,
    cpi: readPriceIndex(join(own, 'china_cpi_annual.csv'), hashes),
    fileHashes: hashes,
    defaultVslIncomeElasticity: elasticity,
    defaultVslElasticity: elasticity,
  };
}

type RegionResolver = (raw: string) => string | undefined;

function regionResolver(regions?: readonly string[], codes?: ReadonlyMap<string, string>): RegionResolver {
  const byLower = new Map((regions ?? []).map((r) => [r.toLowerCase(), r]));
  return (raw) => {
    const s = raw.trim();
    if (!regions) return s;
    return byLower.get(s.toLowerCase()) ?? codes?.get(s);
  };
}

/** Bands the model needs per cause (IHD/STROKE/COPD/LC 25+, LRI 0+). */
const REQUIRED_FROM: Record<MortalityCause, number> = { IHD: 25, STROKE: 25, COPD: 25, LC: 25, LRI: 0 };

/** Provincial baseline mortality override: region,endpoint,age_start,rate_per100k. */
export function readRegionalMortality(
  file: string,
  resolve: RegionResolver,
  hashes?: Record<string, string>,
): Map<string, BaselineMortality> {
  const t = readTable(file, ['region', 'endpoint', 'age_start', 'rate_per100k'], hashes);
  const acc = new Map<string, Map<MortalityCause, Map<number, number>>>();
  for (let i = 0; i < t.rows.length; i++) {
    const region = provinceAt(t, i, resolve, file);
    const cause = causeAt(t, i, 'endpoint', file);
    const age = ageOf(t, i, 'age_start');
    if (age === null) throw new InputError(file, 'all-age row', rowNo(t, i), 'age_start', 'a 5-year band');
    let byCause = acc.get(region);
    if (!byCause) acc.set(region, (byCause = new Map()));
    let m = byCause.get(cause);
    if (!m) byCause.set(cause, (m = new Map()));
    if (m.has(age))
      throw new InputError(file, `duplicate ${region} ${cause} ${age}`, rowNo(t, i), 'age_start');
    m.set(age, num(t, i, 'rate_per100k', { min: 0, max: MORTALITY_RATE_MAX_PER100K }));
  }
  const out = new Map<string, BaselineMortality>();
  for (const [region, byCause] of acc) {
    for (const c of MORTALITY_CAUSES) {
      for (let a = REQUIRED_FROM[c]; a <= 95; a += 5) {
        if (!byCause.get(c)?.has(a)) {
          throw new InputError(
            file,
            `${region}: missing age band ${a} for ${c}`,
            undefined,
            'age_start',
            `bands ${REQUIRED_FROM[c]}..95 for ${c}`,
          );
        }
      }
    }
    out.set(region, {
      unit: 'deaths per 100000 per year',
      rates: byCause,
      source: `${displayPath(file)} (provincial override)`,
    });
  }
  return out;
}

/** Provincial age-structure override: region,age_start,share. */
export function readRegionalAgeStructure(
  file: string,
  resolve: RegionResolver,
  hashes?: Record<string, string>,
): Map<string, AgeStructure> {
  const t = readTable(file, ['region', 'age_start', 'share'], hashes);
  const acc = new Map<string, [number, number][]>();
  for (let i = 0; i < t.rows.length; i++) {
    const region = provinceAt(t, i, resolve, file);
    const age = ageOf(t, i, 'age_start');
    if (age === null) throw new InputError(file, 'all-age row', rowNo(t, i), 'age_start', 'a 5-year band');
    let p = acc.get(region);
    if (!p) acc.set(region, (p = []));
    p.push([age, num(t, i, 'share', { min: 0, max: 1 })]);
  }
  const out = new Map<string, AgeStructure>();
  for (const [region, pairs] of acc) {
    out.set(region, ageStructureFrom(file, pairs, `${displayPath(file)} (provincial override)`, region));
  }
  return out;
}

/** The 31 mainland provinces (name_en, gb_code) from data/sources/china-provinces/province_points.csv. */
export function readProvinces(dataDir = PACKAGE_DATA_DIR): { names: string[]; codes: Map<string, string> } {
  const file = join(dataDir, 'sources', 'china-provinces', 'province_points.csv');
  const t = readTable(file, ['gb_code', 'name_en']);
  const names: string[] = [];
  const codes = new Map<string, string>();
  for (let i = 0; i < t.rows.length; i++) {
    const code = str(t, i, 'gb_code');
    if (code === '710000' || code === '810000' || code === '820000') continue; // Taiwan, Hong Kong, Macau
    names.push(str(t, i, 'name_en'));
    codes.set(code, str(t, i, 'name_en'));
  }
  return { names, codes };
}

/**
 * Reads a per-region CSV `region,<valueColumn>` (region = province name, case-insensitive, or
 * GB/T 2260 code) into a RegionVector in the order of `regions`. Every region must appear once.
 */
export function readRegionValues(
  file: string,
  valueColumn: string,
  unit: string,
  regions: readonly string[],
  codes: ReadonlyMap<string, string>,
  check: { min?: number; max?: number; exclusiveMin?: boolean } = {},
  hashes?: Record<string, string>,
): RegionVector {
  const t = readTable(file, ['region', valueColumn], hashes);
  const resolve = regionResolver(regions, codes);
  const values = new Float64Array(regions.length).fill(Number.NaN);
  const pos = new Map(regions.map((r, i) => [r, i]));
  for (let i = 0; i < t.rows.length; i++) {
    const raw = str(t, i, 'region');
    const name = resolve(raw);
    if (!name)
      throw new InputError(
        file,
        `unknown province ${clipEcho(raw)}`,
        rowNo(t, i),
        'region',
        'one of the 31 mainland provinces (English name or GB/T 2260 code)',
      );
    const k = pos.get(name)!;
    if (!Number.isNaN(values[k]))
      throw new InputError(file, `duplicate province ${clipEcho(name)}`, rowNo(t, i), 'region');
    const v = num(t, i, valueColumn, { min: check.min, max: check.max });
    if (check.exclusiveMin && check.min !== undefined && v <= check.min) {
      throw new InputError(
        file,
        `${v} must be above ${check.min}`,
        rowNo(t, i),
        valueColumn,
        `a number > ${check.min}`,
      );
    }
    values[k] = v;
  }
  const missing = regions.filter((_, k) => Number.isNaN(values[k]));
  if (missing.length > 0)
    throw new InputError(
      file,
      `missing provinces: ${missing.join(', ')}`,
      undefined,
      'region',
      'every one of the 31 provinces',
    );
  return { regions: [...regions], unit, values };
}

/**
 * 2017 population (persons; CSY-2018 original series × 10^4) and GDP per capita (CNY per person,
 * original GDP / original population) from data/sources/china-2017-provincial/province_summary_2017.csv.
 */
export function readProvinceSummary2017(
  regions: readonly string[],
  codes: ReadonlyMap<string, string>,
  dataDir = PACKAGE_DATA_DIR,
  hashes?: Record<string, string>,
): { population: RegionVector; gdpPerCapita: RegionVector } {
  const file = join(dataDir, 'sources', 'china-2017-provincial', 'province_summary_2017.csv');
  const t = readTable(file, ['gb_code', 'pop_2017_csy2018_original_1e4', 'gdp_2017_original_1e8cny'], hashes);
  const pop = new Float64Array(regions.length).fill(Number.NaN);
  const gdp = new Float64Array(regions.length).fill(Number.NaN);
  const pos = new Map(regions.map((r, i) => [r, i]));
  for (let i = 0; i < t.rows.length; i++) {
    const name = codes.get(str(t, i, 'gb_code'));
    if (!name)
      throw new InputError(file, `unknown code ${clipEcho(str(t, i, 'gb_code'))}`, rowNo(t, i), 'gb_code');
    const k = pos.get(name)!;
    const p = num(t, i, 'pop_2017_csy2018_original_1e4', { min: 0 }) * 1e4;
    pop[k] = p;
    gdp[k] = (num(t, i, 'gdp_2017_original_1e8cny', { min: 0 }) * 1e8) / p;
  }
  const missing = regions.filter((_, k) => Number.isNaN(pop[k]));
  if (missing.length > 0) throw new InputError(file, `missing provinces: ${missing.join(', ')}`);
  return {
    population: { regions: [...regions], unit: 'persons', values: pop },
    gdpPerCapita: { regions: [...regions], unit: 'CNY per person (2017, current prices)', values: gdp },
  };
}

/** The province of row i (name or GB/T code), or a located error. */
function provinceAt(t: Table, i: number, resolve: RegionResolver, file: string): string {
  const region = resolve(str(t, i, 'region'));
  if (!region)
    throw new InputError(
      file,
      `unknown province ${clipEcho(str(t, i, 'region'))}`,
      rowNo(t, i),
      'region',
      'a province name or GB/T 2260 code',
    );
  return region;
}
