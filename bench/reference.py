#!/usr/bin/env python3
"""Reference solvers for `margin-oracle bench --reference bench/reference.py`.

Solves the same max-margin problems as MarginOracle's oracle with standard floating-point
solvers, so the bench table can put both timings side by side:

  l1, linf        scipy.optimize.linprog(method="highs")  (HiGHS dual simplex / IPM)
  l2              Clarabel (interior point, sparse)       min 1/2 ||w||^2  s.t.  Z w >= 1
                  quadprog (dual active set, dense)        same QP, only up to --quadprog-limit points
  lex-l1, lex-linf  sequential HiGHS LPs; a point is blocked when its dual weight exceeds 1e-9
                  (the floating-point recipe, no exact blocking decisions); --lex-budget S stops
                  a run after S seconds ("complete": false, "ms" then a lower bound)
  lex-l1-pin, lex-linf-pin  the same with the float version of MarginOracle's pin test: once the
                  fixed points leave one w, the remaining levels are the sorted margins at w

Usage: reference.py --data D.json --norm l2 [--norm l1 ...] [--repeats 3]
Reads {"X": [[...]], "y": [...]} (MarginOracle's data format) and prints one JSON object per
line and solver: {"problem", "solver", "ms" (median wall time, matrices built from Z included,
JSON parsing and a warm-up solve excluded), "margin" (for lex-*: the first level), "status",
"levels" and "complete" (lex-* only)}.
A solver that is not installed is reported with status "missing".
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np


def l_poly(Z, norm):
    """max t s.t. z_n . w >= t, w in the l1 or linf unit ball (HiGHS)."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix, hstack, vstack
    n, d = Z.shape
    S = csr_matrix(Z)
    ones = csr_matrix(np.ones((n, 1)))
    if norm == "linf":
        # variables w (d), t; minimize -t; -Z w + t <= 0; -1 <= w <= 1
        A = hstack([-S, ones]).tocsr()
        c = np.zeros(d + 1); c[-1] = -1
        bounds = [(-1, 1)] * d + [(None, None)]
        res = linprog(c, A_ub=A, b_ub=np.zeros(n), bounds=bounds, method="highs")
    else:
        # variables p, q (d each, >= 0), t; -Z(p - q) + t <= 0; sum(p + q) <= 1
        A = vstack([hstack([-S, S, ones]), csr_matrix(np.r_[np.ones(2 * d), 0.0][None, :])]).tocsr()
        c = np.zeros(2 * d + 1); c[-1] = -1
        bounds = [(0, None)] * (2 * d) + [(None, None)]
        res = linprog(c, A_ub=A, b_ub=np.r_[np.zeros(n), 1.0], bounds=bounds, method="highs")
    return (-res.fun if res.status == 0 else float("nan")), res.message


def l2_clarabel(Z):
    import clarabel
    from scipy.sparse import csc_matrix, identity
    n, d = Z.shape
    P = identity(d, format="csc")
    A = csc_matrix(-Z)
    b = -np.ones(n)
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    sol = clarabel.DefaultSolver(P, np.zeros(d), A, b, [clarabel.NonnegativeConeT(n)], settings).solve()
    w = np.asarray(sol.x)
    return 1.0 / np.linalg.norm(w), str(sol.status)


def l2_quadprog(Z):
    import quadprog
    n, d = Z.shape
    w = quadprog.solve_qp(np.eye(d), np.zeros(d), Z.T.copy(), np.ones(n))[0]
    return 1.0 / np.linalg.norm(w), "optimal"


def lex(Z, norm, pin=False, budget_s=float("inf")):
    """Sequential leximin LPs in floating point (HiGHS), blocking by dual weight > 1e-9.

    With pin=True, after each stage the float analogue of MarginOracle's pin test (PinnedFace):
    the stage duals' combination r in the ball's normal cone (tolerance 1e-7, HiGHS's own
    feasibility tolerance) and the face matrix
    of full column rank (numpy's matrix_rank); when it holds, the remaining levels are the sorted
    margins at w, grouped with a relative tolerance of 1e-9. Stops after budget_s seconds and
    reports how far it got."""
    from scipy.optimize import linprog
    start = time.perf_counter()
    n, d = Z.shape
    fixed = np.full(n, np.nan)
    levels = []
    while np.isnan(fixed).any():
        if time.perf_counter() - start > budget_s:
            return levels[0], f"stopped after {len(levels)} levels (budget {budget_s:g} s)", levels, False
        free = np.isnan(fixed)
        if norm == "linf":
            cols = d
            M = Z
            bounds = [(-1, 1)] * d + [(None, None)]
            extra_A, extra_b = np.zeros((0, d + 1)), np.zeros(0)
        else:
            cols = 2 * d
            M = np.hstack([Z, -Z])
            bounds = [(0, None)] * (2 * d) + [(None, None)]
            extra_A, extra_b = np.r_[np.ones(2 * d), 0.0][None, :], np.ones(1)
        A_free = np.hstack([-M[free], np.ones((free.sum(), 1))])
        A_fixed = np.hstack([-M[~free], np.zeros(((~free).sum(), 1))])
        A = np.vstack([A_free, A_fixed, extra_A])
        b = np.r_[np.zeros(free.sum()), -fixed[~free], extra_b]
        c = np.zeros(cols + 1); c[-1] = -1
        res = linprog(c, A_ub=A, b_ub=b, bounds=bounds, method="highs")
        if res.status != 0:
            return float("nan"), f"HiGHS failed at level {len(levels) + 1}: {res.message}", levels, False
        t = -res.fun
        marginals = -res.ineqlin.marginals
        duals = marginals[: free.sum()]
        idx = np.flatnonzero(free)
        blocked = idx[duals > 1e-9]
        if len(blocked) == 0:
            blocked = idx[np.argmax(duals)]
        fixed[blocked] = t
        levels.append(t)
        if pin and np.isnan(fixed).any():
            w = res.x[:d] if norm == "linf" else res.x[:d] - res.x[d:2 * d]
            pi = np.zeros(n)
            pi[idx] = duals
            pi[np.flatnonzero(~free)] = marginals[free.sum(): n]
            if pinned(Z, norm, w, pi):
                rest = np.flatnonzero(np.isnan(fixed))
                m = np.sort(Z[rest] @ w)
                scale = max(1.0, np.abs(m).max())
                breaks = np.flatnonzero(np.diff(m) > 1e-9 * scale)
                levels += [m[0]] + list(m[breaks + 1])
                fixed[rest] = Z[rest] @ w
    return levels[0], "optimal", levels, True


def pinned(Z, norm, w, pi, tol=1e-7):
    """Float version of MarginOracle's pin test (see PinnedFace.swift)."""
    support = np.flatnonzero(pi > tol)
    r = pi[support] @ Z[support]
    scale = max(np.abs(r).max(), tol)
    if norm == "linf":
        face = np.abs(w) < 1 - tol
        if np.abs(r[face]).max(initial=0) > tol * scale or (r[~face] * w[~face] <= tol * scale).any():
            return False
        rows = Z[support][:, face]
    else:
        m = np.abs(r).max()
        face = np.abs(w) > tol
        if abs(np.abs(w).sum() - 1) > tol or m <= tol:
            return False
        if (np.abs(r[face]) < m * (1 - tol)).any() or (np.sign(r[face]) != np.sign(w[face])).any():
            return False
        if (np.abs(r[~face]) >= m * (1 - tol)).any():
            return False
        rows = np.vstack([Z[support][:, face], np.sign(w[face])[None, :]])
    return face.sum() == 0 or np.linalg.matrix_rank(rows) == face.sum()


def run(problem, Z, quadprog_limit, budget_s=float("inf")):
    if problem in ("l1", "linf"):
        return "scipy-highs", lambda: l_poly(Z, problem)
    if problem == "l2":
        return "clarabel", lambda: l2_clarabel(Z)
    if problem == "l2-quadprog":
        if Z.shape[0] > quadprog_limit:
            return "quadprog", None
        return "quadprog", lambda: l2_quadprog(Z)
    if problem in ("lex-l1", "lex-linf"):
        return "scipy-highs-sequential", lambda: lex(Z, problem[4:], budget_s=budget_s)
    if problem in ("lex-l1-pin", "lex-linf-pin"):
        return "scipy-highs-sequential+pin", lambda: lex(Z, problem[4:-4], pin=True, budget_s=budget_s)
    raise SystemExit(f"unknown problem {problem}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--norm", action="append", required=True,
                    choices=["l1", "l2", "linf", "l2-quadprog", "lex-l1", "lex-linf", "lex-l1-pin", "lex-linf-pin"])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--quadprog-limit", type=int, default=1000000)
    ap.add_argument("--lex-budget", type=float, default=float("inf"),
                    help="seconds after which a sequential leximin run stops (reported as incomplete)")
    args = ap.parse_args()
    with open(args.data) as f:
        doc = json.load(f)
    Z = np.asarray(doc["X"], dtype=float) * np.asarray(doc["y"], dtype=float)[:, None]
    # One untimed solve of each kind on a small slice first: imports and JIT-style warm-up
    # (scipy's lazy imports cost about 0.5 s on the first call) stay out of the timings.
    for problem in args.norm:
        _, call = run(problem, Z[: min(len(Z), 50)], args.quadprog_limit, args.lex_budget)
        if call is not None and not problem.startswith("lex"):
            try:
                call()
            except Exception:
                pass
    for problem in args.norm:
        solver, call = run(problem, Z, args.quadprog_limit, args.lex_budget)
        out = {"problem": problem, "solver": solver}
        if call is None:
            out.update(status="skipped (too large)")
        else:
            try:
                times, result = [], None
                for _ in range(args.repeats):
                    start = time.perf_counter()
                    result = call()
                    times.append((time.perf_counter() - start) * 1e3)
                margin = float(result[0])
                if np.isfinite(margin):
                    out.update(ms=statistics.median(times), margin=margin, status=str(result[1]))
                else:  # no answer to compare: the table shows the status instead
                    out.update(status=str(result[1]))
                if problem.startswith("lex"):
                    out["levels"] = len(result[2])
                    out["complete"] = result[3]
            except ImportError as e:
                out.update(status=f"missing ({e.name})")
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    sys.exit(main())
