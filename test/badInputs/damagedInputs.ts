// Damaged inputs for the impossible-number corpus (numbers.test.ts, airModel.test.ts): copies of
// fixtures and of the default model, written into a sandbox before any case takes its snapshot.
import { cpSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, REPO, type Sandbox } from './sandbox.ts';

export interface ModelJson {
  regions: string[];
  baselineConcentration: number[];
  baselineEmissions: { byPrecursor: Record<string, number[]> };
  receptors: { terms: number[][]; coefficients: number[] }[];
  trainingRange: { min: number[]; max: number[] };
  provenance: { trainingRuns: number };
}

const MODEL_PATH = join(REPO, 'data', 'air', 'pf-ersm-standin-2017.json');
/** The embedded default pf-ERSM as plain JSON (a fresh copy to damage). */
export const defaultModel = (): ModelJson => JSON.parse(readFileSync(MODEL_PATH, 'utf8'));

/** Inputs and command lines of the corpus, inside sandbox `sb`. */
export function damagedInputs(sb: Sandbox) {
  const pm = sb.file('pm_base.csv', readFileSync(join(FIXTURES, 'health', 'pm25_2017_base.csv')));
  const pmCf = sb.file('pm_cf.csv', readFileSync(join(FIXTURES, 'health', 'pm25_2017_minus20pct.csv')));
  const provinces = readFileSync(pm, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);
  /** `region,population` for every province, `value(name)` persons. */
  const populationCsv = (value: (name: string) => string) =>
    `region,population\n${provinces.map((p) => `${p},${value(p)}`).join('\n')}\n`;

  const health = (...extra: string[]) => [
    'health',
    '--pm',
    pm,
    '--pm-counterfactual',
    pmCf,
    '--draws',
    '5',
    '--out',
    sb.path('out-health'),
    ...extra,
  ];

  /** A data folder for `health --data`: data/health copied (to damage), data/sources linked (read only). */
  function dataFolder(name: string, damage: (file: string, text: string) => string): string {
    const dir = sb.path(name);
    cpSync(join(REPO, 'data', 'health'), join(dir, 'health'), { recursive: true });
    symlinkSync(join(REPO, 'data', 'sources'), join(dir, 'sources'));
    const f = join(dir, 'health', 'vsl_default.csv');
    sb.file(`${name}/health/vsl_default.csv`, damage(f, readFileSync(f, 'utf8')));
    return `${dir}/`;
  }

  /** A copy of the default model, damaged, written into the sandbox. */
  function model(name: string, damage: (m: ModelJson) => void, text?: (json: string) => string): string {
    const m = defaultModel();
    damage(m);
    const json = JSON.stringify(m);
    return sb.file(name, text ? text(json) : json);
  }

  /** A CTM runs folder for `rsm build --runs`: two provinces, a baseline and `n` scenarios. */
  function runsFolder(name: string, n: number): string {
    const P = ['SO2', 'NOx', 'NH3', 'VOC', 'PPM'];
    const R = ['P1', 'P2'];
    const base = ['province,precursor,emissions_t', ...R.flatMap((r) => P.map((p) => `${r},${p},1000`))];
    const ratios = ['scenario,province,precursor,emission_ratio'];
    const conc = ['scenario,province,concentration'];
    for (let k = 0; k <= n; k++) {
      const name = k === 0 ? 'base' : `s${k}`;
      const e = (i: number, q: number) => (k === 0 ? 1 : 0.05 + ((7 * k + 3 * i + q) % 29) / 20);
      R.forEach((r, i) => {
        P.forEach((p, q) => {
          ratios.push(`${name},${r},${p},${e(i, q)}`);
        });
        let c = 20 + 10 * i;
        P.forEach((_, q) => {
          c += 3 * (e(i, q) - 1) + (e(1 - i, q) - 1);
        });
        conc.push(`${name},${r},${c}`);
      });
    }
    sb.file(`${name}/baseline_emissions.csv`, `${base.join('\n')}\n`);
    sb.file(`${name}/emission_ratios.csv`, `${ratios.join('\n')}\n`);
    sb.file(`${name}/concentrations.csv`, `${conc.join('\n')}\n`);
    return sb.path(name);
  }

  const predict = (emissions: string, ...extra: string[]) => [
    'rsm',
    'predict',
    '--emissions',
    emissions,
    '--out',
    sb.path('pm25.csv'),
    ...extra,
  ];
  const run = (...extra: string[]) => [
    'run',
    '--draws',
    '5',
    '--pairwise',
    'none',
    '--no-report',
    '--quiet',
    '--out',
    sb.path('out-run'),
    ...extra,
  ];
  return { pm, pmCf, provinces, populationCsv, health, dataFolder, model, runsFolder, predict, run };
}
