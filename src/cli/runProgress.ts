import cliProgress from 'cli-progress';
import type { RunResult } from '../analysis/runResult.ts';
import { headlineTriple } from '../report/keyNumbers.ts';
import { formatScaled } from '../report/numberFormat.ts';

/**
 * Relative duration of each stage of `vchain run` (seconds on the embedded default, 2-core
 * machine; run.json `timings`). They turn stage names into a bar that moves with the time spent,
 * so cli-progress's estimate (elapsed / done × left) means something.
 */
const STAGE_WEIGHT: Readonly<Record<string, number>> = {
  decomposition: 0.5,
  emissions: 0.05,
  airQualityAndHealth: 1.0,
  damageCurves: 0.4,
  attribution: 0.05,
  pairwiseFlows: 0.3,
  mismatch: 0.03,
  roles: 0.04,
  compensation: 0.01,
  assembly: 0.01,
  report: 3.4,
};

/**
 * The progress bar of `vchain run` on a terminal: stages weighted by their usual duration,
 * per-flow progress inside the pairwise-flow stage, percentage and time left.
 */
export class RunProgress {
  private readonly bar: cliProgress.SingleBar | null;
  private readonly order: readonly string[];
  private readonly total: number;
  private at = -1;

  constructor(stages: readonly string[], stream: NodeJS.WriteStream, enabled: boolean) {
    this.order = stages;
    this.total = stages.reduce((a, s) => a + (STAGE_WEIGHT[s] ?? 0.05), 0);
    this.bar = enabled
      ? new cliProgress.SingleBar(
          {
            format: 'vchain run [{bar}] {percentage}% | {stage} | about {eta_formatted} left',
            stream,
            hideCursor: true,
            etaBuffer: 50,
            fps: 8,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
    this.bar?.start(1000, 0, { stage: 'loading' });
  }

  /** Units done before `stage` starts, plus `fraction` of it. */
  private units(stage: string, fraction = 0): number {
    const k = this.order.indexOf(stage);
    if (k < 0) return this.at;
    let done = 0;
    for (let j = 0; j < k; j++) done += STAGE_WEIGHT[this.order[j]] ?? 0.05;
    done += fraction * (STAGE_WEIGHT[stage] ?? 0.05);
    return Math.round((1000 * done) / this.total);
  }

  stage(name: string): void {
    this.at = Math.max(this.at, this.units(name));
    this.bar?.update(this.at, { stage: name });
  }

  progress(name: string, done: number, of: number): void {
    this.at = Math.max(this.at, this.units(name, of > 0 ? done / of : 0));
    this.bar?.update(this.at, { stage: `${name} ${done}/${of}` });
  }

  stop(): void {
    this.bar?.update(1000, { stage: 'done' });
    this.bar?.stop();
  }
}

/**
 * The last words of `vchain run`: where the report (or the results) are, the three headline
 * numbers and the elapsed time.
 */
export function runSummaryLines(r: RunResult, outDir: string, report: boolean, seconds: number): string[] {
  const where = report ? `report: ${outDir}/report.html` : `results: ${outDir}/result.json (no report)`;
  const lines = [`vchain run: done in ${formatSeconds(seconds)}; ${where}`];
  const sc = r.provenance.scenario;
  if (sc)
    lines.push(`  scenario: ${sc.name}${sc.file ? ` (${sc.file}, sha256 ${sc.sha256?.slice(0, 16)}…)` : ''}`);
  for (const k of headlineTriple(r)) lines.push(`  ${k.label}: ${k.value}; ${k.detail}`);
  const h = r.provenance.healthModel.conventions;
  const cv = r.conventions.cv.weighting;
  if (h)
    lines.push(
      `  conventions: ${h.erf}, accounting ${h.accounting}, threshold reading ${h.thresholdReading}, VSL ${formatScaled(h.vsl.reference, r.labels.currency.label)} (mean of its distribution), CV ${cv}${cv === 'unweighted' ? " (the paper's)" : ''}`,
    );
  if ((r.provenance.negativeValues ?? []).length > 0)
    lines.push(
      `  negative values explained in run.json (negativeValues) and the report (${r.provenance.negativeValues!.length})`,
    );
  if (r.provenance.dataset.isDemonstration)
    lines.push('  (demonstration dataset: numbers illustrate the method, they are not estimates)');
  return lines;
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - 60 * m)} s`;
}
