// Bad-input corpus, command lines: usage errors (unknown option or command, missing argument,
// bad choice) and option values (numbers in decimal notation only, bounded draws and seeds, price
// years the CPI covers). Each: exit 2, one line naming the option, the sandbox unchanged; every
// case fails before any work.
import { describe, expect, it } from 'vitest';
import { copyFixture, fileSandbox } from './prepare.ts';
import { expectRefused } from './sandbox.ts';

const sb = fileSandbox('options');
const OUT = sb.path('out');
const PM = copyFixture(sb, 'health/pm25_2017_base.csv', 'pm.csv');
const CF = copyFixture(sb, 'health/pm25_2017_minus20pct.csv', 'pm-cf.csv');
const MRIO = copyFixture(sb, 'test-systems/pymrio-test-mrio', 'pymrio');

/** A refused command line whose whole report is one line (no help dump). */
function refusedInOneLine(args: readonly string[], mentions: readonly (string | RegExp)[]): void {
  const r = expectRefused(sb, args, mentions);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
}
const health = (...more: string[]) => [
  'health',
  '--pm',
  PM,
  '--pm-counterfactual',
  CF,
  '--out',
  OUT,
  ...more,
];
const run = (...more: string[]) => ['run', '--no-report', '--quiet', '--out', OUT, ...more];

describe('usage errors: one line, exit 2 (commander exited 1 with the whole help before)', () => {
  it('an unknown option', () => {
    refusedInOneLine(
      ['decompose', '--mrio', MRIO, '--out', OUT, '--bogus'],
      ["vchain: error: unknown option '--bogus'", 'see `vchain decompose --help`'],
    );
  });

  it('a required option left out', () => {
    refusedInOneLine(['decompose', '--out', OUT], ["required option '--mrio <path>' not specified"]);
  });

  it('an option without its argument', () => {
    refusedInOneLine(
      ['rsm', 'build', '--ctm', 'standin', '--out'],
      ["option '--out <file>' argument missing", 'see `vchain rsm build --help`'],
    );
  });

  it('a choice not offered', () => {
    refusedInOneLine(
      ['decompose', '--mrio', MRIO, '--format', 'xls', '--out', OUT],
      ["option '--format <format>' argument 'xls' is invalid", 'pymrio, ceads, csv'],
    );
  });

  it('an unknown command', () => {
    refusedInOneLine(['frobnicate'], ["unknown command 'frobnicate'", 'see `vchain --help`']);
  });

  it('an unknown ERF', () => {
    refusedInOneLine(health('--erf', 'gemm2'), [
      "option '--erf <name>' argument 'gemm2' is invalid",
      'ier2015, ier2017, gemm',
    ]);
  });
});

describe('option values', () => {
  it("--thresholds '' (a 0 µg/m³ threshold before)", () => {
    refusedInOneLine(health('--thresholds', ''), ["option '--thresholds <list>'", 'the list is empty']);
  });

  it("--thresholds '5,,10'", () => {
    refusedInOneLine(health('--thresholds', '5,,10'), ["entry 2 '' is empty"]);
  });

  it("--thresholds '5,5'", () => {
    refusedInOneLine(health('--thresholds', '5,5'), ['5 is given twice']);
  });

  it('--draws 1e9 (allocated without limit before)', () => {
    refusedInOneLine(health('--draws', '1e9'), [
      "option '--draws <n>' argument '1e9' is invalid",
      '--draws takes a whole number 1–100,000',
    ]);
  });

  it('--draws × thresholds beyond the memory budget', () => {
    refusedInOneLine(health('--draws', '100000', '--thresholds', '1,2,3,4'), [
      'vchain: error: --draws: 100000 draws × 4 thresholds = 400,000',
      'draws × thresholds ≤ 300,000',
    ]);
  });

  it('--price-year 2030 (a RangeError before)', () => {
    refusedInOneLine(health('--price-year', '2030'), [
      '--price-year: 2030 is not in the price index table',
      'a year the CPI table covers, 2015–2019',
    ]);
  });

  it('--seed 2^31 (would alias a smaller seed)', () => {
    refusedInOneLine(health('--seed', '2147483648'), ['--seed takes a whole number 0–2,147,483,647']);
  });

  it('--vsl-elasticity abc', () => {
    refusedInOneLine(health('--vsl-elasticity', 'abc'), [
      "--vsl-elasticity: 'abc' is not a decimal number",
      'expected a number in [0, 3]',
    ]);
  });

  it('--draws 0x10 (read as 16 before)', () => {
    refusedInOneLine(run('--draws', '0x10'), ["'0x10' is in hexadecimal, octal or binary notation"]);
  });

  it("--seed '' (read as 0 before)", () => {
    refusedInOneLine(run('--seed', ''), ["option '--seed <s>' argument '' is invalid", "'' is empty"]);
  });

  it('--curve-draws 0.5', () => {
    refusedInOneLine(run('--curve-draws', '0.5'), ['--curve-draws takes a whole number 1–100,000']);
  });

  it('--headline not among --thresholds', () => {
    refusedInOneLine(run('--thresholds', '5,15', '--headline', '10'), [
      '--headline: 10 µg/m³ is not among --thresholds',
    ]);
  });

  it('a 100 kB option value is echoed clipped', () => {
    const r = expectRefused(sb, run('--seed', '9'.repeat(100_000)), ['…(100000 bytes)']);
    expect(r.stderr.length).toBeLessThan(600);
  });

  it('rsm build --ridge Infinity', () => {
    refusedInOneLine(
      ['rsm', 'build', '--ctm', 'standin', '--ridge', 'Infinity', '--out', sb.path('m.json')],
      ["--ridge: 'Infinity' is not valid", 'a finite number ≥ 0 in decimal notation'],
    );
  });

  it("rsm build --train '' (read as 0 before)", () => {
    refusedInOneLine(
      ['rsm', 'build', '--ctm', 'standin', '--train', '', '--out', sb.path('m.json')],
      ["--train: '' is not valid", 'a whole number 20–20000'],
    );
  });

  it('serve --port 70000', () => {
    refusedInOneLine(['serve', '--port', '70000'], ['--port takes a whole number 0–65,535']);
  });

  it("serve --port '' (any free port before)", () => {
    refusedInOneLine(['serve', '--port', ''], ["option '--port <n>' argument '' is invalid"]);
  });

  it('serve --workers -1', () => {
    refusedInOneLine(['serve', '--workers', '-1'], ['--workers takes a whole number 0–16']);
  });

  it("decompose --indicators '' (all indicators before)", () => {
    refusedInOneLine(
      ['decompose', '--mrio', MRIO, '--indicators', '', '--out', OUT],
      ['--indicators takes comma-separated names; the list is empty'],
    );
  });

  it('dataset build --recipe unknown', () => {
    refusedInOneLine(
      ['dataset', 'build', '--recipe', 'china1990', '--out', OUT],
      ["--recipe: unknown recipe 'china1990'"],
    );
  });
});
