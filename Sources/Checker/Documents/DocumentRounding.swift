import BigInt
import Exact

/// The documented roundings of a document's doubles, from the exact values the witnesses prove.
/// `verify` compares a document's doubles with these bit for bit (so `-0` is not `0`).
public enum DocumentRounding {
    /// `w / ||w||` in `norm`, every coordinate correctly rounded (to nearest, ties to even). For
    /// l2 the coordinates `w_j / sqrt(sum w_i^2)` are irrational in general; each is rounded as
    /// `sign(w_j) sqrt(w_j^2 / sum w_i^2)` with ``Rational/squareRootDouble``, which is correctly
    /// rounded too. A zero `w` (or none) gives zeros.
    public static func unitDirection(_ w: [Rational], norm: Norm) -> [Double] {
        switch norm {
        case .l1, .linf:
            let size = norm == .linf ? w.map(\.magnitude).max() ?? .zero : w.reduce(Rational.zero) { $0 + $1.magnitude }
            guard size.signum > 0 else { return w.map { _ in 0 } }
            return w.map { ($0 / size).doubleValue }
        case .l2:
            // Over one common denominator D, w_j = a_j / D and w_j^2 / ||w||^2 = a_j^2 / sum a^2: integers
            // only, rounded without lowest terms (a gcd of large integers per coordinate, and per
            // addition of the squares, took 6 s on 100000 coordinates).
            let a = IntegerVector(w).integers
            let squares = a.reduce(BigInt(0)) { $0 + $1 * $1 }
            guard squares.signum() > 0 else { return w.map { _ in 0 } }
            return a.map { v in
                if v.isZero { return 0 }
                let r = Rational.squareRootDouble(numerator: v * v, denominator: squares)
                return v.signum() > 0 ? r : -r
            }
        }
    }

    /// The largest double `<= x` (`x` exact).
    public static func roundedDown(_ x: Rational) -> Double {
        let r = x.doubleValue
        guard r.isFinite else { return r > 0 ? .greatestFiniteMagnitude : -.infinity }
        return Rational(exactly: r)! > x ? r.nextDown : r
    }

    /// The smallest double `>= x` (`x` exact).
    public static func roundedUp(_ x: Rational) -> Double {
        let r = x.doubleValue
        guard r.isFinite else { return r > 0 ? .infinity : -.greatestFiniteMagnitude }
        return Rational(exactly: r)! < x ? r.nextUp : r
    }

    /// The largest double `<= sqrt(x)` (`x >= 0` exact).
    public static func squareRootRoundedDown(_ x: Rational) -> Double {
        let r = x.squareRootDouble
        guard r.isFinite else { return .greatestFiniteMagnitude }
        let e = Rational(exactly: r)!
        return e * e > x ? r.nextDown : r
    }

    /// The smallest double `>= sqrt(x)` (`x >= 0` exact).
    public static func squareRootRoundedUp(_ x: Rational) -> Double {
        let r = x.squareRootDouble
        guard r.isFinite else { return r }
        let e = Rational(exactly: r)!
        return e * e < x ? r.nextUp : r
    }

    /// The doubles a non-exact document may claim as its margin: `[RD(lower), RU(upper)]`, of the
    /// square roots when the bounds are squares (l2).
    public static func marginInterval(lower: Rational, upper: Rational, squared: Bool) -> (low: Double, high: Double) {
        squared
            ? (squareRootRoundedDown(lower), squareRootRoundedUp(upper))
            : (roundedDown(lower), roundedUp(upper))
    }

    /// Whether two doubles are the same double (bit for bit: `-0` differs from `0`).
    public static func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern }
}
