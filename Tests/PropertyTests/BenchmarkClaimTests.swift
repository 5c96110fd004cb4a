import Foundation
import Testing

@testable import Claims

/// The benchmark claims (P9, P11: 1e7 and 1e6 steps in `reproduce`) on a shorter horizon, controls
/// included: the same checks and bands, up to 1e5 steps. The full horizon is measured by `reproduce`
/// (README: the claim table).
@Suite struct BenchmarkClaimTests {
    @Test(
        "P9 and P11 up to 1e5 steps: the claim holds and its negative control is told apart", arguments: ["P9", "P11"])
    func shortHorizonHolds(_ id: String) {
        let claim = id == "P9" ? Catalogue.p9(lastDecade: 5) : Catalogue.p11(lastDecade: 5)
        let report = claim.run(ClaimContext())
        for check in report.checks where !check.passed {
            Issue.record("\(id) \(report.title) - \(check.name): \(check.detail)")
        }
        if ProcessInfo.processInfo.environment["MARGIN_ORACLE_MEASURE"] != nil {
            for decade in [5, id == "P9" ? 7 : 6] {
                let r = (id == "P9" ? Catalogue.p9(lastDecade: decade) : Catalogue.p11(lastDecade: decade)).run(
                    ClaimContext())
                for check in r.checks { print("MEASURE \(id) 1e\(decade) \(check.name): \(check.detail)") }
            }
        }
        #expect(report.checks.count >= 5)
    }
}
