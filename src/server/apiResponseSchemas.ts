import { z } from 'zod';

// What the explorer API answers, as zod schemas for its OpenAPI document (openApi.ts). The
// TypeScript interfaces of explorerView.ts stay the source of the values; these schemas name the
// fields a client can rely on (test/server/openapi.test.ts checks real replies against them) and
// leave room (loose objects) for the per-block detail docs/explorer.md describes.

const num = z.number().nullable().describe('a number, or null where it is not defined (e.g. 0/0)');

export const apiErrorSchema = z
  .strictObject({
    error: z.string().describe('what was wrong, naming the field where one is to blame'),
    field: z.string().optional().describe('path of the offending field, e.g. intensity[0].factors.SO2'),
  })
  .describe(
    'An error: 400 invalid request, 404 unknown route, 405 method, 413 body too large, 422 refused what-if',
  );

export const healthReplySchema = z.strictObject({
  ok: z.literal(true),
  scenariosServed: z.int().min(0).describe('what-ifs answered since start'),
});

export const scenarioFileReplySchema = z
  .strictObject({
    fileName: z.string(),
    text: z
      .string()
      .describe('the exact bytes to save (UTF-8); `vchain run --scenario` records their SHA-256'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    commands: z.strictObject({
      reproduce: z.string().describe('`vchain run` with the explorer’s draws and seed: its numbers'),
      fullPrecision: z.string().describe('`vchain run` at full precision'),
    }),
  })
  .describe('The file the explorer’s Save writes and the commands that re-run it');

const regionSeries = z.looseObject({
  id: z.string(),
  label: z.string(),
  unit: z.string(),
  values: z.array(num).describe('one value per region, in the order of meta.regions'),
});

const conventions = z.looseObject({
  threshold: z.number(),
  vsl: z.number(),
  erf: z.enum(['ier2015', 'ier2017', 'gemm']),
  accounting: z.enum(['difference', 'pif']),
  thresholdReading: z.enum(['floor', 'shift', 'ratio', 'gbd-tmrel']),
  draws: z.int(),
  seed: z.int(),
  label: z.string(),
});

const sameAsBaseline = z
  .strictObject({ sameAsBaseline: z.string() })
  .describe('in a what-if reply: the baseline’s entry with this key (GET /api/baseline) is unchanged');

const block = (keys: Record<string, z.ZodType>, withReference: boolean) =>
  withReference ? z.union([z.looseObject(keys), sameAsBaseline]) : z.looseObject(keys);

function resultSchema(withReference: boolean) {
  return z.looseObject({
    threshold: z.number().describe('counterfactual concentration C₀ of the headline, µg/m³'),
    conventions: conventions.optional(),
    regions: z.array(z.string()),
    population: regionSeries,
    map: z.array(regionSeries).describe('province layers: PM2.5, deaths, money, income, employment…'),
    emissions: z.array(regionSeries).describe('emissions per precursor and region, tonnes'),
    keyFigures: z.array(z.looseObject({ id: z.string(), label: z.string(), unit: z.string(), value: num })),
    inequality: z.array(
      block({ variable: z.string(), label: z.string(), unit: z.string(), gini: num, cv: num }, withReference),
    ),
    flows: z.array(
      block({ indicator: z.string(), label: z.string(), unit: z.string(), total: num }, withReference),
    ),
    roles: z.array(block({ indicator: z.string() }, withReference)),
    compensation: z.looseObject({}),
    warnings: z.array(z.string()),
  });
}

const timing = z.looseObject({
  computeMs: z.number().min(0),
  path: z
    .enum(['baseline', 'intensity', 'refactorised'])
    .describe('intensity = precomputed decomposition reused; refactorised = demand or trade changed'),
  cached: z.boolean(),
  queueMs: z.number().min(0).optional(),
  stages: z.record(z.string(), z.number()),
});

/** GET /api/baseline (and the body of POST /api/baseline): the full result, every block in it. */
export function baselineReplySchema(request: z.ZodType) {
  return z.looseObject({ timing, scenario: request, result: resultSchema(false) });
}

/** POST /api/scenario: blocks equal to the baseline's come as `{ sameAsBaseline }` references. */
export function scenarioReplySchema(request: z.ZodType) {
  return z.looseObject({ timing, scenario: request, result: resultSchema(true) });
}

const choice = z.array(z.looseObject({ id: z.string(), label: z.string() }));

export const metaReplySchema = z
  .looseObject({
    dataset: z.looseObject({
      id: z.string(),
      title: z.string(),
      isDemonstration: z.boolean(),
      note: z.string(),
    }),
    airModel: z.looseObject({ id: z.string(), description: z.string(), isStandIn: z.boolean() }),
    healthModel: z.looseObject({ id: z.string(), description: z.string() }),
    regions: z.array(z.string()),
    regionCodes: z.array(z.string().nullable()),
    regionNamesLocal: z.array(z.string().nullable()),
    zoneOfRegion: z.array(z.string()),
    sectors: z.array(z.string()),
    precursors: z.array(z.string()),
    currency: z.looseObject({ code: z.string(), priceYear: z.int(), label: z.string() }),
    thresholds: z.array(z.number()),
    defaultThreshold: z.number(),
    vsl: z.looseObject({ default: num, unit: z.string(), note: z.string() }),
    conventions: z.looseObject({
      defaults: conventions,
      erf: choice,
      accounting: choice,
      thresholdReading: choice,
    }),
    reproduce: z.looseObject({
      draws: z.int(),
      seed: z.int(),
      inputArgs: z.array(z.string()),
      note: z.string(),
    }),
    presets: z.array(
      z.looseObject({
        id: z.string(),
        label: z.string(),
        description: z.string(),
        source: z.string(),
        rules: z.array(
          z.looseObject({
            label: z.string(),
            sectors: z.array(z.string()),
            factors: z.record(z.string(), z.number()),
          }),
        ),
      }),
    ),
    limits: z.looseObject({
      maxFactor: z.number(),
      maxRules: z.int(),
      bodyLimitBytes: z.int(),
      emissionRatio: z.looseObject({ min: z.number(), max: z.number() }),
    }),
    monteCarloDraws: z.int(),
  })
  .describe('Labels, conventions and limits the front end needs before the first run');

export const provinceMapSchema = z
  .looseObject({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.looseObject({
        type: z.literal('Feature'),
        properties: z.looseObject({ region: z.string() }),
        geometry: z.looseObject({ type: z.string() }).nullable(),
      }),
    ),
  })
  .describe('Province outlines (GeoJSON, WGS 84); properties.region = the dataset’s region name');
