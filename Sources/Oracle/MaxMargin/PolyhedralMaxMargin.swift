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
        let lp = norm == .linf ? linfProgram(z, d) : l1Program(z, d)
        let (exact, info) = try LPSolve.certifiedOptimum(lp)
        let tColumn = lp.columnCount - 1
        let t = exact.columnValues[tColumn]
        let w: [Rational] = norm == .linf
            ? Array(exact.columnValues[0..<d])
            : (0..<d).map { exact.columnValues[$0] - exact.columnValues[d + $0] }
        let lambda = (0..<z.count).map { n in -(exact.rowDuals[n] ?? .zero) }
        let separable = t.signum > 0
        let normW = norm == .linf ? w.map(\.magnitude).max()! : w.reduce(Rational.zero) { $0 + $1.magnitude }
        let unit: [Double] = normW.isZero ? [Double](repeating: 0, count: d) : w.map { ($0 / normW).doubleValue }
        return MaxMarginSolution(
            norm: norm, status: separable ? .separable : .notSeparable,
            marginExact: t, marginSquaredExact: nil, margin: t.doubleValue, weights: unit,
            certificate: MarginCertificate(norm: norm, primal: separable ? w : nil, dual: lambda),
            info: SolveInfo(iterations: info.attempts, repairs: info.attempts - 1))
    }

    private static func marginRows(_ z: [[Double]], columnOf: (Int) -> [(Int, Double)], t: Int) -> [[(column: Int, value: Double)]] {
        z.map { row in
            var entries: [(column: Int, value: Double)] = []
            for (j, v) in row.enumerated() where v != 0 {
                for (c, sign) in columnOf(j) { entries.append((c, sign * v)) }
            }
            entries.sort { $0.column < $1.column }
            entries.append((t, -1))
            return entries
        }
    }

    static func linfProgram(_ z: [[Double]], _ d: Int) -> LinearProgram {
        let rows = marginRows(z, columnOf: { [($0, 1)] }, t: d)
        return LinearProgram(
            maximize: true,
            objective: [Double](repeating: 0, count: d) + [1],
            columnBounds: [LinearProgram.Bound](repeating: .range(Rational(-1), .one), count: d) + [.free],
            rowBounds: [LinearProgram.Bound](repeating: .lower(.zero), count: z.count),
            rows: rows)
    }

    static func l1Program(_ z: [[Double]], _ d: Int) -> LinearProgram {
        var rows = marginRows(z, columnOf: { [($0, 1), ($0 + d, -1)] }, t: 2 * d)
        rows.append((0..<(2 * d)).map { (column: $0, value: 1.0) })
        return LinearProgram(
            maximize: true,
            objective: [Double](repeating: 0, count: 2 * d) + [1],
            columnBounds: [LinearProgram.Bound](repeating: .lower(.zero), count: 2 * d) + [.free],
            rowBounds: [LinearProgram.Bound](repeating: .lower(.zero), count: z.count) + [.upper(.one)],
            rows: rows)
    }
}
