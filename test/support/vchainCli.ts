import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The repository root, where the CLI entry point `src/cli/main.ts` lives. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

/** Runs the real `vchain` CLI entry point (through tsx) in the repository, without colours. */
export function vchain(args: readonly string[], timeoutMs = 240_000) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
    timeout: timeoutMs,
  });
}
