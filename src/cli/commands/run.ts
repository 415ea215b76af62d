import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ResponseSurface } from '../../air/responseSurface.ts';
import { healthEvaluatorFrom } from '../../analysis/healthAdapter.ts';
import { PIPELINE_STAGES, runPipeline } from '../../analysis/pipeline.ts';
import { type RunResult, runResultReplacer } from '../../analysis/runResult.ts';
import type { Scenario } from '../../analysis/scenario.ts';
import type { Dataset } from '../../dataset/model.ts';
import { buildHealthModel } from '../../health/model.ts';
import { AtomicOutputDir } from '../../io/atomicOutput.ts';
import { DEFAULT_DATASET_DIR, loadDataset, loadDefaultDataset } from '../../io/defaultDataset.ts';
import { loadHealthParameters, readRegionValues } from '../../io/healthParameters.ts';
import { InputError } from '../../io/inputError.ts';
import { DEFAULT_MODEL_PATH, readResponseSurface } from '../../io/responseSurfaceFile.ts';
import { digestInput, vchainVersion } from '../../io/runManifest.ts';
import { type MrioFormat, readMrio } from './decompose.ts';

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data');

interface RunCliOptions {
  mrio?: string;
  format?: MrioFormat;
  dataset?: string;
  rsm?: string;
  population?: string;
  draws: number;
  seed: number;
  thresholds: number[];
  headline: number;
  pairwise: 'removal' | 'linear' | 'none';
  curveDraws?: number;
  topBy: 'count' | 'population';
  out: string;
  quiet: boolean;
  json: boolean;
  report: boolean;
}

const int = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
  return n;
};
const nonNeg = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number ≥ 0`);
  return n;
};
const list = (v: string) => {
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || x < 0))
    throw new InvalidArgumentError('thresholds must be comma-separated numbers ≥ 0 (µg/m³)');
  return xs;
};

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(
      "The paper's whole analysis: value-chain accounts, the trade counterfactual, PM2.5 and health damage with Monte Carlo intervals, triggered vs suffered damage, pairwise flows, inequality, value-chain roles, compensation, and the paper's headline figures beside this run's. With no inputs it runs the embedded default (a DEMONSTRATION dataset and a pf-ERSM fitted to a STAND-IN CTM).",
    )
    .option(
      '--mrio <path>',
      "MRIO table replacing the dataset's (pymrio folder, CEADs .xlsx or CSV folder); regions and sectors must match the dataset",
    )
    .addOption(
      new Option('--format <format>', 'format of --mrio (default: guessed from the path)').choices([
        'pymrio',
        'ceads',
        'csv',
      ]),
    )
    .option(
      '--dataset <dir>',
      'dataset folder written by `vchain dataset build` (default: the embedded demonstration dataset)',
    )
    .option('--rsm <file>', 'pf-ERSM model JSON (default: the embedded stand-in surface)')
    .option('--population <file>', "CSV region,population (persons) replacing the dataset's population")
    .option('--draws <n>', 'Monte Carlo draws', int('--draws', 1), 1000)
    .option('--seed <s>', 'random seed', int('--seed', 0), 20170101)
    .option('--thresholds <list>', 'counterfactual concentrations C0, µg/m³', list, [5, 10, 15])
    .option('--headline <c>', 'headline threshold, µg/m³ (one of --thresholds)', nonNeg('--headline'), 10)
    .addOption(
      new Option(
        '--pairwise <mode>',
        'damage of export flows: per-flow removal, additive per-tonne shares, or none',
      )
        .choices(['removal', 'linear', 'none'])
        .default('removal'),
    )
    .option(
      '--curve-draws <n>',
      'draws of the damage curves behind per-flow and one-at-a-time removals (default min(draws, 100))',
      int('--curve-draws', 1),
    )
    .addOption(
      new Option('--top-by <how>', 'top-10 % group: regions by count or by population')
        .choices(['count', 'population'])
        .default('count'),
    )
    .option('--out <dir>', 'output folder (replaced atomically)', './vchain-out')
    .option('--no-report', 'skip figures, workbook and report.html (run.json and result.json only)')
    .option('--quiet', 'no progress output', false)
    .option('--json', 'print a JSON summary to stdout', false)
    .addHelpText(
      'after',
      `
Outputs (in --out): run.json (inputs with SHA-256, options, conventions, timings, identity checks,
headline table), result.json (the full labelled result), tables/*.csv, results.xlsx, figures/*.svg,
report.html. Money in CNY of the health model's price year; concentrations in µg/m³.

Examples:
  $ vchain run                                  # embedded demonstration default
  $ vchain run --draws 200 --seed 7 --out out/quick
  $ vchain run --mrio my_mrio/ --format pymrio --population pop.csv --rsm my_model.json
  $ vchain run --json --quiet > summary.json`,
    )
    .action(async (opts: RunCliOptions) => {
      await runCommand(opts);
    });
}

async function loadInputs(opts: RunCliOptions): Promise<{
  dataset: Dataset;
  rsm: ResponseSurface;
  inputs: { role: string; path: string; sha256: string }[];
  timings: Record<string, number>;
}> {
  {
    const timings: Record<string, number> = {};
    const inputs: { role: string; path: string; sha256: string }[] = [];
    let t = performance.now();
    let dataset: Dataset;
    if (opts.dataset) {
      if (!existsSync(opts.dataset))
        throw new InputError(opts.dataset, 'not found', undefined, undefined, 'a dataset folder');
      dataset = loadDataset(opts.dataset);
      inputs.push({ role: 'dataset', path: opts.dataset, sha256: digestInput(opts.dataset).sha256 });
    } else {
      dataset = loadDefaultDataset();
      inputs.push({
        role: 'dataset (embedded)',
        path: 'data/default',
        sha256: digestInput(DEFAULT_DATASET_DIR).sha256,
      });
    }
    if (opts.mrio) {
      const mrio = await readMrio(opts.mrio, opts.format);
      const same = (a: readonly string[], b: readonly string[]) =>
        a.length === b.length && a.every((x, i) => x === b[i]);
      if (!same(mrio.regions, dataset.mrio.regions))
        throw new InputError(
          opts.mrio,
          "its regions differ from the dataset's (zones, population and the air-quality model are per region)",
          undefined,
          'regions',
          `the dataset's regions in order: ${dataset.mrio.regions.join(', ')}`,
        );
      if (!same(mrio.sectors, dataset.mrio.sectors))
        throw new InputError(
          opts.mrio,
          "its sectors differ from the dataset's (sector roles are per sector)",
          undefined,
          'sectors',
          `${dataset.mrio.sectors.length} sectors as in the dataset`,
        );
      dataset = { ...dataset, mrio };
      inputs.push({ role: 'mrio', path: opts.mrio, sha256: digestInput(opts.mrio).sha256 });
    }
    if (opts.population) {
      const codes = new Map<string, string>();
      dataset.regionInfo.forEach((r) => {
        if (r.code) codes.set(r.code, r.name);
      });
      const population = readRegionValues(
        opts.population,
        'population',
        'persons',
        dataset.mrio.regions,
        codes,
        { min: 0 },
      );
      dataset = { ...dataset, population };
      inputs.push({ role: 'population', path: opts.population, sha256: digestInput(opts.population).sha256 });
    }
    timings['load.dataset'] = (performance.now() - t) / 1000;
    t = performance.now();
    const rsmPath = opts.rsm ?? DEFAULT_MODEL_PATH;
    if (!existsSync(rsmPath))
      throw new InputError(
        rsmPath,
        opts.rsm
          ? 'not found'
          : 'the embedded response surface is missing (build it with `vchain air build`)',
        undefined,
        undefined,
        'a pf-ERSM model JSON',
      );
    const rsm = readResponseSurface(rsmPath);
    inputs.push({
      role: opts.rsm ? 'response surface' : 'response surface (embedded)',
      path: opts.rsm ?? 'data/air/' + rsmPath.split('/').pop(),
      sha256: digestInput(rsmPath).sha256,
    });
    timings['load.responseSurface'] = (performance.now() - t) / 1000;
    return { dataset, rsm, inputs, timings };
  }
}

export async function runCommand(opts: RunCliOptions): Promise<RunResult> {
  const started = new Date();
  if (!opts.thresholds.includes(opts.headline))
    throw new InputError(
      '--headline',
      `${opts.headline} µg/m³ is not among --thresholds`,
      undefined,
      undefined,
      `one of ${opts.thresholds.join(', ')}`,
    );
  const out = new AtomicOutputDir(opts.out);
  try {
    const { dataset, rsm, inputs, timings } = await loadInputs(opts);
    let t = performance.now();
    const params = loadHealthParameters({
      dataDir: DATA_DIR,
      regions: dataset.mrio.regions,
    });
    const model = buildHealthModel(params, {
      draws: opts.draws,
      seed: opts.seed,
      thresholds: opts.thresholds,
      vslIncomeElasticity: params.defaultVslElasticity,
    });
    for (const [file, hash] of Object.entries(params.fileHashes))
      inputs.push({ role: 'health parameters', path: file, sha256: hash });
    timings['load.health'] = (performance.now() - t) / 1000;

    const scenario: Scenario = {
      name: 'baseline',
      thresholds: opts.thresholds,
      headlineThreshold: opts.headline,
      draws: opts.draws,
      seed: opts.seed,
      pairwise: opts.pairwise,
      curveDraws: opts.curveDraws,
      topShare: { fraction: 0.1, by: opts.topBy },
    };
    const showBar = !opts.quiet && process.stderr.isTTY;
    const bar = showBar
      ? new cliProgress.SingleBar(
          { format: 'vchain run [{bar}] {value}/{total} {stage}', stream: process.stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
    const total = PIPELINE_STAGES.length + (opts.report ? 1 : 0);
    let done = 0;
    bar?.start(total, 0, { stage: 'loading' });
    const log = (msg: string) => {
      if (!opts.quiet && !showBar) process.stderr.write(`vchain run: ${msg}\n`);
    };
    t = performance.now();
    const { result } = await runPipeline(
      dataset,
      rsm,
      healthEvaluatorFrom(model),
      scenario,
      {
        onStage: (stage) => {
          if (done > 0 || stage !== 'decomposition') done++;
          bar?.update(Math.min(done, total), { stage });
          log(stage);
        },
        onProgress: (stage, d, n) => bar?.update(Math.min(done, total), { stage: `${stage} ${d}/${n}` }),
      },
      { toolVersion: vchainVersion(), inputs, createdAt: started.toISOString(), extraTimings: timings },
    );
    const analysisSeconds = (performance.now() - t) / 1000;

    t = performance.now();
    out.write('result.json', `${JSON.stringify(result, runResultReplacer)}\n`);
    let reportNote = 'report written';
    if (opts.report) {
      bar?.update(total - 1, { stage: 'report' });
      log('report');
      const report = await import('../../report/index.ts');
      await report.writeReport(result, out);
    } else reportNote = 'skipped (--no-report)';
    const writeSeconds = (performance.now() - t) / 1000;
    const p = result.provenance;
    const runJson = {
      tool: 'vchain',
      command: 'run',
      version: p.toolVersion,
      startedAt: started.toISOString(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      options: { ...opts },
      isDemonstration: p.dataset.isDemonstration,
      dataset: p.dataset,
      airModel: p.airModel,
      healthModel: p.healthModel,
      inputs: p.inputs,
      monteCarlo: p.monteCarlo,
      conventions: result.conventions,
      currency: result.labels.currency,
      timings: { ...p.timings, analysisTotal: analysisSeconds, writeOutputs: writeSeconds },
      identities: p.identities,
      warnings: p.warnings,
      headline: result.headline,
      report: reportNote,
    };
    out.write('run.json', `${JSON.stringify(runJson, runResultReplacer, 2)}\n`);
    bar?.update(total, { stage: 'done' });
    bar?.stop();
    out.commit();
    if (opts.json)
      process.stdout.write(`${JSON.stringify(summaryOf(result, out.target), runResultReplacer, 2)}\n`);
    else if (!opts.quiet) process.stderr.write(`vchain run: wrote ${out.target}\n`);
    return result;
  } catch (e) {
    out.abort();
    throw e;
  }
}

/** The --json summary: headline table, national damage at every threshold, identities' worst residual. */
function summaryOf(r: RunResult, outDir: string) {
  let worst = 0;
  for (const c of r.provenance.identities) worst = Math.max(worst, c.maxRelativeResidual);
  return {
    out: outDir,
    isDemonstration: r.provenance.dataset.isDemonstration,
    dataset: r.provenance.dataset.id,
    airModel: r.provenance.airModel.id,
    monteCarlo: r.provenance.monteCarlo,
    currency: r.labels.currency.label,
    damage: r.damage.map((d) => ({ threshold: d.threshold, ...d.national, tradeShare: d.tradeShare })),
    redistributedShare: r.attribution.redistributedShare,
    headline: r.headline,
    worstIdentityResidual: worst,
    warnings: r.provenance.warnings,
    timings: r.provenance.timings,
  };
}
