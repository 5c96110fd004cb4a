import BigInt
import Foundation
import PropertyBased
import Testing

@testable import Oracle

/// Metamorphic properties of the max-margin oracle on seeded random data: transformations whose
/// effect on gamma* is known exactly [D]. Every comparison is between exact rationals.
///
/// The deterministic loops use fixed seeds (printed in every failure message); the
/// swift-property-based checks at the end explore fresh seeds with shrinking and run only outside
/// CI (CI is derandomized).
@Suite struct MetamorphicTests {
    /// gamma* (l1, linf) or gamma*^2 (l2) as an exact rational.
    static func value(_ data: Dataset, _ norm: Norm) throws -> Rational {
        let s = try MaxMarginSolver.solve(data, norm: norm)
        return norm == .l2 ? s.marginSquaredExact! : s.marginExact!
    }

    /// Random small integer data, separable or not, with its seed.
    static func cases(_ count: Int, salt: UInt64, maxN: Int = 12, maxD: Int = 4) -> [(UInt64, Dataset)] {
        (0..<count).map { i in
            let seed = TestSeeds.seed(i, salt)
            var g = SplitMix64(seed: seed)
            let n = 1 + g.below(maxN)
            let d = 1 + g.below(maxD)
            // Half of the cases are planted-separable, half arbitrary.
            let data =
                i % 2 == 0
                ? RandomDatasets.planted(n: n, d: d, margin: 0.1, bits: 3, seed: seed)
                : RandomDatasets.integerGrid(n: n, d: d, range: 3, seed: seed)
            return (seed, data)
        }
    }

    @Test("permuting points, duplicating points and removing a non-support point leave gamma* unchanged")
    func pointInvariances() throws {
        for (seed, data) in Self.cases(40, salt: 11) {
            for norm in Norm.allCases {
                let s = try MaxMarginSolver.solve(data, norm: norm)
                let base = try Self.value(data, norm)
                let reversed = try Dataset(points: data.points.reversed(), labels: data.labels.reversed())
                #expect(try Self.value(reversed, norm) == base, "seed \(seed) \(norm) permutation")
                let doubled = try Dataset(points: data.points + data.points, labels: data.labels + data.labels)
                #expect(try Self.value(doubled, norm) == base, "seed \(seed) \(norm) duplication")
                if s.status == .separable, let drop = data.points.indices.first(where: { !s.support.contains($0) }),
                    data.count > 1
                {
                    var x = data.points
                    var y = data.labels
                    x.remove(at: drop)
                    y.remove(at: drop)
                    #expect(
                        try Self.value(Dataset(points: x, labels: y), norm) == base,
                        "seed \(seed) \(norm) removal of point \(drop)")
                }
            }
        }
    }

    @Test("coordinate permutations and sign flips leave gamma* unchanged; scaling by 2^k scales it by 2^k")
    func coordinateInvariances() throws {
        for (seed, data) in Self.cases(40, salt: 12) {
            var g = SplitMix64(seed: seed ^ 0xABCDEF)
            let d = data.dimension
            let perm = (0..<d).shuffled(using: &g)
            let flips = (0..<d).map { _ in g.below(2) == 0 ? -1.0 : 1.0 }
            let moved = try Dataset(
                points: data.points.map { p in perm.indices.map { flips[$0] * p[perm[$0]] } }, labels: data.labels)
            let k = g.below(9) - 4
            let c = Double(sign: .plus, exponent: k, significand: 1)
            let scaled = try Dataset(points: data.points.map { $0.map { $0 * c } }, labels: data.labels)
            let factor = Rational(exactly: c)!
            for norm in Norm.allCases {
                let base = try Self.value(data, norm)
                #expect(try Self.value(moved, norm) == base, "seed \(seed) \(norm) permutation/flips")
                let expected = norm == .l2 ? base * factor * factor : base * factor
                #expect(try Self.value(scaled, norm) == expected, "seed \(seed) \(norm) scaling by 2^\(k)")
            }
        }
    }

    @Test(
        "l2 is rotation invariant: the integer rotation-dilation [[3,-4],[4,3]] in a coordinate plane (other coordinates times 5) multiplies gamma2*^2 by 25"
    )
    func rotationInvariance() throws {
        for (seed, data) in Self.cases(40, salt: 13, maxD: 4) where data.dimension >= 2 {
            let rotated = try Dataset(
                points: data.points.map { p in
                    var q = p.map { 5 * $0 }
                    q[0] = 3 * p[0] - 4 * p[1]
                    q[1] = 4 * p[0] + 3 * p[1]
                    return q
                }, labels: data.labels)
            let base = try Self.value(data, .l2)
            #expect(try Self.value(rotated, .l2) == base * .r(25), "seed \(seed)")
        }
    }

    @Test("norm chain gamma1* <= gamma2* <= gamma_inf* <= sqrt(d) gamma2*, and cross-margins never exceed the optimum")
    func normChain() throws {
        for (seed, data) in Self.cases(60, salt: 14, maxN: 20, maxD: 5) {
            let g1 = try Self.value(data, .l1)
            let g2sq = try Self.value(data, .l2)
            let ginf = try Self.value(data, .linf)
            #expect(g1 * g1 <= g2sq, "seed \(seed)")
            #expect(g2sq <= ginf * ginf, "seed \(seed)")
            #expect(ginf * ginf <= Rational(data.dimension) * g2sq, "seed \(seed)")
            // gamma_B(w_A*) <= gamma_B*: re-score each optimum in the other norms.
            for a in Norm.allCases {
                guard let w = try MaxMarginSolver.solve(data, norm: a).certificate.primal else { continue }
                for b in Norm.allCases {
                    let opt = try MaxMarginSolver.solve(data, norm: b)
                    let cross = CertificateChecker.verify(
                        MarginCertificate(norm: b, primal: w, dual: opt.certificate.dual), against: data)
                    #expect(cross.valid && cross.lower <= cross.upper, "seed \(seed) \(a) -> \(b)")
                }
            }
        }
    }

    @Test("planted random data up to 300 x 20 (53-bit coordinates): every answer exact and verified")
    func plantedDataAreCertified() throws {
        for (i, (n, d)) in [(50, 3), (120, 8), (300, 20), (300, 2), (20, 20)].enumerated() {
            let seed = TestSeeds.seed(i, 15)
            let data = RandomDatasets.planted(n: n, d: d, seed: seed)
            for norm in Norm.allCases {
                let s = try MaxMarginSolver.solve(data, norm: norm)
                #expect(s.status == .separable, "seed \(seed) \(n)x\(d) \(norm)")
                #expect(CertificateChecker.verify(s.certificate, against: data).exact, "seed \(seed) \(n)x\(d) \(norm)")
            }
        }
    }

    // MARK: - Exploration with shrinking (local runs only)

    static let gridDatasets = zip(Gen.int(in: 1...3), Gen.int(in: -3...3).array(of: 1...24), Gen.bool.array(of: 24))
        .compactMap { (d: Int, flat: [Int], labels: [Bool]) -> Dataset? in
            let n = flat.count / d
            guard n >= 1 else { return nil }
            return try? Dataset(
                points: (0..<n).map { i in flat[(i * d)..<(i * d + d)].map(Double.init) },
                labels: (0..<n).map { labels[$0] ? 1 : -1 })
        }

    @Test(
        "(exploration) norm chain and certificates on shrinkable integer data",
        .enabled(if: ProcessInfo.processInfo.environment["CI"] == nil), .timeLimit(.minutes(1)))
    func exploreNormChain() async {
        await propertyCheck(count: 100, input: Self.gridDatasets) { data in
            let g1 = try Self.value(data, .l1)
            let g2sq = try Self.value(data, .l2)
            let ginf = try Self.value(data, .linf)
            #expect(g1 * g1 <= g2sq && g2sq <= ginf * ginf && ginf * ginf <= Rational(data.dimension) * g2sq)
            #expect((g1.signum > 0) == (g2sq.signum > 0) && (g2sq.signum > 0) == (ginf.signum > 0))
        }
    }
}

/// Degenerate geometry: many ties, duplicates, points on the optimal face, tiny and huge scales.
/// The oracle must certify every answer exactly (or certify non-separability) - never fail.
@Suite struct DegenerateGeometryTests {
    @Test("ternary grids {-1,0,1}^d with many ties and duplicates are certified in every norm")
    func ternaryGrids() throws {
        for i in 0..<150 {
            let seed = TestSeeds.seed(i, 21)
            var g = SplitMix64(seed: seed)
            let data = RandomDatasets.integerGrid(n: 1 + g.below(40), d: 1 + g.below(6), range: 1, seed: seed)
            // Keep it separable half of the time by flipping labels to a random sign-vector classifier.
            let w = (0..<data.dimension).map { _ in Double(g.below(3)) - 1 }
            let labelled =
                i % 2 == 0
                ? data
                : try Dataset(
                    points: data.points,
                    labels: data.points.map { p in
                        zip(p, w).reduce(0) { $0 + $1.0 * $1.1 } >= 0 ? 1 : -1
                    })
            for norm in Norm.allCases {
                let s = try MaxMarginSolver.solve(labelled, norm: norm)
                #expect(CertificateChecker.verify(s.certificate, against: labelled).exact, "seed \(seed) \(norm)")
            }
        }
    }

    @Test("all points on the optimal face: z_n = e_1 + small integer noise orthogonal to e_1")
    func everyPointTight() throws {
        for i in 0..<40 {
            let seed = TestSeeds.seed(i, 22)
            var g = SplitMix64(seed: seed)
            let d = 2 + g.below(4)
            let n = 1 + g.below(30)
            let z = (0..<n).map { _ in [1.0] + (1..<d).map { _ in Double(g.below(5)) - 2 } }
            let data = try Dataset(signedPoints: z)
            for norm in Norm.allCases {
                let s = try MaxMarginSolver.solve(data, norm: norm)
                #expect(CertificateChecker.verify(s.certificate, against: data).exact, "seed \(seed) \(norm)")
            }
        }
    }

    @Test("coordinates of scale 2^-500 and 2^500 keep their exact optima (scaled by the same power of two)")
    func extremeScales() throws {
        for k in [-500, -100, 100, 500] {
            let c = Double(sign: .plus, exponent: k, significand: 1)
            let data = try Dataset(signedPoints: ReferenceData.d3.points.map { $0.map { $0 * c } })
            let f = Rational(exactly: c)!
            #expect(try MaxMarginSolver.solve(data, norm: .l2).marginSquaredExact == .r(121, 21) * f * f)
            #expect(try MaxMarginSolver.solve(data, norm: .linf).marginExact == .r(13, 4) * f)
            #expect(try MaxMarginSolver.solve(data, norm: .l1).marginExact == .r(2) * f)
        }
    }

    @Test("separable only with margin 2^-40 of the scale: certified positive, exactly")
    func thinMargin() throws {
        let eps = 0x1p-40
        let data = try Dataset(signedPoints: [[1, eps], [-1, eps], [0.5, eps], [-0.25, eps]])
        for norm in Norm.allCases {
            let s = try MaxMarginSolver.solve(data, norm: norm)
            #expect(s.status == .separable)
            #expect(CertificateChecker.verify(s.certificate, against: data).exact)
        }
        #expect(try MaxMarginSolver.solve(data, norm: .linf).marginExact == Rational(exactly: eps)!)
    }
}

extension DegenerateGeometryTests {
    /// Found while hardening the LP layer: rows of size 2^-1000 made GLPK's scaling abort the process
    /// ("glp_set_rii: invalid scale factor"), and a squared margin of 2^-2000 sent the square root's
    /// ulp search on an endless walk from 0. Kept as regression cases.
    @Test(
        "extreme and mixed scales (2^-1000, 1e+-150 in one row, subnormals, 1e308) are certified in every norm",
        arguments: [
            [[0x1p-1000, 0x1p-1001], [0x1p-1000, -0x1p-1002], [0x1p-999, 0]],
            [[1e150, 1e-150], [1e150, -1e-150], [2e150, 3e-150]],
            [[1e150, 1], [1, 1e-150], [3, 2]],
            [[0x1p-1074, 0], [0, 0x1p-1074]],
            [[1.7e308, 1], [1e308, -1]],
        ] as [[[Double]]])
    func extremeScales(_ z: [[Double]]) throws {
        let data = try Dataset(signedPoints: z)
        for norm in Norm.allCases {
            let s = try MaxMarginSolver.solve(data, norm: norm)
            #expect(s.status == .separable)
            #expect(CertificateChecker.verify(s.certificate, against: data).exact)
        }
    }

    @Test("squareRootDouble of tiny and huge rationals (beyond the double range) is correctly rounded")
    func squareRootExtremes() {
        let tiny = Rational(BigInt(1), BigInt(1) << 2000)
        #expect(tiny.squareRootDouble == 0x1p-1000)
        let huge = Rational(BigInt(1) << 2000)
        #expect(huge.squareRootDouble == 0x1p1000)
        #expect(Rational(BigInt(9), BigInt(1) << 2000).squareRootDouble == 3 * 0x1p-1000)
    }
}

extension DegenerateGeometryTests {
    @Test("d much larger than n (5 points in R^60) and n much larger than d (400 points in R^2) are certified")
    func lopsidedShapes() throws {
        for (n, d) in [(5, 60), (400, 2)] {
            let data = RandomDatasets.planted(n: n, d: d, margin: 0.02, bits: 30, seed: TestSeeds.seed(n, 23))
            for norm in Norm.allCases {
                let s = try MaxMarginSolver.solve(data, norm: norm)
                #expect(CertificateChecker.verify(s.certificate, against: data).exact, "\(n) x \(d) \(norm)")
            }
        }
    }
}

extension DegenerateGeometryTests {
    /// Found in session 4 by solving random sets whose coordinates are 1e-200, 1 or 1e200 at random
    /// (every l2 solve from 30 points on failed: the float corral loses the small coordinates and
    /// the exact repair cycles). Kept as a regression case: the float path alone must fail here
    /// (else the case tests nothing), and the exact Wolfe fallback must certify.
    @Test("rows mixing 1e-200, 1 and 1e200: l2 certified through the exact Wolfe fallback, every norm exact")
    func mixedScaleRows() throws {
        var g = SplitMix64(seed: TestSeeds.seed(0, 24))
        let d = 4
        let w = (0..<d).map { _ in Double(g.next() >> 11) * 0x1p-53 - 0.5 }
        var z: [[Double]] = []
        while z.count < 30 {
            let x = (0..<d).map { _ in (Double(g.next() >> 11) * 0x1p-52 - 1) * [1e-200, 1, 1e200][g.below(3)] }
            let s = zip(x, w).reduce(0.0) { $0 + $1.0 * $1.1 }
            guard abs(s) > 1e-9 * x.map(abs).max()! else { continue }
            z.append(s > 0 ? x : x.map { -$0 })
        }
        let data = try Dataset(signedPoints: z)
        let float = MinNormPoint(points: data.signedPoints).solve()
        #expect(
            L2MaxMargin.certify(
                float.corral.sorted(), data.signedPoints, dimension: d, repairLimit: 4 * (d + 2),
                iterations: 0) == nil, "the float corral is repairable: this case no longer tests the fallback")
        for norm in Norm.allCases {
            let s = try MaxMarginSolver.solve(data, norm: norm)
            #expect(s.status == .separable, "\(norm)")
            #expect(CertificateChecker.verify(s.certificate, against: data).exact, "\(norm)")
            #expect(s.weights.allSatisfy { $0.isFinite }, "\(norm)")
        }
    }

    /// Found in session 4 while reviewing the filters: a weight below the normal range is rounded
    /// with an absolute error up to 2^-1075, which the relative error model missed; times a
    /// coefficient 2^1000 that error is 2^-75. Both filters (the solvers' and the checker's, which
    /// are separate code) used to decide these cases wrongly.
    @Test("filters account for weights that underflow: 2^-1080 times 2^1000 is not 0")
    func underflowedWeights() {
        let tiny = Rational(BigInt(1), BigInt(1) << 1080)
        // Exact dot with the row (2^1000, 0) is 2^-80, above the bound 2^-81; the float dot is 0.
        let x = FilteredVector([tiny, Rational(BigInt(1), BigInt(1) << 100)])
        #expect(x.compareDots(dense: [[0x1p1000, 0]], with: Rational(BigInt(1), BigInt(1) << 81)) == [1])
        #expect(x.compareDot([(column: 0, value: 0x1p1000)], with: Rational(BigInt(1), BigInt(1) << 81)) == 1)
        #expect(x.exactArgMin(dense: [[0x1p1000, 0], [0, 1]]).index == 1)
        // The checker: the rows (2^1000, 0) and (0, 1) at w = (2^-1080, 2^-100) have exact slacks
        // 2^-80 and 2^-100; the minimum is the second row's, whose float interval lies above the
        // first row's (a float 0).
        let w = [tiny, Rational(BigInt(1), BigInt(1) << 100)]
        #expect(
            CertificateChecker.exactMinimumSlack([[0x1p1000, 0], [0, 1]], w, IntegerVector(w))
                == Rational(BigInt(1), BigInt(1) << 100))
    }
}

extension DegenerateGeometryTests {
    /// Found in session 4: 3000 points of size 1e-300 sent the l1 solve into `glp_exact` for
    /// minutes (GLPK's absolute tolerances swallow a level of 1e-300, so every float basis failed
    /// the exact check). The stage LPs now run on the points times an exact power of two. Checked
    /// here by scale covariance (derived: gamma*(c X) = c gamma*(X) for c > 0, SPEC.md 7.1), exactly.
    @Test("points of size 2^-996 and 2^996: certified, and exactly 2^-+996 times the unit-scale optimum")
    func farFromUnitScale() throws {
        let base = RandomDatasets.planted(n: 700, d: 4, seed: TestSeeds.seed(1, 24))
        for shift in [-996, 996] {
            let scaled = try Dataset(
                signedPoints: base.signedPoints.map {
                    $0.map { Double(sign: $0.sign, exponent: shift, significand: abs($0)) }
                })
            let factor = shift >= 0 ? Rational(BigInt(1) << shift) : Rational(BigInt(1), BigInt(1) << -shift)
            for norm in [Norm.l1, .linf] {
                let s = try MaxMarginSolver.solve(scaled, norm: norm)
                let unit = try MaxMarginSolver.solve(base, norm: norm)
                #expect(s.marginExact == unit.marginExact! * factor, "\(shift) \(norm)")
                // GLPK sees the same unit-scale LP, so its first basis is as good as at unit scale
                // (measured without the scaling: 3 repairs, every float basis failing the exact
                // check, against 0; at 3000 points the last repair, glp_exact, ran for minutes).
                #expect(s.info.repairs == unit.info.repairs, "\(shift) \(norm)")
                let lex = try LexicographicMaxMargin.solve(scaled, norm: norm)
                #expect(LexicographicChecker.problems(lex, data: scaled).isEmpty, "\(shift) \(norm)")
            }
        }
        // UnitScaling.scaled: nil near unit scale or when a coordinate would not scale exactly.
        #expect(UnitScaling.scaled([[0.5, -3]]) == nil)
        #expect(UnitScaling.scaled([[0x1p100, 0x1p-1074]]) == nil)  // 2^-1174 underflows
        let up = UnitScaling.scaled([[0x1p-1074, -0x1.8p-100]])
        #expect(up?.shift == 100 && up?.rows == [[0x1p-974, -1.5]])
    }
}

extension DegenerateGeometryTests {
    /// Found in session 4 by fuzzing: every coordinate a small multiple of 2^-1074 (subnormal)
    /// crashed the l-infinity leximin. GLPKBackend scales each row by the power of two that brings
    /// its largest entry to 1, and 2^1074 overflowed to infinity (a force-unwrapped nil). The row
    /// scale is now clamped, and the leximin's probe LPs run at unit scale like its stage LPs.
    @Test("all-subnormal data: row scales stay finite, and every norm and the leximin are certified")
    func subnormalData() throws {
        let row: [(column: Int, value: Double)] = [(0, 0x1p-1074), (1, -3 * 0x1p-1074)]
        let lp = LinearProgram(
            maximize: true, objective: [1, 0], columnBounds: [.range(Rational(-1), .one), .range(Rational(-1), .one)],
            rowBounds: [.lower(.zero)], rows: [row])
        #expect(GLPKBackend.rowScales(lp).allSatisfy { $0.isFinite && $0 > 0 })
        #expect(throws: Never.self) { _ = try GLPKBackend.solve(lp) }
        var g = SplitMix64(seed: TestSeeds.seed(2, 24))
        let w = (0..<4).map { _ in Double(g.next() >> 11) * 0x1p-53 - 0.5 }
        var z: [[Double]] = []
        while z.count < 80 {
            let x = (0..<4).map { _ in Double(1 + g.below(1000)) * 0x1p-1074 * (g.below(2) == 0 ? 1 : -1) }
            let s = zip(x, w).reduce(0.0) { $0 + $1.0 * $1.1 / 0x1p-1074 }
            guard s != 0 else { continue }
            z.append(s > 0 ? x : x.map { -$0 })
        }
        let data = try Dataset(signedPoints: z)
        for norm in Norm.allCases {
            let s = try MaxMarginSolver.solve(data, norm: norm)
            #expect(CertificateChecker.verify(s.certificate, against: data).exact, "\(norm)")
            if norm != .l2 {
                let lex = try LexicographicMaxMargin.solve(data, norm: norm)
                #expect(LexicographicChecker.problems(lex, data: data).isEmpty, "\(norm)")
            }
        }
    }
}

extension DegenerateGeometryTests {
    /// The fuzzing of session 4 as a seeded test: data far from unit scale, rows mixing scales,
    /// all-subnormal data and ternary grids, each solved in every norm (and the leximin for l1 and
    /// l-infinity) and checked by the independent checkers. Each failure names its seed and kind.
    @Test("seeded extreme-scale data sets: every norm and the leximin certified, nothing crashes")
    func extremeScaleSweep() throws {
        let kinds = ["tiny", "big", "mixed", "subnormal", "grid"]
        for trial in 0..<10 {
            let seed = TestSeeds.seed(trial, 25)
            var g = SplitMix64(seed: seed)
            let kind = kinds[trial % kinds.count]
            let d = 3 + g.below(2)
            let w = (0..<d).map { _ in Double(g.next() >> 11) * 0x1p-53 - 0.5 }
            var z: [[Double]] = []
            while z.count < 40 {
                let x = (0..<d).map { _ -> Double in
                    let u = Double(g.next() >> 11) * 0x1p-52 - 1
                    switch kind {
                    case "tiny": return u * 1e-300
                    case "big": return u * 1e300
                    case "mixed": return u * [1e-150, 1, 1e150][g.below(3)]
                    case "subnormal":
                        return Double(g.below(2001)) - 1000 == 0
                            ? 0x1p-1074 : (Double(g.below(2001)) - 1000) * 0x1p-1074
                    default: return Double(g.below(3)) - 1
                    }
                }
                let s = zip(x, w).reduce(0.0) { $0 + ($1.0 / (x.map(abs).max()! == 0 ? 1 : x.map(abs).max()!)) * $1.1 }
                guard s != 0, x.contains(where: { $0 != 0 }) else { continue }
                z.append(s > 0 ? x : x.map { -$0 })
            }
            let data = try Dataset(signedPoints: z)
            for norm in Norm.allCases {
                let s = try MaxMarginSolver.solve(data, norm: norm)
                #expect(CertificateChecker.verify(s.certificate, against: data).exact, "seed \(seed), \(kind), \(norm)")
                guard norm != .l2 else { continue }
                let lex = try LexicographicMaxMargin.solve(data, norm: norm)
                #expect(
                    LexicographicChecker.problems(lex, data: data).isEmpty, "seed \(seed), \(kind), \(norm) leximin")
                // The uniqueness LPs (2d of them, on the optimal face) must not fail either, except on
                // rows mixing scales: there GLPK calls the face infeasible (it is feasible, but only
                // just) and no basis is left to pivot from; measured, a known limitation.
                guard kind != "mixed" else { continue }
                do { _ = try MaxMarginSolver.isUnique(data, norm: norm) } catch {
                    Issue.record("seed \(seed), \(kind), \(norm) uniqueness: \(error)")
                }
            }
        }
    }
}
