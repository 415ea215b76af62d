// Bad-input corpus, the other input files: `vchain health` (PM2.5, population and override CSVs),
// `vchain rsm predict` (scenario CSV, model JSON) and `vchain run` (population, emissions, a
// response surface of other provinces). Each: exit 2, file/row/column named, sandbox unchanged.
import { mkdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { defaultModel } from './damagedInputs.ts';
import { copyFixture, editBytes, editText, fileSandbox, latin1 } from './prepare.ts';
import { expectRefused, REPO } from './sandbox.ts';

const sb = fileSandbox('health-air');
const OUT = sb.path('out');

let made = 0;
/** A copy of the baseline PM2.5 fixture (region,pm25; Beijing on row 2, 31 provinces, rows 2–32). */
function pm(damage?: (path: string) => void): string {
  const path = copyFixture(sb, 'health/pm25_2017_base.csv', `pm-${++made}.csv`);
  damage?.(path);
  return path;
}
const CF = copyFixture(sb, 'health/pm25_2017_minus20pct.csv', 'pm-cf.csv');
const health = (base: string, ...more: string[]) => [
  'health',
  '--pm',
  base,
  '--pm-counterfactual',
  CF,
  '--draws',
  '10',
  '--out',
  OUT,
  ...more,
];
/** region,<column> for the 31 provinces of the fixture, each `value` unless overridden. */
function perProvince(column: string, value: (region: string, k: number) => string): string {
  const regions = readFileSync(sb.path('pm-cf.csv'), 'utf8') // GB/T codes, rows 2–32
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);
  return `region,${column}\n${regions.map((r, k) => `${r},${value(r, k)}`).join('\n')}\n`;
}

describe('vchain health input files', () => {
  it('a Latin-1 province name names the byte, row and column', () => {
    const f = pm((p) =>
      editBytes(sb, p, (b) => latin1(b.toString('utf8').replace('Tianjin', 'Tianj\u00e9n'))),
    );
    expectRefused(sb, health(f), [
      '(row 3, column region): byte 0xE9 at byte offset',
      'save the file as UTF-8',
    ]);
  });

  it("'0x14' as a concentration", () => {
    const f = pm((p) => editText(sb, p, (t) => t.replace('Beijing,58.3', 'Beijing,0x14')));
    expectRefused(sb, health(f), ["(row 2, column pm25): '0x14' is not a decimal number"]);
  });

  it('a file cut inside its last number', () => {
    const f = pm((p) => editText(sb, p, (t) => t.trimEnd().slice(0, -1)));
    expectRefused(sb, health(f), ['(row 32)', 'ends without a line break']);
  });

  it('spaces after the commas of the header', () => {
    const f = pm((p) => editText(sb, p, (t) => t.replace('region,pm25', 'region, pm25')));
    expectRefused(sb, health(f), ["(row 1, column 2): header name ' pm25' has spaces around it"]);
  });

  it('a folder given as --pm (raw EISDIR before)', () => {
    mkdirSync(sb.path('pm-folder'));
    expectRefused(sb, health(sb.path('pm-folder')), [
      'pm-folder: is a folder, not a file',
      'expected a CSV with columns region, pm25',
    ]);
  });

  it('--pm that does not exist', () => {
    expectRefused(sb, health(sb.path('nope.csv')), ['nope.csv: not found']);
  });

  it("'Infinity' in --population", () => {
    const f = sb.file(
      'pop-inf.csv',
      perProvince('population', (_r, k) => (k === 4 ? 'Infinity' : '1000000')),
    );
    expectRefused(sb, health(pm(), '--population', f), [
      "pop-inf.csv (row 6, column population): 'Infinity'",
      'not a finite number',
    ]);
  });

  it('a header-only --mortality-override is an empty table', () => {
    const f = sb.file('mort.csv', 'region,endpoint,age_start,rate_per100k\n');
    expectRefused(sb, health(pm(), '--mortality-override', f), ['mort.csv (row 2): no data rows']);
  });

  it('an empty age band is not band 0', () => {
    const f = sb.file('age.csv', 'region,age_start,share\nBeijing,,0.5\n');
    expectRefused(sb, health(pm(), '--age-structure-override', f), [
      "age.csv (row 2, column age_start): age band ''",
    ]);
  });
});

describe('vchain rsm predict input files', () => {
  const predict = (emissions: string, ...more: string[]) => [
    'rsm',
    'predict',
    '--emissions',
    emissions,
    ...more,
  ];

  it("'NaN' as an emission ratio", () => {
    const f = sb.file(
      'ratios-nan.csv',
      'province,precursor,emission_ratio\nBeijing,SO2,0.5\nHebei,NOx,NaN\n',
    );
    expectRefused(sb, predict(f), [
      "ratios-nan.csv (row 3, column emission_ratio): 'NaN'",
      'not a finite number',
    ]);
  });

  it('a header-only scenario file', () => {
    const f = sb.file('ratios-empty.csv', 'province,precursor,emission_ratio\n');
    expectRefused(sb, predict(f), ['ratios-empty.csv (row 2): no data rows']);
  });

  it('a row with a field missing', () => {
    const f = sb.file('ratios-short.csv', 'province,precursor,emission_ratio\nBeijing,SO2,0.5\nHebei,NOx\n');
    expectRefused(sb, predict(f), ['ratios-short.csv (row 3): row has 2 fields, the header 3']);
  });

  it('a model file cut short', () => {
    const model = sb.file(
      'model-cut.json',
      readFileSync(`${REPO}data/air/pf-ersm-standin-2017.json`, 'utf8').slice(0, 5000),
    );
    const f = sb.file('ratios-ok.csv', 'province,precursor,emission_ratio\nBeijing,SO2,0.5\n');
    expectRefused(sb, predict(f, '--model', model), ['model-cut.json: invalid JSON']);
  });

  it('a folder given as --model', () => {
    mkdirSync(sb.path('model-folder'));
    const f = sb.file('ratios-ok2.csv', 'province,precursor,emission_ratio\nBeijing,SO2,0.5\n');
    expectRefused(sb, predict(f, '--model', sb.path('model-folder')), [
      'model-folder: is a folder, not a file',
    ]);
  });
});

describe('vchain run input files', () => {
  const run = (...more: string[]) => ['run', '--draws', '5', '--no-report', '--quiet', '--out', OUT, ...more];

  it('a zero population (a RangeError before)', () => {
    const f = sb.file(
      'pop-zero.csv',
      perProvince('population', (_r, k) => (k === 0 ? '0' : '1000000')),
    );
    expectRefused(sb, run('--population', f), ['pop-zero.csv (row 2, column population): 0 must be above 0']);
  });

  it('a response surface fitted to other provinces (a plain Error before)', () => {
    const m = defaultModel();
    m.regions[0] = 'Peking';
    const f = sb.file('model-peking.json', `${JSON.stringify(m)}\n`);
    expectRefused(sb, run('--rsm', f), [
      'model-peking.json (column regions)',
      'fitted to other provinces',
      'lacks Beijing',
      'has Peking',
    ]);
  });

  it("'1e999' tonnes in --emissions", () => {
    const f = sb.file('emissions-big.csv', 'region,sector,pollutant,value\nBeijing,HOUSEHOLDS,SO2,1e999\n');
    expectRefused(sb, run('--emissions', f), [
      "emissions-big.csv (row 2, column value): '1e999'",
      'range of a double',
    ]);
  });
});
