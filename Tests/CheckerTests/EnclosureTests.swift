import BigInt
import Foundation
import Testing

@testable import Checker
@testable import Oracle

/// ``Enclosure``'s one promise, checked against exact rationals [D]: the exact result of an operation on
/// members of the operands is a member of the result (here: on the endpoints, 2000 seeded pairs of
/// mixed signs and magnitudes), and a rational's enclosure contains it.
@Suite struct EnclosureTests {
    static func contains(_ e: Enclosure, _ r: Rational) -> Bool {
        guard let lo = Rational(exactly: e.lo), let hi = Rational(exactly: e.hi) else { return e.lo <= e.hi }
        return lo <= r && r <= hi
    }

    @Test("+, -, *, / of point enclosures contain the exact results (2000 seeded pairs)")
    func operationsContainExactResults() {
        var rng = SplitMix64(seed: 41)
        for k in 0..<2000 {
            let a = rng.symmetric() * Double(sign: .plus, exponent: rng.below(80) - 40, significand: 1)
            let b = rng.symmetric() * Double(sign: .plus, exponent: rng.below(80) - 40, significand: 1)
            guard let ra = Rational(exactly: a), let rb = Rational(exactly: b), b != 0 else { continue }
            let ea = Enclosure(lo: a, hi: a)
            let eb = Enclosure(lo: b, hi: b)
            #expect(Self.contains(ea + eb, ra + rb), "\(k): \(a) + \(b)")
            #expect(Self.contains(ea - eb, ra - rb), "\(k): \(a) - \(b)")
            #expect(Self.contains(ea * eb, ra * rb), "\(k): \(a) * \(b)")
            #expect(Self.contains(ea / eb, ra / rb), "\(k): \(a) / \(b)")
        }
    }

    @Test("a rational's enclosure contains it (1/3, -2/7, 10^-30, 2^60 + 1); an exact double is a point")
    func rationalEnclosures() {
        let values: [Rational] = [
            Rational(1) / Rational(3), Rational(-2) / Rational(7), Rational(1) / Rational(BigInt(10).power(30)),
            Rational(BigInt(1) << 60 + 1),
        ]
        for r in values { #expect(Self.contains(Enclosure(r), r), "\(r)") }
        let half = Enclosure(Rational(1) / Rational(2))
        #expect(half.lo == 0.5 && half.hi == 0.5)
        #expect(Enclosure(lo: 1, hi: 2).certainSign == 1 && Enclosure(lo: -1, hi: 2).certainSign == 0)
    }
}
