import type { Matrix } from '../linalg/matrix.ts';

/**
 * The value-chain accounts of one indicator (one satellite row f), METHODS §2–4.
 * Arrays of length n = G·N are indexed r·N + i (region r, sector i). Bilateral arrays of
 * length G·G·N are indexed (s·G + r)·N + i: exporting region s, importing region r, sector i
 * of s; entries with r = s are zero.
 */
export interface IndicatorAccounts {
  readonly indicator: string;
  readonly unit: string;
  /** f ⊙ x: production-based account per (region, sector). */
  readonly production: Float64Array;
  /** Four-part decomposition of `production` (METHODS §2), per (region, sector). */
  readonly intraRegional: Float64Array; // part 1: f_s L_ss y_ss
  readonly importsEmbodied: Float64Array; // part 2
  readonly finalExports: Float64Array; // part 3: f_s B_ss Σ_{r≠s} y_sr
  readonly intermediateExports: Float64Array; // part 4
  /** Consumption-based account per consuming region (length G): column sums of `flows`. */
  readonly consumption: Float64Array;
  /** METHODS §3: EX_sr split into its final-goods term and its intermediate term. */
  readonly exFinal: Float64Array;
  readonly exIntermediate: Float64Array;
  /** METHODS §3: FE_sr (upstream content in regions t ≠ s), final and intermediate terms. */
  readonly feFinal: Float64Array;
  readonly feIntermediate: Float64Array;
  /**
   * FE_sr by the upstream region t where it occurs, summed over sectors: length G·G·G,
   * index (s·G + r)·G + t. Σ_t equals Σ_i (feFinal + feIntermediate) for the pair (s, r).
   */
  readonly feByOrigin: Float64Array;
  /** METHODS §4: M[s,r] = f_s Σ_t B_st y_tr (G×G): what r's final demand causes in s. */
  readonly flows: Matrix;
  /**
   * Final users' direct amounts per consuming region (SatelliteAccount.direct), length G, if the
   * account has them. Not part of the production decomposition (added 2026-11 by the mrio helper).
   */
  readonly direct?: Float64Array;
}

export interface IdentityCheck {
  readonly name: string; // e.g. 'four parts = f_s x_s'
  readonly indicator: string;
  /** Largest relative residual over regions (and sectors where applicable). */
  readonly maxRelativeResidual: number;
}

export interface ValueChainResult {
  readonly regions: readonly string[];
  readonly sectors: readonly string[];
  readonly indicators: readonly IndicatorAccounts[];
  readonly identities: readonly IdentityCheck[];
  /** Seconds per step, for run.json. */
  readonly timings: Readonly<Record<string, number>>;
  /** Warnings from validation and decomposition (e.g. unbalanced table). Additive field. */
  readonly warnings?: readonly string[];
  /** The full Leontief inverse B, only when requested (option `fullInverse`). Additive field. */
  readonly leontiefInverse?: Matrix;
}
