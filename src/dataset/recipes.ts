import { InputError } from '../io/inputError.ts';
import type { ControlTotalsId } from './china2017Emissions.ts';

/**
 * Dataset recipes (docs/dataset.md). `china2017-provincial` (the embedded default) builds the MRIO
 * from the 31 official provincial tables; `china2017-national` regionalises the national table with
 * provincial indicators (what countries without provincial tables can do). `china2017` is kept as
 * an alias of the national recipe, its meaning before the provincial one existed.
 */
export const RECIPES = ['china2017-provincial', 'china2017-national'] as const;
export type RecipeId = (typeof RECIPES)[number];
export const DEFAULT_RECIPE: RecipeId = 'china2017-provincial';
export const RECIPE_ALIASES: Readonly<Record<string, RecipeId>> = { china2017: 'china2017-national' };
export const CONTROL_TOTALS: readonly ControlTotalsId[] = ['meic2017', 'paper-implied'];

/** The recipe an id or alias names, or an InputError listing the choices. */
export function resolveRecipe(id: string): RecipeId {
  const r = RECIPE_ALIASES[id] ?? id;
  if (!(RECIPES as readonly string[]).includes(r))
    throw new InputError(
      '--recipe',
      `unknown recipe '${id}'`,
      undefined,
      undefined,
      [...RECIPES, ...Object.keys(RECIPE_ALIASES).map((a) => `${a} (= ${RECIPE_ALIASES[a]})`)].join(', '),
    );
  return r as RecipeId;
}
