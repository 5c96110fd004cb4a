import Testing

@testable import Oracle

/// Exact simplex pivots, the last resort of the LP layer, on LPs whose optimum is known.
@Suite struct ExactSimplexTests {
    /// max x1 + x2 s.t. x1 + 2 x2 <= 4, 3 x1 + x2 <= 6, x >= 0: optimum 14/5 at (8/5, 6/5) [D].
    static func textbook(maximize: Bool) -> LinearProgram {
        LinearProgram(
            maximize: maximize, objective: [1, 1],
            columnBounds: [.lower(.zero), .lower(.zero)],
            rowBounds: maximize ? [.upper(.r(4)), .upper(.r(6))] : [.lower(.r(4)), .lower(.r(6))],
            rows: [[(0, 1), (1, 2)], [(0, 3), (1, 1)]])
    }

    static let slackBasis = Basis(rows: [.basic, .basic], columns: [.atLower, .atLower])

    @Test("primal pivots from a feasible, non-optimal vertex reach the exact optimum")
    func primalPivots() throws {
        let (solution, _) = try #require(ExactSimplex.repair(Self.textbook(maximize: true), from: Self.slackBasis))
        #expect(solution.objective == .r(14, 5))
        #expect(solution.columnValues == [.r(8, 5), .r(6, 5)])
    }

    @Test("dual pivots from a dual-feasible, infeasible basis reach the exact optimum")
    func dualPivots() throws {
        let (solution, _) = try #require(ExactSimplex.repair(Self.textbook(maximize: false), from: Self.slackBasis))
        #expect(solution.objective == .r(14, 5))
    }

    @Test("randomized: from the slack basis, exact pivots find the same optimum as GLPK plus exact certification")
    func agreesWithCertifiedSolve() throws {
        for i in 0..<40 {
            var g = SplitMix64(seed: TestSeeds.seed(i, 51))
            let m = 1 + g.below(5)
            let n = 1 + g.below(5)
            var rows: [[(column: Int, value: Double)]] = []
            for _ in 0..<m {
                var row: [(column: Int, value: Double)] = []
                for j in 0..<n {
                    let a = Double(g.below(7)) - 2
                    if a != 0 { row.append((j, a)) }
                }
                if row.isEmpty { row.append((0, 1)) }
                rows.append(row)
            }
            let lp = LinearProgram(
                maximize: true, objective: (0..<n).map { _ in Double(g.below(9)) - 4 },
                columnBounds: [LinearProgram.Bound](repeating: .range(.zero, .r(10)), count: n),
                rowBounds: (0..<m).map { _ in .upper(.r(1 + g.below(8))) }, rows: rows)
            let start = Basis(
                rows: [BasisStatus](repeating: .basic, count: m), columns: [BasisStatus](repeating: .atLower, count: n))
            let (pivoted, _) = try #require(ExactSimplex.repair(lp, from: start), "case \(i)")
            let (certified, _) = try LPSolve.certifiedOptimum(lp)
            #expect(pivoted.objective == certified.objective, "case \(i)")
        }
    }
}
