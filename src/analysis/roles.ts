import type { Matrix } from '../linalg/matrix.ts';
import { PRECURSORS, type Precursor, type ProductRole, type SectorRoleClass } from '../mrio/model.ts';
import type { EmissionAccounts } from './emissionAccounts.ts';
import type { ImporterSplit, RoleShares } from './runResult.ts';

export const ROLES: readonly ProductRole[] = ['final', 'resource_energy_intermediate', 'other_intermediate'];

/** Local export content EX_sr per exported sector, split in its final and intermediate terms. */
export interface ExportContent {
  readonly exFinal: Float64Array; // (s·G + r)·N + i
  readonly exIntermediate: Float64Array;
}

/**
 * Role of each exported product (paper §3.4, METHODS §4): the final-goods term of EX_sr is
 * 'final'; the intermediate term is a resource-and-energy or other intermediate by the
 * exported sector's class. Returns amounts per role and exporting region (length G).
 */
export function roleAmounts(
  ex: ExportContent,
  roleClass: readonly SectorRoleClass[],
  G: number,
  N: number,
  weight?: Float64Array, // per exporting region (e.g. damage per tonne), default 1
): Record<ProductRole, Float64Array> {
  const out = {} as Record<ProductRole, Float64Array>;
  for (const r of ROLES) out[r] = new Float64Array(G);
  for (let s = 0; s < G; s++) {
    const w = weight ? weight[s] : 1;
    for (let r = 0; r < G; r++) {
      const base = (s * G + r) * N;
      for (let i = 0; i < N; i++) {
        out.final[s] += w * ex.exFinal[base + i];
        const key =
          roleClass[i] === 'resource_energy' ? 'resource_energy_intermediate' : 'other_intermediate';
        out[key][s] += w * ex.exIntermediate[base + i];
      }
    }
  }
  return out;
}

export function roleShares(
  indicator: string,
  unit: string,
  byRegion: Record<ProductRole, Float64Array>,
): RoleShares {
  const national = {} as Record<ProductRole, number>;
  const nationalShare = {} as Record<ProductRole, number>;
  let total = 0;
  for (const r of ROLES) {
    national[r] = byRegion[r].reduce((a, b) => a + b, 0);
    total += national[r];
  }
  for (const r of ROLES) nationalShare[r] = national[r] / total;
  return {
    indicator,
    unit,
    roles: ROLES,
    byRegion,
    national,
    nationalShare,
    ...(total === 0
      ? { notComputed: { nationalShare: `${indicator} carried by all roles is 0 in total: no shares` } }
      : {}),
  };
}

/** Damage carried by each role: Σ_p (damage per tonne of input (s, p)) × EX tonnes by role. */
export function damageRoleAmounts(
  emissions: Readonly<Record<Precursor, EmissionAccounts>>,
  perTonne: Readonly<Record<Precursor, Float64Array>>,
  roleClass: readonly SectorRoleClass[],
  G: number,
  N: number,
): Record<ProductRole, Float64Array> {
  const out = {} as Record<ProductRole, Float64Array>;
  for (const r of ROLES) out[r] = new Float64Array(G);
  for (const p of PRECURSORS) {
    const a = roleAmounts(emissions[p], roleClass, G, N, perTonne[p]);
    for (const r of ROLES) for (let s = 0; s < G; s++) out[r][s] += a[r][s];
  }
  return out;
}

/** One indicator's local (EX_sr) and upstream (FE_sr) amounts for every pair, G×G each. */
export interface LocalUpstream {
  readonly indicator: string;
  readonly unit: string;
  readonly local: Float64Array;
  readonly upstream: Float64Array;
}

const orderCache = new WeakMap<Matrix, Map<string, readonly number[][]>>();

/** Each exporter's top importers by gross exports (kept per table: what-ifs share it). */
function importerOrders(grossExports: Matrix, G: number, top: number): readonly number[][] {
  let m = orderCache.get(grossExports);
  if (!m) {
    m = new Map();
    orderCache.set(grossExports, m);
  }
  const key = `${G}|${top}`;
  const hit = m.get(key);
  if (hit) return hit;
  const orders = Array.from({ length: G }, (_, s) =>
    [...Array(G).keys()]
      .filter((r) => r !== s && grossExports.data[s * G + r] > 0)
      .sort((a, b) => grossExports.data[s * G + b] - grossExports.data[s * G + a] || a - b)
      .slice(0, top),
  );
  m.set(key, orders);
  return orders;
}

/** Local vs upstream content of each exporter's top importers by gross exports (paper Fig. 5). */
export function topImporterSplits(
  regions: readonly string[],
  grossExports: Matrix,
  indicators: readonly LocalUpstream[],
  top = 10,
): ImporterSplit[] {
  const G = regions.length;
  const orders = importerOrders(grossExports, G, top);
  return regions.map((exporter, s) => {
    const order = orders[s];
    const importers = order.flatMap((r) =>
      indicators.map((ind) => {
        const local = ind.local[s * G + r];
        const upstream = ind.upstream[s * G + r];
        return {
          importer: regions[r],
          indicator: ind.indicator,
          unit: ind.unit,
          local,
          upstream,
          localShare: local + upstream !== 0 ? local / (local + upstream) : Number.NaN,
          ...(local + upstream === 0
            ? { notComputed: { localShare: `no ${ind.indicator} in these exports (local + upstream = 0)` } }
            : {}),
        };
      }),
    );
    return { exporter, importers };
  });
}

/** EX_sr and FE_sr summed over sectors for an indicator's accounts (optionally weighted per emitting region). */
export function localUpstream(
  indicator: string,
  unit: string,
  acc: { exFinal: Float64Array; exIntermediate: Float64Array; feByOrigin: Float64Array },
  G: number,
  N: number,
  weight?: Float64Array,
): LocalUpstream {
  const local = new Float64Array(G * G);
  const upstream = new Float64Array(G * G);
  for (let s = 0; s < G; s++)
    for (let r = 0; r < G; r++) {
      const sr = s * G + r;
      let l = 0;
      for (let i = 0; i < N; i++) l += acc.exFinal[sr * N + i] + acc.exIntermediate[sr * N + i];
      local[sr] = l * (weight ? weight[s] : 1);
      let u = 0;
      for (let t = 0; t < G; t++) u += acc.feByOrigin[sr * G + t] * (weight ? weight[t] : 1);
      upstream[sr] = u;
    }
  return { indicator, unit, local, upstream };
}
