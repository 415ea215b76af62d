import { createHash } from 'node:crypto';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { RandomStream } from '../health/sampling.ts';

/**
 * Keyed random streams of the uncertainty analysis (docs/uncertainty.md, "Reproducible"). The
 * stream of (seed, draw k, sample, group) starts from a xoroshiro128+ state taken from the
 * SHA-256 of that key, so it depends on nothing else: not on the shard that computes draw k, not
 * on how many draws or groups come before it. Two keys share a 128-bit state with probability
 * ~2⁻¹²⁸; streams are a few hundred numbers long, far below the generator's period of 2¹²⁸ − 1.
 */
export function keyedStream(...key: readonly (string | number)[]): RandomStream {
  const digest = createHash('sha256')
    .update(`vchain-uncertainty/1|${key.join('|')}`)
    .digest();
  const state: number[] = [0, 4, 8, 12].map((o) => digest.readInt32LE(o));
  if (!state.some((v) => v !== 0)) state[0] = 1; // the all-zero state is the generator's fixed point
  return new RandomStream(xoroshiro128plusFromState(state));
}

/** A non-negative 31-bit integer seed drawn from a stream (for models seeded by one integer). */
export function integerSeed(stream: RandomStream): number {
  return Math.floor(stream.uniform() * 0x80000000);
}
