/// The lexicographic (leximin) max margin of a linear model in the l1 or l-infinity ball
/// (SPEC.md 3.2, 7.2): maximize the smallest margin, then the next, and so on.
public struct LexicographicSolution: Sendable {
    public let norm: Norm
    /// The stages in increasing order of level.
    public let levels: [LexicographicLevel]
    /// When the feasible set shrank to one point before the last stage: the proof, and from which
    /// stage on the levels are read off that point.
    public let pinned: PinnedFace?
    /// A leximin solution: the pinned point, or the last stage's `w`.
    public var weights: [Rational] { pinned?.point ?? levels.last!.primal! }
    /// The exact margin of every point at the leximin solution (its level).
    public let margins: [Rational]
    /// The margins sorted increasingly: the leximin vector (read off the increasing levels, so no
    /// comparisons of big rationals).
    public var sortedMargins: [Rational] { levels.flatMap { level in level.points.map { _ in level.value } } }
}

extension LexicographicChecker {
    /// Returns the problems found in a solver's answer (empty when it is proven).
    public static func problems(_ solution: LexicographicSolution, data: Dataset) -> [String] {
        problems(solution.levels, pinned: solution.pinned, norm: solution.norm, data: data)
    }
}
