import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDataPackage } from '../support/dataPackageCheck.ts';
import { folderBytes } from '../support/folderBytes.ts';

/**
 * `vchain uncertainty` split into 4 shards and merged gives the unsharded run's bytes (issue 16:
 * the random stream of draw k depends only on the seed and k). Through the real CLI.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const args = (a: string[]) => [process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...a]] as const;
const vchain = (a: string[]) => {
  const [cmd, argv] = args(a);
  return spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
};
const vchainAsync = (a: string[]) =>
  new Promise<{ status: number | null; stderr: string }>((done) => {
    const [cmd, argv] = args(a);
    const p = spawn(cmd, argv, { cwd: ROOT });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => done({ status, stderr }));
  });

let dir: string;
const COMMON = ['--draws', '4', '--seed', '11', '--bootstrap', '50', '--quiet'];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vchain-uncertainty-shards-'));
  const runs = await Promise.all([
    vchainAsync(['uncertainty', ...COMMON, '--out', join(dir, 'whole')]),
    ...[0, 1, 2, 3].map((i) =>
      vchainAsync(['uncertainty', ...COMMON, '--shard', `${i}/4`, '--out', join(dir, `p${i}`)]),
    ),
  ]);
  for (const r of runs) expect(r.status, r.stderr).toBe(0);
}, 600_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
const parts = (...i: number[]) => i.map((k) => join(dir, `p${k}`));

describe('vchain uncertainty --shard i/4 + vchain merge', () => {
  it('merged, the 4 shards give the unsharded run byte for byte', async () => {
    const m = vchain(['merge', ...parts(2, 0, 3, 1), '--out', join(dir, 'merged')]);
    expect(m.status, m.stderr).toBe(0);
    const whole = folderBytes(join(dir, 'whole'));
    const merged = folderBytes(join(dir, 'merged'));
    expect([...merged.keys()].sort()).toEqual([...whole.keys()].sort());
    for (const [f, bytes] of whole) {
      if (f === 'vchain-output.json') continue; // names the command that wrote it: uncertainty vs merge
      expect(Buffer.compare(bytes, merged.get(f)!), f).toBe(0);
    }
    const files = (f: string) => JSON.parse(readFileSync(join(dir, f, 'vchain-output.json'), 'utf8')).files;
    expect(files('merged')).toEqual(files('whole'));
    const pkg = await checkDataPackage(join(dir, 'whole'));
    const draws = pkg.resources.find((r) => r.path === 'tables/draws.csv')!.schema.fields.map((f) => f.name);
    expect(draws).toContain('goods_distance_decay');
    expect(draws).toContain('emission_factor_so2_all');
    const u = JSON.parse(readFileSync(join(dir, 'whole', 'uncertainty.json'), 'utf8'));
    expect(u.records.map((r: { draw: number }) => r.draw)).toEqual([0, 1, 2, 3]);
    expect(u.headlines.find((h: { id: string }) => h.id === 'gini_jobs').sentence).toMatch(
      /^Gini of employment per capita is /,
    );
  });

  it('refuses a missing shard, a shard given twice and an edited shard (exit 2, nothing written)', () => {
    const cases: [string[], RegExp][] = [
      [parts(0, 1, 2), /shards 3\/4 missing/],
      [[...parts(0, 1, 2, 3), join(dir, 'p0')], /shard 0 is also/],
    ];
    const edited = join(dir, 'edited');
    rmSync(edited, { recursive: true, force: true });
    spawnSync('cp', ['-r', join(dir, 'p3'), edited]);
    const file = join(edited, 'uncertainty-part.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"seed":11', '"seed":12'));
    cases.push([[...parts(0, 1, 2), edited], /the plan does not match its planId/]);
    cases.forEach(([p, message], k) => {
      const out = join(dir, `refused${k}`);
      const r = vchain(['merge', ...p, '--out', out]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  });

  it('refuses a shard outside 0 … N − 1', () => {
    const r = vchain(['uncertainty', '--draws', '4', '--shard', '4/4', '--out', join(dir, 'bad')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--shard: '4\/4'; expected i\/N with 0 ≤ i < N/);
  });
});
