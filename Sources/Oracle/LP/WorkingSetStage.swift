/// The l1 / l-infinity stage LP (``PolyhedralPrograms/stage(_:_:norm:free:fixed:)``) solved by
/// constraint generation, so that GLPK and the exact basis computation see a few hundred rows,
/// not all N.
///
///     W = the points with the smallest slack under a guess of w
///     repeat   (floating point, cheap)
///       GLPK on W; add the points that violate its solution by more than a tolerance
///     repeat   (exact, usually once)
///       solve the stage LP on W to an exact, certified optimum (w, t, lambda)
///       every point outside W: z_n . w >= bound_n ?  (float filter, exact where undecided)
///       if all hold: done; else add the most violated points to W
///
/// Why the answer is the full LP's exact optimum: `(w, t)` is feasible for every row (checked
/// exactly) and `lambda`, padded with zeros, is feasible for the full dual with the same value,
/// so both are optimal by weak duality. Where `bound_n` is the free level `t` or a fixed level.
enum WorkingSetStage {
    /// A stage's exact optimum, indexed by the original points.
    struct Solution {
        var level: Rational
        var weights: [Rational]
        /// `-y_n` for the exact row duals `y_n` (zero for points outside the working set, not stored).
        var dual: PointWeights
        /// Bases tried in the last round (1 when the first, GLPK's float optimum, was exactly optimal).
        var attempts: Int
        /// Constraint-generation rounds (1 when the first working set sufficed).
        var rounds: Int
    }

    /// Up to this many points the stage LP is solved whole: three times the first working set
    /// (measured with `bench`: below that, the rounds cost more than they save).
    static func directLimit(dimension d: Int) -> Int { 6 * max(50, 2 * (d + 1)) }

    /// The stage's exact optimum. `scaling`: the problem's ``UnitScaling`` of `z` when the caller
    /// already has it (the leximin solves many stages of one problem); computed here otherwise.
    static func solve(
        _ z: [[Double]], _ d: Int, norm: Norm, fixed: [Rational?], guess: [Double]? = nil,
        directLimit: Int? = nil, scaling: UnitScaling? = nil
    ) throws(OracleError) -> Solution {
        let scaling = scaling ?? UnitScaling(z)
        if scaling.shift == 0 {
            return try solveAtScale(z, d, norm: norm, fixed: fixed, guess: guess, directLimit: directLimit)
        }
        let factor = scaling.factor
        var solution = try solveAtScale(
            scaling.rows, d, norm: norm, fixed: fixed.map { $0.map { $0 * factor } }, guess: guess,
            directLimit: directLimit)
        solution.level = solution.level / factor
        return solution
    }

    /// ``solve(_:_:norm:fixed:guess:directLimit:scaling:)`` on rows already at their scale.
    private static func solveAtScale(
        _ z: [[Double]], _ d: Int, norm: Norm, fixed: [Rational?], guess: [Double]?,
        directLimit: Int?
    ) throws(OracleError) -> Solution {
        let directLimit = directLimit ?? WorkingSetStage.directLimit(dimension: d)
        let n = z.count
        if n <= directLimit { return try solve(subset: Array(z.indices), z, d, norm: norm, fixed: fixed, rounds: 1) }
        // Initial working set: the smallest slacks under a guess (the previous stage's w, or the
        // mean of the points, a cheap proxy for the max-margin direction).
        let w0 = guess ?? (0..<d).map { j in z.reduce(0.0) { $0 + $1[j] } }
        let scale = w0.reduce(0.0) { max($0, abs($1)) }
        let direction = scale > 0 && scale.isFinite ? w0.map { $0 / scale } : [Double](repeating: 0, count: d)
        let slack = z.indices.map { i -> (Double, Int) in
            let s = zip(z[i], direction).reduce(0.0) { $0 + $1.0 * $1.1 }
            return (s.isFinite ? s - (fixed[i]?.doubleValue ?? 0) : -.infinity, i)
        }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        let batch = max(50, 2 * (d + 1))
        var inSet = [Bool](repeating: false, count: n)
        var working: [Int] = []
        // Free and fixed points are taken separately: without a free row the level is unbounded.
        for (_, i) in slack.filter({ fixed[$0.1] == nil }).prefix(2 * batch) {
            inSet[i] = true
            working.append(i)
        }
        for (_, i) in slack.filter({ fixed[$0.1] != nil }).prefix(batch) {
            inSet[i] = true
            working.append(i)
        }
        /// The `batch` most violated points (most negative slack, ties by index) join W.
        func admit(_ violated: [(Double, Int)]) {
            for (_, i) in violated.sorted(by: { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }).prefix(batch) {
                inSet[i] = true
                working.append(i)
            }
        }
        var rounds = 0
        // Floating-point rounds first: GLPK's own solution on W, violations judged in floats.
        // The level t gets a finite cap above its optimum (``levelCap``), so the first round can
        // start the dual simplex from the all-slack basis with t at its cap (dual feasible:
        // t's reduced cost is 1 at its upper bound). Later rounds warm-start from the last
        // optimal basis with the new rows' slacks basic (W keeps its insertion order): dual
        // feasible again. Rows far from binding leave W once (``dropFraction``): the dual
        // simplex's iterations cost time proportional to the rows.
        var dropped = [Bool](repeating: false, count: n)
        var lastBasis: (points: [Int: BasisStatus], extra: BasisStatus?)? = nil
        var warm: Basis? = nil
        while true {
            rounds += 1
            let stage = try PolyhedralPrograms.stage(
                working.map { z[$0] }, d, norm: norm, free: [], fixed: working.map { fixed[$0] })
            var program = stage.program
            let tColumn = program.columnCount - 1
            let cap = levelCap(
                working.filter { fixed[$0] == nil }.map { i in
                    norm == .linf ? z[i].reduce(0.0) { $0 + abs($1) } : z[i].reduce(0.0) { max($0, abs($1)) }
                })
            if let cap { program.columnBounds[tColumn] = .upper(cap) }
            var settings = GLPKBackend.Settings()
            if let last = lastBasis, let columns = warm?.columns {
                var rows = [BasisStatus](repeating: .basic, count: program.rowCount)
                for (k, i) in working.enumerated() {
                    if let r = stage.rowOfPoint[k], let status = last.points[i] { rows[r] = status }
                }
                if let extra = last.extra { rows[rows.count - 1] = extra }
                settings.warmStart = Basis(rows: rows, columns: columns)
                settings.dualSimplex = true
                settings.preferUnscaled = true
            } else if cap != nil {
                var columns = [BasisStatus](repeating: .atLower, count: program.columnCount)
                columns[tColumn] = .atUpper
                settings.warmStart = Basis(
                    rows: [BasisStatus](repeating: .basic, count: program.rowCount), columns: columns)
                settings.dualSimplex = true
            }
            let outcome = try GLPKBackend.solve(program, settings: settings)
            guard outcome.status == .optimal else { break }
            var statuses: [Int: BasisStatus] = [:]
            for (k, i) in working.enumerated() {
                if let r = stage.rowOfPoint[k] { statuses[i] = outcome.basis.rows[r] }
            }
            lastBasis = (statuses, norm == .l1 ? outcome.basis.rows.last : nil)
            warm = outcome.basis
            let c = outcome.columnValues
            let w = norm == .linf ? Array(c[0..<d]) : (0..<d).map { c[$0] - c[d + $0] }
            let t = outcome.columnValues[tColumn]
            func slack(_ i: Int) -> (value: Double, bound: Double) {
                let bound = fixed[i]?.doubleValue ?? t
                return (zip(z[i], w).reduce(0.0) { $0 + $1.0 * $1.1 } - bound, bound)
            }
            var violated: [(Double, Int)] = []
            for i in z.indices where !inSet[i] {
                let (v, bound) = slack(i)
                if v < -1e-9 * max(abs(bound), 1e-300) { violated.append((v, i)) }
            }
            if violated.isEmpty { break }
            working = working.filter { i in
                let (v, bound) = slack(i)
                guard !dropped[i], statuses[i] == .basic, bound > 0, v > dropFraction * bound else { return true }
                dropped[i] = true
                inSet[i] = false
                return false
            }
            admit(violated)
        }
        // Exact rounds: a certified optimum on W, violations decided exactly.
        while true {
            rounds += 1
            let solution = try solve(subset: working, z, d, norm: norm, fixed: fixed, rounds: rounds, warmStart: warm)
            warm = nil
            let outside = z.indices.filter { !inSet[$0] }
            let filtered = FilteredVector(solution.weights)
            var violated: [(Double, Int)] = []
            // Free points against the level, fixed points against their own level.
            for (level, group) in [(solution.level, outside.filter { fixed[$0] == nil })]
                + outside.filter({ fixed[$0] != nil }).groupedInOrder(by: { fixed[$0]! }).map({ ($0.key, $0.members) })
            {
                let signs = filtered.compareDots(dense: group.map { z[$0] }, with: level)
                let rounded = level.doubleValue
                for (k, i) in group.enumerated() where signs[k] < 0 {
                    let v = zip(z[i], filtered.approx).reduce(0.0) { $0 + $1.0 * $1.1 } - rounded
                    violated.append((v, i))
                }
            }
            if violated.isEmpty { return solution }
            admit(violated)
        }
    }

    /// Float rounds drop a basic row of W (once per point) whose slack exceeds this fraction of its
    /// bound. Measured with `bench` at l-infinity 10000 x 200 (whole solve, one or two runs each):
    /// 0 (never drop) 1.03-1.08 s, 0.25 0.95-0.97 s, 0.15 0.91 s, 0.1 0.94 s, 0.05 0.96 s.
    static let dropFraction = 0.15

    /// A cap strictly above the optimal level of a stage LP whose free rows have dual norms
    /// `norms` (`t <= z_n . w <= ||z_n||_* ||w|| <= ||z_n||_*` for every free n; computed over the
    /// working set each round, not over all points), or `nil` when
    /// there is no free row or the norms overflow. Only the float rounds use it: their optimum
    /// has t strictly below the cap, so t is basic and the basis is one of the uncapped LP.
    static func levelCap(_ norms: [Double]) -> Rational? {
        guard let smallest = norms.min(), smallest.isFinite else { return nil }
        let cap = 2 * smallest + 1
        return cap.isFinite ? Rational(exactly: cap) : nil
    }

    /// The stage LP on the points `subset` only, with results mapped back to all points.
    private static func solve(
        subset: [Int], _ z: [[Double]], _ d: Int, norm: Norm, fixed: [Rational?], rounds: Int,
        warmStart: Basis? = nil
    ) throws(OracleError) -> Solution {
        let rows = subset.map { z[$0] }
        let stage = try PolyhedralPrograms.stage(
            rows, d, norm: norm, free: subset.indices.filter { fixed[subset[$0]] == nil },
            fixed: subset.map { fixed[$0] })
        var start = warmStart.flatMap {
            $0.rows.count == stage.program.rowCount && $0.columns.count == stage.program.columnCount ? $0 : nil
        }
        // Wide linf stages (d >> n): start the long-step dual simplex from a dual feasible vertex.
        var longStep = false
        if start == nil, norm == .linf, d > 4 * rows.count, let first = stage.rowOfPoint.keys.min(),
            let vertex = stage.dualFeasibleVertexBasis(point: first)
        {
            start = vertex
            longStep = true
        }
        let (exact, info) = try LPSolve.certifiedOptimum(
            stage.program, warmStart: start, trustWarmStart: start != nil && !longStep,
            feasibleStart: { stage.feasibleVertexBasis(preferredSigns: $0) }, longStepDual: longStep)
        let dual = stage.pointDuals(exact, point: { subset[$0] })
        return Solution(
            level: exact.columnValues[stage.program.columnCount - 1], weights: stage.weights(exact.columnValues),
            dual: dual, attempts: info.attempts, rounds: rounds)
    }
}
