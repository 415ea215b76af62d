import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderBytes } from '../support/folderBytes.ts';

/**
 * deploy/slurm/submit-uncertainty.sh on a real Slurm cluster: a job array of 4 shards and a merge
 * job with --dependency=afterok, waited for; the merged folder must equal an unsharded
 * `vchain uncertainty` byte for byte. CI starts a one-node cluster first
 * (deploy/slurm/start-local-cluster.sh from .ci/run); where none is up the test is skipped and
 * says why.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');

function slurmState(): { up: boolean; why: string } {
  const s = spawnSync('sinfo', ['-h', '-N', '-o', '%T'], { encoding: 'utf8' });
  if (s.error) return { up: false, why: `sinfo cannot run (${s.error.message}): Slurm is not installed` };
  if (s.status !== 0) return { up: false, why: `sinfo failed: ${s.stderr.trim() || `exit ${s.status}`}` };
  const states = s.stdout.trim().split('\n').filter(Boolean);
  if (!states.some((x) => /^(idle|mixed|allocated)/.test(x)))
    return { up: false, why: `no Slurm node is up (sinfo: ${states.join(', ') || 'no nodes'})` };
  return { up: true, why: '' };
}

const slurm = slurmState();
if (!slurm.up)
  console.warn(
    `test/deploy/slurm.test.ts skipped: ${slurm.why}; start one with deploy/slurm/start-local-cluster.sh (root)`,
  );

let dir: string | undefined;
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!slurm.up)('Slurm job array (deploy/slurm/submit-uncertainty.sh)', () => {
  it('8 draws on 4 shards and the merge job give the unsharded run byte for byte', () => {
    dir = mkdtempSync(join(tmpdir(), 'vchain-slurm-'));
    const out = join(dir, 'merged');
    const submit = spawnSync(
      join(ROOT, 'deploy', 'slurm', 'submit-uncertainty.sh'),
      ['--draws', '8', '--shards', '4', '--seed', '5', '--out', out, '--wait', '--', '--bootstrap', '50'],
      { cwd: dir, encoding: 'utf8', timeout: 900_000 },
    );
    expect(submit.status, `${submit.stdout}\n${submit.stderr}`).toBe(0);
    expect(submit.stdout).toMatch(/job array \d+ \(4 shards of 8 draws\), merge job \d+/);
    for (let i = 0; i < 4; i++)
      expect(existsSync(join(`${out}.parts`, `shard-${i}`, 'uncertainty-part.json'))).toBe(true);

    const whole = join(dir, 'whole');
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'uncertainty',
        '--draws',
        '8',
        '--seed',
        '5',
        '--bootstrap',
        '50',
        '--quiet',
        '--out',
        whole,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 900_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    const a = folderBytes(whole);
    const b = folderBytes(out);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [f, bytes] of a)
      if (f !== 'vchain-output.json') expect(Buffer.compare(bytes, b.get(f)!), f).toBe(0);
  }, 900_000);

  it('refuses to submit without the required options (exit 2, nothing submitted)', () => {
    const r = spawnSync(join(ROOT, 'deploy', 'slurm', 'submit-uncertainty.sh'), ['--draws', '8'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--shards K/);
  });
});
