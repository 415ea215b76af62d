import { z } from 'zod';
import { PRECURSORS, type Precursor } from '../mrio/model.ts';
import { HttpError } from './httpError.ts';

/** Counterfactual concentration thresholds the explorer offers (METHODS §6). */
export const EXPLORER_THRESHOLDS = [5, 10, 15] as const;
/** Largest multiplier on an intensity, a final demand or a trade flow (×5 = +400 %). */
export const MAX_FACTOR = 5;
/** Most rules of one kind in one scenario (a UI makes a handful; this bounds the work). */
export const MAX_RULES = 200;

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

/**
 * The what-if a browser posts (docs/explorer.md). Objects are strict: an unknown field is an
 * error that names it. Factors multiply the baseline values they select; rules of one kind
 * compose by multiplication where they overlap.
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
      ),
  });
  const demandRule = z.strictObject({
    label: z.string().max(200).optional(),
    /** Supplying (producing) regions s of y_sr. */
    producers: regions,
    /** Consuming regions r of y_sr. */
    consumers: regions,
    sectors,
    factor,
  });
  const tradeRule = z.strictObject({
    label: z.string().max(200).optional(),
    /** Exporting regions s: scales A_sr and y_sr for s ≠ r (the products of `sectors` of s). */
    from: regions,
    to: regions,
    sectors,
    factor,
  });
  return z.strictObject({
    name: z.string().max(200).optional(),
    threshold: z
      .union(
        EXPLORER_THRESHOLDS.map((t) => z.literal(t)),
        { error: `threshold must be one of ${EXPLORER_THRESHOLDS.join(', ')} µg/m³` },
      )
      .default(10),
    /** Value of a statistical life in the dataset's currency (plain units, e.g. CNY); omitted = model default. */
    vsl: z
      .number()
      .min(1e4, 'vsl must be ≥ 10 000 (plain currency units)')
      .max(1e10, 'vsl must be ≤ 1e10')
      .optional(),
    intensity: z.array(intensityRule).max(MAX_RULES).default([]),
    finalDemand: z.array(demandRule).max(MAX_RULES).default([]),
    trade: z.array(tradeRule).max(MAX_RULES).default([]),
  });
}

export type ScenarioRequest = z.infer<ReturnType<typeof makeScenarioSchema>>;

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

/** Validates with a zod schema; failure → HttpError 400 naming the first offending field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, prefix = ''): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const first = innermost(r.error.issues[0]!, prefix ? [prefix] : []);
  const field = fieldPath(first.path);
  const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more issue(s))` : '';
  throw new HttpError(400, `${field}: ${first.message}${more}`, field);
}
