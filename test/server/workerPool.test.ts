// What-ifs computed in worker threads (vchain serve --workers N): same numbers as the dataset
// implies, errors raised in a worker reach the client with their status, and the main thread
// keeps answering while a slow what-if (re-balanced table) is computing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultDataset } from '../../src/io/defaultDataset.ts';
import type { ExplorerResponse } from '../../src/server/explorerView.ts';
import { type RunningExplorer, startExplorer } from '../../src/server/startExplorer.ts';

let app: RunningExplorer;

beforeAll(async () => {
  app = await startExplorer({
    port: 0,
    host: '127.0.0.1',
    log: () => {},
    workers: 1,
    warmUp: 3,
    settings: { draws: 10 },
  });
});

afterAll(async () => {
  await app?.close();
});

const post = async (body: unknown) => {
  const res = await fetch(`${app.url}api/scenario`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as ExplorerResponse & { error?: string; field?: string },
  };
};

describe('worker pool backend', () => {
  it('computes in a worker: halving all SO2 intensities halves production SO2 in every province', async () => {
    expect(app.engine).toBeUndefined();
    const r = await post({ intensity: [{ regions: 'all', sectors: 'all', factors: { SO2: 0.5 } }] });
    expect(r.status).toBe(200);
    const ds = loadDefaultDataset();
    const N = ds.mrio.sectors.length;
    const so2 = ds.mrio.satellites.find((s) => s.precursor === 'SO2')!;
    const got = r.json.result.emissions.find((e) => e.id === 'SO2')!.values;
    ds.mrio.regions.forEach((_, k) => {
      let prod = 0;
      for (let i = 0; i < N; i++) if (ds.mrio.x[k * N + i]! > 0) prod += so2.values[k * N + i]!;
      expect(got[k]! / (0.5 * prod + (so2.direct?.[k] ?? 0))).toBeCloseTo(1, 9);
    });
  });

  it('a worker-side 422 reaches the client; the worker goes on serving', async () => {
    const bad = await post({ trade: [{ from: 'all', to: 'all', sectors: 'all', factor: 5 }] });
    expect(bad.status).toBe(422);
    expect(bad.json.field).toBe('trade');
    expect((await post({})).status).toBe(200);
  });

  it('answers meta while a re-balanced what-if is computing', async () => {
    let slowDone = false;
    const slow = post({
      finalDemand: [{ producers: 'all', consumers: ['Beijing'], sectors: 'all', factor: 1.1 }],
    }).then((r) => {
      slowDone = true;
      return r;
    });
    const meta = await fetch(`${app.url}api/meta`);
    // Ordering, not timing: meta came back while the worker was still re-balancing the table.
    expect(meta.status).toBe(200);
    expect(slowDone).toBe(false);
    const done = await slow;
    expect(done.status).toBe(200);
    expect(done.json.timing.path).toBe('refactorised');
  });
});
