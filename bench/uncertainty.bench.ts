// `npm run bench uncertainty`: the full-chain uncertainty analysis (docs/uncertainty.md, "Scale").
// Draws per second at 31 × 42 (each draw = 7 chain evaluations: 2 MRIO rebuilds, 4 decompositions,
// 7 scenario runs), the time for 1,000 draws, and a projection to EXIOBASE size (~8,000 sectors)
// on K nodes from a decomposition measured at 49 × 50 with its LU scaled by n³.
import { healthEvaluatorFrom } from '../src/analysis/healthAdapter.ts';
import { prepareAnalysis } from '../src/analysis/prepare.ts';
import { runScenario } from '../src/analysis/scenario.ts';
import { loadUncertaintySetup } from '../src/cli/commands/uncertainty.ts';
import { buildProvincialFromInputs } from '../src/dataset/china2017ProvincialBuild.ts';
import { datasetFromProvincialParts } from '../src/dataset/provincialDataset.ts';
import { linalgThreadsInUse, prepareLinalg } from '../src/linalg/gemm.ts';
import { decompositionHeapBytes } from '../src/mrio/capacity.ts';
import { decomposeValueChain } from '../src/mrio/valueChain.ts';
import { ChainEvaluator, drawScenario, oneDrawHealthModel } from '../src/uncertainty/chain.ts';
import { evaluateDraw } from '../src/uncertainty/draws.ts';
import { randomMrio } from './decomposition.bench.ts';

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const fmt = (s: number) =>
  s < 120 ? `${s.toFixed(1)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`;

export async function run(): Promise<void> {
  prepareLinalg();
  let t = performance.now();
  const { setup, plan } = loadUncertaintySetup({ seed: 20170101, draws: 1000, bootstrap: 1000 });
  console.log(
    `uncertainty: inputs read and plan fixed in ${seconds(t).toFixed(2)} s (${linalgThreadsInUse()} linear-algebra thread(s))`,
  );

  // One evaluation, stage by stage (31 × 42).
  const ev = new ChainEvaluator(setup);
  const planInputs = { seed: plan.seed, emissionRows: setup.emissionRows };
  evaluateDraw(planInputs, ev, 0); // warm-up: V8 compiles the loops
  const stages = { rebuild: 0, prepare: 0, scenario: 0 };
  const reps = 3;
  for (let k = 0; k < reps; k++) {
    t = performance.now();
    const ds = datasetFromProvincialParts(
      buildProvincialFromInputs(setup.provincial, { scaleToNational: false }).parts,
    );
    stages.rebuild += seconds(t);
    const health = healthEvaluatorFrom(oneDrawHealthModel(setup.health, 1 + k, 2 + k, [10]));
    t = performance.now();
    const prepared = prepareAnalysis(ds, setup.rsm, health);
    stages.prepare += seconds(t);
    t = performance.now();
    runScenario(prepared, drawScenario(10));
    stages.scenario += seconds(t);
  }
  const rebuild = stages.rebuild / reps;
  const prepare = stages.prepare / reps;
  const scenario = stages.scenario / reps;
  console.log(
    `uncertainty: one evaluation at 31 × 42: MRIO rebuild ${rebuild.toFixed(3)} s, decomposition (prepareAnalysis) ${prepare.toFixed(3)} s, scenario ${scenario.toFixed(3)} s`,
  );

  // Whole draws (the pick-freeze design: 2 rebuilds, 4 decompositions, 7 scenarios).
  const draws = 6;
  t = performance.now();
  for (let k = 1; k <= draws; k++) evaluateDraw(planInputs, ev, k);
  const perDraw = seconds(t) / draws;
  console.log(
    `uncertainty: ${draws} draws in ${fmt(perDraw * draws)}: ${perDraw.toFixed(2)} s per draw (7 chain evaluations), ${(1 / perDraw).toFixed(2)} draws/s on one process`,
  );
  console.log(
    `uncertainty: 1,000 draws at 31 × 42: ${fmt(1000 * perDraw)} on one process; ${[2, 4, 8, 32].map((k) => `${k} shards ${fmt((1000 * perDraw) / k)}`).join(', ')} (one process per core or node; + ~2 s reading inputs per shard, and the merge: ~10 s for 1,000 draws, mostly the bootstrap of the indices)`,
  );

  // Projection to EXIOBASE size from a decomposition measured at 49 × 50 (same 49 regions).
  const G = 49;
  const Nm = 50;
  const nExio = 7987; // EXIOBASE 3: 49 regions × 163 industries
  const nm = G * Nm;
  decomposeValueChain(randomMrio(G, Nm, 11, 7)); // warm-up
  const res = decomposeValueChain(randomMrio(G, Nm, 11, 8));
  const lu = res.timings.leontiefFactor;
  let total = 0;
  for (const v of Object.values(res.timings)) total += v;
  const rest = total - lu;
  const r = nExio / nm;
  const luExio = lu * r ** 3;
  const restExio = rest * r ** 2; // solves: n² per right-hand side, 3G + kG of them (same G)
  const decompExio = luExio + restExio;
  // Per draw at EXIOBASE size: 4 decompositions; 2 table rebuilds and 7 scenarios scaled by the
  // size of their arrays (n² for the rebuild, G²·N for the bilateral blocks of a scenario).
  const rebuildExio = rebuild * (nExio / 1302) ** 2;
  const scenarioExio = scenario * ((G * G * 163) / (31 * 31 * 42));
  const drawExio = 4 * decompExio + 2 * rebuildExio + 7 * scenarioExio;
  console.log(
    `uncertainty: decomposition at 49 × 50 (n = ${nm}, 11 indicators): LU ${lu.toFixed(2)} s, the rest ${rest.toFixed(2)} s`,
  );
  console.log(
    `uncertainty: projected at EXIOBASE size (n = ${nExio}): LU ${fmt(luExio)} (× (n ratio)³ = ${(r ** 3).toFixed(1)}), rest ${fmt(restExio)} (× n² ratio), one decomposition ${fmt(decompExio)}; kernel heap ${(decompositionHeapBytes(nExio, G, 11) / 2 ** 30).toFixed(2)} GiB of the 4 GiB WebAssembly ceiling`,
  );
  console.log(
    `uncertainty: projected per draw at EXIOBASE size: 4 decompositions + 2 rebuilds (${fmt(2 * rebuildExio)}, n²-scaled) + 7 scenarios (${fmt(7 * scenarioExio)}, G²N-scaled) = ${fmt(drawExio)}`,
  );
  console.log(
    `uncertainty: projected wall time for 1,000 draws at EXIOBASE size: ${[1, 10, 50, 100, 250].map((k) => `${k} node${k > 1 ? 's' : ''} ${fmt(Math.ceil(1000 / k) * drawExio)}`).join(', ')} (one 2-thread process per node, shards of ⌈1000/K⌉ draws)`,
  );
}
