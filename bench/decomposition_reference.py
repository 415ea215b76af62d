"""Inverse-based reference decomposition (METHODS §2-4) in numpy, for bench/decomposition.bench.ts.

Reads a system written by the bench (raw little-endian float64 files + meta.json), forms
B = inv(I - A) explicitly, computes the four parts, EX/FE terms and flows the textbook way, and
prints JSON with timings and checksums. Usage: python3 decomposition_reference.py DIR
"""
import json
import sys
import time

import numpy as np


def main(d):
    meta = json.load(open(f"{d}/meta.json"))
    G, N, k = meta["G"], meta["N"], meta["k"]
    n = G * N
    Z = np.fromfile(f"{d}/Z.f64").reshape(n, n)
    y = np.fromfile(f"{d}/y.f64").reshape(n, G)
    x = np.fromfile(f"{d}/x.f64")
    F = np.fromfile(f"{d}/F.f64").reshape(k, n)
    t = {}
    t0 = time.perf_counter()
    A = Z / np.where(x == 0, 1, x)[None, :]
    A[:, x == 0] = 0
    f = F / np.where(x == 0, 1, x)[None, :]
    B = np.linalg.inv(np.eye(n) - A)
    t["inverse"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    blk = lambda s: slice(s * N, (s + 1) * N)
    L = [np.linalg.inv(np.eye(N) - A[blk(s), blk(s)]) for s in range(G)]
    X = B @ y  # n x G
    parts = np.zeros((k, 4))
    ex = np.zeros((k, 2))
    fe = np.zeros((k, 2))
    M = np.zeros((k, G, G))
    for s in range(G):
        S = blk(s)
        fs = f[:, S]
        others = [r for r in range(G) if r != s]
        yexp = y[S][:, others].sum(1)
        p1 = fs * (L[s] @ y[S, s])
        inner2 = sum(A[S, blk(r)] @ X[blk(r), s] for r in others)
        p2 = fs * (L[s] @ inner2)
        p3 = fs * (B[S, S] @ yexp)
        w = y[:, others].sum(1).copy()
        w[S] = 0
        p4 = fs * (B[S, :] @ w)
        parts += np.stack([p1.sum(1), p2.sum(1), p3.sum(1), p4.sum(1)], axis=1)
        fBss = fs @ B[S, S]
        fLss = fs @ L[s]
        up = f @ B[:, S] - fBss  # sum over t != s of f_t B_ts
        for r in others:
            R = blk(r)
            inner = B[R, :] @ w  # sum_{t != s} B_rt sum_{u != s} y_tu
            ex[:, 0] += (fBss * y[S, r]).sum(1)
            ex[:, 1] += (fLss * (A[S, R] @ inner)).sum(1)
            arl = A[S, R] @ (L[r] @ y[R, r])
            fe[:, 0] += (up * y[S, r]).sum(1)
            fe[:, 1] += (up * arl).sum(1)
        M[:, s, :] = fs @ X[S, :]
    t["decomposition"] = time.perf_counter() - t0
    print(json.dumps({"timings": t, "parts": parts.tolist(), "ex": ex.tolist(), "fe": fe.tolist(),
                      "M_total": M.sum(axis=(1, 2)).tolist(), "numpy": np.__version__}))


if __name__ == "__main__":
    main(sys.argv[1])
