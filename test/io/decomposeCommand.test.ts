import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { digestInput, sha256File } from '../../src/io/runManifest.ts';
import { csvLine, toCsv } from '../../src/io/tidyCsv.ts';
import { FIXTURES } from '../mrio/systems.ts';
import { ceadsTable, writePublishedCeadsWorkbook } from './ceadsFixture.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(FIXTURES, 'pymrio-test-mrio');
const tmp = mkdtempSync(join(tmpdir(), 'vchain-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function vchain(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

type Row = Record<string, string>;
const read = (f: string): Row[] =>
  Papa.parse<Row>(readFileSync(f, 'utf8'), { header: true, skipEmptyLines: true }).data;

describe('vchain decompose (end to end)', () => {
  it('decomposes the pymrio test MRIO into tidy CSV + run.json', () => {
    const out = join(tmp, 'out');
    const r = vchain('decompose', '--mrio', SRC, '--out', out);
    expect(r.stderr).toMatch(/decomposed 3 indicator\(s\), 6 regions × 8 sectors/);
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'accounts.csv',
      'bilateral.csv',
      'datapackage.json',
      'fe_origin.csv',
      'flows.csv',
      'run.json',
      'vchain-output.json',
    ]);
    const acc = read(join(out, 'accounts.csv'));
    const get = (ind: string, region: string, sector: string, measure: string) =>
      Number(
        acc.find(
          (a) => a.indicator === ind && a.region === region && a.sector === sector && a.measure === measure,
        )!.value,
      );
    // Production of reg1 food = F value from the file; four parts add up to production.
    expect(get('emission_type1/air', 'reg1', 'food', 'production')).toBe(1848064.8);
    for (const reg of ['reg1', 'reg4']) {
      const prod = get('Value Added', reg, 'ALL', 'production');
      const parts = ['intra_regional', 'imports_embodied', 'final_exports', 'intermediate_exports']
        .map((m) => get('Value Added', reg, 'ALL', m))
        .reduce((a, b) => a + b, 0);
      expect(Math.abs(parts - prod) / prod).toBeLessThan(1e-9);
      // local_exports (Σ_r EX_sr) = parts 3 + 4.
      const ex = get('Value Added', reg, 'ALL', 'local_exports');
      const p34 =
        get('Value Added', reg, 'ALL', 'final_exports') +
        get('Value Added', reg, 'ALL', 'intermediate_exports');
      expect(Math.abs(ex - p34) / p34).toBeLessThan(1e-9);
    }
    expect(get('emission_type1/air', 'reg2', 'ALL', 'direct')).toBe(38566929);
    // D_imp_reg of pymrio's test suite from flows.csv.
    const flows = read(join(out, 'flows.csv')).filter((f) => f.indicator === 'Value Added');
    const imp1 = flows
      .filter((f) => f.to_region === 'reg1' && f.from_region !== 'reg1')
      .reduce((a, f) => a + Number(f.value), 0);
    expect(Math.abs(imp1 - 2382767.5387909594) / 2382767.5387909594).toBeLessThan(1e-5);
    const bil = read(join(out, 'bilateral.csv'));
    expect(new Set(bil.map((b) => b.measure))).toEqual(
      new Set(['ex_final', 'ex_intermediate', 'fe_final', 'fe_intermediate']),
    );
    expect(bil.some((b) => b.from_region === b.to_region)).toBe(false);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.inputs[0].sha256).toBe(digestInput(SRC).sha256);
    expect(run.inputs[0].files.find((f: { path: string }) => f.path === 'Z.txt').sha256).toBe(
      sha256File(join(SRC, 'Z.txt')),
    );
    expect(run.identities).toHaveLength(24);
    for (const c of run.identities) expect(c.maxRelativeResidual).toBeLessThan(1e-9);
    expect(run.notes.join(' ')).toMatch(/16 WWZ terms .* sum to gross exports; for emissions/);
    expect(run.timings.leontiefFactor).toBeGreaterThanOrEqual(0);
    expect(run.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('bad input: exit 2, a located message, and no output (not even a temp folder)', () => {
    const bad = join(tmp, 'bad');
    cpSync(SRC, bad, { recursive: true });
    const z = join(bad, 'Z.txt');
    writeFileSync(z, readFileSync(z, 'utf8').replace('23697.221000000001', 'oops'));
    const work = mkdtempSync(join(tmp, 'w-'));
    const out = join(work, 'out');
    const r = vchain('decompose', '--mrio', bad, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Z\.txt \(row 4, column 3\): 'oops' is not a decimal number/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work)).toEqual([]);
    const r2 = vchain('decompose', '--mrio', SRC, '--indicators', 'PM10', '--out', out);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/indicator 'PM10' not found/);
    expect(readdirSync(work)).toEqual([]);
  });
});

describe('tidy CSV writer', () => {
  it('quotes only when needed and keeps full precision', () => {
    expect(csvLine(['a,b', 'say "hi"', 0.1 + 0.2, -0, null, ' pad'])).toBe(
      '"a,b","say ""hi""",0.30000000000000004,0,," pad"',
    );
    expect(toCsv(['x', 'y'], [[1, 'é']])).toBe('x,y\n1,é\n');
    const parsed = Papa.parse<string[]>(csvLine(['a,b', 'say "hi"', 1e-300])).data[0];
    expect(parsed).toEqual(['a,b', 'say "hi"', '1e-300']);
  });
});

describe('vchain decompose on a CEADs workbook as published', () => {
  it('finds the English sheet, folds the balancing columns, prints the notes and records them in run.json', async () => {
    const book = join(tmp, 'published.xlsx');
    await writePublishedCeadsWorkbook(ceadsTable(2, 3, 2), book);
    const out = join(tmp, 'out-published');
    const r = vchain('decompose', '--mrio', book, '--indicators', 'value_added', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/note: .*read worksheet 'English_Version'; not read: '中文版'/);
    expect(r.stderr).toMatch(
      /note: .*'Other OT Other' \(sum [-\d.e]+\) folded into each producing province's own final demand/,
    );
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.options.format).toBe('ceads');
    expect(run.table.finalDemandCategories).toContain('other_final_use');
    expect(run.tableNotes).toHaveLength(5);
  });
});
