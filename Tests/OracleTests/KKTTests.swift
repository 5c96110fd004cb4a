import Foundation
import Testing

@testable import Oracle

/// `kkt`'s solver against closed forms and exact metamorphic relations [D], on seeded random
/// problems (the seed is in every message). Expected values come from formulas written here with
/// plain rational loops, never from the solver.
@Suite struct KKTTests {
    /// A random problem: `n` points, `P` parameters, small dyadic numbers, positive margins.
    static func randomProblem(_ seed: UInt64, n: Int, p: Int, order: Double = 2) throws -> KKTProblem {
        var g = SplitMix64(seed: seed)
        func value() -> Double { Double(Int(g.below(33)) - 16) / 8 }
        var theta = (0..<p).map { _ in value() }
        if theta.allSatisfy({ $0 == 0 }) { theta[0] = 1 }
        let margins = (0..<n).map { _ in Double(1 + g.below(4)) / 2 }
        let rows = (0..<n).map { _ in (0..<p).map { _ in value() } }
        // A thrown error (not `try!`): a solver or validator that wrongly refuses a problem fails the test
        // with a recorded issue instead of crashing the test process.
        return try KKTProblem(parameters: theta, margins: margins, marginGradients: rows, order: order)
    }

    static func exact(_ v: [Double]) -> [Rational] { v.map { Rational(exactly: $0)! } }
    static func dot(_ a: [Rational], _ b: [Rational]) -> Rational {
        zip(a, b).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
    }

    /// One active point (the others' margins are far above): the l2 residual is the sine of the
    /// angle between theta and g when `theta . g > 0` (projection onto a ray), else 1.
    @Test func l2SingleActivePointIsTheSineOfTheAngle() throws {
        for i in 0..<40 {
            let seed = TestSeeds.seed(i, 0x4B4B_5401)
            var problem = try Self.randomProblem(seed, n: 3, p: 1 + i % 5)
            problem.margins = [1, 5, 7]
            let c = try KKTSolver.solve(problem, geometry: .l2, tolerance: 1e-3)
            let t = Self.exact(problem.parameters)
            let g = Self.exact(problem.marginGradients[0])
            let tg = Self.dot(t, g)
            let gg = Self.dot(g, g)
            let expected = tg.signum > 0 && gg.signum > 0 ? .one - tg * tg / (Self.dot(t, t) * gg) : Rational.one
            #expect(c.exact && c.upper == expected, "seed \(seed): \(c.upper) vs \(expected)")
            #expect(c.multipliers.points.allSatisfy { $0 == 0 }, "seed \(seed): a multiplier on an inactive point")
        }
    }

    /// One active point and one maximal coordinate `i` (`tau = 0`): `min_{nu >= 0} |s_i - nu g_i| +
    /// nu sum_{j != i} |g_j|` is `min(1, sum_{j != i} |g_j| / |g_i|)` when `s_i g_i > 0`, else 1.
    @Test func linfSingleActivePointClosedForm() throws {
        for i in 0..<40 {
            let seed = TestSeeds.seed(i, 0x4B4B_5402)
            var problem = try Self.randomProblem(seed, n: 2, p: 2 + i % 5)
            problem.margins = [1, 9]
            let magnitudes = problem.parameters.map { abs($0) }
            let top = magnitudes.max()!
            guard magnitudes.filter({ $0 == top }).count == 1 else { continue }
            let k = magnitudes.firstIndex(of: top)!
            let c = try KKTSolver.solve(problem, geometry: .linf, tolerance: 0)
            let g = Self.exact(problem.marginGradients[0])
            let others = g.indices.filter { $0 != k }.reduce(Rational.zero) { $0 + g[$1].magnitude }
            let aligned = (problem.parameters[k] > 0) == (g[k].signum > 0) && !g[k].isZero
            let expected = aligned ? min(.one, others / g[k].magnitude) : Rational.one
            #expect(c.exact && c.upper == expected, "seed \(seed): \(c.upper) vs \(expected)")
        }
    }

    /// One active point, no zero coordinate (`tau = 0`, every theta_j != 0): the l1 residual is
    /// `min_{nu >= 0} max_j |s_j - nu g_j|`, a convex piecewise-linear function of one variable,
    /// minimized at 0 or at a breakpoint (a zero of one piece, or two pieces crossing).
    @Test func l1SingleActivePointClosedForm() throws {
        for i in 0..<40 {
            let seed = TestSeeds.seed(i, 0x4B4B_5403)
            var problem = try Self.randomProblem(seed, n: 2, p: 2 + i % 4)
            problem.margins = [1, 9]
            problem.parameters = problem.parameters.map { $0 == 0 ? 0.5 : $0 }
            let c = try KKTSolver.solve(problem, geometry: .l1, tolerance: 0)
            let s = problem.parameters.map { Rational($0 > 0 ? 1 : -1) }
            let g = Self.exact(problem.marginGradients[0])
            func value(_ nu: Rational) -> Rational {
                s.indices.map { (s[$0] - nu * g[$0]).magnitude }.max()!
            }
            var candidates: [Rational] = [.zero]
            for j in g.indices where !g[j].isZero { candidates.append(s[j] / g[j]) }
            for j in g.indices {
                for k in g.indices where k > j {
                    for sign in [Rational.one, -Rational.one] where g[j] != sign * g[k] {
                        candidates.append((s[j] - sign * s[k]) / (g[j] - sign * g[k]))
                    }
                }
            }
            let expected = candidates.filter { $0.signum >= 0 }.map(value).min()!
            #expect(c.exact && c.upper == expected, "seed \(seed): \(c.upper) vs \(expected)")
        }
    }

    /// The linear model on D3 (`theta = w`, `q_n = z_n . w`, `grad q_n = z_n`, L = 1): the problem is
    /// convex, so KKT points are exactly the max-margin directions (SPEC.md 7.1). The l-infinity
    /// optimum `(1, 1, 3/4)` is a KKT point in l-infinity (residual exactly 0) and not in l2, whose
    /// optimum it is not (negative control); the l2 optimum, rounded to doubles, is one in l2.
    @Test func linearOptimaOnD3AreKKTPointsInTheirOwnGeometryOnly() throws {
        let d3 = ReferenceData.d3
        func problem(_ w: [Double]) throws -> KKTProblem {
            let z = d3.signedPoints
            return try KKTProblem(
                parameters: w, margins: z.map { zip($0, w).reduce(0) { $0 + $1.0 * $1.1 } }, marginGradients: z,
                order: 1)
        }
        let linf = try problem([1, 1, 0.75])
        let inLinf = try KKTSolver.solve(linf, geometry: .linf, tolerance: 1e-3)
        #expect(inLinf.exact && inLinf.upper == .zero)
        let inL2 = try KKTSolver.solve(linf, geometry: .l2, tolerance: 1e-3)
        #expect(inL2.exact && inL2.upper > Rational(1, 100))
        let wHat = try MaxMarginSolver.solve(d3, norm: .l2).weights
        let l2 = try KKTSolver.solve(try problem(wHat), geometry: .l2, tolerance: 1e-3)
        #expect(l2.exact && l2.upper < Rational(1, 1 << 60), "\(l2.upper.doubleValue)")
        let inLinfAgain = try KKTSolver.solve(try problem(wHat), geometry: .linf, tolerance: 1e-3)
        #expect(inLinfAgain.upper > Rational(1, 100))
    }

    /// Ties at the largest magnitude: `theta = (1, -1, 1/2)`, one active point with gradient `e_0`.
    /// In l-infinity `w = e_0`, `mu = 1` make the residual 0; in l2 the residual is the part of theta
    /// off `e_0`, `sqrt(5/4) / sqrt(9/4)`; in l1 (no zero coordinate) `min_nu max(|1 - nu|, 1, 1)` = 1 [D].
    @Test func tiedMaximalCoordinatesByHand() throws {
        let problem = try KKTProblem(
            parameters: [1, -1, 0.5], margins: [1, 2], marginGradients: [[1, 0, 0], [0, 1, 0]], order: 2)
        let linf = try? KKTSolver.solve(problem, geometry: .linf, tolerance: 1e-3)
        #expect(linf?.exact == true && linf?.upper == .zero, "\(String(describing: linf))")
        let l2 = try? KKTSolver.solve(problem, geometry: .l2, tolerance: 1e-3)
        #expect(l2?.exact == true && l2?.upper == Rational(5, 9), "\(String(describing: l2?.upper))")
        let l1 = try? KKTSolver.solve(problem, geometry: .l1, tolerance: 1e-3)
        #expect(l1?.exact == true && l1?.upper == .one, "\(String(describing: l1?.upper))")
    }

    /// The document's doubles at the normalized point, recomputed here in floating point from the
    /// definition (README "kkt"), not from the checker: `theta~ = theta / q_min^(1/L)`, gradients
    /// `q_min^(-(L-1)/L) g_n`, the reported `lambda` give a residual `||theta~|| s - sum lambda_n grad
    /// q_n(theta~)` whose relative norm is `epsilon` (l2), `delta = sum lambda_n (q_n / q_min - 1)`, and
    /// `normalized_margin = q_min / ||theta||^L`.
    @Test func reportedMultipliersLiveAtTheNormalizedPoint() throws {
        for i in 0..<24 {
            let seed = TestSeeds.seed(i, 0x4B4B_5405)
            let order = Double(1 + i % 4)
            var problem = try Self.randomProblem(seed, n: 6, p: 4, order: order)
            problem.margins = problem.margins.map { $0 * 3 }
            let c = try KKTSolver.solve(problem, geometry: .l2, tolerance: 0.6)
            let d = KKTDocument(problem: problem, certificate: c, tolerance: 0.6, input: nil, embed: true)
            let qMin = problem.margins.min()!
            let c0 = pow(qMin, 1 / order)
            let thetaN = problem.parameters.map { $0 / c0 }
            var r = thetaN
            var delta = 0.0
            for (n, lambda) in zip(d.support, d.multipliers) {
                for j in r.indices { r[j] -= lambda * problem.marginGradients[n][j] * pow(qMin, -(order - 1) / order) }
                delta += lambda * (problem.margins[n] / qMin - 1)
            }
            let eps = Norm.l2.value(r) / Norm.l2.value(thetaN)
            #expect(abs(eps - d.epsilon) <= 1e-9, "seed \(seed), L = \(order): \(eps) vs \(d.epsilon)")
            #expect(abs(delta - d.delta) <= 1e-9 * max(1, abs(delta)), "seed \(seed), L = \(order): delta")
            let margin = qMin / pow(Norm.l2.value(problem.parameters), order)
            #expect(abs(margin - d.normalizedMargin) <= 1e-12 * margin, "seed \(seed): normalized margin")
        }
    }

    /// Mixed scales inside the rows: `g_1 = (1, e)`, `g_2 = (1, -e)`, `theta = (1, e/2)` with `e = 1e-20`,
    /// so `theta = (3/4) g_1 + (1/4) g_2` exactly and the residual is exactly 0 [D]. In floating point
    /// the Gram matrix is singular (`1 + e^2 = 1`), Lawson-Hanson stops at `{g_1}`, and only the exact
    /// repair (adding the point it finds violated) reaches the optimum.
    @Test func mixedScalesNeedTheExactRepair() throws {
        let e = 1e-20
        let problem = try KKTProblem(
            parameters: [1, e / 2], margins: [1, 1], marginGradients: [[1, e], [1, -e]], order: 1)
        let c = try KKTSolver.solve(problem, geometry: .l2, tolerance: 1e-3)
        #expect(c.exact && c.upper == .zero, "\(c.lower.doubleValue) .. \(c.upper.doubleValue)")
        #expect(c.multipliers.weights == [Rational(3, 4), Rational(1, 4)], "\(c.multipliers.weights)")
    }

    /// The tolerance sets are relative to `||theta||_inf` and `q_min`, each where the README says:
    /// `theta = (1, 1/100)`, `q = (1/10, 5)`, one active point with gradient `(1, 1/2)`, `tau = 1/20`. In l1
    /// the second coordinate counts as zero (`1/100 <= tau ||theta||_inf`), so `u_1 = 1/2`, `nu = 1` give
    /// residual 0; were it not zero, the best would be `min_nu max(|1 - nu|, |1 - nu/2|) = 1/3` [D].
    @Test func toleranceSetsAreRelativeToTheirScales() throws {
        let problem = try KKTProblem(
            parameters: [1, 0.01], margins: [0.1, 5], marginGradients: [[1, 0.5], [0, 1]], order: 2)
        let l1 = try KKTSolver.solve(problem, geometry: .l1, tolerance: 0.05)
        #expect(l1.exact && l1.upper == .zero, "\(l1.upper)")
        let strict = try KKTSolver.solve(problem, geometry: .l1, tolerance: 0)
        #expect(strict.exact && strict.upper == Rational(1, 3), "\(strict.upper)")
        // The active set: q_n <= (1 + tau) q_min with q_min = 1/10; the point at 5 is active only for
        // tau >= 49, which the [0, 1) range excludes.
        #expect(KKTSets(problem, geometry: .l2, tolerance: Rational(99, 100))?.active == [0])
        var near = problem
        near.margins = [0.1, 0.1049]
        #expect(KKTSets(near, geometry: .l2, tolerance: Rational(1, 20))?.active == [0, 1])
        #expect(KKTSets(near, geometry: .l2, tolerance: Rational(1, 25))?.active == [0])
        // l-infinity: |theta_i| >= (1 - tau) ||theta||_inf.
        #expect(KKTSets(problem, geometry: .linf, tolerance: Rational(99, 100))?.special == [0, 1])
        #expect(KKTSets(problem, geometry: .linf, tolerance: Rational(98, 100))?.special == [0])
    }

    /// Each set's rule at its exact edge (README `kkt`, the definitions in `KKTSets`): `q_n = (1 + tau) q_min`
    /// is active, `|theta_i| = (1 - tau) ||theta||_inf` is maximal, `|theta_i| = tau ||theta||_inf` is zero,
    /// and each is out for the next smaller tau (2^-60 less); `q_min = 0` (a misclassified point) and
    /// `tau = 1` give no sets, the smallest positive margin and the largest tau below 1 do. The scales are
    /// not 1 (`q_min = 3`, `||theta||_inf = 2`), where a rule missing its factor would agree.
    @Test func everySetAtItsExactEdge() throws {
        let problem = try KKTProblem(
            parameters: [2, 1, 0.5], margins: [3, 4.5, 9], marginGradients: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
            order: 1)
        let tiny = try #require(Rational(exactly: 0x1p-60))
        #expect(KKTSets(problem, geometry: .l2, tolerance: Rational(1, 2))?.active == [0, 1])
        #expect(KKTSets(problem, geometry: .l2, tolerance: Rational(1, 2) - tiny)?.active == [0])
        #expect(KKTSets(problem, geometry: .linf, tolerance: Rational(1, 2))?.special == [0, 1])
        #expect(KKTSets(problem, geometry: .linf, tolerance: Rational(1, 2) - tiny)?.special == [0])
        #expect(KKTSets(problem, geometry: .l1, tolerance: Rational(1, 4))?.special == [2])
        #expect(KKTSets(problem, geometry: .l1, tolerance: Rational(1, 4) - tiny)?.special == [])
        var zero = problem
        zero.margins = [0, 4.5, 9]
        #expect(KKTSets(zero, geometry: .l2, tolerance: .zero) == nil)
        zero.margins = [5e-324, 4.5, 9]
        #expect(KKTSets(zero, geometry: .l2, tolerance: .zero)?.active == [0])
        #expect(KKTSets(problem, geometry: .l2, tolerance: .one) == nil)
        #expect(KKTSets(problem, geometry: .l2, tolerance: .one - tiny)?.active == [0, 1])
        #expect(KKTSets(problem, geometry: .l2, tolerance: .zero - tiny) == nil)
    }

    /// Extreme scales: theta near 1e-200 (whose squares underflow) gives a finite, verifying document;
    /// a normalized margin beyond the double range (1e600) is named by `nonFinite`, which `kkt`
    /// refuses with a sentence instead of writing a document JSON cannot hold.
    @Test func extremeScalesEitherVerifyOrAreNamed() throws {
        let tiny = try KKTProblem(
            parameters: [1e-200, 2e-200], margins: [1e-300, 2e-300], marginGradients: [[1e-100, 0], [0, 1e-100]],
            order: 3)
        for geometry in Norm.allCases {
            let c = try KKTSolver.solve(tiny, geometry: geometry, tolerance: 1e-3)
            let d = KKTDocument(problem: tiny, certificate: c, tolerance: 1e-3, input: nil, embed: true)
            #expect(d.nonFinite == nil && d.problems().isEmpty, "\(geometry): \(d.problems())")
        }
        let huge = try KKTProblem(
            parameters: [1e-300, 1e-300], margins: [1e-300, 1e-300], marginGradients: [[1, 0], [0, 1]], order: 3)
        let c = try KKTSolver.solve(huge, geometry: .l2, tolerance: 1e-3)
        let d = KKTDocument(problem: huge, certificate: c, tolerance: 1e-3, input: nil, embed: true)
        #expect(d.nonFinite?.contains("normalized_margin") == true, "\(String(describing: d.nonFinite))")
    }

    /// Exactness: on random problems with several active points the witnesses prove equal bounds
    /// in every geometry (the checker, not the solver, computes them), and they do not change under
    /// the homogeneity scaling `theta -> 2^k theta`, `q -> 2^(kL) q`, `grad q -> 2^(k(L-1)) grad q`
    /// (exact for powers of two) or a permutation of the points [D].
    @Test func exactBoundsInvariantUnderScalingAndPermutation() throws {
        for i in 0..<24 {
            let seed = TestSeeds.seed(i, 0x4B4B_5404)
            let order = Double(1 + i % 3)
            var problem = try Self.randomProblem(seed, n: 3 + i % 6, p: 2 + i % 7, order: order)
            problem.margins = problem.margins.map { $0 >= 1.5 ? 1 : $0 }  // several active points
            let k = Double(i % 5) - 2
            let scaled = try KKTProblem(
                parameters: problem.parameters.map { $0 * pow(2, k) },
                margins: problem.margins.map { $0 * pow(2, k * order) },
                marginGradients: problem.marginGradients.map { $0.map { $0 * pow(2, k * (order - 1)) } }, order: order)
            let permutation = Array(problem.margins.indices.reversed())
            let permuted = try KKTProblem(
                parameters: problem.parameters, margins: permutation.map { problem.margins[$0] },
                marginGradients: permutation.map { problem.marginGradients[$0] }, order: order)
            for geometry in Norm.allCases {
                let a = try KKTSolver.solve(problem, geometry: geometry, tolerance: 1e-3)
                let b = try KKTSolver.solve(scaled, geometry: geometry, tolerance: 1e-3)
                let c = try KKTSolver.solve(permuted, geometry: geometry, tolerance: 1e-3)
                #expect(a.exact, "seed \(seed) \(geometry): bounds \(a.lower) < \(a.upper)")
                #expect(a.upper == b.upper && a.lower == b.lower, "seed \(seed) \(geometry): scaling by 2^\(k)")
                #expect(a.upper == c.upper && a.lower == c.lower, "seed \(seed) \(geometry): permutation")
            }
        }
    }

    /// Refusals: a misclassified point, a tolerance outside [0, 1), and malformed arrays, each with a
    /// sentence naming what is wrong.
    @Test func refusals() throws {
        var problem = try Self.randomProblem(7, n: 3, p: 2)
        problem.margins[1] = -0.5
        #expect(throws: OracleError.self) { try KKTSolver.solve(problem, geometry: .l2, tolerance: 1e-3) }
        do {
            _ = try KKTSolver.solve(problem, geometry: .l2, tolerance: 1e-3)
        } catch {
            #expect("\(error)".contains("Point 1"), "\(error)")
        }
        let fine = try Self.randomProblem(7, n: 3, p: 2)
        for tau in [-0.1, 1, 2, .nan] {
            #expect(throws: OracleError.self) { try KKTSolver.solve(fine, geometry: .linf, tolerance: tau) }
        }
        let cases: [(() throws -> KKTProblem, String)] = [
            (
                { try KKTProblem(parameters: [1, 2], margins: [1], marginGradients: [[1]], order: 2) },
                "margin_gradients[0]"
            ),
            ({ try KKTProblem(parameters: [1, 2], margins: [1, 2], marginGradients: [[1, 2]], order: 2) }, "1 rows"),
            (
                { try KKTProblem(parameters: [1, .nan], margins: [1], marginGradients: [[1, 2]], order: 2) },
                "parameters[1]"
            ),
            (
                { try KKTProblem(parameters: [1, 2], margins: [.infinity], marginGradients: [[1, 2]], order: 2) },
                "margins[0]"
            ),
            ({ try KKTProblem(parameters: [1, 2], margins: [1], marginGradients: [[1, .nan]], order: 2) }, "[0][1]"),
            ({ try KKTProblem(parameters: [1, 2], margins: [1], marginGradients: [[1, 2]], order: 0) }, "order"),
            ({ try KKTProblem(parameters: [0, 0], margins: [1], marginGradients: [[1, 2]], order: 1) }, "all zero"),
            ({ try KKTProblem(parameters: [], margins: [1], marginGradients: [[]], order: 1) }, "parameters is empty"),
        ]
        for (make, phrase) in cases {
            do {
                _ = try make()
                Issue.record("accepted a malformed problem (expected a message with '\(phrase)')")
            } catch {
                #expect("\(error)".contains(phrase), "\(error)")
            }
        }
    }
}

extension KKTTests {
    /// README (`kkt`): the active-set tolerance is in [0, 1) and every margin must be positive. A
    /// certificate computed at a valid tolerance and replayed with tolerance exactly 1, or against the
    /// same problem with one margin set to exactly 0, is refused by the checker naming the rule.
    @Test("the checker refuses a tolerance of exactly 1 and a margin of exactly 0")
    func checkerRefusesTheEdges() throws {
        let problem = try Self.randomProblem(TestSeeds.seed(0, 0x4B4B_5410), n: 3, p: 3)
        for geometry in [Norm.l2, .linf, .l1] {
            var c = try KKTSolver.solve(problem, geometry: geometry, tolerance: 1e-3)
            #expect(KKTChecker.verify(c, against: problem).valid, "\(geometry)")
            c.tolerance = .one
            let atOne = KKTChecker.verify(c, against: problem)
            #expect(!atOne.valid && atOne.reason?.contains("must be in [0, 1)") == true, "\(geometry): \(atOne)")
            c.tolerance = Rational(exactly: 1e-3)!
            var zeroMargin = problem
            zeroMargin.margins[2] = 0
            let atZero = KKTChecker.verify(c, against: zeroMargin)
            #expect(!atZero.valid && atZero.reason?.contains("every margin positive") == true, "\(geometry): \(atZero)")
        }
    }

    /// The smallest valid problems (one parameter, one point) are valid: the size rules are `>= 1`.
    @Test("a problem of one parameter and one point is valid; empty ones are refused")
    func smallestProblems() throws {
        let one = try KKTProblem(parameters: [2], margins: [1], marginGradients: [[1]], order: 1)
        #expect(one.problem == nil, "\(one.problem ?? "")")
        let c = try KKTSolver.solve(one, geometry: .l2, tolerance: 0)
        #expect(KKTChecker.verify(c, against: one).valid && c.upper == .zero)
        #expect(throws: OracleError.self) {
            try KKTProblem(parameters: [], margins: [1], marginGradients: [[]], order: 1)
        }
        #expect(throws: OracleError.self) {
            try KKTProblem(parameters: [1], margins: [], marginGradients: [], order: 1)
        }
    }
}
