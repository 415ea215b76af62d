import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultDataset } from '../../src/io/defaultDataset.ts';
import { PRECURSORS } from '../../src/mrio/model.ts';
import { checkDataPackage } from '../support/dataPackageCheck.ts';
import { ROOT, vchain } from '../support/vchainCli.ts';

/** End-to-end `vchain run` through the real CLI entry point (exit codes, files, messages). */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vchain-cli-run-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: parsed run.json / result.json, checked field by field
type Json = Record<string, any>;
const readJson = (p: string): Json => JSON.parse(readFileSync(p, 'utf8'));

describe('vchain run on the embedded default', () => {
  let run: Json;
  let result: Json;
  const out = () => join(dir, 'default');

  let lastWords: string[];
  beforeAll(() => {
    const r = vchain(['run', '--draws', '50', '--out', out()]);
    expect(r.status).toBe(0);
    run = readJson(join(out(), 'run.json'));
    result = readJson(join(out(), 'result.json'));
    const lines = r.stderr.trim().split('\n');
    lastWords = lines.slice(lines.findIndex((l) => l.startsWith('vchain run: done in')));
  }, 240_000);

  it('ends with where the report is, three headline numbers and the elapsed time', () => {
    expect(lastWords[0]).toMatch(/^vchain run: done in \d+(\.\d)? s; report: .*report\.html$/);
    expect(lastWords[0]).toContain(join(out(), 'report.html'));
    expect(lastWords[1]).toMatch(
      /^ {2}Premature deaths .*: [\d.,]+ (\w+ )?deaths per year; 95 %: [\d.,]+–[\d.,]+ /,
    );
    expect(lastWords[2]).toMatch(/^ {2}Health damage of trade: [\d.,]+ (\w+ )?CNY/);
    expect(lastWords[3]).toMatch(/^ {2}Damage suffered outside the emitting province: [\d.]+ %/);
    // Which conventions: ERF, accounting, threshold reading, VSL, CV (the paper's by default).
    expect(lastWords[4]).toMatch(
      /^ {2}conventions: ier2015, accounting difference, threshold reading floor, VSL [\d.]+ million CNY \(2017 prices\) \(mean of its distribution\), CV unweighted \(the paper's\)$/,
    );
    expect(lastWords.at(-1)).toMatch(/demonstration dataset/);
  });

  it('writes every output, nothing half-written', () => {
    for (const f of ['run.json', 'result.json', 'summary.json', 'results.xlsx', 'report.html'])
      expect(existsSync(join(out(), f)), f).toBe(true);
    const summary = readJson(join(out(), 'summary.json'));
    for (const f of summary.files as string[]) expect(existsSync(join(out(), f)), f).toBe(true);
    expect(readdirSync(join(out(), 'figures')).length).toBeGreaterThanOrEqual(14);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]); // no temp folder left
  });

  it('tables: one money unit (the currency label), datapackage.json checked against every file', async () => {
    await checkDataPackage(out());
    const label: string = result.labels.currency.label;
    const valueChain = Papa.parse<Record<string, string>>(
      readFileSync(join(out(), 'tables', 'value_chain.csv'), 'utf8'),
      { header: true, skipEmptyLines: true },
    ).data;
    // Social income (the MRIO's 10^4 CNY) restated in plain currency units: equal to result.json × 10^4.
    const income = result.valueChain.find((a: Json) => /^10\^4 CNY$/.test(a.unit));
    expect(income).toBeDefined();
    const row = valueChain.find((r) => r.indicator === income.indicator && r.part === 'production')!;
    expect(row.unit).toBe(label);
    expect(Number(row.value)).toBe(income.production[income.regions.indexOf(row.region)] * 1e4);
    for (const f of readdirSync(join(out(), 'tables'))) {
      if (f === 'paper_comparison.csv') continue; // the paper's published units, on purpose
      const t = Papa.parse<Record<string, string>>(readFileSync(join(out(), 'tables', f), 'utf8'), {
        header: true,
        skipEmptyLines: true,
      });
      for (const k of t.meta.fields ?? [])
        if (k === 'unit' || k.endsWith('_unit'))
          for (const r of t.data)
            if (/CNY/.test(r[k])) expect(r[k].startsWith(label), `${f} ${k}: ${r[k]}`).toBe(true);
    }
  });

  it('run.json states the run and its per-output timings', () => {
    expect(run.isDemonstration).toBe(true);
    expect(run.monteCarlo).toMatchObject({ draws: 50, seed: 20170101 });
    expect(run.satelliteSources).toEqual({ income: 'dataset', employment: 'dataset', emissions: 'dataset' });
    for (const k of ['report.tables', 'report.figures', 'report.xlsx', 'report.html', 'analysisTotal'])
      expect(run.timings[k], k).toBeGreaterThan(0);
    expect(run.timings.writeOutputs).toBeGreaterThanOrEqual(
      run.timings['report.tables'] + run.timings['report.figures'] + run.timings['report.xlsx'],
    );
  });

  it('identities hold and the accounts add up', () => {
    for (const c of run.identities as { name: string; maxRelativeResidual: number }[])
      expect(c.maxRelativeResidual, c.name).toBeLessThan(1e-8);
    // Four-part decomposition per region: production = part 1 + trade-related (parts 2+3+4),
    // and the national figures are the regions' sums.
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.abs(b));
    for (const v of result.valueChain as Json[]) {
      let production = 0;
      let trade = 0;
      v.regions.forEach((_: string, i: number) => {
        const t = v.importsEmbodied[i] + v.finalExports[i] + v.intermediateExports[i];
        close(t, v.tradeRelated[i]);
        close(v.intraRegional[i] + t, v.production[i]);
        production += v.production[i];
        trade += v.tradeRelated[i];
      });
      close(production, v.national.production);
      close(trade, v.national.tradeRelated);
      // Share of national totals incl. final users' direct emissions (E⁰ = production + direct).
      const direct = (v.direct ?? []).reduce((a: number, b: number) => a + b, 0);
      close(v.national.tradeRelated / (v.national.production + direct), v.national.tradeShare);
      // Numerator and denominator are printed: total = production + direct.
      close(v.national.direct, direct);
      close(v.national.total, v.national.production + direct);
    }
    // The mean damage lies inside its 95 % interval at every threshold; no duplicate 'central'.
    for (const d of result.damage as Json[]) {
      const x = d.national.deaths;
      expect(x.central).toBeUndefined();
      expect(x.p025).toBeLessThanOrEqual(x.mean);
      expect(x.mean).toBeLessThanOrEqual(x.p975);
    }
  });

  it('no blank without a reason: every null of result.json is declared, tables and run.json say why', () => {
    // A null number is a value that cannot be computed; its holder names it in `notComputed`.
    // (headline rows: `paper` is null where the paper prints no figure, as their definition says.)
    const undeclared: string[] = [];
    const walk = (v: unknown, path: string, declared: boolean) => {
      if (v === null) {
        if (!declared) undeclared.push(path);
      } else if (Array.isArray(v)) {
        for (const [k, x] of v.entries()) walk(x, `${path}[${k}]`, declared);
      } else if (typeof v === 'object')
        for (const [k, x] of Object.entries(v as Json))
          if (k !== 'notComputed')
            walk(x, `${path}.${k}`, declared || (v as Json).notComputed?.[k] !== undefined);
    };
    walk({ ...result, headline: [] }, 'result', false);
    expect(undeclared).toEqual([]);
    // The default run's one blank index: Theil of triggered damage (a province's is negative).
    const theil = result.mismatch.measures.find((m: Json) => m.variable === 'damage_triggered').theil;
    expect(theil.total).toBeNull();
    expect(theil.notComputed.total).toMatch(/needs non-negative values, and .* is negative in /);
    const csv = readFileSync(join(out(), 'tables', 'inequality.csv'), 'utf8');
    const row = csv.split('\n').find((l) => l.startsWith('damage_triggered,'))!;
    expect(csv.split('\n')[0].endsWith(',note')).toBe(true);
    expect(row).toContain(theil.notComputed.total);
    expect(run.notComputed).toContainEqual({
      field: 'mismatch.measures[variable=damage_triggered].theil.total',
      reason: theil.notComputed.total,
    });
  });

  it('--emissions with the dataset’s own emissions as a CSV reproduces the emission accounts', () => {
    const ds = loadDefaultDataset();
    const { regions, sectors } = ds.mrio;
    const code = new Map(ds.regionInfo.map((r) => [r.name, r.code ?? r.name]));
    const alias: Record<string, string> = { VOC: 'NMVOC', PPM: 'PM2.5' };
    const lines = ['region,sector,pollutant,value'];
    for (const p of PRECURSORS) {
      const s = ds.mrio.satellites.find((a) => a.kind === 'emission' && a.precursor === p)!;
      regions.forEach((r, i) => {
        // Half the rows by GB/T code, aliases for VOC and PPM: both must be accepted.
        const reg = i % 2 ? code.get(r)! : r;
        sectors.forEach((sec, j) => {
          const v = s.values[i * sectors.length + j];
          if (v !== 0) lines.push(`${reg},"${sec}",${alias[p] ?? p},${v}`);
        });
        lines.push(`${reg},HOUSEHOLDS,${alias[p] ?? p},${s.direct?.[i] ?? 0}`);
      });
    }
    const file = join(dir, 'emissions.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const o = join(dir, 'own-emissions');
    const r = vchain([
      'run',
      '--emissions',
      file,
      '--draws',
      '20',
      '--pairwise',
      'none',
      '--no-report',
      '--quiet',
      '--out',
      o,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const run2 = readJson(join(o, 'run.json'));
    expect(run2.satelliteSources.emissions).toMatch(/emissions\.csv/);
    expect(run2.inputs.map((x: Json) => x.role)).toContain('emissions');
    const res2 = readJson(join(o, 'result.json'));
    // Same tonnes in, same accounts out (the CSV carries shortest round-trip numbers).
    expect(res2.emissions.map((e: Json) => e.nationalTradeShare)).toEqual(
      result.emissions.map((e: Json) => e.nationalTradeShare),
    );
  }, 240_000);
});

describe('vchain run rejects bad input with exit code 2 and leaves no output', () => {
  it('--emissions: names the file, row and column; no output or temp folder', () => {
    const file = join(dir, 'bad-emissions.csv');
    writeFileSync(
      file,
      'region,sector,pollutant,value\nBeijing,HOUSEHOLDS,SO2,10\nTianjin,HOUSEHOLDS,NOx,-3\n',
    );
    const o = join(dir, 'bad');
    const before = readdirSync(dir);
    const r = vchain(['run', '--emissions', file, '--no-report', '--quiet', '--out', o]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/row 3, column value/);
    expect(r.stderr).toMatch(/expected a number from 0 to 1000000000 \(tonnes per year/);
    expect(existsSync(o)).toBe(false);
    expect(readdirSync(dir)).toEqual(before);
  });

  it('--mrio with the pymrio test system: its regions are not the dataset’s', () => {
    const mrio = join(ROOT, 'test/fixtures/test-systems/pymrio-test-mrio');
    const o = join(dir, 'pymrio');
    const before = readdirSync(dir);
    const r = vchain(['run', '--mrio', mrio, '--format', 'pymrio', '--no-report', '--quiet', '--out', o]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('pymrio-test-mrio');
    expect(r.stderr).toMatch(/regions differ from the dataset's/);
    expect(r.stderr).toMatch(/Beijing, Tianjin/);
    expect(existsSync(o)).toBe(false);
    expect(readdirSync(dir)).toEqual(before);
  });

  it('--income without --mrio is refused', () => {
    const r = vchain(['run', '--income', 'VA001', '--no-report', '--quiet', '--out', join(dir, 'x')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--income.*needs --mrio/);
  });
});
