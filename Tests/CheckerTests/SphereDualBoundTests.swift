import Foundation
import Testing

@testable import Checker
@testable import Oracle

/// The exact dual bound on the sphere (``SphereDualBound``, data in R^3) against checks that share none
/// of its face enumeration: the plane's exact bound for data lifted into R^3 [D: for `x_n = (p_n, 0)`,
/// `g(u)` depends on `(u_1, u_2)` only and is positively homogeneous, so its maximum over the sphere is
/// the plane's], exact values at directions the data name, and a dense sample of the sphere with the
/// Lipschitz slack `L delta` (`L = sum lambda_n ||x_n||`, `delta` the sample's covering angle).
@Suite struct SphereDualBoundTests {
    static func instance3(seed: UInt64) -> (x: [[Rational]], y: [Rational], lambda: [Rational], alpha: Rational) {
        var rng = SplitMix64(seed: seed)
        let n = 3 + rng.below(10)
        var x: [[Rational]] = []
        while x.count < n {
            let p = (0..<3).map { _ in Rational(rng.below(9) - 4) }
            if !p.allSatisfy(\.isZero) { x.append(p) }
        }
        // A copied point and a doubled one now and then: parallel planes and repeated vertices.
        if rng.below(3) == 0 { x.append(x[0]) }
        if rng.below(3) == 0 { x.append(x[1].map { $0 * Rational(2) }) }
        let y = x.indices.map { _ in rng.below(2) == 0 ? Rational.one : -Rational.one }
        var lambda = [Rational](repeating: .zero, count: x.count)
        for _ in 0..<(1 + rng.below(7)) { lambda[rng.below(x.count)] += Rational(1 + rng.below(9)) }
        let total = lambda.reduce(.zero, +)
        lambda = lambda.map { $0 / total }
        let alpha = [Rational.zero, Rational(1) / Rational(10), Rational(1) / Rational(2)][rng.below(3)]
        return (x, y, lambda, alpha)
    }

    @Test("data in the plane lifted into R^3 (three ways): the same exact bound as the plane's (30 seeds)")
    func liftedPlanarDataAgree() {
        for seed in UInt64(1)...30 {
            let (x, y, lambda, alpha) = TwoLayerDualBoundTests.instance(seed: seed)
            let planar = TwoLayerChecker.maxSquaredDualFunction(lambda, x, y, alpha)
            for lift in [
                { (p: [Rational]) in [p[0], p[1], .zero] }, { [$0[1], .zero, $0[0]] }, { [.zero, $0[0], $0[1]] },
            ] {
                let sphere = SphereDualBound.maxSquared(lambda, x.map(lift), y, alpha)
                #expect(sphere == planar, "seed \(seed): sphere \(sphere), plane \(planar)")
            }
        }
    }

    @Test("exact: no vertex ray, point direction, plane normal or axis beats the bound (60 seeds in R^3)")
    func noExactCandidateBeatsTheBound() {
        for seed in UInt64(1)...60 {
            let (x, y, lambda, alpha) = Self.instance3(seed: seed)
            let bound = SphereDualBound.maxSquared(lambda, x, y, alpha)
            var candidates: [[Rational]] = []
            for i in 0..<3 { candidates.append((0..<3).map { $0 == i ? .one : .zero }) }
            for p in x { candidates.append(p) }
            for p in x { for q in x { candidates.append(SphereDualBound.cross(p, q)) } }
            for c in candidates where !c.allSatisfy(\.isZero) {
                for e in [c, c.map { -$0 }] {
                    var g = Rational.zero
                    for n in x.indices where !lambda[n].isZero {
                        g += lambda[n] * y[n] * TwoLayerChecker.phi(SphereDualBound.dot(e, x[n]), alpha)
                    }
                    #expect(g * g <= bound * SphereDualBound.dot(e, e), "seed \(seed): direction \(e) beats \(bound)")
                }
            }
        }
    }

    @Test("sampled: the bound lies between the best of 40000 directions and that plus the Lipschitz slack (25 seeds)")
    func boundIsTightUpToTheSamplingSlack() {
        let samples = 40_000
        // Fibonacci points: every unit vector is within about sqrt(4 pi / N) of one; twice that is safe.
        let delta = 2 * (4 * Double.pi / Double(samples)).squareRoot()
        let golden = Double.pi * (3 - 5.0.squareRoot())
        let directions = (0..<samples).map { k -> [Double] in
            let z = 1 - 2 * (Double(k) + 0.5) / Double(samples)
            let r = (1 - z * z).squareRoot()
            return [r * cos(golden * Double(k)), r * sin(golden * Double(k)), z]
        }
        for seed in UInt64(1)...25 {
            let (x, y, lambda, alpha) = Self.instance3(seed: seed)
            let bound = SphereDualBound.maxSquared(lambda, x, y, alpha).doubleValue.squareRoot()
            let support = x.indices.filter { !lambda[$0].isZero }
            let xs = support.map { x[$0].map(\.doubleValue) }
            let w = support.map { lambda[$0].doubleValue * y[$0].doubleValue }
            let a = alpha.doubleValue
            var best = 0.0
            for u in directions {
                var s = 0.0
                for (p, c) in zip(xs, w) {
                    let d = u[0] * p[0] + u[1] * p[1] + u[2] * p[2]
                    s += c * (d >= 0 ? d : a * d)
                }
                best = max(best, abs(s))
            }
            let lipschitz = zip(support, xs).reduce(0.0) {
                $0 + lambda[$1.0].doubleValue * ($1.1[0] * $1.1[0] + $1.1[1] * $1.1[1] + $1.1[2] * $1.1[2]).squareRoot()
            }
            let rounding = 1e-12 * max(lipschitz, 1)
            #expect(best <= bound + rounding, "seed \(seed): a sampled direction reaches \(best) > bound \(bound)")
            #expect(
                bound <= best + lipschitz * delta + rounding,
                "seed \(seed): bound \(bound) exceeds the sampled maximum \(best) by more than L delta")
        }
    }
}
