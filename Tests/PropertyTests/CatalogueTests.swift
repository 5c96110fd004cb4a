import Foundation
import Oracle
import Testing

@testable import Claims

/// Every claim of the catalogue (SPEC.md section 9) holds for the real trainer. Each claim's checks
/// include its negative control; a failure prints every failing check with the measured value and
/// the bound. The claims' doc comments (Sources/Claims) name the theorem, its provenance tag, the
/// algorithm it covers, and when a faster algorithm is used instead.
@Suite struct CatalogueTests {
    /// The benchmark claims (P9, P11) run on a shorter horizon in `BenchmarkClaimTests`.
    static let ids = Catalogue.all.filter { !$0.benchmark }.map(\.id)

    @Test("the claim holds, and its negative control is told apart", arguments: ids)
    func claimHolds(_ id: String) {
        let report = Catalogue.claim(id)!.run(ClaimContext())
        for check in report.checks where !check.passed {
            Issue.record("\(id) \(report.title) - \(check.name): \(check.detail)")
        }
        #expect(!report.checks.isEmpty)
    }
}

/// Power: the catalogue catches deliberately broken trainers. Each mutation must make at least one
/// claim fail (a suite that cannot fail proves nothing).
@Suite struct MutationPowerTests {
    @Test("every broken trainer is caught by at least one claim", arguments: Mutation.broken)
    func mutationIsCaught(_ mutation: Mutation) {
        var caughtBy: [String] = []
        for claim in Catalogue.all where claim.id != "P1" && !claim.benchmark {
            let report = claim.run(ClaimContext(mutation: mutation))
            if !report.passed { caughtBy.append(claim.id) }
        }
        #expect(!caughtBy.isEmpty, "mutation \(mutation.rawValue) was not caught by any claim")
        print("mutation \(mutation.rawValue) caught by \(caughtBy.joined(separator: " "))")
    }
}

/// The claims' comparison helpers against values written here (a helper that accepts everything
/// would make every bounded check vacuous while the broken trainers are still caught elsewhere).
@Suite struct ClaimHelperTests {
    @Test("within(v, lo, hi) accepts exactly the closed interval; NaN is outside")
    func withinIsAnInterval() {
        #expect(Catalogue.within(0.5, 0, 1) && Catalogue.within(0, 0, 1) && Catalogue.within(1, 0, 1))
        #expect(!Catalogue.within(1.5, 0, 1) && !Catalogue.within(-0.5, 0, 1) && !Catalogue.within(.nan, 0, 1))
    }

    /// SPEC.md C003.2 [D]: on symmetric data the global two-layer optimum is `(1 + alpha) gamma2* / 4`; the
    /// claims' leak is 0.1, so 0.275 gamma2*.
    @Test("the symmetric closed form is (1 + alpha) gamma2*/4 with alpha = 0.1")
    func symmetricClosedForm() {
        #expect(Catalogue.leak == 0.1)
        #expect(abs(Catalogue.symmetricOptimum(l2Margin: 1) - 0.275) <= 1e-16)
        #expect(abs(Catalogue.symmetricOptimum(l2Margin: 0.4) - 0.11) <= 1e-16)
    }

    /// The margin of a direction in another norm (the limit of every negative control's curve, and the
    /// test that decides whether a generated set's controls run), by hand: z = (1, 0), (0, 1), (1, 1),
    /// w = (1, -2) has margins 1, -2, -1, so min / ||w|| is -2/sqrt(5), -2/3, -1 in l2, l1, linf; w = (1, 2)
    /// has margins 1, 2, 3: 1/sqrt(5), 1/3, 1/2. The D3 cross margins are the oracle's directions measured so.
    @Test("the margin of a direction in each norm, by hand; crossMargin is it on the oracle's directions")
    func marginOfADirection() throws {
        let data = try Dataset(signedPoints: [[1, 0], [0, 1], [1, 1]])
        let cases: [([Double], Norm, Double)] = [
            ([1, -2], .l2, -2 / (5.0).squareRoot()), ([1, -2], .l1, -2.0 / 3), ([1, -2], .linf, -1),
            ([1, 2], .l2, 1 / (5.0).squareRoot()), ([1, 2], .l1, 1.0 / 3), ([1, 2], .linf, 0.5),
        ]
        for (w, norm, want) in cases {
            let m = GeneratedProperty.margin(of: w, data, norm)
            #expect(abs(m - want) <= 1e-15, "\(w) \(norm): \(m) vs \(want)")
        }
        // D3's l2 direction measured in linf: its min margin over its own l-infinity norm.
        let w = try MaxMarginSolver.solve(ReferenceSets.d3, norm: .l2).weights
        let q = ReferenceSets.d3.signedPoints.map { z in zip(z, w).map { $0 * $1 }.reduce(0, +) }.min()!
        let cross = try Catalogue.crossMargin(ReferenceSets.d3, optimum: .l2, measured: .linf)
        #expect(abs(cross - q / w.map(abs).max()!) <= 1e-15)
    }
}

/// P20's survey-level judge says no: a survey whose share of missed fragile sets is below
/// `fragileShare` fails, one at the share holds, and below `fragileShareMinimum` sets it judges nothing.
@Suite struct FragilityShareTests {
    static func survey(missed: Int, of count: Int) -> GeneratedSurvey {
        let c = GeneratedProperty.fragileCase(seed: 1)
        let outcomes = (0..<count).map { i in
            GeneratedOutcome(
                id: "P20", generated: c,
                result: GeneratedResult(checks: [], measured: [("missed", i < missed ? 1 : 0)]))
        }
        return GeneratedSurvey(id: "P20", outcomes: outcomes)
    }

    @Test("the fragility share is judged from 40 sets, and a low share fails")
    func shareIsJudged() {
        #expect(GeneratedProperty.fragility(Self.survey(missed: 9, of: 40)).holds == false)
        #expect(GeneratedProperty.fragility(Self.survey(missed: 10, of: 40)).holds == true)
        #expect(GeneratedProperty.fragility(Self.survey(missed: 0, of: 39)).holds == nil)
        #expect(GeneratedProperty.fragility(Self.survey(missed: 0, of: 200)).holds == false)
    }
}

/// The table's gap column: the oracle's limit minus the reached value (positive when the trajectory is
/// still below its limit), as the `reproduce` table and summary.md state it.
@Suite struct ClaimGapTests {
    @Test("gap = limit - reached: 2.5 - 2 = 0.5; nil without a limit or a reached value")
    func gapSign() {
        func report(_ limit: Double?, _ reached: Double?) -> ClaimReport {
            ClaimReport(
                id: "T", title: "t", source: "s", setting: "s", quantity: "q", limit: limit, reached: reached,
                checks: [], series: [], references: [])
        }
        #expect(report(2.5, 2).gap == 0.5)
        #expect(report(1, 1.25).gap == -0.25)
        #expect(report(nil, 1).gap == nil && report(1, nil).gap == nil)
    }
}
