import Foundation
import Testing

@testable import Checker
@testable import Oracle

/// The floating-point pricing in R^3 (``SpherePricing``) against the exact maximum of `|g_lambda|` on the
/// sphere (``SphereDualBound``, the checker's enumeration): its best candidate is an attained value, so
/// it can never exceed the exact maximum (beyond rounding), and on generic data (Gaussian points, no
/// three planes through one line) it must find it, or the column generation leans on its exact fallback
/// in every round. Two hand mutants (the arcs dropped; the cells dropped) fail the first test on 15 and
/// 44 of 60 seeds.
@Suite struct SpherePricingTests {
    /// Gaussian points in R^3 with random labels and a random dual on up to 12 of them.
    static func generic(seed: UInt64) -> (x: [[Double]], y: [Double], lambda: [Double], alpha: Double) {
        var rng = SplitMix64(seed: seed)
        // Box-Muller on our own seeded stream.
        func gaussian() -> Double { (-2 * log(1 - rng.unit())).squareRoot() * cos(2 * Double.pi * rng.unit()) }
        let n = 4 + rng.below(20)
        let x = (0..<n).map { _ in (0..<3).map { _ in gaussian() } }
        let y = x.indices.map { _ in rng.below(2) == 0 ? 1.0 : -1.0 }
        var lambda = [Double](repeating: 0, count: n)
        for _ in 0..<(2 + rng.below(11)) { lambda[rng.below(n)] += rng.unit() }
        let total = lambda.reduce(0, +)
        return (x, y, lambda.map { $0 / total }, [0, 0.1, 0.5][rng.below(3)])
    }

    @Test("generic data: the float pricing's best value is the exact maximum to 1e-9 (30 seeds)")
    func findsTheExactMaximum() {
        for seed in 0..<30 as Range<UInt64> {
            let (x, y, lambda, alpha) = Self.generic(seed: seed)
            let best = SpherePricing.candidates(x, y, alpha, lambda).map(\.value).max() ?? 0
            let exact = SphereDualBound.maxSquared(
                lambda.map { Rational(exactly: $0)! }, x.map { $0.map { Rational(exactly: $0)! } },
                y.map { Rational(exactly: $0)! }, Rational(exactly: alpha)!
            ).squareRootDouble
            #expect(abs(best - exact) <= 1e-9 * exact, "seed \(seed): priced \(best), exact \(exact)")
        }
    }

    @Test("degenerate integer data: the priced values never exceed the exact maximum (60 seeds)")
    func neverOverstates() {
        for seed in 0..<60 as Range<UInt64> {
            let (x, y, lambda, alpha) = SphereDualBoundTests.instance3(seed: seed)
            let priced = SpherePricing.candidates(
                x.map { $0.map(\.doubleValue) }, y.map(\.doubleValue), alpha.doubleValue, lambda.map(\.doubleValue))
            let exact = SphereDualBound.maxSquared(lambda, x, y, alpha).squareRootDouble
            let best = priced.map(\.value).max() ?? 0
            #expect(best <= exact * (1 + 1e-12) + 1e-300, "seed \(seed): priced \(best) > exact \(exact)")
        }
    }
}
