/**
 * Monte Carlo and attribution settings of every explorer run (baseline and what-ifs alike, so
 * they compare like with like). Lighter than `vchain run` so a what-if answers in well under a
 * second; the numbers are the same estimators with fewer draws.
 */
export interface ExplorerSettings {
  readonly draws: number;
  readonly seed?: number;
  /** Pairwise damage flows: 'linear' (additive, cheap), 'removal' (G² re-evaluations), 'none'. */
  readonly pairwise: 'linear' | 'removal' | 'none';
  /** One-at-a-time removals per emitting region (G extra evaluations). */
  readonly oneAtATime: boolean;
  /** Input options `vchain serve` was given, for the command that re-runs a saved scenario. */
  readonly inputArgs?: readonly string[];
}

export const DEFAULT_EXPLORER_SETTINGS: ExplorerSettings = {
  draws: 32,
  pairwise: 'linear',
  oneAtATime: false,
};
