import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { DrawRecord, HeadlineMeta, HeadlineValues } from '../uncertainty/draws.ts';
import { shardDraws, UNCERTAINTY_GROUPS } from '../uncertainty/plan.ts';
import { planIdOf, type UncertaintyPlan } from '../uncertainty/result.ts';
import { InputError } from './inputError.ts';
import { checkedJson } from './outputGuard.ts';

/**
 * The shard file of `vchain uncertainty --shard i/N --out PART` (docs/uncertainty.md, "Splitting
 * the work"): the plan, which shard this is, the headline rows and the records of its draws
 * (i, i + N, …), and on shard 0 the default run. JSON numbers are written in their shortest
 * round-trip form, so `vchain merge` reads back the very doubles the shard computed.
 */
export const PART_FILE = 'uncertainty-part.json';
const PART_SCHEMA = 'vchain.uncertainty-part/1';

export interface UncertaintyPart {
  readonly schema: typeof PART_SCHEMA;
  readonly planId: string;
  readonly plan: UncertaintyPlan;
  readonly shard: { readonly index: number; readonly count: number };
  readonly headlines: readonly HeadlineMeta[];
  readonly reference: HeadlineValues | null;
  readonly records: readonly DrawRecord[];
}

export function partJson(p: Omit<UncertaintyPart, 'schema'>): string {
  return checkedJson({ schema: PART_SCHEMA, ...p }, PART_FILE);
}

const values = z.array(z.number().nullable());
const inputs = z.object({
  trade: z.record(z.string(), z.number()),
  emissionFactors: z.array(z.number()),
  surfaceZ: z.number(),
  exposureResponseSeed: z.number().int(),
  valuationSeed: z.number().int(),
});
const partSchema = z.object({
  schema: z.literal(PART_SCHEMA),
  planId: z.string().regex(/^[0-9a-f]{64}$/),
  plan: z.looseObject({ schema: z.literal('vchain.uncertainty-plan/1'), draws: z.number().int().min(1) }),
  shard: z.object({ index: z.number().int().min(0), count: z.number().int().min(1) }),
  headlines: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      definition: z.string(),
      unit: z.string(),
      paper: z.number().nullable(),
    }),
  ),
  reference: values.nullable(),
  records: z.array(
    z.object({
      draw: z.number().int().min(0),
      inputs: z.object({ A: inputs, B: inputs }),
      A: values,
      B: values,
      AB: z.object(
        Object.fromEntries(UNCERTAINTY_GROUPS.map((g) => [g, values])) as Record<string, typeof values>,
      ),
    }),
  ),
});

/** Reads and checks one shard folder (InputError naming the folder and the field). */
export function readPart(dir: string): UncertaintyPart {
  const file = join(dir, PART_FILE);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new InputError(
      dir,
      'not a folder',
      undefined,
      undefined,
      `a folder written by vchain uncertainty --shard (with ${PART_FILE})`,
    );
  if (!existsSync(file))
    throw new InputError(
      dir,
      `no ${PART_FILE} here`,
      undefined,
      undefined,
      'a folder written by vchain uncertainty --shard',
    );
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(file, `invalid JSON (${(e as Error).message})`);
  }
  const parsed = partSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      file,
      issue.message,
      undefined,
      issue.path.join('.'),
      'a shard file of this vchain version',
    );
  }
  // The checked object as read (zod's copy may order keys differently, and the plan is hashed).
  const part = raw as UncertaintyPart;
  if (planIdOf(part.plan) !== part.planId)
    throw new InputError(
      file,
      'the plan does not match its planId (the file was edited)',
      undefined,
      'planId',
    );
  const n = part.headlines.length;
  for (const r of part.records) {
    const lengths = [r.A.length, r.B.length, ...UNCERTAINTY_GROUPS.map((g) => r.AB[g].length)];
    if (lengths.some((l) => l !== n))
      throw new InputError(file, `draw ${r.draw} has values for another headline list`, undefined, 'records');
  }
  return part;
}

/**
 * Combines the shards of one plan: same planId and shard count, every shard once, each with
 * exactly its draws. Returns what `buildUncertaintyResult` needs.
 */
export function combineParts(
  dirs: readonly string[],
  parts: readonly UncertaintyPart[],
): {
  plan: UncertaintyPlan;
  metas: readonly HeadlineMeta[];
  records: DrawRecord[];
  reference: HeadlineValues | null;
} {
  if (parts.length === 0)
    throw new InputError('merge', 'no shard folders given', undefined, undefined, 'PART…');
  const first = parts[0];
  const count = first.shard.count;
  const seen = new Map<number, string>();
  parts.forEach((p, k) => {
    const dir = dirs[k];
    if (p.planId !== first.planId)
      throw new InputError(
        dir,
        `another plan than ${dirs[0]} (seed, draws, inputs or version differ)`,
        undefined,
        'planId',
        first.planId,
      );
    if (p.shard.count !== count)
      throw new InputError(
        dir,
        `shard ${p.shard.index}/${p.shard.count}`,
        undefined,
        'shard',
        `a shard of ${count}`,
      );
    if (JSON.stringify(p.headlines) !== JSON.stringify(first.headlines))
      throw new InputError(dir, 'other headline rows than the first shard', undefined, 'headlines');
    const other = seen.get(p.shard.index);
    if (other !== undefined)
      throw new InputError(
        dir,
        `shard ${p.shard.index} is also ${other}`,
        undefined,
        'shard',
        'each shard once',
      );
    seen.set(p.shard.index, dir);
    const want = shardDraws(first.plan.draws, p.shard);
    const got = p.records.map((r) => r.draw);
    if (want.join(',') !== got.join(','))
      throw new InputError(
        dir,
        `draws ${got.join(', ') || 'none'}`,
        undefined,
        'records',
        `draws ${want.join(', ') || 'none'} of shard ${p.shard.index}/${count}`,
      );
  });
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new InputError(
      'merge',
      `shards ${missing.map((i) => `${i}/${count}`).join(', ')} missing`,
      undefined,
      undefined,
      `all ${count} shards of the plan`,
    );
  const zero = parts.find((p) => p.shard.index === 0)!;
  return {
    plan: first.plan,
    metas: first.headlines,
    records: parts.flatMap((p) => p.records),
    reference: zero.reference,
  };
}
