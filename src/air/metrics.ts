import type { MetricsBlock, MetricsSummary, ReceptorMetrics } from './responseSurface.ts';

/**
 * Model-evaluation statistics on paired observed (CTM) and predicted values of one receptor:
 * NMB = Σ(P−O)/ΣO, NME = Σ|P−O|/ΣO, normalised error NE_k = |P_k−O_k|/O_k (mean and max),
 * Pearson R, RMSE. For the change from baseline (ΔO = O − C⁰, ΔP = P − C⁰) NMB and NME are
 * normalised by Σ|ΔO| (ΔO takes both signs) and the per-run error is |ΔP−ΔO|/|ΔO| (median).
 */
export function receptorMetrics(
  region: string,
  observed: ArrayLike<number>,
  predicted: ArrayLike<number>,
  baseline: number,
): ReceptorMetrics {
  const n = observed.length;
  if (predicted.length !== n) throw new Error('receptorMetrics: observed and predicted differ in length');
  let sumO = 0;
  let sumDiff = 0;
  let sumAbs = 0;
  let sumNe = 0;
  let maxNe = 0;
  let se = 0;
  let sumAbsDO = 0;
  let sumDDiff = 0;
  let sumDAbs = 0;
  const dObs = new Float64Array(n);
  const dPred = new Float64Array(n);
  const changeNe: number[] = [];
  for (let k = 0; k < n; k++) {
    const o = observed[k];
    const p = predicted[k];
    sumO += o;
    sumDiff += p - o;
    sumAbs += Math.abs(p - o);
    const ne = Math.abs(p - o) / Math.abs(o);
    sumNe += ne;
    if (ne > maxNe) maxNe = ne;
    se += (p - o) ** 2;
    dObs[k] = o - baseline;
    dPred[k] = p - baseline;
    sumAbsDO += Math.abs(dObs[k]);
    sumDDiff += dPred[k] - dObs[k];
    sumDAbs += Math.abs(dPred[k] - dObs[k]);
    if (dObs[k] !== 0) changeNe.push(Math.abs(dPred[k] - dObs[k]) / Math.abs(dObs[k]));
  }
  return {
    region,
    n,
    nmb: sumDiff / sumO,
    nme: sumAbs / sumO,
    meanNormalisedError: sumNe / n,
    maxNormalisedError: maxNe,
    r: pearson(observed, predicted),
    rmse: Math.sqrt(se / n),
    changeNmb: sumDDiff / sumAbsDO,
    changeNme: sumDAbs / sumAbsDO,
    changeMedianNormalisedError: median(changeNe),
    changeR: pearson(dObs, dPred),
    changeRmse: Math.sqrt(se / n), // ΔP − ΔO = P − O: equal to rmse by construction
  };
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    mx += x[k];
    my += y[k];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const a = x[k] - mx;
    const b = y[k] - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Metrics for every receptor. `observed` and `predicted` are row-major runs × G (µg/m³),
 * `baseline` the baseline concentration per region.
 */
export function metricsBlock(
  label: string,
  regions: readonly string[],
  observed: Float64Array,
  predicted: Float64Array,
  baseline: ArrayLike<number>,
): MetricsBlock {
  const G = regions.length;
  const runs = observed.length / G;
  const perRegion: ReceptorMetrics[] = [];
  const o = new Float64Array(runs);
  const p = new Float64Array(runs);
  for (let i = 0; i < G; i++) {
    for (let k = 0; k < runs; k++) {
      o[k] = observed[k * G + i];
      p[k] = predicted[k * G + i];
    }
    perRegion.push(receptorMetrics(regions[i], o, p, baseline[i]));
  }
  return { label, runs, perRegion, summary: summariseMetrics(perRegion) };
}

export function summariseMetrics(per: readonly ReceptorMetrics[]): MetricsSummary {
  const worst = (f: (m: ReceptorMetrics) => number) => {
    let best = { region: '', value: Number.NEGATIVE_INFINITY };
    for (const m of per) {
      const v = f(m);
      if (Number.isFinite(v) && v > best.value) best = { region: m.region, value: v };
    }
    return best;
  };
  return {
    worstMeanNormalisedError: worst((m) => m.meanNormalisedError),
    worstMaxNormalisedError: worst((m) => m.maxNormalisedError),
    worstChangeMedianNormalisedError: worst((m) => m.changeMedianNormalisedError),
    medianOfChangeMedianNormalisedError: median(per.map((m) => m.changeMedianNormalisedError)),
  };
}
