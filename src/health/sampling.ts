import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/**
 * Seeded random streams for the health Monte Carlo. Each named component (ERF draw indices, GEMM θ,
 * mortality rates, VSL, morbidity, air-model error) reads its own non-overlapping xoroshiro128+
 * stream (the seed's stream jumped k times), so adding an endpoint never shifts another's draws.
 */
export const STREAMS = {
  erfDrawIndex: 1,
  gemmTheta: 2,
  mortalityRate: 3,
  vsl: 4,
  morbidity: 5,
  airModelError: 6,
} as const;

export class RandomStream {
  private readonly rng: JumpableRandomGenerator;
  private spareNormal: number | null = null;

  /** The seed's stream jumped `stream` times, or (for keyed streams) a generator given as is. */
  constructor(seed: number | JumpableRandomGenerator, stream = 0) {
    if (typeof seed !== 'number') {
      this.rng = seed;
      return;
    }
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    const rng = xoroshiro128plus(seed | 0);
    for (let k = 0; k < stream; k++) rng.jump();
    this.rng = rng;
  }

  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number {
    return uniformFloat64(this.rng);
  }

  /** Standard normal (Box–Muller; the second variate is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Triangular(low, mode, high) by inversion; degenerate ranges return the mode. */
  triangular(low: number, mode: number, high: number): number {
    if (!(high > low)) return mode;
    const u = this.uniform();
    const f = (mode - low) / (high - low);
    return u < f
      ? low + Math.sqrt(u * (high - low) * (mode - low))
      : high - Math.sqrt((1 - u) * (high - low) * (high - mode));
  }

  /** Integer uniform on [0, n). */
  index(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}

/**
 * Which of the `available` joint ERF draws each Monte Carlo iteration uses: all of them in order
 * when draws === available, a seeded sample without replacement when fewer, with replacement when more.
 */
export function erfDrawIndices(draws: number, available: number, stream: RandomStream): Int32Array {
  const out = new Int32Array(draws);
  if (draws === available) {
    for (let i = 0; i < draws; i++) out[i] = i;
    return out;
  }
  if (draws < available) {
    const perm = new Int32Array(available);
    for (let i = 0; i < available; i++) perm[i] = i;
    for (let i = 0; i < draws; i++) {
      const j = i + stream.index(available - i); // partial Fisher–Yates
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
      out[i] = perm[i];
    }
    return out;
  }
  for (let i = 0; i < draws; i++) out[i] = stream.index(available);
  return out;
}
