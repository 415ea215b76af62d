"""The whole `vchain decompose` job the way a numpy user scripts it, for bench/decomposeProcess.bench.ts.

Reads a pymrio text folder with pandas (Z.txt, Y.txt, one extension's F.txt, as pymrio's
load_all does), forms B = inv(I - A) explicitly, computes the same tables as `vchain decompose`
(accounts, bilateral EX/FE per exported sector, FE by origin region, flows; METHODS §2-4) and
writes them as long CSV with pandas' to_csv (floats in shortest round-trip form, as vchain).
Prints JSON: timings and per-(indicator, measure) totals of accounts for the cross-check.
Usage: python3 decompose_process_reference.py MRIO_DIR EXTENSION OUT_DIR
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd


def long_frame(columns, value):
    df = pd.DataFrame(columns)
    df["value"] = value
    return df


def main(src, ext, out):
    t = {}
    t0 = time.perf_counter()
    Zdf = pd.read_csv(f"{src}/Z.txt", sep="\t", index_col=[0, 1], header=[0, 1])
    Ydf = pd.read_csv(f"{src}/Y.txt", sep="\t", index_col=[0, 1], header=[0, 1])
    nidx = int(json.load(open(f"{src}/{ext}/file_parameters.json"))["files"]["F"]["nr_index_col"])
    Fdf = pd.read_csv(f"{src}/{ext}/F.txt", sep="\t", index_col=list(range(nidx)), header=[0, 1])
    units = pd.read_csv(f"{src}/{ext}/unit.txt", sep="\t", index_col=list(range(nidx)))
    t["read"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    regions = list(dict.fromkeys(Zdf.index.get_level_values(0)))
    sectors = list(dict.fromkeys(Zdf.index.get_level_values(1)))
    G, N = len(regions), len(sectors)
    n = G * N
    Z = Zdf.to_numpy()
    Yfull = Ydf.to_numpy()
    K = Yfull.shape[1] // G
    y = Yfull.reshape(n, G, K).sum(2)
    x = Z.sum(1) + Yfull.sum(1)
    F = Fdf.to_numpy()
    names = ["/".join(i) if isinstance(i, tuple) else i for i in Fdf.index]
    unit_of = [str(u) for u in units.iloc[:, 0]]
    k = len(names)
    xs = np.where(x == 0, 1, x)
    A = Z / xs[None, :]
    f = F / xs[None, :]
    B = np.linalg.inv(np.eye(n) - A)
    blk = lambda s: slice(s * N, (s + 1) * N)
    L = [np.linalg.inv(np.eye(N) - A[blk(s), blk(s)]) for s in range(G)]
    X = B @ y
    parts = np.zeros((4, k, n))
    exf = np.zeros((k, G, G, N))
    exi = np.zeros((k, G, G, N))
    fef = np.zeros((k, G, G, N))
    fei = np.zeros((k, G, G, N))
    origin = np.zeros((k, G, G, G))
    M = np.zeros((k, G, G))
    Lyrr = [L[r] @ y[blk(r), r] for r in range(G)]
    for s in range(G):
        S = blk(s)
        fs = f[:, S]
        others = [r for r in range(G) if r != s]
        yexp = y[S][:, others].sum(1)
        parts[0][:, S] = fs * (L[s] @ y[S, s])
        parts[1][:, S] = fs * (L[s] @ sum(A[S, blk(r)] @ X[blk(r), s] for r in others))
        parts[2][:, S] = fs * (B[S, S] @ yexp)
        w = y[:, others].sum(1).copy()
        w[S] = 0
        parts[3][:, S] = fs * (B[S, :] @ w)
        fBss = fs @ B[S, S]
        fLss = fs @ L[s]
        fBts = [f[:, blk(u)] @ B[blk(u), S] for u in range(G)]
        up = sum(fBts[u] for u in others)
        for r in others:
            R = blk(r)
            exf[:, s, r] = fBss * y[S, r]
            exi[:, s, r] = fLss * (A[S, R] @ (B[R, :] @ w))
            arl = A[S, R] @ Lyrr[r]
            fef[:, s, r] = up * y[S, r]
            fei[:, s, r] = up * arl
            for u in others:
                origin[:, s, r, u] = (fBts[u] * (y[S, r] + arl)).sum(1)
        M[:, s, :] = fs @ X[S, :]
    t["compute"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    os.makedirs(out, exist_ok=True)
    ind = np.array(names, dtype=object)
    unit = np.array(unit_of, dtype=object)
    reg = np.array(regions, dtype=object)
    sec = np.array(sectors + ["ALL"], dtype=object)
    # accounts: per indicator, region, measure, sector (ALL = region total), + consumption
    local = (exf + exi).sum(2)  # k, G, N
    upstream = (fef + fei).sum(2)
    per_sector = [("production", F.reshape(k, G, N)), ("intra_regional", parts[0].reshape(k, G, N)),
                  ("imports_embodied", parts[1].reshape(k, G, N)), ("final_exports", parts[2].reshape(k, G, N)),
                  ("intermediate_exports", parts[3].reshape(k, G, N)), ("local_exports", local),
                  ("upstream_exports", upstream)]
    meas = np.array([m for m, _ in per_sector], dtype=object)
    V = np.stack([v for _, v in per_sector], axis=2)  # k, G, 7, N
    V = np.concatenate([V, V.sum(3, keepdims=True)], axis=3)  # k, G, 7, N+1
    P = 7 * (N + 1)
    acc = long_frame({
        "indicator": np.repeat(ind, G * P), "unit": np.repeat(unit, G * P),
        "region": np.tile(np.repeat(reg, P), k), "sector": np.tile(sec, k * G * 7),
        "measure": np.tile(np.repeat(meas, N + 1), k * G)}, V.reshape(-1))
    cons = long_frame({"indicator": np.repeat(ind, G), "unit": np.repeat(unit, G), "region": np.tile(reg, k),
                       "sector": "ALL", "measure": "consumption"}, M.sum(1).reshape(-1))
    accounts = pd.concat([acc, cons])
    accounts.to_csv(f"{out}/accounts.csv", index=False)
    # bilateral: indicator, from, to (≠ from), measure, sector (+ ALL)
    T = np.stack([exf, exi, fef, fei], axis=3)  # k, G, G, 4, N
    T = np.concatenate([T, T.sum(4, keepdims=True)], axis=4)
    s_idx, r_idx = np.nonzero(~np.eye(G, dtype=bool))
    T = T[:, s_idx, r_idx]  # k, G(G-1), 4, N+1
    pairs = len(s_idx)
    Q = 4 * (N + 1)
    terms = np.array(["ex_final", "ex_intermediate", "fe_final", "fe_intermediate"], dtype=object)
    long_frame({
        "indicator": np.repeat(ind, pairs * Q), "unit": np.repeat(unit, pairs * Q),
        "from_region": np.tile(np.repeat(reg[s_idx], Q), k), "to_region": np.tile(np.repeat(reg[r_idx], Q), k),
        "sector": np.tile(sec, k * pairs * 4), "measure": np.tile(np.repeat(terms, N + 1), k * pairs)},
        T.reshape(-1)).to_csv(f"{out}/bilateral.csv", index=False)
    # fe_origin: indicator, from, to, origin (≠ from)
    rows = [(s, r, u) for s in range(G) for r in range(G) if r != s for u in range(G) if u != s]
    si, ri, ui = (np.array(c) for c in zip(*rows))
    long_frame({
        "indicator": np.repeat(ind, len(rows)), "unit": np.repeat(unit, len(rows)),
        "from_region": np.tile(reg[si], k), "to_region": np.tile(reg[ri], k), "origin_region": np.tile(reg[ui], k)},
        origin[:, si, ri, ui].reshape(-1)).to_csv(f"{out}/fe_origin.csv", index=False)
    long_frame({
        "indicator": np.repeat(ind, G * G), "unit": np.repeat(unit, G * G),
        "from_region": np.tile(np.repeat(reg, G), k), "to_region": np.tile(reg, k * G)},
        M.reshape(-1)).to_csv(f"{out}/flows.csv", index=False)
    t["write"] = time.perf_counter() - t0
    totals = accounts[accounts.sector == "ALL"].groupby(["indicator", "measure"])["value"].sum()
    print(json.dumps({"timings": t, "numpy": np.__version__, "pandas": pd.__version__,
                      "totals": {f"{a}|{b}": v for (a, b), v in totals.items()}}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
