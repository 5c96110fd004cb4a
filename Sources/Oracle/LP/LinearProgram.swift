/// A linear program in GLPK's form, with exact meaning.
///
///     maximize (or minimize)  c . x
///     subject to              r = A x,   rowLower <= r <= rowUpper,   colLower <= x <= colUpper
///
/// Matrix entries and objective coefficients are doubles, which are dyadic rationals and are
/// taken **exactly** by the exact basis solve; bounds are exact ``Rational``s (the lexicographic
/// stages need bounds such as 1/3 that no double represents). GLPK only ever sees the nearest
/// doubles and is used to find an optimal *basis*; values are then recomputed exactly
/// (``ExactBasisSolution``).
public struct LinearProgram: Sendable {
    /// A variable's (row's or column's) bounds.
    public enum Bound: Sendable, Equatable {
        case free
        case lower(Rational)
        case upper(Rational)
        case range(Rational, Rational)
        case fixed(Rational)

        var lowerValue: Rational? {
            switch self {
            case .free, .upper: return nil
            case .lower(let l), .range(let l, _), .fixed(let l): return l
            }
        }

        var upperValue: Rational? {
            switch self {
            case .free, .lower: return nil
            case .upper(let u), .range(_, let u): return u
            case .fixed(let u): return u
            }
        }
    }

    /// `true` to maximize the objective.
    public var maximize: Bool
    /// One coefficient per column.
    public var objective: [Double]
    /// One bound per column.
    public var columnBounds: [Bound]
    /// One bound per row.
    public var rowBounds: [Bound]
    /// Sparse rows of `A`: `rows[i]` lists `(column, value)` pairs, columns strictly increasing,
    /// values nonzero and finite.
    public var rows: [[(column: Int, value: Double)]]

    public init(
        maximize: Bool, objective: [Double], columnBounds: [Bound], rowBounds: [Bound],
        rows: [[(column: Int, value: Double)]]
    ) {
        self.maximize = maximize
        self.objective = objective
        self.columnBounds = columnBounds
        self.rowBounds = rowBounds
        self.rows = rows
    }

    public var rowCount: Int { rows.count }
    public var columnCount: Int { objective.count }

    /// Row `i` as a dense vector of its coefficients (for the batched exact dot kernels).
    func denseRow(_ i: Int) -> [Double] {
        var row = [Double](repeating: 0, count: columnCount)
        for (j, a) in rows[i] { row[j] = a }
        return row
    }

    /// Checks everything GLPK would abort on, and more: sizes, index ranges, strictly increasing
    /// (so duplicate-free) column indices, finite nonzero entries, ordered bounds whose double
    /// images are finite.
    public func validate() throws(OracleError) {
        guard columnCount > 0 else {
            throw .invalidSettings("The LP has no columns; at least one variable is required.")
        }
        guard rowCount > 0 else { throw .invalidSettings("The LP has no rows; at least one constraint is required.") }
        guard columnBounds.count == columnCount else {
            throw .invalidSettings(
                "The LP has \(columnCount) objective coefficients but \(columnBounds.count) column bounds.")
        }
        guard rowBounds.count == rowCount else {
            throw .invalidSettings("The LP has \(rowCount) rows but \(rowBounds.count) row bounds.")
        }
        guard rowCount < Int(Int32.max) / 2, columnCount < Int(Int32.max) / 2 else {
            throw .invalidSettings("The LP is too large for GLPK (\(rowCount) rows, \(columnCount) columns).")
        }
        for (j, c) in objective.enumerated() where !c.isFinite {
            throw .invalidSettings("Objective coefficient \(j) is \(c); it must be finite.")
        }
        var nonzeros = 0
        for (i, row) in rows.enumerated() {
            var previous = -1
            for (j, v) in row {
                guard j > previous, j < columnCount else {
                    throw .invalidSettings(
                        "Row \(i) of the LP names column \(j) out of order, twice, or out of range 0..<\(columnCount).")
                }
                guard v.isFinite, v != 0 else {
                    throw .invalidSettings(
                        "Row \(i), column \(j) of the LP is \(v); entries must be finite and nonzero.")
                }
                previous = j
            }
            nonzeros += row.count
        }
        guard nonzeros < Int(Int32.max) - 1 else { throw .invalidSettings("The LP has too many nonzeros for GLPK.") }
        for (k, b) in (columnBounds + rowBounds).enumerated() {
            let what = k < columnCount ? "Column \(k)" : "Row \(k - columnCount)"
            for v in [b.lowerValue, b.upperValue].compactMap({ $0 }) where !v.doubleValue.isFinite {
                throw .invalidSettings("\(what) has the bound \(v), beyond the double range GLPK can take.")
            }
            if case .range(let l, let u) = b, !(l < u) {
                throw .invalidSettings(
                    "\(what) has the range [\(l), \(u)]; the lower bound must be below the upper bound (use .fixed for equality)."
                )
            }
        }
    }
}

/// Where a variable sits in a simplex basis.
public enum BasisStatus: Sendable, Equatable {
    case basic
    case atLower
    case atUpper
    case freeNonbasic
    case fixedNonbasic
}

/// An optimal-basis candidate: one status per row and per column.
public struct Basis: Sendable, Equatable {
    public var rows: [BasisStatus]
    public var columns: [BasisStatus]
}
