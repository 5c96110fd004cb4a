"""Asking `margin-oracle check` for a verdict."""

import json
import os
import subprocess
import tempfile

from .binary import find_binary


class CheckReport:
    """The JSON report of `check` plus its exit code (0 pass, 1 fail, 2 bad input)."""

    def __init__(self, exit_code, report, stderr):
        self.exit_code = exit_code
        self.report = report or {}
        self.stderr = stderr
        self.passed = exit_code == 0
        self.reached = self.report.get("reached")
        self.reasons = self.report.get("reasons", []) or ([stderr.strip()] if stderr.strip() else [])

    def __repr__(self):
        return f"CheckReport(exit={self.exit_code}, reached={self.reached}, reasons={self.reasons})"


def check(fixture, weights, expectation=None, binary=None):
    """Runs `margin-oracle check` on `weights` (a dict in the weights-file format, e.g. from
    `Expectation.weights(theta)`). Non-finite floats are written as NaN / Infinity, which `check`
    diagnoses."""
    path = fixture.path if hasattr(fixture, "path") else str(fixture)
    exe = find_binary(binary)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as out:
        json.dump(weights, out)
        weights_path = out.name
    try:
        args = [exe, "check", path, "--weights", weights_path]
        if expectation:
            args += ["--expectation", expectation]
        p = subprocess.run(args, capture_output=True, text=True)
    finally:
        os.unlink(weights_path)
    report = None
    if p.stdout.strip():
        report = json.loads(p.stdout)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"margin-oracle check exited {p.returncode}: {p.stderr.strip()}")
    return CheckReport(p.returncode, report, p.stderr)


def assert_passes(fixture, expectation, weights, binary=None):
    """pytest helper: the implementation's weights pass the expectation."""
    r = check(fixture, weights, expectation, binary)
    assert r.passed, f"{expectation}: check failed: {r.reasons}"
    return r


def assert_fails(fixture, expectation, weights, binary=None):
    """pytest helper: a deliberately wrong implementation is rejected."""
    r = check(fixture, weights, expectation, binary)
    assert not r.passed, f"{expectation}: a wrong implementation passed (reached {r.reached})"
    return r
