import type { RunResult } from '../analysis/runResult.ts';

/**
 * The run's national headline numbers in one small JSON object (the full region-level numbers
 * are in the tables): provenance, conventions, national totals per indicator and threshold,
 * redistribution, inequality summaries, compensation, paper comparison and identity checks.
 */
export function buildSummary(r: RunResult, files: readonly string[]): Record<string, unknown> {
  const a = r.attribution;
  return {
    schemaVersion: r.provenance.schemaVersion,
    provenance: {
      toolVersion: r.provenance.toolVersion,
      createdAt: r.provenance.createdAt,
      dataset: r.provenance.dataset,
      airModel: r.provenance.airModel,
      healthModel: r.provenance.healthModel,
      inputs: r.provenance.inputs,
      monteCarlo: r.provenance.monteCarlo,
      warnings: r.provenance.warnings,
    },
    conventions: { ...r.conventions, currency: r.labels.currency },
    regions: r.labels.regions.length,
    sectors: r.labels.sectors.length,
    valueChain: r.valueChain.map((v) => ({
      indicator: v.indicator,
      label: v.label,
      unit: v.unit,
      ...v.national,
    })),
    emissions: r.emissions.map((e) => ({
      precursor: e.precursor,
      unit: e.unit,
      nationalTradeShare: e.nationalTradeShare,
      ...(e.notComputed ? { notComputed: e.notComputed } : {}),
    })),
    damage: r.damage.map((d) => ({
      threshold: d.threshold,
      national: d.national,
      baselineBurden: d.baselineBurden,
      tradeShare: d.tradeShare,
    })),
    attribution: {
      threshold: a.threshold,
      unit: a.unit,
      allSource: a.allSource,
      oneAtATimeSum: a.oneAtATimeSum,
      redistributedShare: a.redistributedShare,
      sufferMore: a.sufferMore,
      ...(a.notComputed ? { notComputed: a.notComputed } : {}),
    },
    pairwise: r.pairwise.map((p) => ({
      indicator: p.indicator,
      unit: p.matrix.unit,
      total: p.total,
      rawSum: p.rawSum,
      top: p.top,
    })),
    inequality: r.mismatch.measures.map((m) => ({
      variable: m.variable,
      label: m.label,
      unit: m.unit,
      gini: m.gini,
      cv: m.cv,
      topRatio: m.topRatio,
      concentrationIndex: m.concentrationIndex,
      theil: {
        total: m.theil.total,
        between: m.theil.between,
        within: m.theil.within,
        ...(m.theil.notComputed ? { notComputed: m.theil.notComputed } : {}),
      },
      ...(m.notComputed ? { notComputed: m.notComputed } : {}),
    })),
    roles: r.roles.shares.map((s) => ({
      indicator: s.indicator,
      unit: s.unit,
      nationalShare: s.nationalShare,
    })),
    compensation: {
      unit: r.compensation.unit,
      netSum: r.compensation.netSum,
      giniBefore: r.compensation.welfareNetOfDamage.giniBefore,
      giniAfter: r.compensation.welfareNetOfDamage.giniAfter,
      ...(r.compensation.welfareNetOfDamage.notComputed
        ? { notComputed: r.compensation.welfareNetOfDamage.notComputed }
        : {}),
    },
    paperComparison: r.headline,
    identities: r.provenance.identities,
    timings: r.provenance.timings,
    files,
  };
}
