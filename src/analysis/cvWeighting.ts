// The CV conventions apart from the measures, so the command-line definitions can list them
// without loading the analysis.

/**
 * Coefficient of variation convention (docs/analysis.md "Equity definitions"): the paper's
 * `unweighted` σ/μ over regions (each region counts once; "unlike CV, the Gini considers
 * population", paper §2.4), or `population-weighted` (μ the national per-capita value).
 */
export type CvWeighting = 'unweighted' | 'population-weighted';
export const CV_WEIGHTINGS: readonly CvWeighting[] = ['unweighted', 'population-weighted'];
/** The paper's CV (default). */
export const DEFAULT_CV_WEIGHTING: CvWeighting = 'unweighted';
