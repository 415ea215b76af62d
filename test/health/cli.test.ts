import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerHealthCommand } from '../../src/cli/definitions/health.ts';
import { InputError } from '../../src/io/inputError.ts';
import { checkDataPackage } from '../support/dataPackageCheck.ts';

const base = 'test/fixtures/health/pm25_2017_base.csv';
const cf = 'test/fixtures/health/pm25_2017_minus20pct.csv';
const tmp = mkdtempSync(join(tmpdir(), 'vchain-health-'));

async function run(args: string[]): Promise<void> {
  const program = new Command();
  program.exitOverride();
  registerHealthCommand(program);
  await program.parseAsync(['node', 'vchain', 'health', ...args]);
}

describe('vchain health', () => {
  it('writes a tidy summary and run.json; same seed → byte-identical, other seed → different', async () => {
    const a = join(tmp, 'a');
    const b = join(tmp, 'b');
    const c = join(tmp, 'c');
    const common = ['--pm', base, '--pm-counterfactual', cf, '--draws', '60'];
    await run([...common, '--seed', '11', '--out', a]);
    await run([...common, '--seed', '11', '--out', b]);
    await run([...common, '--seed', '12', '--out', c]);
    for (const f of ['health_summary.csv', 'run.json']) {
      expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f)))).toBe(true);
    }
    expect(
      readFileSync(join(a, 'health_summary.csv')).equals(readFileSync(join(c, 'health_summary.csv'))),
    ).toBe(false);

    const lines = readFileSync(join(a, 'health_summary.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'region,endpoint,endpoint_kind,threshold,quantity,unit,currency,price_year,mean,median,p2_5,p97_5,draws,seed,erf,accounting,threshold_reading',
    );
    expect(readFileSync(join(a, 'datapackage.json')).equals(readFileSync(join(b, 'datapackage.json')))).toBe(
      true,
    );
    const pkg = await checkDataPackage(a);
    expect(pkg.resources[0].schema.fields[3]).toMatchObject({ name: 'threshold', unit: 'µg/m³' });
    // 31 provinces + TOTAL; 3 thresholds; every row names the conventions
    const regions = new Set(lines.slice(1).map((l) => l.split(',')[0]));
    expect(regions.size).toBe(32);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[3]))).toEqual(new Set(['5', '10', '15']));
    expect(lines.slice(1).every((l) => l.endsWith(',60,11,ier2015,difference,floor'))).toBe(true);
    const money = lines.filter((l) => l.split(',')[4] === 'money');
    expect(money.every((l) => l.includes(',CNY (2017 prices),CNY,2017,'))).toBe(true);

    const runJson = JSON.parse(readFileSync(join(a, 'run.json'), 'utf8'));
    expect(runJson.conventions.seed).toBe(11);
    expect(runJson.conventions.thresholdReading).toBe('floor');
    expect(runJson.fileHashes['data/sources/health/ier2015_draws.csv']).toBe('8818d57a3370bb19'); // PROVENANCE.md
    expect(
      runJson.fileHashes['data/sources/health/china_mortality_rate_per100k_by_endpoint_age_2015.csv'],
    ).toBe('f2c8697fdb7a4f92');
    expect(runJson.notes.some((n: string) => n.startsWith('asthma attacks: left out'))).toBe(true);
  });

  it('bad input → InputError with file/row/column and no output folder', async () => {
    const cases: [string, string, RegExp][] = [
      [
        'unknown.csv',
        'region,pm25\nAtlantis,40\n',
        /unknown province 'Atlantis'.*row 2, column region|row 2, column region.*Atlantis/,
      ],
      ['range.csv', 'region,pm25\nBeijing,900\n', /row 2, column pm25/],
      ['missing.csv', 'region,pm25\nBeijing,40\n', /missing provinces/],
    ];
    for (const [name, text, re] of cases) {
      const f = join(tmp, name);
      writeFileSync(f, text);
      const out = join(tmp, `out-${name}`);
      const err = await run(['--pm', f, '--pm-counterfactual', cf, '--draws', '5', '--out', out]).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(InputError);
      expect(String(err.message)).toMatch(re);
      expect(existsSync(out)).toBe(false);
    }
    const pop = join(tmp, 'pop.csv');
    writeFileSync(
      pop,
      `region,population\n${readFileSync(base, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l, i) => `${l.split(',')[0]},${i === 3 ? -5 : 1000}`)
        .join('\n')}\n`,
    );
    const err = await run([
      '--pm',
      base,
      '--pm-counterfactual',
      cf,
      '--population',
      pop,
      '--draws',
      '5',
      '--out',
      join(tmp, 'o'),
    ]).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(String(err.message)).toMatch(/row 5, column population/);
  });

  it('a provincial mortality override missing an age band is rejected', async () => {
    const f = join(tmp, 'mort.csv');
    writeFileSync(f, 'region,endpoint,age_start,rate_per100k\nBeijing,IHD,25,1.0\n');
    const err = await run([
      '--pm',
      base,
      '--pm-counterfactual',
      cf,
      '--mortality-override',
      f,
      '--draws',
      '5',
      '--out',
      join(tmp, 'm'),
    ]).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(String(err.message)).toMatch(/Beijing: missing age band/);
  });

  it('the real CLI exits with code 2 on bad input', async () => {
    const f = join(tmp, 'neg.csv');
    writeFileSync(f, 'region,pm25\nBeijing,-3\n');
    const out = join(tmp, 'cli-out');
    const err = await promisify(execFile)('npx', [
      'tsx',
      'src/cli/main.ts',
      'health',
      '--pm',
      f,
      '--pm-counterfactual',
      cf,
      '--out',
      out,
    ]).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/neg\.csv \(row 2, column pm25\)/);
    expect(existsSync(out)).toBe(false);
  });
});
