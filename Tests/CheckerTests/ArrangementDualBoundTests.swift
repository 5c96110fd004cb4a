import BigInt
import Foundation
import Testing

@testable import Checker
@testable import Oracle

/// The exact dual bound in any dimension (``ArrangementDualBound``, used for d = 4 and 5) against routes
/// that share none of its filter or enumeration [D]: the plane's arc-by-arc bound and the sphere's
/// ``SphereDualBound`` on the same data; data of lower dimension lifted into R^4 and R^5 (then `g` depends
/// on the first coordinates only and is positively homogeneous, so its maximum over the sphere is the
/// lower dimension's); the value attained exactly at the returned direction; and no direction found by
/// sampling and local ascent beating it.
@Suite struct ArrangementDualBoundTests {
    typealias Instance = (x: [[Rational]], y: [Rational], lambda: [Rational], alpha: Rational)

    static func instance(seed: UInt64, dimension d: Int, grid: Int = 9) -> (
        x: [[Rational]], y: [Rational], lambda: [Rational], alpha: Rational
    ) {
        var rng = SplitMix64(seed: seed)
        let n = d + 1 + rng.below(8)
        var x: [[Rational]] = []
        while x.count < n {
            let p = (0..<d).map { _ in Rational(rng.below(grid) - grid / 2) }
            if !p.allSatisfy(\.isZero) { x.append(p) }
        }
        if rng.below(3) == 0 { x.append(x[0]) }
        if rng.below(3) == 0 { x.append(x[1].map { $0 * Rational(-2) }) }
        let y = x.indices.map { _ in rng.below(2) == 0 ? Rational.one : -Rational.one }
        var lambda = [Rational](repeating: .zero, count: x.count)
        for _ in 0..<(2 + rng.below(8)) { lambda[rng.below(x.count)] += Rational(1 + rng.below(9)) }
        let total = lambda.reduce(.zero, +)
        lambda = lambda.map { $0 / total }
        let alpha = [Rational.zero, Rational(1) / Rational(10), Rational(1) / Rational(2)][rng.below(3)]
        return (x, y, lambda, alpha)
    }

    /// The lower dimensions' own exact bounds: (seeds, instance, bound, name) for d = 2 and d = 3.
    static var lowerDimensions: [(Int, (UInt64) -> Instance, (Instance) -> Rational, String)] {
        [
            (
                40, TwoLayerDualBoundTests.instance, { TwoLayerChecker.maxSquaredDualFunction($0.2, $0.0, $0.1, $0.3) },
                "plane"
            ),
            (60, SphereDualBoundTests.instance3, { SphereDualBound.maxSquared($0.2, $0.0, $0.1, $0.3) }, "sphere"),
        ]
    }

    @Test(
        "d = 2, 3: the plane's arc-by-arc bound (40 seeds), the sphere's face by face (60, copied and doubled points)")
    func agreesWithLowerDimensions() {
        for (seeds, instance, bound, name) in Self.lowerDimensions {
            for seed in UInt64(1)...UInt64(seeds) {
                let (x, y, lambda, alpha) = instance(seed)
                let expected = bound((x, y, lambda, alpha))
                let any = ArrangementDualBound.maxSquared(lambda, x, y, alpha)
                #expect(any == expected, "\(name), seed \(seed): arrangement \(any), \(name) \(expected)")
            }
        }
    }

    @Test("R^3 data lifted into R^4 and R^5 (zero and permuted coordinates): the sphere's bound (15 seeds)")
    func liftedDataAgree() {
        for seed in UInt64(1)...15 {
            let (x, y, lambda, alpha) = SphereDualBoundTests.instance3(seed: seed)
            let sphere = SphereDualBound.maxSquared(lambda, x, y, alpha)
            let lifts: [([Rational]) -> [Rational]] = [
                { [$0[0], $0[1], $0[2], .zero] }, { [.zero, $0[2], $0[0], $0[1]] },
                { [$0[1], .zero, $0[0], .zero, $0[2]] },
            ]
            for (k, lift) in lifts.enumerated() {
                let any = ArrangementDualBound.maxSquared(lambda, x.map(lift), y, alpha)
                #expect(any == sphere, "seed \(seed), lift \(k): arrangement \(any), sphere \(sphere)")
            }
        }
    }

    @Test("d = 4, 5: the filter's answer is the all-exact enumeration's (12 seeds, grid and spread data)")
    func filterAgreesWithExactEnumeration() {
        for seed in UInt64(1)...12 {
            let d = 4 + Int(seed % 2)
            let (x, y, lambda, alpha) = Self.instance(seed: seed, dimension: d, grid: seed % 3 == 0 ? 3 : 1001)
            let filtered = ArrangementDualBound.best(lambda, x, y, alpha, keep: 1).first?.value
            let exact = ArrangementDualBound.best(lambda, x, y, alpha, keep: 1, exactOnly: true).first?.value
            #expect(
                filtered == exact,
                "seed \(seed), d = \(d): filtered \(String(describing: filtered)), exact \(String(describing: exact))")
        }
    }

    @Test("d = 4, 5: attained at its direction, and no sampled or locally ascended direction beats it (30 seeds)")
    func attainedAndNotBeaten() {
        for seed in UInt64(1)...30 {
            let d = 4 + Int(seed % 2)
            let (x, y, lambda, alpha) = Self.instance(seed: seed, dimension: d, grid: seed % 3 == 0 ? 5 : 1001)
            guard let top = ArrangementDualBound.best(lambda, x, y, alpha, keep: 1).first else {
                Issue.record("seed \(seed): no candidate")
                continue
            }
            let u = top.direction
            let gu = TwoLayerDualBoundTests.g(u, lambda, x, y, alpha)
            #expect(gu * gu == top.value * TwoLayerChecker.dot(u, u), "seed \(seed): not attained at its direction")
            // Local ascent of |g| on the sphere from seeded random starts, in doubles; the end point is
            // evaluated exactly.
            var rng = SplitMix64(seed: seed &* 7919)
            let xd = x.map { $0.map(\.doubleValue) }
            let wd = lambda.indices.map { (lambda[$0] * y[$0]).doubleValue }
            let a = alpha.doubleValue
            for _ in 0..<40 {
                var v = (0..<d).map { _ in rng.unit() - 0.5 }
                for _ in 0..<200 {
                    var grad = [Double](repeating: 0, count: d)
                    var gv = 0.0
                    for n in xd.indices where wd[n] != 0 {
                        let s = zip(v, xd[n]).reduce(0) { $0 + $1.0 * $1.1 }
                        let slope = s >= 0 ? 1 : a
                        gv += wd[n] * slope * s
                        for j in 0..<d { grad[j] += wd[n] * slope * xd[n][j] }
                    }
                    let norm = v.map { $0 * $0 }.reduce(0, +).squareRoot()
                    v = (0..<d).map { v[$0] / norm + 0.05 * (gv >= 0 ? 1 : -1) * grad[$0] }
                }
                let exact = v.map { Rational(exactly: $0)! }
                let gv = TwoLayerDualBoundTests.g(exact, lambda, x, y, alpha)
                #expect(
                    gv * gv <= top.value * TwoLayerChecker.dot(exact, exact),
                    "seed \(seed): a direction beats the bound")
            }
        }
    }
}

extension ArrangementDualBoundTests {
    /// [D] x = (a, 0), (0, a) with a = 2^40, weights 1/2, labels +1, -1, alpha = 1/2: on the face (+, -)
    /// `g(u) = (a/2)(u1 - u2/2)`, attained, so max g^2 = (a/2)^2 (1 + 1/4) = 5/16 a^2; the ray (0, +) attains
    /// only a^2/4. With an attained lower face evaluated first, the exact phase must go on while a pending
    /// face's bound, in the enclosures' units 4^-shift, can still beat it (shift = 41 here).
    @Test("the exact phase compares bounds in the right units: a lower face first still gives 5/16 a^2")
    func exactPhaseUnits() {
        let a = Rational(BigInt(1) << 40)
        let x = [[a, .zero], [.zero, a]]
        let lambda = [Rational(1) / Rational(2), Rational(1) / Rational(2)]
        let y = [Rational.one, -Rational.one]
        let alpha = Rational(1) / Rational(2)
        let expected = Rational(5) / Rational(16) * a * a
        #expect(ArrangementDualBound.maxSquared(lambda, x, y, alpha) == expected)
        let arrangement = PlaneArrangement(lambda, x, y, alpha, dimension: 2)
        var search = ArrangementSearch<Enclosure>(arrangement, keep: 1)
        #expect(search.shift > 0)
        search.enumerate()
        search.pending.append((hi: .infinity, pattern: [0, 1], zeros: [0]))
        search.finish()
        let found = search.results.first.map { $0.value * arrangement.unscale }
        #expect(found == expected, "\(String(describing: found))")
    }

    /// A face whose maximizer the enclosures cannot place (its side of a plane undecided) is queued for the
    /// exact phase but does not count as attained: raising the threshold with it could drop the true maximum.
    @Test("an undecided closure queues the face without raising the threshold")
    func undecidedClosureIsNotAttained() {
        let arrangement = PlaneArrangement([.one], [[.one, .zero]], [.one], .zero, dimension: 2)
        var search = ArrangementSearch<Enclosure>(arrangement, keep: 1)
        let undecided = Enclosure(lo: -1e-20, hi: 1e-20)
        search.consider([1, 1], [undecided, Enclosure(lo: 1, hi: 1)], Enclosure(lo: 1, hi: 1), [])
        #expect(search.pending.count == 1)
        #expect(search.lows.isEmpty && search.threshold == 0, "\(search.lows)")
    }
}
