import { z } from 'zod';
import { provincialEmissionTotals } from '../air/baselineEmissions.ts';
import {
  DEFAULT_TERM_SET,
  type MetricsBlock,
  type ResponseSurface,
  type TermSetConfig,
} from '../air/responseSurface.ts';
import type { StandinGeography } from '../air/standinCtm.ts';
import { surfaceProblem } from '../air/validity.ts';
import type { Dataset } from '../dataset/model.ts';
import type { Precursor, PrecursorEmissions, RegionVector } from '../mrio/model.ts';
import { PRECURSORS } from '../mrio/model.ts';
import { writeFileAtomic } from './atomicOutput.ts';
import { readCsvRecords } from './csvFile.ts';
import { readBaselineEmissionsCsv } from './ctmRunsReader.ts';
import { decimalAt } from './decimalNumber.ts';
import { loadDefaultDataset } from './defaultDataset.ts';
import { InputError } from './inputError.ts';
import { isSealedUnchanged, sealJson } from './outputSafety.ts';
import { PACKAGE_DATA_DIR } from './packageData.ts';
import { readInputJson } from './textFile.ts';

/** Repository data folder (resolved from this module, not the working directory). */
export const DATA_DIR = PACKAGE_DATA_DIR;
export const DEFAULT_MODEL_PATH = `${DATA_DIR}air/pf-ersm-standin-2017.json`;
export const DEFAULT_BASELINE_EMISSIONS_PATH = `${DATA_DIR}air/baseline_emissions_2017.csv`;

// JSON has no NaN/Infinity: metrics write them as null.
const num = z.number().nullable();
const metricsSchema = z.object({
  region: z.string(),
  n: z.number(),
  nmb: num,
  nme: num,
  meanNormalisedError: num,
  maxNormalisedError: num,
  r: num,
  rmse: num,
  changeNmb: num,
  changeNme: num,
  changeMedianNormalisedError: num,
  changeR: num,
  changeRmse: num,
});
const worst = z.object({ region: z.string(), value: num });
const blockSchema = z.object({
  label: z.string(),
  runs: z.number(),
  perRegion: z.array(metricsSchema),
  summary: z.object({
    worstMeanNormalisedError: worst,
    worstMaxNormalisedError: worst,
    worstChangeMedianNormalisedError: worst,
    medianOfChangeMedianNormalisedError: num,
  }),
});

const precursorEnum = z.enum(PRECURSORS);
/** TermSetConfig as stored in model files and read by `vchain rsm build --term-set` (docs/air.md). */
export const termSetSchema = z.object({
  localDegree: z.number().int().min(0).max(3),
  nearbyCount: z.number().int().min(0),
  nearbyDegree: z.number().int().min(1).max(3),
  nearbyCrossWithReceptor: z.array(precursorEnum),
  farLinear: z.boolean(),
  nearbyPairs: z.boolean().optional(),
});

/**
 * Reads a term-set JSON file: any subset of the TermSetConfig fields (unknown keys rejected),
 * the rest taken from DEFAULT_TERM_SET. InputError names the field.
 */
export function readTermSetFile(path: string): TermSetConfig {
  const data = readInputJson(path, 'a term-set JSON object');
  const res = termSetSchema.partial().strict().safeParse(data);
  if (!res.success) {
    const issue = res.error.issues[0];
    throw new InputError(
      path,
      `not a valid term set: ${issue.message}`,
      undefined,
      issue.path.join('.') || '(root)',
      'localDegree 0–3, nearbyCount ≥ 0, nearbyDegree 1–3, nearbyCrossWithReceptor [precursors], farLinear, nearbyPairs (docs/air.md)',
    );
  }
  return { ...DEFAULT_TERM_SET, ...res.data };
}
export const responseSurfaceFileSchema = z
  .object({
    schema: z.literal('vchain.pf-ersm/1'),
    regions: z.array(z.string()).min(1),
    precursors: z.array(precursorEnum).length(PRECURSORS.length),
    unit: z.string(),
    baselineEmissions: z.object({
      unit: z.literal('t'),
      byPrecursor: z.object(
        Object.fromEntries(PRECURSORS.map((p) => [p, z.array(z.number().nonnegative())])) as Record<
          Precursor,
          z.ZodArray<z.ZodNumber>
        >,
      ),
    }),
    baselineConcentration: z.array(z.number().positive()),
    receptors: z.array(
      z.object({
        /** Each term flattened as [var, exp, var, exp, ...]. */
        terms: z.array(z.array(z.number().int().nonnegative()).min(2)),
        coefficients: z.array(z.number()),
      }),
    ),
    trainingRange: z.object({ min: z.array(z.number()), max: z.array(z.number()) }),
    termSet: termSetSchema,
    ridge: z.number().nonnegative(),
    validation: z.object({
      independent: blockSchema.optional(),
      crossValidation: blockSchema.optional(),
      tradeCounterfactual: blockSchema.optional(),
      calibration: z
        .object({
          observedSource: z.string(),
          rBeforeCalibration: num,
          nmbBeforeCalibration: num,
          r: num,
          nmb: num,
        })
        .optional(),
    }),
    provenance: z.object({
      ctmKind: z.enum(['standin', 'ctm-runs']),
      label: z.string().min(1),
      description: z.string(),
      baselineEmissionsSource: z.string(),
      seed: z.number().optional(),
      trainingRuns: z.number().int().nonnegative(),
      validationRuns: z.number().int().nonnegative(),
      design: z.string(),
      fitting: z.string(),
      builtWith: z.string(),
    }),
  })
  .superRefine((m, ctx) => {
    const G = m.regions.length;
    const nInputs = G * PRECURSORS.length;
    if (m.precursors.some((p, k) => p !== PRECURSORS[k]))
      ctx.addIssue({
        code: 'custom',
        path: ['precursors'],
        message: `must be ${PRECURSORS.join(', ')} in this order`,
      });
    for (const p of PRECURSORS)
      if (m.baselineEmissions.byPrecursor[p].length !== G)
        ctx.addIssue({
          code: 'custom',
          path: ['baselineEmissions', 'byPrecursor', p],
          message: `needs ${G} values`,
        });
    if (m.baselineConcentration.length !== G)
      ctx.addIssue({ code: 'custom', path: ['baselineConcentration'], message: `needs ${G} values` });
    if (m.receptors.length !== G)
      ctx.addIssue({ code: 'custom', path: ['receptors'], message: `needs ${G} receptors` });
    if (m.trainingRange.min.length !== nInputs || m.trainingRange.max.length !== nInputs)
      ctx.addIssue({
        code: 'custom',
        path: ['trainingRange'],
        message: `needs ${nInputs} values in min and max`,
      });
    m.receptors.forEach((r, i) => {
      if (r.coefficients.length !== r.terms.length)
        ctx.addIssue({
          code: 'custom',
          path: ['receptors', i, 'coefficients'],
          message: 'one coefficient per term',
        });
      r.terms.forEach((t, k) => {
        let degree = 0;
        const vars = new Set<number>();
        let ok = t.length % 2 === 0;
        for (let f = 0; ok && f < t.length; f += 2) {
          if (t[f] >= nInputs || t[f + 1] < 1 || vars.has(t[f])) ok = false;
          vars.add(t[f]);
          degree += t[f + 1];
        }
        if (!ok || degree > 3)
          ctx.addIssue({
            code: 'custom',
            path: ['receptors', i, 'terms', k],
            message: 'invalid monomial (var < G·5, distinct vars, exponents ≥ 1, degree ≤ 3)',
          });
      });
    });
  });

type FileModel = z.infer<typeof responseSurfaceFileSchema>;

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
function blockToJson(b: MetricsBlock | undefined): unknown {
  if (!b) return undefined;
  return JSON.parse(JSON.stringify(b, (_k, v) => (typeof v === 'number' ? finiteOrNull(v) : v)));
}

/** The model as a plain JSON-ready object (schema 'vchain.pf-ersm/1'). */
export function responseSurfaceToJson(m: ResponseSurface): FileModel {
  const by = {} as Record<Precursor, number[]>;
  for (const p of PRECURSORS) by[p] = Array.from(m.baselineEmissions.byPrecursor[p]);
  const v = m.validation;
  return {
    schema: m.schema,
    regions: [...m.regions],
    precursors: [...m.precursors],
    unit: m.unit,
    baselineEmissions: { unit: 't', byPrecursor: by },
    baselineConcentration: Array.from(m.baselineConcentration.values),
    receptors: m.receptors.map((r) => ({
      terms: r.terms.map((t) => t.vars.flatMap((x, f) => [x, t.exps[f]])),
      coefficients: Array.from(r.coefficients),
    })),
    trainingRange: { min: Array.from(m.trainingRange.min), max: Array.from(m.trainingRange.max) },
    termSet: { ...m.termSet, nearbyCrossWithReceptor: [...m.termSet.nearbyCrossWithReceptor] },
    ridge: m.ridge,
    validation: {
      independent: blockToJson(v.independent) as FileModel['validation']['independent'],
      crossValidation: blockToJson(v.crossValidation) as FileModel['validation']['crossValidation'],
      tradeCounterfactual: blockToJson(
        v.tradeCounterfactual,
      ) as FileModel['validation']['tradeCounterfactual'],
      calibration: v.calibration
        ? (JSON.parse(
            JSON.stringify(v.calibration, (_k, x) => (typeof x === 'number' ? finiteOrNull(x) : x)),
          ) as FileModel['validation']['calibration'])
        : undefined,
    },
    provenance: { ...m.provenance },
  };
}

const nanIfNull = (x: number | null): number => (x === null ? Number.NaN : x);
function blockFromJson(b: FileModel['validation']['independent']): MetricsBlock | undefined {
  if (!b) return undefined;
  return JSON.parse(JSON.stringify(b), (_k, v) => (v === null ? Number.NaN : v)) as MetricsBlock;
}

/** Parses and validates a model (InputError naming the first schema problem). */
export function responseSurfaceFromJson(data: unknown, file = '<model>'): ResponseSurface {
  const res = responseSurfaceFileSchema.safeParse(data);
  if (!res.success) {
    const issue = res.error.issues[0];
    throw new InputError(
      file,
      `not a valid pf-ERSM model file: ${issue.message}`,
      undefined,
      issue.path.join('.') || '(root)',
      'schema vchain.pf-ersm/1 (docs/air.md)',
    );
  }
  const m = res.data;
  const model = surfaceFromFileModel(m);
  // docs/air.md: a surface too thinly fitted, or with an absurd coefficient, is refused on load.
  const problem = surfaceProblem(model);
  if (problem)
    throw new InputError(
      file,
      `this pf-ERSM must not be used: ${problem.message}`,
      undefined,
      problem.path,
      'a model fitted by vchain rsm build to enough CTM runs (docs/air.md, "Where the surface is valid")',
    );
  return model;
}

function surfaceFromFileModel(m: FileModel): ResponseSurface {
  const regions = m.regions;
  const byPrecursor = {} as Record<Precursor, Float64Array>;
  for (const p of PRECURSORS) byPrecursor[p] = Float64Array.from(m.baselineEmissions.byPrecursor[p]);
  const cal = m.validation.calibration;
  return {
    schema: m.schema,
    regions,
    precursors: PRECURSORS,
    unit: m.unit,
    baselineEmissions: { regions, unit: 't', byPrecursor },
    baselineConcentration: { regions, unit: m.unit, values: Float64Array.from(m.baselineConcentration) },
    receptors: m.receptors.map((r) => ({
      terms: r.terms.map((t) => {
        const vars: number[] = [];
        const exps: number[] = [];
        for (let f = 0; f < t.length; f += 2) {
          vars.push(t[f]);
          exps.push(t[f + 1]);
        }
        return { vars, exps };
      }),
      coefficients: Float64Array.from(r.coefficients),
    })),
    trainingRange: {
      min: Float64Array.from(m.trainingRange.min),
      max: Float64Array.from(m.trainingRange.max),
    },
    termSet: m.termSet,
    ridge: m.ridge,
    validation: {
      independent: blockFromJson(m.validation.independent),
      crossValidation: blockFromJson(m.validation.crossValidation),
      tradeCounterfactual: blockFromJson(m.validation.tradeCounterfactual),
      calibration: cal
        ? {
            observedSource: cal.observedSource,
            rBeforeCalibration: nanIfNull(cal.rBeforeCalibration),
            nmbBeforeCalibration: nanIfNull(cal.nmbBeforeCalibration),
            r: nanIfNull(cal.r),
            nmb: nanIfNull(cal.nmb),
          }
        : undefined,
    },
    provenance: m.provenance,
  };
}

/**
 * Writes a model file, sealed (`sealJson`) so that building again to the same path replaces it
 * only while it is vchain's unchanged output; `inputs` may not be overwritten.
 */
export function writeResponseSurface(
  path: string,
  m: ResponseSurface,
  options: { readonly option?: string; readonly inputs?: readonly (string | undefined)[] } = {},
): void {
  writeFileAtomic(path, sealJson(JSON.stringify(responseSurfaceToJson(m))), {
    ...options,
    command: 'rsm build',
    isOwnUnchanged: isSealedUnchanged,
  });
}

export function readResponseSurface(path: string): ResponseSurface {
  return responseSurfaceFromJson(readInputJson(path, 'a pf-ERSM model JSON (vchain rsm build)'), path);
}

let defaultModel: ResponseSurface | undefined;
/** The embedded default: pf-ERSM fitted to the STAND-IN CTM (not CMAQ), 2017 baseline. */
export function loadDefaultResponseSurface(): ResponseSurface {
  defaultModel ??= readResponseSurface(DEFAULT_MODEL_PATH);
  return defaultModel;
}

// ---------------------------------------------------------------------------------------------
// Inputs of the stand-in CTM (all from data/)

const SUMMARY = 'sources/china-2017-provincial/province_summary_2017.csv';
const POINTS = 'sources/china-provinces/province_points.csv';

export const STANDIN_SOURCES = {
  observed: `data/${SUMMARY} (pm25_2017_popweighted_ugm3)`,
  geography: `data/${POINTS} (centroid_lon/lat, planar_area_deg2)`,
  baselineEmissions:
    'provincial totals of the embedded default dataset (data/default: emission satellites SO2, NOx, NH3, VOC, PPM ' +
    "summed over the 42 sectors + households' direct emissions; MEIC 2017 by sector × REAS v3.2 sectoral shares, " +
    'docs/dataset.md §5), the E⁰ the analysis uses; written to data/air/baseline_emissions_2017.csv by vchain rsm baseline-emissions',
};

/** The 31 provinces in GB/T 2260 order, with their observed 2017 population-weighted PM2.5. */
export function readObservedPm25(dataDir = DATA_DIR): { codes: string[]; observed: RegionVector } {
  const file = `${dataDir}${SUMMARY}`;
  const { rows, lines } = readCsvRecords(file, ['gb_code', 'province_en', 'pm25_2017_popweighted_ugm3']);
  const codes = rows.map((r) => r.gb_code);
  const regions = rows.map((r) => r.province_en);
  const values = Float64Array.from(rows, (r, k) => {
    const col = 'pm25_2017_popweighted_ugm3';
    const x = decimalAt(r[col], file, lines[k], col);
    if (!(x > 0)) throw new InputError(file, `PM2.5 ${x}`, lines[k], col, 'a positive number');
    return x;
  });
  return { codes, observed: { regions, unit: 'µg/m³', values } };
}

/** Centroids and areas (planar deg² × 111.32² × cos(lat) km²) for the given GB/T codes. */
export function readStandinGeography(
  codes: readonly string[],
  regions: readonly string[],
  dataDir = DATA_DIR,
): StandinGeography {
  const file = `${dataDir}${POINTS}`;
  const { rows, lines } = readCsvRecords(file, [
    'gb_code',
    'centroid_lon',
    'centroid_lat',
    'planar_area_deg2',
  ]);
  const byCode = new Map(rows.map((r, k) => [r.gb_code, { r, line: lines[k] }]));
  const lon = new Float64Array(codes.length);
  const lat = new Float64Array(codes.length);
  const area = new Float64Array(codes.length);
  codes.forEach((c, k) => {
    const hit = byCode.get(c);
    if (!hit)
      throw new InputError(
        `${dataDir}${POINTS}`,
        `no row for gb_code ${c}`,
        undefined,
        'gb_code',
        'every mainland province',
      );
    const { r, line } = hit;
    lon[k] = decimalAt(r.centroid_lon, file, line, 'centroid_lon');
    lat[k] = decimalAt(r.centroid_lat, file, line, 'centroid_lat');
    area[k] =
      decimalAt(r.planar_area_deg2, file, line, 'planar_area_deg2') *
      111.32 ** 2 *
      Math.cos((lat[k] * Math.PI) / 180);
  });
  return { regions, lon, lat, areaKm2: area };
}

/**
 * Baseline emissions of the stand-in default: the embedded dataset's provincial totals
 * (Σ sectors of the emission satellites + households' direct emissions, `provincialEmissionTotals`),
 * i.e. exactly the E⁰ the analysis takes ratios against. Region order = the dataset's (GB/T 2260).
 */
export function buildStandinBaselineEmissions(dataset: Dataset = loadDefaultDataset()): PrecursorEmissions {
  return provincialEmissionTotals(dataset.mrio);
}

export function baselineEmissionsCsv(e: PrecursorEmissions, codes?: readonly string[]): string {
  const lines = [`${codes ? 'gb_code,' : ''}province,precursor,emissions_t`];
  e.regions.forEach((r, j) => {
    // shortest round-trip decimal: reading the CSV back gives the same doubles
    for (const p of PRECURSORS)
      lines.push(`${codes ? `${codes[j]},` : ''}${r},${p},${String(e.byPrecursor[p][j])}`);
  });
  return `${lines.join('\n')}\n`;
}

/** Baseline emissions of the default model as committed in data/air/. */
export function readStandinBaselineEmissions(path = DEFAULT_BASELINE_EMISSIONS_PATH): PrecursorEmissions {
  return readBaselineEmissionsCsv(path);
}
