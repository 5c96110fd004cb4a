#!/usr/bin/env python3
"""Hidden-data test of `margin-oracle solve DATA --model two-layer --leak A` in R^3 against the
independent floating-point reference bench/two_layer_reference_3d.py.

  two_layer_hidden_3d.py [--seed S] [--sets 36] [--only I ...] [--oracle .build/release/margin-oracle]
                         [--work /tmp/hidden3d] [--timeout 300] [--scale E]
  two_layer_hidden_3d.py --validate [--seed S]

Without --seed a fresh 63-bit seed is drawn from os.urandom and printed; set i is drawn from
numpy.random.default_rng([S, i]), so `--seed S --only i` replays one set. Families (cycled): teacher
(Gaussian points, labels of a random two-layer ReLU teacher), xor-bias ((x1, x2, 1), labels
sign(x1 x2)), clusters, symmetric ((x, y) and (-x, -y)), integer coordinates, one-decimal coordinates,
repeated / collinear points (duplicates and positive multiples of points), random labels. Leaks cycle
through 0, 0.1, 0.5; n is drawn in 6..40. --scale E multiplies every set by 2^E (exact, so the answer
scales by 2^E too): a probe of scale invariance.

For each set: the oracle's bracket [lower, upper] (gamma_bar*), `verify`, the oracle's wall time,
the reference's margin (mu / 2: a lower bound from the restricted master) and upper (best priced / 2),
and three independent checks of the oracle's document: `dual_ub` = max |g_lambda| / 2 for the
document's dual by the reference's cone pricing (must equal the oracle's upper), `grid` = the max
of |g_lambda| / 2 on a Fibonacci grid of 200000 directions (must not exceed the oracle's upper), and
`net` = the normalized margin q_min / ||theta||^2 of the document's network in doubles (must not
exceed the reference's upper). `rel` is the relative distance of the reference's margin to the
oracle's bracket (0 inside); a set is flagged when rel > 1e-6, when the reference's upper is below
the oracle's lower by more than 1e-6 relative, or when a document check fails.

--validate checks the reference alone on closed forms: symmetric data against (1 + A) gamma_2* / 4
(gamma_2* bracketed by SLSQP on the primal QP and on the min-norm-point dual), and planar data lifted
to (x1, x2, 0) against bench/two_layer_reference.py on the planar data (the oracle's bracket on the
planar data is printed beside, as a third opinion); then the pricing alone: for 30 random lambda
(Gaussian, integer, repeated / collinear points) the priced bound must be attained (|g| at the
returned direction) and not be exceeded by |g| on 200000 grid directions. Symmetric hidden sets are
also checked against the closed form.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from fractions import Fraction

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import two_layer_reference_3d as ref  # noqa: E402

LEAKS = [0.0, 0.1, 0.5]
FAMILIES = ["teacher", "xor-bias", "clusters", "symmetric", "integer", "decimal", "repeated", "random-labels"]


def teacher_labels(rng, X, width=None):
    k = width or int(rng.integers(2, 6))
    W = rng.normal(size=(k, 3))
    a = rng.normal(size=k)
    f = np.maximum(X @ W.T, 0) @ a
    return f


def clean(X, f, min_rel=0.0):
    """Drop zero points and points with an undecided label; return (X, y)."""
    nx = np.linalg.norm(X, axis=1)
    keep = (nx > 0) & (np.abs(f) > min_rel * np.maximum(nx, 1e-300))
    return X[keep], np.where(f[keep] > 0, 1.0, -1.0)


def make_set(seed, i):
    rng = np.random.default_rng([seed, i])
    fam = FAMILIES[i % len(FAMILIES)]
    leak = LEAKS[i % len(LEAKS)]
    for _ in range(200):
        n = int(rng.integers(6, 41))
        if fam == "teacher":
            X = rng.normal(size=(n, 3))
            X, y = clean(X, teacher_labels(rng, X), 1e-3)
        elif fam == "xor-bias":
            P = rng.normal(size=(n, 2))
            X = np.hstack([P, np.ones((n, 1))])
            X, y = clean(X, P[:, 0] * P[:, 1])
        elif fam == "clusters":
            k = int(rng.integers(2, 6))
            C = rng.normal(size=(k, 3)) * 2
            lab = rng.choice([-1.0, 1.0], size=k)
            if np.all(lab == lab[0]):
                lab[0] = -lab[0]
            idx = rng.integers(0, k, size=n)
            X = C[idx] + 0.3 * rng.normal(size=(n, 3))
            X, y = clean(X, lab[idx])
        elif fam == "symmetric":
            h = n // 2
            w = rng.normal(size=3)
            H = rng.normal(size=(h, 3))
            H, yh = clean(H, H @ w, 0.05)
            X = np.vstack([H, -H])
            y = np.concatenate([yh, -yh])
        elif fam == "integer":
            X = rng.integers(-3, 4, size=(n, 3)).astype(float)
            X, y = clean(X, teacher_labels(rng, X))
        elif fam == "decimal":
            X = np.round(rng.normal(size=(n, 3)), 1)
            X, y = clean(X, teacher_labels(rng, X))
        elif fam == "repeated":
            m = max(3, n // 2)
            B = rng.normal(size=(m, 3))
            f = teacher_labels(rng, B)
            rows = [B]
            fs = [f]
            r = n - m
            pick = rng.integers(0, m, size=r)
            scale = np.where(rng.random(r) < 0.5, 1.0, rng.choice([0.5, 2.0, 3.0], size=r))
            rows.append(B[pick] * scale[:, None])
            fs.append(f[pick] * scale)
            X = np.vstack(rows)
            X, y = clean(X, np.concatenate(fs), 1e-3)
            perm = rng.permutation(len(X))
            X, y = X[perm], y[perm]
        else:  # random labels
            X = rng.normal(size=(n, 3))
            X, y = clean(X, rng.choice([-1.0, 1.0], size=n))
        if 6 <= len(X) <= 40 and len(set(y)) == 2:
            return fam, leak, X, y
    raise RuntimeError(f"could not draw set {i}")


def write_data(path, X, y):
    with open(path, "w") as f:
        json.dump({"X": X.tolist(), "y": [int(v) for v in y]}, f)


def doc_checks(doc):
    """Independent float checks of an oracle two-layer document."""
    X = np.asarray(doc["data"]["X"], dtype=float)
    y = np.asarray(doc["data"]["y"], dtype=float)
    alpha = float(doc["leak"])
    dual = doc["certificate"]["dual"]
    if dual and isinstance(dual[0], dict):
        lam = np.zeros(len(X))
        for e in dual:
            lam[e["point"]] = float(Fraction(e["weight"]))
    else:
        lam = np.array([float(Fraction(s)) for s in dual])
    lam_sum = float(sum(Fraction(s) for s in dual)) if dual and not isinstance(dual[0], dict) else lam.sum()
    _, _, ub = ref.price(X, y, alpha, lam, ref.fibonacci_sphere(2000))
    G = ref.fibonacci_sphere(200000)
    grid = float(np.max(np.abs(ref.g_values(X, y, alpha, lam / lam.sum(), G))))
    net = doc["certificate"]["network"]
    W = np.array([[float(Fraction(v)) for v in row] for row in net["hidden"]])
    a = np.array([float(Fraction(v)) for v in net["output"]])
    q = y * (ref.phi(X @ W.T, alpha) @ a)
    theta2 = float(np.sum(W * W) + np.sum(a * a))
    return dict(dual_ub=ub / 2, grid=grid / 2, net=float(q.min() / theta2), lam_sum=lam_sum)


def run_oracle(oracle, data, leak, out, timeout):
    start = time.perf_counter()
    try:
        with open(out, "w") as f:
            p = subprocess.run([oracle, "solve", data, "--model", "two-layer", "--leak", repr(leak)],
                               stdout=f, stderr=subprocess.PIPE, timeout=timeout)
        rc, err = p.returncode, p.stderr.decode(errors="replace").strip()
    except subprocess.TimeoutExpired:
        rc, err = "timeout", f"over {timeout} s"
    return rc, err, time.perf_counter() - start


def hidden(args):
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(8), "little") >> 1
    print(f"seed {seed}", flush=True)
    os.makedirs(args.work, exist_ok=True)
    idx = args.only if args.only else range(args.sets)
    hdr = (f"{'set':>4} {'family':<13} {'n':>3} {'leak':>4} {'oracle lower':>20} {'oracle upper':>20} "
           f"{'ref margin':>20} {'ref upper':>20} {'rel':>8} {'dual_ub-up':>10} {'grid<=up':>8} "
           f"{'net<=ref':>8} {'verify':>6} {'t_or s':>7} {'t_ref s':>7} {'flag'}")
    print(hdr, flush=True)
    rows = []
    for i in idx:
        fam, leak, X, y = make_set(seed, i)
        X = X * 2.0 ** args.scale  # exact: the answer scales by the same power of 2
        base = os.path.join(args.work, f"s{seed}_{i}" + (f"_scale{args.scale}" if args.scale else ""))
        write_data(base + ".json", X, y)
        rc, err, t_or = run_oracle(args.oracle, base + ".json", leak, base + ".out.json", args.timeout)
        t0 = time.perf_counter()
        r = ref.solve(X, y, leak, 1e-9, 500)
        t_ref = time.perf_counter() - t0
        row = dict(set=i, family=fam, n=len(X), leak=leak, rc=rc, t_oracle=t_or, t_ref=t_ref,
                   ref_margin=r["margin"], ref_upper=r["upper"], ref_status=r["status"], ref_rounds=r["rounds"],
                   ref_net=r["lower_network"])
        if rc != 0:
            row.update(skipped=True, message=err[-300:])
            rows.append(row)
            print(f"{i:>4} {fam:<13} {len(X):>3} {leak:>4} oracle exit {rc}: {err[-200:]!r}; "
                  f"ref margin {r['margin']:.15g} ({r['status']})", flush=True)
            continue
        with open(base + ".out.json") as f:
            doc = json.load(f)
        v = subprocess.run([args.oracle, "verify", base + ".out.json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        lo, up = doc["lower"], doc["upper"]
        chk = doc_checks(doc)
        m = r["margin"]
        rel = max(0.0, lo - m, m - up) / up if up > 0 else abs(m)
        rel_up = max(0.0, lo - r["upper"]) / up if up > 0 else 0.0
        grid_ok = chk["grid"] <= up * (1 + 1e-12)
        net_ok = chk["net"] <= r["upper"] * (1 + 1e-9)
        dual_dev = (chk["dual_ub"] - up) / up if up > 0 else chk["dual_ub"]
        flags = []
        if rel > 1e-6:
            flags.append("margin outside bracket")
        if rel_up > 1e-6:
            flags.append("ref upper below oracle lower")
        if not grid_ok:
            flags.append("grid exceeds oracle upper")
        if not net_ok:
            flags.append("oracle net exceeds ref upper")
        if abs(dual_dev) > 1e-9:
            flags.append("dual pricing differs")
        if v.returncode != 0:
            flags.append(f"verify exit {v.returncode}")
        if fam == "symmetric":
            g_lo, g_up = gamma2(X, y)
            cf = (1 + leak) * (g_lo + g_up) / 8
            row.update(closed_form=cf)
            if not lo * (1 - 1e-9) <= cf <= up * (1 + 1e-9):
                flags.append(f"closed form {cf:.15g} outside the oracle's bracket")
        if t_or > 60:
            flags.append("oracle slow (>60 s)")
        ref_gap = (r["upper"] - m) / r["upper"] if r["upper"] > 0 else 0.0
        if r["status"] != "optimal" and ref_gap > 1e-7:
            flags.append(f"ref {r['status']} (gap {ref_gap:.1e})")
        row.update(lower=lo, upper=up, rel=rel, rel_up=rel_up, dual_ub=chk["dual_ub"], dual_dev=dual_dev,
                   grid=chk["grid"], net=chk["net"], verify=v.returncode == 0, flags=flags, width=doc["width"])
        rows.append(row)
        print(f"{i:>4} {fam:<13} {len(X):>3} {leak:>4} {lo:>20.15g} {up:>20.15g} {m:>20.15g} {r['upper']:>20.15g} "
              f"{rel:>8.1e} {dual_dev:>10.1e} {str(grid_ok):>8} {str(net_ok):>8} {str(v.returncode == 0):>6} "
              f"{t_or:>7.2f} {t_ref:>7.2f} {'; '.join(flags)}", flush=True)
    done = [r for r in rows if not r.get("skipped")]
    bad = [r for r in done if r["flags"]]
    skipped = ", ".join(f"{r['set']}: exit {r['rc']}" for r in rows if r.get("skipped"))
    print(f"seed {seed}: {len(rows)} sets, {len(done)} solved, {len(rows) - len(done)} skipped "
          f"({skipped or 'none'}), "
          f"{len(bad)} flagged; max rel {max((r['rel'] for r in done), default=0):.2e}; "
          f"max oracle time {max((r['t_oracle'] for r in rows), default=0):.2f} s", flush=True)
    tag = (f"_scale{args.scale}" if args.scale else "") + ("_only" + "-".join(map(str, args.only)) if args.only else "")
    with open(os.path.join(args.work, f"results_{seed}{tag}.json"), "w") as f:
        json.dump(dict(seed=seed, rows=rows), f, indent=1)
    return 1 if bad else 0


def gamma2(X, y):
    """l2 max margin through the origin, bracketed: (lower from a primal w, upper from a dual lambda)."""
    from scipy.optimize import minimize

    Z = y[:, None] * X
    n, d = Z.shape
    w0 = np.linalg.lstsq(Z, np.ones(n), rcond=None)[0]
    p = minimize(lambda w: w @ w, w0, jac=lambda w: 2 * w, method="SLSQP",
                 constraints=[{"type": "ineq", "fun": lambda w: Z @ w - 1, "jac": lambda w: Z}],
                 options={"ftol": 1e-16, "maxiter": 1000})
    w = p.x
    lower = float(np.min(Z @ w) / np.linalg.norm(w))
    q = minimize(lambda l: (Z.T @ l) @ (Z.T @ l), np.full(n, 1 / n), jac=lambda l: 2 * Z @ (Z.T @ l),
                 method="SLSQP", bounds=[(0, None)] * n,
                 constraints=[{"type": "eq", "fun": lambda l: l.sum() - 1, "jac": lambda l: np.ones(n)}],
                 options={"ftol": 1e-18, "maxiter": 1000})
    lam = np.maximum(q.x, 0)
    lam /= lam.sum()
    upper = float(np.linalg.norm(Z.T @ lam))
    return lower, upper


def validate(args):
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(8), "little") >> 1
    print(f"validation seed {seed}", flush=True)
    os.makedirs(args.work, exist_ok=True)
    worst = 0.0
    print("symmetric data: reference margin vs (1 + A) gamma_2* / 4")
    print(f"{'k':>3} {'n':>3} {'leak':>4} {'closed form':>20} {'ref margin':>20} {'ref upper':>20} {'rel':>9} "
          f"{'g2 bracket':>9} status")
    for k in range(12):
        rng = np.random.default_rng([seed, 1000 + k])
        leak = LEAKS[k % 3]
        h = int(rng.integers(3, 21))
        w = rng.normal(size=3)
        H = rng.normal(size=(h, 3))
        if k % 4 == 3:
            H = rng.integers(-3, 4, size=(h, 3)).astype(float)
        H, yh = clean(H, H @ w, 1e-3)
        X = np.vstack([H, -H])
        y = np.concatenate([yh, -yh])
        g_lo, g_up = gamma2(X, y)
        cf = (1 + leak) * (g_lo + g_up) / 2 / 4
        r = ref.solve(X, y, leak, 1e-9, 500)
        rel = abs(r["margin"] - cf) / cf
        worst = max(worst, rel)
        print(f"{k:>3} {len(X):>3} {leak:>4} {cf:>20.15g} {r['margin']:>20.15g} {r['upper']:>20.15g} {rel:>9.1e} "
              f"{(g_up - g_lo) / g_up:>9.1e} {r['status']}", flush=True)
    print("planar data lifted to (x1, x2, 0): reference 3d vs bench/two_layer_reference.py on the plane")
    print(f"{'k':>3} {'n':>3} {'leak':>4} {'plane margin':>20} {'3d margin':>20} {'3d upper':>20} {'rel':>9} status")
    for k in range(12):
        rng = np.random.default_rng([seed, 2000 + k])
        leak = LEAKS[k % 3]
        n = int(rng.integers(6, 41))
        P = rng.normal(size=(n, 2))
        if k % 3 == 0:
            yy = np.where(P[:, 0] * P[:, 1] > 0, 1.0, -1.0)
        elif k % 3 == 1:
            W = rng.normal(size=(3, 2))
            a = rng.normal(size=3)
            yy = np.where(np.maximum(P @ W.T, 0) @ a > 0, 1.0, -1.0)
        else:
            yy = rng.choice([-1.0, 1.0], size=n)
        if len(set(yy)) < 2:
            yy[0] = -yy[0]
        path = os.path.join(args.work, f"planar_{seed}_{k}.json")
        write_data(path, P, yy)
        p = subprocess.run([sys.executable, os.path.join(HERE, "two_layer_reference.py"), "--data", path,
                            "--leak", repr(leak), "--repeats", "1"], stdout=subprocess.PIPE, check=True)
        plane = json.loads(p.stdout)
        X3 = np.hstack([P, np.zeros((n, 1))])
        r = ref.solve(X3, yy, leak, 1e-9, 500)
        orc = ""
        if os.path.exists(args.oracle):
            with open(path + ".out", "w") as f:
                q = subprocess.run([args.oracle, "solve", path, "--model", "two-layer", "--leak", repr(leak)],
                                   stdout=f, stderr=subprocess.PIPE, timeout=args.timeout)
            if q.returncode == 0:
                with open(path + ".out") as f:
                    od = json.load(f)
                orc = f" oracle (plane) [{od['lower']:.15g}, {od['upper']:.15g}]"
            else:
                orc = f" oracle (plane) exit {q.returncode}"
        if plane["margin"] > 0:
            rel = abs(r["margin"] - plane["margin"]) / plane["margin"]
            worst = max(worst, rel)
        else:  # the planar reference failed (it stalls at a zero master on tiny margins)
            rel = float("nan")
        print(f"{k:>3} {n:>3} {leak:>4} {plane['margin']:>20.15g} {r['margin']:>20.15g} {r['upper']:>20.15g} "
              f"{rel:>9.1e} {r['status']} (plane: {plane['status']}){orc}", flush=True)
    print("pricing self-test: cone pricing of random lambda vs max |g_lambda| on 200000 grid directions")
    G = ref.fibonacci_sphere(200000)
    worst_gap, bad = 0.0, 0
    for k in range(30):
        rng = np.random.default_rng([seed, 3000 + k])
        n = int(rng.integers(2, 16))
        X = rng.normal(size=(n, 3))
        if k % 3 == 1:
            X = rng.integers(-2, 3, size=(n, 3)).astype(float)
        if k % 3 == 2:  # repeated and collinear points, and a point in the plane of two others
            X[1] = 2 * X[0]
            if n > 3:
                X[2] = -X[0]
                X[3] = X[0] + X[1] * 0.5 + 0 * X[2]
        X = X[np.linalg.norm(X, axis=1) > 0]
        y = rng.choice([-1.0, 1.0], size=len(X))
        lam = rng.random(len(X)) * (rng.random(len(X)) < 0.8)
        if lam.sum() == 0:
            lam[0] = 1
        lam /= lam.sum()
        alpha = LEAKS[k % 3]
        dirs, vals, ub = ref.price(X, y, alpha, lam, ref.fibonacci_sphere(2000))
        grid = float(np.max(np.abs(ref.g_values(X, y, alpha, lam, G))))
        attained = float(vals.max()) if len(vals) else 0.0
        gap = (ub - grid) / ub if ub > 0 else 0.0
        worst_gap = max(worst_gap, gap)
        if grid > ub * (1 + 1e-12) or attained < ub * (1 - 1e-12):
            bad += 1
            print(f"  {k}: n {len(X)} upper {ub!r} attained {attained!r} grid {grid!r}")
    print(f"  30 cases: {bad} with grid max above the priced bound or the bound not attained; "
          f"(bound - grid) / bound at most {worst_gap:.1e}")
    print(f"worst relative difference {worst:.2e}")
    worst = max(worst, 1.0 if bad else 0.0)
    return 0 if worst < 1e-6 else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--sets", type=int, default=36)
    ap.add_argument("--only", type=int, nargs="*")
    ap.add_argument("--oracle", default=".build/release/margin-oracle")
    ap.add_argument("--work", default="/tmp/hidden3d")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--validate", action="store_true")
    ap.add_argument("--scale", type=int, default=0, help="multiply every hidden set by 2^SCALE (exact)")
    args = ap.parse_args()
    return validate(args) if args.validate else hidden(args)


if __name__ == "__main__":
    sys.exit(main())
