import type { TableField, WrittenTable } from './tableWriter.ts';

/**
 * datapackage.json for an output folder: a Frictionless Data Package (v2 profile, readable by
 * v1 tools: `profile` is set too) listing every table vchain wrote, each field with its type,
 * description and unit. `unit` is not a core Table Schema property; the spec allows extra
 * properties, and pandas/R/QGIS users read it from here. docs/formats.md, "Output tables".
 */

export const DATA_PACKAGE_FILE = 'datapackage.json';

interface PackageField {
  readonly name: string;
  readonly type: TableField['type'];
  readonly description: string;
  readonly unit?: string;
  readonly constraints?: { readonly required: true };
}

export interface DataPackageResource {
  readonly name: string;
  readonly type?: 'table';
  readonly path: string;
  readonly format: 'csv' | 'parquet' | 'geojson';
  readonly mediatype: string;
  readonly encoding?: 'utf-8';
  readonly bytes: number;
  readonly description: string;
  readonly dialect?: Record<string, unknown>;
  readonly schema: { readonly fields: readonly PackageField[] };
  /** Rows below the header (not a core property). */
  readonly rows: number;
}

export interface DataPackage {
  readonly $schema: string;
  readonly profile: string;
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly created?: string;
  readonly resources: readonly DataPackageResource[];
  readonly [key: string]: unknown;
}

function resourceName(path: string): string {
  return path
    .replace(/\.[a-z]+$/, '')
    .replace(/[^a-z0-9._-]+/g, '_')
    .toLowerCase();
}

export function tableResource(t: WrittenTable): DataPackageResource {
  const fields = t.spec.fields.map(
    (f): PackageField => ({
      name: f.name,
      type: f.type,
      description: f.description,
      ...(f.unit !== undefined ? { unit: f.unit } : {}),
    }),
  );
  const common = {
    name: resourceName(t.path),
    type: 'table' as const,
    path: t.path,
    bytes: t.bytes,
    rows: t.rows,
    description: t.spec.description,
    schema: { fields },
  };
  return t.format === 'csv'
    ? {
        ...common,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: { header: true, delimiter: ',', lineTerminator: '\n', quoteChar: '"', doubleQuote: true },
      }
    : { ...common, format: 'parquet', mediatype: 'application/vnd.apache.parquet' };
}

/** A GeoJSON file whose feature properties `spec` describes (`rows`: features). */
export function geoJsonResource(t: WrittenTable): DataPackageResource {
  const { type: _table, dialect: _d, encoding: _e, ...rest } = tableResource({ ...t, format: 'csv' });
  return { ...rest, format: 'geojson', mediatype: 'application/geo+json' };
}

export function dataPackage(
  name: string,
  title: string,
  description: string,
  tables: readonly WrittenTable[],
  /** Omitted where outputs must be a function of the inputs only (health, uncertainty shards). */
  created?: Date,
  other: readonly DataPackageResource[] = [],
): DataPackage {
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    profile: 'tabular-data-package',
    name,
    title,
    description,
    ...(created ? { created: created.toISOString() } : {}),
    resources: [...tables.map(tableResource), ...other],
  };
}

export function dataPackageJson(p: DataPackage): string {
  return `${JSON.stringify(p, null, 2)}\n`;
}
