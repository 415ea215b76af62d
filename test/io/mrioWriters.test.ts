import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvMrio } from '../../src/io/csvMrioReader.ts';
import { csvMrioFolderFiles } from '../../src/io/csvMrioWriter.ts';
import { loadDefaultDataset } from '../../src/io/defaultDataset.ts';
import { ExportError } from '../../src/io/exactText.ts';
import { readPymrioFolder } from '../../src/io/pymrioReader.ts';
import { pymrioFolderFiles } from '../../src/io/pymrioWriter.ts';
import { assembleMrio } from '../../src/mrio/construct.ts';
import type { Mrio, SatelliteAccount } from '../../src/mrio/model.ts';
import type { IndicatorAccounts } from '../../src/mrio/results.ts';
import { decomposeValueChain } from '../../src/mrio/valueChain.ts';
import { FIXTURES } from '../mrio/systems.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'vchain-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeFiles(dir: string, files: Map<string, Uint8Array>): string {
  for (const [name, bytes] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return dir;
}

/** Bit-for-bit equality of two double arrays (distinguishes −0 and +0). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return (
    a.length === b.length &&
    Buffer.compare(
      Buffer.from(a.buffer, a.byteOffset, a.byteLength),
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    ) === 0
  );
}

function expectSameTable(back: Mrio, m: Mrio): void {
  expect(back.regions).toEqual(m.regions);
  expect(back.sectors).toEqual(m.sectors);
  expect(back.monetaryUnit).toBe(m.monetaryUnit);
  expect(back.finalDemand.categories).toEqual(m.finalDemand.categories);
  expect(sameBits(back.Z.data, m.Z.data), 'Z').toBe(true);
  expect(sameBits(back.finalDemand.Y.data, m.finalDemand.Y.data), 'Y').toBe(true);
  expect(sameBits(back.x, m.x), 'x').toBe(true);
}

function expectSameSatellite(back: SatelliteAccount | undefined, s: SatelliteAccount): void {
  expect(back, s.name).toBeDefined();
  expect(back!.unit).toBe(s.unit);
  expect(sameBits(back!.values, s.values), `${s.name} values`).toBe(true);
  if (s.direct) expect(sameBits(back!.direct!, s.direct), `${s.name} direct`).toBe(true);
  else expect(back!.direct).toBeUndefined();
}

const ACCOUNT_ARRAYS = [
  'production',
  'intraRegional',
  'importsEmbodied',
  'finalExports',
  'intermediateExports',
  'consumption',
  'exFinal',
  'exIntermediate',
  'feFinal',
  'feIntermediate',
  'feByOrigin',
] as const;

/** Every array of two decompositions, bit for bit (same doubles in, same operations: same doubles out). */
function expectSameDecomposition(a: readonly IndicatorAccounts[], b: readonly IndicatorAccounts[]): void {
  expect(b.map((x) => x.indicator)).toEqual(a.map((x) => x.indicator));
  a.forEach((x, k) => {
    for (const key of ACCOUNT_ARRAYS) expect(sameBits(b[k][key], x[key]), `${x.indicator} ${key}`).toBe(true);
    expect(sameBits(b[k].flows.data, x.flows.data), `${x.indicator} flows`).toBe(true);
    if (x.direct) expect(sameBits(b[k].direct!, x.direct), `${x.indicator} direct`).toBe(true);
  });
}

/** The first `g` regions of a table (all sectors, categories of those regions): a smaller valid MRIO. */
function regionSlice(m: Mrio, g: number): Mrio {
  const N = m.sectors.length;
  const K = m.finalDemand.categories.length;
  const G = m.regions.length;
  const n = g * N;
  const Z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Z[i * n + j] = m.Z.data[i * G * N + j];
  const Y = new Float64Array(n * g * K);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < g * K; c++) Y[i * g * K + c] = m.finalDemand.Y.data[i * G * K + c];
  return assembleMrio({
    name: `${m.name}-slice`,
    regions: m.regions.slice(0, g),
    sectors: m.sectors,
    monetaryUnit: m.monetaryUnit,
    Z: { rows: n, cols: n, data: Z },
    categories: m.finalDemand.categories,
    Y: { rows: n, cols: g * K, data: Y },
    x: m.x.slice(0, n),
    satellites: m.satellites.map((s) => ({
      ...s,
      values: s.values.slice(0, n),
      ...(s.direct ? { direct: s.direct.slice(0, g) } : {}),
    })),
    primaryInputs: (m.primaryInputs ?? []).map((p) => ({ name: p.name, values: p.values.slice(0, n) })),
  });
}

/** 2 regions × 2 sectors with numbers that a lossy writer would change. */
function awkwardMrio(sector2 = 'b, "quoted"'): Mrio {
  const awkward = [0.1 + 0.2, 1e-310, -0, 5e-324, 1 / 3, 2 ** -40, 123456789.12345679, 7e-7];
  const Z = Float64Array.from({ length: 16 }, (_, k) => awkward[k % awkward.length]);
  const Y = Float64Array.from({ length: 4 * 4 }, (_, k) => (k % 3 === 0 ? 0 : 1e21 / (k + 1)));
  const x = Float64Array.from({ length: 4 }, (_, k) => 1.7976931348623157e308 / (k + 2));
  return assembleMrio({
    name: 'awkward',
    regions: ['R1', 'R2'],
    sectors: ['a', sector2],
    monetaryUnit: 'M USD',
    Z: { rows: 4, cols: 4, data: Z },
    categories: ['households', 'exports'],
    Y: { rows: 4, cols: 4, data: Y },
    x,
    satellites: [
      {
        name: 'SO2',
        unit: 't',
        kind: 'emission',
        precursor: 'SO2',
        values: Float64Array.from([-0, 0.1, 3e-300, -2.5]),
        direct: Float64Array.from([0.7, 1e-9]),
      },
      { name: 'jobs', unit: 'persons', kind: 'employment', values: Float64Array.from([1, 2, 3, 4]) },
    ],
    primaryInputs: [{ name: 'value added', values: Float64Array.from([0.3, 1e300, 2, 4]) }],
  });
}

describe('pymrio writer', () => {
  it('round trip of the embedded default dataset: identical Z, Y, x, satellites, primary inputs; identical decomposition', () => {
    const d = loadDefaultDataset();
    const m = d.mrio;
    const files = pymrioFolderFiles(m, { population: d.population, description: d.provenance.title });
    const back = readPymrioFolder(writeFiles(join(tmp, 'default-pymrio'), files));
    expectSameTable(back, m);
    for (const s of m.satellites)
      expectSameSatellite(
        back.satellites.find((b) => b.name === s.name),
        s,
      );
    // Primary inputs come back as the rows of the primary_inputs extension.
    for (const p of m.primaryInputs ?? []) {
      const b = back.satellites.find((s) => s.name === p.name || s.name === `primary_inputs:${p.name}`);
      expect(b, p.name).toBeDefined();
      expect(sameBits(b!.values, p.values)).toBe(true);
    }
    const names = m.satellites.map((s) => s.name);
    expectSameDecomposition(
      decomposeValueChain(m, { indicators: names }).indicators,
      decomposeValueChain(back, { indicators: names }).indicators,
    );
  });

  it('writes pandas’ layout: multi-row headers, index-name row, file_parameters', () => {
    const files = pymrioFolderFiles(awkwardMrio('b'));
    const text = (f: string) => Buffer.from(files.get(f)!).toString('utf8').split('\n');
    expect(text('Z.txt').slice(0, 3)).toEqual([
      'region\t\tR1\tR1\tR2\tR2',
      'sector\t\ta\tb\ta\tb',
      'region\tsector\t\t\t\t',
    ]);
    expect(text('Y.txt')[1]).toBe('category\t\thouseholds\texports\thouseholds\texports');
    expect(text('x.txt')[0]).toBe('region\tsector\tindout');
    expect(text('unit.txt').slice(0, 2)).toEqual(['region\tsector\tunit', 'R1\ta\tM USD']);
    expect(text('emission/F.txt')[2]).toBe('stressor\t\t\t\t');
    expect(text('emission/F_Y.txt')[3]).toBe('SO2\t0.7\t0\t1e-9\t0');
    expect(text('emission/unit.txt')).toEqual(['stressor\tunit', 'SO2\tt', '']);
    expect(JSON.parse(Buffer.from(files.get('emission/file_parameters.json')!).toString())).toEqual({
      files: {
        F: { name: 'F.txt', nr_index_col: '1', nr_header: '2' },
        F_Y: { name: 'F_Y.txt', nr_index_col: '1', nr_header: '2' },
        unit: { name: 'unit.txt', nr_index_col: '1', nr_header: '1' },
      },
      systemtype: 'Extension',
      name: 'emission',
    });
    expect(files.has('employment/F_Y.txt')).toBe(false);
    expect([...files.keys()].filter((k) => k.startsWith('primary_inputs/'))).toHaveLength(3);
  });

  it('writes the header lines pymrio itself wrote for its test system', () => {
    const dir = join(FIXTURES, 'pymrio-test-mrio');
    const m = readPymrioFolder(dir);
    const population = {
      regions: m.regions,
      unit: 'persons',
      values: Float64Array.from([78, 370, 82, 29, 46, 85], (v) => v * 1e7),
    };
    const files = pymrioFolderFiles(m, { population });
    const ours = (f: string) => Buffer.from(files.get(f)!).toString('utf8').split('\n');
    const theirs = (f: string) => readFileSync(join(dir, f), 'utf8').split('\n');
    for (const f of ['Z.txt', 'Y.txt']) {
      expect(ours(f).slice(0, 3), f).toEqual(theirs(f).slice(0, 3));
      // Row labels of every data line.
      expect(ours(f).map((l) => l.split('\t').slice(0, 2).join('\t'))).toEqual(
        theirs(f).map((l) => l.split('\t').slice(0, 2).join('\t')),
      );
    }
    expect(ours('unit.txt')).toEqual(theirs('unit.txt'));
    expect(ours('population.txt')).toEqual(theirs('population.txt'));
    // pymrio's 'Value Added' extension has a one-level row index like ours.
    expect(ours('other/F.txt').slice(0, 2)).toEqual(theirs('factor_inputs/F.txt').slice(0, 2));
    const twice = pymrioFolderFiles(m, { population });
    for (const [k, v] of files) expect(Buffer.compare(Buffer.from(v), Buffer.from(twice.get(k)!)), k).toBe(0);
  });

  it('keeps awkward doubles bit for bit (subnormals, −0, 1e21, max double)', () => {
    const m = awkwardMrio('b');
    const back = readPymrioFolder(writeFiles(join(tmp, 'awkward-pymrio'), pymrioFolderFiles(m)));
    expectSameTable(back, m);
    for (const s of m.satellites)
      expectSameSatellite(
        back.satellites.find((b) => b.name === s.name),
        s,
      );
  });

  it('refuses what it cannot write exactly, naming the cell or label', () => {
    const m = awkwardMrio('b');
    const bad = { ...m, x: Float64Array.from([1, Number.NaN, 1, 1]) };
    expect(() => pymrioFolderFiles(bad)).toThrow(ExportError);
    expect(() => pymrioFolderFiles(bad)).toThrow(/x\[R1 \/ b\]: NaN/);
    expect(() => pymrioFolderFiles({ ...m, sectors: ['a', 'b\tc'] })).toThrow(
      /sector 'b\tc' cannot be exported/,
    );
  });
});

describe('CSV writer', () => {
  it('round trip: identical Z, Y, x, satellites (kind, precursor, direct), primary inputs; identical decomposition', () => {
    // Five provinces × 42 sectors of the default dataset (the full table is 180 MB of CSV).
    const m = regionSlice(loadDefaultDataset().mrio, 5);
    const back = readCsvMrio(writeFiles(join(tmp, 'slice-csv'), csvMrioFolderFiles(m)));
    expectSameTable(back, m);
    expect(back.satellites.map((s) => [s.name, s.kind, s.precursor])).toEqual(
      m.satellites.map((s) => [s.name, s.kind, s.precursor]),
    );
    m.satellites.forEach((s, k) => {
      expectSameSatellite(back.satellites[k], s);
    });
    expect(back.primaryInputs!.map((p) => p.name)).toEqual(m.primaryInputs!.map((p) => p.name));
    m.primaryInputs!.forEach((p, k) => {
      expect(sameBits(back.primaryInputs![k].values, p.values)).toBe(true);
    });
    expectSameDecomposition(decomposeValueChain(m).indicators, decomposeValueChain(back).indicators);
  });

  it('keeps awkward doubles and labels with commas and quotes', () => {
    const m = awkwardMrio();
    const back = readCsvMrio(writeFiles(join(tmp, 'awkward-csv'), csvMrioFolderFiles(m)));
    expectSameTable(back, m);
    m.satellites.forEach((s, k) => {
      expectSameSatellite(back.satellites[k], s);
    });
    expect(back.satellites[0].precursor).toBe('SO2');
    expect(sameBits(back.primaryInputs![0].values, m.primaryInputs![0].values)).toBe(true);
  });
});

describe('vchain dataset export', () => {
  const vchain = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
      timeout: 240_000,
    });

  it('writes the default dataset as a pymrio folder that reads back identically', () => {
    const out = join(tmp, 'cli-pymrio');
    const r = vchain(['dataset', 'export', '--format', 'pymrio', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/31 regions × 42 sectors/);
    expect(readdirSync(tmp).filter((f) => f.startsWith('.'))).toEqual([]);
    expectSameTable(readPymrioFolder(out), loadDefaultDataset().mrio);
  }, 240_000);

  it('rejects an unknown format with exit 2 and writes nothing', () => {
    const out = join(tmp, 'cli-bad');
    const r = vchain(['dataset', 'export', '--format', 'xlsx', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown format 'xlsx'; expected pymrio or csv/);
    expect(existsSync(out)).toBe(false);
  }, 240_000);
});
