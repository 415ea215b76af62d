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
  readonly geometry?: {
    readonly type: string;
    readonly coordinates: unknown;
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

type Ring = readonly (readonly [number, number])[];

/** Outer rings of a Polygon / MultiPolygon geometry. */
function outerRings(g: ProvinceFeature['geometry']): Ring[] {
  if (!g) return [];
  if (g.type === 'Polygon') return [(g.coordinates as Ring[])[0]];
  if (g.type === 'MultiPolygon') return (g.coordinates as Ring[][]).map((p) => p[0]);
  return [];
}

function ringArea(r: Ring): number {
  let a = 0;
  for (let k = 0, j = r.length - 1; k < r.length; j = k++) a += r[j][0] * r[k][1] - r[k][0] * r[j][1];
  return Math.abs(a) / 2;
}

function inside(r: Ring, x: number, y: number): boolean {
  let c = false;
  for (let k = 0, j = r.length - 1; k < r.length; j = k++) {
    const [xk, yk] = r[k];
    const [xj, yj] = r[j];
    if (yk > y !== yj > y && x < ((xj - xk) * (y - yk)) / (yj - yk) + xk) c = !c;
  }
  return c;
}

/** Squared distance from (x, y) to the ring's edges, longitudes shrunk by `sx` (map aspect). */
function edgeDistance2(r: Ring, x: number, y: number, sx: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0, j = r.length - 1; k < r.length; j = k++) {
    const ax = r[j][0] * sx;
    const ay = r[j][1];
    const dx = r[k][0] * sx - ax;
    const dy = r[k][1] - ay;
    const len = dx * dx + dy * dy;
    const t = len > 0 ? Math.max(0, Math.min(1, ((x * sx - ax) * dx + (y - ay) * dy) / len)) : 0;
    const ex = ax + t * dx - x * sx;
    const ey = ay + t * dy - y;
    best = Math.min(best, ex * ex + ey * ey);
  }
  return best;
}

const labelCache = new WeakMap<ProvinceMap, Map<string, [number, number]>>();

/**
 * A label point per feature (lon, lat): the grid point of its largest polygon farthest from
 * the polygon's edges (an approximate pole of inaccessibility), so a label sits well inside
 * even a curved province such as Gansu; the capital point when the grid finds none.
 */
export function labelPoints(map: ProvinceMap): Map<string, [number, number]> {
  const known = labelCache.get(map);
  if (known) return known;
  const out = new Map<string, [number, number]>();
  const steps = 16;
  for (const f of map.geoJson.features) {
    const rings = outerRings(f.geometry);
    if (rings.length === 0) {
      if (f.properties.cp) out.set(f.properties.name, [f.properties.cp[0], f.properties.cp[1]]);
      continue;
    }
    const ring = rings.reduce((a, b) => (ringArea(b) > ringArea(a) ? b : a));
    let x0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (const [x, y] of ring) {
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
    const sx = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
    // A thinned outline (≤ 160 vertices) is plenty for placing a label: the point chosen lies
    // far from every edge, where thinning cannot change inside/outside.
    const stride = Math.ceil(ring.length / 160);
    const thin = stride > 1 ? ring.filter((_, k) => k % stride === 0) : ring;
    let best: [number, number] | undefined;
    let bestD = -1;
    for (let a = 1; a < steps; a++)
      for (let b = 1; b < steps; b++) {
        const x = x0 + ((x1 - x0) * a) / steps;
        const y = y0 + ((y1 - y0) * b) / steps;
        if (!inside(thin, x, y)) continue;
        const d = edgeDistance2(thin, x, y, sx);
        if (d > bestD) {
          bestD = d;
          best = [x, y];
        }
      }
    const cp = f.properties.cp;
    if (best) out.set(f.properties.name, best);
    else if (cp) out.set(f.properties.name, [cp[0], cp[1]]);
  }
  labelCache.set(map, out);
  return out;
}

/**
 * Where the labels of provinces too small to hold one go (offset in degrees lon/lat from the
 * province's label point, drawn with a leader line): Beijing and Tianjin out over northern Hebei
 * and the Bohai Sea, Shanghai over the East China Sea. Keyed by ISO 3166-2:CN code
 * (regionAbbreviations).
 */
export const SMALL_REGION_LABEL_OFFSETS: Readonly<Record<string, readonly [number, number]>> = {
  BJ: [2.6, 1.6],
  TJ: [2.9, -0.5],
  SH: [2.6, -0.6],
};
