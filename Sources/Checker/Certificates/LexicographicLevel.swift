import Exact

/// One stage of the lexicographic max margin: the level reached and the points it fixes.
///
/// Stages before the feasible set is pinned to one point carry their own LP certificate
/// (`primal`, `dual`, `blocking`); the stages after it (``PinnedFace``) carry none: their levels
/// are the sorted margins at the pinned point, which the checker evaluates itself.
public struct LexicographicLevel: Sendable, Equatable, Codable {
    /// The stage's optimum `t_k` (exact).
    public var value: Rational
    /// The points blocked at this level: their margin equals `value` in every solution that keeps
    /// the earlier levels.
    public var points: [Int]
    /// The stage LP's primal witness `w` (in the unit ball of the norm); `nil` after the pin.
    public var primal: [Rational]?
    /// The stage LP's dual witness: on the free points a distribution (sums to 1), on the points
    /// fixed at earlier levels nonnegative multipliers; `nil` after the pin.
    public var dual: PointWeights?
    /// For blocked points that carry no weight in `dual`: a dual witness of the LP
    /// `max z_n . w` over the stage's optimal set, proving that maximum is `value`.
    public var blocking: [BlockingCertificate]

    public init(
        value: Rational, points: [Int], primal: [Rational]?, dual: PointWeights?, blocking: [BlockingCertificate]
    ) {
        self.value = value
        self.points = points
        self.primal = primal
        self.dual = dual
        self.blocking = blocking
    }

    /// A level after the pin: the points whose margin at the pinned point is `value`.
    package init(pinnedValue value: Rational, points: [Int]) {
        self.init(value: value, points: points, primal: nil, dual: nil, blocking: [])
    }
}

/// Proof that point `point` cannot rise above the stage level: dual multipliers `nu >= 0`
/// (free points at the stage level, fixed points at their levels) with
/// `||z_point + sum_j nu_j z_j||_* - sum_j nu_j b_j <= level`.
public struct BlockingCertificate: Sendable, Equatable, Codable {
    public var point: Int
    public var dual: PointWeights

    public init(point: Int, dual: PointWeights) {
        self.point = point
        self.dual = dual
    }
}
