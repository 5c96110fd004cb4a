/// The Cholesky factor `R` (upper triangular, `R^T R = G + 1 1^T`) of a Wolfe corral's bordered
/// Gram matrix, kept up to date as points join and leave (Wolfe 1976, section 4).
///
/// `G + 1 1^T` is positive definite exactly when the corral is affinely independent, and the
/// affine minimizer's weights are `mu = u / sum(u)` with `(G + 1 1^T) u = 1`: two triangular
/// solves. Appending a point is one triangular solve; removing one leaves `R` upper Hessenberg
/// from that column on, and Givens rotations restore it. Everything is O(k^2) per operation.
struct CorralFactor {
    /// `columns[c][r] = R[r][c]` for `r <= c`.
    private(set) var columns: [[Double]] = []

    var count: Int { columns.count }

    /// Appends a point with bordered Gram entries `column[i] = G'[i][new]` and `diagonal = G'[new][new]`;
    /// returns `false` (and changes nothing) when the point is numerically affinely dependent.
    mutating func append(column g: [Double], diagonal: Double) -> Bool {
        let k = columns.count
        var r = [Double](repeating: 0, count: k + 1)
        var squares = 0.0
        for i in 0..<k {
            var s = g[i]
            let ci = columns[i]
            for l in 0..<i { s -= ci[l] * r[l] }
            r[i] = s / ci[i]
            squares += r[i] * r[i]
        }
        let rest = diagonal - squares
        guard rest > 1e-15 * diagonal, rest.isFinite else { return false }
        r[k] = rest.squareRoot()
        columns.append(r)
        return true
    }

    /// Removes the point at position `i`.
    mutating func remove(_ i: Int) {
        columns.remove(at: i)
        // Column c (c >= i) now has a subdiagonal entry in row c + 1: rotate rows c and c + 1.
        for c in i..<columns.count {
            let a = columns[c][c]
            let b = columns[c][c + 1]
            let h = (a * a + b * b).squareRoot()
            let cs = a / h
            let sn = b / h
            for cc in c..<columns.count {
                let x = columns[cc][c]
                let y = columns[cc][c + 1]
                columns[cc][c] = cs * x + sn * y
                columns[cc][c + 1] = -sn * x + cs * y
            }
            columns[c].removeLast()
        }
    }

    /// Weights (summing to 1) of the minimum-norm point of the corral's affine hull, or `nil` when
    /// they are not finite.
    func affineMinimizer() -> [Double]? {
        let k = columns.count
        // R^T v = 1, then R u = v.
        var v = [Double](repeating: 0, count: k)
        for i in 0..<k {
            var s = 1.0
            let ci = columns[i]
            for l in 0..<i { s -= ci[l] * v[l] }
            v[i] = s / ci[i]
        }
        var u = [Double](repeating: 0, count: k)
        for i in stride(from: k - 1, through: 0, by: -1) {
            var s = v[i]
            for c in (i + 1)..<k { s -= columns[c][i] * u[c] }
            u[i] = s / columns[i][i]
        }
        let total = u.reduce(0, +)
        let mu = u.map { $0 / total }
        guard mu.allSatisfy({ $0.isFinite }) else { return nil }
        return mu
    }
}
