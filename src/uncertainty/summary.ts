import { summariseDraws } from '../health/summary.ts';
import type { DrawRecord, HeadlineMeta } from './draws.ts';
import { GROUP_LABELS, UNCERTAINTY_GROUPS, type UncertaintyGroup } from './plan.ts';
import { bootstrapIntervals, type PickFreezeSample, sobolIndices } from './sobol.ts';
import { keyedStream } from './streams.ts';

/** A Sobol index with its bootstrap 95 % interval (NaN where the output does not vary). */
export interface IndexEstimate {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  readonly notComputed?: Readonly<Record<string, string>>;
}

const FEW_VARYING =
  'fewer than half the bootstrap resamples vary (an output with few distinct values, or few draws): no interval';

function estimate(value: number, low: number, high: number): IndexEstimate {
  return Number.isNaN(low) || Number.isNaN(high)
    ? { estimate: value, low, high, notComputed: { low: FEW_VARYING, high: FEW_VARYING } }
    : { estimate: value, low, high };
}

/** One headline number across the draws: interval and where its spread comes from. */
export interface HeadlineUncertainty extends HeadlineMeta {
  /** The default run (recipe choices, inventory as published, no surface error, full health Monte Carlo). */
  readonly reference: number | null;
  /** Draws whose seven evaluations all gave a number (the others are left out, `note` says so). */
  readonly draws: number;
  /** Over the 2N joint samples A ∪ B: mean, type-7 median and 2.5 / 97.5 % points. */
  readonly mean: number;
  readonly median: number;
  readonly p025: number;
  readonly p975: number;
  /** Variance over A ∪ B (divisor 2N), the V of the indices. */
  readonly variance: number;
  readonly first: Readonly<Record<UncertaintyGroup, IndexEstimate>>;
  readonly total: Readonly<Record<UncertaintyGroup, IndexEstimate>>;
  /** Group with the largest first-order index; null when the number does not vary. */
  readonly dominant: UncertaintyGroup | null;
  /** 1 − Σ first-order indices: the share only interactions between groups explain. */
  readonly interactions: number;
  /** The reading of the row in one sentence (docs/uncertainty.md, "How to read the output"). */
  readonly sentence: string;
  readonly note: string;
  /** Fields left NaN (written as null) and why (src/io/outputGuard.ts). */
  readonly notComputed?: Readonly<Record<string, string>>;
}

/** Rows of every headline number; records must be sorted by draw (the merge and the run do so). */
export function summariseUncertainty(
  metas: readonly HeadlineMeta[],
  records: readonly DrawRecord[],
  reference: readonly (number | null)[] | null,
  seed: number,
  bootstrap: number,
): HeadlineUncertainty[] {
  return metas.map((m, h) => summariseHeadline(m, h, records, reference?.[h] ?? null, seed, bootstrap));
}

function summariseHeadline(
  meta: HeadlineMeta,
  h: number,
  records: readonly DrawRecord[],
  reference: number | null,
  seed: number,
  bootstrap: number,
): HeadlineUncertainty {
  const usable = records.filter(
    (r) => r.A[h] !== null && r.B[h] !== null && UNCERTAINTY_GROUPS.every((g) => r.AB[g][h] !== null),
  );
  const N = usable.length;
  const left = records.length - N;
  const note =
    left > 0
      ? `${left} of ${records.length} draws left out: the run could not compute this number in them`
      : '';
  const nan: IndexEstimate = { estimate: Number.NaN, low: Number.NaN, high: Number.NaN };
  const byGroup = (f: (g: UncertaintyGroup, k: number) => IndexEstimate) =>
    Object.fromEntries(UNCERTAINTY_GROUPS.map((g, k) => [g, f(g, k)])) as Record<
      UncertaintyGroup,
      IndexEstimate
    >;
  if (N < 2) {
    return {
      ...meta,
      reference,
      draws: N,
      mean: Number.NaN,
      median: Number.NaN,
      p025: Number.NaN,
      p975: Number.NaN,
      variance: Number.NaN,
      first: byGroup(() => nan),
      total: byGroup(() => nan),
      dominant: null,
      interactions: Number.NaN,
      sentence: `${meta.label}: fewer than two draws could compute it.`,
      note: note || 'fewer than two draws',
      notComputed: Object.fromEntries(
        ['mean', 'median', 'p025', 'p975', 'variance', 'first', 'total', 'interactions'].map((k) => [
          k,
          'fewer than two draws computed this number',
        ]),
      ),
    };
  }
  const sample: PickFreezeSample = {
    fA: Float64Array.from(usable, (r) => r.A[h] as number),
    fB: Float64Array.from(usable, (r) => r.B[h] as number),
    fAB: UNCERTAINTY_GROUPS.map((g) => Float64Array.from(usable, (r) => r.AB[g][h] as number)),
  };
  const both = new Float64Array(2 * N);
  both.set(sample.fA);
  both.set(sample.fB, N);
  const s = summariseDraws(both);
  const idx = sobolIndices(sample);
  const ci =
    idx.variance > 0
      ? bootstrapIntervals(sample, bootstrap, keyedStream(seed, 'bootstrap', meta.id))
      : undefined;
  const first = byGroup((_, k) => (ci ? estimate(idx.first[k], ci.first[k].low, ci.first[k].high) : nan));
  const total = byGroup((_, k) => (ci ? estimate(idx.total[k], ci.total[k].low, ci.total[k].high) : nan));
  let dominant: UncertaintyGroup | null = null;
  if (idx.variance > 0)
    for (const g of UNCERTAINTY_GROUPS)
      if (dominant === null || first[g].estimate > first[dominant].estimate) dominant = g;
  const interactions = idx.variance > 0 ? 1 - idx.first.reduce((a, b) => a + b, 0) : Number.NaN;
  return {
    ...meta,
    reference,
    draws: N,
    mean: s.mean,
    median: s.median,
    p025: s.p025,
    p975: s.p975,
    variance: idx.variance,
    first,
    total,
    dominant,
    interactions,
    sentence: sentenceOf(meta, s.p025, s.p975, dominant, first, total, 2 * N),
    note,
    ...(idx.variance > 0
      ? {}
      : {
          notComputed: Object.fromEntries(
            ['first', 'total', 'interactions'].map((k) => [
              k,
              'the number does not vary over the draws (V = 0): no share of a spread to attribute',
            ]),
          ),
        }),
  };
}

const pct = (x: number) => `${Math.round(100 * x)} %`;

/** A number with 3 significant digits (no exponent for the magnitudes of the headline table). */
export function significant(x: number): string {
  if (!Number.isFinite(x)) return '';
  if (x === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return x.toFixed(Math.min(digits, 6));
}

function sentenceOf(
  m: HeadlineMeta,
  lo: number,
  hi: number,
  dominant: UncertaintyGroup | null,
  first: Readonly<Record<UncertaintyGroup, IndexEstimate>>,
  total: Readonly<Record<UncertaintyGroup, IndexEstimate>>,
  samples: number,
): string {
  const unit = m.unit === 'index' || m.unit === 'ratio' ? '' : ` ${m.unit}`;
  const range = `${m.label} is ${significant(lo)}–${significant(hi)}${unit} (95 % of ${samples} draws)`;
  if (dominant === null) return `${range}; it does not vary over the draws.`;
  const f = first[dominant];
  const t = total[dominant];
  const label = GROUP_LABELS[dominant];
  const ci = (x: IndexEstimate) => (Number.isFinite(x.low) ? `${pct(x.low)}–${pct(x.high)}` : 'not formed');
  const steady = (x: IndexEstimate) =>
    Number.isFinite(x.low) && x.high - x.low <= 0.5 && x.estimate >= -0.05 && x.estimate <= 1.5;
  if (!steady(f)) {
    // A first-order index far outside [0, 1] or with a wide interval: heavy-tailed draws or too
    // few of them. The total index (a mean of squares) is steadier; say what it shows, if anything.
    const noisy = `the first-order indices are too noisy to attribute it (largest: ${label}, ${pct(f.estimate)}, bootstrap 95 % CI ${ci(f)}; heavy tails or too few draws)`;
    return steady(t)
      ? `${range}; ${noisy}; by the total index, ${pct(Math.min(1, t.estimate))} of the spread involves the ${label}.`
      : `${range}; ${noisy}.`;
  }
  if (f.estimate >= 0.95)
    return `${range}; practically all of that spread comes from the ${label} alone (first-order Sobol index ${pct(f.estimate)}, bootstrap 95 % CI ${ci(f)}${f.estimate > 1 ? '; above 100 % by sampling noise' : ''}).`;
  return (
    `${range}; ${pct(Math.max(0, f.estimate))} of that spread comes from the ${label} alone ` +
    `(first-order Sobol index, bootstrap 95 % CI ${ci(f)}), ` +
    `${pct(Math.min(1, Math.max(0, t.estimate)))} with its interactions (total index).`
  );
}
