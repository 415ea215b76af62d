import { PRECURSORS, type Precursor } from '../../mrio/model.ts';
import type { IdentityCheck } from '../../mrio/results.ts';
import { IdentityError } from '../../mrio/valueChain.ts';
import type { DamageCore } from '../damage.ts';
import { type EmissionAccounts, tradeRelatedFromBasis } from '../emissionAccounts.ts';
import type { PreparedAnalysis } from '../prepare.ts';
import { sumOf } from '../regionAccounts.ts';
import type { CompensationResult, DamageAttribution } from '../runResult.ts';

/**
 * Largest relative residual an identity of the analysis may have (docs/analysis.md): the same
 * bound as the decomposition's. A run whose identities do not hold is refused, not reported.
 */
export const ANALYSIS_IDENTITY_TOLERANCE = 1e-9;

/** Throws IdentityError for the first check above the tolerance (or NaN): the run is not reported. */
export function assertIdentitiesHold(
  checks: readonly IdentityCheck[],
  tolerance = ANALYSIS_IDENTITY_TOLERANCE,
): void {
  for (const check of checks)
    if (!(check.maxRelativeResidual <= tolerance)) throw new IdentityError(check, tolerance);
}

/** What the analysis identities are checked on (the stages' outputs). */
export interface IdentityInputs {
  readonly em: Readonly<Record<Precursor, EmissionAccounts>>;
  /** Intensity factors of the scenario (emissions stage). */
  readonly factors: Readonly<Record<Precursor, Float64Array>>;
  readonly core: DamageCore;
  readonly attribution: DamageAttribution;
  readonly compensation: CompensationResult;
  /** The beneficiary-pays matrix with its self-caused diagonal. */
  readonly fullTransfers: Float64Array;
}

/**
 * The run's identities (docs/analysis.md "Identities checked on every run"): the decomposition's,
 * then Σ Shapley ΔC = C_base − C_cf, Σ triggered = Σ suffered, triggered = local + transported,
 * Σ beneficiary-pays matrix = Σ suffered, Σ net = 0, trade-related emissions = unit-intensity basis.
 */
export function analysisIdentities(prepared: PreparedAnalysis, x: IdentityInputs): IdentityCheck[] {
  const { core, attribution, compensation } = x;
  const totalSuffered = sumOf(core.moneyMean);
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
  return [
    ...prepared.valueChain.identities,
    {
      name: 'Σ_j,p Shapley ΔC contributions = C_base − C_cf (per receptor)',
      indicator: 'PM2.5',
      maxRelativeResidual: shapleyResidual(core, prepared.G),
    },
    {
      name: 'Σ triggered = Σ suffered (damage)',
      indicator: 'damage',
      maxRelativeResidual: rel(sumOf(attribution.triggered.mean), totalSuffered),
    },
    {
      name: 'triggered = local + transported',
      indicator: 'damage',
      maxRelativeResidual: maxRel(
        attribution.triggered.mean,
        attribution.local.values,
        attribution.exported.values,
      ),
    },
    {
      name: 'Σ beneficiary-pays matrix (incl. self) = Σ suffered',
      indicator: 'damage',
      maxRelativeResidual: rel(sumOf(x.fullTransfers), totalSuffered),
    },
    {
      name: 'Σ net transfers = 0 (relative to Σ transfers)',
      indicator: 'damage',
      maxRelativeResidual: Math.abs(compensation.netSum) / Math.max(sumOf(compensation.paid.values), 1e-300),
    },
    ...PRECURSORS.map((p) => ({
      name: 'trade-related emissions: decomposition = unit-intensity basis (Σ_i f·tradeOutput)',
      indicator: p,
      maxRelativeResidual: basisResidual(prepared, x.em, p, x.factors[p]),
    })),
  ];
}

function shapleyResidual(core: DamageCore, G: number): number {
  let worst = 0;
  let ref = 0;
  for (let i = 0; i < G; i++) ref = Math.max(ref, Math.abs(core.deltaC[i]));
  for (let i = 0; i < G; i++) {
    let s = 0;
    for (const p of PRECURSORS) for (let j = 0; j < G; j++) s += core.kappa[p][j * G + i];
    worst = Math.max(worst, Math.abs(s - core.deltaC[i]) / Math.max(ref, 1e-300));
  }
  return worst;
}

function maxRel(total: Float64Array, a: Float64Array, b: Float64Array): number {
  let scale = 0;
  for (const v of total) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let s = 0; s < total.length; s++)
    worst = Math.max(worst, Math.abs(a[s] + b[s] - total[s]) / Math.max(scale, 1e-300));
  return worst;
}

function basisResidual(
  prepared: PreparedAnalysis,
  em: Readonly<Record<Precursor, EmissionAccounts>>,
  p: Precursor,
  factors: Float64Array,
): number {
  const trade = tradeRelatedFromBasis(prepared, p, factors);
  let scale = 0;
  for (const v of em[p].tradeRelated) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let s = 0; s < trade.length; s++)
    worst = Math.max(worst, Math.abs(trade[s] - em[p].tradeRelated[s]) / Math.max(scale, 1e-300));
  return worst;
}
