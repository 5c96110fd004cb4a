import Foundation
import Testing

@testable import Oracle

/// The swept pricing of the two-layer oracle (above ``TwoLayerMaxMargin/sweepAbove`` points) against
/// the direct evaluation of `g_lambda` on every arc, and the larger data it makes certifiable.
@Suite struct TwoLayerPricingTests {
    /// XOR-like data in the plane (labels `sign(x1 x2)`) from our seeded generator.
    static func xor(_ n: Int, seed: UInt64) throws -> Dataset { try RandomDatasets.xor(n: n, seed: seed) }

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

    @Test("400 XOR points at leak 0 and 0.1: certified to 1e-9 by the dual-form rounds and the stall rule")
    func fourHundredPointsAreCertified() throws {
        for (leak, seed) in [(0.1, UInt64(3)), (0.0, UInt64(4))] {
            let data = try Self.xor(400, seed: seed)
            let s = try TwoLayerMaxMargin.solve(data, leak: leak)
            #expect(s.relativeGap < 1e-9 && s.lower > 0, "leak \(leak), seed \(seed): gap \(s.relativeGap)")
            #expect(TwoLayerChecker.verify(s.certificate, against: data).valid)
        }
    }

    /// [D] LP duality, exactly: the dual form (``TwoLayerMaxMargin/dualMasterProgram(_:_:_:_:)``) has the
    /// primal form's optimum, and the primal basis complementary to an exactly optimal dual basis
    /// (``TwoLayerMaxMargin/primalBasis(fromDual:points:directions:)``) is exactly optimal with the same
    /// objective. The dual bases come from GLPK's float rounds; the test requires that at least one of
    /// them is exactly optimal, so it cannot pass vacuously.
    @Test("the dual-form master: the same exact optimum, and the complementary primal basis is exactly optimal")
    func dualFormAndComplementaryBasis() throws {
        var exactlyOptimal = 0
        for seed in UInt64(1)...6 {
            let data = try Self.xor(80, seed: seed)
            var rng = SplitMix64(seed: seed &+ 50)
            let directions = (0..<(6 + Int(seed))).map { _ in
                let t = 2 * Double.pi * rng.unit()
                return [cos(t), sin(t)]
            }
            let (x, y) = (data.points, data.labels)
            let primal = TwoLayerMaxMargin.masterProgram(x, y, 0.1, directions)
            let dual = TwoLayerMaxMargin.dualMasterProgram(x, y, 0.1, directions)
            let p = try LPSolve.certifiedOptimum(primal).0
            let d = try LPSolve.certifiedOptimum(dual).0
            #expect(p.objective == d.objective, "seed \(seed): primal \(p.objective), dual \(d.objective)")
            let float = try TwoLayerMaxMargin.restrictedMaster(x, y, 0.1, directions)
            let basis = try #require(float.basis, "seed \(seed): the dual form reports its basis")
            guard let atDual = ExactBasisSolution.compute(dual, basis: basis), atDual.isOptimal else { continue }
            exactlyOptimal += 1
            let complement = TwoLayerMaxMargin.primalBasis(
                fromDual: basis, points: x.count, directions: directions.count)
            let atPrimal = try #require(ExactBasisSolution.compute(primal, basis: complement), "seed \(seed)")
            #expect(atPrimal.isOptimal, "seed \(seed): \(atPrimal.failure ?? "")")
            #expect(atPrimal.objective == atDual.objective, "seed \(seed)")
        }
        #expect(exactlyOptimal >= 1, "no float dual basis was exactly optimal: the complement was never tested")
    }
}
