import { assembleMrio } from './construct.ts';
import { MrioError } from './errors.ts';
import type { Mrio, SatelliteAccount } from './model.ts';
import type { ValidationOptions } from './validation.ts';

/**
 * Aggregation of a labelled MRIO onto other regions and sectors through concordances
 * (docs/formats.md §8). A fine label maps to one target (share 1) or is split over several
 * with shares summing to 1; a target gathers any number of fine labels. With C_r and C_s the
 * fine × coarse share matrices and C = C_r ⊗ C_s (region-major): Z' = Cᵀ Z C, Y' = Cᵀ Y (C_r ⊗ I_K),
 * x' = Cᵀ x, F' = F C, direct' = direct C_r, primary inputs V' = V C. Totals are kept
 * (each row of C sums to 1); a split divides a label's flows in fixed proportions, which is an
 * assumption the notes state.
 */

/** One kind of label (regions or sectors) mapped onto targets. */
export interface LabelConcordance {
  /** Target labels, in the order the aggregated table takes. */
  readonly targets: readonly string[];
  readonly entries: readonly { readonly from: string; readonly to: string; readonly share: number }[];
}

export interface Concordance {
  /** Where the concordance comes from (a file name), for notes. */
  readonly source: string;
  readonly regions?: LabelConcordance;
  readonly sectors?: LabelConcordance;
}

/** Per fine label: the targets (indices) and shares, as compressed rows (CSR). */
interface ShareMap {
  readonly targets: readonly string[];
  readonly start: Int32Array; // length fine + 1
  readonly to: Int32Array;
  readonly share: Float64Array;
}

const SHARE_TOLERANCE = 1e-9;

function shareMap(fine: readonly string[], c: LabelConcordance | undefined, what: string): ShareMap {
  if (!c) {
    const start = Int32Array.from({ length: fine.length + 1 }, (_, k) => k);
    return {
      targets: fine,
      start,
      to: Int32Array.from(fine, (_, k) => k),
      share: new Float64Array(fine.length).fill(1),
    };
  }
  const fineIndex = new Map(fine.map((l, k) => [l, k]));
  const targetIndex = new Map(c.targets.map((l, k) => [l, k]));
  const lists: { to: number; share: number }[][] = fine.map(() => []);
  for (const e of c.entries) {
    const i = fineIndex.get(e.from);
    if (i === undefined)
      throw new MrioError(
        `the concordance maps ${what} '${e.from}', which the table does not have`,
        undefined,
        undefined,
        `${what}s of the table: ${fine.join(', ')}`,
      );
    const t = targetIndex.get(e.to);
    if (t === undefined)
      throw new MrioError(`target ${what} '${e.to}' is not among the concordance's targets`);
    if (!(e.share > 0 && e.share <= 1))
      throw new MrioError(
        `share ${e.share} of ${what} '${e.from}' → '${e.to}'`,
        undefined,
        undefined,
        'a share in (0, 1]',
      );
    if (lists[i].some((x) => x.to === t)) throw new MrioError(`${what} '${e.from}' → '${e.to}' given twice`);
    lists[i].push({ to: t, share: e.share });
  }
  const missing = fine.filter((_, k) => lists[k].length === 0);
  if (missing.length > 0)
    throw new MrioError(
      `the concordance does not map the ${what}${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}`,
      undefined,
      undefined,
      `every ${what} of the table mapped`,
    );
  lists.forEach((l, k) => {
    const sum = l.reduce((a, x) => a + x.share, 0);
    if (Math.abs(sum - 1) > SHARE_TOLERANCE)
      throw new MrioError(
        `the shares of ${what} '${fine[k]}' sum to ${sum}`,
        undefined,
        undefined,
        'shares summing to 1 for every label',
      );
  });
  const used = new Set(lists.flatMap((l) => l.map((x) => x.to)));
  const empty = c.targets.filter((_, t) => !used.has(t));
  if (empty.length > 0)
    throw new MrioError(
      `target ${what}${empty.length > 1 ? 's' : ''} ${empty.map((m) => `'${m}'`).join(', ')} receive nothing`,
      undefined,
      undefined,
      'every target fed by at least one label',
    );
  const start = new Int32Array(fine.length + 1);
  lists.forEach((l, k) => {
    start[k + 1] = start[k] + l.length;
  });
  const to = new Int32Array(start[fine.length]);
  const share = new Float64Array(start[fine.length]);
  lists.forEach((l, k) => {
    l.forEach((x, m) => {
      to[start[k] + m] = x.to;
      share[start[k] + m] = x.share;
    });
  });
  return { targets: c.targets, start, to, share };
}

/** The (region, sector) product map, region-major on both sides. */
function productMap(r: ShareMap, s: ShareMap, N: number): ShareMap {
  const G = r.start.length - 1;
  const Nc = s.targets.length;
  const to: number[] = [];
  const share: number[] = [];
  const start = new Int32Array(G * N + 1);
  for (let a = 0; a < G; a++)
    for (let i = 0; i < N; i++) {
      for (let p = r.start[a]; p < r.start[a + 1]; p++)
        for (let q = s.start[i]; q < s.start[i + 1]; q++) {
          to.push(r.to[p] * Nc + s.to[q]);
          share.push(r.share[p] * s.share[q]);
        }
      start[a * N + i + 1] = to.length;
    }
  return { targets: [], start, to: Int32Array.from(to), share: Float64Array.from(share) };
}

/** out[C(i)] += w · v[i] for a vector v (length = fine labels). */
function aggregateVector(v: Float64Array, m: ShareMap, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < m.start.length - 1; i++)
    for (let p = m.start[i]; p < m.start[i + 1]; p++) out[m.to[p]] += m.share[p] * v[i];
  return out;
}

/** Rows by `rows`, columns by `cols`: out = Cᵣᵀ M C꜀ for a row-major matrix M. */
function aggregateMatrix(
  M: Float64Array,
  fineCols: number,
  rows: ShareMap,
  cols: ShareMap,
  outRows: number,
  outCols: number,
): Float64Array {
  const out = new Float64Array(outRows * outCols);
  const fineRows = rows.start.length - 1;
  // First the columns of each fine row into a buffer, then the row's targets.
  const row = new Float64Array(outCols);
  for (let i = 0; i < fineRows; i++) {
    row.fill(0);
    const base = i * fineCols;
    for (let j = 0; j < fineCols; j++) {
      const v = M[base + j];
      if (v === 0) continue;
      for (let q = cols.start[j]; q < cols.start[j + 1]; q++) row[cols.to[q]] += cols.share[q] * v;
    }
    for (let p = rows.start[i]; p < rows.start[i + 1]; p++) {
      const w = rows.share[p];
      const o = rows.to[p] * outCols;
      for (let c = 0; c < outCols; c++) out[o + c] += w * row[c];
    }
  }
  return out;
}

/** Final-demand columns (region r, category k) → (target region, k). */
function demandColumns(r: ShareMap, K: number): ShareMap {
  const G = r.start.length - 1;
  const to: number[] = [];
  const share: number[] = [];
  const start = new Int32Array(G * K + 1);
  for (let a = 0; a < G; a++)
    for (let k = 0; k < K; k++) {
      for (let p = r.start[a]; p < r.start[a + 1]; p++) {
        to.push(r.to[p] * K + k);
        share.push(r.share[p]);
      }
      start[a * K + k + 1] = to.length;
    }
  return { targets: [], start, to: Int32Array.from(to), share: Float64Array.from(share) };
}

function describe(c: LabelConcordance | undefined, fine: number, what: string): string | undefined {
  if (!c) return undefined;
  const splits = new Map<string, string[]>();
  for (const e of c.entries)
    if (e.share !== 1) {
      const l = splits.get(e.from) ?? [];
      l.push(`${e.to} ${e.share}`);
      splits.set(e.from, l);
    }
  const split =
    splits.size > 0
      ? `; split in fixed shares (an assumption): ${[...splits].map(([f, l]) => `${f} → ${l.join(', ')}`).join('; ')}`
      : '';
  return `${fine} ${what}s → ${c.targets.length}${split}`;
}

/**
 * The table aggregated through `c` (see the module comment), validated like a table read from
 * a file. Labels the concordance leaves out are an error, as are unknown ones.
 */
export function aggregateMrio(m: Mrio, c: Concordance, options: ValidationOptions = {}): Mrio {
  const G = m.regions.length;
  const N = m.sectors.length;
  const n = G * N;
  const K = m.finalDemand.categories.length;
  const rm = shareMap(m.regions, c.regions, 'region');
  const sm = shareMap(m.sectors, c.sectors, 'sector');
  const G2 = rm.targets.length;
  const N2 = sm.targets.length;
  const n2 = G2 * N2;
  const cell = productMap(rm, sm, N);
  const Z = aggregateMatrix(m.Z.data, n, cell, cell, n2, n2);
  const Y = aggregateMatrix(m.finalDemand.Y.data, G * K, cell, demandColumns(rm, K), n2, G2 * K);
  const x = aggregateVector(m.x, cell, n2);
  const satellites: SatelliteAccount[] = m.satellites.map((s) => ({
    ...s,
    values: aggregateVector(s.values, cell, n2),
    ...(s.direct ? { direct: aggregateVector(s.direct, rm, G2) } : {}),
  }));
  const primaryInputs = m.primaryInputs?.map((p) => ({
    name: p.name,
    values: aggregateVector(p.values, cell, n2),
  }));
  const what = [describe(c.regions, G, 'region'), describe(c.sectors, N, 'sector')]
    .filter(Boolean)
    .join('; ');
  return assembleMrio(
    {
      name: m.name,
      regions: [...rm.targets],
      sectors: [...sm.targets],
      monetaryUnit: m.monetaryUnit,
      Z: { rows: n2, cols: n2, data: Z },
      categories: m.finalDemand.categories,
      Y: { rows: n2, cols: G2 * K, data: Y },
      x,
      satellites,
      ...(primaryInputs ? { primaryInputs } : {}),
      warnings: m.warnings ?? [],
      notes: [...(m.notes ?? []), `aggregated with ${c.source}: ${what || 'identity'}`],
    },
    options,
  );
}
