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
            let k = 1 + g.below(12), d = 1 + g.below(9)
            let rows = (0..<k).map { _ in (0..<d).map { _ -> Double in
                g.below(5) == 0 ? 0 : (Double(g.next() >> 11) * 0x1p-53 - 0.5) * scales[g.below(scales.count)]
            } }
            let weights = (0..<k).map { _ in Rational(integer(&g, bits: 1 + g.below(300)), BigInt(1 + g.below(1000))) }
            let expected = (0..<d).map { j in (0..<k).reduce(Rational.zero) { $0 + weights[$1] * Rational(exactly: rows[$1][j])! } }
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
            let data = RandomDatasets.planted(n: 600, d: d, margin: trial % 2 == 0 ? 0.05 : 0.0, seed: TestSeeds.seed(trial, 702))
            for norm in [Norm.l1, .linf] {
                let whole = try PolyhedralMaxMargin.solve(data, norm: norm, directLimit: .max)
                let generated = try PolyhedralMaxMargin.solve(data, norm: norm, directLimit: 0)
                #expect(generated.marginExact == whole.marginExact, "trial \(trial) \(norm)")
                let verdict = CertificateChecker.verify(generated.certificate, against: data)
                #expect(verdict.exact && verdict.lower == whole.marginExact, "trial \(trial) \(norm): \(verdict.reason ?? "")")
                #expect(generated.info.iterations >= 1)
            }
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
