// Explorer latency: a what-if posted to POST /api/scenario on the default data, over loopback
// only (127.0.0.1, ephemeral port). Single requests first (service time per path), then a
// bounded autocannon load: 20 concurrent clients, a fixed number of requests (≤ 45 s), after a
// 100-request warm-up load that is printed but not counted. No reply can come from a cache: the
// reply cache is disabled (cacheSize 0) and every body, warm-up included, is a distinct retrofit
// (its own name, provinces, threshold and jittered factors), so no two requests share an
// in-flight computation either. The server is started as `vchain serve` starts it (each worker
// warms its live path up before serving). Target: p95 ≤ 250 ms.
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import { DEFAULT_EXPLORER_SETTINGS } from '../src/server/analysisEngine.ts';
import { startExplorer } from '../src/server/startExplorer.ts';

const CONNECTIONS = 20;
const REQUESTS = 600;
const WARM_UP_REQUESTS = 100;
const MAX_SECONDS = 45;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return (
    sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!)
  );
}

export async function run(): Promise<void> {
  const workers = Math.min(2, availableParallelism());
  const tStart = performance.now();
  // VCHAIN_BENCH_DRAWS: health Monte Carlo draws per run (default the explorer's, 32).
  const draws = Number(process.env.VCHAIN_BENCH_DRAWS ?? DEFAULT_EXPLORER_SETTINGS.draws);
  const app = await startExplorer({
    port: 0,
    host: '127.0.0.1',
    log: () => {},
    cacheSize: 0,
    workers,
    settings: { ...DEFAULT_EXPLORER_SETTINGS, draws },
  });
  const startSeconds = (performance.now() - tStart) / 1000;
  try {
    const url = new URL(app.url);
    if (url.hostname !== '127.0.0.1') throw new Error(`refusing to load ${url.hostname}: loopback only`);
    const meta = (await (await fetch(`${app.url}api/meta`)).json()) as {
      regions: string[];
      presets: { rules: { sectors: string[]; factors: Record<string, number> }[] }[];
    };
    const preset = meta.presets[0]!;
    let seq = 0;
    /** A retrofit of 1–5 random provinces with slightly jittered factors: never the same twice. */
    const retrofit = () => {
      seq++;
      const k = 1 + (seq % 5);
      const regions = Array.from(
        { length: k },
        (_, i) => meta.regions[(seq * 7 + i * 11) % meta.regions.length]!,
      );
      return {
        name: `bench ${seq}`,
        conventions: { threshold: [5, 10, 15][seq % 3] },
        intensity: preset.rules.map((r) => ({
          regions: [...new Set(regions)],
          sectors: r.sectors,
          factors: Object.fromEntries(
            Object.entries(r.factors).map(([p, f]) => [p, f * (0.9 + 0.2 * ((seq * 0.618) % 1))]),
          ),
        })),
      };
    };
    const post = async (body: unknown) => {
      const t = performance.now();
      const res = await fetch(`${app.url}api/scenario`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as {
        timing?: {
          computeMs: number;
          path: string;
          cached: boolean;
          stages: Record<string, number>;
          evaluation?: { mode: string; health: string };
        };
      };
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${JSON.stringify(json)}`);
      return { ms: performance.now() - t, timing: json.timing! };
    };

    process.stdout.write(
      `explorer (${workers} worker thread(s), ${meta.regions.length} provinces) start-up ${startSeconds.toFixed(1)} s: front end ${app.seconds.build.toFixed(1)} s, analysis prepared (incl. live basis) ${app.seconds.prepare.toFixed(1)} s\n`,
    );
    // Warm-up (JIT) on every worker, then 15 sequential what-ifs.
    await Promise.all(Array.from({ length: 2 * workers }, () => post(retrofit())));
    const single: number[] = [];
    const compute: number[] = [];
    const stages: Record<string, number[]> = {};
    let evaluation = '';
    for (let i = 0; i < 30; i++) {
      const r = await post(retrofit());
      if (r.timing.cached) throw new Error('a reply came from the cache');
      single.push(r.ms);
      compute.push(r.timing.computeMs);
      for (const [k, v] of Object.entries(r.timing.stages)) (stages[k] ??= []).push(1000 * v);
      evaluation = `${r.timing.evaluation?.mode} mode, ${r.timing.evaluation?.health}`;
    }
    single.sort((a, b) => a - b);
    compute.sort((a, b) => a - b);
    process.stdout.write(
      `single retrofit what-if (${evaluation}; sequential, n=30): median ${quantile(single, 0.5).toFixed(1)} ms round trip, compute median ${quantile(compute, 0.5).toFixed(1)} ms (p95 ${quantile(compute, 0.95).toFixed(1)} ms), max round trip ${single.at(-1)!.toFixed(1)} ms\n`,
    );
    process.stdout.write(
      `  compute by stage, median ms: ${Object.entries(stages)
        .map(
          ([k, v]) =>
            `${k} ${quantile(
              v.sort((a, b) => a - b),
              0.5,
            ).toFixed(2)}`,
        )
        .join(', ')}\n`,
    );
    const demand = await post({
      finalDemand: [{ producers: 'all', consumers: ['Guangdong'], sectors: 'all', factor: 0.9 }],
    });
    process.stdout.write(
      `final-demand what-if (re-balance + re-decompose): ${demand.ms.toFixed(0)} ms round trip (compute ${demand.timing.computeMs.toFixed(0)} ms, of which rebalanceAndDecompose ${(1000 * (demand.timing.stages.rebalanceAndDecompose ?? Number.NaN)).toFixed(0)} ms)\n`,
    );
    const trade = await post({ trade: [{ from: ['Hebei'], to: 'all', sectors: 'all', factor: 0.8 }] });
    process.stdout.write(
      `trade what-if (re-balance + refactorise): ${trade.ms.toFixed(0)} ms round trip (compute ${trade.timing.computeMs.toFixed(0)} ms, of which rebalanceAndDecompose ${(1000 * (trade.timing.stages.rebalanceAndDecompose ?? Number.NaN)).toFixed(0)} ms)\n`,
    );

    /** A bounded autocannon load of `amount` distinct what-ifs from CONNECTIONS clients. */
    const load = async (amount: number) => {
      const latencies: number[] = [];
      let non2xx = 0;
      let replyBytes = 0;
      // autocannon ends on whole-second ticks: throughput uses the time of the last reply.
      const t0 = performance.now();
      let lastAt = t0;
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const inst = autocannon(
          {
            url: `${app.url}api/scenario`,
            connections: CONNECTIONS,
            amount,
            duration: MAX_SECONDS,
            timeout: 120,
            requests: [
              {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                setupRequest: (req) => ({ ...req, body: JSON.stringify(retrofit()) }),
              },
            ],
          },
          (err, res) => (err ? reject(err) : resolve(res)),
        );
        inst.on('response', (_client, status, bytes, ms) => {
          latencies.push(ms);
          replyBytes += bytes;
          lastAt = performance.now();
          if (status < 200 || status >= 300) non2xx++;
        });
      });
      latencies.sort((a, b) => a - b);
      return { latencies, non2xx, replyBytes, result, wall: (lastAt - t0) / 1000 };
    };
    // A short load first, reported but not counted: the load generator runs in this process, and
    // its own code (and the server's HTTP path) is still unoptimised for the first requests.
    const warm = await load(WARM_UP_REQUESTS);
    process.stdout.write(
      `autocannon warm-up (not counted), ${CONNECTIONS} clients, ${warm.latencies.length} distinct what-ifs: p50 ${quantile(warm.latencies, 0.5).toFixed(0)} ms, p95 ${quantile(warm.latencies, 0.95).toFixed(0)} ms, ${(warm.latencies.length / warm.wall).toFixed(1)} what-ifs/s\n`,
    );
    const { latencies, non2xx, replyBytes, result, wall } = await load(REQUESTS);
    const p95 = quantile(latencies, 0.95);
    process.stdout.write(
      `autocannon, ${CONNECTIONS} concurrent clients, ${latencies.length} distinct what-ifs in ${wall.toFixed(2)} s (mean reply ${(replyBytes / latencies.length / 1000).toFixed(1)} kB): ` +
        `p50 ${quantile(latencies, 0.5).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, p99 ${quantile(latencies, 0.99).toFixed(0)} ms, ` +
        `${(latencies.length / wall).toFixed(1)} what-ifs/s, non-2xx ${non2xx}, errors ${result.errors}, timeouts ${result.timeouts}\n`,
    );
    process.stdout.write(
      `target p95 ≤ 250 ms: ${p95 <= 250 ? 'met' : 'NOT met'} (p95 / target = ${(p95 / 250).toFixed(2)}; before the live path: p95 4.08 s at 7.1 what-ifs/s, single compute 228 ms)\n`,
    );
  } finally {
    await app.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
