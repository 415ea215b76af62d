import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { ResponseSurface } from '../../air/responseSurface.ts';
import { ExtrapolationError, NegativeConcentrationError } from '../../air/validity.ts';
import type { CvWeighting } from '../../analysis/cvWeighting.ts';
import { healthEvaluatorFrom } from '../../analysis/healthAdapter.ts';
import { PIPELINE_STAGES, runPipeline } from '../../analysis/pipeline.ts';
import { type RunResult, runResultReplacer, type ScenarioRecord } from '../../analysis/runResult.ts';
import type { Scenario } from '../../analysis/scenario.ts';
import type { Dataset } from '../../dataset/model.ts';
import { POPULATION_MAX_PERSONS } from '../../health/assess.ts';
import { buildHealthModel } from '../../health/model.ts';
import { AtomicOutputDir } from '../../io/atomicOutput.ts';
import { DEFAULT_DATASET_DIR, loadDataset, loadDefaultDataset } from '../../io/defaultDataset.ts';
import { readEmissionsCsv } from '../../io/emissionsReader.ts';
import { readRegionValues } from '../../io/healthParameters.ts';
import { clipEcho, clipText, InputError } from '../../io/inputError.ts';
import { type MrioFormat, readMrio } from '../../io/mrioFormats.ts';
import { checkedJson, declaredBlanks } from '../../io/outputGuard.ts';
import { DEFAULT_MODEL_PATH, readResponseSurface } from '../../io/responseSurfaceFile.ts';
import { digestInput, vchainVersion } from '../../io/runManifest.ts';
import { readScenarioFile, type ScenarioFile, scenarioLevers } from '../../io/scenarioFile.ts';
import { linalgUsed, prepareLinalg } from '../../linalg/gemm.ts';
import type { Mrio, SatelliteAccount, SatelliteKind } from '../../mrio/model.ts';
import { IdentityError } from '../../mrio/valueChain.ts';
import type { HealthConventionCliOptions } from '../healthConventionOptions.ts';
import { healthConventionInputs, healthModelSettings } from '../healthModelSettings.ts';
import { checkDrawBudget } from '../optionParsers.ts';
import { RunProgress, runSummaryLines } from '../runProgress.ts';

export interface RunCliOptions extends HealthConventionCliOptions {
  scenario?: string;
  cv: CvWeighting;
  mrio?: string;
  format?: MrioFormat;
  sheet?: string;
  aggregate?: string;
  dataset?: string;
  rsm?: string;
  population?: string;
  emissions?: string;
  income?: string[];
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

/**
 * `vchain run` (options: cli/definitions/run.ts). `given` names the options typed on the
 * command line (attribute names): they replace the conventions a --scenario file sets.
 */
export async function runAction(opts: RunCliOptions, given: ReadonlySet<string>): Promise<void> {
  prepareLinalg(); // kernel helper thread boots while the inputs are read
  await runCommand(opts, given);
}

async function loadInputs(opts: RunCliOptions): Promise<{
  dataset: Dataset;
  rsm: ResponseSurface;
  inputs: { role: string; path: string; sha256: string }[];
  timings: Record<string, number>;
  satelliteSources: Record<string, string>;
  tableNotes: string[];
}> {
  {
    const timings: Record<string, number> = {};
    const inputs: { role: string; path: string; sha256: string }[] = [];
    const satelliteSources: Record<string, string> = {
      income: 'dataset',
      employment: 'dataset',
      emissions: 'dataset',
    };
    let t = performance.now();
    let tableNotes: string[] = [];
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
      const mrio = await readMrio(opts.mrio, opts.format, {
        ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
        ...(opts.aggregate !== undefined ? { aggregate: opts.aggregate } : {}),
      });
      tableNotes = [...(mrio.notes ?? [])];
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
      const merged = mergeSatellites(dataset.mrio.satellites, mrio, opts.mrio, opts.income ?? []);
      dataset = { ...dataset, mrio: { ...mrio, satellites: merged.satellites } };
      Object.assign(satelliteSources, merged.sources);
      inputs.push({ role: 'mrio', path: opts.mrio, sha256: digestInput(opts.mrio).sha256 });
      if (opts.aggregate)
        inputs.push({
          role: 'concordance',
          path: opts.aggregate,
          sha256: digestInput(opts.aggregate).sha256,
        });
    } else if (opts.income && opts.income.length > 0)
      throw new InputError('--income', 'needs --mrio', undefined, undefined, 'rows of the --mrio table');
    else if (opts.sheet !== undefined || opts.aggregate !== undefined)
      throw new InputError(
        opts.sheet !== undefined ? '--sheet' : '--aggregate',
        'needs --mrio',
        undefined,
        undefined,
        'a --mrio table to read',
      );
    if (opts.emissions) {
      const codes = new Map<string, string>();
      dataset.regionInfo.forEach((r) => {
        if (r.code) codes.set(r.code, r.name);
      });
      const em = readEmissionsCsv(opts.emissions, dataset.mrio.regions, dataset.mrio.sectors, codes);
      const kept = dataset.mrio.satellites.filter((x) => x.kind !== 'emission');
      dataset = { ...dataset, mrio: { ...dataset.mrio, satellites: [...kept, ...em.satellites] } };
      satelliteSources.emissions = `${opts.emissions} (${em.rows} rows)`;
      inputs.push({ role: 'emissions', path: opts.emissions, sha256: digestInput(opts.emissions).sha256 });
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
        // per-capita income, damage and inequality need people in every region
        { min: 0, exclusiveMin: true, max: POPULATION_MAX_PERSONS },
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
    checkSameProvinces(rsmPath, rsm.regions, dataset.mrio.regions);
    inputs.push({
      role: opts.rsm ? 'response surface' : 'response surface (embedded)',
      path: opts.rsm ?? 'data/air/' + rsmPath.split('/').pop(),
      sha256: digestInput(rsmPath).sha256,
    });
    timings['load.responseSurface'] = (performance.now() - t) / 1000;
    return { dataset, rsm, inputs, timings, satelliteSources, tableNotes };
  }
}

/**
 * `vchain run`. `given` names the options typed on the command line (attribute names): with
 * --scenario they replace the conventions the file sets; without it, it changes nothing.
 */
export async function runCommand(
  optsIn: RunCliOptions,
  given: ReadonlySet<string> = new Set(),
): Promise<RunResult> {
  const started = new Date();
  let opts = optsIn;
  checkDrawBudget(opts.draws, opts.thresholds);
  const out = new AtomicOutputDir(opts.out, {
    command: 'run',
    inputs: [
      opts.dataset ?? DEFAULT_DATASET_DIR,
      opts.rsm ?? DEFAULT_MODEL_PATH,
      opts.mrio,
      opts.aggregate,
      opts.population,
      opts.emissions,
      opts.scenario,
      ...healthConventionInputs(opts),
    ],
  });
  try {
    const { dataset, rsm, inputs, timings, satelliteSources, tableNotes } = await loadInputs(opts);
    if (!opts.quiet && !opts.json)
      for (const note of tableNotes) process.stderr.write(`vchain run: note: ${note}\n`);
    let t = performance.now();
    // A scenario file: its levers, and its conventions unless an option replaces them.
    const file = opts.scenario
      ? readScenarioFile(opts.scenario, { regions: dataset.mrio.regions, sectors: dataset.mrio.sectors })
      : undefined;
    const resolved = file ? withScenarioConventions(opts, file, given) : { opts, record: undefined };
    opts = resolved.opts;
    if (file) inputs.push({ role: 'scenario', path: file.path, sha256: file.sha256 });
    if (!opts.thresholds.includes(opts.headline))
      throw new InputError(
        given.has('headline') || !file?.request.conventions.threshold ? '--headline' : opts.scenario!,
        `${opts.headline} µg/m³ is not among --thresholds`,
        undefined,
        given.has('headline') || !file?.request.conventions.threshold ? undefined : 'conventions.threshold',
        `one of ${opts.thresholds.join(', ')}`,
      );
    const codes = new Map<string, string>();
    dataset.regionInfo.forEach((r) => {
      if (r.code) codes.set(r.code, r.name);
    });
    const health = healthModelSettings(opts, dataset.mrio.regions, codes);
    const model = buildHealthModel(health.parameters, {
      ...health.options,
      draws: opts.draws,
      seed: opts.seed,
      thresholds: opts.thresholds,
    });
    for (const [path, hash] of Object.entries(health.parameters.fileHashes))
      inputs.push({ role: 'health parameters', path, sha256: hash });
    timings['load.health'] = (performance.now() - t) / 1000;

    const scenario: Scenario = {
      name: file?.request.name ?? (file ? basename(file.path) : 'baseline'),
      ...(file ? scenarioLevers(file.request) : {}),
      thresholds: opts.thresholds,
      headlineThreshold: opts.headline,
      draws: opts.draws,
      seed: opts.seed,
      pairwise: opts.pairwise,
      curveDraws: opts.curveDraws,
      topShare: { fraction: 0.1, by: opts.topBy },
      cv: opts.cv,
    };
    const showBar = !opts.quiet && process.stderr.isTTY;
    const bar = new RunProgress(
      [...PIPELINE_STAGES, ...(opts.report ? ['report'] : [])],
      process.stderr,
      showBar,
    );
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
          bar.stage(stage);
          log(stage);
        },
        onProgress: (stage, d, n) => bar.progress(stage, d, n),
      },
      {
        toolVersion: vchainVersion(),
        inputs,
        createdAt: started.toISOString(),
        extraTimings: timings,
        ...(resolved.record ? { scenario: resolved.record } : {}),
      },
    );
    const analysisSeconds = (performance.now() - t) / 1000;

    t = performance.now();
    const writeTimings: Record<string, number> = {};
    const from = inputs
      .filter((x) => x.role !== 'health parameters')
      .map((x) => `${x.role} ${x.path}`)
      .join(', ');
    out.write('result.json', checkedJson(result, 'result.json', { replacer: runResultReplacer, from }));
    writeTimings['write.resultJson'] = (performance.now() - t) / 1000;
    let reportNote = 'report written';
    if (opts.report) {
      bar.stage('report');
      log('report');
      const t0 = performance.now();
      const report = await import('../../report/index.ts');
      writeTimings['report.load'] = (performance.now() - t0) / 1000;
      const rt = await report.writeReport(result, out);
      for (const [k, v] of Object.entries(rt)) writeTimings[`report.${k}`] = v;
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
      linearAlgebra: linalgUsed(),
      options: { ...opts },
      scenario: p.scenario ?? null,
      isDemonstration: p.dataset.isDemonstration,
      dataset: p.dataset,
      airModel: p.airModel,
      healthModel: p.healthModel,
      inputs: p.inputs,
      monteCarlo: p.monteCarlo,
      conventions: result.conventions,
      currency: result.labels.currency,
      satelliteSources,
      tableNotes,
      timings: { ...p.timings, analysisTotal: analysisSeconds, ...writeTimings, writeOutputs: writeSeconds },
      identities: p.identities,
      warnings: p.warnings,
      // docs/analysis.md: every value that cannot be computed, where it is and why
      notComputed: declaredBlanks(result),
      // docs/analysis.md "Negative values": every negative value with its cause
      negativeValues: p.negativeValues ?? [],
      headline: result.headline,
      report: reportNote,
    };
    out.write('run.json', checkedJson(runJson, 'run.json', { replacer: runResultReplacer, indent: 2, from }));
    bar.stop();
    out.commit();
    if (opts.json)
      process.stdout.write(
        checkedJson(summaryOf(result, out.target), 'the --json summary', {
          replacer: runResultReplacer,
          indent: 2,
        }),
      );
    else if (!opts.quiet) {
      const seconds = process.uptime(); // from the process start: what the user waited
      process.stderr.write(`${runSummaryLines(result, out.target, opts.report, seconds).join('\n')}\n`);
    }
    return result;
  } catch (e) {
    out.abort();
    throw asRunInputError(e, opts);
  }
}

/** A response surface must be fitted to the dataset's provinces, in the same order. */
function checkSameProvinces(file: string, model: readonly string[], dataset: readonly string[]): void {
  if (model.length === dataset.length && model.every((r, i) => r === dataset[i])) return;
  const k = model.findIndex((r, i) => r !== dataset[i]);
  const missing = dataset.filter((r) => !model.includes(r));
  const extra = model.filter((r) => !dataset.includes(r));
  const list = (xs: readonly string[]) => clipText(xs.join(', '), 160);
  const why =
    missing.length > 0 || extra.length > 0
      ? [
          missing.length > 0 ? `lacks ${list(missing)}` : '',
          extra.length > 0 ? `has ${list(extra)} the dataset does not` : '',
        ]
          .filter(Boolean)
          .join('; ')
      : `province ${k + 1} is ${clipEcho(model[k])} where the dataset has ${clipEcho(dataset[k])} (other order)`;
  throw new InputError(
    file,
    `the response surface was fitted to other provinces than the dataset's (${model.length} vs ${dataset.length}): it ${why}`,
    undefined,
    'regions',
    `a pf-ERSM fitted to the dataset's ${dataset.length} provinces in its order`,
  );
}

/**
 * Numbers the run refused to produce (src/air/validity.ts, identity checks) as input errors
 * naming the inputs behind them (exit 2); anything else unchanged.
 */
function asRunInputError(e: unknown, opts: RunCliOptions): unknown {
  const model = opts.rsm ?? `data/air/${basename(DEFAULT_MODEL_PATH)} (embedded pf-ERSM)`;
  const emissions = opts.emissions ?? opts.mrio ?? opts.dataset ?? 'the embedded dataset';
  if (e instanceof ExtrapolationError)
    return new InputError(
      model,
      `${e.message}; the emissions come from ${emissions}`,
      undefined,
      'trainingRange',
      'a pf-ERSM fitted to CTM runs that cover these emission ratios (vchain rsm build --runs)',
    );
  if (e instanceof NegativeConcentrationError)
    return new InputError(model, e.message, undefined, undefined, 'a surface that stays ≥ 0 µg/m³');
  if (e instanceof IdentityError)
    return new InputError(
      `the inputs (${[opts.mrio, opts.dataset, opts.emissions, opts.population, opts.rsm].filter(Boolean).join(', ') || 'embedded default'})`,
      `${e.message}: the numbers do not add up, so nothing was written`,
      undefined,
      undefined,
      'identities within their tolerance (docs/analysis.md, "Identities checked on every run")',
    );
  return e;
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

/** Analysis roles of satellites: the user's table replaces the dataset's role by role. */
const ROLES: readonly { role: 'income' | 'employment' | 'emissions'; kinds: readonly SatelliteKind[] }[] = [
  { role: 'income', kinds: ['income', 'income_component'] },
  { role: 'employment', kinds: ['employment'] },
  { role: 'emissions', kinds: ['emission'] },
];

/**
 * The satellites of a run on a user's MRIO: for social income, employment and emissions, the
 * table's own accounts when it has them (by kind; `--income` rows summed into social income),
 * otherwise the dataset's. Totals per (region, sector), so the dataset's accounts divided by the
 * user's x give the intensities (METHODS §1).
 */
export function mergeSatellites(
  datasetSatellites: readonly SatelliteAccount[],
  mrio: Mrio,
  file: string,
  incomeRows: readonly string[],
): { satellites: SatelliteAccount[]; sources: Record<string, string> } {
  const own = [...mrio.satellites];
  const sources: Record<string, string> = {};
  if (incomeRows.length > 0) {
    const candidates = [
      ...(mrio.primaryInputs ?? []).map((r) => ({ name: r.name, values: r.values, unit: mrio.monetaryUnit })),
      ...mrio.satellites.map((s) => ({ name: s.name, values: s.values, unit: s.unit })),
    ];
    const picked = incomeRows.map((want) => {
      const w = want.trim().toLowerCase();
      const hit =
        candidates.find((c) => c.name.trim().toLowerCase() === w) ??
        candidates.find((c) => c.name.trim().toLowerCase().startsWith(`${w} `));
      if (!hit)
        throw new InputError(
          file,
          `no primary-input row or satellite '${want}' (from --income)`,
          undefined,
          'income',
          `one of: ${candidates.map((c) => c.name).join('; ') || '(the table has none)'}`,
        );
      return hit;
    });
    const n = mrio.x.length;
    const social = new Float64Array(n);
    for (const c of picked) for (let j = 0; j < n; j++) social[j] += c.values[j];
    const units = [...new Set(picked.map((c) => c.unit))];
    if (units.length > 1)
      throw new InputError(
        file,
        `--income rows have different units (${units.join(', ')})`,
        undefined,
        'income',
      );
    for (let k = own.length - 1; k >= 0; k--)
      if (own[k].kind === 'income' || own[k].kind === 'income_component') own.splice(k, 1);
    own.push(
      { name: 'social_income', unit: units[0], kind: 'income', values: social },
      ...picked.map(
        (c): SatelliteAccount => ({ name: c.name, unit: c.unit, kind: 'income_component', values: c.values }),
      ),
    );
  }
  const out: SatelliteAccount[] = [];
  for (const { role, kinds } of ROLES) {
    const mine = own.filter((s) => kinds.includes(s.kind));
    const hasMain = role === 'income' ? mine.some((s) => s.kind === 'income') : mine.length > 0;
    if (hasMain) {
      out.push(...mine);
      sources[role] =
        role === 'income' && incomeRows.length > 0 ? `${file} (--income ${incomeRows.join(' + ')})` : file;
    } else {
      out.push(...datasetSatellites.filter((s) => kinds.includes(s.kind)));
      sources[role] = 'dataset';
    }
  }
  // Accounts with no analysis role (e.g. depreciation, value added) are kept for result.json;
  // one named like an account taken from the dataset (a pymrio export's 'SO2', read without its
  // kind) is kept as 'mrio:NAME' rather than clashing with it.
  const taken = new Set(out.map((s) => s.name));
  for (const s of own.filter((x) => !ROLES.some((r) => r.kinds.includes(x.kind))))
    out.push(taken.has(s.name) ? { ...s, name: `mrio:${s.name}` } : s);
  return { satellites: out, sources };
}

/** The conventions a scenario file may set: file field → run option. */
const FILE_CONVENTIONS = [
  { field: 'threshold', option: 'headline', flag: '--headline' },
  { field: 'vsl', option: 'vsl', flag: '--vsl' },
  { field: 'erf', option: 'erf', flag: '--erf' },
  { field: 'accounting', option: 'accounting', flag: '--accounting' },
  { field: 'thresholdReading', option: 'thresholdReading', flag: '--threshold-reading' },
] as const;

/**
 * The run's options with the scenario file's conventions applied, except where the command line
 * gives the option (then the option wins, and the record says which replaced the file's).
 */
function withScenarioConventions(
  opts: RunCliOptions,
  file: ScenarioFile,
  given: ReadonlySet<string>,
): { opts: RunCliOptions; record: ScenarioRecord } {
  const c = file.request.conventions;
  const out: Record<string, unknown> = { ...opts };
  const set: Record<string, string | number> = {};
  const overridden: string[] = [];
  for (const { field, option, flag } of FILE_CONVENTIONS) {
    const v = c[field];
    if (v === undefined) continue;
    set[field] = v;
    if (given.has(option)) {
      if (out[option] !== v) overridden.push(`${field} ${v} → ${flag} ${String(out[option])}`);
    } else out[option] = v;
  }
  const r = file.request;
  return {
    opts: out as unknown as RunCliOptions,
    record: {
      name: r.name ?? basename(file.path),
      file: file.path,
      sha256: file.sha256,
      rules: { intensity: r.intensity.length, finalDemand: r.finalDemand.length, trade: r.trade.length },
      conventions: set,
      ...(overridden.length > 0 ? { overriddenByOptions: overridden } : {}),
    },
  };
}
