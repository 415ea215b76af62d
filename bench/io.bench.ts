// `npm run bench io`: read throughput of every MRIO input format on the real WIOD 2010 table
// (41 × 35, Z 1435², test/fixtures) and, for workbooks, on a CEADs workbook in the published
// layout. Each format is read in a fresh process (what a `vchain` command pays: start-up of the
// reader, JIT warm-up, peak memory) three times, interleaved so that the host's load swings hit
// every format alike, and then warm in this process (best of three).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { csvMrioFolderFiles } from '../src/io/csvMrioWriter.ts';
import { type MrioFormat, readMrioTable } from '../src/io/mrioFormats.ts';
import { ceadsTable, writePublishedCeadsWorkbook } from '../test/io/ceadsFixture.ts';
import { writePymrioParquetFolder, writeWideFolder } from '../test/io/mrioConversions.ts';

const WIOD = 'test/fixtures/test-systems/wiod2013-2010-pymrio';
const CHILD = 'bench/ioRead.ts';

function bytesOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  let n = 0;
  for (const f of readdirSync(path)) n += bytesOf(join(path, f));
  return n;
}

interface Case {
  readonly label: string;
  readonly path: string;
  readonly format: MrioFormat;
}

async function prepare(dir: string): Promise<Case[]> {
  {
    const { mrio } = await readMrioTable(WIOD, undefined, { strictColumnSums: false });
    // Uncompressed pymrio text folder (the layout the issue measured).
    const text = join(dir, 'wiod-pymrio-txt');
    mkdirSync(text, { recursive: true });
    for (const f of readdirSync(WIOD)) {
      const p = join(WIOD, f);
      if (statSync(p).isDirectory()) continue;
      if (f.endsWith('.gz')) writeFileSync(join(text, f.replace(/\.gz$/, '')), gunzipSync(readFileSync(p)));
      else if (f === 'file_parameters.json')
        writeFileSync(join(text, f), readFileSync(p, 'utf8').replaceAll('.txt.gz', '.txt'));
      else writeFileSync(join(text, f), readFileSync(p));
    }
    const csv = join(dir, 'wiod-long-csv');
    mkdirSync(csv, { recursive: true });
    for (const [name, bytes] of csvMrioFolderFiles(mrio)) writeFileSync(join(csv, name), bytes);
    const wide = join(dir, 'wiod-wide-csv');
    writeWideFolder(mrio, wide);
    const parquet = join(dir, 'wiod-pymrio-parquet');
    writePymrioParquetFolder(mrio, parquet);
    const ceads = join(dir, 'ceads-published-10x20.xlsx');
    await writePublishedCeadsWorkbook(ceadsTable(3, 10, 20), ceads);
    const cases: Case[] = [
      { label: 'pymrio text (.txt)', path: text, format: 'pymrio' },
      { label: 'pymrio text (.txt.gz)', path: WIOD, format: 'pymrio' },
      { label: 'pymrio Parquet (snappy)', path: parquet, format: 'pymrio' },
      { label: 'long CSV', path: csv, format: 'csv' },
      { label: 'wide CSV', path: wide, format: 'wide' },
      { label: 'CEADs xlsx 10×20 (published layout)', path: ceads, format: 'ceads' },
    ];
    return cases;
  }
}

/** Cells of numbers a format carries for a table: Z, Y, x and satellites (what the readers parse). */
async function cellsOf(c: Case): Promise<number> {
  const { mrio } = await readMrioTable(c.path, c.format, { strictColumnSums: false });
  return (
    mrio.Z.data.length +
    mrio.finalDemand.Y.data.length +
    mrio.x.length +
    mrio.satellites.length * mrio.x.length
  );
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vchain-bench-io-'));
  try {
    const cases = await prepare(dir);
    const cold = new Map<string, { seconds: number; rss: number }[]>();
    for (let round = 0; round < 3; round++)
      for (const c of cases) {
        const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, c.path, c.format], {
          encoding: 'utf8',
        });
        if (r.status !== 0) throw new Error(`bench io: ${c.label}: ${r.stderr}`);
        const m = JSON.parse(r.stdout) as { seconds: number; maxRssMB: number };
        const list = cold.get(c.label) ?? [];
        list.push({ seconds: m.seconds, rss: m.maxRssMB });
        cold.set(c.label, list);
      }
    console.log(
      'io: read an MRIO (parse + validate), WIOD 2010 41×35 unless named; fresh process = median of 3, warm = best of 3 in-process',
    );
    const rows: string[][] = [
      ['format', 'MB on disk', 'fresh process s', 'peak RSS MB', 'warm s', 'MB/s (warm)', 'M cells/s (warm)'],
    ];
    for (const c of cases) {
      const cells = await cellsOf(c);
      const warm: number[] = [];
      for (let k = 0; k < 3; k++) {
        const t0 = performance.now();
        await readMrioTable(c.path, c.format, { strictColumnSums: false });
        warm.push((performance.now() - t0) / 1000);
      }
      const best = Math.min(...warm);
      const list = cold.get(c.label)!;
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
      const mb = bytesOf(c.path) / 1e6;
      rows.push([
        c.label,
        mb.toFixed(1),
        med(list.map((x) => x.seconds)).toFixed(2),
        med(list.map((x) => x.rss)).toFixed(0),
        best.toFixed(2),
        (mb / best).toFixed(0),
        (cells / best / 1e6).toFixed(1),
      ]);
    }
    const width = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
    for (const r of rows)
      console.log(`  ${r.map((x, j) => (j === 0 ? x.padEnd(width[j]) : x.padStart(width[j]))).join('  ')}`);
    const get = (label: string) => rows.find((r) => r[0] === label)!;
    const txt = get('pymrio text (.txt)');
    const csv = get('long CSV');
    console.log(
      `io: long CSV vs pymrio text, fresh process: time ${(Number(csv[2]) / Number(txt[2])).toFixed(2)}×, peak RSS ${(Number(csv[3]) / Number(txt[3])).toFixed(2)}× (target ≤ 2×)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
