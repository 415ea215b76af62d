import { PRECURSORS, type Precursor, type SatelliteAccount } from '../mrio/model.ts';
import { readCsvFile } from './csvFile.ts';
import { decimalAt } from './decimalNumber.ts';
import { clipEcho, InputError } from './inputError.ts';

/**
 * Emission satellites for a user's own MRIO from one long CSV, tonnes per year:
 *
 *   region,sector,pollutant,value
 *   Beijing,Production and supply of electric power and heat power,SO2,1234.5
 *   Beijing,HOUSEHOLDS,SO2,456
 *
 * - region: an MRIO region label, or a region code the caller passes (GB/T 2260 for China);
 * - sector: an MRIO sector label, or `HOUSEHOLDS` / `direct` (any case) for final users' direct
 *   emissions (households' own burning and driving) of that region;
 * - pollutant: SO2, NOx, NH3, VOC, PPM (primary PM2.5); aliases NMVOC → VOC, PM2.5 / PM25 → PPM,
 *   any case;
 * - value: a number from 0 to EMISSION_MAX_TONNES, tonnes. An optional `unit` column must say t / tonnes.
 *
 * Every pollutant must appear at least once; (region, sector) pairs that are absent are 0; a
 * (region, sector, pollutant) given twice is an error. Labels are compared after trimming.
 */
/**
 * Largest emission one row may give, t/yr: 10⁹, 26 × China's largest national annual total of any
 * of the five precursors in CEDS v2021 (SO2, 3.8·10⁷ t in 2006;
 * data/sources/emissions/ceds_v2021_02_05_chn). More is a unit error or a damaged file.
 */
export const EMISSION_MAX_TONNES = 1e9;

export interface EmissionsTable {
  readonly file: string;
  /** One satellite per precursor (kind 'emission', unit 't', `direct` per region), PRECURSORS order. */
  readonly satellites: readonly SatelliteAccount[];
  readonly rows: number;
}

/** Precursor names accepted in input files (any case): NMVOC → VOC, PM2.5 → PPM (primary PM2.5). */
export const PRECURSOR_ALIASES: ReadonlyMap<string, Precursor> = new Map([
  ['so2', 'SO2'],
  ['nox', 'NOx'],
  ['nh3', 'NH3'],
  ['voc', 'VOC'],
  ['nmvoc', 'VOC'],
  ['ppm', 'PPM'],
  ['pm2.5', 'PPM'],
  ['pm25', 'PPM'],
  ['pm2_5', 'PPM'],
]);
const DIRECT = new Set(['households', 'direct']);
const TONNES = new Set(['t', 'tonne', 'tonnes', 'ton', 'tons', 'metric ton']);

export function readEmissionsCsv(
  file: string,
  regions: readonly string[],
  sectors: readonly string[],
  regionCodes: ReadonlyMap<string, string> = new Map(),
): EmissionsTable {
  const t = readCsvFile(file, {
    expected: 'a CSV region,sector,pollutant,value[,unit]',
    required: ['region', 'sector', 'pollutant', 'value'],
    lowercaseHeader: true,
  });
  const header = t.header;
  const col = (name: string): number => header.indexOf(name);
  const cR = col('region');
  const cS = col('sector');
  const cP = col('pollutant');
  const cV = col('value');
  const cU = col('unit');

  const G = regions.length;
  const N = sectors.length;
  const regionIndex = new Map<string, number>();
  regions.forEach((r, i) => {
    regionIndex.set(r, i);
  });
  for (const [code, name] of regionCodes) {
    const i = regionIndex.get(name);
    if (i !== undefined && !regionIndex.has(code)) regionIndex.set(code, i);
  }
  const sectorIndex = new Map(sectors.map((s, j) => [s, j]));
  const values = new Map<Precursor, Float64Array>(PRECURSORS.map((p) => [p, new Float64Array(G * N)]));
  const direct = new Map<Precursor, Float64Array>(PRECURSORS.map((p) => [p, new Float64Array(G)]));
  const seen = new Map<string, number>(); // key → row where first given
  const present = new Set<Precursor>();
  let count = 0;

  for (let k = 0; k < t.rows.length; k++) {
    const f = t.rows[k];
    const row = t.lines[k];
    const rawRegion = f[cR].trim();
    const r = regionIndex.get(rawRegion);
    if (r === undefined)
      throw new InputError(
        file,
        `unknown region ${clipEcho(rawRegion)}`,
        row,
        'region',
        `one of the MRIO's ${G} regions (${regions.slice(0, 4).join(', ')}, …)${regionCodes.size > 0 ? ' or its code' : ''}`,
      );
    const rawSector = f[cS].trim();
    const isDirect = DIRECT.has(rawSector.toLowerCase());
    const s = isDirect ? -1 : sectorIndex.get(rawSector);
    if (s === undefined)
      throw new InputError(
        file,
        `unknown sector ${clipEcho(rawSector)}`,
        row,
        'sector',
        `one of the MRIO's ${N} sector labels, or HOUSEHOLDS / direct for final users' direct emissions`,
      );
    const rawPollutant = f[cP].trim();
    const p = PRECURSOR_ALIASES.get(rawPollutant.toLowerCase());
    if (!p)
      throw new InputError(
        file,
        `unknown pollutant ${clipEcho(rawPollutant)}`,
        row,
        'pollutant',
        'SO2, NOx, NH3, VOC (or NMVOC), PPM (or PM2.5)',
      );
    if (cU >= 0 && !TONNES.has(f[cU].trim().toLowerCase()))
      throw new InputError(file, `unit ${clipEcho(f[cU].trim())}`, row, 'unit', 't (tonnes per year)');
    const v = decimalAt(f[cV], file, row, 'value', 'a decimal number ≥ 0 (tonnes)');
    if (!(v >= 0 && v <= EMISSION_MAX_TONNES))
      throw new InputError(
        file,
        `value ${v}`,
        row,
        'value',
        `a number from 0 to ${EMISSION_MAX_TONNES} (tonnes per year; docs/report.md)`,
      );
    const key = `${r}\u0000${s}\u0000${p}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw new InputError(
        file,
        `duplicate ${regions[r]} / ${isDirect ? 'HOUSEHOLDS' : sectors[s]} / ${p} (first given in row ${first})`,
        row,
        'pollutant',
        'one row per region, sector and pollutant',
      );
    seen.set(key, row);
    present.add(p);
    if (isDirect) direct.get(p)![r] = v;
    else values.get(p)![r * N + s] = v;
    count++;
  }
  const missing = PRECURSORS.filter((p) => !present.has(p));
  if (missing.length > 0)
    throw new InputError(
      file,
      `no rows for ${missing.join(', ')}`,
      undefined,
      'pollutant',
      'rows for each of SO2, NOx, NH3, VOC, PPM (absent region/sector pairs count as 0)',
    );
  return {
    file,
    rows: count,
    satellites: PRECURSORS.map(
      (p): SatelliteAccount => ({
        name: p,
        unit: 't',
        kind: 'emission',
        precursor: p,
        values: values.get(p)!,
        direct: direct.get(p)!,
      }),
    ),
  };
}
