/**
 * Least squares by Householder QR (never normal equations), with optional ridge by row
 * augmentation: min ‖Xb − y‖² + λ Σ_c (‖x_c‖ b_c)², solved as the stacked system
 * [X; √λ·diag(‖x_c‖)] b ≈ [y; 0], which keeps the conditioning of QR.
 * X is column-major: column c occupies X[c·m .. c·m + m).
 */
export interface LeastSquaresSolution {
  readonly coefficients: Float64Array;
  /** Columns whose R diagonal fell below rankTol·max|R_kk| (coefficient set to 0). */
  readonly deficientColumns: readonly number[];
}

export function householderLeastSquares(
  X: Float64Array,
  m: number,
  n: number,
  y: Float64Array,
  ridge = 0,
  rankTol = 1e-11,
): LeastSquaresSolution {
  if (X.length !== m * n)
    throw new Error(`householderLeastSquares: X has ${X.length} entries, expected ${m}·${n}`);
  if (y.length !== m) throw new Error(`householderLeastSquares: y has ${y.length} entries, expected ${m}`);
  const extra = ridge > 0 ? n : 0;
  const M = m + extra;
  if (M < n) throw new Error(`householderLeastSquares: ${m} rows for ${n} unknowns (underdetermined)`);
  const A = new Float64Array(M * n);
  for (let c = 0; c < n; c++) {
    let s = 0;
    for (let r = 0; r < m; r++) {
      const v = X[c * m + r];
      A[c * M + r] = v;
      s += v * v;
    }
    if (extra) A[c * M + m + c] = Math.sqrt(ridge * s);
  }
  const b = new Float64Array(M);
  b.set(y);
  const diag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const off = k * M;
    let norm = 0;
    for (let r = k; r < M; r++) norm += A[off + r] * A[off + r];
    norm = Math.sqrt(norm);
    if (norm === 0) {
      diag[k] = 0;
      continue;
    }
    const alpha = A[off + k] > 0 ? -norm : norm;
    // v = x − alpha·e1 stored in place of column k; vᵀv = 2·norm·(norm + |x_k|)
    A[off + k] -= alpha;
    const vtv = 2 * norm * (norm + Math.abs(A[off + k] + alpha));
    diag[k] = alpha;
    if (vtv === 0) continue;
    for (let c = k + 1; c < n; c++) {
      const oc = c * M;
      let d = 0;
      for (let r = k; r < M; r++) d += A[off + r] * A[oc + r];
      const f = (2 * d) / vtv;
      for (let r = k; r < M; r++) A[oc + r] -= f * A[off + r];
    }
    let d = 0;
    for (let r = k; r < M; r++) d += A[off + r] * b[r];
    const f = (2 * d) / vtv;
    for (let r = k; r < M; r++) b[r] -= f * A[off + r];
  }
  let maxDiag = 0;
  for (let k = 0; k < n; k++) maxDiag = Math.max(maxDiag, Math.abs(diag[k]));
  const coef = new Float64Array(n);
  const deficient: number[] = [];
  for (let k = n - 1; k >= 0; k--) {
    if (Math.abs(diag[k]) <= rankTol * maxDiag) {
      deficient.push(k);
      coef[k] = 0;
      continue;
    }
    let s = b[k];
    for (let c = k + 1; c < n; c++) s -= A[c * M + k] * coef[c];
    coef[k] = s / diag[k];
  }
  return { coefficients: coef, deficientColumns: deficient.reverse() };
}

/**
 * Forward stepwise selection by orthogonal greedy search (modified Gram–Schmidt, twice):
 * at each step the candidate that most reduces the residual sum of squares joins, unless it is
 * nearly collinear with those already chosen (‖residualised x_c‖² < collinearityTol·‖x_c‖²:
 * the collinearity cap, i.e. a VIF limit of 1/collinearityTol). After each step the fitted
 * coefficients are evaluated on held-out rows. Returns the order of entry and the held-out RMSE
 * after each step; stops after `patience` steps without a new held-out minimum.
 * Xfit (mFit×p) and Xho (mHo×p) are column-major.
 */
export function forwardStepwise(
  Xfit: Float64Array,
  mFit: number,
  yFit: Float64Array,
  Xho: Float64Array,
  mHo: number,
  yHo: Float64Array,
  p: number,
  maxTerms: number,
  collinearityTol: number,
  patience = Number.POSITIVE_INFINITY,
): { readonly order: number[]; readonly heldOutRmse: number[] } {
  const Z = new Float64Array(Xfit);
  const norm0 = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    let s = 0;
    for (let r = 0; r < mFit; r++) s += Z[c * mFit + r] ** 2;
    norm0[c] = s;
  }
  const r = new Float64Array(yFit);
  // zz[c] = ‖Z_c‖², zr[c] = Z_cᵀ r, both updated in O(1) per step after Z_c −= (qᵀZ_c) q
  // and r −= (qᵀr) q; zz is recomputed exactly when it has shrunk (cancellation guard).
  const zz = Float64Array.from(norm0);
  const zr = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    let d = 0;
    for (let i = 0; i < mFit; i++) d += Z[c * mFit + i] * r[i];
    zr[c] = d;
  }
  const chosen = new Uint8Array(p);
  const order: number[] = [];
  const rmse: number[] = [];
  const Q: Float64Array[] = [];
  const Rcols: Float64Array[] = []; // column s holds R[0..s, s]
  const z: number[] = [];
  const pred = new Float64Array(mHo);
  const limit = Math.min(maxTerms, p, mFit);
  let bestRmse = Number.POSITIVE_INFINITY;
  let sinceBest = 0;
  for (let step = 0; step < limit; step++) {
    let best = -1;
    let bestScore = -1;
    for (let c = 0; c < p; c++) {
      if (chosen[c] || norm0[c] === 0) continue;
      if (zz[c] < 1e-3 * norm0[c]) {
        let s = 0;
        for (let i = 0; i < mFit; i++) s += Z[c * mFit + i] ** 2;
        zz[c] = s;
      }
      if (zz[c] <= collinearityTol * norm0[c]) continue;
      const score = (zr[c] * zr[c]) / zz[c];
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    if (best < 0) break;
    const q = Z.slice(best * mFit, (best + 1) * mFit);
    for (const qj of Q) {
      // re-orthogonalise (second Gram–Schmidt pass)
      let d = 0;
      for (let i = 0; i < mFit; i++) d += qj[i] * q[i];
      for (let i = 0; i < mFit; i++) q[i] -= d * qj[i];
    }
    let nq = 0;
    for (let i = 0; i < mFit; i++) nq += q[i] * q[i];
    nq = Math.sqrt(nq);
    for (let i = 0; i < mFit; i++) q[i] /= nq;
    const col = new Float64Array(Q.length + 1);
    const xb = Xfit.subarray(best * mFit, (best + 1) * mFit);
    for (let j = 0; j <= Q.length; j++) {
      const qj = j < Q.length ? Q[j] : q;
      let d = 0;
      for (let i = 0; i < mFit; i++) d += qj[i] * xb[i];
      col[j] = d;
    }
    let qy = 0;
    for (let i = 0; i < mFit; i++) qy += q[i] * yFit[i];
    Q.push(q);
    Rcols.push(col);
    z.push(qy);
    chosen[best] = 1;
    order.push(best);
    let qr = 0;
    for (let i = 0; i < mFit; i++) qr += q[i] * r[i];
    for (let i = 0; i < mFit; i++) r[i] -= qr * q[i];
    for (let c = 0; c < p; c++) {
      if (chosen[c]) continue;
      const off = c * mFit;
      let d = 0;
      for (let i = 0; i < mFit; i++) d += q[i] * Z[off + i];
      for (let i = 0; i < mFit; i++) Z[off + i] -= d * q[i];
      zz[c] -= d * d;
      zr[c] -= d * qr;
    }
    // coefficients of the current set: R β = z (back-substitution)
    const k = order.length;
    const beta = new Float64Array(k);
    for (let a = k - 1; a >= 0; a--) {
      let s = z[a];
      for (let c = a + 1; c < k; c++) s -= Rcols[c][a] * beta[c];
      beta[a] = s / Rcols[a][a];
    }
    pred.fill(0);
    for (let a = 0; a < k; a++) {
      const off = order[a] * mHo;
      const bt = beta[a];
      for (let i = 0; i < mHo; i++) pred[i] += bt * Xho[off + i];
    }
    let se = 0;
    for (let i = 0; i < mHo; i++) se += (pred[i] - yHo[i]) ** 2;
    const e = Math.sqrt(se / Math.max(1, mHo));
    rmse.push(e);
    if (e < bestRmse) {
      bestRmse = e;
      sinceBest = 0;
    } else if (++sinceBest >= patience) break;
  }
  return { order, heldOutRmse: rmse };
}
