import Exact

/// The exact sets the KKT conditions are taken over, from the problem and the tolerance `tau`
/// (README "kkt"; SPEC.md 7.6). Definitions, shared by the solver and the checker; every
/// comparison is exact (the inputs are doubles, `tau` the rational of a double).
///
/// - `active`: `A = {n : q_n <= (1 + tau) q_min}`, the near-active points (at `theta~ =
///   theta / q_min^(1/L)`, where `q_min = 1`, this is `q_n(theta~) <= 1 + tau`).
/// - `special`: for l-infinity the maximal coordinates `M = {i : |theta_i| >= (1 - tau)
///   ||theta||_inf}`, for l1 the zero coordinates `Z = {i : |theta_i| <= tau ||theta||_inf}`, for l2
///   none. A float-trained net never has two coordinates of exactly equal magnitude, so without
///   `tau` the l-infinity subdifferential would be a single vertex and every net would look far
///   from KKT.
public struct KKTSets: Sendable, Equatable {
    /// `tau` when none is given (README `kkt`, `TAU = 1e-3`): `kkt`'s `--active-tolerance` and the
    /// trainer's KKT residual (`train --kkt`) both default to it.
    public static let defaultTolerance = 1e-3

    public let qMin: Rational
    public let active: [Int]
    public let special: [Int]

    /// `nil` when `q_min <= 0` (a misclassified point: the margin problem's scaling does not exist)
    /// or `tau` is outside `[0, 1)`.
    public init?(_ problem: KKTProblem, geometry: Norm, tolerance tau: Rational) {
        guard tau.signum >= 0, tau < .one, let smallest = problem.margins.min(), smallest > 0,
            let qMin = Rational(exactly: smallest), let top = problem.parameters.map({ abs($0) }).max(),
            let largest = Rational(exactly: top)
        else { return nil }
        self.qMin = qMin
        active = Self.indices(problem.margins, atMost: (Rational.one + tau) * qMin)
        let magnitudes = problem.parameters.map { abs($0) }
        switch geometry {
        case .l2: special = []
        case .linf:
            let threshold = (Rational.one - tau) * largest
            special = magnitudes.indices.filter { Self.compare(magnitudes[$0], threshold) >= 0 }
        case .l1: special = Self.indices(magnitudes, atMost: tau * largest)
        }
    }

    /// The indices `i` with `values[i] <= bound`, exactly.
    static func indices(_ values: [Double], atMost bound: Rational) -> [Int] {
        values.indices.filter { compare(values[$0], bound) <= 0 }
    }

    /// The sign of `x - bound`, exact; a double comparison decides unless `x` is within a relative
    /// 2^-40 of the bound's rounding.
    static func compare(_ x: Double, _ bound: Rational) -> Int {
        let b = bound.doubleValue
        let slack = abs(b) * 0x1p-40
        if x > b + slack, b.isFinite { return 1 }
        if x < b - slack, b.isFinite { return -1 }
        guard let e = Rational(exactly: x) else { return x > 0 ? 1 : -1 }  // x infinite (NaN is refused earlier)
        return e < bound ? -1 : (e == bound ? 0 : 1)
    }
}
