import Foundation
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
