import BigInt
import Foundation
import Testing

@testable import Oracle

/// The pinned-face shortcut of the leximin solver (``PinnedFace``; the argument is [D], derived in
/// its doc comment, not a theorem of the papers). Expected levels come from the plain path, one
/// certified LP per stage, which the shortcut replaces; the negative controls are faces that are
/// not a point and forged certificates.
@Suite struct PinnedFaceTests {
    @Test("pinned and stage-by-stage leximin give the same levels; the checker accepts both (l1, linf; 16 random sets)")
    func pinnedEqualsStages() throws {
        var pins = 0
        for trial in 0..<8 {
            let seed = TestSeeds.seed(trial, 901)
            let data = RandomDatasets.planted(
                n: 16 + 6 * trial, d: 2 + trial % 5, margin: trial % 2 == 0 ? 0.05 : 0, seed: seed)
            for norm in [Norm.l1, .linf] {
                let pinned = try LexicographicMaxMargin.solve(data, norm: norm, directLimit: nil, pinning: true)
                let staged = try LexicographicMaxMargin.solve(data, norm: norm, directLimit: nil, pinning: false)
                #expect(staged.pinned == nil)
                #expect(pinned.margins == staged.margins, "seed \(seed) \(norm)")
                #expect(pinned.levels.map(\.value) == staged.levels.map(\.value), "seed \(seed) \(norm)")
                #expect(
                    pinned.levels.map { $0.points.sorted() } == staged.levels.map { $0.points.sorted() },
                    "seed \(seed) \(norm)")
                #expect(LexicographicChecker.problems(pinned, data: data).isEmpty, "seed \(seed) \(norm)")
                #expect(LexicographicChecker.problems(staged, data: data).isEmpty, "seed \(seed) \(norm)")
                if let pin = pinned.pinned {
                    pins += 1
                    #expect(
                        pinned.weights == staged.weights,
                        "seed \(seed) \(norm): the pinned point is the only leximin point")
                    #expect(pinned.levels[pin.stages...].allSatisfy { $0.primal == nil && $0.dual == nil })
                }
            }
        }
        // Random data in general position pin after the first stage (measured with bench); the
        // shortcut must at least be exercised here.
        #expect(pins >= 12)
    }

    /// Negative control. z = (1, 0), (1, 1), (2, 3) in linf: the first level 1 blocks only z1 and
    /// leaves the segment w1 = 1, w2 in [0, 1], not a point. The first stage's dual cannot pin it
    /// (a pin forged from it is rejected), and the solver goes on with LPs: levels 1, 2, 5 at w = (1, 1).
    @Test("a face that is not a point is not pinned, and a pin forged on it is rejected")
    func segmentIsNotPinned() throws {
        let data = try Dataset(signedPoints: [[1, 0], [1, 1], [2, 3]])
        let s = try LexicographicMaxMargin.solve(data, norm: .linf)
        #expect(s.levels.map(\.value) == [.r(1), .r(2), .r(5)])
        #expect(s.weights == [.one, .one])
        let first = s.levels[0]
        let fixed: [Rational?] = [first.value, nil, nil]
        #expect(
            PinnedFace.find(
                data.signedPoints, norm: .linf, fixed: fixed, point: first.primal!, weights: first.dual!, stages: 1)
                == nil)
        let tail = PinnedFace.levels(data.signedPoints, free: [1, 2], point: first.primal!)
        for prime in ModularRank.primes {
            let forged = PinnedFace(stages: 1, point: first.primal!, weights: first.dual!, prime: prime)
            #expect(!LexicographicChecker.problems([first] + tail, pinned: forged, norm: .linf, data: data).isEmpty)
        }
    }

    @Test(
        "the checker rejects forged pins: another modulus, dropped weights, a moved point, a wrong later level, a later level with an LP certificate"
    )
    func forgedPins() throws {
        let data = RandomDatasets.planted(n: 60, d: 4, margin: 0.05, seed: TestSeeds.seed(0, 902))
        for norm in [Norm.l1, .linf] {
            let s = try LexicographicMaxMargin.solve(data, norm: norm)
            let pin = try #require(s.pinned)
            let check = { (levels: [LexicographicLevel], pin: PinnedFace?) in
                LexicographicChecker.problems(levels, pinned: pin, norm: norm, data: data)
            }
            #expect(check(s.levels, pin).isEmpty)
            var modulus = pin
            modulus.prime = 2_147_483_646
            #expect(!check(s.levels, modulus).isEmpty)
            var dropped = pin
            dropped.weights = PointWeights(Array(pin.weights.entries.dropFirst()))
            #expect(!check(s.levels, dropped).isEmpty)
            var moved = pin
            moved.point[0] = moved.point[0] * Rational(BigInt(999), BigInt(1000))
            #expect(!check(s.levels, moved).isEmpty)
            var levels = s.levels
            levels[pin.stages + 1].value = levels[pin.stages + 1].value + Rational(BigInt(1), BigInt(1) << 80)
            #expect(!check(levels, pin).isEmpty)
            var certified = s.levels
            certified[pin.stages].primal = pin.point
            #expect(!check(certified, pin).isEmpty)
            #expect(!check(s.levels, nil).isEmpty, "without the pin the later levels are unproven")
        }
    }

    @Test("a solution document with a pin survives JSON and verifies; a tampered pin or a dropped pin does not")
    func documentRoundTrip() throws {
        let data = RandomDatasets.planted(n: 80, d: 4, margin: 0.05, seed: TestSeeds.seed(1, 902))
        var doc = SolutionDocument(try MaxMarginSolver.solve(data, norm: .l1), data: data)
        doc.attach(try LexicographicMaxMargin.solve(data, norm: .l1))
        #expect(doc.lexicographicPinned != nil)
        let decoded = try JSONDecoder().decode(SolutionDocument.self, from: doc.encoded())
        #expect(decoded == doc)
        #expect(decoded.problems().isEmpty)
        var tampered = decoded
        tampered.lexicographicPinned!.stages += 1
        #expect(!tampered.problems().isEmpty)
        var dropped = decoded
        dropped.lexicographicPinned = nil
        #expect(!dropped.problems().isEmpty)
    }

    @Test(
        "rank modulo a prime equals the exact rank on random integer and dyadic matrices; residues of doubles are exact"
    )
    func modularRank() {
        var g = SplitMix64(seed: TestSeeds.seed(0, 903))
        for _ in 0..<60 {
            let rows = 1 + g.below(6)
            let columns = 1 + g.below(6)
            let rank = 1 + g.below(min(rows, columns))
            // rows x rank times rank x columns: rank at most `rank`, exact rank computed over Q.
            let a = (0..<rows).map { _ in (0..<rank).map { _ in Double(g.below(7)) - 3 } }
            let b = (0..<rank).map { _ in (0..<columns).map { _ in g.symmetric(bits: 4) } }
            let m = a.map { row in (0..<columns).map { j in (0..<rank).reduce(0.0) { $0 + row[$1] * b[$1][j] } } }
            #expect(ModularRank.rank(m, prime: ModularRank.primes[0]) == Self.exactRank(m), "\(m)")
        }
        let p = ModularRank.primes[0]
        #expect(ModularRank.residue(0.5, p) * 2 % p == 1)
        #expect(ModularRank.residue(-3, p) == p - 3)
        #expect(ModularRank.residue(0x1p-1074, p) * ModularRank.power(2, 1074, p) % p == 1)
        #expect(ModularRank.residue(0x1p100 * 3, p) == 3 * ModularRank.power(2, 100, p) % p)
    }

    @Test("point weights: sparse JSON round trip, the dense format still reads, malformed weights are named")
    func pointWeights() throws {
        let w = PointWeights([
            (point: 5, weight: .r(2)), (point: 1, weight: Rational(BigInt(1), BigInt(3))), (point: 3, weight: .zero),
        ])
        #expect(w.points == [1, 5])
        #expect(w[5] == .r(2) && w[3] == .zero && w[0] == .zero)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(w)
        #expect(String(decoding: json, as: UTF8.self) == #"[{"point":1,"weight":"1\/3"},{"point":5,"weight":"2"}]"#)
        #expect(try JSONDecoder().decode(PointWeights.self, from: json) == w)
        let dense = try JSONDecoder().decode(PointWeights.self, from: Data(#"["0", "1/3", "0", "0", "0", "2"]"#.utf8))
        #expect(dense == w)
        #expect(w.problem(count: 6) == nil)
        #expect(w.problem(count: 5) != nil)
        let unsorted = try JSONDecoder().decode(
            PointWeights.self, from: Data(#"[{"point":5,"weight":"1"},{"point":1,"weight":"1"}]"#.utf8))
        #expect(unsorted.problem(count: 6) != nil)
        let negative = try JSONDecoder().decode(PointWeights.self, from: Data(#"[{"point":1,"weight":"-1"}]"#.utf8))
        #expect(negative.problem(count: 6) != nil)
    }

    /// Rank over the rationals by Gaussian elimination in exact arithmetic.
    static func exactRank(_ m: [[Double]]) -> Int {
        var a = m.map { $0.map { Rational(exactly: $0)! } }
        var rank = 0
        for c in 0..<(a.first?.count ?? 0) where rank < a.count {
            guard let pivot = (rank..<a.count).first(where: { !a[$0][c].isZero }) else { continue }
            a.swapAt(rank, pivot)
            for r in (rank + 1)..<a.count where !a[r][c].isZero {
                let f = a[r][c] / a[rank][c]
                for j in c..<a[r].count { a[r][j] = a[r][j] - f * a[rank][j] }
            }
            rank += 1
        }
        return rank
    }
}
