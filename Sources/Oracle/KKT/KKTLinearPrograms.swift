/// The l-infinity and l1 KKT residuals as linear programs (SPEC.md 7.6; seed 002's margin problem
/// in the norm of sign descent and of coordinate descent), posed in the form with few rows and
/// solved to an exact optimum by ``LPSolve``.
///
/// Relative to `c = ||theta||`, with multipliers `nu = mu / c`, the residual is
/// `min_{s in S, nu >= 0} ||s - G_A^T nu||_*` over the subgradient set `S` of the norm at `theta`
/// (``KKTCertificate``). Its LP dual, over directions `r`, has one row per active point (and per
/// maximal coordinate for l-infinity) and one column per parameter:
///
/// - l-infinity (dual norm l1, so `||r||_inf <= 1`): maximize `z` subject to
///   `z - sign(theta_i) r_i <= 0` for `i in M`, `g_n . r <= 0` for `n in A`, `-1 <= r_i <= 1`. The
///   rows' duals are the subgradient weights `w` on `M` (they sum to 1: the column of `z`) and `nu`.
/// - l1 (dual norm l-infinity, so `||r||_1 <= 1`, `r = p - q`): maximize
///   `sum_{i not in Z} sign(theta_i) r_i - sum_{i in Z} |r_i|` subject to `sum (p + q) <= 1`,
///   `g_n . (p - q) <= 0` for `n in A`, `p, q >= 0`. The rows' duals are the residual and `nu`; the
///   best subgradient values for a given `nu` are `u_i = clamp((G_A^T nu)_i, -1, 1)` on `Z`.
///
/// Both are derived in ``KKTChecker`` (weak duality) and exact here by LP duality: the optimal
/// `r` and `(s, nu)` prove the same number.
enum KKTLinearPrograms {
    struct Answer {
        var multipliers: [(point: Int, weight: Rational)]
        var subgradient: CoordinateValues
        var dual: CoordinateValues
    }

    static func solve(theta: [Double], rows: [[Double]], sets: KKTSets, geometry: Norm) throws(OracleError) -> Answer {
        let p = theta.count
        // Zero gradients constrain nothing and get no multiplier.
        let used = sets.active.filter { rows[$0].contains { $0 != 0 } }
        let scale: Rational
        var nuRows: [(point: Int, row: Int)] = []
        var program: LinearProgram
        switch geometry {
        case .linf:
            guard let top = Rational(exactly: theta.reduce(0) { max($0, abs($1)) }) else {
                throw .invalidDataset("The parameters are not finite.")
            }
            scale = top
            var lpRows: [[(column: Int, value: Double)]] = []
            for i in sets.special { lpRows.append([(column: i, value: theta[i] > 0 ? -1 : 1), (column: p, value: 1)]) }
            for n in used {
                nuRows.append((point: n, row: lpRows.count))
                lpRows.append(
                    rows[n].indices.compactMap { j in rows[n][j] != 0 ? (column: j, value: rows[n][j]) : nil })
            }
            var objective = [Double](repeating: 0, count: p + 1)
            objective[p] = 1
            program = LinearProgram(
                maximize: true, objective: objective,
                columnBounds: [LinearProgram.Bound](repeating: .range(Rational(-1), .one), count: p) + [.free],
                rowBounds: [LinearProgram.Bound](repeating: .upper(.zero), count: lpRows.count), rows: lpRows)
        case .l1:
            let exact = theta.compactMap { Rational(exactly: $0) }
            guard exact.count == p else { throw .invalidDataset("The parameters are not finite.") }
            scale = IntegerVector(exact).l1Norm
            let zero = Set(sets.special)
            var lpRows: [[(column: Int, value: Double)]] = [(0..<(2 * p)).map { (column: $0, value: 1.0) }]
            for n in used {
                nuRows.append((point: n, row: lpRows.count))
                let entries = rows[n].indices.compactMap { j in rows[n][j] != 0 ? (column: j, value: rows[n][j]) : nil }
                lpRows.append(entries + entries.map { (column: p + $0.column, value: -$0.value) })
            }
            var objective = [Double](repeating: 0, count: 2 * p)
            for j in 0..<p {
                if zero.contains(j) {
                    objective[j] = -1
                    objective[p + j] = -1
                } else {
                    objective[j] = theta[j] > 0 ? 1 : -1
                    objective[p + j] = -objective[j]
                }
            }
            program = LinearProgram(
                maximize: true, objective: objective,
                columnBounds: [LinearProgram.Bound](repeating: .lower(.zero), count: 2 * p),
                rowBounds: [.upper(.one)] + [LinearProgram.Bound](repeating: .upper(.zero), count: used.count),
                rows: lpRows)
        case .l2:
            throw .invalidSettings("The KKT linear programs are for l-infinity and l1; l2 is a least-squares problem.")
        }
        let (solution, _) = try LPSolve.certifiedOptimum(program)
        func dual(_ row: Int) throws(OracleError) -> Rational {
            let y = solution.rowDuals[row] ?? .zero
            guard y.signum >= 0 else {
                throw .certificationFailed("the KKT LP's row \(row) has a negative dual \(y.doubleValue).")
            }
            return y
        }
        var nu: [(point: Int, weight: Rational)] = []
        for (n, row) in nuRows { nu.append((point: n, weight: try dual(row))) }
        let multipliers = nu.filter { !$0.weight.isZero }.map { (point: $0.point, weight: $0.weight * scale) }
        switch geometry {
        case .linf:
            var w: [(coordinate: Int, value: Rational)] = []
            for (k, i) in sets.special.enumerated() { w.append((coordinate: i, value: try dual(k))) }
            return Answer(
                multipliers: multipliers, subgradient: CoordinateValues(w),
                dual: CoordinateValues(dense: Array(solution.columnValues[0..<p])))
        default:
            let positive = nu.filter { !$0.weight.isZero }
            let combination = IntegerVector(positive.map(\.weight)).combinationVector(
                of: positive.map { rows[$0.point] }, dimension: p)
            let u = sets.special.map { i -> (coordinate: Int, value: Rational) in
                let v = Rational(combination.integers[i], combination.denominator)
                return (coordinate: i, value: v > .one ? .one : (v < -Rational.one ? -Rational.one : v))
            }
            let r = (0..<p).map { solution.columnValues[$0] - solution.columnValues[p + $0] }
            return Answer(multipliers: multipliers, subgradient: CoordinateValues(u), dual: CoordinateValues(dense: r))
        }
    }
}
