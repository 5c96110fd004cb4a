import BigInt
import Exact

/// The ring operations the arrangement's small linear algebra needs: exact integers (``BigInt``) for the
/// certified answers, ``Enclosure`` intervals for the filter that decides which faces need them.
protocol RingScalar {
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static var zero: Self { get }
    static var unit: Self { get }
}

extension BigInt: RingScalar {
    static var unit: BigInt { 1 }
}

extension Enclosure: RingScalar {
    static var unit: Enclosure { Enclosure(lo: 1, hi: 1) }
}

/// A ring scalar the arrangement's filter can decide with: the ends of what it stands for, and its sign
/// (`certainSign`, 0 when undecided). ``Enclosure`` is rigorous; `Double` is the plain floating-point
/// value (pricing only).
protocol FilterScalar: RingScalar {
    init(enclosing: Rational)
    var lo: Double { get }
    var hi: Double { get }
    var certainSign: Int { get }
    static func / (a: Self, b: Self) -> Self
    static func += (a: inout Self, b: Self)
}

extension Enclosure: FilterScalar {
    init(enclosing r: Rational) { self.init(r) }
    var certainSign: Int { sign }
}

extension Double: RingScalar, FilterScalar {
    static var unit: Double { 1 }
    init(enclosing r: Rational) { self = r.doubleValue }
    var lo: Double { self }
    var hi: Double { self }
    var certainSign: Int { self > 0 ? 1 : (self < 0 ? -1 : 0) }
}

/// Determinants, adjugates and generalized cross products of matrices of at most 5 rows, by cofactor
/// expansion (no division, so exact over the integers and enclosure-safe over intervals) [D].
enum SmallDeterminants {
    /// `det` of the square matrix made of `rows`, columns `columns` (at most 5).
    static func det<T: RingScalar>(_ rows: [[T]], _ rowIndices: [Int], _ columns: [Int]) -> T {
        let m = rowIndices.count
        if m == 0 { return T.zero }
        if m == 1 { return rows[rowIndices[0]][columns[0]] }
        if m == 2 {
            let r0 = rows[rowIndices[0]]
            let r1 = rows[rowIndices[1]]
            return r0[columns[0]] * r1[columns[1]] - r0[columns[1]] * r1[columns[0]]
        }
        // First-row expansion.
        let first = rows[rowIndices[0]]
        let rest = Array(rowIndices.dropFirst())
        var total = T.zero
        for k in 0..<m {
            var minorColumns = columns
            minorColumns.remove(at: k)
            let term = first[columns[k]] * det(rows, rest, minorColumns)
            total = k % 2 == 0 ? total + term : total - term
        }
        return total
    }

    static func det<T: RingScalar>(_ matrix: [[T]]) -> T {
        det(matrix, Array(matrix.indices), Array(matrix.indices))
    }

    /// The vector `e` with `e . r = det([r; rows])` for every `r`: orthogonal to each of the `d - 1` rows,
    /// zero exactly when they are dependent [D: Laplace expansion along the first row].
    static func cross<T: RingScalar>(_ rows: [[T]], dimension d: Int) -> [T] {
        let all = Array(0..<d)
        return (0..<d).map { k in
            var columns = all
            columns.remove(at: k)
            let minor = det(rows, Array(rows.indices), columns)
            return k % 2 == 0 ? minor : T.zero - minor
        }
    }

    /// The adjugate of a square matrix: `adj(G) G = G adj(G) = det(G) I`.
    static func adjugate<T: RingScalar>(_ g: [[T]]) -> [[T]] {
        let m = g.count
        if m == 1 { return [[T.unit]] }
        let all = Array(0..<m)
        return (0..<m).map { i in
            (0..<m).map { j in
                // adj[i][j] = (-1)^(i+j) det(G without row j and column i).
                var rowIndices = all
                rowIndices.remove(at: j)
                var columns = all
                columns.remove(at: i)
                let minor = det(g, rowIndices, columns)
                return (i + j) % 2 == 0 ? minor : T.zero - minor
            }
        }
    }
}
