/**
 * Cleaning of the provincial tables' outflows (OF) and inflows (IF) before they can constrain
 * inter-provincial trade (docs/dataset.md "china2017-provincial", step 2). The steps are the
 * published CEADs-style procedure (data/sources/PROVENANCE.md, `china-provincial-io-2017/`):
 *
 *  1. re-exports: r = max(0, EX + OF − GO) is goods passing through; it is removed from EX and OF
 *     in proportion to EX : OF and from IM and IF in proportion to IM : IF;
 *  2. local supply L = GO − EX − OF (≥ 0 after step 1, exactly 0 where step 1 removed anything);
 *  3. exports cannot exceed output and imports cannot exceed use: both hold by construction here,
 *     since use is rebuilt as L + IM + IF (step 5);
 *  4. re-flows: with FM = IM / (use + OF) and PM = IF / (use + OF), PM then FM reduced so that
 *     FM + PM ≤ 1, the part (FM + PM) · OF of the outflow is imported goods flowing on; it is removed
 *     from OF and IF. As in the published code, a cell whose re-flow would exceed its inflow keeps
 *     both unchanged;
 *  5. reconciliation to one national total per sector: Σ_r OF is kept (outflows as cleaned, the
 *     producers' side) and every province's IF of the sector is scaled by Σ OF / Σ IF, so national
 *     inter-provincial sales equal purchases. Total use per cell becomes T' = L + IM + IF.
 *
 * Two variants serve the uncertainty analysis (docs/uncertainty.md), both equal to the recipe at
 * their defaults: `reflowFraction` θ removes θ times each cell's re-flow (θ = 1 the published
 * step, θ = 0 no re-flow step), and `reconciliationWeight` w sets the national total of a sector
 * to Σ OF^(1−w) · Σ IF^w (w = 0 the producers' side, w = ½ the geometric mean), outflows scaled
 * to it with each cell capped at its output net of exports.
 *
 * All vectors are G·N region-major (index r·N + i), in the tables' money unit.
 */
export interface TradeMargins {
  readonly GO: Float64Array;
  readonly EX: Float64Array;
  readonly OF: Float64Array;
  readonly IM: Float64Array;
  readonly IF: Float64Array;
  /** Total use of the product in the province as published (Σ intermediate + Σ final use). */
  readonly use: Float64Array;
}

/** Variants of steps 4 and 5 (defaults: the published recipe). */
export interface CleaningVariant {
  /** θ ∈ [0, 1]: share of each cell's re-flow removed (1 = the published step 4). */
  readonly reflowFraction?: number;
  /** w ∈ [0, 1]: national total Σ OF^(1−w) · Σ IF^w (0 = the producers' side, the recipe). */
  readonly reconciliationWeight?: number;
}

export interface OutflowCleaning {
  /** Step 1: re-exports removed per cell, and the margins after it. */
  readonly reExport: Float64Array;
  readonly afterReExports: {
    readonly EX: Float64Array;
    readonly OF: Float64Array;
    readonly IM: Float64Array;
    readonly IF: Float64Array;
  };
  /** Step 4: re-flows removed per cell (from OF and IF alike), and the margins after it. */
  readonly reflow: Float64Array;
  /** Cells where the re-flow would have exceeded the inflow (left unchanged, as published). */
  readonly reflowSkipped: number;
  readonly afterReflows: { readonly OF: Float64Array; readonly IF: Float64Array };
  /** Step 5: per sector, the factor Σ OF / Σ IF applied to every province's inflow (length N). */
  readonly inflowScale: Float64Array;
  /** Sectors (0-based) where a weight w > 0 was infeasible and the producers' side was kept. */
  readonly reconciliationFallbacks: readonly number[];
  /** The cleaned margins: EX, IM after step 1; OF after step 4 (step 5 when w > 0); IF after step 5. */
  readonly EX: Float64Array;
  readonly IM: Float64Array;
  readonly OF: Float64Array;
  readonly IF: Float64Array;
  /** Own-province supply to own use, L = GO − EX − OF. */
  readonly localSupply: Float64Array;
  /** Total use after cleaning, T' = L + IM + IF (rows of the rebalanced use tables). */
  readonly totalUse: Float64Array;
}

/** Step 1 (re-exports). Throws when a re-export cannot be matched by imports or inflows. */
export function removeReExports(
  m: TradeMargins,
  label: (k: number) => string,
): {
  reExport: Float64Array;
  EX: Float64Array;
  OF: Float64Array;
  IM: Float64Array;
  IF: Float64Array;
  local: Float64Array;
} {
  const n = m.GO.length;
  const reExport = new Float64Array(n);
  const EX = new Float64Array(m.EX);
  const OF = new Float64Array(m.OF);
  const IM = new Float64Array(m.IM);
  const IF = new Float64Array(m.IF);
  const local = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const out = m.EX[k] + m.OF[k];
    const re = out - m.GO[k];
    if (!(re > 0)) {
      local[k] = m.GO[k] - out;
      continue;
    }
    const inn = m.IM[k] + m.IF[k];
    if (re > inn)
      throw new Error(
        `${label(k)}: re-export ${re} exceeds imports + inflows ${inn} (EX + OF − GO cannot be goods in transit)`,
      );
    reExport[k] = re;
    EX[k] = m.EX[k] - (re * m.EX[k]) / out;
    OF[k] = m.OF[k] - (re * m.OF[k]) / out;
    IM[k] = m.IM[k] - (re * m.IM[k]) / inn;
    IF[k] = m.IF[k] - (re * m.IF[k]) / inn;
    // local[k] = 0: all output leaves the province (step 2).
  }
  return { reExport, EX, OF, IM, IF, local };
}

/**
 * Step 4 (re-flows), on the margins after step 1; `use` is the published total use. `fraction`
 * (default 1, the published step) scales every removed re-flow; the skip rule uses the full one.
 */
export function removeReflows(
  use: Float64Array,
  OF: Float64Array,
  IM: Float64Array,
  IF: Float64Array,
  fraction = 1,
): { reflow: Float64Array; skipped: number; OF: Float64Array; IF: Float64Array } {
  const n = OF.length;
  const reflow = new Float64Array(n);
  const outOF = new Float64Array(OF);
  const outIF = new Float64Array(IF);
  let skipped = 0;
  for (let k = 0; k < n; k++) {
    const denom = use[k] + OF[k];
    if (!(denom > 0) || OF[k] === 0) continue;
    let fm = IM[k] / denom;
    let pm = IF[k] / denom;
    const excess = fm + pm - 1;
    if (excess > 0) {
      pm -= excess;
      if (pm < 0) {
        fm += pm;
        pm = 0;
      }
    }
    const full = (fm + pm) * OF[k];
    if (full > IF[k]) {
      skipped++;
      continue;
    }
    const rf = fraction === 1 ? full : fraction * full;
    reflow[k] = rf;
    outOF[k] = OF[k] - rf;
    outIF[k] = IF[k] - rf;
  }
  return { reflow, skipped, OF: outOF, IF: outIF };
}

/** Σ_r OF and Σ_r IF of sector i; throws when the sector has outflows but no inflows. */
function sectorTotals(
  OF: Float64Array,
  IF: Float64Array,
  G: number,
  N: number,
  i: number,
  sectorLabel: (i: number) => string,
): { so: number; si: number } {
  let so = 0;
  let si = 0;
  for (let r = 0; r < G; r++) {
    so += OF[r * N + i];
    si += IF[r * N + i];
  }
  if (so > 0 && !(si > 0))
    throw new Error(`${sectorLabel(i)}: outflows ${so} but no inflows to reconcile them with`);
  return { so, si };
}

/** Step 5: scales each sector's inflows so Σ_r IF = Σ_r OF. Throws when a sector has outflows but no inflows. */
export function reconcileInflows(
  OF: Float64Array,
  IF: Float64Array,
  G: number,
  N: number,
  sectorLabel: (i: number) => string,
): { IF: Float64Array; scale: Float64Array } {
  const scale = new Float64Array(N);
  const out = new Float64Array(IF.length);
  for (let i = 0; i < N; i++) {
    const { so, si } = sectorTotals(OF, IF, G, N, i, sectorLabel);
    scale[i] = si > 0 ? so / si : 1;
    for (let r = 0; r < G; r++) out[r * N + i] = IF[r * N + i] * scale[i];
  }
  return { IF: out, scale };
}

/**
 * Step 5 with weight w > 0: each sector's national traded total becomes
 * T = (Σ OF)^(1−w) · (Σ IF)^w; inflows are scaled to T, outflows too, each cell's outflow capped
 * at `capacity` (its output net of exports: local supply cannot go negative) and the rest shared
 * over the uncapped cells in proportion (water-filling). A sector whose provinces together cannot
 * ship T (the purchases it reports exceed all they could sell) keeps the producers' side (w = 0);
 * `fallbacks` lists those sectors.
 */
export function reconcileMargins(
  OF: Float64Array,
  IF: Float64Array,
  capacity: Float64Array,
  G: number,
  N: number,
  weight: number,
  sectorLabel: (i: number) => string,
): { OF: Float64Array; IF: Float64Array; scale: Float64Array; fallbacks: number[] } {
  const outOF = new Float64Array(OF);
  const fallbacks: number[] = [];
  const outIF = new Float64Array(IF.length);
  const scale = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const { so, si } = sectorTotals(OF, IF, G, N, i, sectorLabel);
    if (!(so > 0)) {
      scale[i] = 1;
      for (let r = 0; r < G; r++) outIF[r * N + i] = IF[r * N + i];
      continue;
    }
    let target = so ** (1 - weight) * si ** weight;
    if (!scaleCapped(OF, outOF, capacity, G, N, i, target)) {
      fallbacks.push(i);
      target = so;
    }
    scale[i] = target / si;
    for (let r = 0; r < G; r++) outIF[r * N + i] = IF[r * N + i] * scale[i];
  }
  return { OF: outOF, IF: outIF, scale, fallbacks };
}

/**
 * Scales sector i's outflows (into `out`) to sum to `target`, capping cells at `capacity`
 * (water-filling); false, with `out` unchanged, when the capacity of the provinces that ship at
 * all is short of the target.
 */
function scaleCapped(
  OF: Float64Array,
  out: Float64Array,
  capacity: Float64Array,
  G: number,
  N: number,
  i: number,
  target: number,
): boolean {
  let room = 0;
  for (let r = 0; r < G; r++) if (OF[r * N + i] > 0) room += capacity[r * N + i];
  if (!(target < room)) return false;
  const capped = new Uint8Array(G);
  for (let pass = 0; pass <= G; pass++) {
    let fixed = 0;
    let free = 0;
    for (let r = 0; r < G; r++) {
      if (capped[r]) fixed += capacity[r * N + i];
      else free += OF[r * N + i];
    }
    const f = (target - fixed) / free;
    let changed = false;
    for (let r = 0; r < G; r++) {
      const k = r * N + i;
      if (capped[r]) out[k] = capacity[k];
      else if (OF[k] * f > capacity[k]) {
        capped[r] = 1;
        changed = true;
      } else out[k] = OF[k] * f;
    }
    if (!changed) return true;
  }
  return true;
}

/** Steps 1–5. `label(k)` names cell k (province, sector) in error messages. */
export function cleanOutflows(
  m: TradeMargins,
  G: number,
  N: number,
  label: (k: number) => string,
  sectorLabel: (i: number) => string,
  variant: CleaningVariant = {},
): OutflowCleaning {
  const s1 = removeReExports(m, label);
  const s4 = removeReflows(m.use, s1.OF, s1.IM, s1.IF, variant.reflowFraction ?? 1);
  const w = variant.reconciliationWeight ?? 0;
  const n = G * N;
  let s5: { OF: Float64Array; IF: Float64Array; scale: Float64Array; fallbacks: number[] };
  if (w === 0) {
    const r = reconcileInflows(s4.OF, s4.IF, G, N, sectorLabel);
    s5 = { OF: s4.OF, IF: r.IF, scale: r.scale, fallbacks: [] };
  } else {
    const capacity = new Float64Array(n);
    for (let k = 0; k < n; k++) capacity[k] = Math.max(0, m.GO[k] - s1.EX[k]);
    s5 = reconcileMargins(s4.OF, s4.IF, capacity, G, N, w, sectorLabel);
  }
  const localSupply = new Float64Array(n);
  const totalUse = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // L = GO − EX − OF after step 4 = (local after step 1) + re-flow; exact 0 where step 1 applied
    // (and, with w > 0, plus what step 5 took off the outflow).
    localSupply[k] =
      w === 0 ? s1.local[k] + s4.reflow[k] : s1.local[k] + s4.reflow[k] + (s4.OF[k] - s5.OF[k]);
    totalUse[k] = localSupply[k] + s1.IM[k] + s5.IF[k];
  }
  return {
    reExport: s1.reExport,
    afterReExports: { EX: s1.EX, OF: s1.OF, IM: s1.IM, IF: s1.IF },
    reflow: s4.reflow,
    reflowSkipped: s4.skipped,
    afterReflows: { OF: s4.OF, IF: s4.IF },
    inflowScale: s5.scale,
    reconciliationFallbacks: s5.fallbacks,
    EX: s1.EX,
    IM: s1.IM,
    OF: s5.OF,
    IF: s5.IF,
    localSupply,
    totalUse,
  };
}
