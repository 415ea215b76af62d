// A user runs vchain from their own folder: commands must find the package's data/ by their
// own location, not the working directory (health once looked for ./data/sources/...).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/vchain.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/health/', import.meta.url));

function vchainIn(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
}

describe('commands run from any working directory', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'vchain-cwd-'));

  it('dataset info finds the embedded dataset', () => {
    const r = vchainIn(cwd, 'dataset', 'info');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('DEMONSTRATION');
  });

  it('health finds its parameter files and writes where it is told', () => {
    const r = vchainIn(
      cwd,
      'health',
      '--pm',
      join(FIXTURES, 'pm25_2017_base.csv'),
      '--pm-counterfactual',
      join(FIXTURES, 'pm25_2017_minus20pct.csv'),
      '--draws',
      '20',
      '--out',
      'h',
    );
    expect(r.stderr).not.toContain('error');
    expect(r.status).toBe(0);
    expect(existsSync(join(cwd, 'h', 'run.json'))).toBe(true);
    expect(readFileSync(join(cwd, 'h', 'health_summary.csv'), 'utf8').split('\n').length).toBeGreaterThan(
      100,
    );
  });
});
