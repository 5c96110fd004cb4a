import Foundation
import Oracle
import StrictJSON
import Testing

/// Forgeries that change several fields consistently, as a dishonest (or buggy) writer would:
/// a suboptimal witness whose bounds are written honestly must verify, and the same witness
/// dressed up as an exact answer, or a margin outside its proven interval, must not. Single-field
/// forgeries (``ForgeryTests``) cannot produce these, since every field is consistent with the
/// others except the one lie.
@Suite struct CoordinatedForgeryTests {
    /// The genuine document of `data` in `norm`, and the same with its primal witness nudged off
    /// the optimum, every other field rewritten from what that witness proves, honestly.
    static func honestSuboptimal(_ data: Dataset, _ norm: Norm) throws -> (
        genuine: SolutionDocument, honest: SolutionDocument
    ) {
        let genuine = SolutionDocument(try MaxMarginSolver.solve(data, norm: norm), data: data)
        var w = try #require(genuine.certificate.primal)
        let size = w.map(\.magnitude).max() ?? .one
        w[0] = w[0] + size / Rational(64)
        let v = CertificateChecker.verify(
            MarginCertificate(norm: norm, primal: w, dual: genuine.certificate.dual.dense(count: data.count)),
            against: data)
        // The naive reference agrees with the checker on what the nudged witness proves.
        var honest = genuine
        honest.certificate.primal = w
        let naive = try #require(NaiveReference.bounds(honest))
        #expect(naive.lower == v.lower && naive.upper == v.upper)
        #expect(v.valid && v.lower.signum > 0 && v.lower < v.upper, "the nudge must leave a positive, inexact bracket")
        honest.certificate.lower = v.lower
        honest.certificate.exact = false
        honest.certificate.marginExact = nil
        honest.weights = DocumentRounding.unitDirection(w, norm: norm)
        honest.margin = norm == .l2 ? v.lower.squareRootDouble : v.lower.doubleValue
        return (genuine, honest)
    }

    /// The doubles the honest bracket allows as its margin.
    static func interval(_ doc: SolutionDocument) -> (low: Double, high: Double) {
        DocumentRounding.marginInterval(
            lower: doc.certificate.lower, upper: doc.certificate.upper, squared: doc.certificate.squared)
    }

    static let cases: [(String, Dataset, Norm)] =
        Norm.allCases.map { ("D3 \($0.rawValue)", GenuineCorpus.d3, $0) }
        + Norm.allCases.map {
            ("planted \($0.rawValue)", RandomDatasets.planted(n: 9, d: 3, margin: 0.1, bits: 8, seed: 0xF0_4637), $0)
        }

    @Test(
        "an honest non-exact document verifies: a suboptimal witness, its proven bracket, a margin inside it",
        arguments: 0..<6)
    func honestBracketVerifies(_ i: Int) throws {
        let (name, data, norm) = Self.cases[i]
        var (_, honest) = try Self.honestSuboptimal(data, norm)
        #expect(honest.problems().isEmpty, "\(name): \(honest.problems())")
        // Any double of the proven interval may be claimed, the upper end included.
        honest.margin = Self.interval(honest).high
        #expect(honest.problems().isEmpty, "\(name): \(honest.problems())")
    }

    @Test(
        "a suboptimal witness dressed up as exact, a margin outside the bracket, or a separability the bracket does not prove is rejected",
        arguments: 0..<6)
    func dishonestBracketIsRejected(_ i: Int) throws {
        let (name, data, norm) = Self.cases[i]
        let (_, honest) = try Self.honestSuboptimal(data, norm)
        var forgeries: [(String, SolutionDocument)] = []
        var f = honest
        f.certificate.exact = true
        f.certificate.marginExact = SolutionDocument.marginText(norm: norm, value: honest.certificate.lower)
        forgeries.append(("claims its lower bound is exact", f))
        f.certificate.upper = honest.certificate.lower
        forgeries.append(("claims its lower bound is exact, upper forged to match", f))
        f = honest
        f.certificate.marginExact = SolutionDocument.marginText(norm: norm, value: honest.certificate.lower)
        forgeries.append(("non-exact but states margin_exact", f))
        f = honest
        f.margin = Self.interval(honest).high.nextUp
        forgeries.append(("margin 1 ulp above the proven interval", f))
        f.margin = Self.interval(honest).low.nextDown
        forgeries.append(("margin 1 ulp below the proven interval", f))
        f = honest
        f.separable = false
        forgeries.append(("non-exact and claims not separable", f))
        // No primal witness: the proven bracket is [0, upper], so separability is not proven, whatever
        // the (positive) upper bound; every other claim is rewritten to that bracket honestly.
        f = honest
        f.certificate.primal = nil
        f.certificate.lower = .zero
        f.weights = [Double](repeating: 0, count: data.dimension)
        f.margin = 0
        forgeries.append(("has no primal witness (lower bound 0) and claims separable", f))
        for (what, doc) in forgeries {
            #expect(!doc.problems().isEmpty, "\(name): accepted a forgery that \(what)")
            // Through the text too, as a user would hand it to `verify`.
            let text = String(decoding: try JSONCoding.encoder().encode(doc), as: UTF8.self)
            #expect(ForgeryTests.outcome(text) != .accepted, "\(name): \(what)")
        }
    }

    @Test("leximin levels shifted together with their sorted margins and stage values are rejected")
    func shiftedLevelsAreRejected() throws {
        for norm in [Norm.l1, .linf] {
            var doc = SolutionDocument(
                try MaxMarginSolver.solve(GenuineCorpus.zLex, norm: norm), data: GenuineCorpus.zLex)
            doc.attach(try LexicographicMaxMargin.solve(GenuineCorpus.zLex, norm: norm))
            #expect(doc.problems().isEmpty)
            let bump = Rational(1) / Rational(1_000_000)
            var forged = doc
            forged.levels = doc.levels?.map { $0 + bump }
            forged.sortedMargins = doc.sortedMargins?.map { $0 + bump }
            forged.lexicographicCertificate = doc.lexicographicCertificate?.map {
                var l = $0
                l.value = l.value + bump
                return l
            }
            #expect(!forged.problems().isEmpty, "\(norm): shifted levels accepted")
        }
    }

    /// Z_lex in l1: stage 0 blocks points 0 (dual weight) and 1 (blocking certificate) at level 1.
    /// Split into two stages at the same level, each part's certificate is still valid on its own
    /// (checked by hand: the primal, the dual and point 1's blocking certificate all still hold),
    /// so only the rule that levels strictly increase can reject it.
    @Test("a level split into two stages of the same value, each with a valid certificate, is rejected")
    func splitLevelIsRejected() throws {
        var doc = SolutionDocument(try MaxMarginSolver.solve(GenuineCorpus.zLex, norm: .l1), data: GenuineCorpus.zLex)
        doc.attach(try LexicographicMaxMargin.solve(GenuineCorpus.zLex, norm: .l1))
        var stages = try #require(doc.lexicographicCertificate)
        try #require(stages.count == 2 && stages[0].points == [0, 1] && stages[0].blocking.map(\.point) == [1])
        var first = stages[0]
        first.points = [1]
        var second = stages[0]
        second.points = [0]
        second.blocking = []
        stages = [first, second, stages[1]]
        var forged = doc
        forged.lexicographicCertificate = stages
        forged.levels = stages.map(\.value)
        forged.levelPoints = stages.map(\.points)
        let problems = forged.problems()
        #expect(problems.count == 1 && problems[0].contains("does not exceed the previous level"), "\(problems)")
    }

    /// Z_lex in linf: stage 0 fixes points 0 and 2 at level 2, which forces `w_1 = w_2 = 1` and
    /// leaves `w_3` free in [-1, 1] (the leximin answer then puts point 1 at 3). A pin at
    /// `(1, 1, 1/2)` with stage 0's dual meets every normal-cone condition (the combination `z_0`
    /// vanishes on the free coordinate and pushes the saturated ones outward), but its face matrix
    /// `[[0]]` has rank 0, not 1: only the rank test can reject it, and it must, because the
    /// document then claims the later level 5/2 instead of 3.
    @Test("a pin whose face matrix is rank-deficient (the feasible set is a segment) is rejected")
    func rankDeficientPinIsRejected() throws {
        var doc = SolutionDocument(try MaxMarginSolver.solve(GenuineCorpus.zLex, norm: .linf), data: GenuineCorpus.zLex)
        doc.attach(try LexicographicMaxMargin.solve(GenuineCorpus.zLex, norm: .linf))
        let stages = try #require(doc.lexicographicCertificate)
        try #require(stages.count == 2 && stages[0].points == [0, 2] && doc.lexicographicPinned == nil)
        let point = [Rational(1), Rational(1), Rational(1) / Rational(2)]
        var forged = doc
        let later = LexicographicLevel(
            value: Rational(5) / Rational(2), points: [1], primal: nil, dual: nil, blocking: [])
        forged.lexicographicCertificate = [stages[0], later]
        forged.lexicographicPinned = PinnedFace(
            stages: 1, point: point, weights: PointWeights([(point: 0, weight: .one)]), prime: ModularRank.primes[0])
        forged.levels = [stages[0].value, later.value]
        forged.levelPoints = [[0, 2], [1]]
        forged.sortedMargins = [stages[0].value, stages[0].value, later.value]
        forged.weights = DocumentRounding.unitDirection(point, norm: .linf)
        let problems = forged.problems()
        #expect(problems.count == 1 && problems[0].contains("rank"), "\(problems)")
    }

    /// z = (1, 0), (3, 1) in linf: stage 0 reaches level 1 (blocking z_0) on the segment w1 = 1,
    /// w2 in [-1, 1]; the leximin answer puts z_1 at 4 (w = (1, 1)). A pin at (1, -1) with stage 0's
    /// dual {z_0: 1} claims z_1's level is 2: its combination z_0 = (1, 0) is zero on the saturated
    /// coordinate 2, so nothing pins w2 at -1. The normal-cone test must reject it (a saturated
    /// coordinate needs a strictly outward combination); the rank test cannot (no face columns).
    @Test("a pin on a saturated coordinate its weights do not push outward is rejected (linf)")
    func saturatedCoordinateWithoutPushIsRejected() throws {
        let data = try Dataset(signedPoints: [[1, 0], [3, 1]])
        let point = [Rational(1), Rational(-1)]
        let dual = PointWeights([(point: 0, weight: .one)])
        let stage = LexicographicLevel(value: .one, points: [0], primal: point, dual: dual, blocking: [])
        let later = LexicographicLevel(value: Rational(2), points: [1], primal: nil, dual: nil, blocking: [])
        for prime in ModularRank.primes {
            let forged = PinnedFace(stages: 1, point: point, weights: dual, prime: prime)
            let problems = LexicographicChecker.problems([stage, later], pinned: forged, norm: .linf, data: data)
            #expect(problems.contains { $0.contains("saturated") }, "\(problems)")
        }
        // The true answer: z_1 at 4 (w = (1, 1)), from the solver, accepted.
        let s = try LexicographicMaxMargin.solve(data, norm: .linf)
        #expect(s.levels.map(\.value) == [.one, Rational(4)])
        #expect(LexicographicChecker.problems(s, data: data).isEmpty)
    }

    /// The committed fixture reference-D3: its linf leximin answer with the second level and the
    /// sorted margins moved together (consistent with each other, not with the weights).
    @Test("a fixture's leximin levels moved with their sorted margins are rejected at the weights")
    func fixtureLeximinLevelsAreChecked() throws {
        let entry = try #require(GenuineCorpus.entries.first { $0.name == "fixture reference-D3" })
        let root = try StrictJSON.parse(Array(entry.text.utf8)).value
        let lex: [Forger.Step] = [.key("oracle"), .key("lexicographic"), .key("linf")]
        guard case .array(let levels)? = ForgeryTests.node(root, lex + [.key("levels")]),
            case .array(let sorted)? = ForgeryTests.node(root, lex + [.key("sorted_margins")]),
            case .string(let second) = levels[1].value, let value = Rational(parsing: second)
        else {
            Issue.record("reference-D3 has no linf leximin answer with two levels")
            return
        }
        let moved = (value + Rational(1) / Rational(1000)).description
        var forged = Forger.replacing(root, at: (lex + [.key("levels"), .index(1)])[...], with: .string(moved))
        for (i, item) in sorted.enumerated() {
            if case .string(second) = item.value {
                forged = Forger.replacing(
                    forged, at: (lex + [.key("sorted_margins"), .index(i)])[...], with: .string(moved))
            }
        }
        let (_, problems) = try DocumentVerifier.verify(Array(JSONWriter.write(forged).utf8), source: nil)
        #expect(problems.contains { $0.contains("its margin at the weights is not its level") }, "\(problems)")
    }
}
