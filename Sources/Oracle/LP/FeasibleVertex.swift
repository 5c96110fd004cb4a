/// A primal feasible basis of a max-margin stage LP built from a vertex of the ball: the last
/// resort of ``LPSolve`` when every GLPK basis is both primal and dual infeasible in exact
/// arithmetic, which happens on rows mixing magnitudes near the ends of the double range
/// (`{"X": [[1e165, 1e-165], [-1e-165, 1e165]]}`: GLPK's basis puts `w_1` a hair above 1).
/// From it, exact primal simplex pivots (``ExactSimplex``) reach the optimum.
///
/// - l-infinity: `w = s` for a sign vector `s` (every column at a bound), `t` basic and equal to
///   the smallest margin `min_n z_n . s`, that point's row nonbasic at its bound, the other rows basic.
/// - l1: `w = sigma e_j` (`p_j = 1` or `q_j = 1` basic, the ball row `sum(p + q) <= 1` at its bound),
///   with the coordinate and sign whose smallest margin is largest; `t` and the rows as above.
///
/// Only for stages whose every point row is free (`z_n . w - t >= 0`); `nil` otherwise.
extension PolyhedralPrograms {
    func feasibleVertexBasis(preferredSigns: [Double]?) -> Basis? {
        let lp = program
        let t = lp.columnCount - 1
        let pointRows = rowOfPoint.values.sorted()
        guard !pointRows.isEmpty, lp.objective.last == 1,
            pointRows.allSatisfy({ r in lp.rows[r].contains { $0.column == t && $0.value == -1 } })
        else { return nil }
        func margins(_ w: [Int: Rational]) -> [(row: Int, value: Rational)] {
            pointRows.map { r in
                (
                    r,
                    lp.rows[r].reduce(Rational.zero) { s, e in
                        e.column == t ? s : s + (w[e.column] ?? .zero) * Rational(exactly: e.value)!
                    }
                )
            }
        }
        var basis = Basis(
            rows: [BasisStatus](repeating: .basic, count: lp.rowCount),
            columns: [BasisStatus](repeating: .atLower, count: lp.columnCount))
        basis.columns[t] = .basic
        let chosen: [Int: Rational]
        if norm == .linf {
            let signs = (0..<dimension).map { j in (preferredSigns?[j] ?? 1) < 0 ? -1 : 1 }
            chosen = Dictionary(uniqueKeysWithValues: signs.enumerated().map { ($0, Rational($1)) })
            for j in 0..<dimension { basis.columns[j] = signs[j] > 0 ? .atUpper : .atLower }
        } else {
            var best: (column: Int, smallest: Rational)? = nil
            for column in 0..<(2 * dimension) {
                let smallest = margins([column: .one]).map(\.value).min() ?? .zero
                if best == nil || smallest > best!.smallest { best = (column, smallest) }
            }
            guard let pick = best, lp.rowCount == pointRows.count + 1 else { return nil }
            chosen = [pick.column: .one]
            basis.columns[pick.column] = .basic
            basis.rows[lp.rowCount - 1] = .atUpper  // the ball row, tight
        }
        guard let tight = margins(chosen).min(by: { $0.value < $1.value }) else { return nil }
        basis.rows[tight.row] = .atLower
        return basis
    }
}

extension PolyhedralPrograms {
    /// A dual feasible basis of an l-infinity stage LP whose every point row is free: `t` basic,
    /// the row of point `r` nonbasic at its bound (its dual is then the whole simplex weight), the
    /// other rows basic, and every `w_j` at the bound `sign(z_rj)` (its reduced cost then has the
    /// right sign). The long-step dual simplex repairs its primal infeasibility with a few
    /// iterations of many bound flips each, where the primal simplex from the all-slack basis
    /// flips one bound per iteration: d iterations of O(d) pricing (300 s at n = 3, d = 100000).
    func dualFeasibleVertexBasis(point r: Int) -> Basis? {
        let lp = program
        let t = lp.columnCount - 1
        guard norm == .linf, let row = rowOfPoint[r], rowOfPoint.count == lp.rowCount, lp.objective.last == 1,
            lp.rows[row].contains(where: { $0.column == t && $0.value == -1 })
        else { return nil }
        var basis = Basis(
            rows: [BasisStatus](repeating: .basic, count: lp.rowCount),
            columns: [BasisStatus](repeating: .atLower, count: lp.columnCount))
        basis.columns[t] = .basic
        basis.rows[row] = .atLower
        for (j, v) in lp.rows[row] where j < t && v > 0 { basis.columns[j] = .atUpper }
        return basis
    }
}
