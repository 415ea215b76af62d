import { describe, expect, it } from 'vitest';
import { oneAtATime, shapleyBySource } from '../../src/air/attribution.ts';
import { predictConcentrations } from '../../src/air/prediction.ts';
import type { EmissionRatios } from '../../src/air/responseSurface.ts';
import { tradeDriverShares } from '../../src/analysis/compensation.ts';
import { computeDamage, damagePerTonne, healthInput } from '../../src/analysis/damage.ts';
import { damageContent } from '../../src/analysis/damageContent.ts';
import { buildDamageCurves, curveDamage } from '../../src/analysis/damageCurve.ts';
import { changeInterval, regionDrawsOf } from '../../src/analysis/drawStatistics.ts';
import { scenarioEmissionAccounts } from '../../src/analysis/emissionAccounts.ts';
import { flowRemoval, removalFlowIntervals } from '../../src/analysis/pairwiseFlows.ts';
import { prepareAnalysis } from '../../src/analysis/prepare.ts';
import { runScenario } from '../../src/analysis/scenario.ts';
import { populationWeightedGini } from '../../src/equity/gini.ts';
import { luFactor, luSolve } from '../../src/linalg/lu.ts';
import { identity, zeros } from '../../src/linalg/matrix.ts';
import { PRECURSORS, type Precursor } from '../../src/mrio/model.ts';
import { syntheticDataset, syntheticHealth, syntheticSurface } from './syntheticSystem.ts';

const dataset = syntheticDataset();
const G = 4;
const N = 2;
const n = G * N;
const prepared = prepareAnalysis(dataset, syntheticSurface(dataset), syntheticHealth());
const result = runScenario(prepared, {});
const sum = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);
const close = (a: number, b: number, rel = 1e-10) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

/** Brute force: trade-related emissions = f_s x_s − f_s L_ss y_ss (parts 2+3+4 = total − part 1). */
function bruteTradeRelated(p: Precursor): Float64Array {
  const m = dataset.mrio;
  const sat = m.satellites.find((s) => s.precursor === p)!;
  const out = new Float64Array(G);
  for (let s = 0; s < G; s++) {
    // A_ss and y_ss (own final demand for own products).
    const Iss = identity(N);
    const A = zeros(N, N);
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++)
        A.data[i * N + j] = m.Z.data[(s * N + i) * n + (s * N + j)] / m.x[s * N + j];
    const IA = zeros(N, N);
    for (let k = 0; k < N * N; k++) IA.data[k] = Iss.data[k] - A.data[k];
    const yss = zeros(N, 1);
    for (let i = 0; i < N; i++) yss.data[i] = m.finalDemand.Y.data[(s * N + i) * G + s];
    const xLocal = luSolve(luFactor(IA), yss);
    for (let i = 0; i < N; i++) {
      const f = sat.values[s * N + i] / m.x[s * N + i];
      out[s] += sat.values[s * N + i] - f * xLocal.data[i];
    }
  }
  return out;
}

describe('trade counterfactual emissions', () => {
  it('equal total − intra-regional part computed by brute force with explicit local inverses', () => {
    for (const p of PRECURSORS) {
      const brute = bruteTradeRelated(p);
      const e = result.emissions.find((x) => x.precursor === p)!;
      for (let s = 0; s < G; s++) close(e.tradeRelated.values[s], brute[s], 1e-12);
      for (let s = 0; s < G; s++) close(e.counterfactual.values[s], e.baseline.values[s] - brute[s], 1e-12);
    }
  });
  it('region-uniform scaling (linear path) equals sector-by-sector scaling (re-decomposition)', () => {
    const uniform = scenarioEmissionAccounts(prepared, [{ region: 'Coast', precursor: 'SO2', factor: 0.5 }]);
    const bySector = scenarioEmissionAccounts(prepared, [
      { region: 'Coast', sector: 'mining', precursor: 'SO2', factor: 0.5 },
      { region: 'Coast', sector: 'manufacturing', precursor: 'SO2', factor: 0.5 },
    ]);
    const a = uniform.SO2;
    const b = bySector.SO2;
    for (let k = 0; k < a.feByOrigin.length; k++) close(a.feByOrigin[k], b.feByOrigin[k], 1e-12);
    for (let k = 0; k < G * G; k++) close(a.flows.data[k], b.flows.data[k], 1e-12);
    for (let s = 0; s < G; s++) close(a.tradeRelated[s], b.tradeRelated[s], 1e-12);
    const base = prepared.accounts.emissions.SO2;
    const baseTrade = new Float64Array(G);
    for (let j = 0; j < n; j++)
      baseTrade[Math.floor(j / N)] +=
        base.importsEmbodied[j] + base.finalExports[j] + base.intermediateExports[j];
    close(a.tradeRelated[1], 0.5 * baseTrade[1], 1e-12);
    close(a.tradeRelated[0], baseTrade[0], 1e-12);
  });
});

describe('Shapley attribution of the concentration change', () => {
  it('matches a brute-force Shapley value over (region, precursor) players', () => {
    // Only the first two regions change (the others are null players): 10 players, 1024 coalitions.
    const rsm = prepared.rsm;
    const ratios = (active: (v: number) => boolean, full: EmissionRatios): EmissionRatios => {
      const r = {} as Record<Precursor, Float64Array>;
      PRECURSORS.forEach((p, q) => {
        r[p] = Float64Array.from(full.ratios[p], (e, j) => (j < 2 && active(j * 5 + q) ? e : 1));
      });
      return { regions: full.regions, ratios: r };
    };
    const target: EmissionRatios = {
      regions: rsm.regions,
      ratios: Object.fromEntries(
        PRECURSORS.map((p, q) => [p, Float64Array.from([0.4 + 0.05 * q, 0.7 - 0.1 * q, 1, 1])]),
      ) as Record<Precursor, Float64Array>,
    };
    const players = 10;
    const value = new Float64Array((1 << players) * G);
    for (let S = 0; S < 1 << players; S++) {
      const c = predictConcentrations(
        rsm,
        ratios((v) => ((S >> v) & 1) === 1, target),
      ).values;
      for (let i = 0; i < G; i++) value[S * G + i] = c[i];
    }
    const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
    const brute = new Float64Array(players * G);
    for (let v = 0; v < players; v++)
      for (let S = 0; S < 1 << players; S++) {
        if ((S >> v) & 1) continue;
        let size = 0;
        for (let b = 0; b < players; b++) size += (S >> b) & 1;
        const w = (fact(size) * fact(players - size - 1)) / fact(players);
        for (let i = 0; i < G; i++)
          brute[v * G + i] += w * (value[(S | (1 << v)) * G + i] - value[S * G + i]);
      }
    const sh = shapleyBySource(rsm, target, 'input');
    for (let v = 0; v < players; v++) {
      const j = Math.floor(v / 5);
      const p = PRECURSORS[v % 5];
      for (let i = 0; i < G; i++)
        close(sh.bySourcePrecursor![p].values.data[j * G + i], brute[v * G + i], 1e-11);
    }
  });

  it('adds up to C_base − C_cf for every receptor, and damage shares add up to 1', () => {
    const core = computeDamage(prepared, scenarioEmissionAccounts(prepared), { headline: 10 });
    for (let i = 0; i < G; i++) {
      let k = 0;
      let w = 0;
      for (const p of PRECURSORS)
        for (let j = 0; j < G; j++) {
          k += core.kappa[p][j * G + i];
          w += core.share[p][j * G + i];
        }
      close(k, core.deltaC[i], 1e-12);
      close(w, 1, 1e-12);
    }
  });

  it('equals the one-at-a-time split on a linear surface', () => {
    const lin = prepareAnalysis(dataset, syntheticSurface(dataset, true), syntheticHealth());
    const core = computeDamage(lin, scenarioEmissionAccounts(lin), { headline: 10 });
    const oat = oneAtATime(lin.rsm, core.ratiosCounterfactual);
    for (let j = 0; j < G; j++)
      for (let i = 0; i < G; i++) {
        let k = 0;
        for (const p of PRECURSORS) k += core.kappa[p][j * G + i];
        close(k, -oat.alone.values.data[j * G + i], 1e-12);
      }
  });
});

describe('damage: triggered vs suffered', () => {
  const a = result.attribution;
  const headline = result.damage.find((d) => d.threshold === 10)!;
  it('suffered sums to the all-source damage of an independent health assessment', () => {
    const direct = prepared.health.assess(
      healthInput(prepared, result.concentrations.baseline, result.concentrations.counterfactual),
    );
    const dt = direct.drawTotals[direct.thresholds.indexOf(10)];
    close(sum(a.suffered.mean), sum(dt.money) / direct.draws, 1e-12);
    close(headline.national.money.mean, sum(a.suffered.mean), 1e-12);
  });
  it('Σ triggered = Σ suffered, triggered = local + transported, rows of the source–receptor matrix', () => {
    close(sum(a.triggered.mean), sum(a.suffered.mean), 1e-12);
    const sr = a.sourceReceptor.values.data;
    for (let s = 0; s < G; s++) {
      close(a.local.values[s] + a.exported.values[s], a.triggered.mean[s], 1e-12);
      close(sum(sr.subarray(s * G, s * G + G)), a.triggered.mean[s], 1e-12);
      let col = 0;
      for (let j = 0; j < G; j++) col += sr[j * G + s];
      close(col, a.suffered.mean[s], 1e-12);
    }
    close(a.redistributedShare, sum(a.exported.values) / sum(a.triggered.mean), 1e-12);
  });
  it('reports every threshold with intervals around the mean (a concave curve need not be monotone in C0)', () => {
    expect(result.damage.map((d) => d.threshold)).toEqual([5, 10, 15]);
    for (const d of result.damage)
      for (let i = 0; i < G; i++) {
        expect(d.money.p025[i]).toBeLessThanOrEqual(d.money.mean[i] + 1e-6);
        expect(d.money.p975[i]).toBeGreaterThanOrEqual(d.money.mean[i] - 1e-6);
      }
  });
  it('the one-at-a-time sum is reported beside the all-source damage', () => {
    expect(Number.isFinite(a.oneAtATimeSum)).toBe(true);
    expect(a.oneAtATimeSum).not.toBeCloseTo(a.allSource, 3); // nonlinear surface: not additive
  });
});

describe('damage curves', () => {
  it('reproduce a direct health evaluation at C_cf exactly and in between closely', () => {
    const c = result.concentrations;
    const curves = buildDamageCurves(prepared, c.baseline, c.counterfactual, { threshold: 10, draws: 20 });
    const at = (vals: Float64Array) =>
      prepared.health.mean(
        healthInput(prepared, c.baseline, { regions: c.baseline.regions, unit: 'µg/m³', values: vals }),
        {
          thresholds: [10],
          draws: 20,
        },
      ).money[0];
    const exact = at(c.counterfactual.values);
    const interp = curveDamage(curves, c.counterfactual.values);
    for (let i = 0; i < G; i++) close(interp[i], exact[i], 1e-12);
    const mid = Float64Array.from(c.baseline.values, (b, i) => 0.37 * b + 0.63 * c.counterfactual.values[i]);
    const e2 = at(mid);
    const i2 = curveDamage(curves, mid);
    for (let i = 0; i < G; i++) close(i2[i], e2[i], 2e-3);
  });
});

describe('pairwise flows', () => {
  it('damage flows: shares sum to 1 and scale to the all-source damage; top list sorted', () => {
    const f = result.pairwise.find((p) => p.indicator === 'damage')!;
    close(sum(f.normalised.values.data), 1, 1e-12);
    close(f.total, sum(result.attribution.suffered.mean), 1e-12);
    for (let s = 0; s < G; s++) expect(f.matrix.values.data[s * G + s]).toBe(0);
    for (let k = 1; k < f.top.length; k++) expect(f.top[k - 1].value).toBeGreaterThanOrEqual(f.top[k].value);
    expect(f.rawSum).toBeGreaterThan(0);
  });
  it('income flows are EX_sr + FE_sr: Σ_r EX_sr = parts 3+4 of the exporter', () => {
    const inc = result.valueChain.find((v) => v.kind === 'income')!;
    for (let s = 0; s < G; s++)
      close(inc.exLocal[s], inc.finalExports[s] + inc.intermediateExports[s], 1e-12);
    const f = result.pairwise.find((p) => p.indicator === 'social_income')!;
    for (let s = 0; s < G; s++)
      close(sum(f.matrix.values.data.subarray(s * G, s * G + G)), inc.exLocal[s] + inc.feUpstream[s], 1e-12);
  });
});

/** R type 7 quantile of unsorted values (brute force, independent of src/health). */
function quantile7(values: Float64Array, p: number): number {
  const v = Float64Array.from(values).sort();
  const h = (v.length - 1) * p;
  const lo = Math.floor(h);
  return v[lo] + (h - lo) * (v[Math.min(lo + 1, v.length - 1)] - v[lo]);
}

describe('damage flow intervals', () => {
  const em = scenarioEmissionAccounts(prepared, []);
  // The scenario's own Monte Carlo (its defaults): same receptor damages, same shares.
  const core = computeDamage(prepared, em, {
    thresholds: [5, 10, 15],
    headline: 10,
    draws: prepared.health.draws,
    seed: prepared.health.seed,
  });
  const { draws: D, nDraws } = regionDrawsOf(result.attribution.suffered)!;
  const regions = result.labels.regions;

  it('additive flows: each draw re-priced with that draw’s damage per tonne (brute force)', () => {
    const f = result.pairwise.find((p) => p.indicator === 'damage_linear')!;
    expect(f.top.length).toBeGreaterThan(3);
    const removed = new Float64Array(G);
    for (const t of f.top) {
      const s = regions.indexOf(t.from);
      const r = regions.indexOf(t.to);
      const v = new Float64Array(nDraws);
      for (const p of PRECURSORS) {
        flowRemoval(em[p], s, r, G, N, removed);
        for (let u = 0; u < G; u++) {
          const tonnes = em[p].baseline[u] - em[p].counterfactual[u];
          if (!(tonnes > 0)) continue;
          for (let d = 0; d < nDraws; d++) {
            let perTonne = 0;
            for (let i = 0; i < G; i++) perTonne += (core.share[p][u * G + i] * D[d * G + i]) / tonnes;
            v[d] += removed[u] * perTonne;
          }
        }
      }
      close(sum(v) / nDraws, t.value, 1e-10);
      close(t.p025!, quantile7(v, 0.025), 1e-10);
      close(t.p975!, quantile7(v, 0.975), 1e-10);
    }
  });

  it('per-flow removal: draws that scale every receptor alike scale the central value', () => {
    const mean = Float64Array.from([2, 5, 1, 3]);
    const c = [0.5, 0.9, 1, 1.3, 2];
    const draws = new Float64Array(c.length * 4);
    c.forEach((k, d) => {
      for (let i = 0; i < 4; i++) draws[d * 4 + i] = k * mean[i];
    });
    const byReceptor = [Float64Array.from([0.2, 0.1, 0, 0.4]), Float64Array.from([0, 1, 0.3, 0])];
    const all = Float64Array.from([1.1, 2.5, 0.6, 1.9]);
    const central = (w: Float64Array) => (sum(w) / sum(all)) * sum(mean);
    const q = removalFlowIntervals(byReceptor, all, draws, mean, c.length, 'CNY');
    byReceptor.forEach((w, k) => {
      const v = Float64Array.from(c, (x) => x * central(w));
      close(q[k].p025, quantile7(v, 0.025), 1e-12);
      close(q[k].p975, quantile7(v, 0.975), 1e-12);
    });
  });

  it('additive flows = local content (the damage the roles carry) + upstream content counted again', () => {
    const f = result.pairwise.find((p) => p.indicator === 'damage_linear')!;
    const dc = damageContent(em, damagePerTonne(core, em, G), dataset.sectorRoleClass, G, N);
    let local = 0;
    let upstream = 0;
    for (let s = 0; s < G; s++)
      for (let r = 0; r < G; r++)
        if (r !== s) {
          local += dc.local[s * G + r];
          upstream += dc.upstream[s * G + r];
        }
    close(f.total, local + upstream, 1e-10);
    const roles = result.roles.shares.find((x) => x.indicator === 'damage')!;
    close(
      local,
      roles.roles.reduce((a, k) => a + roles.national[k], 0),
      1e-10,
    );
    expect(upstream).toBeGreaterThan(0);
  });

  it('the removal flows carry intervals that bracket their central value', () => {
    const f = result.pairwise.find((p) => p.indicator === 'damage')!;
    expect(f.intervalMethod).toMatch(/draws/);
    for (const t of f.top) {
      expect(t.p025!).toBeLessThanOrEqual(t.value * (1 + 1e-9));
      expect(t.p975!).toBeGreaterThanOrEqual(t.value * (1 - 1e-9));
    }
  });

  it('change intervals: per-draw differences of two runs on common random numbers', () => {
    const cut = runScenario(prepared, {
      intensityScaling: [{ region: regions[0], precursor: 'SO2', factor: 0.5 }],
    });
    const before = result.attribution.suffered;
    const after = cut.attribution.suffered;
    const ci = changeInterval(before, after)!;
    const a = regionDrawsOf(before)!.draws;
    const b = regionDrawsOf(after)!.draws;
    for (let i = 0; i < G; i++) {
      const diff = Float64Array.from({ length: nDraws }, (_, d) => b[d * G + i] - a[d * G + i]);
      close(ci.p025[i], quantile7(diff, 0.025), 1e-12);
      close(ci.p975[i], quantile7(diff, 0.975), 1e-12);
    }
  });
});

describe('compensation', () => {
  const c = result.compensation;
  it("transfers net to zero and the full matrix distributes every receptor's damage", () => {
    expect(Math.abs(c.netSum)).toBeLessThan(1e-9 * sum(c.paid.values));
    close(sum(c.paid.values), sum(c.received.values), 1e-12);
    const driven = c.drivenBy!.values;
    close(sum(driven), sum(result.attribution.suffered.mean), 1e-12);
    for (let s = 0; s < G; s++) expect(c.transfers.values.data[s * G + s]).toBe(0);
  });
  it('driver shares: rows sum to 1, off-diagonal = M[s,r]/trade, diagonal = part 2/trade', () => {
    const em = scenarioEmissionAccounts(prepared);
    const d = tradeDriverShares(em, G);
    for (const p of PRECURSORS)
      for (let s = 0; s < G; s++) {
        close(sum(d[p].subarray(s * G, s * G + G)), 1, 1e-12);
        close(
          d[p][s * G + ((s + 1) % G)],
          em[p].flows.data[s * G + ((s + 1) % G)] / em[p].tradeRelated[s],
          1e-12,
        );
        close(d[p][s * G + s], em[p].importsEmbodied[s] / em[p].tradeRelated[s], 1e-12);
      }
  });
  it('Gini before/after is the eq. 11 Gini of welfare net of damage', () => {
    const w = c.welfareNetOfDamage;
    const pop = dataset.population;
    const totals = (pc: Float64Array) => ({
      regions: pop.regions,
      unit: 'CNY',
      values: Float64Array.from(pc, (x, s) => x * pop.values[s]),
    });
    close(w.giniBefore, populationWeightedGini({ totals: totals(w.before.values), population: pop }), 1e-12);
    close(w.giniAfter, populationWeightedGini({ totals: totals(w.after.values), population: pop }), 1e-12);
  });
  it('the Gini change splits into per-province contributions (exact when the ranking holds)', () => {
    const w = c.welfareNetOfDamage;
    const rank = (v: Float64Array) => Array.from(v, (_, i) => i).sort((a, b) => v[a] - v[b]);
    const change = w.giniAfter - w.giniBefore;
    const first = sum(w.giniContributions!.values);
    const pop = dataset.population.values;
    const mean = sum(Float64Array.from(w.before.values, (x, i) => x * pop[i]));
    if (rank(w.before.values).join() === rank(w.after.values).join()) close(first, change, 1e-9);
    // A re-ranking only adds to the change when the mean is positive (this synthetic welfare
    // net of damage is negative everywhere, where the bound flips).
    else if (mean > 0) expect(change).toBeGreaterThanOrEqual(first - 1e-15);
    else expect(change).toBeLessThanOrEqual(first + 1e-15);
  });
});

describe('run result', () => {
  it('carries identities at machine precision, labels and the demonstration flag', () => {
    for (const id of result.provenance.identities) expect(id.maxRelativeResidual).toBeLessThan(1e-9);
    expect(result.provenance.dataset.isDemonstration).toBe(true);
    expect(result.labels.currency.label).toBe('CNY (2017 prices)');
    expect(result.headline.length).toBeGreaterThan(30);
    const roles = result.roles.shares.find((s) => s.indicator === 'social_income')!;
    close(sum(Object.values(roles.nationalShare)), 1, 1e-12);
    const inc = result.valueChain.find((v) => v.kind === 'income')!;
    close(sum(Object.values(roles.national)), sum(inc.finalExports) + sum(inc.intermediateExports), 1e-12);
  });
});
