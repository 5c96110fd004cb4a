/// The exact primal and dual solution of a ``LinearProgram`` at a given simplex basis, and the
/// exact verdict on whether that basis is optimal.
///
/// With `R_N` the nonbasic rows and `C_B` the basic columns (a valid basis has
/// `|R_N| == |C_B| = k`), the basic column values solve the `k x k` system
/// `A[R_N, C_B] x_B = r_N - A[R_N, C_N] x_N` and the row duals solve its transpose
/// `A[R_N, C_B]^T y = c_B`. Both solves are exact (``ExactLinearSolver``) and cost
/// O(k^3) big-integer operations, independent of the number of basic rows, whose feasibility is
/// checked by filtered evaluation (``FilteredVector``).
///
/// Sign convention (maximization; flipped for minimization): with the Lagrangian
/// `c.x - y.(A x - r)`, a nonbasic variable at its lower bound needs reduced cost `<= 0`, at its
/// upper bound `>= 0`, a free nonbasic one exactly `0`. For a `>=` row at its bound in a
/// maximization the dual is therefore `<= 0`, as GLPK reports it.
struct ExactBasisSolution: Sendable {
    /// Exact column values.
    let columnValues: [Rational]
    /// Exact row duals; rows not listed (basic rows) have dual 0.
    let rowDuals: [Int: Rational]
    /// Exact reduced costs `c_j - sum_i A_ij y_i` of the nonbasic columns.
    let reducedCosts: [Int: Rational]
    /// Exact objective value `c . x`.
    let objective: Rational
    /// Why the basis is not optimal, or `nil` when it is (primal and dual feasible, exactly).
    let failure: String?

    var isOptimal: Bool { failure == nil }

    /// Computes the exact solution at `basis`; `nil` if the basis is structurally invalid or its
    /// matrix is singular in exact arithmetic.
    static func compute(_ lp: LinearProgram, basis: Basis) -> ExactBasisSolution? {
        let nonbasicRows = basis.rows.indices.filter { basis.rows[$0] != .basic }
        let basicColumns = basis.columns.indices.filter { basis.columns[$0] == .basic }
        guard nonbasicRows.count == basicColumns.count else { return nil }
        var values = [Rational](repeating: .zero, count: lp.columnCount)
        for j in lp.objective.indices where basis.columns[j] != .basic {
            guard let v = nonbasicValue(basis.columns[j], lp.columnBounds[j]) else { return nil }
            values[j] = v
        }
        var rowValue = [Rational]()
        for i in nonbasicRows {
            guard let v = nonbasicValue(basis.rows[i], lp.rowBounds[i]) else { return nil }
            rowValue.append(v)
        }
        // The k x k system on the basic columns.
        let position = Dictionary(uniqueKeysWithValues: basicColumns.enumerated().map { ($1, $0) })
        var matrix = [[Rational]](
            repeating: [Rational](repeating: .zero, count: basicColumns.count), count: nonbasicRows.count)
        var rhs = rowValue
        for (r, i) in nonbasicRows.enumerated() {
            for (j, a) in lp.rows[i] {
                let exactA = Rational(exactly: a)!
                if let b = position[j] {
                    matrix[r][b] = exactA
                } else if !values[j].isZero {
                    rhs[r] -= exactA * values[j]
                }
            }
        }
        guard let xB = ExactLinearSolver.solve(matrix, rhs) else { return nil }
        for (b, j) in basicColumns.enumerated() { values[j] = xB[b] }
        let cB = basicColumns.map { Rational(exactly: lp.objective[$0])! }
        guard let y = ExactLinearSolver.solveTransposed(matrix, cB) else { return nil }
        var duals = [Int: Rational]()
        for (r, i) in nonbasicRows.enumerated() { duals[i] = y[r] }

        var objective = Rational.zero
        for j in lp.objective.indices where lp.objective[j] != 0 && !values[j].isZero {
            objective += Rational(exactly: lp.objective[j])! * values[j]
        }
        let reduced = reducedCosts(lp, basis: basis, duals: duals)
        let failure =
            primalFailure(lp, basis: basis, values: values)
            ?? dualFailure(lp, basis: basis, duals: duals, reducedCosts: reduced)
        return ExactBasisSolution(
            columnValues: values, rowDuals: duals, reducedCosts: reduced, objective: objective, failure: failure)
    }

    private static func nonbasicValue(_ s: BasisStatus, _ b: LinearProgram.Bound) -> Rational? {
        switch s {
        case .basic: return nil
        case .atLower: return b.lowerValue
        case .atUpper: return b.upperValue
        case .freeNonbasic: return .zero
        case .fixedNonbasic: return b.lowerValue ?? b.upperValue
        }
    }

    /// Exact primal feasibility: basic columns within bounds, basic rows within bounds (filtered).
    private static func primalFailure(_ lp: LinearProgram, basis: Basis, values: [Rational]) -> String? {
        for j in values.indices where basis.columns[j] == .basic {
            if let l = lp.columnBounds[j].lowerValue, values[j] < l {
                return "column \(j) = \(values[j]) is below its lower bound \(l)"
            }
            if let u = lp.columnBounds[j].upperValue, values[j] > u {
                return "column \(j) = \(values[j]) is above its upper bound \(u)"
            }
        }
        // Basic rows grouped by bound (leximin stages share a few levels among many rows): one
        // rounding of each bound and one batched exact evaluation of the rows the filter leaves.
        let x = FilteredVector(values)
        let basicRows = lp.rows.indices.filter { basis.rows[$0] == .basic }
        for (side, violation, bound) in [
            ("below its lower", -1, \LinearProgram.Bound.lowerValue), ("above its upper", 1, \.upperValue),
        ] {
            for (b, group) in basicRows.filter({ lp.rowBounds[$0][keyPath: bound] != nil }).groupedInOrder(by: {
                lp.rowBounds[$0][keyPath: bound]!
            }) {
                let signs = x.compareDots(dense: group.map(lp.denseRow), with: b)
                if let k = signs.firstIndex(of: violation) { return "row \(group[k]) is \(side) bound \(b)" }
            }
        }
        return nil
    }

    /// Reduced costs `d_j = c_j - sum_i A_ij y_i` of the nonbasic columns, with y nonzero only on the
    /// nonbasic rows: `A^T y` is one combination of the dual rows over y's common denominator
    /// (``IntegerVector/combinationVector(of:dimension:)``, in GMP), one normalization per column.
    private static func reducedCosts(_ lp: LinearProgram, basis: Basis, duals: [Int: Rational]) -> [Int: Rational] {
        let dualRows = duals.keys.sorted()
        let y = IntegerVector(dualRows.map { duals[$0]! })
        let aTy = y.combinationVector(of: dualRows.map(lp.denseRow), dimension: lp.columnCount)
        var out = [Int: Rational]()
        for j in lp.objective.indices where basis.columns[j] != .basic {
            out[j] = Rational(exactly: lp.objective[j])! - Rational(aTy.integers[j], aTy.denominator)
        }
        return out
    }

    /// Exact dual feasibility: sign conditions on the reduced costs of all nonbasic variables.
    private static func dualFailure(
        _ lp: LinearProgram, basis: Basis, duals: [Int: Rational], reducedCosts: [Int: Rational]
    ) -> String? {
        let sense = lp.maximize ? 1 : -1
        func violates(_ status: BasisStatus, _ reducedCost: Rational) -> Bool {
            let s = reducedCost.signum * sense
            switch status {
            case .basic, .fixedNonbasic: return false
            case .atLower: return s > 0
            case .atUpper: return s < 0
            case .freeNonbasic: return s != 0
            }
        }
        for i in duals.keys.sorted() where violates(basis.rows[i], duals[i]!) {
            return "row \(i) has dual \(duals[i]!) of the wrong sign for its status"
        }
        for j in reducedCosts.keys.sorted() where violates(basis.columns[j], reducedCosts[j]!) {
            return "column \(j) has reduced cost \(reducedCosts[j]!) of the wrong sign for its status"
        }
        return nil
    }
}
