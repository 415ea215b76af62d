import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../src/cli/commands/run.ts';
import { HEALTH_CONVENTION_DEFAULTS } from '../src/cli/healthConventionOptions.ts';

/**
 * The whole default `vchain run` (1000 Monte Carlo draws, every pairwise flow, report): total
 * wall time and per-stage seconds from run.json. Target: < 15 s on 2 cores.
 */
export async function run(): Promise<void> {
  const out = join(tmpdir(), `vchain-bench-run-${process.pid}`);
  const t0 = performance.now();
  const result = await runCommand({
    ...HEALTH_CONVENTION_DEFAULTS,
    cv: 'unweighted',
    draws: 1000,
    seed: 20170101,
    thresholds: [5, 10, 15],
    headline: 10,
    pairwise: 'removal',
    topBy: 'count',
    out,
    quiet: true,
    json: false,
    report: true,
  });
  const total = (performance.now() - t0) / 1000;
  const t = result.provenance.timings;
  const stages = Object.entries(t)
    .filter(([k]) => !k.startsWith('decomposition.'))
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ');
  console.log(`run: default end to end ${total.toFixed(2)} s (target < 15 s on 2 cores)`);
  console.log(`run: stages (s): ${stages}`);
  const flows = result.pairwise.find((p) => p.indicator === 'damage');
  if (flows && t.pairwiseFlows > 0)
    console.log(
      `run: pairwise flows ${((result.labels.regions.length * (result.labels.regions.length - 1)) / t.pairwiseFlows).toFixed(0)} flow removals/s`,
    );
  const runJson = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  console.log(
    `run: analysis ${runJson.timings.analysisTotal.toFixed(2)} s, writing outputs (result.json + report) ${runJson.timings.writeOutputs.toFixed(2)} s`,
  );
  rmSync(out, { recursive: true, force: true });
}
