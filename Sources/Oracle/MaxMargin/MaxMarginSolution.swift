/// Whether the data can be separated through the origin with a positive margin.
public enum SeparabilityStatus: String, Codable, Sendable {
    /// Some `w` has `z_n . w > 0` for every point; the margin is positive.
    case separable
    /// No such `w`; the certificate's dual witness has `sum lambda_n z_n = 0` exactly.
    case notSeparable = "not_separable"
}

/// The certified answer to a max-margin problem `gamma* = max_{||w|| <= 1} min_n z_n . w`.
public struct MaxMarginSolution: Sendable {
    /// The norm.
    public let norm: Norm
    /// Separable or not (decided exactly).
    public let status: SeparabilityStatus
    /// The exact optimum for l1 and l-infinity; for l2, `nil` (irrational in general).
    public let marginExact: Rational?
    /// The exact squared optimum for l2 (`gamma*^2` is rational); `nil` for l1 and l-infinity.
    public let marginSquaredExact: Rational?
    /// The optimum as the correctly rounded double.
    public let margin: Double
    /// An optimal direction with `||w|| = 1` in the problem's norm (rounded to doubles).
    public let weights: [Double]
    /// The certificate (exact witnesses).
    public let certificate: MarginCertificate
    /// Diagnostics (not part of the answer).
    public let info: SolveInfo

    /// Indices of the points with positive dual weight (the support of the dual witness).
    public var support: [Int] { certificate.dual.indices.filter { certificate.dual[$0].signum > 0 } }
}

/// Diagnostics of a solve; never written into fixtures.
public struct SolveInfo: Sendable {
    /// Constraint-generation rounds (LP norms) or Wolfe iterations (l2).
    public var iterations: Int
    /// Exact repairs needed after the floating-point phase.
    public var repairs: Int
}
