// A what-if saved through the explorer's API re-runs from the command line to the same numbers
// at the same draws (docs/explorer.md "Save"): the explorer's live path and `vchain run
// --scenario FILE --draws N` (full path, other thresholds alongside) share scenario, conventions,
// Monte Carlo draws and seed, so every number the explorer shows is the CLI's to rounding.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioFileReply } from '../../src/server/explorerApi.ts';
import type { ExplorerMeta, ExplorerReply, ExplorerResponse } from '../../src/server/explorerView.ts';
import { type RunningExplorer, startExplorer } from '../../src/server/startExplorer.ts';
import { withBaselineCopies } from '../../web/src/baselineCopies.ts';
import { vchain } from '../support/vchainCli.ts';

const DRAWS = 16;

// biome-ignore lint/suspicious/noExplicitAny: parsed result.json / run.json, read field by field
type Json = Record<string, any>;

let app: RunningExplorer;
let dir: string;
let file: ScenarioFileReply;
let explorer: ExplorerResponse;
let result: Json;
let run: Json;

/** A retrofit with a trade cut under non-default conventions: every convention travels in the file. */
const SCENARIO = {
  name: 'ULE north + less Hebei export',
  conventions: { threshold: 15, erf: 'ier2017', accounting: 'pif', thresholdReading: 'shift', vsl: 5e6 },
  intensity: [
    {
      regions: ['Hebei', 'Shanxi'],
      sectors: ['Production and supply of electric power and heat power'],
      factors: { SO2: 0.35, NOx: 0.5, PPM: 0.333 },
    },
  ],
  trade: [{ from: ['Hebei'], to: 'all', sectors: 'all', factor: 0.9 }],
};

const post = async (route: string, body: unknown) =>
  fetch(`${app.url}api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vchain-roundtrip-'));
  app = await startExplorer({ port: 0, host: '127.0.0.1', log: () => {}, settings: { draws: DRAWS } });
  const meta = (await (await fetch(`${app.url}api/meta`)).json()) as ExplorerMeta;
  file = (await (await post('scenario-file', SCENARIO)).json()) as ScenarioFileReply;
  const base = (await (
    await post('baseline', { conventions: SCENARIO.conventions })
  ).json()) as ExplorerResponse;
  const res = await post('scenario', SCENARIO);
  expect(res.status).toBe(200);
  explorer = withBaselineCopies((await res.json()) as ExplorerReply, base.result);
  // The command Save shows, run as shown (file name and draws), with the output in the temp folder.
  const path = join(dir, file.fileName);
  writeFileSync(path, file.text);
  const words = file.commands.reproduce.split(' ');
  expect(words.slice(0, 4)).toEqual(['vchain', 'run', '--scenario', file.fileName]);
  expect(file.commands.reproduce).toContain(`--draws ${meta.reproduce.draws} --seed ${meta.reproduce.seed}`);
  const out = join(dir, 'out');
  const r = vchain(
    [
      'run',
      '--scenario',
      path,
      '--draws',
      String(meta.reproduce.draws),
      '--seed',
      String(meta.reproduce.seed),
      '--pairwise',
      'linear',
      '--no-report',
      '--quiet',
      '--out',
      out,
    ],
    300_000,
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
  run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
}, 400_000);

afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const relErr = (a: readonly (number | null)[], b: readonly number[]) =>
  Math.max(...b.map((v, i) => Math.abs((a[i] ?? Number.NaN) - v) / Math.max(Math.abs(v), 1e-300)));
const layer = (id: string) => explorer.result.map.find((m) => m.id === id)!;

describe('a scenario saved in the explorer, re-run by vchain run --scenario', () => {
  it('records the scenario, its SHA-256 and the conventions it set', () => {
    expect(run.scenario.sha256).toBe(file.sha256);
    expect(run.scenario.name).toBe(SCENARIO.name);
    expect(run.scenario.conventions).toEqual(SCENARIO.conventions);
    expect(run.scenario.rules).toEqual({ intensity: 1, finalDemand: 0, trade: 1 });
    expect(result.provenance.scenario.sha256).toBe(file.sha256);
    const h = run.healthModel.conventions;
    expect([h.erf, h.accounting, h.thresholdReading]).toEqual(['ier2017', 'pif', 'shift']);
    expect(h.vsl.reference).toBeCloseTo(5e6, 3);
    expect(run.conventions.headlineThreshold).toBe(15);
    expect(run.monteCarlo.draws).toBe(DRAWS);
  });

  it('concentrations, damage with its intervals, attribution and flows equal the explorer’s', () => {
    const conc = result.concentrations;
    expect(relErr(layer('pm25').values, conc.baseline.values)).toBeLessThan(1e-9);
    expect(relErr(layer('pm25_trade').values, conc.tradeRelated.values)).toBeLessThan(1e-9);
    const d = result.damage.find((x: Json) => x.threshold === 15);
    const deaths = layer('deaths_suffered');
    expect(relErr(deaths.values, d.deaths.mean)).toBeLessThan(1e-9);
    expect(relErr(deaths.p025!, d.deaths.p025)).toBeLessThan(1e-9);
    expect(relErr(deaths.p975!, d.deaths.p975)).toBeLessThan(1e-9);
    const a = result.attribution;
    expect(relErr(layer('damage_triggered').values, a.triggered.mean)).toBeLessThan(1e-9);
    expect(relErr(layer('damage_suffered').values, a.suffered.mean)).toBeLessThan(1e-9);
    const kf = (id: string) => explorer.result.keyFigures.find((k) => k.id === id)!;
    expect(relErr([kf('deaths').value], [d.national.deaths.mean])).toBeLessThan(1e-9);
    expect(
      relErr(
        [kf('money').value, kf('money').p025!, kf('money').p975!],
        [d.national.money.mean, d.national.money.p025, d.national.money.p975],
      ),
    ).toBeLessThan(1e-9);
    expect(relErr([kf('trade_share_deaths_proportional').value], [d.proportional.share.deaths])).toBeLessThan(
      1e-9,
    );
    const flows = explorer.result.flows.find((f) => f.indicator === 'damage_linear')!;
    const cli = result.pairwise.find((f: Json) => f.indicator === 'damage_linear');
    expect(
      relErr(
        flows.top.map((t) => t.value),
        cli.top.map((t: Json) => t.value),
      ),
    ).toBeLessThan(1e-9);
    const ineq = explorer.result.inequality.find((m) => m.variable === 'damage_triggered')!;
    const cliIneq = result.mismatch.measures.find((m: Json) => m.variable === 'damage_triggered');
    expect(relErr([ineq.gini, ineq.cv], [cliIneq.gini, cliIneq.cv])).toBeLessThan(1e-9);
    expect(relErr(explorer.result.compensation.net, result.compensation.net.values)).toBeLessThan(1e-9);
  });
});
