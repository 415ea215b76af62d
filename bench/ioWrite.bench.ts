// `npm run bench io` (with io.bench.ts's read figures): WRITE throughput per format, in MB/s and
// cells/s, on the tables of a random 31 × 42 decomposition with 8 indicators (1.6 M rows) and on
// the same table as an MRIO (pymrio text, long CSV). Also the number formatting alone: the
// shortest-decimal WebAssembly kernel against String(x) into a reused Buffer (the plain-JS path),
// the measurement behind src/io/shortestDecimal.ts. Best of 3 in one process (warm).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtomicOutputDir } from '../src/io/atomicOutput.ts';
import { csvMrioFolderFiles } from '../src/io/csvMrioWriter.ts';
import { pymrioFolderFiles } from '../src/io/pymrioWriter.ts';
import { decimalKernel } from '../src/io/shortestDecimal.ts';
import { toCsv } from '../src/io/tidyCsv.ts';
import { decomposeValueChain } from '../src/mrio/valueChain.ts';
import { writeDecompositionTables } from '../src/report/decompositionTables.ts';
import { randomMrio } from './decomposition.bench.ts';

const best = (f: () => void, runs = 3) => {
  let t = Number.POSITIVE_INFINITY;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    f();
    t = Math.min(t, (performance.now() - t0) / 1000);
  }
  return t;
};
const rate = (what: string, seconds: number, bytes: number, cells: number) =>
  console.log(
    `  ${what.padEnd(44)} ${seconds.toFixed(3)} s  ${(bytes / 2 ** 20 / seconds).toFixed(0).padStart(5)} MB/s  ${(cells / seconds / 1e6).toFixed(1).padStart(5)} M cells/s`,
  );

export async function run(): Promise<void> {
  const m = randomMrio(31, 42, 8);
  const res = decomposeValueChain(m);
  const dir = mkdtempSync(join(tmpdir(), 'vchain-iowrite-'));
  try {
    console.log('decompose tables, 31 × 42, 8 indicators (accounts, bilateral, fe_origin, flows):');
    for (const format of ['csv', 'parquet'] as const) {
      let bytes = 0;
      let cells = 0;
      let k = 0;
      const s = best(() => {
        const out = new AtomicOutputDir(join(dir, `t-${format}-${k++}`));
        const w = writeDecompositionTables(out, res, format);
        out.commit();
        bytes = w.reduce((a, t) => a + t.bytes, 0);
        cells = w.reduce((a, t) => a + t.rows * t.spec.fields.length, 0);
      });
      rate(
        `${format} (tableWriter${format === 'csv' ? ', wasm decimals' : ', hyparquet-writer'})`,
        s,
        bytes,
        cells,
      );
    }
    // The string-per-cell writer the decompose command used before (TidyCsv), bilateral only.
    const rows: (string | number)[][] = [];
    for (const acc of res.indicators)
      for (let s = 0; s < 31; s++)
        for (let r = 0; r < 31; r++)
          if (r !== s)
            for (let i = 0; i < 42; i++)
              rows.push([
                acc.indicator,
                acc.unit,
                m.regions[s],
                m.regions[r],
                m.sectors[i],
                'ex_final',
                acc.exFinal[(s * 31 + r) * 42 + i],
              ]);
    let text = '';
    const st = best(() => {
      text = toCsv(['indicator', 'unit', 'from_region', 'to_region', 'sector', 'measure', 'value'], rows);
    });
    rate(
      'csv, string per cell (TidyCsv, one term of bilateral)',
      st,
      Buffer.byteLength(text),
      rows.length * 7,
    );

    console.log('numbers alone (1.28 M doubles of bilateral, into a reused 1 MiB buffer):');
    const vals = Float64Array.from(rows, (r) => r[6] as number);
    const buf = Buffer.allocUnsafe(1 << 20);
    let n1 = 0;
    const sJs = best(() => {
      let pos = 0;
      n1 = 0;
      for (let i = 0; i < vals.length; i++) {
        if (pos > buf.length - 32) {
          n1 += pos;
          pos = 0;
        }
        pos += buf.write(String(vals[i]), pos, 'latin1');
        buf[pos++] = 10;
      }
      n1 += pos;
    });
    rate('String(x) + Buffer.write latin1 (plain JS)', sJs, n1, vals.length);
    const k = decimalKernel(1 << 20);
    let n2 = 0;
    const sWasm = best(() => {
      let pos = k.outputStart;
      n2 = 0;
      for (let i = 0; i < vals.length; i++) {
        if (pos > k.outputEnd - 32) {
          n2 += pos - k.outputStart;
          pos = k.outputStart;
        }
        pos = k.write(vals[i], pos);
        k.bytes[pos++] = 10;
      }
      n2 += pos - k.outputStart;
    });
    rate('shortest-decimal kernel (WebAssembly)', sWasm, n2, vals.length);

    console.log('MRIO writers, 31 × 42 with 8 satellites (in memory):');
    for (const [name, f] of [
      ['pymrio text (pymrioFolderFiles)', pymrioFolderFiles],
      ['long CSV (csvMrioFolderFiles)', csvMrioFolderFiles],
    ] as const) {
      let bytes = 0;
      const s = best(() => {
        bytes = [...f(m).values()].reduce((a, b) => a + b.byteLength, 0);
      }, 2);
      const n = 31 * 42;
      rate(name, s, bytes, n * n + n * 31 * 6 + 8 * n);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
