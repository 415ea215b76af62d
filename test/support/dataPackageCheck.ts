import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Papa from 'papaparse';
import { expect } from 'vitest';

/**
 * Checks an output folder's datapackage.json against the files it describes, field by field,
 * without trusting vchain's writer: (no maintained Frictionless validator exists for Node — the
 * `datapackage`/`tableschema` packages are unmaintained since 2020 — so each rule of Table
 * Schema that vchain relies on is checked here): every table file has a resource, every resource
 * a file of the stated size; CSV headers equal the field names in order, every cell is of the
 * field's type; Parquet column names and DuckDB types match; fields are snake_case ASCII with a
 * type and a description; units are non-empty text.
 */
export interface CheckedPackage {
  readonly resources: {
    name: string;
    path: string;
    format: string;
    rows: number;
    schema: { fields: Field[] };
  }[];
  readonly [k: string]: unknown;
}
interface Field {
  name: string;
  type: string;
  description: string;
  unit?: string;
  constraints?: { required?: boolean };
}

const NUMBER = /^-?(\d+(\.\d+)?|\.\d+)(e[+-]?\d+)?$/i;
const INTEGER = /^-?\d+$/;
const DUCK_TYPE: Record<string, string> = { string: 'VARCHAR', number: 'DOUBLE', integer: 'BIGINT' };

function walk(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(dir, join(base, e.name)) : [join(base, e.name).split('\\').join('/')],
  );
}

export async function checkDataPackage(dir: string): Promise<CheckedPackage> {
  const pkg = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8')) as CheckedPackage;
  expect(pkg.$schema).toBe('https://datapackage.org/profiles/2.0/datapackage.json');
  expect(pkg.resources.length).toBeGreaterThan(0);
  const names = pkg.resources.map((r) => r.name);
  expect(new Set(names).size).toBe(names.length);
  for (const n of names) expect(n).toMatch(/^[a-z0-9._-]+$/);
  const tableFiles = walk(dir).filter((f) => /\.(csv|parquet)$/.test(f));
  expect(
    pkg.resources
      .map((r) => r.path)
      .filter((p) => /\.(csv|parquet)$/.test(p))
      .sort(),
  ).toEqual(tableFiles.sort());
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  for (const r of pkg.resources) {
    const file = join(dir, r.path);
    expect((r as unknown as { bytes: number }).bytes, r.path).toBe(statSync(file).size);
    const fields = r.schema.fields;
    for (const f of fields) {
      expect(f.name, `${r.path}: field name`).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(['string', 'number', 'integer'], `${r.path}: ${f.name} type`).toContain(f.type);
      expect(f.description.length, `${r.path}: ${f.name} description`).toBeGreaterThan(0);
      if (f.unit !== undefined) expect(f.unit.trim().length, `${r.path}: ${f.name} unit`).toBeGreaterThan(0);
    }
    if (r.format === 'csv') {
      const parsed = Papa.parse<string[]>(readFileSync(file, 'utf8'), {
        delimiter: ',',
        skipEmptyLines: true,
      });
      expect(parsed.errors).toEqual([]);
      const [header, ...rows] = parsed.data;
      expect(header, `${r.path}: header`).toEqual(fields.map((f) => f.name));
      expect(rows.length, `${r.path}: rows`).toBe(r.rows);
      fields.forEach((f, j) => {
        for (const [k, row] of rows.entries()) {
          const v = row[j];
          if (v === '') {
            expect(
              f.constraints?.required,
              `${r.path} row ${k + 2} ${f.name}: blank in a required field`,
            ).not.toBe(true);
            continue;
          }
          if (f.type === 'number' && !NUMBER.test(v))
            throw new Error(`${r.path} row ${k + 2} ${f.name}: '${v}' is not a number`);
          if (f.type === 'integer' && !INTEGER.test(v))
            throw new Error(`${r.path} row ${k + 2} ${f.name}: '${v}' is not an integer`);
        }
      });
    } else if (r.format === 'geojson') {
      expect((r as unknown as { mediatype: string }).mediatype).toBe('application/geo+json');
    } else {
      expect(r.format).toBe('parquet');
      const d = await duck.runAndReadAll(
        `DESCRIBE SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`,
      );
      const cols = d.getRowObjects() as { column_name: string; column_type: string }[];
      expect(cols.map((c) => c.column_name)).toEqual(fields.map((f) => f.name));
      expect(cols.map((c) => c.column_type)).toEqual(fields.map((f) => DUCK_TYPE[f.type]));
      const n = await duck.runAndReadAll(
        `SELECT count(*)::INTEGER AS n FROM read_parquet('${file.replace(/'/g, "''")}')`,
      );
      expect((n.getRowObjects()[0] as { n: number }).n).toBe(r.rows);
    }
  }
  duck.closeSync();
  return pkg;
}
