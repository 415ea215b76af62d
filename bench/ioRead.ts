// One read of an MRIO in a fresh process, for bench/io.bench.ts: prints seconds and peak RSS.
import { type MrioFormat, readMrioTable } from '../src/io/mrioFormats.ts';

const [path, format] = process.argv.slice(2);
const t0 = performance.now();
await readMrioTable(path, format as MrioFormat, { strictColumnSums: false });
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
