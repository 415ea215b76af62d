import type { Mrio } from '../mrio/model.ts';
import { checkLabel, checkTableLabels, exactDecimal, LineBuffer } from './exactText.ts';
import { csvLine } from './tidyCsv.ts';

/**
 * Writes an Mrio in vchain's long-format CSV layout (docs/formats.md §3, read by
 * src/io/csvMrioReader.ts): mrio.json, Z.csv and final_demand.csv (zero entries left out: the
 * reader fills them), output.csv (every entry), satellites.csv (every entry, with kind and
 * precursor; final users' direct amounts as rows with an empty sector), primary_inputs.csv.
 * Numbers as shortest round-trip decimals. Pure: returns the files (name → bytes).
 */

const CONTROL = /[\r\n]/;

export interface CsvExportOptions {
  /** Extra fields kept in mrio.json (the reader ignores unknown keys), e.g. provenance. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** Entries equal to +0 are omitted (the reader's default); −0 is written to keep the bits. */
const isPlusZero = (v: number) => v === 0 && !Object.is(v, -0);

export function csvMrioFolderFiles(m: Mrio, o: CsvExportOptions = {}): Map<string, Uint8Array> {
  const { regions, sectors } = m;
  const cats = m.finalDemand.categories;
  const { G, N, K, n } = checkTableLabels(m, CONTROL);
  const reg = (k: number) => regions[Math.floor(k / N)];
  const sec = (k: number) => sectors[k % N];
  const files = new Map<string, Uint8Array>();
  const meta = { ...o.meta, name: m.name, monetaryUnit: m.monetaryUnit, regions, sectors };
  files.set('mrio.json', Buffer.from(`${JSON.stringify(meta, null, 1)}\n`, 'utf8'));

  const z = new LineBuffer();
  z.line('from_region,from_sector,to_region,to_sector,value');
  const fromLabels = Array.from({ length: n }, (_, k) => csvLine([reg(k), sec(k)]));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = m.Z.data[i * n + j];
      if (isPlusZero(v)) continue;
      z.line(
        `${fromLabels[i]},${fromLabels[j]},${exactDecimal(v, () => `Z[${reg(i)} / ${sec(i)}, ${reg(j)} / ${sec(j)}]`)}`,
      );
    }
  files.set('Z.csv', z.bytes());

  const y = new LineBuffer();
  y.line('from_region,from_sector,to_region,category,value');
  const destLabels = Array.from({ length: G * K }, (_, c) =>
    csvLine([regions[Math.floor(c / K)], cats[c % K]]),
  );
  // A category with no non-zero entry would vanish (the reader takes categories from the rows):
  // its first entry is written even when zero.
  const seen = new Uint8Array(K);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < G * K; c++) {
      const v = m.finalDemand.Y.data[i * G * K + c];
      const k = c % K;
      if (isPlusZero(v) && seen[k]) continue;
      seen[k] = 1;
      y.line(
        `${fromLabels[i]},${destLabels[c]},${exactDecimal(v, () => `Y[${reg(i)} / ${sec(i)}, ${regions[Math.floor(c / K)]} / ${cats[k]}]`)}`,
      );
    }
  files.set('final_demand.csv', y.bytes());

  const x = new LineBuffer();
  x.line('region,sector,value');
  for (let i = 0; i < n; i++)
    x.line(`${fromLabels[i]},${exactDecimal(m.x[i], () => `x[${reg(i)} / ${sec(i)}]`)}`);
  files.set('output.csv', x.bytes());

  if (m.satellites.length > 0) {
    const s = new LineBuffer();
    s.line('account,unit,kind,region,sector,value,precursor');
    for (const a of m.satellites) {
      checkLabel(a.name, 'satellite account', CONTROL);
      const head = csvLine([a.name, a.unit, a.kind]);
      const tail = csvLine([a.precursor ?? '']);
      const where = (k: number) => () => `satellite '${a.name}' [${reg(k)} / ${sec(k)}]`;
      for (let k = 0; k < n; k++)
        s.line(`${head},${fromLabels[k]},${exactDecimal(a.values[k], where(k))},${tail}`);
      if (a.direct)
        for (let r = 0; r < G; r++)
          s.line(
            `${head},${csvLine([regions[r], ''])},${exactDecimal(a.direct[r], () => `direct '${a.name}' [${regions[r]}]`)},${tail}`,
          );
    }
    files.set('satellites.csv', s.bytes());
  }

  if (m.primaryInputs && m.primaryInputs.length > 0) {
    const p = new LineBuffer();
    p.line('input,region,sector,value');
    for (const pi of m.primaryInputs) {
      checkLabel(pi.name, 'primary input', CONTROL);
      const head = csvLine([pi.name]);
      for (let k = 0; k < n; k++)
        p.line(
          `${head},${fromLabels[k]},${exactDecimal(pi.values[k], () => `primary input '${pi.name}' [${reg(k)} / ${sec(k)}]`)}`,
        );
    }
    files.set('primary_inputs.csv', p.bytes());
  }
  return files;
}
