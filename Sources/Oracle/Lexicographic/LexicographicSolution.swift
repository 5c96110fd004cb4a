/// One stage of the lexicographic max margin: the level reached and the points it fixes.
public struct LexicographicLevel: Sendable, Equatable, Codable {
    /// The stage's optimum `t_k` (exact).
    public var value: Rational
    /// The points blocked at this level: their margin equals `value` in every solution that keeps
    /// the earlier levels.
    public var points: [Int]
    /// The stage LP's primal witness `w` (in the unit ball of the norm).
    public var primal: [Rational]
    /// The stage LP's dual witness: one weight per point; on the free points a distribution
    /// (sums to 1), on the points fixed at earlier levels nonnegative multipliers, zero elsewhere.
    public var dual: [Rational]
    /// For blocked points that carry no weight in `dual`: a dual witness of the LP
    /// `max z_n . w` over the stage's optimal set, proving that maximum is `value`.
    public var blocking: [BlockingCertificate]
}

/// Proof that point `point` cannot rise above the stage level: dual multipliers `nu >= 0` (one per
/// point; free points at the stage level, fixed points at their levels) with
/// `||z_point + sum_j nu_j z_j||_* - sum_j nu_j b_j <= level`.
public struct BlockingCertificate: Sendable, Equatable, Codable {
    public var point: Int
    public var dual: [Rational]
}

/// The lexicographic (leximin) max margin of a linear model in the l1 or l-infinity ball
/// (SPEC.md 3.2, 7.2): maximize the smallest margin, then the next, and so on.
public struct LexicographicSolution: Sendable {
    public let norm: Norm
    /// The stages in increasing order of level.
    public let levels: [LexicographicLevel]
    /// The last stage's `w`: a leximin solution.
    public var weights: [Rational] { levels.last!.primal }
    /// The exact margin of every point at the leximin solution (its level).
    public let margins: [Rational]
    /// The margins sorted increasingly: the leximin vector.
    public var sortedMargins: [Rational] { margins.sorted() }
}
