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

    @Test("bad deep-feature lists are refused")
    func badFeatures() {
        for f in [[], [3], [0, 0], [-1]] {
            #expect(throws: OracleError.self) {
                try EnsembleOracle.linearPlusDiagonal(ReferenceData.d3, deepFeatures: f)
            }
        }
    }
}
