import FixtureKit
import Foundation
import Oracle
import Testing

/// `check`'s rules exactly at their edges (README, "Using the fixtures"): a gap of exactly one
/// tolerance passes and the next double above fails; a failure names a recorded control when the
/// reached value is within half of that control's distance from the limit, the edge included. The
/// expectation's numbers are set here so that each comparison is exact in doubles.
@Suite struct CheckEdgeTests {
    static func setUp() throws -> (Fixture, Int, SubmittedWeights, Double) {
        let f = try CheckJudgementTests.fixture("reference/reference-D3.json")
        let i = try #require(f.expectations.firstIndex { $0.id == "ngd-linear-l2" })
        let w = SubmittedWeights(predictor: try #require(f.oracle.l2?.weights))
        let reached = try #require(try FixtureChecker.check(f, weights: w, expectationID: "ngd-linear-l2").reached)
        #expect(reached > 0)
        return (f, i, w, reached)
    }

    @Test("a gap of exactly one tolerance passes; one ulp more fails naming the tolerance")
    func toleranceEdge() throws {
        var (f, i, w, r) = try Self.setUp()
        f.expectations[i].limit = 2 * r
        f.expectations[i].tolerance = f.expectations[i].limit - r
        let atEdge = try FixtureChecker.check(f, weights: w, expectationID: "ngd-linear-l2")
        #expect(atEdge.gap == f.expectations[i].tolerance)
        #expect(atEdge.passed, "\(atEdge.reasons)")
        f.expectations[i].tolerance = f.expectations[i].tolerance.nextDown
        let past = try FixtureChecker.check(f, weights: w, expectationID: "ngd-linear-l2")
        #expect(!past.passed && past.reasons.joined().contains("more than the tolerance"), "\(past.reasons)")
    }

    /// Limit `2r`, one control that reached 0: the reached value `r` is at distance `r` from the control,
    /// exactly half of the control's distance `2r` from the limit, so the control is named; with the
    /// limit one ulp lower the half distance falls below `r` and no control is named.
    @Test("the resembled control: named at exactly half its distance from the limit, not past it")
    func resemblesEdge() throws {
        var (f, i, w, r) = try Self.setUp()
        var control = try #require(f.expectations[i].controls.first)
        control.reached = 0
        f.expectations[i].controls = [control]
        f.expectations[i].tolerance = r / 4
        f.expectations[i].limit = 2 * r
        let atEdge = try FixtureChecker.check(f, weights: w, expectationID: "ngd-linear-l2")
        #expect(!atEdge.passed && atEdge.resembles == control.description, "\(atEdge.reasons)")
        f.expectations[i].limit = (2 * r).nextDown
        let past = try FixtureChecker.check(f, weights: w, expectationID: "ngd-linear-l2")
        #expect(!past.passed && past.resembles == nil, "\(past.reasons)")
    }

    /// README: `reached` above `limit (1 + 1e-9) + 1e-12` is impossible and fails. A limit whose bound
    /// equals the reached value exactly (searched among neighbouring doubles) passes; one ulp lower fails.
    @Test("a reached value exactly at the impossibility bound passes; one ulp lower limit fails")
    func aboveTheOptimumEdge() throws {
        var (f, i, w, r) = try Self.setUp()
        var limit = (r - 1e-12) / (1 + 1e-9)
        var tries = 0
        while limit * (1 + 1e-9) + 1e-12 != r && tries < 64 {
            limit = limit * (1 + 1e-9) + 1e-12 < r ? limit.nextUp : limit.nextDown
            tries += 1
        }
        try #require(limit * (1 + 1e-9) + 1e-12 == r, "no limit maps exactly onto \(r)")
        f.expectations[i].limit = limit
        f.expectations[i].tolerance = 1
        let atEdge = try FixtureChecker.check(f, weights: w, expectationID: "ngd-linear-l2")
        #expect(atEdge.passed, "\(atEdge.reasons)")
        f.expectations[i].limit = limit.nextDown
        let past = try FixtureChecker.check(f, weights: w, expectationID: "ngd-linear-l2")
        #expect(!past.passed && past.reasons.joined().contains("exceeds the certified optimum"), "\(past.reasons)")
    }
}
