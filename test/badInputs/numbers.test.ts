// Bad-input corpus, impossible numbers (issue 13 §2): health and run inputs outside their
// physical or published ranges (docs/health.md "Input ranges", docs/report.md). Each case runs
// vchain in a sandbox and asserts exit 2, a located message naming the input, and that nothing
// was written or changed. The air-quality model's cases are in airModel.test.ts.
import { rmSync } from 'node:fs';
import { afterAll, describe, it } from 'vitest';
import { damagedInputs } from './damagedInputs.ts';
import { expectRefused, makeSandbox } from './sandbox.ts';

const sb = makeSandbox('numbers');
afterAll(() => rmSync(sb.root, { recursive: true, force: true }));
const { provinces, populationCsv, health, dataFolder, run } = damagedInputs(sb);

// --- health: physical and published ranges (docs/health.md "Input ranges") -------------------

describe('health: inputs outside their range', () => {
  it('population 0 everywhere (was 1,152 NaN lines)', () => {
    const f = sb.file(
      'pop_zero.csv',
      populationCsv(() => '0'),
    );
    expectRefused(sb, health('--population', f), [f, 'row 2', 'column population', 'a number > 0']);
  });

  it('population 0 in one province names its row', () => {
    const f = sb.file(
      'pop_hebei_zero.csv',
      populationCsv((p) => (p === 'Hebei' ? '0' : '1000000')),
    );
    expectRefused(sb, health('--population', f), [
      f,
      `row ${provinces.indexOf('Hebei') + 2}`,
      'column population',
    ]);
  });

  it('population above the world’s', () => {
    const f = sb.file(
      'pop_huge.csv',
      populationCsv((p) => (p === 'Tibet' ? '2e10' : '1000000')),
    );
    expectRefused(sb, health('--population', f), [f, 'column population', 'is above 10000000000']);
  });

  it('population 1e308', () => {
    const f = sb.file(
      'pop_1e308.csv',
      populationCsv(() => '1e308'),
    );
    expectRefused(sb, health('--population', f), [f, 'row 2', '1e+308 is above 10000000000']);
  });

  it('--vsl-elasticity 1000 (gave Infinity)', () => {
    expectRefused(sb, health('--vsl-elasticity', '1000'), [
      '--vsl-elasticity',
      "'1000'",
      'a number in [0, 3]',
    ]);
  });

  it('--vsl-elasticity below 0', () => {
    expectRefused(sb, health('--vsl-elasticity', '-0.5'), [
      '--vsl-elasticity',
      "'-0.5'",
      'published income elasticities',
    ]);
  });

  it('--price-year after the CPI table (was a RangeError)', () => {
    expectRefused(sb, health('--price-year', '2030'), [
      '--price-year',
      '2030',
      '2015–2019',
      'china_cpi_annual.csv',
    ]);
  });

  it('--price-year before the CPI table', () => {
    expectRefused(sb, health('--price-year', '2014'), [
      '--price-year',
      '2014 is not in the price index table',
    ]);
  });

  it('a mortality rate of 1e308 (gave Infinity)', () => {
    const f = sb.file('mort_1e308.csv', 'region,endpoint,age_start,rate_per100k\nBeijing,IHD,25,1e308\n');
    expectRefused(sb, health('--mortality-override', f), [
      f,
      'row 2',
      'column rate_per100k',
      'a number ≤ 100000',
    ]);
  });

  it('a mortality rate above one death per person-year', () => {
    const f = sb.file(
      'mort_over_one.csv',
      'region,endpoint,age_start,rate_per100k\nBeijing,IHD,25,120\nBeijing,IHD,30,150000\n',
    );
    expectRefused(sb, health('--mortality-override', f), [
      f,
      'row 3',
      'column rate_per100k',
      '150000 is above 100000',
    ]);
  });

  it('a VSL range that does not bracket the central value', () => {
    const data = dataFolder('data-vsl', (_f, t) => t.replace(/^vsl_low,3790000,/m, 'vsl_low,7000000,'));
    expectRefused(sb, health('--data', data), [
      'vsl_default.csv',
      'row 2',
      'column value',
      'VSL low 7000000, central 4760000',
      '0 ≤ low ≤ central ≤ high',
    ]);
  });

  it('a default income elasticity outside 0–3 in the data folder', () => {
    const data = dataFolder('data-elasticity', (_f, t) =>
      t.replace(/^income_elasticity_default,0\.8,/m, 'income_elasticity_default,1000,'),
    );
    expectRefused(sb, health('--data', data), ['vsl_default.csv', 'column value', '1000 is above 3']);
  });
});

// --- run: the same ranges ---------------------------------------------------

describe('run: inputs outside their range', () => {
  it('--population with a province of 0 persons', () => {
    const f = sb.file(
      'run_pop0.csv',
      populationCsv((p) => (p === 'Beijing' ? '0' : '1000000')),
    );
    expectRefused(sb, run('--population', f), [f, 'row 2', 'column population', 'a number > 0']);
  });

  it('--population 1e308', () => {
    const f = sb.file(
      'run_pop_huge.csv',
      populationCsv(() => '1e308'),
    );
    expectRefused(sb, run('--population', f), [f, 'column population', 'is above 10000000000']);
  });

  it('--emissions with 1e308 t in a row', () => {
    const f = sb.file(
      'em_huge.csv',
      'region,sector,pollutant,value\nBeijing,HOUSEHOLDS,SO2,12\nHebei,HOUSEHOLDS,NOx,1e308\n',
    );
    expectRefused(sb, run('--emissions', f), [f, 'row 3', 'column value', 'a number from 0 to 1000000000']);
  });
});
