import BigInt

/// Exact solution of square linear systems with rational coefficients.
///
/// Each row of `A` is first multiplied by the least common multiple of its own denominators (its
/// right-hand side by the same factor), and the right-hand side is then put over one common
/// denominator that stays out of the matrix (an earlier LP's exact level as a right-hand side
/// would otherwise inflate every entry of `A` to its size: a 27 x 27 basis took 117 ms instead of
/// 4 ms). The elimination runs on integers only: Bareiss's fraction-free Gaussian elimination, whose
/// intermediate entries are minors of the input (their size grows linearly, not exponentially),
/// followed by a fraction-free back substitution. Only the final division produces fractions.
/// Large systems go through Dixon's p-adic lifting first (same unique answer, far fewer big-number
/// operations), with Bareiss as the fallback that also decides singularity.
public enum ExactLinearSolver {
    /// From this size on, Dixon's p-adic lifting (``FastIntegerKernels/dixonSolve(_:)``) is tried
    /// before Bareiss.
    static let dixonThreshold = 16

    /// Solves `A x = b` exactly. `A` is row-major `k x k`.
    /// Returns `nil` when `A` is singular.
    public static func solve(_ a: [[Rational]], _ b: [Rational]) -> [Rational]? {
        let k = a.count
        precondition(b.count == k && a.allSatisfy { $0.count == k }, "ExactLinearSolver: shape mismatch")
        if k == 0 { return [] }
        var rows: [[BigInt]] = []
        var rhs: [Rational] = []
        for i in 0..<k {
            let (row, scale) = integerRowAndScale(a[i])
            rows.append(row)
            rhs.append(scale == 1 ? b[i] : b[i] * Rational(scale, 1))
        }
        let common = IntegerVector(rhs)
        for i in 0..<k { rows[i].append(common.integers[i]) }
        // A x = rhs = integers / denominator, so x = (solution of A x' = integers) / denominator.
        guard let x = solveIntegers(rows) else { return nil }
        let denominator = x.denominator * common.denominator
        return x.integers.map { Rational($0, denominator) }
    }

    /// Solves the integer system given as its augmented `k x (k+1)` matrix (last column the
    /// right-hand side); the answer over one positive common denominator, not normalized.
    /// Returns `nil` when the matrix is singular.
    public static func solveIntegers(_ augmented: [[BigInt]]) -> IntegerVector? {
        var m = augmented
        let k = m.count
        if k == 0 { return IntegerVector(integers: [], denominator: 1) }
        if k >= dixonThreshold, let x = FastIntegerKernels.dixonSolve(m) { return x }
        if k >= 8 { return FastIntegerKernels.bareissSolve(m) }
        return solveIntegerAugmented(&m)
    }

    /// Solves `A^T y = c` exactly, for `A` row-major `k x k`.
    public static func solveTransposed(_ a: [[Rational]], _ c: [Rational]) -> [Rational]? {
        let k = a.count
        if k == 0 { return [] }
        let t = (0..<k).map { j in (0..<k).map { i in a[i][j] } }
        return solve(t, c)
    }

    /// Multiplies a rational row by the lcm of its denominators and returns the integer row.
    static func integerRow(_ row: [Rational]) -> [BigInt] { integerRowAndScale(row).row }

    /// The integer row `row * scale`, with `scale` the lcm of the row's denominators.
    static func integerRowAndScale(_ row: [Rational]) -> (row: [BigInt], scale: BigInt) {
        var l = BigUInt(1)
        for v in row where v.denominator != 1 {
            let d = v.denominator.magnitude
            let g = FastIntegerKernels.gcd(l, d)
            l = l / g * d
        }
        let lcm = BigInt(l)
        return (row.map { v in v.denominator == 1 ? v.numerator * lcm : v.numerator * (lcm / v.denominator) }, lcm)
    }

    /// Bareiss elimination on an integer matrix `k x (k+1)` (last column the right-hand side).
    static func solveIntegerAugmented(_ m: inout [[BigInt]]) -> IntegerVector? {
        let k = m.count
        var previous = BigInt(1)
        for col in 0..<k {
            // Pivot: the nonzero entry with the fewest bits keeps numbers small.
            var pivotRow = -1
            var pivotBits = Int.max
            for r in col..<k where !m[r][col].isZero {
                let bits = m[r][col].magnitude.bitWidth
                if bits < pivotBits {
                    pivotBits = bits
                    pivotRow = r
                }
            }
            if pivotRow < 0 { return nil }
            if pivotRow != col { m.swapAt(pivotRow, col) }
            let p = m[col][col]
            for r in (col + 1)..<k {
                let f = m[r][col]
                if f.isZero {
                    // (p * m[r][j] - 0) / previous
                    if p != previous {
                        for j in (col + 1)...k where !m[r][j].isZero {
                            m[r][j] = FastIntegerKernels.exactQuotient(p * m[r][j], previous)
                        }
                    }
                } else {
                    for j in (col + 1)...k {
                        m[r][j] = FastIntegerKernels.exactQuotient(p * m[r][j] - f * m[col][j], previous)
                    }
                }
                m[r][col] = 0
            }
            previous = p
        }
        // Fraction-free back substitution: y = det * x is an integer vector.
        let det = m[k - 1][k - 1]
        var y = [BigInt](repeating: 0, count: k)
        for i in stride(from: k - 1, through: 0, by: -1) {
            var s = det * m[i][k]
            for j in (i + 1)..<k where !m[i][j].isZero { s -= m[i][j] * y[j] }
            y[i] = FastIntegerKernels.exactQuotient(s, m[i][i])
        }
        return det.signum() > 0
            ? IntegerVector(integers: y, denominator: det) : IntegerVector(integers: y.map { -$0 }, denominator: -det)
    }
}
