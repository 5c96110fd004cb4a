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

extension Rational {
    /// The correctly rounded double of `sqrt(self)` for `self >= 0` (ties to even).
    public var squareRootDouble: Double {
        precondition(signum >= 0, "square root of a negative rational")
        if isZero { return 0 }
        // Start from sqrt(x 4^k) 2^-k with x 4^k of order 1, so neither underflow (x = 2^-2000
        // rounds to 0) nor overflow spoils the estimate; the loops below then move a few ulps.
        let k = (denominator.magnitude.bitWidth - numerator.magnitude.bitWidth) / 2
        let scaled = k >= 0 ? Rational(numerator << (2 * k), denominator) : Rational(numerator, denominator << (-2 * k))
        var r = Double(sign: .plus, exponent: -k, significand: scaled.doubleValue.squareRoot())
        if r == 0 { r = .leastNonzeroMagnitude }
        if !r.isFinite { r = .greatestFiniteMagnitude }
        func midpointSquared(_ a: Double, _ b: Double) -> Rational {
            let m = Rational(exactly: a)! + Rational(exactly: b)!
            return m * m / Rational(4)
        }
        while r.nextUp.isFinite, self > midpointSquared(r, r.nextUp) { r = r.nextUp }
        while r > 0, self < midpointSquared(r.nextDown, r) { r = r.nextDown }
        // Ties: x exactly on a midpoint goes to the even significand.
        if r.nextUp.isFinite, self == midpointSquared(r, r.nextUp), r.significandBitPattern & 1 == 1 { r = r.nextUp }
        if r > 0, self == midpointSquared(r.nextDown, r), r.significandBitPattern & 1 == 1 { r = r.nextDown }
        return r
    }
}
