"""Is my trained network near a KKT point of the margin problem, in the geometry of its optimizer?

Trains a bias-free ReLU MLP of depth 3 (homogeneous of degree L = 3) on a synthetic separable set in
PyTorch, once with normalized gradient descent and once with normalized sign descent, and asks
`margin-oracle kkt` in the l2 and l-infinity geometries for both. Gradient descent's limit points are
KKT points in l2 (Lyu & Li 2020, Theorem 4.4); sign descent's in l-infinity (Tsilivis, Vardi & Kempe
2024). Needs torch, numpy and the binary (MARGIN_ORACLE or margin-oracle on PATH):

    MARGIN_ORACLE=.build/release/margin-oracle PYTHONPATH=python python3 examples/kkt_torch_mlp.py
"""

import sys

import numpy as np
import torch

import marginoracle as mo


def data(seed=0, n=40, d=4):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = np.where(X @ np.array([1.0, -0.5, 0.25, 0.0]) > 0, 1.0, -1.0)
    return torch.tensor(X), torch.tensor(y)


def mlp(d, width=8, seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(d, width, bias=False), torch.nn.ReLU(),
        torch.nn.Linear(width, width, bias=False), torch.nn.ReLU(),
        torch.nn.Linear(width, 1, bias=False)).double()


def train(model, X, y, steps, sign):
    """Normalized steepest descent on the exponential loss, through log L = logsumexp(-q) (whose gradient
    does not underflow once the margins are large): each step has length lr * ||theta|| in the
    optimizer's norm (l2 for gradient descent, l-infinity for sign descent), lr shrinking like 1/sqrt(t)."""
    params = list(model.parameters())
    for t in range(steps):
        loss = torch.logsumexp(-y * model(X).squeeze(1), 0)
        grads = torch.autograd.grad(loss, params)
        flat = torch.cat([g.reshape(-1) for g in grads])
        theta = torch.cat([p.reshape(-1) for p in params])
        if sign:
            size = theta.abs().max()
            direction = [g.sign() for g in grads]
        else:
            size = theta.norm()
            direction = [g / flat.norm() for g in grads]
        with torch.no_grad():
            for p, g in zip(params, direction):
                p -= 0.05 * size / (t + 1) ** 0.5 * g
    return model


def main(steps=4000):
    X, y = data()
    rows = []
    for name, sign in (("gradient descent", False), ("sign descent", True)):
        model = train(mlp(X.shape[1]), X, y, steps, sign)
        arrays = mo.torch_problem(model, X, y, order=3)
        if arrays["margins"].min() <= 0:
            print(f"{name}: the network still misclassifies a point; train longer", file=sys.stderr)
            continue
        for geometry in ("l2", "linf"):
            r = mo.kkt(arrays, geometry=geometry, active_tolerance=1e-2)
            rows.append((name, geometry, r.epsilon, r.delta, len(r.active), r.normalized_margin))
    print(f"{'trained by':18} {'geometry':8} {'epsilon':>10} {'delta':>10} {'active':>6} {'normalized margin':>18}")
    for name, geometry, eps, delta, active, margin in rows:
        print(f"{name:18} {geometry:8} {eps:10.3e} {delta:10.3e} {active:6d} {margin:18.6g}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4000)
