import type { CounterfactualAccounting, ThresholdReading } from './types.ts';

/**
 * GBD integrated exposure–response function (Cohen et al. 2017; METHODS §6):
 * RR(z) = 1 + α(1 − exp(−γ (z − z_cf)^δ)) for z > z_cf, else 1.
 */
export function ierRelativeRisk(z: number, alpha: number, gamma: number, delta: number, zcf: number): number {
  if (!(z > zcf)) return 1;
  return 1 + alpha * (1 - Math.exp(-gamma * Math.exp(delta * Math.log(z - zcf))));
}

/**
 * GEMM (Burnett et al. 2018): RR(z) = exp(θ · ln(1 + x/α) / (1 + exp(−(x − μ)/ν))), x = max(0, z − cf).
 */
export function gemmRelativeRisk(
  z: number,
  theta: number,
  alpha: number,
  mu: number,
  nu: number,
  cf: number,
): number {
  const x = z > cf ? z - cf : 0;
  if (x === 0) return 1;
  return Math.exp((theta * Math.log1p(x / alpha)) / (1 + Math.exp(-(x - mu) / nu)));
}

/** Log-linear: RR(z) = exp(β · max(0, z − z0)) (METHODS §6 morbidity). */
export function logLinearRelativeRisk(z: number, beta: number, z0: number): number {
  return z > z0 ? Math.exp(beta * (z - z0)) : 1;
}

/** Attributable fraction AF = 1 − 1/RR = (RR − 1)/RR. */
export function attributableFraction(rr: number): number {
  return 1 - 1 / rr;
}

/**
 * Fraction of the baseline incidence removed when concentration goes from base to counterfactual:
 * 'difference' AF(RR_b) − AF(RR_cf) = 1/RR_cf − 1/RR_b; 'pif' (RR_b − RR_cf)/RR_b.
 * pif = RR_cf · difference (docs/health.md §Accounting).
 */
export function avoidableFraction(
  rrBase: number,
  rrCf: number,
  accounting: CounterfactualAccounting,
): number {
  return accounting === 'difference' ? 1 / rrCf - 1 / rrBase : (rrBase - rrCf) / rrBase;
}

/**
 * How a threshold T changes one curve with its own counterfactual level zcf (docs/health.md):
 * RR_T(C) = C > cut ? RR(C; zEff) / divisor : 1.
 */
export interface ThresholdedCurve {
  /** Counterfactual level used inside the curve. */
  readonly zEff: number;
  /** Concentrations at or below `cut` carry no risk. */
  readonly cut: number;
  /** RR(T) for the 'ratio' reading, else 1. */
  readonly divisor: number;
}

/**
 * The thresholded form of a curve whose own counterfactual level is `zcf` and whose RR at T on its
 * own curve is `rrAtThreshold`.
 */
export function thresholdCurve(
  reading: ThresholdReading,
  threshold: number,
  zcf: number,
  rrAtThreshold: number,
): ThresholdedCurve {
  switch (reading) {
    case 'floor': {
      const z = Math.max(threshold, zcf);
      return { zEff: z, cut: z, divisor: 1 };
    }
    case 'shift':
      return { zEff: threshold, cut: threshold, divisor: 1 };
    case 'ratio':
      return { zEff: zcf, cut: Math.max(threshold, zcf), divisor: rrAtThreshold };
    case 'gbd-tmrel':
      return { zEff: zcf, cut: zcf, divisor: 1 };
  }
}

/** IER RR under a threshold reading (reference form of the model's inner loop). */
export function ierRelativeRiskThresholded(
  z: number,
  p: { alpha: number; gamma: number; delta: number; zcf: number },
  threshold: number,
  reading: ThresholdReading,
): number {
  const c = thresholdCurve(
    reading,
    threshold,
    p.zcf,
    ierRelativeRisk(threshold, p.alpha, p.gamma, p.delta, p.zcf),
  );
  return z > c.cut ? ierRelativeRisk(z, p.alpha, p.gamma, p.delta, c.zEff) / c.divisor : 1;
}

/** GEMM RR under a threshold reading. */
export function gemmRelativeRiskThresholded(
  z: number,
  p: { theta: number; alpha: number; mu: number; nu: number; cf: number },
  threshold: number,
  reading: ThresholdReading,
): number {
  const c = thresholdCurve(
    reading,
    threshold,
    p.cf,
    gemmRelativeRisk(threshold, p.theta, p.alpha, p.mu, p.nu, p.cf),
  );
  return z > c.cut ? gemmRelativeRisk(z, p.theta, p.alpha, p.mu, p.nu, c.zEff) / c.divisor : 1;
}
