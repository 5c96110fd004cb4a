#!/usr/bin/env python3
"""End-to-end reference for `margin-oracle bench --end-to-end FILE ... --reference-e2e bench/e2e_reference.py`.

Reads a data file the way a Python user would and solves the same max-margin problem with the
reference solvers of bench/reference.py, timing each phase, in a fresh process so that its peak
resident memory belongs to this file alone:

  .npz         numpy.load (arrays X and y)
  .npy         numpy.load of X and of --labels
  .json        json.load, then numpy.asarray
  .csv         numpy.loadtxt (a header line, when there is one, skipped)

Usage: e2e_reference.py FILE [--labels Y.npy] [--norm l2]
Prints one JSON object: {"file", "load_ms", "solve_ms", "total_ms", "peak_rss_kb", "margin",
"solver", "status"}. No certificate: the numbers are floating point. A missing solver gives
status "missing".
"""
import argparse
import json
import resource
import sys
import time

import numpy as np

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import reference  # noqa: E402  (bench/reference.py: the same solvers as the solver benchmark)


def load(path, labels):
    lower = path.lower()
    if lower.endswith(".npz"):
        with np.load(path) as f:
            return np.asarray(f["X"], dtype=np.float64), np.asarray(f["y"], dtype=np.float64)
    if lower.endswith(".npy"):
        return np.load(path).astype(np.float64), np.load(labels).astype(np.float64)
    if lower.endswith(".csv"):
        with open(path) as f:
            first = f.readline()
        try:
            [float(v) for v in first.split(",")]
            skip = 0
        except ValueError:
            skip = 1
        a = np.loadtxt(path, delimiter=",", skiprows=skip, dtype=np.float64)
        return a[:, :-1], a[:, -1]
    with open(path) as f:
        d = json.load(f)
    return np.asarray(d["X"], dtype=np.float64), np.asarray(d["y"], dtype=np.float64)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--labels")
    p.add_argument("--norm", default="l2", choices=["l1", "l2", "linf"])
    a = p.parse_args()
    t0 = time.perf_counter()
    X, y = load(a.file, a.labels)
    t1 = time.perf_counter()
    Z = X * y[:, None]
    out = {"file": a.file, "solver": "clarabel" if a.norm == "l2" else "scipy-highs"}
    try:
        if a.norm == "l2":
            margin, status = reference.l2_clarabel(Z)
        else:
            margin, status = reference.l_poly(Z, a.norm)
    except ImportError:
        margin, status = None, "missing"
    t2 = time.perf_counter()
    out.update(
        load_ms=round((t1 - t0) * 1000, 1),
        solve_ms=round((t2 - t1) * 1000, 1),
        total_ms=round((t2 - t0) * 1000, 1),
        peak_rss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        margin=margin,
        status=status,
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
