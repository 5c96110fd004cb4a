import BigInt

/// A double vector written exactly as `integers * 2^exponent` with one shared exponent, so exact
/// dot products of data rows are big-integer dot products followed by one power of two.
struct DyadicRow: Sendable {
    let integers: [BigInt]
    let exponent: Int

    init(_ values: [Double]) {
        let parts = values.map { $0 == 0 ? (BigInt(0), Int.max) : Rational.dyadicParts(of: $0) }
        let e = parts.map(\.1).min() ?? 0
        exponent = e == Int.max ? 0 : e
        integers = parts.map { $0.0.isZero ? 0 : $0.0 << ($0.1 - (e == Int.max ? 0 : e)) }
    }

    /// The exact integer dot product of the integer parts (the value is `result * 2^(e_a + e_b)`).
    func integerDot(_ other: DyadicRow) -> BigInt {
        var s = BigInt(0)
        for k in integers.indices where !integers[k].isZero && !other.integers[k].isZero {
            s += integers[k] * other.integers[k]
        }
        return s
    }

    /// `2^e` as an exact rational.
    static func powerOfTwo(_ e: Int) -> Rational {
        e >= 0 ? Rational(BigInt(1) << e) : Rational(BigInt(1), BigInt(1) << -e)
    }
}
