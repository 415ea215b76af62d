// Independent brute-force forms of METHODS §2–4 with explicit inverses, for small systems only.
// Written straight from the formulas with nested arrays; shares no code with src/mrio.

export type Mat = number[][];

export function inv(a: Mat): Mat {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    const d = m[c][c];
    for (let j = 0; j < 2 * n; j++) m[c][j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const l = m[r][c];
      for (let j = 0; j < 2 * n; j++) m[r][j] -= l * m[c][j];
    }
  }
  return m.map((row) => row.slice(n));
}

export const mul = (a: Mat, b: Mat): Mat =>
  a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
export const mv = (a: Mat, v: number[]): number[] => a.map((row) => row.reduce((s, x, k) => s + x * v[k], 0));
export const vm = (v: number[], a: Mat): number[] =>
  a[0].map((_, j) => v.reduce((s, x, k) => s + x * a[k][j], 0));
export const dot = (a: number[], b: number[]) => a.reduce((s, v, k) => s + v * b[k], 0);
export const add = (a: number[], b: number[]) => a.map((v, k) => v + b[k]);
export const had = (a: number[], b: number[]) => a.map((v, k) => v * b[k]);

export interface Brute {
  B: Mat;
  L: Mat[];
  parts: number[][][]; // [s][part][i], per emitting sector
  partTotals: number[][]; // [s][part]
  EXfinal: number[][][]; // [s][r][i]
  EXint: number[][][];
  FEfinal: number[][][];
  FEint: number[][][];
  FEbyOrigin: number[][][]; // [s][r][t]
  M: Mat;
}

/** z: n×n, yReg: n×G (final demand by consuming region), x: n, f: n intensity. */
export function bruteForce(G: number, N: number, z: Mat, yReg: Mat, x: number[], f: number[]): Brute {
  const n = G * N;
  const A = z.map((row) => row.map((v, j) => (x[j] === 0 ? 0 : v / x[j])));
  const I = (k: number): Mat =>
    Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
  const B = inv(I(n).map((row, i) => row.map((v, j) => v - A[i][j])));
  const blk = (m: Mat, s: number, r: number): Mat =>
    Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => m[s * N + i][r * N + j]));
  const yv = (s: number, r: number) => Array.from({ length: N }, (_, i) => yReg[s * N + i][r]);
  const fv = (s: number) => f.slice(s * N, s * N + N);
  const zero = () => Array(N).fill(0);
  const L = Array.from({ length: G }, (_, s) =>
    inv(I(N).map((row, i) => row.map((v, j) => v - A[s * N + i][s * N + j]))),
  );
  const parts: number[][][] = [];
  const EXfinal: number[][][] = [];
  const EXint: number[][][] = [];
  const FEfinal: number[][][] = [];
  const FEint: number[][][] = [];
  const FEbyOrigin: number[][][] = [];
  for (let s = 0; s < G; s++) {
    const Bss = blk(B, s, s);
    // part 1: L_ss y_ss
    const o1 = mv(L[s], yv(s, s));
    // part 2: L_ss Σ_{r≠s} A_sr Σ_t B_rt y_ts
    let in2 = zero();
    for (let r = 0; r < G; r++) {
      if (r === s) continue;
      let inner = zero();
      for (let t = 0; t < G; t++) inner = add(inner, mv(blk(B, r, t), yv(t, s)));
      in2 = add(in2, mv(blk(A, s, r), inner));
    }
    const o2 = mv(L[s], in2);
    // part 3: B_ss Σ_{r≠s} y_sr
    let ex = zero();
    for (let r = 0; r < G; r++) if (r !== s) ex = add(ex, yv(s, r));
    const o3 = mv(Bss, ex);
    // part 4: Σ_{t≠s} B_st Σ_{r≠s} y_tr
    let o4 = zero();
    for (let t = 0; t < G; t++) {
      if (t === s) continue;
      let e = zero();
      for (let r = 0; r < G; r++) if (r !== s) e = add(e, yv(t, r));
      o4 = add(o4, mv(blk(B, s, t), e));
    }
    const p = [o1, o2, o3, o4].map((o) => had(fv(s), o));
    parts.push(p);
    const fBss = vm(fv(s), Bss);
    const fLss = vm(fv(s), L[s]);
    EXfinal.push([]);
    EXint.push([]);
    FEfinal.push([]);
    FEint.push([]);
    FEbyOrigin.push([]);
    for (let r = 0; r < G; r++) {
      if (r === s) {
        for (const a of [EXfinal, EXint, FEfinal, FEint]) a[s].push(zero());
        FEbyOrigin[s].push(Array(G).fill(0));
        continue;
      }
      // EX_sr = (f_s B_ss)ᵀ ⊙ y_sr + (f_s L_ss)ᵀ ⊙ (A_sr Σ_{t≠s} Σ_{u≠s} B_rt y_tu)
      let inner = zero();
      for (let t = 0; t < G; t++) {
        if (t === s) continue;
        for (let u = 0; u < G; u++) if (u !== s) inner = add(inner, mv(blk(B, r, t), yv(t, u)));
      }
      EXfinal[s].push(had(fBss, yv(s, r)));
      EXint[s].push(had(fLss, mv(blk(A, s, r), inner)));
      // FE_sr = Σ_{t≠s} (f_t B_ts)ᵀ ⊙ y_sr + Σ_{t≠s} (f_t B_ts)ᵀ ⊙ (A_sr L_rr y_rr)
      const arl = mv(blk(A, s, r), mv(L[r], yv(r, r)));
      let up = zero();
      const byT = Array(G).fill(0);
      for (let t = 0; t < G; t++) {
        if (t === s) continue;
        const ftb = vm(fv(t), blk(B, t, s));
        up = add(up, ftb);
        byT[t] = dot(ftb, add(yv(s, r), arl));
      }
      FEfinal[s].push(had(up, yv(s, r)));
      FEint[s].push(had(up, arl));
      FEbyOrigin[s].push(byT);
    }
  }
  // M[s,r] = f_s Σ_t B_st y_tr
  const M = Array.from({ length: G }, (_, s) =>
    Array.from({ length: G }, (_, r) => {
      let v = zero();
      for (let t = 0; t < G; t++) v = add(v, mv(blk(B, s, t), yv(t, r)));
      return dot(fv(s), v);
    }),
  );
  const partTotals = parts.map((p) => p.map((v) => v.reduce((a, b) => a + b, 0)));
  return { B, L, parts, partTotals, EXfinal, EXint, FEfinal, FEint, FEbyOrigin, M };
}
