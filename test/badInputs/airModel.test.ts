// Bad-input corpus, the air-quality model (issue 13 §2, docs/air.md "Where the surface is
// valid"): emissions outside the pf-ERSM's training range, model files no fit could have
// produced, and models fitted to too few runs. Each case runs vchain in a sandbox and asserts
// exit 2, a located message naming the input, and that nothing was written or changed.
import { rmSync } from 'node:fs';
import { afterAll, describe, it } from 'vitest';
import { damagedInputs, defaultModel } from './damagedInputs.ts';
import { expectRefused, makeSandbox } from './sandbox.ts';

const sb = makeSandbox('airmodel');
afterAll(() => rmSync(sb.root, { recursive: true, force: true }));
const { model, runsFolder, predict, run } = damagedInputs(sb);
const HEBEI = defaultModel().regions.indexOf('Hebei');

// --- rsm predict: the training range and the model file (docs/air.md "Where the surface is valid")

describe('rsm predict: outside the training range, or a model no fit could produce', () => {
  it('emission ratio 5 (wrote PM2.5 down to −94 µg/m³)', () => {
    const f = sb.file('ratio5.csv', 'province,precursor,emission_ratio\nHebei,SO2,5\n');
    expectRefused(sb, predict(f), [
      f,
      'row 2',
      'column emission_ratio',
      'Hebei SO2: emission ratio 5 is outside the range the pf-ERSM was trained on',
      'an emission ratio in [0, 1.5]',
    ]);
  });

  it('emission ratio just above the range, on a later row', () => {
    const f = sb.file('ratio16.csv', 'province,precursor,emission_ratio\nHebei,SO2,0.5\nBeijing,PPM,1.6\n');
    expectRefused(sb, predict(f), [f, 'row 3', 'Beijing PPM: emission ratio 1.6', '[0, 1.5]']);
  });

  it('emissions in tonnes 10 × the model’s baseline', () => {
    const e0 = defaultModel().baselineEmissions.byPrecursor.NOx[HEBEI];
    const f = sb.file('tonnes10x.csv', `province,precursor,emissions_t\nHebei,NOx,${10 * e0}\n`);
    expectRefused(sb, predict(f), [
      f,
      'row 2',
      'column emissions_t',
      'Hebei NOx',
      `baseline emissions (${e0} t)`,
    ]);
  });

  const ok = () => sb.file('ok_scenario.csv', 'province,precursor,emission_ratio\nHebei,SO2,0.5\n');

  it('a model coefficient of 1e308 (gave 471 NaN in result.json)', () => {
    const m = model('coef_1e308.json', (j) => {
      j.receptors[0].coefficients[0] = 1e308;
    });
    expectRefused(sb, predict(ok(), '--model', m), [
      m,
      'column receptors.0.coefficients.0',
      'this pf-ERSM must not be used',
      'moves PM2.5 by up to 1e+308 µg/m³',
    ]);
  });

  it('a model coefficient that is not a number (1e309 reads as Infinity)', () => {
    const m = model(
      'coef_inf.json',
      (j) => {
        j.receptors[2].coefficients[1] = 12345.678;
      },
      (t) => t.replace('12345.678', '1e309'),
    );
    expectRefused(sb, predict(ok(), '--model', m), [
      m,
      'column receptors.2.coefficients.1',
      'not a valid pf-ERSM model file',
    ]);
  });

  it('a coefficient whose term moves PM2.5 by more than 10⁴ µg/m³', () => {
    const m = model('coef_2e4.json', (j) => {
      j.receptors[7].coefficients[3] = 2e4;
    });
    expectRefused(sb, predict(ok(), '--model', m), [m, 'receptors.7.coefficients.3', 'more than 10000']);
  });

  it('a model fitted to one training run', () => {
    const m = model('one_run.json', (j) => {
      j.provenance.trainingRuns = 1;
    });
    expectRefused(sb, predict(ok(), '--model', m), [
      m,
      'column provenance.trainingRuns',
      'fitted to 1 training run(s); a pf-ERSM needs at least 10',
    ]);
  });

  it('a receptor with no fewer terms than training runs', () => {
    const m = model('interpolant.json', (j) => {
      j.provenance.trainingRuns = 100;
    });
    expectRefused(sb, predict(ok(), '--model', m), [
      m,
      /column receptors\.\d+\.terms/,
      'a fit needs fewer terms than runs',
    ]);
  });

  it('a training range that is not an interval', () => {
    const m = model('range_reversed.json', (j) => {
      j.trainingRange.min[10] = 2;
    });
    expectRefused(sb, predict(ok(), '--model', m), [m, 'column trainingRange.min.10', 'is not an interval']);
  });

  it('a prediction below 0 µg/m³ inside the range is refused, not clamped', () => {
    // Beijing's linear PPM term (input 4) raised so that e = 0 gives a negative Beijing PM2.5.
    const m = model('negative.json', (j) => {
      const r = j.receptors[0];
      const k = r.terms.findIndex((t) => t.length === 2 && t[0] === 4 && t[1] === 1);
      r.coefficients[k] += j.baselineConcentration[0] + 50;
    });
    const f = sb.file('beijing_ppm0.csv', 'province,precursor,emission_ratio\nBeijing,PPM,0\n');
    expectRefused(sb, predict(f, '--model', m), [m, 'µg/m³ of PM2.5 in Beijing', 'cannot be negative']);
  });
});

// --- rsm build: too few runs for a fit ----------------------------------------------------------

describe('rsm build: a model fitted to too few runs is never written', () => {
  it('one training run (predicted −255 µg/m³)', () => {
    const dir = runsFolder('runs1', 1);
    expectRefused(
      sb,
      ['rsm', 'build', '--runs', dir, '--validate', '0', '--out', sb.path('m.json')],
      [dir, '1 training run(s)', 'at least 10 training runs'],
    );
  });

  it('enough scenarios, but too few left after --validate', () => {
    const dir = runsFolder('runs12', 12);
    expectRefused(
      sb,
      ['rsm', 'build', '--runs', dir, '--validate', '5', '--out', sb.path('m.json')],
      [dir, '7 training run(s) (12 scenarios besides the baseline, 5 held out by --validate)'],
    );
  });

  it('--no-selection with more candidate terms than runs', () => {
    const dir = runsFolder('runs25', 25);
    expectRefused(
      sb,
      ['rsm', 'build', '--runs', dir, '--validate', '0', '--no-selection', '--out', sb.path('m.json')],
      [dir, 'terms for 25 training runs; a least-squares fit needs fewer terms than runs'],
    );
  });

  it('--ridge Infinity', () => {
    const dir = runsFolder('runs25', 25);
    expectRefused(
      sb,
      ['rsm', 'build', '--runs', dir, '--ridge', 'Infinity', '--out', sb.path('m.json')],
      ['--ridge', 'a finite number ≥ 0'],
    );
  });
});

describe('run: a model no fit could produce, or used outside its range', () => {
  it('--rsm with a coefficient of 1e308 (471 NaN in result.json, exit 0, before)', () => {
    const m = model('run_coef.json', (j) => {
      j.receptors[12].coefficients[4] = 1e308;
    });
    expectRefused(sb, run('--rsm', m), [m, 'receptors.12.coefficients.4', 'must not be used']);
  });

  it('--rsm fitted to one run', () => {
    const m = model('run_one_run.json', (j) => {
      j.provenance.trainingRuns = 1;
    });
    expectRefused(sb, run('--rsm', m), [m, 'provenance.trainingRuns']);
  });

  it('--rsm trained on ratios 0.5–1.5 cannot give the trade counterfactual: refused, not extrapolated', () => {
    const m = model('run_narrow.json', (j) => {
      j.trainingRange.min = j.trainingRange.min.map(() => 0.5);
    });
    expectRefused(sb, run('--rsm', m), [
      m,
      'column trainingRange',
      'the trade counterfactual',
      'is outside the range the pf-ERSM was trained on [0.5, 1.5]',
      'vchain does not extrapolate',
    ]);
  });
});
