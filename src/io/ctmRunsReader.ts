import { join } from 'node:path';
import type { CtmRunSet } from '../air/fitting.ts';
import { type EmissionRatios, PRECURSOR_COUNT } from '../air/responseSurface.ts';
import type { Precursor, PrecursorEmissions, RegionVector } from '../mrio/model.ts';
import { PRECURSORS } from '../mrio/model.ts';
import { readCsvFile } from './csvFile.ts';
import { decimalAt } from './decimalNumber.ts';
import { clipEcho, InputError } from './inputError.ts';

/**
 * Reader for chemical-transport-model scenario results (docs/air.md, "Importing CTM runs").
 * A runs folder holds three long CSV files:
 *   emission_ratios.csv     scenario,province,precursor,emission_ratio
 *   concentrations.csv      scenario,province,concentration        (annual-mean PM2.5, µg/m³)
 *   baseline_emissions.csv  province,precursor,emissions_t          (t/yr; extra columns allowed)
 * Every scenario lists every (province, precursor). The baseline run is the scenario whose
 * ratios are all 1; it is required and is not used as a training run.
 */
export const RUNS_FILES = {
  ratios: 'emission_ratios.csv',
  concentrations: 'concentrations.csv',
  baselineEmissions: 'baseline_emissions.csv',
} as const;

const PRECURSOR_ALIASES: Record<string, Precursor> = {
  so2: 'SO2',
  nox: 'NOx',
  no2: 'NOx',
  nh3: 'NH3',
  voc: 'VOC',
  nmvoc: 'VOC',
  ppm: 'PPM',
  'pm2.5': 'PPM',
  pm25: 'PPM',
  primary_pm25: 'PPM',
};

export function parsePrecursor(text: string): Precursor | undefined {
  return PRECURSOR_ALIASES[text.trim().toLowerCase()];
}

interface Table {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** 1-based file line of each row. */
  readonly lines: readonly number[];
}

function readTable(file: string, required: readonly string[]): Table {
  return readCsvFile(file, {
    expected: `a CSV with columns ${required.join(',')}`,
    required,
    lowercaseHeader: true,
  });
}

function cell(t: Table, r: number, col: string): string {
  const v = t.rows[r][t.header.indexOf(col)];
  if (v === undefined || v.trim() === '')
    throw new InputError(t.file, `empty value`, t.lines[r], col, 'a value');
  return v.trim();
}

function numberCell(t: Table, r: number, col: string, min: number, what: string): number {
  const x = decimalAt(cell(t, r, col), t.file, t.lines[r], col, `${what}: a decimal number ≥ ${min}`);
  if (x < min)
    throw new InputError(t.file, `${x} is not a valid ${what}`, t.lines[r], col, `a number ≥ ${min}`);
  return x;
}

function precursorCell(t: Table, r: number): Precursor {
  const s = cell(t, r, 'precursor');
  const p = parsePrecursor(s);
  if (!p)
    throw new InputError(
      t.file,
      `unknown precursor ${clipEcho(s)}`,
      t.lines[r],
      'precursor',
      PRECURSORS.join(', '),
    );
  return p;
}

function regionCell(t: Table, r: number, index: Map<string, number>): number {
  const s = cell(t, r, 'province');
  const j = index.get(s);
  if (j === undefined)
    throw new InputError(
      t.file,
      `province ${clipEcho(s)} is not in ${RUNS_FILES.baselineEmissions}`,
      t.lines[r],
      'province',
      'a province listed in the baseline emissions',
    );
  return j;
}

/** Reads baseline emissions (province, precursor, emissions_t); region order = first appearance. */
export function readBaselineEmissionsCsv(file: string): PrecursorEmissions {
  const t = readTable(file, ['province', 'precursor', 'emissions_t']);
  const regions: string[] = [];
  const index = new Map<string, number>();
  for (let r = 0; r < t.rows.length; r++) {
    const name = cell(t, r, 'province');
    if (!index.has(name)) {
      index.set(name, regions.length);
      regions.push(name);
    }
  }
  const G = regions.length;
  const by = {} as Record<Precursor, Float64Array>;
  const seen = {} as Record<Precursor, Uint8Array>;
  for (const p of PRECURSORS) {
    by[p] = new Float64Array(G);
    seen[p] = new Uint8Array(G);
  }
  for (let r = 0; r < t.rows.length; r++) {
    const j = index.get(cell(t, r, 'province'))!;
    const p = precursorCell(t, r);
    if (seen[p][j])
      throw new InputError(
        file,
        `duplicate ${regions[j]} ${p}`,
        t.lines[r],
        'precursor',
        'one row per (province, precursor)',
      );
    seen[p][j] = 1;
    by[p][j] = numberCell(t, r, 'emissions_t', 0, 'emission (t/yr)');
  }
  for (const p of PRECURSORS)
    for (let j = 0; j < G; j++)
      if (!seen[p][j])
        throw new InputError(
          file,
          `no row for ${regions[j]} ${p}`,
          undefined,
          'precursor',
          `all five precursors (${PRECURSORS.join(', ')}) for every province`,
        );
  return { regions, unit: 't', byPrecursor: by };
}

export interface ImportedCtmRuns {
  readonly runs: CtmRunSet; // baseline scenario excluded
  readonly baselineScenario: string;
  readonly baselineConcentration: RegionVector;
  readonly baselineEmissions: PrecursorEmissions;
  readonly warnings: readonly string[];
}

/** Reads a CTM runs folder (see RUNS_FILES); throws InputError naming file, row and column. */
export function readCtmRuns(dir: string): ImportedCtmRuns {
  const baselineEmissions = readBaselineEmissionsCsv(join(dir, RUNS_FILES.baselineEmissions));
  const regions = baselineEmissions.regions;
  const G = regions.length;
  const index = new Map(regions.map((r, j) => [r, j]));
  const nInputs = G * PRECURSOR_COUNT;
  const warnings: string[] = [];

  const rt = readTable(join(dir, RUNS_FILES.ratios), ['scenario', 'province', 'precursor', 'emission_ratio']);
  const scenarios: string[] = [];
  const sIndex = new Map<string, number>();
  const ratioRows: Float64Array[] = [];
  const filled: Uint8Array[] = [];
  for (let r = 0; r < rt.rows.length; r++) {
    const s = cell(rt, r, 'scenario');
    let k = sIndex.get(s);
    if (k === undefined) {
      k = scenarios.length;
      sIndex.set(s, k);
      scenarios.push(s);
      ratioRows.push(new Float64Array(nInputs));
      filled.push(new Uint8Array(nInputs));
    }
    const j = regionCell(rt, r, index);
    const p = precursorCell(rt, r);
    const v = j * PRECURSOR_COUNT + PRECURSORS.indexOf(p);
    if (filled[k][v])
      throw new InputError(
        rt.file,
        `duplicate ratio for ${s} / ${regions[j]} / ${p}`,
        rt.lines[r],
        'precursor',
        'one row per (scenario, province, precursor)',
      );
    filled[k][v] = 1;
    ratioRows[k][v] = numberCell(rt, r, 'emission_ratio', 0, 'emission ratio');
  }
  for (let k = 0; k < scenarios.length; k++) {
    const miss = filled[k].indexOf(0);
    if (miss >= 0)
      throw new InputError(
        rt.file,
        `scenario "${scenarios[k]}" has no ratio for ${regions[Math.floor(miss / PRECURSOR_COUNT)]} ${PRECURSORS[miss % PRECURSOR_COUNT]}`,
        undefined,
        'emission_ratio',
        'every (province, precursor) in every scenario',
      );
  }

  const ct = readTable(join(dir, RUNS_FILES.concentrations), ['scenario', 'province', 'concentration']);
  const conc = scenarios.map(() => new Float64Array(G).fill(Number.NaN));
  for (let r = 0; r < ct.rows.length; r++) {
    const s = cell(ct, r, 'scenario');
    const k = sIndex.get(s);
    if (k === undefined)
      throw new InputError(
        ct.file,
        `scenario ${clipEcho(s)} is not in ${RUNS_FILES.ratios}`,
        ct.lines[r],
        'scenario',
        'a scenario with emission ratios',
      );
    const j = regionCell(ct, r, index);
    if (!Number.isNaN(conc[k][j]))
      throw new InputError(
        ct.file,
        `duplicate concentration for ${s} / ${regions[j]}`,
        ct.lines[r],
        'province',
        'one row per (scenario, province)',
      );
    const c = numberCell(ct, r, 'concentration', 0, 'concentration (µg/m³)');
    if (c === 0)
      throw new InputError(
        ct.file,
        'concentration is 0',
        ct.lines[r],
        'concentration',
        'a positive annual-mean PM2.5 in µg/m³',
      );
    conc[k][j] = c;
  }
  for (let k = 0; k < scenarios.length; k++) {
    const miss = conc[k].findIndex((x) => Number.isNaN(x));
    if (miss >= 0)
      throw new InputError(
        ct.file,
        `scenario "${scenarios[k]}" has no concentration for ${regions[miss]}`,
        undefined,
        'concentration',
        'every province in every scenario',
      );
  }

  const baseIdx = ratioRows
    .map((row, k) => (row.every((e) => Math.abs(e - 1) < 1e-12) ? k : -1))
    .filter((k) => k >= 0);
  if (baseIdx.length === 0)
    throw new InputError(
      rt.file,
      'no baseline scenario',
      undefined,
      'emission_ratio',
      'one scenario with every ratio = 1 (the baseline run)',
    );
  if (baseIdx.length > 1)
    warnings.push(
      `${baseIdx.length} scenarios have all ratios = 1; "${scenarios[baseIdx[0]]}" is used as the baseline`,
    );
  const b = baseIdx[0];
  const keep = scenarios.map((_, k) => k).filter((k) => !baseIdx.includes(k));
  const ratios = new Float64Array(keep.length * nInputs);
  const concentrations = new Float64Array(keep.length * G);
  keep.forEach((k, a) => {
    ratios.set(ratioRows[k], a * nInputs);
    concentrations.set(conc[k], a * G);
  });
  return {
    runs: { regions, scenarios: keep.map((k) => scenarios[k]), ratios, concentrations },
    baselineScenario: scenarios[b],
    baselineConcentration: { regions, unit: 'µg/m³', values: conc[b] },
    baselineEmissions,
    warnings,
  };
}

/**
 * Scenario input for `rsm predict`: a long CSV with province,precursor and either emissions_t
 * (t/yr; ratios taken against the model's baseline) or emission_ratio. Provinces and precursors
 * not listed keep ratio 1. `rowOf[p][j]` is the file row that set the ratio (0 = not listed).
 */
export function readScenarioEmissionsCsv(
  file: string,
  regions: readonly string[],
  baseline: PrecursorEmissions,
): {
  ratios: EmissionRatios;
  kind: 'emissions' | 'ratios';
  column: 'emission_ratio' | 'emissions_t';
  rowOf: Record<Precursor, Int32Array>;
} {
  const probe = readTable(file, ['province', 'precursor']);
  const kind = probe.header.includes('emission_ratio')
    ? 'ratios'
    : probe.header.includes('emissions_t')
      ? 'emissions'
      : undefined;
  if (!kind)
    throw new InputError(
      file,
      'no value column',
      1,
      'emission_ratio',
      'a column emission_ratio or emissions_t',
    );
  const col = kind === 'ratios' ? 'emission_ratio' : 'emissions_t';
  const index = new Map(regions.map((r, j) => [r, j]));
  const G = regions.length;
  const out = {} as Record<Precursor, Float64Array>;
  const seen = {} as Record<Precursor, Int32Array>;
  for (const p of PRECURSORS) {
    out[p] = new Float64Array(G).fill(1);
    seen[p] = new Int32Array(G);
  }
  for (let r = 0; r < probe.rows.length; r++) {
    const name = cell(probe, r, 'province');
    const j = index.get(name);
    if (j === undefined)
      throw new InputError(
        file,
        `province ${clipEcho(name)} is not in the model`,
        probe.lines[r],
        'province',
        `one of ${regions.join(', ')}`,
      );
    const p = precursorCell(probe, r);
    if (seen[p][j])
      throw new InputError(
        file,
        `duplicate ${name} ${p}`,
        probe.lines[r],
        'precursor',
        'one row per (province, precursor)',
      );
    seen[p][j] = probe.lines[r];
    const x = numberCell(probe, r, col, 0, kind === 'ratios' ? 'emission ratio' : 'emission (t/yr)');
    if (kind === 'ratios') out[p][j] = x;
    else {
      const b = baseline.byPrecursor[p][j];
      if (b > 0) out[p][j] = x / b;
      else if (x === 0) out[p][j] = 1;
      else
        throw new InputError(
          file,
          `${name} ${p}: baseline emission is 0, so a ratio is undefined`,
          probe.lines[r],
          col,
          '0 (the baseline is 0)',
        );
    }
  }
  return { ratios: { regions, ratios: out }, kind, column: col, rowOf: seen };
}
