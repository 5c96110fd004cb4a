import Testing

@testable import Oracle

/// The depth-sensitive limit of the linear + diagonal ensemble (SPEC.md 3.4 [D], 7.5; C000.4 [A]).
@Suite struct EnsembleTests {
    @Test(
        "D3: the deep part separates alone, so the shallow part must vanish; limit margin gamma1* = 2 at the unique predictor (0,1,0)"
    )
    func d3DeepPartCarriesTheLimit() throws {
        let a = try EnsembleOracle.linearPlusDiagonal(ReferenceData.d3)
        #expect(a.deepSeparates && a.shallowVanishes)
        #expect(a.deepMargin == .r(2))
        #expect(a.predictor == [.zero, .one, .zero])
        #expect(a.predictorUnique)
        #expect(a.shallowMarginSquared == .r(121, 21))
    }

    @Test("a deep part that sees only feature 0 of D3 cannot separate (z_n1 = 2, 0, -2, 1): no vanishing is predicted")
    func deepPartTooWeak() throws {
        let a = try EnsembleOracle.linearPlusDiagonal(ReferenceData.d3, deepFeatures: [0])
        #expect(!a.deepSeparates && !a.shallowVanishes)
        #expect(a.deepMargin == .zero)
        let b = try EnsembleOracle.linearPlusDiagonal(ReferenceData.d3, deepFeatures: [1])
        #expect(b.deepSeparates && b.deepMargin == .r(2))  // z_n2 = 2, 3, 3, 2
    }

    @Test("Z_lex: the l1 optimum is a face, so only the margin value (not a direction) is predicted")
    func faceIsNotUnique() throws {
        let a = try EnsembleOracle.linearPlusDiagonal(ReferenceData.zLex)
        #expect(a.deepMargin == .r(1) && !a.predictorUnique)
        #expect(try MaxMarginSolver.isUnique(ReferenceData.d3, norm: .linf))
        #expect(try !MaxMarginSolver.isUnique(try Dataset(signedPoints: [[1, 0], [1, 1]]), norm: .linf))
    }

    /// Hand-derived [D]: on z1 = (3, -1), z2 = (1, -2) the l1 max margin is max over |a| + |b| = 1 of
    /// min(3a - b, a - 2b); on the face a >= 0 >= b (a = t, b = t - 1) the two are 1 + 2t and 2 - t, equal at
    /// t = 1/3, margin 5/3, while the vertices give 1. The predictor has a negative entry, so a normalization by the
    /// signed sum instead of the l1 norm flips or rescales it.
    @Test(
        "deep predictor with a negative entry: z = (3,-1,5), (1,-2,5) on features {0,1} gives (1/3, -2/3, 0), margin 5/3"
    )
    func predictorWithNegativeEntry() throws {
        let data = try Dataset(signedPoints: [[3, -1, 5], [1, -2, 5]])
        let a = try EnsembleOracle.linearPlusDiagonal(data, deepFeatures: [0, 1])
        #expect(a.deepSeparates && a.deepMargin == .r(5, 3))
        #expect(a.predictor == [.r(1, 3), .r(-2, 3), .zero])
        #expect(a.predictorUnique)
    }

    /// Invariant [D]: the reported predictor has unit l1 norm, is zero off the deep features, and its margin on the
    /// data equals the reported deep margin; checked on seeded random integer data in both signs.
    @Test("the deep predictor has unit l1 norm and attains the deep margin on random integer data (seeded)")
    func predictorIsNormalizedOnRandomData() throws {
        var rng = SplitMix64(seed: 20_261_128)
        var separating = 0
        for trial in 0..<40 {
            let n = 2 + rng.below(5)
            let d = 2 + rng.below(3)
            let points: [[Int]] = (0..<n).map { _ in (0..<d).map { _ in rng.below(13) - 6 } }
            let features = Array(0..<(d - rng.below(2)))
            let data = try Dataset(signedPoints: points.map { $0.map(Double.init) })
            let a = try EnsembleOracle.linearPlusDiagonal(data, deepFeatures: features)
            guard a.deepSeparates else { continue }
            separating += 1
            let l1 = a.predictor.reduce(Rational.zero) { $0 + $1.magnitude }
            #expect(l1 == .one, "trial \(trial): ||predictor||_1 = \(l1) on \(points)")
            #expect(
                features.count == d || a.predictor[d - 1] == .zero, "trial \(trial): weight off the deep features")
            let margin = points.map { z in
                zip(a.predictor, z).reduce(Rational.zero) { $0 + $1.0 * Rational($1.1) }
            }.min()
            #expect(margin == a.deepMargin, "trial \(trial): min margin \(String(describing: margin)) on \(points)")
        }
        #expect(separating >= 10, "only \(separating) of 40 random data sets separable by the deep part")
    }

    @Test("bad deep-feature lists are refused")
    func badFeatures() {
        for f in [[], [3], [0, 0], [-1]] {
            #expect(throws: OracleError.self) {
                try EnsembleOracle.linearPlusDiagonal(ReferenceData.d3, deepFeatures: f)
            }
        }
    }
}
