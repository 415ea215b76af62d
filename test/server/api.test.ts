// The explorer API over the real engine on the embedded data (server on an ephemeral loopback
// port): valid what-ifs against numbers recomputed from the dataset itself, invalid requests
// (400 naming the field, 413), and the server's survival and its writing no files.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/analysis/scenario.ts';
import { loadDefaultDataset } from '../../src/io/defaultDataset.ts';
import { intensityScalings, scenarioFileText, sha256Text } from '../../src/io/scenarioFile.ts';
import {
  type ExplorerMeta,
  type ExplorerReply,
  type ExplorerResponse,
  toExplorerResult,
} from '../../src/server/explorerView.ts';
import { type RunningExplorer, startExplorer } from '../../src/server/startExplorer.ts';
import { withBaselineCopies } from '../../web/src/baselineCopies.ts';

let app: RunningExplorer;
let meta: ExplorerMeta;
let baseline: ExplorerResponse;
const ROOT = join(import.meta.dirname, '..', '..');

/** Every file under data/ and web/src with its mtime: the API must not touch any. */
function snapshot(): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(p, statSync(p).mtimeMs);
    }
  };
  walk(join(ROOT, 'data'));
  walk(join(ROOT, 'web', 'src'));
  return out;
}
let before: Map<string, number>;

beforeAll(async () => {
  app = await startExplorer({ port: 0, host: '127.0.0.1', log: () => {}, settings: { draws: 20 } });
  before = snapshot();
  meta = await (await fetch(`${app.url}api/meta`)).json();
  baseline = await (await fetch(`${app.url}api/baseline`)).json();
});

afterAll(async () => {
  await app?.close();
});

async function post(body: unknown, raw = false, route = 'scenario') {
  const res = await fetch(`${app.url}api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as ExplorerResponse & { error?: string; field?: string },
  };
}

const series = (r: ExplorerResponse, id: string) => r.result.map.find((m) => m.id === id)!.values as number[];
const emis = (r: ExplorerResponse, p: string) =>
  r.result.emissions.find((e) => e.id === p)!.values as number[];

describe('GET routes', () => {
  it('meta names the dataset, regions, sectors and the retrofit preset', () => {
    const ds = loadDefaultDataset();
    expect(meta.regions).toEqual(ds.mrio.regions);
    expect(meta.sectors).toEqual(ds.mrio.sectors);
    expect(meta.thresholds).toEqual([5, 10, 15]);
    expect(meta.dataset.isDemonstration).toBe(ds.provenance.isDemonstration);
    const ule = meta.presets.find((p) => p.id === 'ule')!;
    expect(ule.rules.map((r) => r.sectors[0])).toEqual([
      'Production and supply of electric power and heat power',
      'Smelting and processing of metals',
      'Manufacture of non-metallic mineral products',
    ]);
    expect(ule.rules[0]!.factors).toEqual({ SO2: 0.35, NOx: 0.5, PPM: 0.333 });
  });

  it('map: a FeatureCollection with a shape for every dataset region', async () => {
    const geo = (await (await fetch(`${app.url}api/map`)).json()) as {
      features: { properties: { region: string } }[];
    };
    const named = new Set(geo.features.map((f) => f.properties.region));
    for (const r of meta.regions) expect(named.has(r), r).toBe(true);
  });

  it('baseline emissions are the dataset satellites (production + direct) per province', () => {
    const ds = loadDefaultDataset();
    const N = ds.mrio.sectors.length;
    for (const sat of ds.mrio.satellites.filter((s) => s.kind === 'emission')) {
      const got = emis(baseline, sat.precursor!);
      ds.mrio.regions.forEach((_, r) => {
        let e = sat.direct?.[r] ?? 0;
        // Entries at zero output have no intensity and are dropped (the MRIO warns about them).
        for (let i = 0; i < N; i++) if (ds.mrio.x[r * N + i]! > 0) e += sat.values[r * N + i]!;
        expect(got[r]).toBeCloseTo(e, 6);
      });
    }
  });
});

describe('POST /api/scenario: valid what-ifs', () => {
  it('an empty scenario reproduces the baseline', async () => {
    const r = await post({});
    expect(r.status).toBe(200);
    expect(series(r.json, 'pm25')).toEqual(series(baseline, 'pm25'));
    expect(series(r.json, 'damage_suffered')).toEqual(series(baseline, 'damage_suffered'));
  });

  it('the same what-if twice: second from the reply cache, same numbers', async () => {
    const body = {
      conventions: { threshold: 15 },
      intensity: [{ regions: ['Henan'], sectors: 'all', factors: { NH3: 0.5 } }],
    };
    const a = await post(body);
    const b = await post(body);
    expect(a.json.timing.cached).toBe(false);
    expect(b.json.timing.cached).toBe(true);
    expect(b.json.timing.path).toBe(a.json.timing.path);
    expect(b.json.result).toEqual(a.json.result);
  });

  it('a retrofit in Hebei cuts Hebei SO2 by exactly (1 − k)·E of the retrofitted sectors, lowers its PM2.5, leaves other emissions', async () => {
    const ule = meta.presets.find((p) => p.id === 'ule')!;
    const r = await post({
      intensity: ule.rules.map((rule) => ({
        regions: ['Hebei'],
        sectors: rule.sectors,
        factors: rule.factors,
      })),
    });
    expect(r.status).toBe(200);
    expect(r.json.timing.path).toBe('intensity');
    const ds = loadDefaultDataset();
    const N = ds.mrio.sectors.length;
    const h = ds.mrio.regions.indexOf('Hebei');
    const so2 = ds.mrio.satellites.find((s) => s.precursor === 'SO2')!;
    let cut = 0;
    for (const rule of ule.rules) {
      const i = ds.mrio.sectors.indexOf(rule.sectors[0]!);
      cut += (1 - rule.factors.SO2!) * so2.values[h * N + i]!;
    }
    const b = emis(baseline, 'SO2');
    const s = emis(r.json, 'SO2');
    expect(b[h]! - s[h]!).toBeCloseTo(cut, 6);
    for (let k = 0; k < meta.regions.length; k++) if (k !== h) expect(s[k]).toBe(b[k]);
    expect(series(r.json, 'pm25')[h]!).toBeLessThan(series(baseline, 'pm25')[h]!);
    const vh = emis(r.json, 'VOC');
    expect(vh).toEqual(emis(baseline, 'VOC'));
    // Damage layers carry intervals, and the change its own interval from common draws: less
    // PM2.5 in Hebei is less damage there in every draw.
    const layer = r.json.result.map.find((m) => m.id === 'deaths_suffered')!;
    const base = baseline.result.map.find((m) => m.id === 'deaths_suffered')!;
    expect(layer.changeP025).toHaveLength(meta.regions.length);
    expect(base.changeP025).toBeUndefined();
    expect(layer.changeP975![h]!).toBeLessThan(0);
    for (let k = 0; k < meta.regions.length; k++) {
      const change = layer.values[k]! - base.values[k]!;
      expect(layer.changeP025![k]!).toBeLessThanOrEqual(change + 1e-9 * Math.abs(base.values[k]!));
      expect(layer.changeP975![k]!).toBeGreaterThanOrEqual(change - 1e-9 * Math.abs(base.values[k]!));
      expect(layer.p025![k]!).toBeLessThanOrEqual(layer.values[k]!);
    }
  });

  it("a sector-specific retrofit equals the analysis's own re-decomposition path (runScenario with intensityScaling)", async () => {
    const ule = meta.presets.find((p) => p.id === 'ule')!;
    const intensity = ule.rules.map((rule) => ({
      regions: ['Shanxi', 'Jiangsu'],
      sectors: rule.sectors,
      factors: rule.factors,
    }));
    const r = await post({ intensity });
    expect(r.status).toBe(200);
    expect(r.json.timing.evaluation?.mode).toBe('live');
    expect(r.json.timing.evaluation?.emissions).toBe('live basis (no solve)');
    expect(r.json.timing.evaluation?.health).toMatch(/^Monte Carlo, 20 draws/);
    const engine = app.engine!;
    // The full path without the live basis: the five emission rows re-decomposed with a fresh LU.
    const ref = runScenario(
      { ...engine.prepared, live: undefined },
      {
        ...engine.scenarioOptions(10),
        mode: 'full',
        intensityScaling: intensityScalings(intensity as never),
      },
    );
    expect(ref.provenance.evaluation?.emissions).toBe('re-decomposition');
    const rel = (a: readonly (number | null)[], b: ArrayLike<number>) =>
      Math.max(
        ...Array.from(b, (v, i) => Math.abs((a[i] ?? Number.NaN) - v) / Math.max(Math.abs(v), 1e-300)),
      );
    expect(rel(series(r.json, 'pm25'), ref.concentrations.baseline.values)).toBeLessThan(1e-10);
    expect(rel(series(r.json, 'pm25_trade'), ref.concentrations.tradeRelated.values)).toBeLessThan(1e-9);
    expect(rel(series(r.json, 'damage_suffered'), ref.attribution.suffered.mean)).toBeLessThan(1e-9);
    expect(rel(series(r.json, 'damage_triggered'), ref.attribution.triggered.mean)).toBeLessThan(1e-9);

    // The slim reply: employment and social-income flows, roles and inequality come as
    // references to the baseline; with the baseline's copies filled in (as the front end does)
    // every flow, role and inequality entry equals the full path's view of the same what-if.
    const reply = r.json as unknown as ExplorerReply;
    const refs = (list: readonly object[]) =>
      list.flatMap((x) => ('sameAsBaseline' in x ? [x.sameAsBaseline as string] : []));
    expect(refs(reply.result.flows)).toEqual(['employment', 'social_income']);
    expect(refs(reply.result.roles)).toEqual(['social_income', 'employment']);
    expect(refs(reply.result.inequality).sort()).toEqual(
      ['employment_trade', 'social_income_total', 'social_income_trade'].sort(),
    );
    const full = withBaselineCopies(reply, baseline.result).result;
    const want = toExplorerResult(ref, 10);
    const maxRel = (a: unknown, b: unknown, path: string): number => {
      if (typeof b === 'number') {
        expect(typeof a, path).toBe('number');
        return Math.abs((a as number) - b) / Math.max(Math.abs(b), 1e-300);
      }
      if (b === null || typeof b !== 'object') {
        expect(a, path).toEqual(b);
        return 0;
      }
      // JSON drops undefined members (the Lorenz curve's origin has no region).
      const defined = (o: object) => Object.entries(o).flatMap(([k, v]) => (v === undefined ? [] : [k]));
      const keys = defined(b);
      expect(defined(a as object), path).toEqual(keys);
      let m = 0;
      for (const k of keys)
        m = Math.max(
          m,
          maxRel((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`),
        );
      return m;
    };
    expect(maxRel(full.flows, want.flows, 'flows')).toBeLessThan(1e-9);
    expect(maxRel(full.roles, want.roles, 'roles')).toBeLessThan(1e-9);
    expect(maxRel(full.inequality, want.inequality, 'inequality')).toBeLessThan(1e-9);
    for (const e of ref.emissions)
      expect(rel(emis(r.json, e.precursor), e.baseline.values)).toBeLessThan(1e-12);
  });

  it('scaling all final demand by 0.9 scales production emissions by 0.9 (direct unchanged) and says it refactorised', async () => {
    const r = await post({
      finalDemand: [{ producers: 'all', consumers: 'all', sectors: 'all', factor: 0.9 }],
    });
    expect(r.status).toBe(200);
    expect(r.json.timing.path).toBe('refactorised');
    expect(r.json.timing.stages.rebalanceAndDecompose).toBeGreaterThan(0);
    const ds = loadDefaultDataset();
    const so2 = ds.mrio.satellites.find((s) => s.precursor === 'SO2')!;
    const b = emis(baseline, 'SO2');
    const s = emis(r.json, 'SO2');
    meta.regions.forEach((_, k) => {
      const d = so2.direct?.[k] ?? 0;
      expect(s[k]! / (0.9 * (b[k]! - d) + d)).toBeCloseTo(1, 6);
    });
  });

  it('threshold and VSL: a doubled VSL doubles mortality money at equal deaths', async () => {
    const a = await post({ conventions: { threshold: 5 } });
    const v = meta.vsl.default!;
    const b = await post({ conventions: { threshold: 5, vsl: 2 * v } });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const deaths = (r: ExplorerResponse) => r.result.keyFigures.find((k) => k.id === 'deaths')!.value!;
    const money = (r: ExplorerResponse) => r.result.keyFigures.find((k) => k.id === 'money')!.value!;
    expect(deaths(b.json)).toBeCloseTo(deaths(a.json), 9);
    expect(money(b.json)).toBeGreaterThan(1.5 * money(a.json));
    expect(a.json.result.threshold).toBe(5);
  });
});

describe('conventions are never a policy effect', () => {
  const deaths = (r: ExplorerResponse) => r.result.keyFigures.find((k) => k.id === 'deaths')!.value!;

  it('a convention change alone is the baseline of those conventions, labelled with them', async () => {
    const five = await post({ conventions: { threshold: 5 } }, false, 'baseline');
    expect(five.status).toBe(200);
    expect(five.json.timing.path).toBe('baseline');
    expect(five.json.result.conventions?.threshold).toBe(5);
    expect(five.json.result.conventions?.label).toMatch(/^5 µg\/m³/);
    // Not the 10 µg/m³ baseline: a different number, but reported as a baseline, never a change.
    expect(deaths(five.json)).not.toBe(deaths(baseline));
    const whatIf = await post({ conventions: { threshold: 5 } });
    expect(whatIf.json.timing.path).toBe('baseline');
    expect(deaths(whatIf.json)).toBe(deaths(five.json));
    const layer = whatIf.json.result.map.find((m) => m.id === 'deaths_suffered')!;
    const base5 = five.json.result.map.find((m) => m.id === 'deaths_suffered')!;
    expect(layer.values).toEqual(base5.values);
    expect(baseline.result.conventions?.threshold).toBe(10);
  });

  it('every convention changes the baseline it is compared with: a retrofit under GEMM changes deaths by its own effect only', async () => {
    const conventions = { erf: 'gemm' as const, accounting: 'pif' as const, threshold: 15 as const };
    const base = await post({ conventions }, false, 'baseline');
    const intensity = [{ regions: ['Hebei', 'Shanxi'], sectors: 'all', factors: { SO2: 0.7, PPM: 0.8 } }];
    const r = await post({ conventions, intensity });
    expect(r.status).toBe(200);
    expect(r.json.result.conventions).toEqual(base.json.result.conventions);
    const layer = r.json.result.map.find((m) => m.id === 'deaths_suffered')!;
    const b = base.json.result.map.find((m) => m.id === 'deaths_suffered')!;
    // The change interval is of (scenario − this baseline) per draw: it brackets that difference.
    for (let k = 0; k < meta.regions.length; k++) {
      const change = layer.values[k]! - b.values[k]!;
      const tol = 1e-9 * Math.abs(b.values[k]!);
      expect(layer.changeP025![k]!).toBeLessThanOrEqual(change + tol);
      expect(layer.changeP975![k]!).toBeGreaterThanOrEqual(change - tol);
    }
    // Against the default-convention baseline the "change" would be mostly the convention's.
    const policy = deaths(r.json) - deaths(base.json);
    expect(Math.abs(policy)).toBeLessThan(Math.abs(deaths(r.json) - deaths(baseline)));
  });

  it('POST /api/baseline refuses policy levers (400 naming the field)', async () => {
    const r = await post({ intensity: [] }, false, 'baseline');
    expect(r.status).toBe(400);
    expect(r.json.field).toBe('intensity');
  });
});

describe('POST /api/scenario-file: what Save writes', () => {
  it('the canonical file, its SHA-256 and the commands that re-run it', async () => {
    const body = {
      name: 'ULE Hebei',
      conventions: { threshold: 15, erf: 'gemm' },
      intensity: [{ regions: ['Hebei'], sectors: 'all', factors: { SO2: 0.5 } }],
    };
    const res = await fetch(`${app.url}api/scenario-file`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    const f = (await res.json()) as {
      fileName: string;
      text: string;
      sha256: string;
      commands: { reproduce: string; fullPrecision: string };
    };
    expect(f.fileName).toBe('ULE_Hebei.json');
    expect(f.sha256).toBe(sha256Text(f.text));
    const parsed = JSON.parse(f.text);
    expect(parsed.format).toBe('vchain.scenario/1');
    expect(parsed.conventions).toEqual({ threshold: 15, erf: 'gemm' });
    expect(f.text).toBe(scenarioFileText({ ...parsed, finalDemand: [], trade: [] }));
    expect(f.commands.reproduce).toBe(
      `vchain run --scenario ULE_Hebei.json --draws ${meta.reproduce.draws} --seed ${meta.reproduce.seed} --out vchain-ULE_Hebei-draws${meta.reproduce.draws}`,
    );
    expect(f.commands.fullPrecision).toBe('vchain run --scenario ULE_Hebei.json --out vchain-ULE_Hebei');
  });
});

describe('POST /api/scenario: invalid requests', () => {
  const cases: [string, unknown, string][] = [
    ['unknown top-level field', { foo: 1 }, 'foo'],
    ['threshold not offered', { conventions: { threshold: 7 } }, 'conventions.threshold'],
    ['unknown convention', { conventions: { erf: 'ier2019' } }, 'conventions.erf'],
    ['a convention at the top level', { threshold: 10 }, 'threshold'],
    [
      'factor above the limit',
      { intensity: [{ regions: 'all', sectors: 'all', factors: { SO2: 7 } }] },
      'intensity[0].factors.SO2',
    ],
    [
      'negative factor',
      { finalDemand: [{ producers: 'all', consumers: 'all', sectors: 'all', factor: -1 }] },
      'finalDemand[0].factor',
    ],
    [
      'unknown province',
      { intensity: [{ regions: ['Atlantis'], sectors: 'all', factors: { NOx: 0.5 } }] },
      'intensity[0].regions[0]',
    ],
    [
      'unknown precursor',
      { intensity: [{ regions: 'all', sectors: 'all', factors: { CO2: 0.5 } }] },
      'intensity[0].factors.CO2',
    ],
    [
      'unknown rule field',
      { trade: [{ from: 'all', to: 'all', sectors: 'all', factor: 1, via: 'x' }] },
      'trade[0].via',
    ],
    ['VSL out of range', { conventions: { vsl: 1 } }, 'conventions.vsl'],
    ['not an object', [1, 2], '(body)'],
    ['string where number', { conventions: { threshold: '10' } }, 'conventions.threshold'],
  ];
  for (const [what, body, field] of cases)
    it(`400 for ${what}, naming ${field}`, async () => {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(r.json.field).toBe(field);
      expect(r.json.error?.startsWith(`${field}:`)).toBe(true);
    });

  it('413 for a body over 1 MiB, and the server keeps serving', async () => {
    const r = await post(JSON.stringify({ name: 'x'.repeat(1_100_000) }), true);
    expect(r.status).toBe(413);
    expect((await post({})).status).toBe(200);
  });

  it('422 for a trade change that makes the table infeasible', async () => {
    const r = await post({ trade: [{ from: 'all', to: 'all', sectors: 'all', factor: 5 }] });
    expect([200, 422]).toContain(r.status);
    if (r.status === 422) expect(r.json.error).toMatch(/^finalDemand\/trade:/);
    expect((await fetch(`${app.url}api/health`)).status).toBe(200);
  });

  it('422 (not 500) for a final demand cut to zero everywhere, naming the field', async () => {
    const r = await post({
      finalDemand: [{ producers: 'all', consumers: 'all', sectors: 'all', factor: 0 }],
    });
    expect(r.status).toBe(422);
    expect(r.json.field).toBe('finalDemand');
    expect(r.json.error).toMatch(/^finalDemand\/trade: the change leaves \S.* producing nothing/);
    expect((await post({})).status).toBe(200);
  });

  it('the API wrote no file under data/ or web/src', () => {
    const after = snapshot();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [p, t] of before) expect(after.get(p), p).toBe(t);
  });
});
