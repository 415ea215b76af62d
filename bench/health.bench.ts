// Health damage speed: 31 provinces × every cause–age curve × 1000 draws × 2 scenarios × 3 thresholds.
import { assessDamage, meanDamage } from '../src/health/assess.ts';
import { buildHealthModel } from '../src/health/model.ts';
import type { ErfName, HealthInput } from '../src/health/types.ts';
import { loadHealthParameters, readProvinceSummary2017, readProvinces } from '../src/io/healthParameters.ts';

/** Best wall time over `reps` runs, seconds; also records the CPU time of that run (cpu[0]). */
const cpu = [0];
function best(fn: () => void, reps: number): number {
  let m = Number.POSITIVE_INFINITY;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const w = performance.now() - t0;
    if (w < m) {
      m = w;
      const c = process.cpuUsage(c0);
      cpu[0] = (c.user + c.system) / 1e6;
    }
  }
  return m / 1000;
}

export async function run(): Promise<void> {
  console.log(
    '31 provinces × all cause–age curves × 1000 draws × 2 scenarios × 3 thresholds (5/10/15), best of 5',
  );
  const t0 = performance.now();
  const params = loadHealthParameters();
  const tLoad = (performance.now() - t0) / 1000;
  const { names, codes } = readProvinces();
  const { population, gdpPerCapita } = readProvinceSummary2017(names, codes);
  // 2017 provincial PM2.5-like field: 20–90 µg/m³, counterfactual 20 % lower (deterministic).
  const pb = Float64Array.from(names, (_, i) => 20 + ((i * 37) % 71));
  const input: HealthInput = {
    regions: names,
    population,
    pmBaseline: { regions: names, unit: 'µg/m³', values: pb },
    pmCounterfactual: { regions: names, unit: 'µg/m³', values: pb.map((x) => 0.8 * x) },
    incomePerCapita: gdpPerCapita,
  };
  console.log(
    `load all parameter files (IER 2015 + 2017 draws, GEMM, rates, morbidity): ${tLoad.toFixed(3)} s`,
  );
  for (const erf of ['ier2015', 'ier2017', 'gemm'] as ErfName[]) {
    let model = buildHealthModel(params, { erf, draws: 1000 });
    const tBuild = best(() => {
      model = buildHealthModel(params, { erf, draws: 1000 });
    }, 3);
    assessDamage(model, input); // warm-up
    const tAssess = best(() => assessDamage(model, input), 5);
    const cAssess = cpu[0];
    const tMean = best(() => meanDamage(model, input), 5);
    const evals = names.length * model.curves.length * 1000 * 2 * 3;
    console.log(
      `${erf}: ${model.curves.length} curves; build ${tBuild.toFixed(3)} s; assessDamage ${tAssess.toFixed(3)} s ` +
        `(CPU ${cAssess.toFixed(3)} s) ` +
        `(${((evals / tMean) * 1e-6).toFixed(1)} M RR evaluations/s); meanDamage ${tMean.toFixed(3)} s`,
    );
  }
  const withError = buildHealthModel(params, {
    draws: 1000,
    airModelRelativeSd: 0.2,
    mortalityRateRelativeSd: 0.1,
  });
  console.log(
    `ier2015 with air-model error and rate spread: assessDamage ${best(() => assessDamage(withError, input), 3).toFixed(3)} s`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
