import type { AtomicOutputDir } from '../io/atomicOutput.ts';
import {
  chooseTableFormat,
  csvLabel,
  type Label,
  labelRun,
  openTable,
  type TableSpec,
  type TablesOption,
  type TableWriter,
  tableField,
  type WrittenTable,
} from '../io/tableWriter.ts';
import type { ValueChainResult } from '../mrio/results.ts';

/** The tidy tables of `vchain decompose` (docs/formats.md, "decompose outputs"). */

const f = tableField;

const INDICATOR = f('indicator', 'string', 'satellite account (indicator) decomposed');
const UNIT = f('unit', 'string', "unit of this row's value: the indicator's unit as given in the table");
const VALUE = f('value', 'number', 'the amount, in the unit of the `unit` column');
const FROM = f('from_region', 'string', 'exporting region s');
const TO = f('to_region', 'string', 'importing region r');

export const ACCOUNTS_TABLE: TableSpec = {
  name: 'accounts',
  description:
    'Per region and sector (sector ALL: region total): production- and consumption-based accounts, the four parts of the production account and local/upstream content of exports (METHODS §2–4)',
  fields: [
    INDICATOR,
    UNIT,
    f('region', 'string', 'region s'),
    f('sector', 'string', 'sector i of region s, or ALL for the region total'),
    f(
      'measure',
      'string',
      'production | intra_regional | imports_embodied | final_exports | intermediate_exports | local_exports | upstream_exports | consumption | direct',
    ),
    VALUE,
  ],
};

export const BILATERAL_TABLE: TableSpec = {
  name: 'bilateral',
  description:
    'EX_sr and FE_sr content terms of exports from region s to region r per exported sector (ALL: sum over sectors), split by final and intermediate use (METHODS §4)',
  fields: [
    INDICATOR,
    UNIT,
    FROM,
    TO,
    f('sector', 'string', 'exported sector of region s, or ALL'),
    f('measure', 'string', 'ex_final | ex_intermediate | fe_final | fe_intermediate'),
    VALUE,
  ],
};

export const FE_ORIGIN_TABLE: TableSpec = {
  name: 'fe_origin',
  description: 'FE_sr (foreign content of exports from s to r) by the region t where it arises (METHODS §4)',
  fields: [
    INDICATOR,
    UNIT,
    FROM,
    TO,
    f('origin_region', 'string', 'region t where the upstream amount arises'),
    VALUE,
  ],
};

export const FLOWS_TABLE: TableSpec = {
  name: 'flows',
  description:
    'Amount arising in region s (from_region) driven by final demand of region r (to_region) (METHODS §3)',
  fields: [INDICATOR, UNIT, FROM, TO, VALUE],
};

export const INVERSE_TABLE: TableSpec = {
  name: 'leontief_inverse',
  description: 'Leontief inverse B = (I − A)⁻¹, one row per element (with --full-inverse)',
  fields: [
    f('from_region', 'string', 'row region'),
    f('from_sector', 'string', 'row sector'),
    f('to_region', 'string', 'column region'),
    f('to_sector', 'string', 'column sector'),
    f(
      'value',
      'number',
      'B element: output of the row sector per unit of final demand for the column sector',
      '1',
    ),
  ],
};

const avgLength = (xs: readonly string[]) => xs.reduce((a, s) => a + s.length, 0) / Math.max(1, xs.length);
/** Typical characters of a number in shortest round-trip form, with its comma. */
const NUMBER_BYTES = 20;

/** Rows and estimated CSV bytes of each table, for the choice of format before writing. */
export function decompositionTableSizes(
  regions: readonly string[],
  sectors: readonly string[],
  indicators: readonly { readonly name: string; readonly unit: string }[],
  fullInverse: boolean,
): Record<string, { rows: number; bytes: number }> {
  const G = regions.length;
  const N = sectors.length;
  const K = indicators.length;
  const ind = avgLength(indicators.map((a) => a.name)) + avgLength(indicators.map((a) => a.unit)) + 2;
  const reg = avgLength(regions) + 1;
  const sec = Math.max(3, avgLength(sectors)) + 1;
  const size = (rows: number, rowBytes: number) => ({ rows, bytes: rows * (rowBytes + NUMBER_BYTES) });
  const sizes: Record<string, { rows: number; bytes: number }> = {
    accounts: size(K * G * (7 * (N + 1) + 2), ind + reg + sec + 16),
    bilateral: size(K * G * (G - 1) * 4 * (N + 1), ind + 2 * reg + sec + 15),
    fe_origin: size(K * G * (G - 1) * (G - 1), ind + 3 * reg),
    flows: size(K * G * G, ind + 2 * reg),
  };
  if (fullInverse) sizes.leontief_inverse = size((G * N) ** 2, 2 * reg + 2 * sec);
  return sizes;
}

/** Writes the tidy tables of a decomposition into an (atomic) output folder. */
export function writeDecompositionTables(
  out: AtomicOutputDir,
  res: ValueChainResult,
  tables: TablesOption,
): WrittenTable[] {
  const { regions, sectors } = res;
  const G = regions.length;
  const N = sectors.length;
  const sizes = decompositionTableSizes(
    regions,
    sectors,
    res.indicators.map((a) => ({ name: a.indicator, unit: a.unit })),
    res.leontiefInverse !== undefined,
  );
  const open = (spec: TableSpec) =>
    openTable(out, spec, chooseTableFormat(tables, sizes[spec.name].bytes), sizes[spec.name].rows);
  const writers: TableWriter[] = [];
  const track = (w: TableWriter) => {
    writers.push(w);
    return w;
  };
  try {
    const accounts = track(open(ACCOUNTS_TABLE));
    const bilateral = track(open(BILATERAL_TABLE));
    const origin = track(open(FE_ORIGIN_TABLE));
    const flows = track(open(FLOWS_TABLE));
    const R = regions.map(csvLabel);
    const S = sectors.map(csvLabel);
    const ALL = csvLabel('ALL');
    const M = (m: string) => csvLabel(m);
    for (const acc of res.indicators) {
      const ind = csvLabel(acc.indicator);
      const unit = csvLabel(acc.unit);
      const local = new Float64Array(G * N);
      const upstream = new Float64Array(G * N);
      for (let s = 0; s < G; s++)
        for (let r = 0; r < G; r++)
          for (let i = 0; i < N; i++) {
            const k = (s * G + r) * N + i;
            local[s * N + i] += acc.exFinal[k] + acc.exIntermediate[k];
            upstream[s * N + i] += acc.feFinal[k] + acc.feIntermediate[k];
          }
      const perSector: [Label, Float64Array][] = [
        [M('production'), acc.production],
        [M('intra_regional'), acc.intraRegional],
        [M('imports_embodied'), acc.importsEmbodied],
        [M('final_exports'), acc.finalExports],
        [M('intermediate_exports'), acc.intermediateExports],
        [M('local_exports'), local],
        [M('upstream_exports'), upstream],
      ];
      const accountRow = (region: Label, sector: Label, measure: Label, v: number) => {
        accounts.label(ind);
        accounts.label(unit);
        accounts.label(region);
        accounts.label(sector);
        accounts.label(measure);
        accounts.num(v);
        accounts.end();
      };
      for (let s = 0; s < G; s++) {
        for (const [measure, v] of perSector) {
          let tot = 0;
          for (let i = 0; i < N; i++) {
            accountRow(R[s], S[i], measure, v[s * N + i]);
            tot += v[s * N + i];
          }
          accountRow(R[s], ALL, measure, tot);
        }
        accountRow(R[s], ALL, M('consumption'), acc.consumption[s]);
        if (acc.direct) accountRow(R[s], ALL, M('direct'), acc.direct[s]);
      }
      const terms: [Label, Float64Array][] = [
        [M('ex_final'), acc.exFinal],
        [M('ex_intermediate'), acc.exIntermediate],
        [M('fe_final'), acc.feFinal],
        [M('fe_intermediate'), acc.feIntermediate],
      ];
      for (let s = 0; s < G; s++)
        for (let r = 0; r < G; r++) {
          // indicator, unit, from_region, to_region: one copy per row of flows, bilateral, fe_origin.
          const pair = labelRun([ind, unit, R[s], R[r]]);
          flows.prefix(pair);
          flows.num(acc.flows.data[s * G + r]);
          flows.end();
          if (r === s) continue;
          for (const [measure, v] of terms) {
            let tot = 0;
            for (let i = 0; i <= N; i++) {
              const x = i < N ? v[(s * G + r) * N + i] : tot;
              bilateral.prefix(pair);
              bilateral.label(i < N ? S[i] : ALL);
              bilateral.label(measure);
              bilateral.num(x);
              bilateral.end();
              tot += x;
            }
          }
          for (let t = 0; t < G; t++)
            if (t !== s) {
              origin.prefix(pair);
              origin.label(R[t]);
              origin.num(acc.feByOrigin[(s * G + r) * G + t]);
              origin.end();
            }
        }
    }
    if (res.leontiefInverse) {
      const B = res.leontiefInverse;
      const inv = track(open(INVERSE_TABLE));
      const n = G * N;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          inv.label(R[Math.floor(i / N)]);
          inv.label(S[i % N]);
          inv.label(R[Math.floor(j / N)]);
          inv.label(S[j % N]);
          inv.num(B.data[i * n + j]);
          inv.end();
        }
    }
    return writers.map((w) => w.close());
  } catch (e) {
    for (const w of writers) w.discard();
    throw e;
  }
}
