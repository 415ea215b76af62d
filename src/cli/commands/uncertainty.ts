import { existsSync } from 'node:fs';
import { ExtrapolationError, NegativeConcentrationError } from '../../air/validity.ts';
import { PROVINCIAL_LABEL, readProvincialInputs } from '../../dataset/china2017ProvincialBuild.ts';
import { DEFAULT_HEALTH_OPTIONS } from '../../health/types.ts';
import { AtomicOutputDir } from '../../io/atomicOutput.ts';
import { DEFAULT_EMISSION_UNCERTAINTY, readEmissionUncertainty } from '../../io/emissionUncertaintyFile.ts';
import { loadHealthParameters } from '../../io/healthParameters.ts';
import { InputError } from '../../io/inputError.ts';
import { PACKAGE_DATA_DIR } from '../../io/packageData.ts';
import { DEFAULT_MODEL_PATH, readResponseSurface } from '../../io/responseSurfaceFile.ts';
import { digestInput, vchainVersion } from '../../io/runManifest.ts';
import { PART_FILE, partJson } from '../../io/uncertaintyParts.ts';
import { prepareLinalg } from '../../linalg/gemm.ts';
import { IdentityError } from '../../mrio/valueChain.ts';
import { writeUncertaintyOutputs } from '../../report/uncertaintyReport.ts';
import { type ChainSetup, surfaceErrorSd } from '../../uncertainty/chain.ts';
import { TRADE_PARAMETERS } from '../../uncertainty/plan.ts';
import {
  buildUncertaintyResult,
  DESIGN,
  groupsOfPlan,
  planIdOf,
  type UncertaintyPlan,
} from '../../uncertainty/result.ts';
import { DrawError, runShard } from '../../uncertainty/runner.ts';

export interface UncertaintyCliOptions {
  draws: number;
  seed: number;
  out: string;
  shard?: { index: number; count: number };
  emissionUncertainty?: string;
  rsm?: string;
  bootstrap: number;
  quiet: boolean;
}

/** `vchain uncertainty` (options: cli/definitions/uncertainty.ts). */
export async function uncertaintyAction(opts: UncertaintyCliOptions): Promise<void> {
  prepareLinalg();
  await uncertaintyCommand(opts);
}

/** Reads the inputs and fixes the plan (docs/uncertainty.md). */
export function loadUncertaintySetup(opts: {
  seed: number;
  draws: number;
  bootstrap: number;
  emissionUncertainty?: string;
  rsm?: string;
}): { setup: ChainSetup; plan: UncertaintyPlan } {
  const dataDir = PACKAGE_DATA_DIR;
  const sourcesDir = `${dataDir}sources`;
  const mapsDir = `${dataDir}maps`;
  const rsmPath = opts.rsm ?? DEFAULT_MODEL_PATH;
  const tablePath = opts.emissionUncertainty ?? DEFAULT_EMISSION_UNCERTAINTY;
  if (!existsSync(rsmPath))
    throw new InputError(rsmPath, 'not found', undefined, undefined, 'a pf-ERSM model JSON');
  const provincial = readProvincialInputs(sourcesDir, mapsDir, 'meic2017');
  const rsm = readResponseSurface(rsmPath);
  const health = loadHealthParameters({ dataDir, regions: provincial.tables.provinces });
  const emissionRows = readEmissionUncertainty(tablePath);
  const surface = surfaceErrorSd(rsm);
  const headlineThreshold = 10;
  const setup: ChainSetup = {
    provincial,
    rsm,
    surfaceSd: surface.sd,
    health,
    emissionRows,
    headlineThreshold,
  };
  const v = health.vsl;
  const plan: UncertaintyPlan = {
    schema: 'vchain.uncertainty-plan/1',
    toolVersion: vchainVersion(),
    seed: opts.seed,
    draws: opts.draws,
    bootstrap: opts.bootstrap,
    headlineThreshold,
    design: DESIGN,
    groups: groupsOfPlan(),
    tradeParameters: TRADE_PARAMETERS,
    emissionRows,
    surface: {
      validationBlock: surface.block,
      regions: rsm.regions,
      relativeSd: Array.from(surface.sd),
      correlation:
        'one standard normal z shared by every receptor (errors of the same sign: conservative for national totals)',
    },
    health: {
      erf: DEFAULT_HEALTH_OPTIONS.erf,
      accounting: DEFAULT_HEALTH_OPTIONS.accounting,
      thresholdReading: DEFAULT_HEALTH_OPTIONS.thresholdReading,
      threshold: headlineThreshold,
      vslIncomeElasticity: health.defaultVslIncomeElasticity ?? DEFAULT_HEALTH_OPTIONS.vslIncomeElasticity,
      priceYear: DEFAULT_HEALTH_OPTIONS.priceYear,
      vsl: `triangular ${v.low}–${v.high}, mode ${v.central} ${v.currency} (${v.priceYear} prices): ${v.source}`,
      exposureResponse:
        'one IER 2015 joint draw per evaluation (uniform over the 1000 GBD draws), morbidity β ~ normal and incidences ~ triangular as in vchain run',
    },
    labels: {
      dataset: PROVINCIAL_LABEL,
      airModel: rsm.provenance.label,
      isDemonstration: true,
    },
    inputs: [
      { role: 'provincial tables and sources', path: 'data/sources', sha256: digestInput(sourcesDir).sha256 },
      { role: 'zones and sector roles', path: 'data/maps', sha256: digestInput(mapsDir).sha256 },
      {
        role: opts.rsm ? 'response surface' : 'response surface (embedded)',
        path: opts.rsm ?? 'data/air/pf-ersm-standin-2017.json',
        sha256: digestInput(rsmPath).sha256,
      },
      {
        role: 'emission uncertainty',
        path: opts.emissionUncertainty ?? 'data/uncertainty/emission_inventory_uncertainty.csv',
        sha256: digestInput(tablePath).sha256,
      },
      ...Object.entries(health.fileHashes).map(([file, sha]) => ({
        role: 'health parameters',
        path: file.startsWith(dataDir) ? `data/${file.slice(dataDir.length)}` : file,
        sha256: sha,
      })),
    ],
  };
  return { setup, plan };
}

export async function uncertaintyCommand(opts: UncertaintyCliOptions): Promise<void> {
  const out = new AtomicOutputDir(opts.out, {
    command: 'uncertainty',
    inputs: [PACKAGE_DATA_DIR, opts.rsm, opts.emissionUncertainty],
  });
  try {
    const t0 = performance.now();
    const { setup, plan } = loadUncertaintySetup(opts);
    const shard = opts.shard ?? { index: 0, count: 1 };
    const log = (s: string) => {
      if (!opts.quiet) process.stderr.write(s);
    };
    const tty = process.stderr.isTTY;
    let tDraws = performance.now();
    const run = runShard(setup, plan, shard, {
      onStart: () => {
        tDraws = performance.now();
      },
      onDraw: (done, total) => {
        const per = (performance.now() - tDraws) / 1000 / done;
        const msg = `vchain uncertainty: draw ${done}/${total}${opts.shard ? ` (shard ${shard.index}/${shard.count})` : ''}, ${per.toFixed(2)} s per draw, ${Math.round(per * (total - done))} s left`;
        log(tty ? `\r${msg}\x1b[K` : `${msg}\n`);
      },
    });
    if (tty) log('\n');
    const drawSeconds = (performance.now() - tDraws) / 1000;
    const result = opts.shard
      ? undefined
      : buildUncertaintyResult(plan, run.metas, run.records, run.reference);
    if (result) writeUncertaintyOutputs(out, result);
    else
      out.write(
        PART_FILE,
        partJson({
          planId: planIdOf(plan),
          plan,
          shard,
          headlines: run.metas,
          reference: run.reference,
          records: run.records,
        }),
      );
    out.commit();
    const seconds = (performance.now() - t0) / 1000;
    log(
      `vchain uncertainty: ${run.records.length} draws (${7 * run.records.length} chain evaluations) in ${seconds.toFixed(1)} s (${(run.records.length / drawSeconds).toFixed(2)} draws/s); ${result ? 'outputs' : 'shard'} in ${out.target}\n`,
    );
    for (const id of ['gini_jobs', 'trade_deaths', 'redistributed']) {
      const h = result?.headlines.find((x) => x.id === id);
      if (h) log(`  ${h.sentence}\n`);
    }
  } catch (e) {
    out.abort();
    throw asUncertaintyInputError(e, opts);
  }
}

/** A draw the chain refused (extrapolation, negative PM2.5, identities) as an input error naming it. */
function asUncertaintyInputError(e: unknown, opts: UncertaintyCliOptions): unknown {
  if (!(e instanceof DrawError)) return e;
  const c = e.cause;
  if (
    c instanceof InputError ||
    c instanceof ExtrapolationError ||
    c instanceof NegativeConcentrationError ||
    c instanceof IdentityError
  )
    return new InputError(
      `draw ${e.draw} (seed ${opts.seed})`,
      `${(c as Error).message}; reproduce this draw alone with --seed ${opts.seed} --draws ${e.draw + 1} --shard ${e.draw}/${e.draw + 1}`,
      undefined,
      undefined,
      'every draw inside the models’ valid ranges (docs/uncertainty.md, "When a draw fails")',
    );
  return e;
}
