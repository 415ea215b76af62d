// Bad-input corpus, the explorer API (issue 13 §2, docs/explorer.md "Refused what-ifs"): what-ifs
// whose emissions leave the air-quality model's training range get 422 naming the rule and the
// range (never an extrapolated, negative number), and a reply's blanks always carry a reason.
// In-process server on an ephemeral loopback port, as test/server/api.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplorerMeta, ExplorerResponse } from '../../src/server/explorerView.ts';
import { type RunningExplorer, startExplorer } from '../../src/server/startExplorer.ts';

let app: RunningExplorer;
let meta: ExplorerMeta;

beforeAll(async () => {
  app = await startExplorer({ port: 0, host: '127.0.0.1', log: () => {}, settings: { draws: 20 } });
  meta = await (await fetch(`${app.url}api/meta`)).json();
});
afterAll(async () => {
  await app?.close();
});

async function post(body: unknown) {
  const res = await fetch(`${app.url}api/scenario`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: JSON.parse(text) as ExplorerResponse & { error?: string; field?: string },
  };
}

/** 422 naming `field` first in the message, the province and precursor, and the range. */
async function expectRefusedWhatIf(body: unknown, field: string, mentions: readonly (string | RegExp)[]) {
  const r = await post(body);
  expect(r.status, r.text).toBe(422);
  expect(r.json.field).toBe(field);
  expect(r.json.error?.startsWith(`${field}: `)).toBe(true);
  for (const m of mentions) {
    if (typeof m === 'string') expect(r.json.error).toContain(m);
    else expect(r.json.error).toMatch(m);
  }
}

/** Every null number of a reply has its reason beside it (docs/explorer.md). */
function expectExplainedNulls(r: ExplorerResponse) {
  for (const k of r.result.keyFigures) if (k.value === null) expect(k.note, k.id).toBeTruthy();
  for (const m of r.result.inequality)
    for (const f of ['gini', 'cv', 'topRatio', 'concentrationIndex', 'theil'] as const)
      if (m[f] === null) expect(m.notComputed?.[f], `${m.variable}.${f}`).toBeTruthy();
  // What-if replies send entries equal to the baseline's as { sameAsBaseline } (no numbers).
  for (const f of r.result.flows)
    for (const t of f.top ?? []) if (t.share === null) expect(t.note).toBeTruthy();
  for (const s of r.result.roles)
    if (Object.values(s.nationalShare ?? {}).some((v) => v === null))
      expect(s.notComputed?.nationalShare).toBeTruthy();
}

describe('explorer: what-ifs outside the air-quality model’s training range', () => {
  it('meta states the accepted emission ratios', () => {
    expect(meta.limits.emissionRatio).toEqual({ min: 0, max: 1.5 });
  });

  it('every intensity × 5 (gave −195,644 trade-related deaths): 422 naming the rule and the range', async () => {
    await expectRefusedWhatIf(
      {
        intensity: [{ regions: 'all', sectors: 'all', factors: { SO2: 5, NOx: 5, NH3: 5, VOC: 5, PPM: 5 } }],
      },
      'intensity[0].factors.SO2',
      [
        /Beijing SO2 emissions would be [\d.]+ × the baseline/,
        'training range [0, 1.5]',
        'does not extrapolate',
      ],
    );
  });

  it('one precursor in one province × 3', async () => {
    await expectRefusedWhatIf(
      { intensity: [{ regions: ['Hebei'], sectors: 'all', factors: { NOx: 3 } }] },
      'intensity[0].factors.NOx',
      [/Hebei NOx emissions would be [\d.]+ ×/, '[0, 1.5]'],
    );
  });

  it('two rules of × 1.5 each that multiply beyond the range: the first is named', async () => {
    await expectRefusedWhatIf(
      {
        intensity: [
          { regions: ['Hebei'], sectors: 'all', factors: { SO2: 1.5 } },
          { regions: 'all', sectors: 'all', factors: { SO2: 1.5 } },
        ],
      },
      'intensity[0].factors.SO2',
      ['Hebei SO2', '[0, 1.5]'],
    );
  });

  it('all final demand × 2: the demand rule is named', async () => {
    await expectRefusedWhatIf(
      { finalDemand: [{ producers: 'all', consumers: 'all', sectors: 'all', factor: 2 }] },
      'finalDemand[0].factor',
      [/emissions would be [\d.]+ × the baseline/, '[0, 1.5]'],
    );
  });

  it('the server keeps serving after refusals', async () => {
    expect((await fetch(`${app.url}api/health`)).status).toBe(200);
    const r = await post({ intensity: [{ regions: ['Hebei'], sectors: 'all', factors: { SO2: 0.5 } }] });
    expect(r.status).toBe(200);
  });
});

describe('explorer: no blank without a reason', () => {
  it('the baseline: the Theil index of triggered damage is null with its reason; live-mode figures say why they are blank', async () => {
    const base = (await (await fetch(`${app.url}api/baseline`)).json()) as ExplorerResponse;
    const trig = base.result.inequality.find((m) => m.variable === 'damage_triggered')!;
    expect(trig.theil).toBeNull();
    expect(trig.notComputed?.theil).toMatch(/needs non-negative values, and .* is negative in \w+/);
    expect(base.result.keyFigures.find((k) => k.id === 'one_at_a_time')?.note).toMatch(/not run/);
    expectExplainedNulls(base);
  });

  it('every emission removed (all factors 0): 200, every undefined share with its reason, no NaN', async () => {
    const r = await post({
      intensity: [{ regions: 'all', sectors: 'all', factors: { SO2: 0, NOx: 0, NH3: 0, VOC: 0, PPM: 0 } }],
    });
    expect(r.status, r.text).toBe(200);
    expect(r.text).not.toMatch(/NaN|Infinity/);
    expectExplainedNulls(r.json);
  });
});
