"""The fixtures' initializations, reproduced: SplitMix64 seeded with `seed`, standard normals
by Box-Muller (two per pair of uniforms, cosine first), in the flat parameter layout. The
fixture also lists `initial_parameters` for its own seed; this lets you start from any other."""

import math

_MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & _MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & _MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def unit(self):
        """Uniform in [0, 1) with 53 bits."""
        return (self.next() >> 11) * 2.0**-53


def splitmix64_gaussians(seed, count):
    """`count` standard normals, exactly as the Swift trainer draws them."""
    rng = SplitMix64(seed)
    out = []
    spare = None
    while len(out) < count:
        if spare is not None:
            out.append(spare)
            spare = None
            continue
        u1 = rng.unit()
        while u1 == 0:
            u1 = rng.unit()
        u2 = rng.unit()
        r = math.sqrt(-2 * math.log(u1))
        spare = r * math.sin(2 * math.pi * u2)
        out.append(r * math.cos(2 * math.pi * u2))
    return out


def initial_parameters(spec, parameter_count, two_layer_outputs=None):
    """The protocol's initial parameters. `spec` is an expectation's `initialization`
    (`distribution`, `scale`, `seed`); `two_layer_outputs` is the index range of a two-layer net's
    output weights (for `sign-balanced` and `positive-outputs`)."""
    s = spec["scale"]
    g = splitmix64_gaussians(spec["seed"], parameter_count)
    kind = spec["distribution"]
    if kind == "gaussian":
        return [s * v for v in g]
    if kind == "abs-gaussian":
        return [s * abs(v) for v in g]
    if kind in ("sign-balanced", "positive-outputs"):
        theta = [s * v for v in g]
        if two_layer_outputs is not None:
            for k, i in enumerate(two_layer_outputs):
                theta[i] = (s if k % 2 == 0 else -s) if kind == "sign-balanced" else 2 * s
        return theta
    raise ValueError(f"unknown initialization {kind!r}")
