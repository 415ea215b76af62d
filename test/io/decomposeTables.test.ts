import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../mrio/systems.ts';
import { checkDataPackage } from '../support/dataPackageCheck.ts';
import { vchain } from '../support/vchainCli.ts';

// vchain decompose's tables as CSV and as Parquet: datapackage.json checked against every file,
// the Parquet read back by two readers that share no code with the writer (hyparquet, DuckDB),
// with the same values as the CSV bit for bit, and pandas reading the CSV with the declared types.
const SRC = join(FIXTURES, 'pymrio-test-mrio');
const tmp = mkdtempSync(join(tmpdir(), 'vchain-tables-'));
const csvOut = join(tmp, 'csv');
const pqOut = join(tmp, 'parquet');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  for (const [tables, out] of [
    ['csv', csvOut],
    ['parquet', pqOut],
  ]) {
    const r = vchain(['decompose', '--mrio', SRC, '--full-inverse', '--tables', tables, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
  }
}, 240_000);

const TABLES = ['accounts', 'bilateral', 'fe_origin', 'flows', 'leontief_inverse'];
const csvRows = (t: string) =>
  Papa.parse<Record<string, string>>(readFileSync(join(csvOut, `${t}.csv`), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;

describe('decompose tables: datapackage, CSV and Parquet', () => {
  it('datapackage.json describes every field of every table, CSV and Parquet', async () => {
    const c = await checkDataPackage(csvOut);
    const p = await checkDataPackage(pqOut);
    expect(c.resources.map((r) => r.path)).toEqual(TABLES.map((t) => `${t}.csv`));
    expect(p.resources.map((r) => r.path)).toEqual(TABLES.map((t) => `${t}.parquet`));
    // Units: the `unit` column holds the indicator's unit as run.json records it.
    const run = JSON.parse(readFileSync(join(csvOut, 'run.json'), 'utf8'));
    const unitOf = new Map<string, string>(
      run.table.indicators.map((i: { name: string; unit: string }) => [i.name, i.unit]),
    );
    for (const t of ['accounts', 'bilateral', 'fe_origin', 'flows'])
      for (const row of csvRows(t)) expect(row.unit).toBe(unitOf.get(row.indicator));
    // The manifest lists the datapackage (vchain's own files only).
    const manifest = JSON.parse(readFileSync(join(csvOut, 'vchain-output.json'), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toContain('datapackage.json');
  });

  it('Parquet read back by hyparquet and DuckDB equals the CSV, value for value', async () => {
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    for (const t of TABLES) {
      const expected = csvRows(t);
      const buf = readFileSync(join(pqOut, `${t}.parquet`));
      const hy = (await parquetReadObjects({
        file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
      })) as Record<string, string | number>[];
      const dk = (
        await duck.runAndReadAll(`SELECT * FROM read_parquet('${join(pqOut, `${t}.parquet`)}')`)
      ).getRowObjects() as Record<string, string | number>[];
      for (const rows of [hy, dk]) {
        expect(rows.length, t).toBe(expected.length);
        for (const [k, row] of rows.entries())
          for (const [name, v] of Object.entries(expected[k])) {
            if (name === 'value') {
              expect(typeof row[name]).toBe('number');
              expect(row[name], `${t} row ${k} ${name}`).toBe(Number(v));
            } else expect(row[name], `${t} row ${k} ${name}`).toBe(v);
          }
      }
    }
    duck.closeSync();
  });

  const py = '/usr/bin/python3';
  const has = (mod: string) => spawnSync(py, ['-c', `import ${mod}`]).status === 0;
  it.skipIf(!has('pandas'))(
    'pandas reads the CSV with the declared types (and Parquet when pyarrow/fastparquet is there)',
    () => {
      const script = `
import json, sys, pandas as pd
d, pq, engines = sys.argv[1], sys.argv[2], sys.argv[3:]
pkg = json.load(open(f"{d}/datapackage.json"))
dtype = {"string": "object", "number": "float64", "integer": "int64"}
out = {}
for r in pkg["resources"]:
    df = pd.read_csv(f"{d}/{r['path']}", keep_default_na=False)
    assert list(df.columns) == [f["name"] for f in r["schema"]["fields"]], r["path"]
    for f in r["schema"]["fields"]:
        assert str(df[f["name"]].dtype) == dtype[f["type"]], (r["path"], f["name"], str(df[f["name"]].dtype))
    out[r["name"]] = float(df["value"].sum())
    for e in engines:
        p = pd.read_parquet(f"{pq}/{r['name']}.parquet", engine=e)
        assert p.equals(df), (r["path"], e)
print(json.dumps(out))
`;
      const engines = ['pyarrow', 'fastparquet'].filter(has);
      const r = spawnSync(py, ['-c', script, csvOut, pqOut, ...engines], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const sums = JSON.parse(r.stdout) as Record<string, number>;
      const ours = csvRows('flows').reduce((a, row) => a + Number(row.value), 0);
      expect(Math.abs(sums.flows - ours) / Math.abs(ours)).toBeLessThan(1e-12);
    },
  );
});
