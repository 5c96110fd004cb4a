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
    static func solve(_ data: Dataset, norm: Norm) throws(OracleError) -> MaxMarginSolution {
        precondition(norm != .l2)
        let z = data.signedPoints
        let d = data.dimension
        // The first stage of the lexicographic LPs: every point free.
        let stage = try PolyhedralPrograms.stage(z, d, norm: norm, free: Array(z.indices), fixed: [Rational?](repeating: nil, count: z.count))
        let (exact, info) = try LPSolve.certifiedOptimum(stage.program)
        let t = exact.columnValues[stage.program.columnCount - 1]
        let w = stage.weights(exact.columnValues)
        let lambda = z.indices.map { n in -(stage.rowOfPoint[n].flatMap { exact.rowDuals[$0] } ?? .zero) }
        let separable = t.signum > 0
        let normW = norm == .linf ? w.map(\.magnitude).max()! : w.reduce(Rational.zero) { $0 + $1.magnitude }
        let unit: [Double] = normW.isZero ? [Double](repeating: 0, count: d) : w.map { ($0 / normW).doubleValue }
        return MaxMarginSolution(
            norm: norm, status: separable ? .separable : .notSeparable,
            marginExact: t, marginSquaredExact: nil, margin: t.doubleValue, weights: unit,
            certificate: MarginCertificate(norm: norm, primal: separable ? w : nil, dual: lambda),
            info: SolveInfo(iterations: info.attempts, repairs: info.attempts - 1))
    }
}
