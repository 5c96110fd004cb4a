#!/usr/bin/env python3
"""NumPy reference for `margin-oracle bench --trainer --numpy bench/numpy_steps.py`.

The same training step as MarginOracle's Trainer, written the way a NumPy user would: margins
q = y * f(theta; X), log-domain logistic-loss weights p = softmax(-softplus(q)), the gradient
direction -sum_n p_n y_n grad f_n (the loss gradient divided by its positive scale), and a
normalized gradient step theta -= eta * g / ||g||_2 (NGD). Same models, sizes, data and step
size as the Swift table; per-step flops match, the parameter layouts need not.

Usage: numpy_steps.py --data D.json --steps 20000 --repeats 3
Prints one JSON object per model and line: {"model", "parameters", "us_per_step"}.
"""
import argparse
import json
import statistics
import time

import numpy as np


def softplus(q):
    return np.logaddexp(0.0, -q)  # log(1 + e^-q)


def weights(q):
    logs = -softplus(q)
    e = np.exp(logs - logs.max())
    return e / e.sum()


def linear(d, rng):
    theta = rng.normal(scale=0.1, size=d)

    def grad(theta, X, y):
        p = weights(y * (X @ theta))
        return -(p * y) @ X
    return theta, grad


def diagonal(d, rng):
    theta = rng.normal(scale=0.1, size=2 * d)

    def grad(theta, X, y):
        u, v = theta[:d], theta[d:]
        beta = u * u - v * v
        c = -weights(y * (X @ beta)) * y
        g = c @ X
        return np.concatenate([2 * u * g, -2 * v * g])
    return theta, grad


def deep_linear(widths, rng):
    shapes = [(widths[i + 1], widths[i]) for i in range(len(widths) - 1)]
    sizes = [a * b for a, b in shapes]
    theta = rng.normal(scale=0.1, size=sum(sizes))

    def grad(theta, X, y):
        mats, k = [], 0
        for (a, b), s in zip(shapes, sizes):
            mats.append(theta[k:k + s].reshape(a, b)); k += s
        acts = [X.T]
        for W in mats:
            acts.append(W @ acts[-1])
        c = -weights(y * acts[-1][0]) * y
        delta = c[None, :]
        grads = []
        for W, A in zip(reversed(mats), reversed(acts[:-1])):
            grads.append((delta @ A.T).ravel())
            delta = W.T @ delta
        return np.concatenate(list(reversed(grads)))
    return theta, grad


def two_layer(d, m, alpha, rng):
    theta = rng.normal(scale=0.1, size=m * d + m)

    def grad(theta, X, y):
        W, a = theta[:m * d].reshape(m, d), theta[m * d:]
        s = X @ W.T                      # n x m
        act = np.where(s > 0, s, alpha * s)
        c = -weights(y * (act @ a)) * y
        slope = np.where(s > 0, 1.0, alpha)
        ga = c @ act
        gW = ((c[:, None] * slope) * a[None, :]).T @ X
        return np.concatenate([gW.ravel(), ga])
    return theta, grad


def models(d):
    return [
        ("linear", lambda r: linear(d, r)),
        ("diagonal D=2", lambda r: diagonal(d, r)),
        ("deep linear 3 layers width 4", lambda r: deep_linear([d, 4, 4, 1], r)),
        ("deep linear 3 layers width 16", lambda r: deep_linear([d, 16, 16, 1], r)),
        ("deep linear 3 layers width 50", lambda r: deep_linear([d, 50, 50, 1], r)),
        ("two-layer leaky ReLU width 4", lambda r: two_layer(d, 4, 0.1, r)),
        ("two-layer leaky ReLU width 10", lambda r: two_layer(d, 10, 0.1, r)),
        ("two-layer leaky ReLU width 50", lambda r: two_layer(d, 50, 0.1, r)),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--eta", type=float, default=0.05)
    args = ap.parse_args()
    with open(args.data) as f:
        doc = json.load(f)
    X = np.asarray(doc["X"], dtype=float)
    y = np.asarray(doc["y"], dtype=float)
    for name, make in models(X.shape[1]):
        times = []
        for _ in range(args.repeats):
            theta, grad = make(np.random.default_rng(1))
            start = time.perf_counter()
            for _ in range(args.steps):
                g = grad(theta, X, y)
                theta = theta - args.eta * g / np.linalg.norm(g)
            times.append((time.perf_counter() - start) * 1e6 / args.steps)
        print(json.dumps({"model": name, "parameters": int(theta.size), "us_per_step": statistics.median(times)}), flush=True)


if __name__ == "__main__":
    main()
