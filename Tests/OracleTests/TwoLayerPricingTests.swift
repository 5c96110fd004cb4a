import Foundation
import Testing

@testable import Oracle

/// The swept pricing of the two-layer oracle (above ``TwoLayerMaxMargin/sweepAbove`` points) against
/// the direct evaluation of `g_lambda` on every arc, and the larger data it makes certifiable.
@Suite struct TwoLayerPricingTests {
    /// XOR-like data in the plane (labels `sign(x1 x2)`), Gaussian points from our seeded generator.
    static func xor(_ n: Int, seed: UInt64) throws -> Dataset {
        var rng = SplitMix64(seed: seed)
        var points: [[Double]] = []
        var labels: [Double] = []
        while points.count < n {
            let p = [rng.symmetric(), rng.symmetric()]
            guard p[0] * p[1] != 0 else { continue }
            points.append(p)
            labels.append(p[0] * p[1] > 0 ? 1 : -1)
        }
        return try Dataset(points: points, labels: labels)
    }

    @Test("the sweep finds the same best value on every arc as the direct evaluation (random duals, 3 seeds)")
    func sweepAgreesWithDirectPricing() throws {
        for seed in UInt64(1)...3 {
            let data = try Self.xor(200, seed: seed)
            var rng = SplitMix64(seed: seed &+ 100)
            let lambda = data.points.indices.map { _ in rng.unit() }
            for alpha in [0.0, 0.1, 0.5] {
                let swept = TwoLayerMaxMargin.price(data.points, data.labels, alpha, lambda)
                let direct = TwoLayerMaxMargin.directPrice(data.points, data.labels, alpha, lambda)
                #expect(swept.count == direct.count, "seed \(seed), alpha \(alpha)")
                let scale = direct.map(\.value).max() ?? 1
                for (s, d) in zip(swept, direct) {
                    #expect(
                        abs(s.value - d.value) <= 1e-12 * scale && abs(s.direction[0] - d.direction[0]) <= 1e-12
                            && abs(s.direction[1] - d.direction[1]) <= 1e-12,
                        "seed \(seed), alpha \(alpha): swept \(s), direct \(d)")
                }
            }
        }
    }

    @Test("100 XOR points (the swept path): certified to the relative gap 1e-9, the checker proving the same bracket")
    func largerDataAreCertified() throws {
        let data = try Self.xor(100, seed: 7)
        let s = try TwoLayerMaxMargin.solve(data, leak: 0.1)
        #expect(s.relativeGap < 1e-9 && s.lower > 0)
        let verdict = TwoLayerChecker.verify(s.certificate, against: data)
        #expect(verdict.valid && verdict.lower == s.lowerExact && verdict.upperSquared == s.upperSquaredExact)
    }
}
