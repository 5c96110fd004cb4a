"""MarginOracle's Python client (pure Python and NumPy).

    import marginoracle as mo
    fx = mo.load_fixture("Fixtures/reference/reference-D3.json")
    e = fx.expectation("ngd-linear-l2")
    theta = e.initial_parameters()            # the protocol's start, flat layout
    ...train as e.phases say...
    report = mo.check(fx, e.weights(theta))  # runs `margin-oracle check`
    assert report.passed, report.reasons

`mo.assert_passes(fx, "ngd-linear-l2", weights)` is the pytest helper. `mo.kkt(arrays, geometry="l2")`
certifies how near a trained homogeneous network is to a KKT point of the margin problem
(`mo.torch_problem` / `mo.jax_problem` compute the arrays from a model).
"""

from .binary import BinaryNotFound, find_binary
from .check import CheckReport, assert_fails, assert_passes, check
from .fixture import Expectation, Fixture, load_fixture
from .init import initial_parameters, splitmix64_gaussians
from .kkt import KKTReport, jax_problem, kkt, problem_arrays, save_problem, torch_problem

__all__ = [
    "BinaryNotFound",
    "CheckReport",
    "Expectation",
    "Fixture",
    "KKTReport",
    "assert_fails",
    "assert_passes",
    "check",
    "find_binary",
    "initial_parameters",
    "jax_problem",
    "kkt",
    "load_fixture",
    "problem_arrays",
    "save_problem",
    "splitmix64_gaussians",
    "torch_problem",
]
