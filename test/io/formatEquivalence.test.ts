// Done (issue 15, inputs): the real WIOD 2010 table (41 regions × 35 sectors) read from pymrio
// text (gzip), pymrio Parquet, the long CSV folder and the wide CSV layout gives the same doubles
// and so the same value-chain accounts, bit for bit. The conversions are vchain's own long-CSV
// writer and the test scripts of mrioConversions.ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvMrioFolderFiles } from '../../src/io/csvMrioWriter.ts';
import { readMrioTable } from '../../src/io/mrioFormats.ts';
import type { Mrio } from '../../src/mrio/model.ts';
import type { ValueChainResult } from '../../src/mrio/results.ts';
import { decomposeValueChain } from '../../src/mrio/valueChain.ts';
import { FIXTURES } from '../mrio/systems.ts';
import { writePymrioParquetFolder, writeWideFolder } from './mrioConversions.ts';

const WIOD = join(FIXTURES, 'wiod2013-2010-pymrio');
const tmp = mkdtempSync(join(tmpdir(), 'vchain-formats-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeFiles(dir: string, files: Map<string, Uint8Array>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
  return dir;
}

const same = (a: Float64Array, b: Float64Array) =>
  a.length === b.length && a.every((v, k) => Object.is(v, b[k]));

function expectSameTable(m: Mrio, ref: Mrio) {
  expect(m.regions).toEqual(ref.regions);
  expect(m.sectors).toEqual(ref.sectors);
  expect(m.finalDemand.categories).toEqual(ref.finalDemand.categories);
  expect(m.monetaryUnit).toBe(ref.monetaryUnit);
  expect(same(m.Z.data, ref.Z.data)).toBe(true);
  expect(same(m.finalDemand.Y.data, ref.finalDemand.Y.data)).toBe(true);
  expect(same(m.x, ref.x)).toBe(true);
  expect(m.satellites.map((s) => s.name)).toEqual(ref.satellites.map((s) => s.name));
  m.satellites.forEach((s, k) => {
    expect(same(s.values, ref.satellites[k].values)).toBe(true);
  });
}

function expectSameAccounts(r: ValueChainResult, ref: ValueChainResult) {
  expect(r.indicators.length).toBe(ref.indicators.length);
  r.indicators.forEach((a, k) => {
    const b = ref.indicators[k];
    for (const key of [
      'production',
      'consumption',
      'intraRegional',
      'importsEmbodied',
      'finalExports',
      'intermediateExports',
      'exFinal',
      'exIntermediate',
      'feFinal',
      'feIntermediate',
      'feByOrigin',
    ] as const)
      expect(same(a[key], b[key]), `${a.indicator} ${key}`).toBe(true);
    expect(same(a.flows.data, b.flows.data)).toBe(true);
  });
}

describe('WIOD 2010 from every input format', () => {
  const opts = { strictColumnSums: false };
  let ref: Mrio;
  let refResult: ValueChainResult;

  it('reads the pymrio text folder (gzip-compressed tables) and decomposes it', async () => {
    const { mrio, format } = await readMrioTable(WIOD, undefined, opts);
    expect(format).toBe('pymrio');
    expect(mrio.regions).toHaveLength(41);
    expect(mrio.sectors).toHaveLength(35);
    expect(mrio.monetaryUnit).toBe('M.USD');
    ref = mrio;
    refResult = decomposeValueChain(ref, { strictColumnSums: false });
    // The production account of value added is value added itself (f ⊙ x = F).
    const va = ref.satellites[0].values;
    const acc = refResult.indicators[0];
    let total = 0;
    let produced = 0;
    for (let j = 0; j < va.length; j++) {
      total += va[j];
      produced += acc.production[j];
    }
    expect(Math.abs(produced - total) / total).toBeLessThan(1e-12);
  }, 120_000);

  const cases: [string, string, (m: Mrio, dir: string) => void][] = [
    ['long CSV', 'csv', (m, dir) => writeFiles(dir, csvMrioFolderFiles(m))],
    ['wide CSV', 'wide', (m, dir) => writeWideFolder(m, dir)],
    ['pymrio Parquet', 'pymrio', (m, dir) => writePymrioParquetFolder(m, dir)],
  ];
  for (const [what, format, write] of cases)
    it(`${what}: the same doubles and the same accounts, bit for bit`, async () => {
      const dir = join(tmp, format === 'pymrio' ? 'parquet' : format);
      write(ref, dir);
      const { mrio, format: detected } = await readMrioTable(dir, undefined, opts);
      expect(detected).toBe(format);
      expectSameTable(mrio, ref);
      expectSameAccounts(decomposeValueChain(mrio, { strictColumnSums: false }), refResult);
    }, 120_000);
});
