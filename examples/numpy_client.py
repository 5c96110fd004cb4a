#!/usr/bin/env python3
"""A regression-oracle client in plain NumPy.

Reads a MarginOracle fixture, trains a linear model with its own NumPy code exactly as the
fixture's expectation describes (initial parameters, update rule, step size, number of steps,
logistic sum loss), writes the learned weights, and asks `margin-oracle check` for a verdict.

    swift build -c release
    python3 examples/numpy_client.py Fixtures/reference/reference-D3.json \
        --expectation ngd-linear-l2 --binary .build/release/margin-oracle

(`--binary` defaults to $MARGIN_ORACLE, then `margin-oracle` on PATH.)

--wrong swaps the update rule for sign descent (a deliberately wrong implementation of NGD);
`check` must then reject it. Exit status: that of `margin-oracle check` (0 pass, 1 fail, 2 bad input).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def normalized_loss_weights(margins):
    """p_n proportional to -l'(q_n) for the logistic loss, computed in the log domain:
    log(-l'(q)) = -softplus(q), then a max-shifted softmax (never underflows)."""
    logs = -np.logaddexp(0.0, margins)
    logs -= logs.max()
    p = np.exp(logs)
    return p / p.sum()


def train(z, rule, step, steps, w0):
    w = np.array(w0, dtype=float)
    for _ in range(steps):
        p = normalized_loss_weights(z @ w)
        g = -(p @ z)  # the loss gradient up to a positive factor
        if rule == "ngd":
            w -= step * g / np.linalg.norm(g)
        elif rule == "sign":
            w -= step * np.sign(g)
        elif rule == "coordinate":
            i = int(np.argmax(np.abs(g)))
            w[i] -= step * np.sign(g[i])
        else:
            raise SystemExit(f"unsupported update rule {rule!r}")
    return w


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixture")
    parser.add_argument("--expectation", default="ngd-linear-l2")
    parser.add_argument("--binary", default=os.environ.get("MARGIN_ORACLE", "margin-oracle"))
    parser.add_argument("--wrong", action="store_true", help="use sign descent instead of the expected rule")
    args = parser.parse_args()

    with open(args.fixture) as f:
        fixture = json.load(f)
    expectation = next(e for e in fixture["expectations"] if e["id"] == args.expectation)
    if expectation["model"] != "linear":
        raise SystemExit("this client trains linear models only")
    x = np.array(fixture["data"]["X"], dtype=float)
    y = np.array(fixture["data"]["y"], dtype=float)
    z = y[:, None] * x
    rule = "sign" if args.wrong else expectation["optimizer"]
    w = train(z, rule, expectation["step_size"], expectation["steps"], expectation["initial_parameters"])

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as out:
        json.dump({"model": "linear", "weights": [float(v) for v in w], "expectation": args.expectation}, out)
        path = out.name
    try:
        return subprocess.run([args.binary, "check", args.fixture, "--weights", path]).returncode
    finally:
        os.unlink(path)


if __name__ == "__main__":
    sys.exit(main())
