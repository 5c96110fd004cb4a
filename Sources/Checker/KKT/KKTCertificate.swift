import Exact

/// The witnesses behind a KKT residual (README "kkt"; SPEC.md 7.6). All of them live at `theta`
/// itself, where every number is rational: by homogeneity the relative residual at `theta~ =
/// theta / q_min^(1/L)` is the same (``KKTChecker`` derives it).
///
/// With `c = ||theta||` in the geometry's norm, a subgradient `s` of the norm at `theta` (with the
/// tolerance of ``KKTSets``) and multipliers `mu >= 0` on the active set `A`, the residual vector is
/// `v = c s - sum_{n in A} mu_n grad q_n` and the relative residual `||v||_* / c` (dual norm).
///
/// - `multipliers`: `mu`, sparse, positive, on `A` only.
/// - `subgradient`: l-infinity: weights `w >= 0` on the maximal coordinates `M`, summing to 1
///   (`s = sum_i w_i sign(theta_i) e_i`); l1: the values `u_i in [-1, 1]` on the zero coordinates
///   `Z` (`s_i = sign(theta_i)` elsewhere); l2: none (`s = theta / ||theta||_2`).
/// - `dual`: a direction `r` proving the lower bound. l2: `grad q_n . r <= 0` on `A`, giving
///   `eps >= r . theta / (||r||_2 ||theta||_2)`; absent means `r = v` (the residual itself, which
///   is dual feasible exactly at the optimum). l-infinity: `|r_i| <= 1`, `grad q_n . r <= 0` on `A`,
///   giving `eps >= min_{i in M} sign(theta_i) r_i`. l1: `||r||_1 <= 1`, `grad q_n . r <= 0` on `A`,
///   giving `eps >= sum_{i not in Z} sign(theta_i) r_i - sum_{i in Z} |r_i|`. Absent for l-infinity or
///   l1: the lower bound is 0.
/// - `lower`, `upper`: what the witnesses prove (squares for l2: `squared`), `exact` when equal.
public struct KKTCertificate: Sendable, Equatable, Codable {
    public var geometry: Norm
    public var tolerance: Rational
    public var multipliers: PointWeights
    public var subgradient: CoordinateValues
    public var dual: CoordinateValues?
    public var lower: Rational
    public var upper: Rational
    public var squared: Bool
    public var exact: Bool

    public init(
        geometry: Norm, tolerance: Rational, multipliers: PointWeights, subgradient: CoordinateValues,
        dual: CoordinateValues?, lower: Rational, upper: Rational
    ) {
        self.geometry = geometry
        self.tolerance = tolerance
        self.multipliers = multipliers
        self.subgradient = subgradient
        self.dual = dual
        self.lower = lower
        self.upper = upper
        self.squared = geometry == .l2
        self.exact = lower == upper
    }
}
