/// The l1 and l-infinity max margins as linear programs (SPEC.md 7.1), solved to an exact,
/// certified optimum.
///
/// - l-infinity: maximize `t` over `(w, t)` subject to `z_n . w - t >= 0`, `-1 <= w_j <= 1`.
///   Dual: `min_{lambda in simplex} ||Z^T lambda||_1`.
/// - l1: `w = p - q` with `p, q >= 0`, `sum(p + q) <= 1`; maximize `t` subject to
///   `z_n . (p - q) - t >= 0`. Dual: `min_{lambda in simplex} ||Z^T lambda||_inf`.
///
/// In both, `lambda_n = -y_n` for the margin rows' exact duals `y_n` (which are `<= 0` for these
/// `>=` rows of a maximization and sum to `-1` because `t` is a basic free column).
enum PolyhedralMaxMargin {
    /// `directLimit`: up to this many points the LP is solved whole, above it by constraint
    /// generation (``WorkingSetStage``); tests lower it to compare both.
    static func solve(_ data: Dataset, norm: Norm, directLimit: Int? = nil) throws(OracleError) -> MaxMarginSolution {
        precondition(norm != .l2)
        let z = data.signedPoints
        let d = data.dimension
        // The first stage of the lexicographic LPs: every point free (by constraint generation).
        let stage = try WorkingSetStage.solve(
            z, d, norm: norm, fixed: [Rational?](repeating: nil, count: z.count), directLimit: directLimit)
        let t = stage.level
        let w = stage.weights
        let lambda = stage.dual.dense(count: z.count)
        let separable = t.signum > 0
        let normW = norm == .linf ? w.map(\.magnitude).max()! : w.reduce(Rational.zero) { $0 + $1.magnitude }
        let unit: [Double] = normW.isZero ? [Double](repeating: 0, count: d) : w.map { ($0 / normW).doubleValue }
        return MaxMarginSolution(
            norm: norm, status: separable ? .separable : .notSeparable,
            marginExact: t, marginSquaredExact: nil, margin: t.doubleValue, weights: unit,
            certificate: MarginCertificate(norm: norm, primal: separable ? w : nil, dual: lambda),
            info: SolveInfo(iterations: stage.rounds, repairs: stage.attempts - 1))
    }
}
