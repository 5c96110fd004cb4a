"""KKT certificates for networks trained anywhere (`margin-oracle kkt`).

A homogeneous network (bias-free ReLU MLP or CNN, degree L = its depth) trained to separate its data
approaches a KKT point of ``min ||theta||^2 / 2 s.t. q_n(theta) >= 1`` in the geometry of its optimizer
(l2: gradient descent; linf: sign descent; l1: coordinate descent). `margin-oracle kkt` certifies how
far it is. It needs four arrays:

- ``parameters``: theta, flat, length P;
- ``margins``: q_n = y_n f(theta; x_n), length n;
- ``margin_gradients``: n x P, row n = grad_theta q_n;
- ``order``: L.

NumPy only here; :func:`torch_problem` and :func:`jax_problem` compute the arrays from a model (they
import torch / jax when called).

    import marginoracle as mo
    arrays = mo.torch_problem(model, X, y, order=3)
    report = mo.kkt(arrays, geometry="l2")
    print(report.epsilon, report.delta, report.active)
"""

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field

import numpy as np

from .binary import find_binary

KEYS = ("parameters", "margins", "margin_gradients", "order")


def problem_arrays(parameters, margins, margin_gradients, order):
    """The four arrays as float64, checked: shapes (P,), (n,), (n, P), a positive finite order."""
    theta = np.asarray(parameters, dtype=np.float64).reshape(-1)
    q = np.asarray(margins, dtype=np.float64).reshape(-1)
    g = np.asarray(margin_gradients, dtype=np.float64)
    if g.ndim != 2 or g.shape != (q.size, theta.size):
        raise ValueError(f"margin_gradients has shape {g.shape}; expected (n, P) = ({q.size}, {theta.size})")
    order = float(order)
    if not np.isfinite(order) or order <= 0:
        raise ValueError(f"order is {order}; the homogeneity degree must be positive")
    for name, a in (("parameters", theta), ("margins", q), ("margin_gradients", g)):
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name} has a non-finite entry")
    return {"parameters": theta, "margins": q, "margin_gradients": np.ascontiguousarray(g), "order": np.float64(order)}


def save_problem(path, parameters, margins, margin_gradients, order):
    """Writes the `.npz` archive `margin-oracle kkt` reads (uncompressed np.savez)."""
    np.savez(path, **problem_arrays(parameters, margins, margin_gradients, order))
    return path


@dataclass
class KKTReport:
    """`margin-oracle kkt`'s document, with its main numbers as attributes."""

    geometry: str
    epsilon: float
    delta: float
    normalized_margin: float
    q_min: float
    active: list
    support: list
    multipliers: list
    exact: bool
    document: dict = field(repr=False)


def kkt(problem, geometry="l2", active_tolerance=1e-3, binary=None, keep=None):
    """Runs `margin-oracle kkt` on `problem`: a path to a `.npz` / JSON file, or a dict of the four
    arrays (written to a temporary `.npz`, or to `keep` when given). Raises RuntimeError with the
    binary's message when it refuses (a misclassified point, malformed arrays)."""
    exe = find_binary(binary)
    if isinstance(problem, (str, os.PathLike)):
        path, cleanup = os.fspath(problem), None
    else:
        arrays = problem_arrays(*(problem[k] for k in KEYS))
        if keep is not None:
            path, cleanup = os.fspath(keep), None
        else:
            fd, path = tempfile.mkstemp(suffix=".npz")
            os.close(fd)
            cleanup = path
        np.savez(path, **arrays)
    try:
        p = subprocess.run(
            [exe, "kkt", path, "--geometry", geometry, "--active-tolerance", repr(float(active_tolerance)),
             "--enable-embed-problem" if cleanup else "--disable-embed-problem"],
            capture_output=True, text=True)
    finally:
        if cleanup:
            os.unlink(cleanup)
    if p.returncode != 0:
        raise RuntimeError(f"margin-oracle kkt exited with {p.returncode}: {p.stderr.strip()}")
    d = json.loads(p.stdout)
    return KKTReport(
        geometry=d["geometry"], epsilon=d["epsilon"], delta=d["delta"], normalized_margin=d["normalized_margin"],
        q_min=d["q_min"], active=d["active"], support=d["support"], multipliers=d["multipliers"],
        exact=d["certificate"]["exact"], document=d)


def torch_problem(model, X, y, order):
    """The four arrays for a `torch.nn.Module` `model` (scalar output per input) on inputs `X`
    (n x ...) and labels `y` in {-1, +1}: margins `y_n model(x_n)` and their gradients with respect to
    every parameter (in `model.parameters()` order, flattened), by `torch.func` (`vmap` of `grad`),
    in float64. `order` is the homogeneity degree (the depth of a bias-free ReLU MLP)."""
    import torch
    from torch.func import functional_call, grad, vmap

    model = model.double()
    names = [n for n, _ in model.named_parameters()]
    params = {n: p.detach() for n, p in model.named_parameters()}
    X = torch.as_tensor(np.asarray(X), dtype=torch.float64)
    y = torch.as_tensor(np.asarray(y), dtype=torch.float64)

    def margin(p, x, label):
        return label * functional_call(model, p, (x.unsqueeze(0),)).reshape(())

    with torch.no_grad():
        q = vmap(margin, in_dims=(None, 0, 0))(params, X, y)
    grads = vmap(grad(margin), in_dims=(None, 0, 0))(params, X, y)
    g = torch.cat([grads[n].reshape(X.shape[0], -1) for n in names], dim=1)
    theta = torch.cat([params[n].reshape(-1) for n in names])
    return problem_arrays(theta.numpy(), q.numpy(), g.detach().numpy(), order)


def jax_problem(f, params, X, y, order):
    """The same for JAX: `f(params, x)` returns the network's scalar output on one input; `params` is
    any pytree (flattened with `jax.flatten_util.ravel_pytree`). Enable float64 first
    (`jax.config.update("jax_enable_x64", True)`)."""
    import jax
    import jax.numpy as jnp
    from jax.flatten_util import ravel_pytree

    flat, unravel = ravel_pytree(params)

    def margin(theta, x, label):
        return label * f(unravel(theta), x)

    X = jnp.asarray(X)
    y = jnp.asarray(y)
    q = jax.vmap(margin, in_axes=(None, 0, 0))(flat, X, y)
    g = jax.vmap(jax.grad(margin), in_axes=(None, 0, 0))(flat, X, y)
    return problem_arrays(np.asarray(flat), np.asarray(q), np.asarray(g), order)
