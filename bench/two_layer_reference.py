#!/usr/bin/env python3
"""Floating-point reference for `margin-oracle bench --two-layer --reference bench/two_layer_reference.py`.

The global max normalized margin of two-layer leaky-ReLU networks for data in the plane,
gamma_bar* = gamma_F1* / 2, by column generation over hidden directions, in floating point and
without a certificate:

  master   the restricted LP's dual with scipy.optimize.linprog(method="highs"):
           min mu over distributions lambda on the points with |sum_n lambda_n y_n phi(u_k . x_n)| <= mu
           for every direction u_k
  pricing  the maximum of |g_lambda(u)| over the unit circle, arc by arc: only the points with
           lambda_n > 0 cut the circle, and on an arc g_lambda(u) = u . v_A, so the candidates are
           the arc's ends and +-v_A / ||v_A|| when they lie on it
  stop     when the best priced value is within --gap (relative) of mu, after 5 rounds without
           progress ("stalled": HiGHS's tolerances are absolute) or after --max-rounds

Usage: two_layer_reference.py --data D.json --leak 0.1 [--repeats 3] [--gap 1e-9]
Reads {"X": [[x1, x2], ...], "y": [...]} and prints one JSON object:
{"solver", "ms" (median wall time; JSON parsing and a warm-up solve on 20 points excluded),
 "margin" (gamma_bar*, mu / 2), "upper" (the last priced bound / 2), "rounds", "status"}.
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np


def phi(s, alpha):
    return np.where(s >= 0, s, alpha * s)


def master(X, y, alpha, U):
    from scipy.optimize import linprog

    n = len(X)
    A = (y[:, None] * phi(X @ U.T, alpha)).T  # m x n: A[k, n] = y_n phi(u_k . x_n)
    m = len(U)
    A_ub = np.vstack([np.hstack([A, -np.ones((m, 1))]), np.hstack([-A, -np.ones((m, 1))])])
    c = np.zeros(n + 1)
    c[-1] = 1
    res = linprog(
        c, A_ub=A_ub, b_ub=np.zeros(2 * m), A_eq=np.hstack([np.ones((1, n)), np.zeros((1, 1))]), b_eq=[1],
        bounds=[(0, None)] * n + [(None, None)], method="highs",
        options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10})
    if res.status != 0:
        raise RuntimeError(res.message)
    # The primal weights c_k = p_k - q_k are the marginals of the two rows of direction k.
    duals = -res.ineqlin.marginals
    return res.x[-1], np.maximum(res.x[:n], 0), duals[:m] - duals[m:]


def price(X, y, alpha, lam):
    """Candidates (directions, values) of max |g_lambda| on the circle, over the support's arcs."""
    S = np.nonzero(lam > 0)[0]
    P = X[S]
    w = lam[S] * y[S]
    a = np.arctan2(P[:, 0], -P[:, 1])  # the direction (-p2, p1) perpendicular to p
    angles = np.sort(np.concatenate([a, np.where(a > 0, a - np.pi, a + np.pi)]))
    ends = np.append(angles[1:], angles[0] + 2 * np.pi)
    keep = ends > angles
    lo, hi = angles[keep], ends[keep]
    mid = (lo + hi) / 2
    M = np.stack([np.cos(mid), np.sin(mid)], axis=1)
    sides = np.where(M @ P.T > 0, 1.0, alpha)  # arcs x support
    V = (sides * w) @ P  # arcs x 2: v_A
    cands = [np.stack([np.cos(lo), np.sin(lo)], 1), np.stack([np.cos(hi), np.sin(hi)], 1)]
    vals = [np.abs(np.sum(cands[0] * V, 1)), np.abs(np.sum(cands[1] * V, 1))]
    vn = np.linalg.norm(V, axis=1)
    for sign in (1.0, -1.0):
        t = np.arctan2(sign * V[:, 1], sign * V[:, 0])
        t = lo + np.mod(t - lo, 2 * np.pi)
        inside = (t <= hi) & (vn > 0)
        cands.append(np.stack([np.cos(t[inside]), np.sin(t[inside])], 1))
        vals.append(vn[inside])
    return np.concatenate(cands), np.concatenate(vals)


def solve(X, y, alpha, gap, max_rounds):
    t = 2 * np.pi * np.arange(16) / 16
    U = np.stack([np.cos(t), np.sin(t)], 1)
    best, level, stalled = np.inf, -np.inf, 0
    for rounds in range(1, max_rounds + 1):
        mu, lam, c = master(X, y, alpha, U)
        dirs, vals = price(X, y, alpha, lam)
        best = min(best, vals.max())
        if best <= mu * (1 + gap):
            return mu / 2, best / 2, rounds, "optimal"
        stalled = stalled + 1 if mu <= level * (1 + 1e-13) else 0
        level = max(level, mu)
        if stalled >= 5:
            return mu / 2, best / 2, rounds, "stalled"
        order = np.argsort(-vals)[:8]
        # Keep the directions in use; the master stays a few dozen columns wide.
        U = np.vstack([U[np.abs(c) > 0], dirs[order]])
    return mu / 2, best / 2, max_rounds, "round limit"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--leak", type=float, required=True)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--gap", type=float, default=1e-9)
    ap.add_argument("--max-rounds", type=int, default=500)
    args = ap.parse_args()
    with open(args.data) as f:
        doc = json.load(f)
    X = np.asarray(doc["X"], dtype=float)
    y = np.asarray(doc["y"], dtype=float)
    out = {"solver": "scipy-highs column generation"}
    try:
        solve(X[:20], y[:20], args.leak, args.gap, 20)  # warm-up: scipy's lazy imports
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            margin, upper, rounds, status = solve(X, y, args.leak, args.gap, args.max_rounds)
            times.append((time.perf_counter() - start) * 1e3)
        out.update(ms=statistics.median(times), margin=margin, upper=upper, rounds=rounds, status=status)
    except ImportError as e:
        out.update(status=f"missing ({e.name})")
    except RuntimeError as e:
        out.update(status=f"failed ({e})")
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    sys.exit(main())
