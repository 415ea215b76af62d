import { PRECURSORS, type Precursor, type ProductRole, type SectorRoleClass } from '../mrio/model.ts';
import { type EmissionAccounts, feChangesOf } from './emissionAccounts.ts';
import { ROLES } from './roles.ts';

/**
 * Damage carried by export content, fused for the live path (METHODS §3–4, §7): with d_{t,p} the
 * average Shapley damage per tonne of input (t, p) (damagePerTonne),
 *   local[s,r]    = Σ_p d_{s,p} Σ_i EX_sr,p,i            (emitted in the exporter s)
 *   upstream[s,r] = Σ_p Σ_{t≠s} d_{t,p} FE_sr,p by origin t
 *   linear[s,r]   = local + upstream for r ≠ s (= damageFlowsLinear: the flow's removed tonnes ×
 *                   d of their emitting input)
 *   roles[role][s] = Σ_p d_{s,p} × EX tonnes of s by product role (= damageRoleAmounts).
 * The tonne aggregates depend only on the accounts, so they are kept per EmissionAccounts
 * object and unchanged precursors cost nothing. Same sums as pairwiseFlows.ts / roles.ts in
 * another order (equal to rounding).
 */
export interface DamageContent {
  readonly local: Float64Array;
  readonly upstream: Float64Array;
  readonly linear: Float64Array;
  readonly roles: Record<ProductRole, Float64Array>;
}

export interface ExportTonnes {
  /** Σ_i EX_sr,i (G²). */
  readonly local: Float64Array;
  /** EX tonnes of s by role (unweighted). */
  readonly roles: Record<ProductRole, Float64Array>;
}

const aggregates = new WeakMap<EmissionAccounts, ExportTonnes>();

/** Records aggregates already known for an accounts object (the live emission accounts). */
export function seedExportTonnes(em: EmissionAccounts, a: ExportTonnes): void {
  aggregates.set(em, a);
}

/** Σ_i EX_sr per pair and EX tonnes by role, kept per accounts object. */
export function tonneAggregates(
  em: EmissionAccounts,
  roleClass: readonly SectorRoleClass[],
  G: number,
  N: number,
): ExportTonnes {
  const hit = aggregates.get(em);
  if (hit) return hit;
  const local = new Float64Array(G * G);
  const fin = new Float64Array(G);
  const res = new Float64Array(G);
  const oth = new Float64Array(G);
  const isRes = Uint8Array.from(roleClass, (c) => (c === 'resource_energy' ? 1 : 0));
  for (let s = 0; s < G; s++)
    for (let r = 0; r < G; r++) {
      const b = (s * G + r) * N;
      let l = 0;
      for (let i = 0; i < N; i++) {
        const f = em.exFinal[b + i];
        const m = em.exIntermediate[b + i];
        l += f + m;
        fin[s] += f;
        if (isRes[i]) res[s] += m;
        else oth[s] += m;
      }
      local[s * G + r] = l;
    }
  const a: ExportTonnes = {
    local,
    roles: { final: fin, resource_energy_intermediate: res, other_intermediate: oth },
  };
  aggregates.set(em, a);
  return a;
}

export function damageContent(
  emissions: Readonly<Record<Precursor, EmissionAccounts>>,
  perTonne: Readonly<Record<Precursor, Float64Array>>,
  roleClass: readonly SectorRoleClass[],
  G: number,
  N: number,
): DamageContent {
  const local = new Float64Array(G * G);
  const upstream = new Float64Array(G * G);
  const roles = {} as Record<ProductRole, Float64Array>;
  for (const role of ROLES) roles[role] = new Float64Array(G);
  for (const p of PRECURSORS) {
    const em = emissions[p];
    const w = perTonne[p];
    const agg = tonneAggregates(em, roleClass, G, N);
    // Live accounts: FE = baseline + the changed intensities' terms (feChangesOf).
    const fc = feChangesOf(em);
    const fe = fc ? fc.base : em.feByOrigin;
    for (let s = 0; s < G; s++) {
      const ws = w[s];
      for (const role of ROLES) roles[role][s] += ws * agg.roles[role][s];
      for (let r = 0; r < G; r++) {
        const sr = s * G + r;
        local[sr] += ws * agg.local[sr];
        let u = 0;
        const o = sr * G;
        for (let t = 0; t < G; t++) u += fe[o + t] * w[t];
        upstream[sr] += u;
      }
    }
    if (fc) {
      const G2 = G * G;
      for (let m = 0; m < fc.j.length; m++) {
        const j = fc.j[m];
        const dw = fc.d[m] * w[(j / N) | 0];
        if (dw === 0) continue;
        const c = j * G2;
        for (let sr = 0; sr < G2; sr++) upstream[sr] += dw * fc.coef[c + sr];
      }
    }
  }
  const linear = new Float64Array(G * G);
  for (let s = 0; s < G; s++)
    for (let r = 0; r < G; r++) if (r !== s) linear[s * G + r] = local[s * G + r] + upstream[s * G + r];
  return { local, upstream, linear, roles };
}
