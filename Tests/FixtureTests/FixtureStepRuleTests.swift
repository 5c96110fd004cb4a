import Foundation
import Oracle
import Testing

@testable import FixtureKit

/// The step sizes written into fixtures follow the documented step rule, computed here from the
/// fixture's own data without the package's `StepRule` (README, `generate`): normalized sign descent
/// `0.1 / max_n ||z_n||_1`, coordinate descent `0.01 / max_n ||z_n||_inf`, NGD (and GD and Adam, controls)
/// `0.1 / max_n ||z_n||_2` (issue 20, fifth blind set #16: a generator giving sign descent coordinate
/// descent's step changed only the golden files; the NGD rule was a second copy of `StepRule`'s, untested).
@Suite struct FixtureStepRuleTests {
    static func expected(_ rule: String, _ data: Dataset) -> Double? {
        let l1 = data.signedPoints.map { $0.reduce(0) { $0 + abs($1) } }.max() ?? .nan
        let linf = data.signedPoints.map { $0.reduce(0) { max($0, abs($1)) } }.max() ?? .nan
        let l2 = data.signedPoints.map { $0.reduce(0) { $0 + $1 * $1 }.squareRoot() }.max() ?? .nan
        switch rule {
        case "ngd", "gd", "adam": return 0.1 / l2
        case "sign": return 0.1 / l1
        case "coordinate": return 0.01 / linf
        default: return nil
        }
    }

    /// The generator's rule on data sets of every suite's kind (the kinds of the committed fixtures: random,
    /// symmetric, non-unique, reference), and every phase of the generated non-unique suite.
    @Test("the generator's NGD, GD, Adam, sign and coordinate steps are the documented step rule")
    func stepsFollowTheRule() throws {
        let sets = [
            try Dataset(points: [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 1]], labels: [1, 1, -1, 1]),
            RandomDatasets.planted(n: 20, d: 5, margin: 0.05, seed: 3),
            RandomDatasets.planted(n: 7, d: 12, margin: 0.1, seed: 4),
        ]
        for data in sets {
            for rule in ["sign", "coordinate", "ngd", "gd", "adam"] {
                let want = try #require(Self.expected(rule, data))
                let step = FixtureGenerator.stepSize(rule, data)
                #expect(abs(step - want) <= 1e-12 * want, "\(rule) step \(step), the rule gives \(want)")
            }
        }
        var checked: [String: Int] = [:]
        for f in try FixtureGenerator.fixtures(suite: "nonunique", seed: 20_261_127) {
            for e in f.expectations {
                let phases = e.training.phases.map { ($0.optimizer, $0.stepSize) }
                for (rule, step) in [(e.training.optimizer, e.training.stepSize)] + phases {
                    guard let want = Self.expected(rule, f.data) else { continue }
                    checked[rule, default: 0] += 1
                    #expect(
                        abs(step - want) <= 1e-12 * want,
                        "\(f.id) \(e.id): \(rule) step \(step), the rule gives \(want)")
                }
            }
        }
        #expect(checked["sign"] != nil && checked["coordinate"] != nil, "sign or coordinate unchecked: \(checked)")
    }
}
