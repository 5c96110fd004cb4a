/// The linear programs over the l1 / l-infinity ball used by the max-margin solve (a stage with
/// every point free), the leximin stages and the uniqueness checks: rows `z_n . w - t >= 0` for free points (or `>= level` when the stage level
/// is given), `z_n . w >= level_n` for fixed points, and the ball.
///
/// Columns: l-infinity `w_1..w_d` in [-1, 1]; l1 `p_1..p_d, q_1..q_d >= 0` with `w = p - q` and
/// the extra row `sum(p + q) <= 1`. A trailing free column `t` is present when the LP maximizes
/// the level.
struct PolyhedralPrograms {
    let program: LinearProgram
    /// Row of the LP that carries point n's constraint.
    let rowOfPoint: [Int: Int]
    let norm: Norm
    let dimension: Int

    /// The exact dual multipliers of the point rows, `-y_r >= 0` for the rows `z_n . w >= ...` of
    /// a maximization, as weights on the points (`point` maps the program's point index to the
    /// caller's, for programs built on a subset).
    func pointDuals(_ solution: ExactBasisSolution, point: (Int) -> Int = { $0 }) -> PointWeights {
        PointWeights(rowOfPoint.compactMap { n, r in solution.rowDuals[r].map { (point: point(n), weight: -$0) } })
    }

    /// The weight vector `w` from the LP's column values.
    func weights(_ columns: [Rational]) -> [Rational] {
        norm == .linf ? Array(columns[0..<dimension]) : (0..<dimension).map { columns[$0] - columns[dimension + $0] }
    }

    private static func rowEntries(_ z: [Double], _ d: Int, _ norm: Norm) -> [(column: Int, value: Double)] {
        var e: [(column: Int, value: Double)] = []
        for (j, v) in z.enumerated() where v != 0 { e.append((j, v)) }
        if norm == .l1 { for (j, v) in z.enumerated() where v != 0 { e.append((d + j, -v)) } }
        return e
    }

    private static func ballColumns(_ d: Int, _ norm: Norm) -> (
        bounds: [LinearProgram.Bound], extraRow: [(column: Int, value: Double)]?
    ) {
        norm == .linf
            ? ([LinearProgram.Bound](repeating: .range(Rational(-1), .one), count: d), nil)
            : (
                [LinearProgram.Bound](repeating: .lower(.zero), count: 2 * d),
                (0..<(2 * d)).map { (column: $0, value: 1.0) }
            )
    }

    /// The stage LP: maximize `t` subject to the free rows `z_n . w - t >= 0` and the fixed rows.
    static func stage(_ z: [[Double]], _ d: Int, norm: Norm, free: [Int], fixed: [Rational?]) throws(OracleError)
        -> PolyhedralPrograms
    {
        let (bounds, extra) = ballColumns(d, norm)
        let t = bounds.count
        var rows: [[(column: Int, value: Double)]] = []
        var rowBounds: [LinearProgram.Bound] = []
        var rowOf: [Int: Int] = [:]
        for n in z.indices {
            var e = rowEntries(z[n], d, norm)
            if let level = fixed[n] {
                guard !e.isEmpty else { continue }  // a zero point fixed at level 0 constrains nothing
                rowBounds.append(.lower(level))
            } else {
                e.append((t, -1))
                rowBounds.append(.lower(.zero))
            }
            rowOf[n] = rows.count
            rows.append(e.sorted { $0.column < $1.column })
        }
        if let extra {
            rows.append(extra)
            rowBounds.append(.upper(.one))
        }
        let program = LinearProgram(
            maximize: true, objective: [Double](repeating: 0, count: t) + [1],
            columnBounds: bounds + [.free], rowBounds: rowBounds, rows: rows)
        return PolyhedralPrograms(program: program, rowOfPoint: rowOf, norm: norm, dimension: d)
    }

    /// The probe LP: maximize `z_point . w` subject to `z_n . w >= level` (free n) and the fixed rows.
    static func probe(
        _ z: [[Double]], _ d: Int, norm: Norm, point: Int, free: [Int], level: Rational, fixed: [Rational?]
    ) -> PolyhedralPrograms {
        let (bounds, extra) = ballColumns(d, norm)
        var objective = [Double](repeating: 0, count: bounds.count)
        for (j, v) in rowEntries(z[point], d, norm) { objective[j] = v }
        return face(z, d, norm: norm, objective: objective, level: level, fixed: fixed, bounds: bounds, extra: extra)
    }

    /// Maximize or minimize one coordinate `w_j` over the optimal face `{w in ball : z_n . w >= level}`.
    static func coordinate(_ z: [[Double]], _ d: Int, norm: Norm, j: Int, sign: Double, level: Rational)
        -> PolyhedralPrograms
    {
        let (bounds, extra) = ballColumns(d, norm)
        var objective = [Double](repeating: 0, count: bounds.count)
        objective[j] = sign
        if norm == .l1 { objective[d + j] = -sign }
        return face(
            z, d, norm: norm, objective: objective, level: level,
            fixed: [Rational?](repeating: nil, count: z.count), bounds: bounds, extra: extra)
    }

    private static func face(
        _ z: [[Double]], _ d: Int, norm: Norm, objective: [Double], level: Rational, fixed: [Rational?],
        bounds: [LinearProgram.Bound], extra: [(column: Int, value: Double)]?
    ) -> PolyhedralPrograms {
        var rows: [[(column: Int, value: Double)]] = []
        var rowBounds: [LinearProgram.Bound] = []
        var rowOf: [Int: Int] = [:]
        for n in z.indices {
            let e = rowEntries(z[n], d, norm).sorted { $0.column < $1.column }
            guard !e.isEmpty else { continue }
            rowBounds.append(.lower(fixed[n] ?? level))
            rowOf[n] = rows.count
            rows.append(e)
        }
        if let extra {
            rows.append(extra)
            rowBounds.append(.upper(.one))
        }
        if rows.isEmpty {  // only zero points: one trivial row keeps GLPK happy
            rows.append([(0, 1)])
            rowBounds.append(.free)
        }
        let program = LinearProgram(
            maximize: true, objective: objective, columnBounds: bounds, rowBounds: rowBounds, rows: rows)
        return PolyhedralPrograms(program: program, rowOfPoint: rowOf, norm: norm, dimension: d)
    }
}
