"""Reading a fixture (schema margin-oracle/fixture/v2) and its training protocol."""

import json

import numpy as np

from .init import initial_parameters as _draw


class Expectation:
    """One expectation: the protocol (`model`, `model_options`, `phases`, `loss`,
    `initialization`, `initial_parameters`) and the judgement (`limit`, `tolerance`, `controls`)."""

    def __init__(self, raw, dimension):
        self.raw = raw
        self.d = dimension
        self.id = raw["id"]
        self.model = raw["model"]
        self.model_options = raw["model_options"]
        self.phases = raw["phases"]
        self.loss = raw["loss"]
        self.limit = raw["limit"]
        self.tolerance = raw["tolerance"]
        self.controls = raw["controls"]

    # -- the flat parameter layout (README, "Parameter layout") --

    def widths(self):
        """Deep linear: [d, hidden widths..., 1]."""
        return [self.d] + [int(w) for w in self.model_options["widths"].split(",")] + [1]

    def parameter_count(self):
        d = self.d
        if self.model == "linear":
            return d
        if self.model == "deep-linear":
            w = self.widths()
            return sum(w[k + 1] * w[k] for k in range(len(w) - 1))
        if self.model == "diagonal":
            return 2 * d
        if self.model == "ensemble":
            return 3 * d
        if self.model == "two-layer":
            return int(self.model_options["width"]) * (d + 1)
        raise ValueError(f"unknown model {self.model!r}")

    def initial_parameters(self, seed=None):
        """The protocol's start (the fixture's own list), or the same distribution from `seed`."""
        if seed is None:
            return np.array(self.raw["initial_parameters"], dtype=np.float64)
        outputs = None
        if self.model == "two-layer":
            width = int(self.model_options["width"])
            outputs = range(width * self.d, width * (self.d + 1))
        spec = dict(self.raw["initialization"], seed=seed)
        return np.array(_draw(spec, self.parameter_count(), outputs), dtype=np.float64)

    def weights(self, theta):
        """The weights file `check` reads, from flat parameters `theta`."""
        theta = [float(v) for v in np.asarray(theta, dtype=np.float64).ravel()]
        d = self.d
        out = {"expectation": self.id, "model": self.model}
        if self.model == "linear":
            out["weights"] = theta
        elif self.model == "deep-linear":
            w, layers, i = self.widths(), [], 0
            for k in range(len(w) - 1):
                rows, cols = w[k + 1], w[k]
                layers.append([theta[i + r * cols : i + (r + 1) * cols] for r in range(rows)])
                i += rows * cols
            out["layers"] = layers
        elif self.model == "diagonal":
            out["u"], out["v"] = theta[:d], theta[d : 2 * d]
            out["depth"] = int(self.model_options.get("depth", "2"))
        elif self.model == "ensemble":
            out["w"], out["u"], out["v"] = theta[:d], theta[d : 2 * d], theta[2 * d : 3 * d]
        elif self.model == "two-layer":
            width = int(self.model_options["width"])
            out["hidden"] = [theta[k * d : (k + 1) * d] for k in range(width)]
            out["output"] = theta[width * d :]
            out["leak"] = float(self.model_options["leak"])
        return out


class Fixture:
    def __init__(self, path):
        with open(path) as f:
            self.raw = json.load(f)
        if self.raw.get("schema") != "margin-oracle/fixture/v2":
            raise ValueError(f"{path}: schema {self.raw.get('schema')!r}, expected margin-oracle/fixture/v2")
        self.path = str(path)
        self.id = self.raw["id"]
        self.X = np.array(self.raw["data"]["X"], dtype=np.float64)
        self.y = np.array(self.raw["data"]["y"], dtype=np.float64)
        self.z = self.y[:, None] * self.X
        self.expectations = [Expectation(e, self.X.shape[1]) for e in self.raw["expectations"]]
        self.omitted = self.raw.get("omitted", [])

    def expectation(self, expectation_id):
        for e in self.expectations:
            if e.id == expectation_id:
                return e
        why = next((o["reason"] for o in self.omitted if o["id"] == expectation_id), None)
        known = ", ".join(e.id for e in self.expectations) or "none"
        raise KeyError(
            f"{self.id} has no expectation {expectation_id!r}"
            + (f" (omitted: {why})" if why else "")
            + f"; it has: {known}"
        )


def load_fixture(path):
    return Fixture(path)
