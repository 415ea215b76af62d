// `vchain scenario schema|example|check`, `vchain run --scenario FILE` with convention options
// over the file's, and the one definition of the health conventions both `vchain run` and
// `vchain health` offer.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vchain } from '../support/vchainCli.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vchain-scenario-cli-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('vchain scenario', () => {
  let schema: Record<string, unknown>;
  let example: string;
  beforeAll(() => {
    const s = vchain(['scenario', 'schema']);
    expect(s.status).toBe(0);
    schema = JSON.parse(s.stdout);
    const e = vchain(['scenario', 'example']);
    expect(e.status).toBe(0);
    example = e.stdout;
  }, 60_000);

  it('schema: a draft 2020-12 JSON Schema of the explorer’s scenario, with the dataset’s names', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const props = schema.properties as Record<string, Record<string, unknown>>;
    expect(Object.keys(props)).toEqual([
      'format',
      'name',
      'description',
      'conventions',
      'intensity',
      'finalDemand',
      'trade',
    ]);
    expect(schema.additionalProperties).toBe(false);
    const text = JSON.stringify(schema);
    expect(text).toContain('"Hebei"');
    expect(text).toContain('"Production and supply of electric power and heat power"');
    expect(Object.keys((props.conventions!.properties as object) ?? {})).toEqual([
      'threshold',
      'vsl',
      'erf',
      'accounting',
      'thresholdReading',
    ]);
  });

  it('example: an ultra-low-emission retrofit of four provinces that the JSON Schema accepts', async () => {
    const ex = JSON.parse(example);
    expect(ex.intensity).toHaveLength(3);
    for (const r of ex.intensity) expect(r.regions).toEqual(['Hebei', 'Shandong', 'Henan', 'Shanxi']);
    // An independent JSON Schema validator (ajv, draft 2020-12) on the printed schema.
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(ex), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...ex, intensity: [{ ...ex.intensity[0], regions: ['Atlantis'] }] })).toBe(false);
    expect(validate({ ...ex, conventions: { threshold: 7 } })).toBe(false);
    expect(validate({ ...ex, threshold: 10 })).toBe(false);
  });

  it('check: valid file → its SHA-256; a bad one → exit 2 naming the file and the field', () => {
    const good = join(dir, 'ule.json');
    writeFileSync(good, example);
    const ok = vchain(['scenario', 'check', good]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/valid \(vchain\.scenario\/1\).*3 intensity.*sha256 [0-9a-f]{64}/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, example.replace('"Henan"', '"Atlantis"'));
    const r = vchain(['scenario', 'check', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.json \(column intensity\[0\]\.regions\[2\]\): unknown region "Atlantis"/);
  });
});

describe('vchain run --scenario FILE with convention options', () => {
  it('an option given on the command line replaces the file’s convention, and run.json says so', () => {
    const file = join(dir, 'gemm.json');
    writeFileSync(
      file,
      `${JSON.stringify({
        name: 'retrofit under IER 2015',
        conventions: { threshold: 15, erf: 'ier2015' },
        intensity: [{ regions: ['Hebei'], sectors: 'all', factors: { SO2: 0.6 } }],
      })}\n`,
    );
    const out = join(dir, 'run-gemm');
    const r = vchain([
      'run',
      '--scenario',
      file,
      '--erf',
      'gemm',
      '--accounting',
      'pif',
      '--draws',
      '20',
      '--pairwise',
      'none',
      '--no-report',
      '--quiet',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.scenario.name).toBe('retrofit under IER 2015');
    expect(run.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.scenario.conventions).toEqual({ threshold: 15, erf: 'ier2015' });
    expect(run.scenario.overriddenByOptions).toEqual(['erf ier2015 → --erf gemm']);
    expect(run.healthModel.conventions).toMatchObject({ erf: 'gemm', accounting: 'pif' });
    expect(run.conventions.headlineThreshold).toBe(15);
    expect(run.inputs.find((x: { role: string }) => x.role === 'scenario').sha256).toBe(run.scenario.sha256);
  }, 240_000);

  it('a file whose threshold is not among --thresholds, or a bad field: exit 2, nothing written', () => {
    const file = join(dir, 't5.json');
    writeFileSync(file, `${JSON.stringify({ conventions: { threshold: 5 } })}\n`);
    const out = join(dir, 'never');
    const r = vchain(['run', '--scenario', file, '--thresholds', '10,15', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /t5\.json \(column conventions\.threshold\): 5 µg\/m³ is not among --thresholds/,
    );
    expect(existsSync(out)).toBe(false);
    const bad = join(dir, 'bad-factor.json');
    writeFileSync(
      bad,
      `${JSON.stringify({ intensity: [{ regions: 'all', sectors: 'all', factors: { SO2: 9 } }] })}\n`,
    );
    const b = vchain(['run', '--scenario', bad, '--out', out]);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/bad-factor\.json \(column intensity\[0\]\.factors\.SO2\): factor must be ≤ 5/);
    expect(existsSync(out)).toBe(false);
  }, 240_000);
});

describe('one definition of the health conventions', () => {
  it('vchain run and vchain health offer the same options with the same help', () => {
    const help = (cmd: string) => vchain([cmd, '--help']).stdout.replace(/\s+/g, ' ');
    const run = help('run');
    const health = help('health');
    for (const flag of [
      '--erf <name>',
      '--accounting <name>',
      '--threshold-reading <name>',
      '--price-year <y>',
      '--vsl <amount>',
      '--vsl-elasticity <e>',
      '--air-error-sd <s>',
      '--mortality-rate-sd <s>',
      '--mortality-override <file>',
      '--age-structure-override <file>',
      '--data <dir>',
    ]) {
      const line = (h: string) => {
        const k = h.indexOf(flag);
        expect(k, `${flag} in help`).toBeGreaterThanOrEqual(0);
        return h.slice(k, h.indexOf(' --', k + flag.length));
      };
      expect(line(run)).toBe(line(health));
    }
    expect(run).toMatch(/--cv <weighting>.*unweighted.*population-weighted/);
  }, 60_000);
});
