import type { Matrix } from '../linalg/matrix.ts';
import { MrioError } from './errors.ts';
import type { ProductRole, RegionMatrix, RegionVector, SectorRoleClass } from './model.ts';
import type { IndicatorAccounts } from './results.ts';

export const PRODUCT_ROLES: readonly ProductRole[] = [
  'final',
  'resource_energy_intermediate',
  'other_intermediate',
];

/** Impacts of exports by the role of the exported product (METHODS §4, paper §3.4). */
export interface ProductRoleAccounts {
  readonly indicator: string;
  readonly unit: string;
  readonly regions: readonly string[];
  readonly roles: readonly ProductRole[];
  /** G × 3 (exporting region × role): Σ_r EX_sr, local impacts in the exporting region. */
  readonly local: Matrix;
  /** G × 3: Σ_r FE_sr, upstream impacts in other regions. */
  readonly upstream: Matrix;
  /** National shares of (local + upstream) by role, summing to 1 (NaN if the total is 0). */
  readonly shares: Readonly<Record<ProductRole, number>>;
}

/**
 * Splits each exporting region's EX and FE by product role: final-goods terms are `final`;
 * intermediate terms go to `resource_energy_intermediate` or `other_intermediate` by the role
 * class of the exported sector.
 */
export function productRoles(
  acc: IndicatorAccounts,
  regions: readonly string[],
  sectors: readonly string[],
  roleOf: ReadonlyMap<string, SectorRoleClass>,
): ProductRoleAccounts {
  const G = regions.length;
  const N = sectors.length;
  const cls = sectors.map((s) => {
    const c = roleOf.get(s);
    if (c === undefined) throw new MrioError(`sector '${s}' has no role class in the sector role map`);
    return c;
  });
  const local = new Float64Array(G * 3);
  const upstream = new Float64Array(G * 3);
  for (let s = 0; s < G; s++)
    for (let r = 0; r < G; r++)
      for (let i = 0; i < N; i++) {
        const k = (s * G + r) * N + i;
        const col = cls[i] === 'resource_energy' ? 1 : 2;
        local[s * 3] += acc.exFinal[k];
        upstream[s * 3] += acc.feFinal[k];
        local[s * 3 + col] += acc.exIntermediate[k];
        upstream[s * 3 + col] += acc.feIntermediate[k];
      }
  const tot = [0, 0, 0];
  for (let s = 0; s < G; s++) for (let c = 0; c < 3; c++) tot[c] += local[s * 3 + c] + upstream[s * 3 + c];
  const all = tot[0] + tot[1] + tot[2];
  return {
    indicator: acc.indicator,
    unit: acc.unit,
    regions,
    roles: PRODUCT_ROLES,
    local: { rows: G, cols: 3, data: local },
    upstream: { rows: G, cols: 3, data: upstream },
    shares: {
      final: tot[0] / all,
      resource_energy_intermediate: tot[1] / all,
      other_intermediate: tot[2] / all,
    },
  };
}

function zoneIndex(
  regions: readonly string[],
  zoneOf: ReadonlyMap<string, string>,
  zones?: readonly string[],
) {
  const order = zones ? [...zones] : [...new Set(regions.map((r) => zoneOf.get(r) ?? ''))];
  const idx = regions.map((r) => {
    const z = zoneOf.get(r);
    if (z === undefined) throw new MrioError(`region '${r}' has no zone in the zone map`, r);
    const k = order.indexOf(z);
    if (k < 0) throw new MrioError(`zone '${z}' of region '${r}' is not among the listed zones`, r);
    return k;
  });
  return { order, idx };
}

/** Sums a region vector into zones (METHODS §4). */
export function zoneTotals(
  v: RegionVector,
  zoneOf: ReadonlyMap<string, string>,
  zones?: readonly string[],
): RegionVector {
  const { order, idx } = zoneIndex(v.regions, zoneOf, zones);
  const out = new Float64Array(order.length);
  v.values.forEach((x, r) => {
    out[idx[r]] += x;
  });
  return { regions: order, unit: v.unit, values: out };
}

/** Sums a region × region matrix into zone × zone (rows = from, columns = to). */
export function zoneFlows(
  m: RegionMatrix,
  zoneOf: ReadonlyMap<string, string>,
  zones?: readonly string[],
): RegionMatrix {
  const { order, idx } = zoneIndex(m.regions, zoneOf, zones);
  const Z = order.length;
  const G = m.regions.length;
  const out = new Float64Array(Z * Z);
  for (let s = 0; s < G; s++)
    for (let r = 0; r < G; r++) out[idx[s] * Z + idx[r]] += m.values.data[s * G + r];
  return { regions: order, unit: m.unit, values: { rows: Z, cols: Z, data: out } };
}
