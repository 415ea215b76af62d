// The typed API pages (`npm run api-docs`, API Extractor + API Documenter over dist/*.d.ts):
// generated here for one public module into a scratch folder, they carry each exported
// function's typed signature and its doc comment.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as equity from '../../src/equity/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'tmp', `api-docs-test-${process.pid}`);

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('npm run api-docs', () => {
  it('writes a page per export of vchain/equity with its typed signature', () => {
    const r = spawnSync(process.execPath, ['scripts/api-docs.mjs', '--out', OUT, 'equity'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const pages = readdirSync(join(OUT, 'equity'));
    for (const name of Object.keys(equity))
      expect(pages, name).toContain(`vchain-equity.${name.toLowerCase()}.md`);
    const gini = readFileSync(join(OUT, 'equity', 'vchain-equity.populationweightedgini.md'), 'utf8');
    expect(gini).toContain(
      'export declare function populationWeightedGini(d: RegionalDistribution): number;',
    );
    expect(gini).toContain('[RegionalDistribution](./vchain-equity.regionaldistribution.md)');
  });

  it('refuses a module that is not in the package exports', () => {
    const r = spawnSync(process.execPath, ['scripts/api-docs.mjs', '--out', OUT, 'linalg'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("'linalg' is not a public module");
  });
});
