import BigInt
import Foundation
import Testing

@testable import Oracle

@Suite struct RationalTests {
    @Test("every finite double converts exactly: 0.1 is 3602879701896397/2^55")
    func exactConversion() {
        #expect(Rational(exactly: 0.1)!.description == "3602879701896397/36028797018963968")
        #expect(Rational(exactly: -2.5)! == Rational.r(-5, 2))
        #expect(Rational(exactly: 0x1p-1074)!.denominator == BigInt(1) << 1074)
        #expect(Rational(exactly: .nan) == nil)
        #expect(Rational(exactly: -.infinity) == nil)
    }

    @Test("doubleValue inverts the exact conversion on 20000 seeded doubles, subnormals and extremes included")
    func roundTrip() {
        var g = SplitMix64(seed: TestSeeds.seed(0, 1))
        var specials: [Double] = [
            0, -0.0, 1, -1, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 0x1p-1060 * 3,
        ]
        for _ in 0..<20000 {
            let v = Double(bitPattern: g.next())
            if v.isFinite { specials.append(v) }
        }
        for v in specials {
            #expect(Rational(exactly: v)!.doubleValue == v, "round trip of \(v)")
        }
    }

    @Test("doubleValue rounds to nearest, ties to even")
    func correctRounding() {
        #expect(Rational.r(1, 3).doubleValue == 1.0 / 3.0)
        #expect(Rational.r(2, 3).doubleValue == 2.0 / 3.0)
        let twoTo53 = BigInt(1) << 53
        #expect(Rational(twoTo53 + 1).doubleValue == 0x1p53)  // tie -> even (down)
        #expect(Rational(twoTo53 + 3).doubleValue == 0x1p53 + 4)  // tie -> even (up)
        #expect(Rational(BigInt(1) << 1024).doubleValue == .infinity)
        #expect(Rational(BigInt(1), BigInt(1) << 1076).doubleValue == 0)  // below half the smallest subnormal
        #expect(Rational(BigInt(3), BigInt(1) << 1076).doubleValue == 0x1p-1074)  // 0.75 ulp rounds up
        // Random quotients agree with IEEE division, which is correctly rounded.
        var g = SplitMix64(seed: TestSeeds.seed(1, 1))
        for _ in 0..<5000 {
            let a = Double(bitPattern: g.next() >> 2)
            let b = Double(bitPattern: g.next() >> 2)
            guard a.isFinite, b.isFinite, b != 0, (a / b).isNormal else { continue }
            #expect((Rational(exactly: a)! / Rational(exactly: b)!).doubleValue == a / b, "\(a) / \(b)")
        }
    }

    @Test("squareRootDouble is correctly rounded (agrees with IEEE sqrt on doubles)")
    func squareRoot() {
        var g = SplitMix64(seed: TestSeeds.seed(2, 1))
        for _ in 0..<3000 {
            let v = abs(Double(bitPattern: g.next() >> 1))
            guard v.isFinite else { continue }
            #expect(Rational(exactly: v)!.squareRootDouble == v.squareRoot(), "sqrt \(v)")
        }
        #expect(Rational.r(121, 21).squareRootDouble == 2.400396792595916)
    }

    @Test("parsing and printing are inverse; bad strings are refused")
    func parsing() {
        for s in ["0", "-7", "13/4", "-121/21", "36028797018963968"] { #expect(Rational(parsing: s)!.description == s) }
        #expect(Rational(parsing: "2/4")!.description == "1/2")
        for s in ["", "1/0", "a/2", "1.5", "1//2", "/3", "--1"] { #expect(Rational(parsing: s) == nil, "\(s)") }
    }

    @Test("field identities hold exactly on random rationals")
    func fieldIdentities() {
        var g = SplitMix64(seed: TestSeeds.seed(3, 1))
        func random() -> Rational { Rational(BigInt(g.below(2001)) - 1000, BigInt(g.below(999) + 1)) }
        for _ in 0..<500 {
            let a = random()
            let b = random()
            let c = random()
            #expect((a + b) * c == a * c + b * c)
            #expect(a - a == .zero)
            if !b.isZero { #expect(a / b * b == a) }
            #expect((a < b) == ((a - b).signum < 0))
        }
    }
}

@Suite struct ExactLinearSolverTests {
    @Test("random integer systems are solved exactly, by the Swift and the GMP elimination alike")
    func solvesExactly() {
        var g = SplitMix64(seed: TestSeeds.seed(0, 2))
        for trial in 0..<60 {
            let k = 1 + g.below(14)
            let a = (0..<k).map { _ in (0..<k).map { _ in Rational(BigInt(g.below(41)) - 20, BigInt(1 + g.below(3))) } }
            let b = (0..<k).map { _ in Rational(BigInt(g.below(41)) - 20) }
            guard let x = ExactLinearSolver.solve(a, b) else { continue }
            for i in 0..<k {
                let lhs = (0..<k).reduce(Rational.zero) { $0 + a[i][$1] * x[$1] }
                #expect(lhs == b[i], "trial \(trial), row \(i)")
            }
            var m = (0..<k).map { ExactLinearSolver.integerRow(a[$0] + [b[$0]]) }
            let gmp = FastIntegerKernels.bareissSolve(m)
            #expect(ExactLinearSolver.solveIntegerAugmented(&m) == gmp)
        }
    }

    @Test("singular systems return nil")
    func singular() {
        let a: [[Rational]] = [[.r(1), .r(2)], [.r(2), .r(4)]]
        #expect(ExactLinearSolver.solve(a, [.r(1), .r(1)]) == nil)
        var big = [[Rational]](repeating: [Rational](repeating: .r(1), count: 10), count: 10)
        big[0][0] = .r(2)
        #expect(ExactLinearSolver.solve(big, [Rational](repeating: .r(1), count: 10)) == nil)
    }

    @Test("GMP gcd and exact quotient agree with BigInt's")
    func kernels() {
        var g = SplitMix64(seed: TestSeeds.seed(1, 2))
        for _ in 0..<200 {
            let a = BigUInt(words: (0..<(1 + g.below(8))).map { _ in UInt(g.next()) })
            let b = BigUInt(words: (0..<(1 + g.below(8))).map { _ in UInt(g.next()) })
            let c = BigUInt(words: (0..<(1 + g.below(6))).map { _ in UInt(g.next()) })
            #expect(FastIntegerKernels.gcd(a * c, b * c) == (a * c).greatestCommonDivisor(with: b * c))
            if !c.isZero { #expect(FastIntegerKernels.exactQuotient(-BigInt(a * c), BigInt(c)) == -BigInt(a)) }
        }
    }

    @Test("decimal parsing agrees with BigInt's on long numbers; the canonical form has one spelling per value")
    func parsing() {
        var g = SplitMix64(seed: TestSeeds.seed(1, 3))
        for trial in 0..<206 {
            // Short numbers, and a few above the divide-and-conquer threshold (720 digits).
            let digits = trial < 200 ? 1 + g.below(120) : [721, 1000, 1441, 2000, 5000, 12345][trial - 200]
            var text = String(1 + g.below(9))
            for _ in 1..<digits { text += String(g.below(10)) }
            let negative = g.below(2) == 0
            let signed = (negative ? "-" : "") + text
            #expect(Rational(parsing: signed) == Rational(BigInt(signed, radix: 10)!))
            #expect(Rational(parsingCanonical: signed)?.description == signed)
        }
        for good in ["0", "7", "-7", "1/2", "-3/4", "123456789012345678901234567891/2"] {
            #expect(Rational(parsingCanonical: good)?.description == good, "\(good)")
        }
        for bad in ["+1", "01", "-0", "2/4", "3/1", "1/-2", "1/0", "", "/", "1/", "1.5", " 1", "0x1", "1//2"] {
            #expect(Rational(parsingCanonical: bad) == nil, "\(bad)")
        }
        #expect(Rational(parsing: "2/4") == Rational(1) / Rational(2) && Rational(parsing: "+1") == .one)
        #expect(Rational(parsing: "1/-2") == Rational(-1) / Rational(2))
    }
}
