import BigInt
import Testing

@testable import Oracle

/// `Rational.squareRootDouble(numerator:denominator:)` (integers not in lowest terms, no gcd) against
/// `Rational.squareRootDouble` (lowest terms, tested against closed forms in `RationalTests`), bit for
/// bit, on seeded random ratios of 1 to 3000 bits, common factors, perfect squares and exact ties.
@Suite struct SquareRootOfRatioTests {
    static func big(_ bits: Int, _ rng: inout SplitMix64) -> BigInt {
        var v = BigInt(0)
        for _ in 0..<((bits + 63) / 64) { v = (v << 64) + BigInt(rng.next()) }
        v = v >> max(((bits + 63) / 64) * 64 - bits, 0)
        return v == 0 ? 1 : v
    }

    @Test("equal to the lowest-terms rounding on 3000 seeded ratios, squares, common factors and ties")
    func agreesWithLowestTerms() {
        var rng = SplitMix64(seed: 20_261_128)
        for i in 0..<3000 {
            var n = Self.big(1 + rng.below(3000), &rng)
            var m = Self.big(1 + rng.below(3000), &rng)
            switch i % 4 {
            case 1:  // a perfect square ratio, times a common factor
                let c = Self.big(1 + rng.below(500), &rng)
                (n, m) = (n * n * c, m * m * c)
            case 2:  // an exact midpoint between adjacent doubles, squared: the tie rule decides
                let a = Double(sign: .plus, exponent: rng.below(40) - 20, significand: 1 + rng.unit())
                let mid = (Rational(exactly: a)! + Rational(exactly: a.nextUp)!) / Rational(2)
                let c = Self.big(1 + rng.below(200), &rng)
                (n, m) = (mid.numerator * mid.numerator * c, mid.denominator * mid.denominator * c)
            case 3:  // ratios near 1 (the unit directions of wide data)
                m = n + Self.big(1 + rng.below(64), &rng)
            default: break
            }
            let fast = Rational.squareRootDouble(numerator: n, denominator: m)
            let reference = Rational(n, m).squareRootDouble
            #expect(fast.bitPattern == reference.bitPattern, "case \(i): \(fast) != \(reference) for \(n) / \(m)")
        }
        #expect(Rational.squareRootDouble(numerator: 0, denominator: 7) == 0)
        #expect(Rational.squareRootDouble(numerator: 8, denominator: 2) == 2)
    }
}
