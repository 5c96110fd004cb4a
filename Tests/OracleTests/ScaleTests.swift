import BigInt
import Testing

@testable import Oracle

/// The machinery that makes the oracle scale (issue 7): Dixon's p-adic lifting, the GMP
/// combination and batched dot kernels, constraint generation for the LPs and the working-set
/// Wolfe. Each is checked against the plain path it replaces; expected values come from that
/// path or from exact rational arithmetic, never from the code under test.
@Suite struct ScaleTests {
    /// Random integers of about `bits` bits (sign random, some zeros).
    private func integer(_ g: inout SplitMix64, bits: Int) -> BigInt {
        if g.below(10) == 0 { return 0 }
        var v = BigInt(0)
        var left = bits
        while left > 0 {
            let take = min(left, 60)
            v = (v << take) + BigInt(g.next() >> UInt64(64 - take))
            left -= take
        }
        return g.below(2) == 0 ? v : -v
    }

    @Test("Dixon's lifting gives Bareiss's exact solution (k 16..40, entries of 1 to 3 words, large right-hand sides)")
    func dixonAgreesWithBareiss() {
        var g = SplitMix64(seed: TestSeeds.seed(0, 701))
        for trial in 0..<24 {
            let k = 16 + g.below(25)
            let bits = [20, 62, 64, 130, 180][trial % 5]
            let rhsBits = trial % 3 == 0 ? 2000 : 40
            let m = (0..<k).map { _ in (0..<k).map { _ in integer(&g, bits: bits) } + [integer(&g, bits: rhsBits)] }
            let bareiss = FastIntegerKernels.bareissSolve(m)
            let dixon = FastIntegerKernels.dixonSolve(m)
            #expect(bareiss != nil, "trial \(trial): random matrix unexpectedly singular")
            #expect(dixon?.rationals == bareiss?.rationals, "trial \(trial), k \(k), \(bits)-bit entries")
        }
    }

    @Test(
        "Dixon at the l2 oracle's sizes: k 50..100, entries at the 63-bit digit edges (2^63 +- 1, 2^126 - 1), huge right-hand sides"
    )
    func dixonDigitEdges() {
        var g = SplitMix64(seed: TestSeeds.seed(3, 701))
        let edges: [BigInt] = [
            (BigInt(1) << 63) - 1, BigInt(1) << 63, (BigInt(1) << 63) + 1, (BigInt(1) << 126) - 1,
            BigInt(1) << 126, (BigInt(1) << 189) - 1,
        ]
        for trial in 0..<3 {
            let k = [50, 75, 100][trial]
            let m = (0..<k).map { r in
                (0..<k).map { c -> BigInt in
                    // A dominant diagonal keeps the random matrix far from singular.
                    let v = g.below(4) == 0 ? edges[g.below(edges.count)] : integer(&g, bits: 100 + g.below(30))
                    let signed = g.below(2) == 0 ? v : -v
                    return r == c ? (BigInt(1) << 200) + signed : signed
                } + [integer(&g, bits: trial == 0 ? 3000 : 64)]
            }
            let dixon = FastIntegerKernels.dixonSolve(m)
            #expect(dixon != nil, "trial \(trial): Dixon declined")
            guard let x = dixon else { continue }
            // A y == den * b, exactly (the kernel also checks this; here independently in BigInt).
            for r in 0..<k {
                let lhs = (0..<k).reduce(BigInt(0)) { $0 + m[r][$1] * x.integers[$1] }
                #expect(lhs == x.denominator * m[r][k], "trial \(trial), row \(r)")
            }
        }
        // Bareiss and Dixon agree at a mid size (Bareiss is slow beyond).
        let k = 40
        let m = (0..<k).map { _ in
            (0..<(k + 1)).map { _ in
                g.below(3) == 0 ? edges[g.below(3)] * BigInt(g.below(2) == 0 ? 1 : -1) : integer(&g, bits: 126)
            }
        }
        #expect(FastIntegerKernels.dixonSolve(m)?.rationals == FastIntegerKernels.bareissSolve(m)?.rationals)
    }

    @Test("dyadic rows are exact and as small as possible; the machine-word Gram equals BigInt dot products")
    func dyadicRowsAndGram() {
        var g = SplitMix64(seed: TestSeeds.seed(4, 701))
        let specials: [Double] = [
            0, -0.0, 1, -1, 0x1p-1074, -0x1p-1074, 0x1p-1022, 0x1.fffffffffffffp1023, 3e-310, 0.1, -0.75,
        ]
        for trial in 0..<40 {
            let d = 1 + g.below(trial < 30 ? 12 : 400)
            let spread = [0, 8, 30, 200, 2000][trial % 5]
            let row = (0..<d).map { _ -> Double in
                if g.below(6) == 0 { return specials[g.below(specials.count)] }
                let v = Double(g.next() >> 11) * 0x1p-53 * (g.below(2) == 0 ? 1 : -1)
                return (v * Double(sign: .plus, exponent: -g.below(spread + 1), significand: 1))
            }
            let dyadic = DyadicRow(row)
            let scale =
                dyadic.exponent >= 0
                ? Rational(BigInt(1) << dyadic.exponent) : Rational(BigInt(1), BigInt(1) << -dyadic.exponent)
            #expect(
                zip(dyadic.integers, row).allSatisfy { Rational($0.0) * scale == Rational(exactly: $0.1)! },
                "trial \(trial)")
            // Factored out as far as possible: not every nonzero integer is even.
            #expect(
                dyadic.integers.allSatisfy(\.isZero)
                    || dyadic.integers.contains { !$0.isZero && $0.magnitude.trailingZeroBitCount == 0 })
            let small = dyadic.integers.allSatisfy { $0.magnitude.bitWidth <= 62 }
            #expect((dyadic.small != nil) == small, "trial \(trial)")
            if let s = dyadic.small { #expect(s.map { BigInt($0) } == dyadic.integers) }
        }
        // Gram: 192-bit sums (|K| near 2^62, d up to 300, both signs) against BigInt.
        for trial in 0..<12 {
            let k = 1 + g.below(9)
            let d = 1 + g.below(trial < 6 ? 10 : 300)
            let top = Int64.max >> 1
            let rows = (0..<k).map { _ in
                (0..<d).map { _ -> Int64 in
                    let v = g.below(3) == 0 ? top - Int64(g.below(3)) : Int64(bitPattern: g.next()) >> 2
                    return trial % 4 == 3 ? abs(v) : v
                }
            }
            let gram = FastIntegerKernels.gram(rows)
            for a in 0..<k {
                for b in 0..<k {
                    let exact = (0..<d).reduce(BigInt(0)) { $0 + BigInt(rows[a][$1]) * BigInt(rows[b][$1]) }
                    #expect(gram[a][b] == exact, "trial \(trial), entry \(a), \(b)")
                }
            }
        }
    }

    @Test("Dixon declines singular systems (Bareiss then decides), and the solver still returns nil")
    func dixonSingular() {
        var g = SplitMix64(seed: TestSeeds.seed(1, 701))
        let k = 20
        var m = (0..<k).map { _ in (0..<(k + 1)).map { _ in integer(&g, bits: 50) } }
        m[7] = (0..<(k + 1)).map { m[3][$0] * 5 - m[11][$0] }  // row 7 = 5 row 3 - row 11, rhs included
        #expect(FastIntegerKernels.dixonSolve(m) == nil)
        #expect(ExactLinearSolver.solveIntegers(m) == nil)
    }

    @Test("GMP combinations and batched dots equal exact rational sums (subnormals, 2^+-1000, zeros)")
    func combinationKernels() {
        var g = SplitMix64(seed: TestSeeds.seed(2, 701))
        let scales: [Double] = [1, 0x1p-1000, 0x1p1000, 0x1p-1074, 3e-310]
        for trial in 0..<20 {
            let k = 1 + g.below(12)
            let d = 1 + g.below(9)
            let rows = (0..<k).map { _ in
                (0..<d).map { _ -> Double in
                    g.below(5) == 0 ? 0 : (Double(g.next() >> 11) * 0x1p-53 - 0.5) * scales[g.below(scales.count)]
                }
            }
            let weights = (0..<k).map { _ in Rational(integer(&g, bits: 1 + g.below(300)), BigInt(1 + g.below(1000))) }
            let expected = (0..<d).map { j in
                (0..<k).reduce(Rational.zero) { $0 + weights[$1] * Rational(exactly: rows[$1][j])! }
            }
            #expect(IntegerVector(weights).combination(of: rows, dimension: d) == expected, "trial \(trial)")
            let v = IntegerVector(expected)
            let dots = rows.map { r in (0..<d).reduce(Rational.zero) { $0 + expected[$1] * Rational(exactly: r[$1])! } }
            #expect(v.dots(rows) == dots, "trial \(trial)")
            #expect(v.squaredNorm == expected.reduce(Rational.zero) { $0 + $1 * $1 })
            #expect(v.l1Norm == expected.reduce(Rational.zero) { $0 + $1.magnitude })
        }
    }

    @Test("constraint generation gives the whole LP's exact optimum (l1, linf; 600 points, d 3..12)")
    func workingSetEqualsWholeLP() throws {
        for trial in 0..<6 {
            let d = [3, 5, 8, 12, 4, 6][trial]
            let data = RandomDatasets.planted(
                n: 600, d: d, margin: trial % 2 == 0 ? 0.05 : 0.0, seed: TestSeeds.seed(trial, 702))
            for norm in [Norm.l1, .linf] {
                let whole = try PolyhedralMaxMargin.solve(data, norm: norm, directLimit: .max)
                let generated = try PolyhedralMaxMargin.solve(data, norm: norm, directLimit: 0)
                #expect(generated.marginExact == whole.marginExact, "trial \(trial) \(norm)")
                let verdict = CertificateChecker.verify(generated.certificate, against: data)
                #expect(
                    verdict.exact && verdict.lower == whole.marginExact,
                    "trial \(trial) \(norm): \(verdict.reason ?? "")")
                #expect(generated.info.iterations >= 1)
            }
        }
    }

    @Test("bounded selection keeps the smallest (value, index) pairs, whatever the order of the offers")
    func boundedSmallest() {
        var g = SplitMix64(seed: TestSeeds.seed(6, 701))
        for trial in 0..<30 {
            let count = g.below(300)
            let capacity = 1 + g.below(40)
            // Few distinct values: many ties, broken by the index.
            let offers = (0..<count).map { (value: Double(g.below(trial % 2 == 0 ? 5 : 1000)) - 2, index: $0) }
                .shuffled(using: &g)
            var heap = BoundedSmallest(capacity: capacity)
            for o in offers { heap.offer(o.value, o.index) }
            let expected = offers.sorted { $0.value != $1.value ? $0.value < $1.value : $0.index < $1.index }.prefix(
                capacity
            ).map(\.index)
            #expect(heap.indicesInOrder() == expected, "trial \(trial)")
            #expect(heap.isEmpty == offers.isEmpty)
        }
    }

    @Test("a trusted warm start is accepted when exactly optimal (one attempt) and repaired through GLPK when not")
    func trustedWarmStart() throws {
        let data = RandomDatasets.planted(n: 300, d: 6, seed: TestSeeds.seed(5, 701))
        for norm in [Norm.l1, .linf] {
            let stage = try PolyhedralPrograms.stage(
                data.signedPoints, 6, norm: norm, free: [], fixed: [Rational?](repeating: nil, count: 300))
            let lp = stage.program
            let (reference, _) = try LPSolve.certifiedOptimum(lp)
            let optimal = try GLPKBackend.solve(lp).basis
            try #require(
                ExactBasisSolution.compute(lp, basis: optimal)?.isOptimal == true,
                "GLPK's basis is expected to be exactly optimal here")
            let (accepted, info) = try LPSolve.certifiedOptimum(lp, warmStart: optimal, trustWarmStart: true)
            #expect(info.attempts == 1 && accepted.objective == reference.objective, "\(norm)")
            // The all-slack basis (t nonbasic free at 0) is not optimal: GLPK must take over.
            var columns = [BasisStatus](repeating: .atLower, count: lp.columnCount)
            columns[lp.columnCount - 1] = .freeNonbasic
            let slack = Basis(rows: [BasisStatus](repeating: .basic, count: lp.rowCount), columns: columns)
            #expect(ExactBasisSolution.compute(lp, basis: slack)?.isOptimal != true)
            let (repaired, again) = try LPSolve.certifiedOptimum(lp, warmStart: slack, trustWarmStart: true)
            #expect(again.attempts >= 2 && repaired.isOptimal && repaired.objective == reference.objective, "\(norm)")
        }
    }

    @Test("leximin stages by constraint generation give the same levels, and the checker accepts them")
    func workingSetLeximin() throws {
        for trial in 0..<2 {
            let data = RandomDatasets.planted(n: 120, d: 3, margin: 0.02, bits: 6, seed: TestSeeds.seed(trial, 703))
            for norm in [Norm.l1, .linf] {
                let whole = try LexicographicMaxMargin.solve(data, norm: norm, directLimit: .max)
                let generated = try LexicographicMaxMargin.solve(data, norm: norm, directLimit: 0)
                #expect(generated.margins == whole.margins, "trial \(trial) \(norm)")
                #expect(LexicographicChecker.problems(generated, data: data).isEmpty)
            }
        }
    }

    @Test("working-set Wolfe reaches the exact l2 optimum on 4000 points (certified), and equals the LP bound chain")
    func workingSetWolfe() throws {
        let data = RandomDatasets.planted(n: 4000, d: 12, seed: TestSeeds.seed(0, 704))
        let l2 = try MaxMarginSolver.solve(data, norm: .l2)
        let verdict = CertificateChecker.verify(l2.certificate, against: data)
        #expect(verdict.exact && verdict.squared)
        #expect(l2.info.repairs == 0)
        // Norm chain with the LP optima (derived: norm inequalities), exactly.
        let l1 = try MaxMarginSolver.solve(data, norm: .l1).marginExact!
        let linf = try MaxMarginSolver.solve(data, norm: .linf).marginExact!
        #expect(l1 * l1 <= l2.marginSquaredExact! && l2.marginSquaredExact! <= linf * linf)
    }
}
