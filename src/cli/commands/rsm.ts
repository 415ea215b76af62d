import cliProgress from 'cli-progress';
import { evaluateOnRuns, type FitOptions, fitResponseSurface } from '../../air/fitting.ts';
import { predictValidConcentrations } from '../../air/prediction.ts';
import type { MetricsBlock, ResponseSurface } from '../../air/responseSurface.ts';
import { buildStandinCtm } from '../../air/standinCtm.ts';
import { buildStandinResponseSurface } from '../../air/standinSurface.ts';
import {
  MIN_TRAINING_RUNS,
  NegativeConcentrationError,
  ratiosOutsideTrainingRange,
  surfaceProblem,
} from '../../air/validity.ts';
import { checkOutputFile, writeFileAtomic } from '../../io/atomicOutput.ts';
import { readCtmRuns, readScenarioEmissionsCsv } from '../../io/ctmRunsReader.ts';
import { parseDecimal } from '../../io/decimalNumber.ts';
import { DEFAULT_DATASET_DIR, loadDefaultDataset } from '../../io/defaultDataset.ts';
import { clipEcho, InputError } from '../../io/inputError.ts';
import { assertFiniteOutput } from '../../io/outputGuard.ts';
import { isSealedUnchanged } from '../../io/outputSafety.ts';
import {
  baselineEmissionsCsv,
  buildStandinBaselineEmissions,
  DEFAULT_BASELINE_EMISSIONS_PATH,
  DEFAULT_MODEL_PATH,
  readObservedPm25,
  readResponseSurface,
  readStandinBaselineEmissions,
  readStandinGeography,
  readTermSetFile,
  STANDIN_SOURCES,
  writeResponseSurface,
} from '../../io/responseSurfaceFile.ts';
import { PRECURSORS } from '../../mrio/model.ts';
import { MAX_SEED } from '../optionParsers.ts';

/** Most stand-in runs (training or validation): each is a CTM evaluation and a row of the fit. */
const MAX_RUNS = 20_000;

function intOption(name: string, v: string | undefined, fallback: number, min: number, max: number): number {
  if (v === undefined) return fallback;
  const x = parseDecimal(v);
  if (x === undefined || !Number.isInteger(x) || x < min || x > max)
    throw new InputError(
      `--${name}`,
      `${clipEcho(v)} is not valid`,
      undefined,
      undefined,
      `a whole number ${min}–${max}`,
    );
  return x;
}

function progress(label: string): { update: (d: number, t: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} receptors`, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (d, t) => {
      if (!started) {
        bar.start(t, 0);
        started = true;
      }
      bar.update(d);
    },
    stop: () => started && bar.stop(),
  };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : 'n/a');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

/** Plain-text metrics table (one line per receptor) and its summary. */
export function formatMetricsBlock(b: MetricsBlock): string {
  const head = ['region', 'NMB', 'NME', 'meanNE', 'maxNE', 'R', 'RMSE', 'ΔNMB', 'ΔNME', 'ΔmedNE', 'ΔR'];
  const rows = b.perRegion.map((m) => [
    m.region,
    pct(m.nmb),
    pct(m.nme),
    pct(m.meanNormalisedError),
    pct(m.maxNormalisedError),
    f3(m.r),
    f3(m.rmse),
    pct(m.changeNmb),
    pct(m.changeNme),
    pct(m.changeMedianNormalisedError),
    f3(m.changeR),
  ]);
  const w = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(w[c]) : x.padStart(w[c]))).join('  ');
  const s = b.summary;
  return [
    `${b.label} (${b.runs} runs; Δ = change from baseline; RMSE in µg/m³)`,
    line(head),
    ...rows.map(line),
    `worst mean NE ${pct(s.worstMeanNormalisedError.value)} (${s.worstMeanNormalisedError.region}); worst max NE ${pct(s.worstMaxNormalisedError.value)} (${s.worstMaxNormalisedError.region}); ` +
      `change median NE: worst ${pct(s.worstChangeMedianNormalisedError.value)} (${s.worstChangeMedianNormalisedError.region}), median over regions ${pct(s.medianOfChangeMedianNormalisedError)}`,
  ].join('\n');
}

function modelBanner(m: ResponseSurface): string {
  return `# pf-ERSM: ${m.provenance.label}${m.provenance.ctmKind === 'standin' ? ' — demonstration model' : ''}`;
}

export interface RsmBuildOptions {
  ctm?: string;
  runs?: string;
  seed?: string;
  train?: string;
  validate?: string;
  ridge: string;
  selection: boolean;
  termSet?: string;
  out: string;
}

/** `vchain rsm build` (options: cli/definitions/rsm.ts). */
export async function rsmBuildAction(o: RsmBuildOptions): Promise<void> {
  if (!!o.ctm === !!o.runs)
    throw new InputError('rsm build', 'give exactly one of --ctm standin or --runs DIR');
  const outputInputs = [o.runs, o.termSet, o.ctm ? DEFAULT_BASELINE_EMISSIONS_PATH : undefined];
  // refused before the fit, not after it
  checkOutputFile(o.out, { inputs: outputInputs, isOwnUnchanged: isSealedUnchanged });
  const seed = intOption('seed', o.seed, 2017, 0, MAX_SEED);
  const train = intOption('train', o.train, 755, 20, MAX_RUNS);
  const validate = intOption('validate', o.validate, 50, 0, MAX_RUNS);
  const ridge = parseDecimal(o.ridge);
  if (ridge === undefined || ridge < 0)
    throw new InputError(
      '--ridge',
      `${clipEcho(o.ridge)} is not valid`,
      undefined,
      undefined,
      'a finite number ≥ 0 in decimal notation',
    );
  const bar = progress('fitting');
  const fit = {
    ridge,
    selection: o.selection === false ? ('none' as const) : ('stepwise' as const),
    termSet: o.termSet ? readTermSetFile(o.termSet) : undefined,
    onProgress: bar.update,
  };
  let model: ResponseSurface;
  try {
    model = await fitModel(o, fit, { seed, train, validate });
  } catch (e) {
    // fitResponseSurface: more terms than runs (e.g. --no-selection on few runs)
    if (e instanceof RangeError)
      throw new InputError(
        o.runs ?? '--ctm standin',
        e.message,
        undefined,
        undefined,
        'more training runs, stepwise selection, or a smaller --term-set (docs/air.md)',
      );
    throw e;
  }
  bar.stop();
  const problem = surfaceProblem(model);
  if (problem)
    throw new InputError(
      o.runs ?? '--ctm standin',
      `the fitted pf-ERSM is not usable: ${problem.message}; no model was written`,
      undefined,
      problem.path,
      'more (or more varied) training runs, or a smaller term set (docs/air.md)',
    );
  writeResponseSurface(o.out, model, { inputs: outputInputs });
  process.stdout.write(`${modelBanner(model)}\nwrote ${o.out}\n`);
  const v = model.validation;
  for (const b of [v.independent, v.crossValidation, v.tradeCounterfactual])
    if (b) {
      const s = b.summary;
      process.stdout.write(
        `${b.label}: worst mean NE ${pct(s.worstMeanNormalisedError.value)} (${s.worstMeanNormalisedError.region}), worst max NE ${pct(s.worstMaxNormalisedError.value)} (${s.worstMaxNormalisedError.region}), change median NE worst ${pct(s.worstChangeMedianNormalisedError.value)} (${s.worstChangeMedianNormalisedError.region})\n`,
      );
    }
}

export interface RsmValidateOptions {
  model?: string;
  runs?: string;
}

/** `vchain rsm validate` (options: cli/definitions/rsm.ts). */
export function rsmValidateAction(o: RsmValidateOptions): void {
  const model = readResponseSurface(o.model ?? DEFAULT_MODEL_PATH);
  const out: string[] = [modelBanner(model)];
  if (o.runs) {
    const imp = readCtmRuns(o.runs);
    if (imp.runs.regions.join('|') !== model.regions.join('|'))
      throw new InputError(o.runs, 'provinces differ from the model regions (same names and order required)');
    out.push(formatMetricsBlock(evaluateOnRuns(model, imp.runs, `runs in ${o.runs}`)));
  } else {
    const v = model.validation;
    if (v.calibration)
      out.push(
        `CTM baseline vs ${v.calibration.observedSource}: R ${f3(v.calibration.r)}, NMB ${pct(v.calibration.nmb)} (before per-province calibration: R ${f3(v.calibration.rBeforeCalibration)}, NMB ${pct(v.calibration.nmbBeforeCalibration)})`,
      );
    for (const b of [v.independent, v.crossValidation, v.tradeCounterfactual])
      if (b) out.push(formatMetricsBlock(b));
  }
  process.stdout.write(`${out.join('\n\n')}\n`);
}

export interface RsmPredictOptions {
  model?: string;
  emissions: string;
  out?: string;
}

/** `vchain rsm predict` (options: cli/definitions/rsm.ts). */
export function rsmPredictAction(o: RsmPredictOptions): void {
  const inputs = [o.model ?? DEFAULT_MODEL_PATH, o.emissions];
  if (o.out) checkOutputFile(o.out, { inputs });
  const modelPath = o.model ?? DEFAULT_MODEL_PATH;
  const model = readResponseSurface(modelPath);
  const { ratios, column, rowOf } = readScenarioEmissionsCsv(
    o.emissions,
    model.regions,
    model.baselineEmissions,
  );
  // docs/air.md: the surface is evaluated only inside its training range, never extrapolated.
  const outside = ratiosOutsideTrainingRange(model, ratios);
  if (outside.length > 0) {
    const x = outside[0];
    throw new InputError(
      o.emissions,
      `${x.region} ${x.precursor}: emission ratio ${x.ratio} is outside the range the pf-ERSM was trained on${outside.length > 1 ? ` (and ${outside.length - 1} more input(s))` : ''}; vchain does not extrapolate the surface`,
      rowOf[x.precursor][x.regionIndex] || undefined,
      column,
      `an emission ratio in [${x.min}, ${x.max}]${column === 'emissions_t' ? ` × the model's baseline emissions (${model.baselineEmissions.byPrecursor[x.precursor][x.regionIndex]} t)` : ''} (trainingRange of ${modelPath === DEFAULT_MODEL_PATH ? 'the embedded model' : modelPath})`,
    );
  }
  let c: ReturnType<typeof predictValidConcentrations>;
  try {
    c = predictValidConcentrations(model, ratios, `the scenario in ${o.emissions}`);
  } catch (e) {
    if (e instanceof NegativeConcentrationError)
      throw new InputError(modelPath, e.message, undefined, undefined, 'a surface that stays ≥ 0 µg/m³');
    throw e;
  }
  assertFiniteOutput(c, o.out ?? 'the predicted PM2.5 (stdout)');
  const base = model.baselineConcentration.values;
  process.stderr.write(`${modelBanner(model)}\n`);
  // the model label travels with every row, so the CSV stays plain and still says what made it
  const label = `"${model.provenance.label.replaceAll('"', '""')}"`;
  const lines = ['province,pm25_baseline_ugm3,pm25_ugm3,change_ugm3,model'];
  for (let i = 0; i < model.regions.length; i++)
    lines.push(`${model.regions[i]},${base[i]},${c.values[i]},${c.values[i] - base[i]},${label}`);
  const text = `${lines.join('\n')}\n`;
  if (o.out) writeFileAtomic(o.out, text, { inputs });
  else process.stdout.write(text);
}

export interface RsmBaselineEmissionsOptions {
  out?: string;
}

/** `vchain rsm baseline-emissions` (options: cli/definitions/rsm.ts). */
export function rsmBaselineEmissionsAction(o: RsmBaselineEmissionsOptions): void {
  const dataset = loadDefaultDataset();
  const e = buildStandinBaselineEmissions(dataset);
  const codes = dataset.regionInfo.map((r, j) => r.code ?? String(j + 1));
  const text = baselineEmissionsCsv(e, codes);
  if (!o.out) {
    process.stdout.write(text);
    return;
  }
  writeFileAtomic(o.out, text, { inputs: [DEFAULT_DATASET_DIR] });
  const tot = PRECURSORS.map(
    (p) => `${p} ${(e.byPrecursor[p].reduce((a, b) => a + b, 0) / 1e6).toFixed(2)} Tg`,
  ).join(', ');
  process.stderr.write(`wrote ${o.out} (${tot})\n`);
}

interface BuildOptions {
  ctm?: string;
  runs?: string;
}

/** The surface of `rsm build`: fitted to the stand-in CTM or to a folder of CTM runs. */
async function fitModel(
  o: BuildOptions,
  fit: FitOptions,
  { seed, train, validate }: { seed: number; train: number; validate: number },
): Promise<ResponseSurface> {
  if (o.ctm) {
    if (o.ctm !== 'standin')
      throw new InputError(
        '--ctm',
        `unknown CTM "${o.ctm}"`,
        undefined,
        undefined,
        '"standin" (or use --runs DIR for real CTM output)',
      );
    const { codes, observed } = readObservedPm25();
    const geo = readStandinGeography(codes, observed.regions);
    const emissions = readStandinBaselineEmissions();
    if (emissions.regions.join('|') !== observed.regions.join('|'))
      throw new InputError(
        DEFAULT_BASELINE_EMISSIONS_PATH,
        'provinces differ from the observed PM2.5 table (same order required)',
      );
    const { ctm, calibration } = buildStandinCtm(geo, emissions, observed, STANDIN_SOURCES.observed);
    process.stderr.write(
      `stand-in CTM (NOT CMAQ) calibrated to ${STANDIN_SOURCES.observed}: R ${calibration.r.toFixed(4)}, NMB ${pct(calibration.nmb)} ` +
        `(before per-province calibration: R ${calibration.rBeforeCalibration.toFixed(3)}, NMB ${pct(calibration.nmbBeforeCalibration)})\n`,
    );
    return buildStandinResponseSurface(ctm, {
      seed,
      train,
      validate,
      baselineEmissionsSource: STANDIN_SOURCES.baselineEmissions,
      calibration,
      fit,
      builtWith: `vchain rsm build --ctm standin --seed ${seed} --train ${train} --validate ${validate}`,
    });
  }
  const dir = o.runs;
  if (dir === undefined) throw new InputError('rsm build', 'give exactly one of --ctm standin or --runs DIR');
  const imp = readCtmRuns(dir);
  for (const w of imp.warnings) process.stderr.write(`warning: ${w}\n`);
  const n = imp.runs.scenarios.length;
  if (validate >= n)
    throw new InputError(dir, `only ${n} runs besides the baseline; cannot hold out ${validate}`);
  const nIn = imp.runs.ratios.length / n;
  const G = imp.runs.regions.length;
  const cut = n - validate;
  if (cut < MIN_TRAINING_RUNS)
    throw new InputError(
      dir,
      `${cut} training run(s) (${n} scenarios besides the baseline, ${validate} held out by --validate); a pf-ERSM fitted to so few runs predicts nonsense (e.g. negative PM2.5)`,
      undefined,
      'scenario',
      `at least ${MIN_TRAINING_RUNS} training runs besides the baseline (docs/air.md)`,
    );
  const part = (a: number, b: number) => ({
    regions: imp.runs.regions,
    scenarios: imp.runs.scenarios.slice(a, b),
    ratios: imp.runs.ratios.slice(a * nIn, b * nIn),
    concentrations: imp.runs.concentrations.slice(a * G, b * G),
  });
  const trainSet = part(0, cut);
  const fitted = await fitResponseSurface(
    trainSet,
    {
      baselineEmissions: imp.baselineEmissions,
      baselineConcentration: imp.baselineConcentration,
      provenance: {
        ctmKind: 'ctm-runs',
        label: `CTM runs imported from ${dir}`,
        description: `pf-ERSM fitted to user-supplied CTM runs (baseline scenario "${imp.baselineScenario}").`,
        baselineEmissionsSource: `${dir}/baseline_emissions.csv`,
        validationRuns: validate,
        design: `${cut} training runs and the last ${validate} scenarios held out, as given in ${dir}`,
        builtWith: `vchain rsm build --runs ${dir} --validate ${validate}`,
      },
    },
    fit,
  );
  return validate > 0
    ? {
        ...fitted,
        validation: {
          ...fitted.validation,
          independent: evaluateOnRuns(fitted, part(cut, n), `${validate} held-out runs`),
        },
      }
    : fitted;
}
