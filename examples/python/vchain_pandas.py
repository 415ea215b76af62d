#!/usr/bin/env python3
"""vchain from Python: the command line and the explorer API, read into pandas.

1. `vchain decompose` on a pymrio folder; its tidy CSV tables become DataFrames, and the
   consumption accounts are checked against a plain numpy Leontief solve of the same folder.
2. `vchain serve` on the embedded dataset; the baseline and a what-if (SO2 intensity of every
   sector in one province halved) from the JSON API become one DataFrame per province.

Needs Python 3 with pandas (Debian: apt-get install python3-pandas) and a built vchain
(`npm ci` in the repository). Run from anywhere:

    python3 examples/python/vchain_pandas.py
    python3 examples/python/vchain_pandas.py --mrio my_pymrio_folder/ --province Shandong
    python3 examples/python/vchain_pandas.py --vchain vchain      # an installed `vchain` on PATH

The API is described by GET /api/openapi.json (docs/openapi.json in the repository).
"""
import argparse
import json
import pathlib
import shlex
import subprocess
import sys
import tempfile
import time
import urllib.request

import numpy as np
import pandas as pd

REPO = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_MRIO = REPO / "test" / "fixtures" / "test-systems" / "pymrio-test-mrio"


def decompose(vchain, mrio, out):
    """Runs `vchain decompose` and returns (accounts, flows) as DataFrames."""
    subprocess.run([*vchain, "decompose", "--mrio", str(mrio), "--out", str(out)], check=True)
    accounts = pd.read_csv(out / "accounts.csv")
    flows = pd.read_csv(out / "flows.csv")
    return accounts, flows


def numpy_consumption(mrio):
    """Consumption-based accounts f (I - A)^-1 y_r of a pymrio text folder, by numpy alone."""
    Z = pd.read_csv(mrio / "Z.txt", sep="\t", index_col=[0, 1], header=[0, 1])
    Y = pd.read_csv(mrio / "Y.txt", sep="\t", index_col=[0, 1], header=[0, 1])
    x = Z.sum(axis=1).to_numpy() + Y.sum(axis=1).to_numpy()
    A = Z.to_numpy() / np.where(x > 0, x, 1.0)
    demand = Y.T.groupby(level=0, sort=False).sum().T  # one column per consuming region
    X = np.linalg.solve(np.eye(len(x)) - A, demand.to_numpy())
    out = {}
    for ext in sorted(p for p in mrio.iterdir() if (p / "F.txt").exists()):
        params = json.loads((ext / "file_parameters.json").read_text())["files"]["F"]
        index_cols = list(range(int(params["nr_index_col"])))
        F = pd.read_csv(ext / "F.txt", sep="\t", index_col=index_cols, header=[0, 1])
        f = F.to_numpy() / np.where(x > 0, x, 1.0)
        for label, row in zip(F.index, f @ X):
            name = "/".join(label) if isinstance(label, tuple) else label  # stressor/compartment
            out[name] = pd.Series(row, index=demand.columns)
    return pd.DataFrame(out)


class Explorer:
    """`vchain serve` on a free port, stopped on exit."""

    def __init__(self, vchain, args):
        self.proc = subprocess.Popen(
            [*vchain, "serve", "--port", "0", *args], stdout=subprocess.PIPE, text=True
        )
        line = self.proc.stdout.readline()  # "vchain explorer: http://127.0.0.1:PORT/"
        if not line.startswith("vchain explorer: "):
            self.proc.kill()
            raise RuntimeError(f"vchain serve did not start (printed {line!r})")
        self.url = line.split(": ", 1)[1].strip()

    def get(self, route):
        with urllib.request.urlopen(self.url + "api/" + route) as r:
            return json.load(r)

    def post(self, route, body):
        req = urllib.request.Request(
            self.url + "api/" + route,
            data=json.dumps(body).encode(),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(req) as r:
            return json.load(r)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def province_frame(reply, regions):
    """Map layers and emissions of a reply, one row per province, one column per layer."""
    series = reply["result"]["map"] + reply["result"]["emissions"]
    frame = pd.DataFrame({s["id"]: s["values"] for s in series}, index=pd.Index(regions, name="region"))
    return frame.astype(float), {s["id"]: s["unit"] for s in series}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vchain", default=f"node {shlex.quote(str(REPO / 'bin' / 'vchain.js'))}",
                    help="how to run vchain (default: this repository's bin/vchain.js)")
    ap.add_argument("--mrio", type=pathlib.Path, default=DEFAULT_MRIO, help="pymrio text folder")
    ap.add_argument("--province", default="Hebei", help="province of the what-if")
    ap.add_argument("--json", type=pathlib.Path, help="also write the figures printed here as JSON")
    a = ap.parse_args()
    vchain = shlex.split(a.vchain)
    pd.set_option("display.width", 160)
    pd.set_option("display.max_columns", None)
    summary = {}

    with tempfile.TemporaryDirectory() as tmp:
        accounts, flows = decompose(vchain, a.mrio, pathlib.Path(tmp) / "decompose")
    # accounts.csv: one row per indicator, region, sector (ALL = the region's total) and measure.
    totals = accounts[accounts.sector == "ALL"]
    production = totals[totals.measure == "production"].pivot(index="region", columns="indicator", values="value")
    consumption = totals[totals.measure == "consumption"].pivot(index="region", columns="indicator", values="value")
    by_sector = accounts[(accounts.sector != "ALL") & (accounts.measure == "production")]
    assert np.allclose(by_sector.groupby("region").value.sum(), totals[totals.measure == "production"].groupby("region").value.sum())
    print("Production- and consumption-based accounts (vchain decompose):")
    print(pd.concat({"production": production, "consumption": consumption}, axis=1).round(1))
    print("\nLargest interregional flows (from_region causes in to_region's demand):")
    print(flows[flows.from_region != flows.to_region].nlargest(5, "value").to_string(index=False))
    reference = numpy_consumption(a.mrio)
    common = [c for c in consumption.columns if c in reference.columns]
    diff = (consumption[common] - reference.loc[consumption.index, common]).abs().to_numpy().max()
    rel = float(diff / reference[common].abs().to_numpy().max())
    print(f"\nconsumption accounts vs numpy's own Leontief solve: largest relative difference {rel:.1e}")
    summary["decompose"] = {
        "regions": list(production.index),
        "production_total": production.sum().to_dict(),
        "consumption_total": consumption.sum().to_dict(),
        "numpy_max_relative_difference": rel,
        "indicators_checked": common,
    }

    t0 = time.time()
    with Explorer(vchain, ["--workers", "0", "--draws", "8"]) as api:
        meta = api.get("meta")
        baseline = api.get("baseline")
        what_if = api.post("scenario", {
            "name": f"{a.province}: SO2 intensity halved",
            "intensity": [{"regions": [a.province], "sectors": "all", "factors": {"SO2": 0.5}}],
        })
    base, units = province_frame(baseline, meta["regions"])
    scen, _ = province_frame(what_if, meta["regions"])
    both = pd.concat({"baseline": base, "what_if": scen}, axis=1)
    print(f"\nExplorer API ({meta['dataset']['title']}; served in {time.time() - t0:.0f} s):")
    cols = [c for c in ("SO2", "pm25") if c in base.columns]
    change = (scen[cols] - base[cols]).add_suffix("_change")
    table = pd.concat([base[cols], change], axis=1)
    print(table.reindex(change[cols[-1] + "_change"].abs().sort_values(ascending=False).index).head(6).round(3))
    print("units:", {c: units[c] for c in cols})
    summary["api"] = {
        "regions": meta["regions"],
        "layers": list(base.columns),
        "so2_baseline": base["SO2"].to_dict(),
        "so2_what_if": scen["SO2"].to_dict(),
        "columns": [list(c) for c in both.columns[:3]],
    }
    if a.json:
        a.json.write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    sys.exit(main())
