"""MarginOracle's Python client (pure Python and NumPy).

    import marginoracle as mo
    fx = mo.load_fixture("Fixtures/reference/reference-D3.json")
    e = fx.expectation("ngd-linear-l2")
    theta = e.initial_parameters()            # the protocol's start, flat layout
    ...train as e.phases say...
    report = mo.check(fx, e.weights(theta))  # runs `margin-oracle check`
    assert report.passed, report.reasons

`mo.assert_passes(fx, "ngd-linear-l2", weights)` is the pytest helper.
"""

from .binary import BinaryNotFound, find_binary
from .check import CheckReport, assert_fails, assert_passes, check
from .fixture import Expectation, Fixture, load_fixture
from .init import initial_parameters, splitmix64_gaussians

__all__ = [
    "BinaryNotFound",
    "CheckReport",
    "Expectation",
    "Fixture",
    "assert_fails",
    "assert_passes",
    "check",
    "find_binary",
    "initial_parameters",
    "load_fixture",
    "splitmix64_gaussians",
]
