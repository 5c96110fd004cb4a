import Foundation
import Testing

@testable import Checker
@testable import Oracle

/// The two-layer checker's upper bound `max_{||u|| = 1} g_lambda(u)^2` against checks that do not
/// share its arc construction. [D] `g_lambda(u) = sum_n lambda_n y_n phi(u . x_n)` is positively
/// homogeneous, so `g(e)^2 / ||e||^2` for any nonzero `e` is a value on the unit circle, and with
/// `|phi'| <= 1` it is Lipschitz on the circle with constant `L = sum_n lambda_n ||x_n||`.
@Suite struct TwoLayerDualBoundTests {
    static func g(_ u: [Rational], _ lambda: [Rational], _ x: [[Rational]], _ y: [Rational], _ alpha: Rational)
        -> Rational
    {
        var s = Rational.zero
        for n in x.indices where !lambda[n].isZero {
            s += lambda[n] * y[n] * TwoLayerChecker.phi(TwoLayerChecker.dot(u, x[n]), alpha)
        }
        return s
    }

    /// Small integer points (repeats and points on one line included) and a sparse random dual.
    static func instance(seed: UInt64) -> (x: [[Rational]], y: [Rational], lambda: [Rational], alpha: Rational) {
        var rng = SplitMix64(seed: seed)
        let n = 6 + rng.below(20)
        var x: [[Rational]] = []
        while x.count < n {
            let p = [Rational(rng.below(11) - 5), Rational(rng.below(11) - 5)]
            if !(p[0].isZero && p[1].isZero) { x.append(p) }
        }
        let y = x.indices.map { _ in rng.below(2) == 0 ? Rational.one : -Rational.one }
        var lambda = [Rational](repeating: .zero, count: n)
        for _ in 0..<(1 + rng.below(6)) { lambda[rng.below(n)] += Rational(1 + rng.below(9)) }
        let total = lambda.reduce(.zero, +)
        lambda = lambda.map { $0 / total }
        let alpha = [Rational.zero, Rational(1) / Rational(10), Rational(1) / Rational(2)][rng.below(3)]
        return (x, y, lambda, alpha)
    }

    @Test("exact: no perpendicular of any point, no point direction and no axis beats the bound (60 seeds)")
    func noExactCandidateBeatsTheBound() {
        for seed in UInt64(1)...60 {
            let (x, y, lambda, alpha) = Self.instance(seed: seed)
            let bound = TwoLayerChecker.maxSquaredDualFunction(lambda, x, y, alpha)
            var candidates: [[Rational]] = [[.one, .zero], [.zero, .one], [-.one, .zero], [.zero, -.one]]
            for p in x { candidates += [p, [-p[0], -p[1]], [-p[1], p[0]], [p[1], -p[0]]] }
            for e in candidates {
                let v = Self.g(e, lambda, x, y, alpha)
                #expect(v * v <= bound * TwoLayerChecker.dot(e, e), "seed \(seed): direction \(e) beats \(bound)")
            }
        }
    }

    @Test("sampled: the bound lies between the best of 20000 directions and that plus the Lipschitz slack (60 seeds)")
    func boundIsTightUpToTheSamplingSlack() {
        let samples = 20_000
        let delta = Double.pi / Double(samples)  // every direction is within this angle of a sample
        for seed in UInt64(1)...60 {
            let (x, y, lambda, alpha) = Self.instance(seed: seed)
            let bound = TwoLayerChecker.maxSquaredDualFunction(lambda, x, y, alpha).doubleValue.squareRoot()
            let xs = x.map { $0.map(\.doubleValue) }
            let w = lambda.indices.map { lambda[$0].doubleValue * y[$0].doubleValue }
            let a = alpha.doubleValue
            var best = 0.0
            for k in 0..<samples {
                let t = 2 * Double.pi * Double(k) / Double(samples)
                var s = 0.0
                for n in xs.indices where w[n] != 0 {
                    let d = cos(t) * xs[n][0] + sin(t) * xs[n][1]
                    s += w[n] * (d >= 0 ? d : a * d)
                }
                best = max(best, abs(s))
            }
            let lipschitz = lambda.indices.reduce(0.0) {
                $0 + lambda[$1].doubleValue * (xs[$1][0] * xs[$1][0] + xs[$1][1] * xs[$1][1]).squareRoot()
            }
            let rounding = 1e-12 * max(lipschitz, 1)
            #expect(best <= bound + rounding, "seed \(seed): a sampled direction reaches \(best) > bound \(bound)")
            #expect(
                bound <= best + lipschitz * delta + rounding,
                "seed \(seed): bound \(bound) exceeds the sampled maximum \(best) by more than L delta")
        }
    }
}
