import BigInt
import Exact

/// The checker's own evaluation of margins `z_n . w` at an exact point `w`: every dot product is
/// computed exactly (``IntegerVector/scaledDots(_:)``: integers over one common positive
/// denominator) and compared with a rational bound by cross-multiplication. No floating-point
/// filter: the solvers' filter (`FilteredVector` in Oracle) is a speed trick whose soundness the
/// checker does not rely on.
package struct ExactMargins {
    package let common: IntegerVector

    package init(_ w: [Rational]) { common = IntegerVector(w) }

    /// `sign(z_n . w - bound)` for every row.
    package func compare(_ rows: [[Double]], with bound: Rational) -> [Int] {
        let (numerators, denominator) = common.scaledDots(rows)
        let right = bound.numerator * denominator
        return numerators.map { Int(($0 * bound.denominator - right).signum()) }
    }

    /// The smallest `z_n . w` over the rows (`nil` when there are none).
    package func minimum(_ rows: [[Double]]) -> Rational? {
        let (numerators, denominator) = common.scaledDots(rows)
        return numerators.min().map { Rational($0, denominator) }
    }
}
