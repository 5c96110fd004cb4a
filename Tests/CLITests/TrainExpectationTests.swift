import Foundation
import Oracle
import Testing

/// `train`'s summary names the limit the README's table assigns to each model and update rule
/// (README, `train`: `gd`/`ngd` l2; `sign`/`adam` linf; `coordinate` l1; diagonal nets the l1 / linf
/// predictor margin; the ensemble the deep part's l1 margin; two-layer nets in the plane the certified
/// global optimum; none where no theorem names one). The limits come from the oracle, called here.
@Suite struct TrainExpectationTests {
    typealias CLI = CLITests

    static func summary(_ arguments: [String]) throws -> [String: Any] {
        let r = try CLI.run(arguments)
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        let line = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return try #require(object?["summary"] as? [String: Any], "\(arguments): \(line)")
    }

    @Test("the summary's expectation for every model and update rule: the README's norm and the oracle's limit")
    func expectationTable() throws {
        let path = try CLI.temporaryFile("d3.json", CLI.d3)
        let d3 = try Dataset(signedPoints: [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 1]])
        func margin(_ norm: Norm) throws -> Double { try MaxMarginSolver.solve(d3, norm: norm).margin }
        let deep = try EnsembleOracle.linearPlusDiagonal(d3)
        let cases: [([String], String?, Double?)] = [
            (["--optimizer", "gd"], "l2", try margin(.l2)), (["--optimizer", "ngd"], "l2", try margin(.l2)),
            (["--optimizer", "loss-scaled"], "l2", try margin(.l2)),
            (["--optimizer", "sign"], "linf", try margin(.linf)), (["--optimizer", "adam"], "linf", try margin(.linf)),
            (["--optimizer", "coordinate"], "l1", try margin(.l1)),
            (["--model", "deep-linear", "--optimizer", "ngd"], "l2", try margin(.l2)),
            (["--model", "deep-linear", "--optimizer", "sign"], nil, nil),
            (["--model", "diagonal", "--optimizer", "ngd"], "l1", try margin(.l1)),
            (["--model", "diagonal", "--optimizer", "sign"], "linf", try margin(.linf)),
            (["--model", "diagonal", "--optimizer", "coordinate"], nil, nil),
            (["--model", "diagonal", "--depth", "3", "--optimizer", "ngd"], nil, nil),
            (
                ["--model", "ensemble", "--optimizer", "ngd"], "l1",
                deep.deepSeparates ? deep.deepMargin.doubleValue : nil
            ),
            (["--model", "ensemble", "--optimizer", "sign"], nil, nil),
            (["--model", "two-layer", "--optimizer", "ngd"], nil, nil),  // D3 is in R^3: no certified limit
        ]
        for (extra, norm, limit) in cases {
            let s = try Self.summary(["train", path, "--steps", "0"] + extra)
            let e = s["expectation"] as? [String: Any]
            if let norm {
                #expect(e?["norm"] as? String == norm, "\(extra): \(e ?? [:])")
                // Within 1e-15 relative: Foundation's JSONSerialization does not always read a double back exactly.
                let l = try #require(limit)
                #expect(
                    (e?["limit"] as? Double).map { abs($0 - l) <= 1e-15 * l } == true,
                    "\(extra): \(e ?? [:]) against the oracle's \(l)")
                #expect((e?["quantity"] as? String)?.hasPrefix("predictor margin") == true, "\(extra)")
            } else {
                #expect(e == nil, "\(extra): a limit where the README names none: \(e ?? [:])")
            }
        }
        // Two-layer nets in the plane: the certified global optimum, the normalized margin.
        let plane = try CLI.temporaryFile(
            "plane.json", #"{"X": [[1, 0], [0, 1], [-1, 0], [0, -1]], "y": [1, 1, -1, -1]}"#)
        let planeData = try Dataset(points: [[1, 0], [0, 1], [-1, 0], [0, -1]], labels: [1, 1, -1, -1])
        let s = try Self.summary(["train", plane, "--steps", "0", "--model", "two-layer", "--leak", "0.25"])
        let e = s["expectation"] as? [String: Any]
        let optimum = try TwoLayerMaxMargin.solve(planeData, leak: 0.25).lower
        #expect((e?["limit"] as? Double).map { abs($0 - optimum) <= 1e-15 * optimum } == true, "\(e ?? [:]) \(optimum)")
        #expect((e?["quantity"] as? String)?.hasPrefix("normalized margin") == true)
    }
}
