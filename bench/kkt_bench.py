"""End-to-end benchmark of `margin-oracle kkt` (file in, certified document out, as a user runs it) beside
SciPy (NNLS for l2; HiGHS on the primal LPs for linf and l1, floats, no certificate).

Problems: n points, P parameters, Gaussian gradients, theta near the cone of the first `k` gradients
(the "active" points, margins within the tolerance of q_min; the rest have larger margins), so the
witnesses are not trivial. Wall time and peak RSS of the `kkt` process (getrusage of the child), the
relative residual, and SciPy's time and its difference from ours.

    swift build -c release
    python3 bench/kkt_bench.py --binary .build/release/margin-oracle --size 100x1000 --size 1000x10000
"""

import argparse
import json
import os
import resource
import subprocess
import tempfile
import time

import numpy as np


def problem(n, p, k, seed):
    rng = np.random.default_rng(seed)
    G = rng.normal(size=(n, p))
    theta = rng.uniform(0.5, 1.5, size=k) @ G[:k] + 0.01 * rng.normal(size=p)
    q = np.r_[np.ones(k), 1.5 + rng.uniform(size=n - k)]
    return theta, q, G


def scipy_residual(theta, q, G, geometry, tau):
    from scipy.optimize import linprog, nnls
    A = np.where(q <= (1 + tau) * q.min())[0]
    GA = G[A]
    P = theta.size
    if geometry == "l2":
        return nnls(GA.T, theta, maxiter=50 * P)[1] / np.linalg.norm(theta)
    s = np.sign(theta)
    top = np.abs(theta).max()
    if geometry == "linf":
        M = np.where(np.abs(theta) >= (1 - tau) * top)[0]
        B = np.zeros((P, len(M)))
        B[M, np.arange(len(M))] = s[M]
        c = np.r_[np.zeros(len(M) + len(A)), np.ones(P)]
        from scipy.sparse import bmat, identity, csr_matrix
        I = identity(P)
        A_ub = bmat([[csr_matrix(B), csr_matrix(-GA.T), -I], [csr_matrix(-B), csr_matrix(GA.T), -I]])
        A_eq = np.r_[np.ones(len(M)), np.zeros(len(A) + P)][None]
        r = linprog(c, A_ub=A_ub, b_ub=np.zeros(2 * P), A_eq=A_eq, b_eq=[1],
                    bounds=[(0, None)] * (len(M) + len(A)) + [(None, None)] * P, method="highs")
        return r.fun
    Z = np.where(np.abs(theta) <= tau * top)[0]
    s[Z] = 0
    from scipy.sparse import bmat, csr_matrix
    U = np.zeros((P, len(Z)))
    U[Z, np.arange(len(Z))] = 1
    ones = np.ones((P, 1))
    A_ub = bmat([[csr_matrix(U), csr_matrix(-GA.T), csr_matrix(-ones)], [csr_matrix(-U), csr_matrix(GA.T), csr_matrix(-ones)]])
    r = linprog(np.r_[np.zeros(len(Z) + len(A)), 1.0], A_ub=A_ub, b_ub=np.r_[-s, s],
                bounds=[(-1, 1)] * len(Z) + [(0, None)] * len(A) + [(None, None)], method="highs")
    return r.fun


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.environ.get("MARGIN_ORACLE", ".build/release/margin-oracle"))
    ap.add_argument("--size", action="append", default=[])
    ap.add_argument("--active", type=int, default=10)
    ap.add_argument("--geometry", action="append", default=[])
    ap.add_argument("--no-reference", action="store_true")
    args = ap.parse_args()
    sizes = args.size or ["100x1000", "1000x10000"]
    geometries = args.geometry or ["l2", "linf", "l1"]
    print("| n x P | geometry | active | kkt wall (s) | kkt peak RSS (MB) | epsilon | exact | SciPy (s) | |ours - SciPy| |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            n, p = map(int, size.split("x"))
            theta, q, G = problem(n, p, min(args.active, n), seed=n * 7 + p)
            path = os.path.join(tmp, "p.npz")
            np.savez(path, parameters=theta, margins=q, margin_gradients=G, order=np.float64(2))
            for geometry in geometries:
                before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                start = time.perf_counter()
                out = subprocess.run([args.binary, "kkt", path, "--geometry", geometry, "--disable-embed-problem"],
                                     capture_output=True, text=True)
                wall = time.perf_counter() - start
                rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                if out.returncode != 0:
                    print(f"| {size} | {geometry} | | failed: {out.stderr.strip()[:80]} | | | | | |")
                    continue
                d = json.loads(out.stdout)
                ref_time, diff = "-", "-"
                if not args.no_reference:
                    start = time.perf_counter()
                    ref = scipy_residual(theta, q, G, geometry, 1e-3)
                    ref_time = f"{time.perf_counter() - start:.2f}"
                    diff = f"{abs(ref - d['epsilon']):.1e}"
                peak = f"{rss / 1024:.0f}" if rss > before else f"<= {rss / 1024:.0f}"
                print(f"| {size} | {geometry} | {len(d['active'])} | {wall:.2f} | {peak} | {d['epsilon']:.6g} | "
                      f"{d['certificate']['exact']} | {ref_time} | {diff} |", flush=True)


if __name__ == "__main__":
    main()
