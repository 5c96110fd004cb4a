"""`margin-oracle kkt` from Python (issue 18): on hidden networks (bias-free ReLU nets of depth 2 and 3,
written and trained here in NumPy, gradients by hand) its residual agrees with an independent
computation (SciPy's NNLS for l2, HiGHS LPs for linf and l1, in the primal form with one variable per
parameter, where `kkt` solves the dual) to 1e-9; `verify` re-checks its documents, embedded or by file;
bad input is refused with exit 2 and a misclassified point gives exit 1. Needs the binary
(MARGIN_ORACLE or margin-oracle on PATH)."""

import json
import os
import shutil
import subprocess

import numpy as np
import pytest

import marginoracle as mo

scipy_optimize = pytest.importorskip("scipy.optimize")


def reference(theta, q, G, geometry, tau):
    """The relative KKT residual by SciPy, written from SPEC.md 7.6 without looking at `kkt`."""
    A = np.where(q <= (1 + tau) * q.min())[0]
    GA = G[A]
    P = theta.size
    if geometry == "l2":
        _, residual = scipy_optimize.nnls(GA.T, theta, maxiter=100 * P)
        return residual / np.linalg.norm(theta)
    top = np.abs(theta).max()
    s = np.sign(theta)
    nn = len(A)
    if geometry == "linf":
        M = np.where(np.abs(theta) >= (1 - tau) * top)[0]
        B = np.zeros((P, len(M)))
        B[M, np.arange(len(M))] = s[M]
        # min sum t  s.t.  -t <= B w - G^T nu <= t,  w in the simplex, nu >= 0
        c = np.r_[np.zeros(len(M) + nn), np.ones(P)]
        A_ub = np.block([[B, -GA.T, -np.eye(P)], [-B, GA.T, -np.eye(P)]])
        A_eq = np.r_[np.ones(len(M)), np.zeros(nn + P)][None]
        r = scipy_optimize.linprog(c, A_ub=A_ub, b_ub=np.zeros(2 * P), A_eq=A_eq, b_eq=[1],
                                   bounds=[(0, None)] * (len(M) + nn) + [(None, None)] * P, method="highs")
        return r.fun
    Z = np.where(np.abs(theta) <= tau * top)[0]
    s[Z] = 0
    U = np.zeros((P, len(Z)))
    U[Z, np.arange(len(Z))] = 1
    # min t  s.t.  -t <= s + U u - G^T nu <= t,  u in [-1, 1], nu >= 0
    c = np.r_[np.zeros(len(Z) + nn), 1.0]
    A_ub = np.block([[U, -GA.T, -np.ones((P, 1))], [-U, GA.T, -np.ones((P, 1))]])
    r = scipy_optimize.linprog(c, A_ub=A_ub, b_ub=np.r_[-s, s],
                               bounds=[(-1, 1)] * len(Z) + [(0, None)] * nn + [(None, None)], method="highs")
    return r.fun


def relu_net(widths):
    """A bias-free ReLU MLP with layer widths d -> ... -> 1: margins and their gradients, by hand."""
    shapes = list(zip(widths[1:], widths[:-1]))

    def unpack(theta):
        out, k = [], 0
        for m, n in shapes:
            out.append(theta[k:k + m * n].reshape(m, n))
            k += m * n
        return out

    def margins_and_gradients(theta, X, y):
        Ws = unpack(theta)
        acts, pre = [X], []
        for i, W in enumerate(Ws):
            h = acts[-1] @ W.T
            pre.append(h)
            acts.append(h if i == len(Ws) - 1 else np.maximum(h, 0))
        q = y * acts[-1][:, 0]
        delta = y[:, None].astype(float)  # d q / d (last pre-activation)
        grads = [None] * len(Ws)
        for i in range(len(Ws) - 1, -1, -1):
            grads[i] = (delta[:, :, None] * acts[i][:, None, :]).reshape(len(y), -1)
            if i > 0:
                delta = (delta @ Ws[i]) * (pre[i - 1] > 0)
        return q, np.concatenate(grads, axis=1)

    return sum(m * n for m, n in shapes), len(shapes), margins_and_gradients


def trained(seed, widths, steps, sign=False):
    """A net trained by normalized steepest ascent on a sharpened soft-min of the normalized margins
    (l2 steps, or sign steps), with steps shrinking like 1/sqrt(t)."""
    rng = np.random.default_rng(seed)
    n, d = 24, widths[0]
    X = rng.normal(size=(n, d))
    y = np.where(X[:, 0] + 0.5 * X[:, 1] > 0, 1.0, -1.0)
    P, L, qg = relu_net(widths)
    theta = 0.5 * rng.normal(size=P)
    norm = np.inf if sign else 2
    for t in range(steps):
        q, G = qg(theta, X, y)
        size = np.linalg.norm(theta, norm)
        p = np.exp(-50 * (q - q.min()) / size ** L)
        p /= p.sum()
        g = p @ G
        theta += 0.05 * size / np.sqrt(t + 1) * (np.sign(g) if sign else g / np.linalg.norm(g))
    q, G = qg(theta, X, y)
    return theta, q, G, L


def run(*args, cwd=None):
    return subprocess.run([mo.find_binary(), *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("widths", [[3, 6, 1], [3, 5, 4, 1]])
def test_kkt_agrees_with_scipy_on_hidden_networks(tmp_path, seed, widths):
    theta, q, G, L = trained(seed, widths, steps=3000, sign=seed % 2 == 1)
    if q.min() <= 0:
        pytest.skip("this net does not separate its data")
    for geometry in ("l2", "linf", "l1"):
        for tau in (1e-3, 5e-2, 0.5):
            report = mo.kkt({"parameters": theta, "margins": q, "margin_gradients": G, "order": L},
                            geometry=geometry, active_tolerance=tau)
            expected = reference(theta, q, G, geometry, tau)
            assert report.exact
            assert abs(report.epsilon - expected) <= 1e-9, (geometry, tau, report.epsilon, expected)


def test_documents_verify_embedded_and_by_file(tmp_path):
    theta, q, G, L = trained(7, [3, 6, 1], steps=800)
    path = tmp_path / "net.npz"
    mo.save_problem(path, theta, q, G, L)
    for flag in ("--enable-embed-problem", "--disable-embed-problem"):
        p = run("kkt", str(path), "--geometry", "linf", flag)
        assert p.returncode == 0, p.stderr
        (tmp_path / "doc.json").write_text(p.stdout)
        v = run("verify", str(tmp_path / "doc.json"))
        assert v.returncode == 0 and json.loads(v.stdout)["passed"], v.stdout
    doc = json.loads((tmp_path / "doc.json").read_text())
    assert "problem" not in doc and doc["input"]["sha256"]
    # Moved: verify needs --data; changed: refused.
    shutil.move(path, tmp_path / "moved.npz")
    assert run("verify", str(tmp_path / "doc.json")).returncode == 1
    v = run("verify", str(tmp_path / "doc.json"), "--data", str(tmp_path / "moved.npz"))
    assert v.returncode == 0, v.stdout
    q2 = q.copy()
    q2[0] *= 1.5
    mo.save_problem(tmp_path / "changed.npz", theta, q2, G, L)
    v = run("verify", str(tmp_path / "doc.json"), "--data", str(tmp_path / "changed.npz"))
    assert v.returncode == 1 and "SHA-256" in v.stdout


def test_fortran_order_and_damaged_archives(tmp_path):
    """G saved column-major (np.asfortranarray) is the same problem: the same document as in C order.
    A byte flipped inside a member is refused as np.load refuses it (its CRC-32), never read."""
    theta, q, G, L = trained(5, [3, 6, 1], steps=800)
    np.savez(tmp_path / "c.npz", parameters=theta, margins=q, margin_gradients=G, order=L)
    np.savez(tmp_path / "f.npz", parameters=theta, margins=q, margin_gradients=np.asfortranarray(G), order=L)
    c = run("kkt", str(tmp_path / "c.npz"), "--enable-embed-problem")
    f = run("kkt", str(tmp_path / "f.npz"), "--enable-embed-problem")
    assert c.returncode == 0 and f.returncode == 0, (c.stderr, f.stderr)
    strip = lambda text: {k: v for k, v in json.loads(text).items() if k != "input"}
    assert strip(c.stdout) == strip(f.stdout)
    raw = bytearray((tmp_path / "c.npz").read_bytes())
    start = raw.find(b"margin_gradients.npy") + len("margin_gradients.npy") + 200
    raw[start] ^= 0x01
    (tmp_path / "damaged.npz").write_bytes(bytes(raw))
    with pytest.raises(Exception, match="CRC"):
        np.load(tmp_path / "damaged.npz")["margin_gradients"]
    p = run("kkt", str(tmp_path / "damaged.npz"))
    assert p.returncode == 2 and "CRC-32" in p.stderr and p.stdout == "", p.stderr


def test_refusals(tmp_path):
    theta, q, G, L = trained(3, [3, 6, 1], steps=800)
    q_bad = q.copy()
    q_bad[5] = -abs(q_bad[5])
    mo.save_problem(tmp_path / "mis.npz", theta, q_bad, G, L)
    p = run("kkt", str(tmp_path / "mis.npz"))
    assert p.returncode == 1 and "Point 5" in p.stderr and p.stdout == ""
    np.savez(tmp_path / "missing.npz", parameters=theta, margins=q, order=L)
    p = run("kkt", str(tmp_path / "missing.npz"))
    assert p.returncode == 2 and "margin_gradients" in p.stderr
    np.savez(tmp_path / "shape.npz", parameters=theta, margins=q, margin_gradients=G[:, :-1], order=L)
    p = run("kkt", str(tmp_path / "shape.npz"))
    assert p.returncode == 2 and "margin_gradients" in p.stderr and "shape" in p.stderr
    np.savez_compressed(tmp_path / "zip.npz", parameters=theta, margins=q, margin_gradients=G, order=L)
    p = run("kkt", str(tmp_path / "zip.npz"))
    assert p.returncode == 2 and "compressed" in p.stderr
    (tmp_path / "p.json").write_text(json.dumps({"parameters": [1, 2], "margins": [1], "margin_gradients": [[1, 2]],
                                                 "order": 2, "extra": 1}))
    p = run("kkt", str(tmp_path / "p.json"))
    assert p.returncode == 2 and "extra" in p.stderr
    p = run("kkt", str(tmp_path / "mis.npz"), "--active-tolerance", "1.5")
    assert p.returncode == 64
    with pytest.raises(ValueError):
        mo.problem_arrays(theta, q, G[:, :-1], L)
    with pytest.raises(RuntimeError, match="Point 5"):
        mo.kkt(str(tmp_path / "mis.npz"))
