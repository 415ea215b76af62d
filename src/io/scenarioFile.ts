import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { IntensityScaling } from '../analysis/emissionAccounts.ts';
import type { Scenario } from '../analysis/scenario.ts';
import { VSL_RANGE } from '../health/valuation.ts';
import { PRECURSORS, type Precursor } from '../mrio/model.ts';
import { InputError } from './inputError.ts';
import { decodeUtf8, readInputBytes } from './textFile.ts';

/**
 * The scenario file (docs/analysis.md "Scenario files"): the what-if the explorer saves and
 * posts, and `vchain run --scenario FILE` runs. Policy levers (intensity, final demand, trade)
 * are kept apart from the conventions that only change how the same world is measured
 * (threshold, VSL, exposure–response function, accounting, threshold reading).
 */
export const SCENARIO_FORMAT = 'vchain.scenario/1';

/** Headline thresholds a scenario may name (the explorer computes these). */
export const SCENARIO_THRESHOLDS = [5, 10, 15] as const;
/** Largest multiplier on an intensity, a final demand or a trade flow (×5 = +400 %). */
export const MAX_FACTOR = 5;
/** Most rules of one kind in one scenario (a UI makes a handful; this bounds the work). */
export const MAX_RULES = 200;
export { VSL_RANGE };

/** What the schema validates names against: the loaded dataset's labels. */
export interface ScenarioLabels {
  readonly regions: readonly string[];
  readonly sectors: readonly string[];
}

function nameList(all: readonly string[], what: string) {
  const e = z.enum(all as [string, ...string[]], {
    error: (iss) =>
      `unknown ${what} ${JSON.stringify(iss.input)}; expected one of the dataset's ${what} names`,
  });
  return z.union([z.literal('all'), z.array(e).min(1).max(all.length)], {
    error: `expected "all" or a non-empty list of ${what} names`,
  });
}

const factor = z
  .number({ error: 'expected a number' })
  .min(0, 'factor must be ≥ 0')
  .max(MAX_FACTOR, `factor must be ≤ ${MAX_FACTOR}`);

/** The measurement conventions a scenario may set (each optional: absent = the run's default). */
export const conventionsSchema = z
  .strictObject({
    threshold: z
      .union(
        SCENARIO_THRESHOLDS.map((t) => z.literal(t)),
        { error: `threshold must be one of ${SCENARIO_THRESHOLDS.join(', ')} µg/m³` },
      )
      .optional()
      .describe('headline counterfactual concentration C₀, µg/m³ (default 10)'),
    vsl: z
      .number()
      .min(VSL_RANGE[0], `vsl must be ≥ ${VSL_RANGE[0]} (plain currency units)`)
      .max(VSL_RANGE[1], `vsl must be ≤ ${VSL_RANGE[1]}`)
      .optional()
      .describe(
        'reference VSL in plain units of the output currency and price year, before the income transfer (the mean of its Monte Carlo distribution); default the published one',
      ),
    erf: z
      .enum(['ier2015', 'ier2017', 'gemm'])
      .optional()
      .describe('mortality exposure–response function (default ier2015)'),
    accounting: z
      .enum(['difference', 'pif'])
      .optional()
      .describe('difference of attributable burdens or potential impact fraction (default difference)'),
    thresholdReading: z
      .enum(['floor', 'shift', 'ratio', 'gbd-tmrel'])
      .optional()
      .describe('how the threshold enters the mortality curve (default floor)'),
  })
  .describe('measurement conventions: they change the baseline as well, never a policy effect');

/**
 * The scenario schema for a dataset's labels. Objects are strict: an unknown field is an error
 * that names it. Factors multiply the baseline values they select; rules of one kind compose by
 * multiplication where they overlap.
 */
export function makeScenarioSchema(labels: ScenarioLabels) {
  const regions = nameList(labels.regions, 'region');
  const sectors = nameList(labels.sectors, 'sector');
  const intensityRule = z.strictObject({
    label: z.string().max(200).optional(),
    regions,
    sectors,
    /** Multiplier per precursor (omitted precursors unchanged), e.g. { SO2: 0.35, NOx: 0.5 }. */
    factors: z
      .strictObject(
        Object.fromEntries(PRECURSORS.map((p) => [p, factor.optional()])) as Record<
          Precursor,
          z.ZodOptional<typeof factor>
        >,
      )
      .refine(
        (f) => Object.values(f).some((v) => v !== undefined),
        'give a factor for at least one precursor',
      )
      .describe('multiplier of the emission intensity per precursor (omitted = unchanged)'),
  });
  const demandRule = z.strictObject({
    label: z.string().max(200).optional(),
    producers: regions.describe('supplying (producing) regions s of y_sr'),
    consumers: regions.describe('consuming regions r of y_sr'),
    sectors,
    factor,
  });
  const tradeRule = z.strictObject({
    label: z.string().max(200).optional(),
    from: regions.describe(
      'exporting regions s: scales A_sr and y_sr for s ≠ r (products of `sectors` of s)',
    ),
    to: regions,
    sectors,
    factor,
  });
  return z
    .strictObject({
      format: z.literal(SCENARIO_FORMAT).optional().describe('file format tag'),
      name: z.string().max(200).optional(),
      description: z.string().max(4000).optional(),
      conventions: conventionsSchema.default({}),
      intensity: z
        .array(intensityRule)
        .max(MAX_RULES)
        .default([])
        .describe('emission-intensity rules: provinces × sectors × per-precursor factors'),
      finalDemand: z
        .array(demandRule)
        .max(MAX_RULES)
        .default([])
        .describe('final-demand rules: the table is re-balanced, x′ = (I − A′)⁻¹ y′'),
      trade: z
        .array(tradeRule)
        .max(MAX_RULES)
        .default([])
        .describe('inter-provincial trade rules: A_sr and y_sr of the chosen products scaled'),
    })
    .describe('a vchain what-if: policy levers and the conventions of its measurement');
}

export type ScenarioRequest = z.infer<ReturnType<typeof makeScenarioSchema>>;
export type ScenarioConventions = ScenarioRequest['conventions'];

/** The JSON Schema (draft 2020-12) of a scenario file for a dataset's labels. */
export function scenarioJsonSchema(labels: ScenarioLabels, datasetId: string): Record<string, unknown> {
  const schema = z.toJSONSchema(makeScenarioSchema(labels), { io: 'input' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: `vchain:scenario/1/${datasetId}`,
    title: `vchain scenario (${SCENARIO_FORMAT}) for dataset ${datasetId}`,
    ...schema,
  };
}

/** The deepest issue of a union, so the message names the innermost field. */
function innermost(issue: z.core.$ZodIssue, path: PropertyKey[]): { path: PropertyKey[]; message: string } {
  const here = [...path, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    let best: { path: PropertyKey[]; message: string } | undefined;
    for (const branch of issue.errors) {
      for (const sub of branch) {
        const cand = innermost(sub, here);
        if (!best || cand.path.length > best.path.length) best = cand;
      }
    }
    if (best && best.path.length > here.length) return best;
    return { path: here, message: issue.message };
  }
  if (issue.code === 'unrecognized_keys') {
    return {
      path: [...here, issue.keys[0]!],
      message: `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`,
    };
  }
  return { path: here, message: issue.message };
}

export function fieldPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s || '(body)';
}

/** Validates `value`; on failure the first offending field and its message (and how many more). */
export function checkScenario<T>(
  schema: z.ZodType<T>,
  value: unknown,
  prefix = '',
): { ok: true; value: T } | { ok: false; field: string; message: string } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const first = innermost(r.error.issues[0]!, prefix ? [prefix] : []);
  const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more issue(s))` : '';
  return { ok: false, field: fieldPath(first.path), message: `${first.message}${more}` };
}

/** A scenario file as read: its request, the SHA-256 of its bytes and its name. */
export interface ScenarioFile {
  readonly path: string;
  readonly request: ScenarioRequest;
  readonly sha256: string;
}

/** Reads and validates a scenario file against the dataset's labels (InputError naming the field). */
export function readScenarioFile(path: string, labels: ScenarioLabels): ScenarioFile {
  const expected = `a scenario JSON file (${SCENARIO_FORMAT}; vchain scenario schema prints its JSON Schema)`;
  const bytes = readInputBytes(path, expected);
  const text = decodeUtf8(bytes, path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(path, `invalid JSON (${(e as Error).message})`, undefined, undefined, expected);
  }
  const r = checkScenario(makeScenarioSchema(labels), value);
  if (!r.ok) throw new InputError(path, r.message, undefined, r.field, expected);
  return { path, request: r.value, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * The canonical text of a scenario file: the explorer's Save writes exactly these bytes (so the
 * SHA-256 it shows is the one `vchain run --scenario` records). Empty lists and absent
 * conventions are left out; the format tag comes first.
 */
export function scenarioFileText(s: ScenarioRequest): string {
  const conventions = Object.fromEntries(
    Object.entries(s.conventions).filter(([, v]) => v !== undefined),
  ) as ScenarioConventions;
  const out: Record<string, unknown> = { format: SCENARIO_FORMAT };
  if (s.name !== undefined) out.name = s.name;
  if (s.description !== undefined) out.description = s.description;
  out.conventions = conventions;
  out.intensity = s.intensity.map((r) => ({
    ...r,
    factors: Object.fromEntries(Object.entries(r.factors).filter(([, v]) => v !== undefined)),
  }));
  if (s.finalDemand.length > 0) out.finalDemand = s.finalDemand;
  if (s.trade.length > 0) out.trade = s.trade;
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** SHA-256 (hex) of a text's UTF-8 bytes. */
export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Expands province × sector × precursor rules into the analysis's single scalings. */
export function intensityScalings(rules: ScenarioRequest['intensity']): IntensityScaling[] {
  const out: IntensityScaling[] = [];
  for (const rule of rules) {
    const regions = rule.regions === 'all' ? [undefined] : rule.regions;
    const sectors = rule.sectors === 'all' ? [undefined] : rule.sectors;
    for (const p of PRECURSORS) {
      const f = rule.factors[p];
      if (f === undefined || f === 1) continue;
      for (const region of regions)
        for (const sector of sectors) out.push({ region, sector, precursor: p, factor: f });
    }
  }
  return out;
}

/** The scenario's policy levers as analysis options (conventions are the caller's to resolve). */
export function scenarioLevers(
  s: ScenarioRequest,
): Pick<Scenario, 'name' | 'intensityScaling' | 'finalDemand' | 'trade'> {
  return {
    ...(s.name !== undefined ? { name: s.name } : {}),
    intensityScaling: intensityScalings(s.intensity),
    finalDemand: s.finalDemand,
    trade: s.trade,
  };
}

/** True when the scenario changes nothing in the world (conventions only). */
export function hasNoLevers(s: ScenarioRequest): boolean {
  return s.intensity.length === 0 && s.finalDemand.length === 0 && s.trade.length === 0;
}
