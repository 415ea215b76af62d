import type { TableField, TableSpec } from '../io/tableWriter.ts';
import { mapNamesFor, type ProvinceMap } from './provinceMap.ts';
import { type Cell, type ReportTable, reportTableSpec } from './table.ts';

/**
 * provinces.geojson: one Feature per region with the outline the report draws and, as properties,
 * the region's row of each one-row-per-region table (regions, attribution, compensation), so
 * QGIS and geopandas open the results on a map. RFC 7946: WGS 84 longitude/latitude, rings
 * closed, exterior rings counter-clockwise and holes clockwise (the outline file is not: its
 * rings are closed and turned here); a region without an outline gets `"geometry": null`.
 */

export const PROVINCE_GEOJSON_FILE = 'provinces.geojson';

/** Tables whose rows are one per region, first column `region`, merged into the properties. */
const PER_REGION_TABLES = ['regions', 'attribution', 'compensation'] as const;

type Position = [number, number];
type Ring = Position[];

function signedArea(r: Ring): number {
  let a = 0;
  for (let k = 0, j = r.length - 1; k < r.length; j = k++) a += r[j][0] * r[k][1] - r[k][0] * r[j][1];
  return a / 2;
}

/** Closed copy of a ring, turned counter-clockwise (exterior) or clockwise (hole). */
function rfcRing(ring: readonly (readonly number[])[], exterior: boolean): Ring {
  const r: Ring = ring.map((p) => [p[0], p[1]]);
  const [f, l] = [r[0], r[r.length - 1]];
  if (f[0] !== l[0] || f[1] !== l[1]) r.push([f[0], f[1]]);
  const ccw = signedArea(r) > 0;
  return ccw === exterior ? r : r.reverse();
}

/** A ring RFC 7946 accepts: four positions or more (closed) enclosing some area. */
const usable = (r: Ring) => r.length >= 4 && signedArea(r) !== 0;

/** The polygon with degenerate rings (slivers of the outline file) left out; null if its exterior is one. */
function polygon(rings: readonly (readonly (readonly number[])[])[]): Ring[] | null {
  const out = rings.map((r, k) => rfcRing(r, k === 0));
  if (out.length === 0 || !usable(out[0])) return null;
  return [out[0], ...out.slice(1).filter(usable)];
}

interface Geometry {
  readonly type: 'Polygon' | 'MultiPolygon';
  readonly coordinates: Ring[] | Ring[][];
}

function rfcGeometry(
  g: { readonly type: string; readonly coordinates: unknown } | undefined,
): Geometry | null {
  if (!g) return null;
  if (g.type === 'Polygon') {
    const p = polygon(g.coordinates as (readonly number[])[][]);
    return p ? { type: 'Polygon', coordinates: p } : null;
  }
  if (g.type === 'MultiPolygon') {
    const ps = (g.coordinates as (readonly number[])[][][]).map(polygon).filter((p) => p !== null);
    return ps.length > 0 ? { type: 'MultiPolygon', coordinates: ps } : null;
  }
  return null;
}

export interface ProvinceGeoJson {
  readonly text: string;
  /** The properties as datapackage.json describes them. */
  readonly spec: TableSpec;
  readonly features: number;
}

/** Builds the GeoJSON from the report tables (the same cells the CSVs hold) and the outlines. */
export function provinceGeoJson(tables: readonly ReportTable[], map: ProvinceMap): ProvinceGeoJson {
  const regionsTable = tables.find((t) => t.id === 'regions');
  if (!regionsTable) throw new Error('provinceGeoJson: no regions table');
  const regions = regionsTable.rows.map((r) => String(r[0]));
  const codes = regionsTable.rows.map((r) => (r[1] === null ? undefined : String(r[1])));
  const locals = regionsTable.rows.map((r) => (r[2] === null ? undefined : String(r[2])));
  const fields: TableField[] = [];
  const columns: { table: ReportTable; j: number }[] = [];
  for (const id of PER_REGION_TABLES) {
    const t = tables.find((x) => x.id === id);
    if (t === undefined) continue;
    if (t.columns[0]?.key !== 'region' || t.rows.length !== regions.length) continue;
    const spec = reportTableSpec(t);
    t.columns.forEach((c, j) => {
      if (fields.some((f) => f.name === c.key)) return; // region (and any repeated key) once
      fields.push(spec.fields[j]);
      columns.push({ table: t, j });
    });
  }
  const rowOf = new Map<ReportTable, Map<string, readonly Cell[]>>();
  for (const { table } of columns)
    if (!rowOf.has(table)) rowOf.set(table, new Map(table.rows.map((r) => [String(r[0]), r])));
  const shapes = new Map(map.geoJson.features.map((f) => [f.properties.name, f.geometry]));
  const mapped = mapNamesFor(map, regions, codes, locals);
  const features = regions.map((region, i) => {
    const properties: Record<string, Cell> = {};
    columns.forEach(({ table, j }, k) => {
      const v = rowOf.get(table)!.get(region)?.[j] ?? null;
      // A non-finite number has no JSON form: blank, as in the CSV (its note says why).
      properties[fields[k].name] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
    });
    const name = mapped[i];
    return {
      type: 'Feature',
      id: region,
      properties,
      geometry: name !== undefined ? rfcGeometry(shapes.get(name)) : null,
    };
  });
  const text = `${JSON.stringify({ type: 'FeatureCollection', features })}\n`;
  return {
    text,
    features: features.length,
    spec: {
      name: 'provinces',
      description:
        'GeoJSON (RFC 7946, WGS 84 lon/lat): one feature per region with its outline and its row of the regions, attribution and compensation tables as properties',
      fields,
    },
  };
}
