import { z } from 'zod';
import { checkScenario, conventionsSchema, SCENARIO_THRESHOLDS } from '../io/scenarioFile.ts';
import { HttpError } from './httpError.ts';

export {
  fieldPath,
  MAX_FACTOR,
  MAX_RULES,
  makeScenarioSchema,
  type ScenarioConventions,
  type ScenarioLabels,
  type ScenarioRequest,
} from '../io/scenarioFile.ts';

/** Counterfactual concentration thresholds the explorer offers (METHODS §6). */
export const EXPLORER_THRESHOLDS = SCENARIO_THRESHOLDS;

/** POST /api/baseline: the baseline under other measurement conventions. */
export const baselineRequestSchema = z.strictObject({ conventions: conventionsSchema.default({}) });

/** Validates with a zod schema; failure → HttpError 400 naming the first offending field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, prefix = ''): T {
  const r = checkScenario(schema, value, prefix);
  if (r.ok) return r.value;
  throw new HttpError(400, `${r.field}: ${r.message}`, r.field);
}
