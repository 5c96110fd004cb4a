import Testing

@testable import Oracle

/// Leximin by exact sequential LPs (SPEC.md 3.2, 7.2). Expected levels are [D]: Z_lex from SPEC.md
/// section 8, the others derived by hand in the comments.
@Suite struct LexicographicTests {
    func levels(_ s: LexicographicSolution) -> [(Rational, [Int])] { s.levels.map { ($0.value, $0.points.sorted()) } }

    @Test("Z_lex, l1: levels 1 -> {1,2}, 2 -> {3}; sorted margins (1,1,2); leximin point (1,0,0)")
    func zLexL1() throws {
        let s = try LexicographicMaxMargin.solve(ReferenceData.zLex, norm: .l1)
        #expect(levels(s).map(\.0) == [.r(1), .r(2)])
        #expect(levels(s).map(\.1) == [[0, 1], [2]])
        #expect(s.sortedMargins == [.r(1), .r(1), .r(2)])
        #expect(s.weights == [.r(1), .zero, .zero])
        #expect(LexicographicChecker.problems(s, data: ReferenceData.zLex).isEmpty)
    }

    /// linf on Z_lex: z1 . w <= 2 and z3 . w = 2 w1 <= 2 in the unit cube, so level 2 blocks {z1, z3};
    /// then w1 = w2 = 1 is forced and z2 . w = 2 + w3 rises to 3.
    @Test("Z_lex, linf: levels 2 -> {1,3}, 3 -> {2}")
    func zLexLinf() throws {
        let s = try LexicographicMaxMargin.solve(ReferenceData.zLex, norm: .linf)
        #expect(levels(s).map(\.0) == [.r(2), .r(3)])
        #expect(levels(s).map(\.1) == [[0, 2], [1]])
        #expect(s.weights == [.one, .one, .one])
    }

    /// z = (1,0), (1,1) in linf: the max-margin set is the face w1 = 1, w2 in [0, 1] (margin 1);
    /// leximin picks the unique point w = (1, 1) with margins (1, 2).
    @Test("a max-margin face with a unique leximin point")
    func faceWithUniqueLeximin() throws {
        let data = try Dataset(signedPoints: [[1, 0], [1, 1]])
        let s = try LexicographicMaxMargin.solve(data, norm: .linf)
        #expect(levels(s).map(\.0) == [.r(1), .r(2)])
        #expect(s.weights == [.one, .one])
        // l1 on the same data: w = (1, 0) gives (1, 1) and nothing can raise z2 without lowering z1.
        let l1 = try LexicographicMaxMargin.solve(data, norm: .l1)
        #expect(l1.sortedMargins == [.r(1), .r(1)])
        #expect(l1.levels.count == 1)
    }

    @Test(
        "randomized: the first level is the max margin, the answer is invariant under point permutations, and the checker accepts it",
        arguments: [Norm.l1, .linf])
    func randomized(_ norm: Norm) throws {
        for i in 0..<40 {
            let seed = TestSeeds.seed(i, 31)
            var g = SplitMix64(seed: seed)
            let data = RandomDatasets.planted(n: 2 + g.below(9), d: 1 + g.below(4), margin: 0.1, bits: 2, seed: seed)
            let s = try LexicographicMaxMargin.solve(data, norm: norm)
            let maxMargin = try MaxMarginSolver.solve(data, norm: norm).marginExact
            #expect(s.levels[0].value == maxMargin, "seed \(seed)")
            #expect(LexicographicChecker.problems(s, data: data).isEmpty, "seed \(seed)")
            let order = Array(data.points.indices.reversed())
            let permuted = try Dataset(points: order.map { data.points[$0] }, labels: order.map { data.labels[$0] })
            let p = try LexicographicMaxMargin.solve(permuted, norm: norm)
            #expect(p.sortedMargins == s.sortedMargins, "seed \(seed)")
            #expect(p.levels.map(\.value) == s.levels.map(\.value), "seed \(seed)")
        }
    }

    @Test("the checker rejects a leximin answer with a forged level or a missing blocking proof")
    func checkerRejectsForgery() throws {
        let s = try LexicographicMaxMargin.solve(ReferenceData.zLex, norm: .l1)
        var forged = s.levels
        forged[1].value = .r(3)
        #expect(!LexicographicChecker.problems(forged, pinned: s.pinned, norm: .l1, data: ReferenceData.zLex).isEmpty)
        var unproven = s.levels
        unproven[0].dual = PointWeights()
        #expect(!LexicographicChecker.problems(unproven, pinned: s.pinned, norm: .l1, data: ReferenceData.zLex).isEmpty)
        var merged = s.levels
        merged[0].points += merged[1].points
        merged.removeLast()
        #expect(!LexicographicChecker.problems(merged, pinned: s.pinned, norm: .l1, data: ReferenceData.zLex).isEmpty)
    }

    @Test("l2 is refused with an explanation (its max-margin solution is unique)")
    func l2Refused() {
        #expect(throws: OracleError.self) { try LexicographicMaxMargin.solve(ReferenceData.d3, norm: .l2) }
    }
}
