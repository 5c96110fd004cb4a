/// Exact simplex pivots in rational arithmetic: the last resort of ``LPSolve`` when no GLPK basis
/// is exactly optimal.
///
/// Starting from a nearly optimal basis (GLPK's), it performs
/// - primal simplex pivots while the basis is primal feasible but not dual feasible, and
/// - dual simplex pivots while it is dual feasible but not primal feasible,
/// both with Bland's smallest-index rule (no cycling), each pivot re-solving the basis exactly.
/// Variables are numbered rows first (`0..<m`), then columns (`m..<m+n`). A basis that is neither
/// primal nor dual feasible is given up on (no phase 1): GLPK's bases are never that far off.
enum ExactSimplex {
    private enum Variable: Hashable, Comparable {
        case row(Int)
        case column(Int)
        func index(_ m: Int) -> Int {
            switch self {
            case .row(let i): return i
            case .column(let j): return m + j
            }
        }
        static func < (a: Variable, b: Variable) -> Bool { a.index(1 << 40) < b.index(1 << 40) }
    }

    static func repair(_ lp: LinearProgram, from start: Basis, maxPivots: Int = 500) -> (ExactBasisSolution, Basis)? {
        var basis = start
        for _ in 0...maxPivots {
            guard let solution = ExactBasisSolution.compute(lp, basis: basis) else { return nil }
            if solution.isOptimal { return (solution, basis) }
            let state = State(lp, basis, solution)
            if state.primalViolations.isEmpty, let e = state.dualViolations.min() {
                guard let next = state.primalPivot(entering: e) else { return nil }
                basis = next
            } else if state.dualViolations.isEmpty, let b = state.primalViolations.min() {
                guard let next = state.dualPivot(leaving: b) else { return nil }
                basis = next
            } else {
                return nil
            }
        }
        return nil
    }

    /// Everything one pivot needs, computed exactly at the current basis.
    private struct State {
        let lp: LinearProgram
        let basis: Basis
        let nonbasicRows: [Int]
        let basicColumns: [Int]
        let matrix: [[Rational]]
        let x: [Rational]
        let rowValue: [Rational]
        /// Reduced cost of every nonbasic variable (rows: their dual).
        var reducedCost: [Variable: Rational] = [:]
        var primalViolations: [Variable] = []
        var dualViolations: [Variable] = []
        let sense: Int

        init(_ lp: LinearProgram, _ basis: Basis, _ s: ExactBasisSolution) {
            self.lp = lp
            self.basis = basis
            sense = lp.maximize ? 1 : -1
            nonbasicRows = basis.rows.indices.filter { basis.rows[$0] != .basic }
            basicColumns = basis.columns.indices.filter { basis.columns[$0] == .basic }
            let position = Dictionary(uniqueKeysWithValues: basicColumns.enumerated().map { ($1, $0) })
            var m = [[Rational]](
                repeating: [Rational](repeating: .zero, count: basicColumns.count), count: nonbasicRows.count)
            for (r, i) in nonbasicRows.enumerated() {
                for (j, a) in lp.rows[i] { if let b = position[j] { m[r][b] = Rational(exactly: a)! } }
            }
            matrix = m
            x = s.columnValues
            let common = IntegerVector(x)
            rowValue = lp.rows.map { common.dot(sparse: $0) }
            for i in lp.rows.indices where basis.rows[i] == .basic && State.outside(rowValue[i], lp.rowBounds[i]) {
                primalViolations.append(.row(i))
            }
            for j in basicColumns where State.outside(x[j], lp.columnBounds[j]) { primalViolations.append(.column(j)) }
            for i in nonbasicRows { reducedCost[.row(i)] = s.rowDuals[i] ?? .zero }
            for (j, d) in s.reducedCosts { reducedCost[.column(j)] = d }
            for (v, d) in reducedCost where improvingDirection(v, d) != 0 { dualViolations.append(v) }
        }

        static func outside(_ v: Rational, _ b: LinearProgram.Bound) -> Bool {
            if let l = b.lowerValue, v < l { return true }
            if let u = b.upperValue, v > u { return true }
            return false
        }

        func status(_ v: Variable) -> BasisStatus {
            switch v {
            case .row(let i): return basis.rows[i]
            case .column(let j): return basis.columns[j]
            }
        }

        func bound(_ v: Variable) -> LinearProgram.Bound {
            switch v {
            case .row(let i): return lp.rowBounds[i]
            case .column(let j): return lp.columnBounds[j]
            }
        }

        func value(_ v: Variable) -> Rational {
            switch v {
            case .row(let i): return rowValue[i]
            case .column(let j): return x[j]
            }
        }

        /// +1 / -1 when moving the nonbasic `v` up / down improves the objective, 0 if neither does.
        func improvingDirection(_ v: Variable, _ d: Rational) -> Int {
            let s = d.signum * sense
            switch status(v) {
            case .atLower: return s > 0 ? 1 : 0
            case .atUpper: return s < 0 ? -1 : 0
            case .freeNonbasic: return s
            case .basic, .fixedNonbasic: return 0
            }
        }

        /// Change of every basic variable per unit increase of the nonbasic `e`.
        func basicResponse(to e: Variable) -> [Variable: Rational]? {
            var rhs = [Rational](repeating: .zero, count: nonbasicRows.count)
            var dx = [Int: Rational]()
            switch e {
            case .column(let j):
                dx[j] = .one
                for (r, i) in nonbasicRows.enumerated() {
                    if let a = lp.rows[i].first(where: { $0.column == j })?.value { rhs[r] = -Rational(exactly: a)! }
                }
            case .row(let i0):
                rhs[nonbasicRows.firstIndex(of: i0)!] = .one
            }
            guard let xB = ExactLinearSolver.solve(matrix, rhs) else { return nil }
            for (b, j) in basicColumns.enumerated() { dx[j] = xB[b] }
            var out = [Variable: Rational]()
            for (b, j) in basicColumns.enumerated() { out[.column(j)] = xB[b] }
            // The basic rows' responses A_i . dx: one batched exact evaluation over dx's common
            // denominator (summing rationals term by term cost a gcd per term: minutes per repair
            // on rows mixing 1 and 1e-300).
            let direction = IntegerVector((0..<lp.columnCount).map { dx[$0] ?? .zero })
            let basicRows = lp.rows.indices.filter { basis.rows[$0] == .basic }
            for (i, value) in zip(basicRows, direction.dots(basicRows.map(lp.denseRow))) { out[.row(i)] = value }
            return out
        }

        func withStatus(_ v: Variable, _ s: BasisStatus, in b: inout Basis) {
            switch v {
            case .row(let i): b.rows[i] = s
            case .column(let j): b.columns[j] = s
            }
        }

        func nonbasicStatus(_ v: Variable, movingUp: Bool) -> BasisStatus {
            if case .fixed = bound(v) { return .fixedNonbasic }
            return movingUp ? .atUpper : .atLower
        }

        /// Primal simplex pivot with the entering variable `e` (Bland's rule on ties).
        func primalPivot(entering e: Variable) -> Basis? {
            let dir = improvingDirection(e, reducedCost[e]!)
            guard dir != 0, let response = basicResponse(to: e) else { return nil }
            var best: (ratio: Rational, variable: Variable, up: Bool)? = nil
            func consider(_ ratio: Rational, _ v: Variable, _ up: Bool) {
                if best == nil || ratio < best!.ratio || (ratio == best!.ratio && v < best!.variable) {
                    best = (ratio, v, up)
                }
            }
            if let l = bound(e).lowerValue, let u = bound(e).upperValue { consider(u - l, e, dir > 0) }
            for v in response.keys.sorted() {
                let delta = response[v]! * Rational(dir)
                if delta.signum > 0, let u = bound(v).upperValue { consider((u - value(v)) / delta, v, true) }
                if delta.signum < 0, let l = bound(v).lowerValue { consider((value(v) - l) / (-delta), v, false) }
            }
            guard let pick = best else { return nil }  // unbounded
            var next = basis
            if pick.variable == e {
                withStatus(e, nonbasicStatus(e, movingUp: dir > 0), in: &next)
            } else {
                withStatus(pick.variable, nonbasicStatus(pick.variable, movingUp: pick.up), in: &next)
                withStatus(e, .basic, in: &next)
            }
            return next
        }

        /// Dual simplex pivot with the leaving variable `b` (Bland's rule on ties).
        func dualPivot(leaving b: Variable) -> Basis? {
            let below = bound(b).lowerValue.map { value(b) < $0 } ?? false
            let target = below ? 1 : -1
            var best: (ratio: Rational, variable: Variable)? = nil
            for e in reducedCost.keys.sorted() {
                let allowed: [Int]
                switch status(e) {
                case .atLower: allowed = [1]
                case .atUpper: allowed = [-1]
                case .freeNonbasic: allowed = [1, -1]
                default: allowed = []
                }
                guard !allowed.isEmpty, let response = basicResponse(to: e), let alpha = response[b], !alpha.isZero
                else { continue }
                for dir in allowed where (alpha * Rational(dir)).signum * target > 0 {
                    let ratio = reducedCost[e]!.magnitude / alpha.magnitude
                    if best == nil || ratio < best!.ratio || (ratio == best!.ratio && e < best!.variable) {
                        best = (ratio, e)
                    }
                }
            }
            guard let pick = best else { return nil }  // primal infeasible LP
            var next = basis
            withStatus(b, nonbasicStatus(b, movingUp: !below), in: &next)
            withStatus(pick.variable, .basic, in: &next)
            return next
        }
    }
}
