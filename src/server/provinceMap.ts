import { existsSync, readFileSync } from 'node:fs';
import { PACKAGE_DATA_DIR } from '../io/packageData.ts';

const DATA_DIR = PACKAGE_DATA_DIR;
/** The map the report helper derives; the decoded source copy is the fallback. */
export const PROVINCE_MAP_PATHS = [
  `${DATA_DIR}maps/china-provinces.geojson`,
  `${DATA_DIR}sources/china-provinces/china.decoded.geojson`,
] as const;

interface Feature {
  id?: string | number;
  properties?: Record<string, unknown> | null;
}

/**
 * The province GeoJSON with `properties.region` set to the dataset's region name wherever a
 * feature matches one: by GB/T 2260 code (feature id or a code-like property), else by local or
 * English name. Unmatched features (e.g. regions the MRIO lacks) keep their own name and are
 * drawn as "no data". Returns the JSON text (served as is) and which regions found no shape.
 */
export function provinceMapFor(
  regions: readonly string[],
  codes: readonly (string | null | undefined)[],
  localNames: readonly (string | null | undefined)[],
  paths: readonly string[] = PROVINCE_MAP_PATHS,
): { path: string; json: string; unmatched: string[] } {
  const path = paths.find((p) => existsSync(p));
  if (!path) throw new Error(`no province map found (looked for ${paths.join(', ')})`);
  const geo = JSON.parse(readFileSync(path, 'utf8')) as { type: string; features: Feature[] };
  if (geo.type !== 'FeatureCollection' || !Array.isArray(geo.features))
    throw new Error(`${path}: expected a GeoJSON FeatureCollection`);
  const byCode = new Map<string, number>();
  const byName = new Map<string, number>();
  regions.forEach((r, i) => {
    byName.set(r.toLowerCase(), i);
    const c = codes[i];
    if (c) byCode.set(String(c), i);
    const l = localNames[i];
    if (l) byName.set(l.toLowerCase(), i);
  });
  const found = new Set<number>();
  for (const f of geo.features) {
    const p = (f.properties ??= {});
    const codeCandidates = [f.id, p.id, p.adcode, p.code, p.gb_code].filter(
      (x) => x !== undefined && x !== null,
    );
    const nameCandidates = [p.region, p.name_en, p.name, p.name_zh, p.province].filter(
      (x) => typeof x === 'string',
    );
    let idx: number | undefined;
    for (const c of codeCandidates) idx ??= byCode.get(String(c));
    for (const n of nameCandidates) idx ??= byName.get(String(n).toLowerCase());
    if (idx !== undefined) {
      p.region = regions[idx];
      found.add(idx);
    } else p.region = String(nameCandidates[0] ?? f.id ?? '');
  }
  const unmatched = regions.filter((_, i) => !found.has(i));
  return { path, json: JSON.stringify(geo), unmatched };
}
