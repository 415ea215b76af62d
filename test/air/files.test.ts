import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { predictConcentrations } from '../../src/air/prediction.ts';
import { baselineRatios, type EmissionRatios } from '../../src/air/responseSurface.ts';
import { readCtmRuns, readScenarioEmissionsCsv } from '../../src/io/ctmRunsReader.ts';
import { InputError } from '../../src/io/inputError.ts';
import {
  loadDefaultResponseSurface,
  readResponseSurface,
  readTermSetFile,
  responseSurfaceFromJson,
  responseSurfaceToJson,
  writeResponseSurface,
} from '../../src/io/responseSurfaceFile.ts';
import { PRECURSORS, type Precursor } from '../../src/mrio/model.ts';

const model = loadDefaultResponseSurface();
const tmp = () => mkdtempSync(join(tmpdir(), 'vchain-air-'));

function scenario(f: (j: number, p: number) => number): EmissionRatios {
  const ratios = {} as Record<Precursor, Float64Array>;
  PRECURSORS.forEach((p, pi) => {
    ratios[p] = Float64Array.from(model.regions, (_, j) => f(j, pi));
  });
  return { regions: model.regions, ratios };
}

describe('default model file', () => {
  it('is labelled a stand-in, reproduces its baseline exactly and meets the validation targets', () => {
    expect(model.provenance.ctmKind).toBe('standin');
    expect(model.provenance.label).toMatch(/STAND-IN/);
    expect(model.provenance.label).toMatch(/not CMAQ/);
    expect(model.regions.length).toBe(31);
    const c = predictConcentrations(model, baselineRatios(model.regions));
    expect(Array.from(c.values)).toEqual(Array.from(model.baselineConcentration.values));
    const s = model.validation.independent!.summary;
    expect(s.worstMeanNormalisedError.value).toBeLessThanOrEqual(0.01);
    expect(s.worstMaxNormalisedError.value).toBeLessThanOrEqual(0.05);
    expect(s.worstChangeMedianNormalisedError.value).toBeLessThanOrEqual(0.05);
  });
  it('round-trips through JSON bit for bit', () => {
    const dir = tmp();
    writeResponseSurface(join(dir, 'm.json'), model);
    const back = readResponseSurface(join(dir, 'm.json'));
    const sc = scenario((j, p) => 0.5 + 0.03 * j + 0.1 * p);
    expect(Array.from(predictConcentrations(back, sc).values)).toEqual(
      Array.from(predictConcentrations(model, sc).values),
    );
    expect(responseSurfaceToJson(back)).toEqual(responseSurfaceToJson(model));
  });
  it('rejects files that break the schema with an InputError naming the field', () => {
    const good = responseSurfaceToJson(model);
    const bad = (mutate: (j: ReturnType<typeof responseSurfaceToJson>) => unknown, field: RegExp) => {
      const j = structuredClone(good);
      mutate(j);
      try {
        responseSurfaceFromJson(j, 'bad.json');
        throw new Error('accepted');
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect(String((e as InputError).column)).toMatch(field);
      }
    };
    bad((j) => {
      (j as { schema: string }).schema = 'vchain.pf-ersm/0';
    }, /schema/);
    bad((j) => j.baselineConcentration.pop(), /baselineConcentration/);
    bad((j) => j.receptors[3].coefficients.pop(), /receptors\.3\.coefficients/);
    bad((j) => {
      j.receptors[0].terms[0] = [0, 2, 1, 2]; // degree 4
    }, /receptors\.0\.terms\.0/);
    bad((j) => {
      j.receptors[0].terms[0] = [999, 1]; // input index out of range
    }, /receptors\.0\.terms\.0/);
    const dir = tmp();
    writeFileSync(join(dir, 'x.json'), '{not json');
    expect(() => readResponseSurface(join(dir, 'x.json'))).toThrow(InputError);
  });
});

function writeRuns(dir: string, files: Partial<Record<'ratios' | 'conc' | 'base', string>>) {
  const regions = ['P1', 'P2'];
  const base =
    files.base ??
    `province,precursor,emissions_t\n${regions.flatMap((r) => PRECURSORS.map((p) => `${r},${p},100`)).join('\n')}\n`;
  const lines = ['scenario,province,precursor,emission_ratio'];
  const scen = { base: 1, s1: 0.5, s2: 1.2 } as Record<string, number>;
  for (const [s, e] of Object.entries(scen))
    for (const r of regions) for (const p of PRECURSORS) lines.push(`${s},${r},${p},${e}`);
  const conc = ['scenario,province,concentration'];
  for (const [s, e] of Object.entries(scen))
    for (let j = 0; j < regions.length; j++) conc.push(`${s},${regions[j]},${(10 + j) * e}`);
  writeFileSync(join(dir, 'baseline_emissions.csv'), base);
  writeFileSync(join(dir, 'emission_ratios.csv'), files.ratios ?? `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'concentrations.csv'), files.conc ?? `${conc.join('\n')}\n`);
  return { lines, conc };
}

function expectInputError(
  fn: () => unknown,
  file: RegExp,
  row: number | undefined,
  column: string | undefined,
) {
  try {
    fn();
    throw new Error('accepted');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const ie = e as InputError;
    expect(ie.file).toMatch(file);
    expect(ie.row).toBe(row);
    expect(ie.column).toBe(column);
    expect(ie.expected).toBeTruthy();
  }
}

describe('term-set file (vchain rsm build --term-set)', () => {
  it('fills unlisted fields from the default and names the bad field', () => {
    const dir = tmp();
    const f = join(dir, 't.json');
    writeFileSync(f, '{"nearbyCount": 8, "nearbyPairs": true}');
    const t = readTermSetFile(f);
    expect(t.nearbyCount).toBe(8);
    expect(t.nearbyPairs).toBe(true);
    expect(t.localDegree).toBe(3);
    expect(t.nearbyCrossWithReceptor).toEqual(['SO2', 'NOx', 'NH3']);
    for (const [text, field] of [
      ['{"localDegree": 4}', 'localDegree'],
      ['{"nearbyCrossWithReceptor": ["CO2"]}', 'nearbyCrossWithReceptor.0'],
      ['{"nearbyCount": 5, "extra": 1}', '(root)'],
    ] as const) {
      writeFileSync(f, text);
      expectInputError(() => readTermSetFile(f), /t\.json/, undefined, field);
    }
  });
});

describe('CTM runs importer', () => {
  it('reads a valid folder and separates the baseline run', () => {
    const dir = tmp();
    writeRuns(dir, {});
    const r = readCtmRuns(dir);
    expect(r.baselineScenario).toBe('base');
    expect(r.runs.scenarios).toEqual(['s1', 's2']);
    expect(Array.from(r.baselineConcentration.values)).toEqual([10, 11]);
    expect(r.runs.concentrations[2]).toBeCloseTo(12, 12); // s2, P1
    expect(r.runs.ratios.length).toBe(2 * 10);
  });
  it('names file, row and column for bad content', () => {
    const dir = tmp();
    const { lines, conc } = writeRuns(dir, {});
    const ratios = (l: string[]) => `${l.join('\n')}\n`;
    const withLine = (k: number, v: string) => ratios(lines.map((x, i) => (i === k ? v : x)));
    writeRuns(dir, { ratios: withLine(5, 'base,P1,PPM,abc') });
    expectInputError(() => readCtmRuns(dir), /emission_ratios\.csv/, 6, 'emission_ratio');
    writeRuns(dir, { ratios: withLine(3, 'base,P1,CO2,1') });
    expectInputError(() => readCtmRuns(dir), /emission_ratios\.csv/, 4, 'precursor');
    writeRuns(dir, { ratios: withLine(2, 'base,P9,NOx,1') });
    expectInputError(() => readCtmRuns(dir), /emission_ratios\.csv/, 3, 'province');
    writeRuns(dir, { ratios: withLine(4, 'base,P1,NOx,1') });
    expectInputError(() => readCtmRuns(dir), /emission_ratios\.csv/, 5, 'precursor'); // duplicate NOx
    writeRuns(dir, { ratios: ratios(lines.map((x) => x.replace(/^base,(.*),1$/, 'base,$1,0.9'))) });
    expectInputError(() => readCtmRuns(dir), /emission_ratios\.csv/, undefined, 'emission_ratio'); // no baseline
    writeRuns(dir, {
      ratios: ratios(lines.map((x, i) => (i === 0 ? 'scenario,province,precursor,ratio' : x))),
    });
    expectInputError(() => readCtmRuns(dir), /emission_ratios\.csv/, 1, 'emission_ratio');
    writeRuns(dir, { conc: `${conc.map((x, i) => (i === 3 ? 's1,P1,-4' : x)).join('\n')}\n` });
    expectInputError(() => readCtmRuns(dir), /concentrations\.csv/, 4, 'concentration');
    writeRuns(dir, { conc: `${conc.slice(0, -1).join('\n')}\n` });
    expectInputError(() => readCtmRuns(dir), /concentrations\.csv/, undefined, 'concentration'); // missing s2/P2
    writeRuns(dir, { base: 'province,precursor,emissions_t\nP1,SO2,1\n' });
    expectInputError(() => readCtmRuns(dir), /baseline_emissions\.csv/, undefined, 'precursor');
  });
  it('reads scenario emissions or ratios for predict', () => {
    const dir = tmp();
    const f = join(dir, 'e.csv');
    const j = model.regions.indexOf('Hebei');
    writeFileSync(
      f,
      `province,precursor,emissions_t\nHebei,NOx,${model.baselineEmissions.byPrecursor.NOx[j] / 2}\n`,
    );
    const r = readScenarioEmissionsCsv(f, model.regions, model.baselineEmissions);
    expect(r.kind).toBe('emissions');
    expect(r.ratios.ratios.NOx[j]).toBeCloseTo(0.5, 14);
    expect(r.ratios.ratios.SO2[j]).toBe(1);
    writeFileSync(f, 'province,precursor,emission_ratio\nAtlantis,NOx,0.5\n');
    expectInputError(
      () => readScenarioEmissionsCsv(f, model.regions, model.baselineEmissions),
      /e\.csv/,
      2,
      'province',
    );
  });
});
