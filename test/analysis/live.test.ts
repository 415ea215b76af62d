// The live what-if path (Scenario.mode 'live', liveBasis.ts, damageContent.ts) against the full
// path (re-decomposition of the scaled satellites with a fresh LU, every block recomputed) on
// the synthetic 4-region system; VSL and demand/trade changes against analytic identities.
import { describe, expect, it } from 'vitest';
import { InfeasibleScenarioError } from '../../src/analysis/demandTrade.ts';
import {
  baselineEmissionAccounts,
  type EmissionAccounts,
  liveEmissionAccounts,
  scalingFactors,
  scenarioEmissionAccounts,
} from '../../src/analysis/emissionAccounts.ts';
import { prepareAnalysis } from '../../src/analysis/prepare.ts';
import { LIVE_WHAT_IF, runScenario, type Scenario } from '../../src/analysis/scenario.ts';
import { PRECURSORS } from '../../src/mrio/model.ts';
import { REGIONS, SECTORS, syntheticDataset, syntheticHealth, syntheticSurface } from './syntheticSystem.ts';

const dataset = syntheticDataset();
const rsm = syntheticSurface(dataset);
const health = syntheticHealth(20, 7);
const full = prepareAnalysis(dataset, rsm, health);
const live = prepareAnalysis(dataset, rsm, health, { live: true });

/** Sector- and region-specific scalings, some precursors untouched, one intensity switched off. */
const RETROFIT = [
  { region: 'North', sector: 'mining', precursor: 'SO2' as const, factor: 0.35 },
  { region: 'North', sector: 'manufacturing', precursor: 'NOx' as const, factor: 0.5 },
  { region: 'Coast', sector: 'manufacturing', factor: 1.7 },
  { region: 'West', sector: 'mining', precursor: 'PPM' as const, factor: 0 },
];

const SKIP = new Set(['timings', 'createdAt', 'evaluation']);
/** Rounding residuals (identity checks, Σ net transfers ≈ 0): both must be tiny, not equal. */
const NOISE: Record<string, number> = { maxRelativeResidual: 1e-12 };

/** Walks two results in parallel: strings/booleans equal, numbers to `rel` of their array's scale. */
function compare(a: unknown, b: unknown, path: string, rel: number, out: string[]): void {
  if (out.length > 10) return;
  if (a instanceof Float64Array || b instanceof Float64Array) {
    const x = a as Float64Array;
    const y = b as Float64Array;
    if (x.length !== y.length) {
      out.push(`${path}: length ${x.length} vs ${y.length}`);
      return;
    }
    let scale = 0;
    for (const v of y) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < x.length; i++) {
      const ok = Number.isNaN(y[i])
        ? Number.isNaN(x[i])
        : Math.abs(x[i] - y[i]) <= rel * Math.max(scale, 1e-300);
      if (!ok) {
        out.push(`${path}[${i}]: ${x[i]} vs ${y[i]}`);
        return;
      }
    }
    return;
  }
  const key = path.slice(path.lastIndexOf('.') + 1);
  if (key in NOISE && typeof a === 'number' && typeof b === 'number') {
    if (!(Math.abs(a) <= NOISE[key] && Math.abs(b) <= NOISE[key])) out.push(`${path}: ${a} vs ${b}`);
    return;
  }
  if (key === 'netSum') return; // checked against Σ paid in the tests
  if (typeof a === 'number' && typeof b === 'number') {
    const ok = Number.isNaN(b) ? Number.isNaN(a) : Math.abs(a - b) <= rel * Math.max(Math.abs(b), 1e-300);
    if (!ok) out.push(`${path}: ${a} vs ${b}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} vs ${b.length}`);
    else for (let i = 0; i < a.length; i++) compare(a[i], b[i], `${path}[${i}]`, rel, out);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (SKIP.has(k)) continue;
      compare((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, rel, out);
    }
    return;
  }
  if (a !== b) out.push(`${path}: ${String(a)} vs ${String(b)}`);
}

function differences(a: unknown, b: unknown, rel = 1e-9): string[] {
  const out: string[] = [];
  compare(a, b, 'result', rel, out);
  return out;
}

const OPTIONS: Scenario = { draws: 20, seed: 3, pairwise: 'linear', oneAtATime: false };

describe('live emission accounts (no solve)', () => {
  it('equal a re-decomposition of the scaled satellites, every field, ≤ 1e-12', () => {
    const ref = scenarioEmissionAccounts(full, RETROFIT); // sector-specific: fresh LU
    const got = liveEmissionAccounts(
      live,
      live.live!,
      scalingFactors(live, RETROFIT).factors,
      baselineEmissionAccounts(live),
    );
    const fields: (keyof EmissionAccounts)[] = [
      'production',
      'intraRegional',
      'importsEmbodied',
      'finalExports',
      'intermediateExports',
      'tradeRelated',
      'baseline',
      'counterfactual',
      'exFinal',
      'exIntermediate',
      'feByOrigin',
      'consumption',
    ];
    for (const p of PRECURSORS) {
      for (const k of fields) expect(differences(got[p][k], ref[p][k], 1e-12), `${p} ${k}`).toEqual([]);
      expect(differences(got[p].flows.data, ref[p].flows.data, 1e-12)).toEqual([]);
    }
    // NH3 and VOC untouched: the baseline accounts themselves.
    expect(scalingFactors(live, RETROFIT).factors.NH3.every((v) => v === 1)).toBe(false); // Coast rule hits all
  });
});

describe('live mode = full mode on the same scenario', () => {
  const scenarios: [string, Scenario][] = [
    ['baseline', {}],
    ['sector retrofit', { intensityScaling: RETROFIT }],
    [
      'retrofit at 15 µg/m³ with a VSL override',
      { intensityScaling: RETROFIT, thresholds: [15], headlineThreshold: 15, vsl: 3.1e6 },
    ],
    ['region-uniform scaling', { intensityScaling: [{ region: 'Inland', factor: 0.6 }] }],
  ];
  for (const [name, sc] of scenarios)
    it(`${name}: every block ≤ 1e-9 relative, Monte Carlo intervals from identical draws`, () => {
      const ref = runScenario(full, { ...OPTIONS, ...sc, mode: 'full' });
      const first = runScenario(live, { ...OPTIONS, ...sc, mode: 'live' });
      const again = runScenario(live, { ...OPTIONS, ...sc, mode: 'live' }); // from the caches
      expect(differences(first, ref)).toEqual([]);
      expect(differences(again, ref)).toEqual([]);
      for (const r of [first, ref]) {
        const paid = r.compensation.paid.values.reduce((x, y) => x + y, 0);
        expect(Math.abs(r.compensation.netSum)).toBeLessThan(1e-12 * paid);
      }
      expect(first.provenance.evaluation?.mode).toBe('live');
      expect(first.provenance.evaluation?.reused.length).toBeGreaterThan(0);
      expect(ref.provenance.evaluation?.mode).toBe('full');
      if (sc.intensityScaling?.some((s) => s.sector))
        expect(ref.provenance.evaluation?.emissions).toBe('re-decomposition');
    });

  it('refuses what only the full path computes', () => {
    expect(() => runScenario(live, { ...OPTIONS, mode: 'live', pairwise: 'removal' })).toThrow(/live mode/);
    expect(() => runScenario(live, { ...OPTIONS, mode: 'live', oneAtATime: true })).toThrow(/live mode/);
  });

  it('LIVE_WHAT_IF states its health evaluation', () => {
    const r = runScenario(live, { ...LIVE_WHAT_IF, thresholds: [10] });
    expect(r.provenance.evaluation?.health).toMatch(/Monte Carlo, 32 draws/);
    expect(r.provenance.monteCarlo.draws).toBe(32);
  });
});

describe('VSL override', () => {
  const money = (vsl: number) =>
    runScenario(live, { ...OPTIONS, mode: 'live', vsl }).damage.find((d) => d.threshold === 10)!;
  it('changes only the valuation, linearly in the VSL (same draws rescaled)', () => {
    const ref = health.referenceVsl!;
    const [a, b, c] = [ref, 2 * ref, 3 * ref].map(money);
    expect(b.national.deaths.mean).toBe(a.national.deaths.mean);
    expect(b.national.cases.mean).toBe(a.national.cases.mean);
    // money(k) = k·(mortality money) + morbidity money: equal steps.
    const step1 = b.national.money.mean - a.national.money.mean;
    const step2 = c.national.money.mean - b.national.money.mean;
    expect(step1).toBeGreaterThan(0);
    expect(Math.abs(step2 - step1)).toBeLessThan(1e-9 * step1);
    for (const q of ['p025', 'p975'] as const) {
      const s1 = b.national.money[q] - a.national.money[q];
      expect(Math.abs(c.national.money[q] - b.national.money[q] - s1)).toBeLessThan(1e-8 * Math.abs(s1));
    }
  });
});

describe('final-demand and trade changes (re-balanced table, timed)', () => {
  const base = runScenario(live, { ...OPTIONS, mode: 'live' });
  const tradeOf = (r: typeof base, p: string) => r.emissions.find((e) => e.precursor === p)!;

  // × 1.4, not more: the emissions must stay inside the surface's training range (0–1.5).
  it('all final demand × 1.4 scales output, hence production and trade-related emissions, by 1.4 (linearity)', () => {
    const r = runScenario(live, {
      ...OPTIONS,
      mode: 'live',
      finalDemand: [{ producers: 'all', consumers: 'all', sectors: 'all', factor: 1.4 }],
    });
    expect(r.provenance.evaluation?.refactorised).toBe(true);
    expect(r.provenance.timings.rebalanceAndDecompose).toBeGreaterThan(0);
    for (const p of PRECURSORS) {
      const a = tradeOf(base, p);
      const b = tradeOf(r, p);
      for (let s = 0; s < REGIONS.length; s++) {
        expect(b.tradeRelated.values[s]).toBeCloseTo(1.4 * a.tradeRelated.values[s], 9);
        // Production × 1.4; households' direct emissions stay: E⁰' = 1.4·prod + direct.
        const acc = r.valueChain.find((v) => v.indicator === a.indicator)!;
        const acc0 = base.valueChain.find((v) => v.indicator === a.indicator)!;
        expect(acc.production[s]).toBeCloseTo(1.4 * acc0.production[s], 9);
      }
    }
    // A second identical change comes from the variant cache: no time spent.
    const again = runScenario(live, {
      ...OPTIONS,
      mode: 'live',
      finalDemand: [{ producers: 'all', consumers: 'all', sectors: 'all', factor: 1.4 }],
    });
    expect(again.provenance.timings.rebalanceAndDecompose).toBe(0);
    expect(differences(again, r)).toEqual([]);
  });

  it('a factor-1 change reproduces the baseline; unknown names and infeasible trade are refused', () => {
    const same = runScenario(live, {
      ...OPTIONS,
      mode: 'live',
      trade: [{ from: ['North'], to: 'all', sectors: [SECTORS[0]], factor: 1 }],
    });
    expect(differences(same.emissions, base.emissions, 1e-10)).toEqual([]);
    expect(() =>
      runScenario(live, {
        ...OPTIONS,
        trade: [{ from: ['Atlantis'], to: 'all', sectors: 'all', factor: 0.5 }],
      }),
    ).toThrow(/unknown name 'Atlantis'/);
    expect(() =>
      runScenario(live, { ...OPTIONS, trade: [{ from: 'all', to: 'all', sectors: 'all', factor: 100 }] }),
    ).toThrow(InfeasibleScenarioError);
  });
});
