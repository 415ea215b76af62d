import { readFileSync } from 'node:fs';
import { registerMap } from './svgChart.ts';

/** The map name under which the province outlines are registered with ECharts. */
export const PROVINCE_MAP = 'vchain-china-provinces';
/**
 * ECharts merges map series that name the same map into one geo; side-by-side panels therefore
 * use copies registered under these names.
 */
export const PROVINCE_MAP_PANELS = [PROVINCE_MAP, `${PROVINCE_MAP}-b`, `${PROVINCE_MAP}-c`] as const;

/** Default outline file (31 mainland provinces, English `name`): see data/maps/README.md. */
export const DEFAULT_PROVINCE_MAP_FILE = new URL('../../data/maps/china-provinces.geojson', import.meta.url);

/** ISO 3166-2:CN two-letter codes keyed by the first two digits of the GB/T 2260 code. */
const ISO_BY_GB_PREFIX: Readonly<Record<string, string>> = {
  '11': 'BJ',
  '12': 'TJ',
  '13': 'HE',
  '14': 'SX',
  '15': 'NM',
  '21': 'LN',
  '22': 'JL',
  '23': 'HL',
  '31': 'SH',
  '32': 'JS',
  '33': 'ZJ',
  '34': 'AH',
  '35': 'FJ',
  '36': 'JX',
  '37': 'SD',
  '41': 'HA',
  '42': 'HB',
  '43': 'HN',
  '44': 'GD',
  '45': 'GX',
  '46': 'HI',
  '50': 'CQ',
  '51': 'SC',
  '52': 'GZ',
  '53': 'YN',
  '54': 'XZ',
  '61': 'SN',
  '62': 'GS',
  '63': 'QH',
  '64': 'NX',
  '65': 'XJ',
};

/** Same codes keyed by English name, for results whose regions carry no GB code. */
const ISO_BY_NAME: Readonly<Record<string, string>> = {
  Beijing: 'BJ',
  Tianjin: 'TJ',
  Hebei: 'HE',
  Shanxi: 'SX',
  'Inner Mongolia': 'NM',
  Liaoning: 'LN',
  Jilin: 'JL',
  Heilongjiang: 'HL',
  Shanghai: 'SH',
  Jiangsu: 'JS',
  Zhejiang: 'ZJ',
  Anhui: 'AH',
  Fujian: 'FJ',
  Jiangxi: 'JX',
  Shandong: 'SD',
  Henan: 'HA',
  Hubei: 'HB',
  Hunan: 'HN',
  Guangdong: 'GD',
  Guangxi: 'GX',
  Hainan: 'HI',
  Chongqing: 'CQ',
  Sichuan: 'SC',
  Guizhou: 'GZ',
  Yunnan: 'YN',
  Tibet: 'XZ',
  Shaanxi: 'SN',
  Gansu: 'GS',
  Qinghai: 'QH',
  Ningxia: 'NX',
  Xinjiang: 'XJ',
};

/**
 * Short label per region: the ISO 3166-2:CN code for Chinese provinces (from the GB/T 2260 code
 * or the English name), else the first three letters of the name.
 */
export function regionAbbreviations(
  regions: readonly string[],
  codes: readonly (string | undefined)[] = [],
): string[] {
  return regions.map((r, i) => {
    const code = codes[i];
    const byCode = code ? ISO_BY_GB_PREFIX[code.slice(0, 2)] : undefined;
    return byCode ?? ISO_BY_NAME[r] ?? r.slice(0, 3);
  });
}

export interface ProvinceMap {
  readonly geoJson: { readonly type: string; readonly features: readonly ProvinceFeature[] };
  readonly names: readonly string[];
}
interface ProvinceFeature {
  readonly id?: string | number;
  readonly properties: {
    readonly name: string;
    readonly name_zh?: string;
    readonly gb_code?: string;
    readonly cp?: readonly [number, number];
  };
}

/**
 * The map feature name of each region, or undefined where the map has no shape for it: matched
 * by GB/T 2260 code first, then by English name (case-insensitive), then by local name.
 */
export function mapNamesFor(
  map: ProvinceMap,
  regions: readonly string[],
  codes: readonly (string | undefined)[] = [],
  localNames: readonly (string | undefined)[] = [],
): (string | undefined)[] {
  const byCode = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const f of map.geoJson.features) {
    const p = f.properties;
    const code = p.gb_code ?? (f.id !== undefined ? String(f.id) : undefined);
    if (code) byCode.set(code, p.name);
    byName.set(p.name.toLowerCase(), p.name);
    if (p.name_zh) byName.set(p.name_zh, p.name);
  }
  return regions.map((r, i) => {
    const code = codes[i];
    const local = localNames[i];
    return (
      (code ? byCode.get(code) : undefined) ??
      byName.get(r.toLowerCase()) ??
      (local ? byName.get(local) : undefined)
    );
  });
}

/** Reads the outlines, checks their shape and registers them as PROVINCE_MAP. */
export function loadProvinceMap(file: URL | string = DEFAULT_PROVINCE_MAP_FILE): ProvinceMap {
  const geoJson = JSON.parse(readFileSync(file, 'utf8')) as ProvinceMap['geoJson'];
  if (geoJson.type !== 'FeatureCollection' || !Array.isArray(geoJson.features))
    throw new Error(`province map ${String(file)}: expected a GeoJSON FeatureCollection`);
  const names = geoJson.features.map((f, k) => {
    const n = f.properties?.name;
    if (typeof n !== 'string' || n === '')
      throw new Error(`province map ${String(file)}: feature ${k} has no properties.name`);
    return n;
  });
  for (const name of PROVINCE_MAP_PANELS) registerMap(name, geoJson);
  return { geoJson, names };
}

/** Capital point per mapped region name (for arrows and labels), from the outline file. */
export function capitalPoints(map: ProvinceMap): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const f of map.geoJson.features)
    if (f.properties.cp) out.set(f.properties.name, [f.properties.cp[0], f.properties.cp[1]]);
  return out;
}
