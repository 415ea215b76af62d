// examples/python/vchain_pandas.py, run as a user runs it with Debian's Python and pandas: its
// decompose tables agree with numpy's own Leontief solve (computed in the script from the
// pymrio files alone), and the API's what-if it reads into pandas moves exactly the emissions
// the scenario names (checked here against the dataset). Skipped, saying why, only where
// /usr/bin/python3 with pandas is not there (.ci/run installs python3-pandas).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDefaultDataset } from '../../src/io/defaultDataset.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PYTHON = '/usr/bin/python3';

function whyNot(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import pandas, numpy'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} cannot start (${r.error.message})`;
  if (r.status !== 0) return `${PYTHON} has no pandas (apt-get install python3-pandas): ${r.stderr.trim()}`;
  return undefined;
}
const reason = whyNot();
if (reason) console.warn(`test/examples/python.test.ts skipped: ${reason}`);

interface Summary {
  decompose: {
    regions: string[];
    production_total: Record<string, number>;
    consumption_total: Record<string, number>;
    numpy_max_relative_difference: number;
    indicators_checked: string[];
  };
  api: {
    regions: string[];
    layers: string[];
    so2_baseline: Record<string, number>;
    so2_what_if: Record<string, number>;
  };
}

describe.skipIf(reason !== undefined)('Python example (pandas)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vchain-python-'));
  const out = join(dir, 'summary.json');
  const r = spawnSync(PYTHON, ['examples/python/vchain_pandas.py', '--province', 'Hebei', '--json', out], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
  });
  const summary: Summary | undefined = r.status === 0 ? JSON.parse(readFileSync(out, 'utf8')) : undefined;
  rmSync(dir, { recursive: true, force: true });

  it('runs and prints both DataFrames', () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Production- and consumption-based accounts');
    expect(r.stdout).toContain('Explorer API');
  });

  it('the decompose tables read into pandas agree with numpy’s own solve of the pymrio files', () => {
    const d = summary!.decompose;
    expect(d.regions).toEqual(['reg1', 'reg2', 'reg3', 'reg4', 'reg5', 'reg6']);
    expect(d.indicators_checked.sort()).toEqual([
      'Value Added',
      'emission_type1/air',
      'emission_type2/water',
    ]);
    expect(d.numpy_max_relative_difference).toBeLessThan(1e-12);
    // A closed table: what production emits, final demand somewhere causes.
    for (const k of d.indicators_checked)
      expect(Math.abs(d.production_total[k]! - d.consumption_total[k]!)).toBeLessThan(
        1e-9 * d.production_total[k]!,
      );
  });

  it('the what-if read from the API halves the SO2 of Hebei’s industries and leaves the rest', () => {
    const a = summary!.api;
    const ds = loadDefaultDataset();
    expect(a.regions).toEqual(ds.mrio.regions);
    const so2 = ds.mrio.satellites.find((s) => s.name === 'SO2')!;
    const N = ds.mrio.sectors.length;
    ds.mrio.regions.forEach((region, r) => {
      let industry = 0;
      for (let i = 0; i < N; i++) industry += so2.values[r * N + i]!;
      const direct = so2.direct?.[r] ?? 0;
      expect(a.so2_baseline[region]).toBeCloseTo(industry + direct, 6);
      expect(a.so2_what_if[region]).toBeCloseTo(
        region === 'Hebei' ? 0.5 * industry + direct : industry + direct,
        6,
      );
    });
  });
});
